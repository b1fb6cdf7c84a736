#pragma once
#include <memory>
#include <string>

#include "kith/store/store.hpp"

namespace kith::store {
// WAL, foreign keys on, busy timeout; one writer, pooled readers.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const StoreOptions& options);
// Applies pending migrations up to `version` only (see migrate_store_to).
Result<int> migrate_sqlite_store_to(Store& s, int version);
}  // namespace kith::store
