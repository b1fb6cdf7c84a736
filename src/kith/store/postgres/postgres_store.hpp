#pragma once
#include <memory>
#include <string>

#include "kith/store/store.hpp"

namespace kith::store {
// libpq; a pool of connections; migrations under an advisory lock so several
// `kith serve` processes can share one database.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url, const StoreOptions& options);
}  // namespace kith::store
