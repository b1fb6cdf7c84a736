#pragma once
// Accounts: users, their roles per area, passwords, log-in sessions, API
// tokens and the lockout after failed log-ins (issue 9). The rules are here;
// the SQL is store/accounts.hpp; what an HTTP request must send (cookie,
// X-CSRF-Token, Authorization: Bearer) is the HTTP layer's, which calls
// log_in / authenticate_session / authenticate_token and checks roles with
// has_role. docs/security.md describes the whole.
//
// Every account change (users, grants, passwords, tokens, log-in, log-out)
// is written to the audit log in the transaction that makes it. Secrets are
// never stored in the clear: passwords as Argon2id hashes, session and API
// tokens as BLAKE2b-256 hashes; a token's plaintext is returned once.
#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/passwords.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/store.hpp"

namespace kith::domain {

using model::Actor;

// What a user may do, per area (docs/security.md says what each may see).
enum class Role { admin, researcher, link_worker, broker, coordinator, commissioner, member };
inline constexpr std::array<Role, 7> kRoles = {Role::admin,       Role::researcher,  Role::link_worker,
                                               Role::broker,      Role::coordinator, Role::commissioner,
                                               Role::member};
std::string_view role_name(Role r);  // "admin", "link_worker", ...
// invalid (field "role") naming the seven roles when `name` is none of them.
Result<Role> parse_role(std::string_view name);

// A role in one area, or in all areas (only admins: deployment administrators).
// A member grant may also name the person of the area's register the member
// is (schema 7): their own record, ties and consent (domain/own_record.hpp).
struct Grant {
  // A constructor rather than an aggregate, so that Grant{role, area} still
  // names a grant without -Wmissing-field-initializers flagging the person.
  Grant() = default;
  Grant(Role role_, std::string area_id_, std::string person_id_ = {})
      : role(role_), area_id(std::move(area_id_)), person_id(std::move(person_id_)) {}

  Role role = Role::member;
  std::string area_id;    // the area's public id (ar_…); empty = all areas
  std::string person_id;  // the member's own person (pe_…); empty = none (always, for other roles)
  bool all_areas() const { return area_id.empty(); }
  friend bool operator==(const Grant&, const Grant&) = default;
};

struct User {
  std::string id;  // us_…
  std::string username;
  std::string display_name;
  bool disabled = false;
  std::vector<Grant> grants;  // by role (in kRoles' order), all areas first, then area id
};

// True when the user holds `role` in area `area_id`, or in all areas.
bool has_role(const User& u, Role role, std::string_view area_id);

// Usernames: trimmed, 1 to 64 characters, letters a-z A-Z, digits and
// . _ - @; unique without regard to case ("Alice" and "alice" are one).
// Every user id starts with this prefix (ids.hpp: prefix + random part).
inline constexpr std::string_view kUserIdPrefix = "us";

inline constexpr size_t kUsernameMaxChars = 64;
// The trimmed username, or invalid (field "username") saying the rule.
Result<std::string> check_username(std::string_view username);
// The case-folded username that uniqueness and log-in compare.
std::string username_key(std::string_view username);

inline constexpr size_t kDisplayNameMaxChars = 200;
inline constexpr size_t kTokenLabelMaxChars = 100;
inline constexpr int kTokenExpiresDaysMax = 3650;

struct NewUser {
  std::string username;
  std::string display_name;  // empty (or blank): the username
  std::string password;
  Grant grant;  // the user's first role
};

// A new session, returned once by log_in: the plaintext session token (the
// kith_session cookie's value) and its CSRF token. Only the session token's
// hash is stored.
struct NewSession {
  User user;
  std::string token;
  std::string csrf_token;
};

// Who a request is from, once its session or API token checked out.
struct Authenticated {
  User user;
  bool via_session = false;  // false: an API token (no cookie, so no CSRF check)
  std::string csrf_token;    // the session's; empty for an API token
};

// ---- one area's users: what an area admin manages on the web app's Users
// page (issue 10). Every change names the admin making it (`by`) and the
// area; the rules below are checked in the change's own transaction.
struct AreaGrant {
  Role role = Role::member;
  bool all_areas = false;    // an all-areas admin grant (a deployment administrator)
  std::string person_id;     // member: the person of the register the account is; empty: none
  std::string person_name;   // that person's display name
};

struct AreaUser {
  std::string id, username, display_name;
  bool disabled = false;
  std::vector<AreaGrant> roles;  // only their roles in this area (and all-areas admin), in kRoles' order
  std::string last_log_in;       // UTC time their newest session began; empty: never logged in
  // Whether `by` may change this account: every grant it holds is in an
  // area `by` administers (an all-areas grant only for an all-areas admin).
  bool can_change = false;
};

struct NewAreaUser {
  std::string username;
  std::string display_name;  // empty (or blank): the username
  std::string role;          // a role name (parse_role)
  std::string person_id;     // for a member: their person; empty: none
};

// A user just added, or whose password was just reset, with the one-time
// password (secrets.hpp one_time_password) returned once and never stored.
struct OneTimePassword {
  User user;
  std::string password;
};

// The 403 an area admin gets for a user who also works in an area they do
// not administer.
inline constexpr std::string_view kOtherAreaMessage =
    "This account also works in another area; ask an administrator of every area it works in";

struct AccountOptions {
  // Argon2id limits for new hashes; production keeps moderate. A stored hash
  // made with other limits is hashed again at the next log-in.
  PasswordLimits password = kPasswordModerate;
  std::chrono::seconds session_idle{std::chrono::minutes(30)};      // ends after this long unused
  std::chrono::seconds session_absolute{std::chrono::hours(12)};    // and this long after log-in
  // last_seen_at is written at most this often (a write per request would
  // serialise every request on SQLite's one writer), so a session may end up
  // to this much before session_idle after its last request.
  std::chrono::seconds session_touch{std::chrono::seconds(60)};
  int lockout_failures = 10;                                        // failed log-ins that lock out
  std::chrono::seconds lockout_window{std::chrono::minutes(15)};    // counted over this long
};

class Accounts {
 public:
  explicit Accounts(store::Store& s, AccountOptions options = {});

