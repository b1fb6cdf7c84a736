#pragma once
// The migration runner both engines share: schema_migrations records what ran;
// each pending migration runs in its own transaction with its record.
#include <limits>

#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

// Applies pending migrations; returns how many ran. Refuses a database whose
// schema is newer than this binary knows. The caller must not hold a transaction.
// With `up_to`, stops after that version (tests build old schemas this way).
Result<int> run_migrations(Connection& c, int up_to = std::numeric_limits<int>::max());
// Highest applied version, 0 for an empty database.
Result<int> current_schema_version(Connection& c);

class Store;
// Store::migrate, stopping after `version`: a database left at an older
// schema, for testing the migrations that follow.
Result<int> migrate_store_to(Store& s, int version);

}  // namespace kith::store
