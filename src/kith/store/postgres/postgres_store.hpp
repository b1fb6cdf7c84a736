#pragma once
#include <memory>
#include <string>

#include "kith/store/store.hpp"

namespace kith::store {
// libpq; a pool of connections; migrations under an advisory lock so several
// `kith serve` processes can share one database.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url, const StoreOptions& options);
// Applies pending migrations up to `version` only (see migrate_store_to).
Result<int> migrate_postgres_store_to(Store& s, int version);
}  // namespace kith::store