  // ---- users and roles (kith user …; the HTTP admin pages later)
  // conflict (field "username") when the name is taken in any case; invalid
  // for a bad username, display name, password or grant; not_found (field
  // "area_id") for an area that does not exist. A grant naming a person
  // (field "person_id"): invalid for a role other than member, for a person
  // of another area and for a deleted person; not_found for an unknown one.
  Result<User> add_user(const NewUser& u, const Actor& who);
  // The deployment's first administrator (an all-areas admin; u.grant is
  // ignored), only while no account exists: forbidden once one does, checked
  // in the transaction that adds it, so two at once cannot both succeed.
  Result<User> add_first_admin(const NewUser& u, const Actor& who);
  // conflict when the user already holds the role in the area (a member
  // linked to another person: revoke, then grant again); the person is
  // checked as for add_user.
  Result<void> grant(std::string_view username, const Grant& g, const Actor& who);
  // Revokes the role in the area, whatever person it names (g.person_id is
  // not compared). not_found when the user does not hold it; conflict when
  // it is the last all-areas admin grant of an enabled user.
  Result<void> revoke(std::string_view username, const Grant& g, const Actor& who);
  Result<std::vector<User>> list_users();  // by username, ignoring case
  Result<User> find_user(std::string_view username);
  // Whether any user exists (a fresh deployment has none).
  Result<bool> any_account();
  // Ends the user's sessions; grants and API tokens stay (a disabled user's
  // tokens are refused while disabled). conflict for the last enabled
  // all-areas admin. Disabling a disabled user changes nothing.
  Result<void> disable(std::string_view username, const Actor& who);
  Result<void> enable(std::string_view username, const Actor& who);
  // A new password (checked as for add_user); ends all the user's sessions.
  Result<void> reset_password(std::string_view username, std::string_view new_password, const Actor& who);
  // A signed-in user changes their own password: the current one must be
  // right (a wrong one counts as a failed log-in for the lockout:
  // too_many_requests once locked out; invalid, field "current_password",
  // otherwise); the new one is checked as for add_user (field
  // "new_password"). Ends every other session of the user; the session
  // `keep_session_token` (empty for an API token: then all) stays.
  Result<void> change_own_password(std::string_view username, std::string_view current_password,
                                   std::string_view new_password, std::string_view keep_session_token,
                                   std::string_view client_address, Seconds now, const Actor& who);

  // ---- API tokens
  // The plaintext token, once: "kith_" and 43 base64url characters (256
  // random bits). expires_days 1..kTokenExpiresDaysMax, none: never. conflict
  // (field "label") when the user has a live token with this label.
  Result<std::string> issue_token(std::string_view username, std::string_view label,
                                  std::optional<int> expires_days, const Actor& who);
  // not_found when the user has no live token with this label.
  Result<void> revoke_token(std::string_view username, std::string_view label, const Actor& who);

