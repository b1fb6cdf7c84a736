#include "kith/store/accounts.hpp"

#include <span>

#include "kith/core/assert.hpp"
#include "kith/store/rows.hpp"
#include "kith/store/value.hpp"

namespace kith::store {
namespace {

using rows::changed;
using rows::each_row;
using rows::text;
using rows::text_or_null;


// The one integer a COUNT(*) query answers.
Result<int64_t> count_of(Connection& c, std::string_view sql, std::initializer_list<Value> params) {
  int64_t n = 0;
  KITH_TRY(each_row(c, sql, params, [&](const Statement& st) { n = integer_of(st.column(0)); }));
  return n;
}

constexpr std::string_view kUserColumns =
    "id, public_id, username, display_name, password_hash, disabled, password_changed_at, created_at, updated_at";

UserRow user_of(const Statement& st) {
  UserRow u;
  u.row = integer_of(st.column(0));
  u.public_id = text_of(st.column(1));
  u.username = text_of(st.column(2));
  u.display_name = text_of(st.column(3));
  u.password_hash = text_of(st.column(4));
  u.disabled = integer_of(st.column(5)) != 0;
  u.password_changed_at = text_of(st.column(6));
  u.created_at = text_of(st.column(7));
  u.updated_at = text_of(st.column(8));
  return u;
}

Result<std::optional<UserRow>> one_user(Connection& c, std::string_view where, const Value& key) {
  std::optional<UserRow> out;
  std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users WHERE " + std::string(where);
  KITH_TRY(each_row(c, sql, {key}, [&](const Statement& st) { out = user_of(st); }));
  return out;
}

// Grants with the area and the linked person as their public ids (NULL for
// all areas, and for no person). They are ordered with all-areas grants first
// on both engines (NULLs sort first in SQLite, last in PostgreSQL, so
// `area_id IS NOT NULL` decides).
constexpr std::string_view kGrantSelect =
    "SELECT r.user_id, r.role, (SELECT a.public_id FROM areas a WHERE a.id = r.area_id) AS area, "
    "(SELECT p.public_id FROM people p WHERE p.id = r.person_id) AS person, "
    "(SELECT p.display_name FROM people p WHERE p.id = r.person_id) AS person_name "
    "FROM user_roles r ";

GrantRow grant_of(const Statement& st) {
  return GrantRow{integer_of(st.column(0)), text_of(st.column(1)), text_of(st.column(2)), text_of(st.column(3)),
                  text_of(st.column(4))};
}

// The n-th newest failure later than `since` in the rows where `column` = key.
Result<std::optional<std::string>> nth_failure(Connection& c, std::string_view column, std::string_view key,
                                               std::string_view since, int64_t n) {
  KITH_ASSERT_MSG(n >= 1, "the n-th newest failure counts from 1");
  std::optional<std::string> at;
  std::string sql = "SELECT at FROM login_failures WHERE " + std::string(column) +
                    " = ? AND at > ? ORDER BY at DESC LIMIT 1 OFFSET ?";
  KITH_TRY(each_row(c, sql, {text(key), text(since), n - 1}, [&](const Statement& st) { at = text_of(st.column(0)); }));
  return at;
}

}  // namespace

// ---- users ------------------------------------------------------------------

Result<std::optional<UserRow>> AccountRepository::find_user(std::string_view username_key) {
  return one_user(c_, "username_key = ?", text(username_key));
}

Result<std::optional<UserRow>> AccountRepository::user_by_row(int64_t row) { return one_user(c_, "id = ?", row); }

Result<std::vector<UserRow>> AccountRepository::list_users() {
  std::vector<UserRow> out;
  std::string sql = "SELECT " + std::string(kUserColumns) + " FROM users ORDER BY username_key";
  KITH_TRY(each_row(c_, sql, {}, [&](const Statement& st) { out.push_back(user_of(st)); }));
  return out;
}

Result<bool> AccountRepository::any_user() {
  auto n = count_of(c_, "SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) one", {});
  if (!n) return n.error();
  return *n > 0;
}

Result<int64_t> AccountRepository::insert_user(const NewUserRow& u) {
  int64_t row = 0;
  auto inserted = each_row(c_,
                           "INSERT INTO users (public_id, username, username_key, display_name, password_hash, "
                           "disabled, password_changed_at, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
                           {u.public_id, u.username, u.username_key, u.display_name, u.password_hash, u.at, u.at, u.at},
                           [&](const Statement& st) { row = integer_of(st.column(0)); });
  if (!inserted) {
    if (inserted.error().code == Errc::conflict) return conflict("A user with this username already exists", "username");
    return inserted.error();
  }
  KITH_ASSERT_MSG(row > 0, "INSERT ... RETURNING id gives the new row");
  return row;
}

Result<void> AccountRepository::set_disabled(int64_t user_row, bool disabled, std::string_view at) {
  auto n = changed(c_, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
                   {int64_t{disabled ? 1 : 0}, text(at), user_row});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n == 1, "set_disabled is called for a user read in this transaction");
  return {};
}

