#pragma once
#include <memory>
#include <string>

#include "kith/store/store.hpp"

namespace kith::store {
// WAL, foreign keys on, busy timeout; one writer, pooled readers.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const StoreOptions& options);
}  // namespace kith::store
