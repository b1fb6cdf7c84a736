#include "kith/store/store.hpp"

#include "kith/store/postgres/postgres_store.hpp"
#include "kith/store/sqlite/sqlite_store.hpp"

namespace kith::store {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

Result<std::unique_ptr<Store>> open_store(std::string_view url, const StoreOptions& options) {
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://"))
    return open_postgres_store(std::string(url), options);
  std::string_view path = url;
  for (std::string_view prefix : {"sqlite://", "sqlite:", "file:"})
    if (starts_with(path, prefix)) {
      path.remove_prefix(prefix.size());
      break;
    }
  if (path.empty()) return invalid("db", "Give a database: a file path or a postgresql:// URL");
  return open_sqlite_store(std::string(path), options);
}

}  // namespace kith::store