Result<void> AccountRepository::set_password(int64_t user_row, std::string_view hash, std::string_view at) {
  auto n = changed(c_, "UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?",
                   {text(hash), text(at), text(at), user_row});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n == 1, "set_password is called for a user read in this transaction");
  return {};
}

Result<void> AccountRepository::replace_hash(int64_t user_row, std::string_view hash) {
  auto n = changed(c_, "UPDATE users SET password_hash = ? WHERE id = ?", {text(hash), user_row});
  if (!n) return n.error();
  return {};
}

// ---- grants -----------------------------------------------------------------

Result<std::optional<AreaRef>> AccountRepository::find_area(std::string_view area_public_id) {
  std::optional<AreaRef> area;
  KITH_TRY(each_row(c_, "SELECT id, deleted_at FROM areas WHERE public_id = ?", {text(area_public_id)},
                    [&](const Statement& st) { area = AreaRef{integer_of(st.column(0)), !is_null(st.column(1))}; }));
  return area;
}

Result<std::optional<PersonRef>> AccountRepository::find_person(std::string_view person_public_id) {
  std::optional<PersonRef> person;
  KITH_TRY(each_row(c_, "SELECT id, area_id, deleted_at FROM people WHERE public_id = ?", {text(person_public_id)},
                    [&](const Statement& st) {
                      person = PersonRef{integer_of(st.column(0)), integer_of(st.column(1)), !is_null(st.column(2))};
                    }));
  return person;
}

Result<std::vector<GrantRow>> AccountRepository::grants_of(int64_t user_row) {
  std::vector<GrantRow> out;
  std::string sql = std::string(kGrantSelect) + "WHERE r.user_id = ? ORDER BY r.role, r.area_id IS NOT NULL, area";
  KITH_TRY(each_row(c_, sql, {user_row}, [&](const Statement& st) { out.push_back(grant_of(st)); }));
  return out;
}

Result<std::vector<GrantRow>> AccountRepository::all_grants() {
  std::vector<GrantRow> out;
  std::string sql = std::string(kGrantSelect) + "ORDER BY r.user_id, r.role, r.area_id IS NOT NULL, area";
  KITH_TRY(each_row(c_, sql, {}, [&](const Statement& st) { out.push_back(grant_of(st)); }));
  return out;
}

Result<bool> AccountRepository::insert_grant(int64_t user_row, std::string_view role, std::optional<int64_t> area_row,
                                             std::optional<int64_t> person_row, std::string_view at) {
  // An absent area or person is written as the literal NULL, not as a NULL
  // parameter: PostgreSQL types a parameter from its first value, and a NULL
  // would be taken for text.
  std::vector<Value> params = {user_row, text(role)};
  if (area_row) params.emplace_back(*area_row);
  if (person_row) params.emplace_back(*person_row);
  params.push_back(text(at));
  const std::string sql = std::string("INSERT INTO user_roles (user_id, role, area_id, person_id, created_at) ") +
                          "VALUES (?, ?, " + (area_row ? "?" : "NULL") + ", " + (person_row ? "?" : "NULL") + ", ?)";
  auto n = execute(c_, sql, std::span<const Value>(params.data(), params.size()));
  if (!n) {
    if (n.error().code == Errc::conflict) return false;  // user_roles_area / user_roles_all_areas
    return n.error();
  }
  return true;
}

