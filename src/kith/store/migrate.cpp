#include "kith/store/migrate.hpp"

#include <fmt/format.h>

#include "kith/core/time.hpp"
#include "kith/store/store.hpp"
#include "kith/store/value.hpp"

namespace kith::store {
namespace {

constexpr std::string_view kCreateLedger =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TEXT NOT NULL)";

Result<void> apply_one(Connection& c, const Migration& m) {
  KITH_TRY(c.exec("BEGIN"));
  auto body = c.exec(m.sql);
  if (body.ok()) {
    auto rec = execute(c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                       {int64_t{m.version}, std::string(m.name), now_utc_iso()});
    if (rec.ok()) return c.exec("COMMIT");
    body = rec.error();
  }
  (void)c.exec("ROLLBACK");
  Error e = body.error();
  e.message = fmt::format("Migration {} ({}) failed: {}", m.version, m.name, e.message);
  return e;
}

}  // namespace

Result<int> current_schema_version(Connection& c) {
  KITH_TRY(c.exec(kCreateLedger));
  auto st = c.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!st) return st.error();
  auto row = (*st)->step();
  if (!row) return row.error();
  int version = 0;
  if (*row) {
    version = static_cast<int>(integer_of((*st)->column(0)));
  }
  (*st)->reset();
  return version;
}

Result<int> run_migrations(Connection& c) {
  auto have = current_schema_version(c);
  if (!have) return have.error();
  auto all = migrations();
  int newest = all.empty() ? 0 : all.back().version;
  if (*have > newest)
    return Error{Errc::conflict,
                 fmt::format("The database has schema version {} but this kith knows only up to {}; "
                             "use a newer kith",
                             *have, newest),
                 {}, 0};
  int ran = 0;
  for (const auto& m : all) {
    if (m.version <= *have) continue;
    KITH_TRY(apply_one(c, m));
    ++ran;
  }
  return ran;
}

}  // namespace kith::store