  // ---- log-in and sessions; `now` is the request's time (tests pass any)
  // unauthenticated for a wrong password and an unknown username alike (the
  // same error, and as slow: an unknown name is checked against a dummy
  // hash); unauthenticated saying so for a disabled account (only with the
  // right password); too_many_requests when lockout_failures failed log-ins
  // within lockout_window name this username, or come from this client
  // address (then retry_after says how long to wait). A locked-out attempt
  // checks no password and counts as no failure.
  Result<NewSession> log_in(std::string_view username, std::string_view password, std::string_view client_address,
                            Seconds now);
  // How long until log_in for this username and address can be tried again
  // (0 when it can now): the HTTP layer's Retry-After after too_many_requests.
  Result<std::chrono::seconds> retry_after(std::string_view username, std::string_view client_address, Seconds now);
  // The session's user, when the session is live: not ended, used within
  // session_idle, begun within session_absolute, its user not disabled.
  // Otherwise unauthenticated (an expired session is ended).
  Result<Authenticated> authenticate_session(std::string_view session_token, Seconds now);
  // The bearer token's user, when the token is issued, not revoked, not
  // expired and its user not disabled; otherwise unauthenticated.
  Result<Authenticated> authenticate_token(std::string_view bearer_token, Seconds now);
  // Ends this session; an unknown or ended one is no error.
  Result<void> log_out(std::string_view session_token, Seconds now);
  // Ends every session of the user; how many were live.
  Result<int64_t> log_out_everywhere(std::string_view username, Seconds now);

  // ---- one area's users (the Users page, issue 10). `by` is the signed-in
  // admin of the area (the HTTP layer has checked Need::area_admin). Rules:
  // - forbidden (kOtherAreaMessage) for a user with a grant in an area `by`
  //   does not administer (or an all-areas grant, unless `by` has one);
  // - conflict when the change would leave the area with no enabled admin
  //   (an all-areas admin counts as an admin of every area); this holds for
  //   revoke and disable from the CLI too;
  // - conflict for disabling oneself, and for revoking a user's only role in
  //   the area (they would vanish from its list: disable them instead);
  // - not_found (field "username") for an unknown user, or (for every change
  //   but a grant) one holding no role in the area; invalid naming role, person_id, username or
  //   display_name for a bad value.
  // Every change is audited in its transaction, with the area's id, so it
  // shows in the area's audit log. Reading the list is audited too (it
  // names the people members are linked to).
  Result<std::vector<AreaUser>> area_users(const User& by, std::string_view area_id, const Actor& who);
  // The server makes the password (one_time_password); returned once.
  Result<OneTimePassword> add_area_user(const User& by, std::string_view area_id, const NewAreaUser& u,
                                        const Actor& who);
  Result<void> grant_in_area(const User& by, std::string_view area_id, std::string_view username,
                             std::string_view role, std::string_view person_id, const Actor& who);
  Result<void> revoke_in_area(const User& by, std::string_view area_id, std::string_view username,
                              std::string_view role, const Actor& who);
  // Ends the user's sessions when disabling (as disable).
  Result<void> set_disabled_in_area(const User& by, std::string_view area_id, std::string_view username,
                                    bool disabled, const Actor& who);
  // A new one-time password, returned once; ends all the user's sessions.
  Result<OneTimePassword> reset_password_in_area(const User& by, std::string_view area_id,
                                                 std::string_view username, const Actor& who);

  const AccountOptions& options() const { return options_; }

 private:
  // The admin and area an area-scoped change is made for; none from the CLI.
  struct Scope {
    const User* by = nullptr;
    std::string_view area_id;
  };
  Result<User> insert_user(const NewUser& u, const Actor& who, bool only_if_first);
  Result<void> grant_scoped(std::string_view username, const Grant& g, const Actor& who, const Scope* scope);
  Result<void> revoke_scoped(std::string_view username, const Grant& g, const Actor& who, const Scope* scope);
  Result<void> disable_scoped(std::string_view username, const Actor& who, const Scope* scope);
  Result<void> enable_scoped(std::string_view username, const Actor& who, const Scope* scope);
  Result<void> reset_password_scoped(std::string_view username, std::string_view new_password, const Actor& who,
                                     const Scope* scope);

  store::Store& store_;
  AccountOptions options_;
};

}  // namespace kith::domain
