#pragma once
// All SQL about accounts (schema 5: users, user_roles, sessions, api_tokens,
// login_failures; schema 7: a member grant's person), written once for both
// engines. The rules live in
// domain/accounts.hpp; this only reads and writes rows. Callers hold the
// transaction (Store::write/read) and pass its connection in, as with
// Repository. Times are UTC text as core/time.hpp's format_utc_iso writes
// them; secrets arrive already hashed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

struct UserRow {
  int64_t row = 0;  // users.id, what user_roles, sessions and api_tokens hold
  std::string public_id;
  std::string username;  // as the administrator typed it (trimmed)
  std::string display_name;
  std::string password_hash;
  bool disabled = false;
  std::string password_changed_at, created_at, updated_at;
};

struct NewUserRow {
  std::string public_id, username, username_key, display_name, password_hash;
  std::string at;  // created_at, updated_at and password_changed_at
};

struct GrantRow {
  int64_t user_row = 0;
  std::string role;
  std::string area_id;    // the area's public id; empty for all areas
  std::string person_id;  // the linked person's public id (member grants only); empty for none
  std::string person_name;  // that person's display_name in the register; empty for none
};

struct AreaRef {
  int64_t row = 0;
  bool deleted = false;
};

// A person of the register, as a grant links to one.
struct PersonRef {
  int64_t row = 0;
  int64_t area_row = 0;
  bool deleted = false;
};

struct SessionRow {
  int64_t row = 0, user_row = 0;
  std::string csrf_token, created_at, last_seen_at;
};

struct TokenRow {
  int64_t row = 0, user_row = 0;
  std::string label;
  std::string expires_at;  // empty: never expires
};

class AccountRepository {
 public:
  explicit AccountRepository(Connection& c) : c_(c) {}

  // ---- users
  Result<std::optional<UserRow>> find_user(std::string_view username_key);
  Result<std::optional<UserRow>> user_by_row(int64_t row);
  Result<std::vector<UserRow>> list_users();  // ordered by username_key
  Result<bool> any_user();
  // The new row id; conflict (field "username") when the key is taken.
  Result<int64_t> insert_user(const NewUserRow& u);
  Result<void> set_disabled(int64_t user_row, bool disabled, std::string_view at);
  // A new password: the hash, password_changed_at and updated_at.
  Result<void> set_password(int64_t user_row, std::string_view hash, std::string_view at);
  // The same password hashed again with other limits: the hash only.
  Result<void> replace_hash(int64_t user_row, std::string_view hash);

  // ---- grants
  // The area with this public id, soft-deleted or not.
  Result<std::optional<AreaRef>> find_area(std::string_view area_public_id);
  // The person with this public id, soft-deleted or not.
  Result<std::optional<PersonRef>> find_person(std::string_view person_public_id);
  Result<std::vector<GrantRow>> grants_of(int64_t user_row);  // ordered by role, all areas first, then area id
  Result<std::vector<GrantRow>> all_grants();                 // ordered by user row, then as grants_of
  // area_row empty: all areas; person_row empty: no person linked. False
  // when the user already had this role in this area (whatever its person).
  Result<bool> insert_grant(int64_t user_row, std::string_view role, std::optional<int64_t> area_row,
                            std::optional<int64_t> person_row, std::string_view at);
  // False when there was no such grant.
  Result<bool> delete_grant(int64_t user_row, std::string_view role, std::optional<int64_t> area_row);
  // Users not disabled who hold `role` for all areas.
  Result<int64_t> count_enabled_all_areas(std::string_view role);
  // Users not disabled who hold `role` in the area (row id) or for all areas.
  Result<int64_t> count_enabled_in_area(std::string_view role, int64_t area_row);

  // ---- sessions
  Result<void> insert_session(int64_t user_row, std::string_view token_hash, std::string_view csrf_token,
                              std::string_view client_address, std::string_view at);
  // The session with this token hash, when not ended.
  Result<std::optional<SessionRow>> find_live_session(std::string_view token_hash);
  // False when the session ended meanwhile.
  Result<bool> touch_session(int64_t session_row, std::string_view at);
  Result<bool> end_session(int64_t session_row, std::string_view at);
  Result<int64_t> end_sessions_of(int64_t user_row, std::string_view at);  // sessions ended
  // When each user last logged in: the start of their newest session (ended
  // or not), by user row; users who never logged in are absent.
  Result<std::vector<std::pair<int64_t, std::string>>> last_log_ins();
  // Every live session of the user but the one with this token hash (a password change keeps its own).
  Result<int64_t> end_other_sessions_of(int64_t user_row, std::string_view keep_token_hash, std::string_view at);

  // ---- API tokens
  // expires_at empty: never. conflict (field "label") when a live token has the label.
  Result<void> insert_token(int64_t user_row, std::string_view label, std::string_view token_hash,
                            std::string_view at, std::string_view expires_at);
  // The token with this hash, when not revoked (it may have expired).
  Result<std::optional<TokenRow>> find_live_token(std::string_view token_hash);
  // Marks revoked a live token with this label that expired by `at`, so the
  // label can be used again; tokens retired.
  Result<int64_t> retire_expired_token(int64_t user_row, std::string_view label, std::string_view at);
  // False when the user has no live token with this label.
  Result<bool> revoke_token(int64_t user_row, std::string_view label, std::string_view at);

  // ---- failed log-ins (lockout)
  // The new row's id.
  Result<int64_t> insert_failure(std::string_view username_key, std::string_view client_address,
                                 std::string_view at);
  Result<void> delete_failure(int64_t row);
  // Failures later than `since`.
  Result<int64_t> count_failures_of_user(std::string_view username_key, std::string_view since);
  Result<int64_t> count_failures_from(std::string_view client_address, std::string_view since);
  // The time of the n-th newest failure later than `since` (n from 1), when there are n.
  Result<std::optional<std::string>> nth_failure_of_user(std::string_view username_key, std::string_view since,
                                                         int64_t n);
  Result<std::optional<std::string>> nth_failure_from(std::string_view client_address, std::string_view since,
                                                      int64_t n);
  // Deletes failures at or before `before`; rows deleted.
  Result<int64_t> prune_failures(std::string_view before);
  // Serialises lockout checks on PostgreSQL until the transaction ends (on
  // SQLite the write lock already does), so concurrent attempts cannot all
  // see room for one more.
  Result<void> lock_failures();

 private:
  Connection& c_;
};

}  // namespace kith::store
