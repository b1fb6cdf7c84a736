#pragma once
// One storage interface, two engines (sqlite/, postgres/). The store hands out
// pooled connections inside transactions; everything above it speaks SQL only
// through Repository (repository.hpp), so both engines pass one test suite.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

struct StoreOptions {
  int pool_size = 8;            // connections kept for concurrent requests
  int busy_timeout_ms = 5000;   // SQLite: wait this long for the write lock
  bool migrate = true;          // apply pending migrations on open
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::string_view engine() const = 0;  // "sqlite" or "postgresql"
  // Applies pending migrations in order, each in its own transaction; returns how many ran.
  virtual Result<int> migrate() = 0;
  virtual Result<int> schema_version() = 0;
  // Runs fn inside one transaction: committed when fn succeeds, rolled back
  // otherwise (and on exceptions). Writers are serialised per database.
  virtual Result<void> write(const std::function<Result<void>(Connection&)>& fn) = 0;
  // As write, for a bulk load whose caller has itself made sure that every
  // reference it writes names a live row in the transaction (the importer
  // resolves each end in memory). SQLite then skips its per-row foreign-key
  // lookups for this one transaction: on a million ties they cost more than
  // the inserts. PostgreSQL checks as always, but runs each statement without
  // a savepoint of its own (a round trip per row): a failed statement fails
  // the transaction, so fn must return its first error, as the importer does.
  virtual Result<void> write_bulk(const std::function<Result<void>(Connection&)>& fn) = 0;
  // A consistent read-only snapshot.
  virtual Result<void> read(const std::function<Result<void>(Connection&)>& fn) = 0;
  // Online backup to a new SQLite file (SQLite engine) or an error naming pg_dump.
  virtual Result<void> backup(const std::string& path) = 0;
};

// "postgresql://..." or "postgres://..." selects PostgreSQL; "sqlite:PATH",
// "file:PATH" or a plain path selects SQLite (parent folder created).
Result<std::unique_ptr<Store>> open_store(std::string_view url, const StoreOptions& options = {});

// The migrations compiled into the binary, in order.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};
std::span<const Migration> migrations();

}  // namespace kith::store
