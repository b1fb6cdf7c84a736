#pragma once
// The migration runner both engines share: schema_migrations records what ran;
// each pending migration runs in its own transaction with its record.
#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

// Applies pending migrations; returns how many ran. Refuses a database whose
// schema is newer than this binary knows. The caller must not hold a transaction.
Result<int> run_migrations(Connection& c);
// Highest applied version, 0 for an empty database.
Result<int> current_schema_version(Connection& c);

}  // namespace kith::store