Result<bool> AccountRepository::delete_grant(int64_t user_row, std::string_view role, std::optional<int64_t> area_row) {
  auto n = area_row ? changed(c_, "DELETE FROM user_roles WHERE user_id = ? AND role = ? AND area_id = ?",
                              {user_row, text(role), *area_row})
                    : changed(c_, "DELETE FROM user_roles WHERE user_id = ? AND role = ? AND area_id IS NULL",
                              {user_row, text(role)});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n <= 1, "a grant is unique per user, role and area");
  return *n == 1;
}

Result<int64_t> AccountRepository::count_enabled_all_areas(std::string_view role) {
  return count_of(c_,
                  "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id "
                  "WHERE r.role = ? AND r.area_id IS NULL AND u.disabled = 0",
                  {text(role)});
}

Result<int64_t> AccountRepository::count_enabled_in_area(std::string_view role, int64_t area_row) {
  return count_of(c_,
                  "SELECT COUNT(DISTINCT u.id) FROM user_roles r JOIN users u ON u.id = r.user_id "
                  "WHERE r.role = ? AND (r.area_id = ? OR r.area_id IS NULL) AND u.disabled = 0",
                  {text(role), area_row});
}

// ---- sessions ---------------------------------------------------------------

Result<std::vector<std::pair<int64_t, std::string>>> AccountRepository::last_log_ins() {
  std::vector<std::pair<int64_t, std::string>> out;
  // Times are fixed-width UTC text, so MAX of the text is the latest time.
  KITH_TRY(each_row(c_, "SELECT user_id, MAX(created_at) FROM sessions GROUP BY user_id ORDER BY user_id", {},
                    [&](const Statement& st) { out.emplace_back(integer_of(st.column(0)), text_of(st.column(1))); }));
  return out;
}

Result<void> AccountRepository::insert_session(int64_t user_row, std::string_view token_hash,
                                               std::string_view csrf_token, std::string_view client_address,
                                               std::string_view at) {
  auto n = changed(c_,
                   "INSERT INTO sessions (token_hash, user_id, csrf_token, client_address, created_at, last_seen_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   {text(token_hash), user_row, text(csrf_token), text(client_address), text(at), text(at)});
  if (!n) return n.error();
  return {};
}

Result<std::optional<SessionRow>> AccountRepository::find_live_session(std::string_view token_hash) {
  std::optional<SessionRow> out;
  KITH_TRY(each_row(c_,
                    "SELECT id, user_id, csrf_token, created_at, last_seen_at FROM sessions "
                    "WHERE token_hash = ? AND ended_at IS NULL",
                    {text(token_hash)}, [&](const Statement& st) {
                      out = SessionRow{integer_of(st.column(0)), integer_of(st.column(1)), text_of(st.column(2)),
                                       text_of(st.column(3)), text_of(st.column(4))};
                    }));
  return out;
}

Result<bool> AccountRepository::touch_session(int64_t session_row, std::string_view at) {
  auto n = changed(c_, "UPDATE sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL",
                   {text(at), session_row});
  if (!n) return n.error();
  return *n == 1;
}

Result<bool> AccountRepository::end_session(int64_t session_row, std::string_view at) {
  auto n = changed(c_, "UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", {text(at), session_row});
  if (!n) return n.error();
  return *n == 1;
}

Result<int64_t> AccountRepository::end_sessions_of(int64_t user_row, std::string_view at) {
  return changed(c_, "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL", {text(at), user_row});
}

Result<int64_t> AccountRepository::end_other_sessions_of(int64_t user_row, std::string_view keep_token_hash,
                                                         std::string_view at) {
  return changed(c_, "UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL AND token_hash <> ?",
                 {text(at), user_row, text(keep_token_hash)});
}

// ---- API tokens -------------------------------------------------------------

Result<void> AccountRepository::insert_token(int64_t user_row, std::string_view label, std::string_view token_hash,
                                             std::string_view at, std::string_view expires_at) {
  auto n = changed(c_,
                   "INSERT INTO api_tokens (user_id, label, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                   {user_row, text(label), text(token_hash), text(at), text_or_null(expires_at)});
  if (!n) {
    if (n.error().code == Errc::conflict) return conflict("This user already has a token with this label", "label");
    return n.error();
  }
  return {};
}

Result<std::optional<TokenRow>> AccountRepository::find_live_token(std::string_view token_hash) {
  std::optional<TokenRow> out;
  KITH_TRY(each_row(c_,
                    "SELECT id, user_id, label, expires_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                    {text(token_hash)}, [&](const Statement& st) {
                      out = TokenRow{integer_of(st.column(0)), integer_of(st.column(1)), text_of(st.column(2)),
                                     text_of(st.column(3))};
                    }));
  return out;
}

Result<int64_t> AccountRepository::retire_expired_token(int64_t user_row, std::string_view label,
                                                        std::string_view at) {
  return changed(c_,
                 "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND label = ? AND revoked_at IS NULL "
                 "AND expires_at IS NOT NULL AND expires_at <= ?",
                 {text(at), user_row, text(label), text(at)});
}

Result<bool> AccountRepository::revoke_token(int64_t user_row, std::string_view label, std::string_view at) {
  auto n = changed(c_, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND label = ? AND revoked_at IS NULL",
                   {text(at), user_row, text(label)});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n <= 1, "a label names at most one live token of a user");
  return *n == 1;
}

// ---- failed log-ins ---------------------------------------------------------

Result<int64_t> AccountRepository::insert_failure(std::string_view username_key, std::string_view client_address,
                                                  std::string_view at) {
  // RETURNING works on both engines (SQLite since 3.35).
  int64_t row = 0;
  KITH_TRY(each_row(c_, "INSERT INTO login_failures (username_key, client_address, at) VALUES (?, ?, ?) RETURNING id",
                    {text(username_key), text(client_address), text(at)},
                    [&](const Statement& st) { row = integer_of(st.column(0)); }));
  KITH_ASSERT_MSG(row > 0, "INSERT ... RETURNING id gives the new row");
  return row;
}

Result<void> AccountRepository::delete_failure(int64_t row) {
  auto n = changed(c_, "DELETE FROM login_failures WHERE id = ?", {row});
  if (!n) return n.error();
  return {};
}

Result<int64_t> AccountRepository::count_failures_of_user(std::string_view username_key, std::string_view since) {
  return count_of(c_, "SELECT COUNT(*) FROM login_failures WHERE username_key = ? AND at > ?",
                  {text(username_key), text(since)});
}

Result<int64_t> AccountRepository::count_failures_from(std::string_view client_address, std::string_view since) {
  return count_of(c_, "SELECT COUNT(*) FROM login_failures WHERE client_address = ? AND at > ?",
                  {text(client_address), text(since)});
}

Result<std::optional<std::string>> AccountRepository::nth_failure_of_user(std::string_view username_key,
                                                                          std::string_view since, int64_t n) {
  return nth_failure(c_, "username_key", username_key, since, n);
}

Result<std::optional<std::string>> AccountRepository::nth_failure_from(std::string_view client_address,
                                                                       std::string_view since, int64_t n) {
  return nth_failure(c_, "client_address", client_address, since, n);
}

Result<int64_t> AccountRepository::prune_failures(std::string_view before) {
  return changed(c_, "DELETE FROM login_failures WHERE at <= ?", {text(before)});
}

Result<void> AccountRepository::lock_failures() {
  if (c_.dialect() != Dialect::postgresql) return {};
  // The audit log's lock (Repository::audit): one lock for both, so no two
  // transactions can ever take two locks in opposite orders.
  auto locked = changed(c_, "SELECT pg_advisory_xact_lock(727274)", {});
  if (!locked) return locked.error();
  return {};
}

}  // namespace kith::store
