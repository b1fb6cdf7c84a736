#include "kith/domain/accounts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <utility>

#include "kith/core/assert.hpp"
#include "kith/core/ids.hpp"
#include "kith/core/text.hpp"
#include "kith/domain/secrets.hpp"
#include "kith/model/fold.hpp"
#include "kith/store/accounts.hpp"
#include "kith/store/repository.hpp"

namespace kith::domain {
namespace {

using json = nlohmann::json;
using store::AccountRepository;
using store::Connection;
using store::GrantRow;
using store::UserRow;

constexpr std::string_view kAreaIdPrefix = "ar";    // model::areas().id_prefix
constexpr std::string_view kPersonIdPrefix = "pe";  // model::people().id_prefix
constexpr std::string_view kAuditEntity = "user";

// ---- text rules ---------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_username_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == '@';
}

bool has_control_char(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// Trimmed text of 1..max_chars code points, valid UTF-8, no control characters.
Result<std::string> check_line(std::string_view text, std::string_view field, std::string_view what,
                               size_t max_chars) {
  std::string_view t = trim(text);
  if (t.empty() || !valid_utf8(t) || has_control_char(t) || utf8_code_points(t) > max_chars)
    return invalid(std::string(field),
                   fmt::format("Give {} of 1 to {} characters, on one line, as UTF-8 text", what, max_chars));
  return std::string(t);
}

// "30 minutes", "12 hours", "1 second".
std::string duration_words(std::chrono::seconds d) {
  auto n = d.count();
  auto plural = [](long long k, std::string_view unit) {
    return fmt::format("{} {}{}", k, unit, k == 1 ? "" : "s");
  };
  if (n > 0 && n % 3600 == 0) return plural(n / 3600, "hour");
  if (n > 0 && n % 60 == 0) return plural(n / 60, "minute");
  return plural(n, "second");
}

std::string iso(Seconds t) { return format_utc_iso(t); }

// Times this module wrote itself; a malformed one is a broken database.
Seconds stored_time(std::string_view text) {
  auto t = parse_utc_iso(text);
  KITH_ASSERT_MSG(t.has_value(), "account times are stored as format_utc_iso writes them");
  return *t;
}

// ---- errors -------------------------------------------------------------------

// One error for a wrong password and an unknown username, so a caller cannot
// tell which usernames exist.
Error wrong_credentials() { return Error{Errc::unauthenticated, "The username or password is wrong", {}, 0}; }

Error session_ended() { return Error{Errc::unauthenticated, "This session has ended; log in again", {}, 0}; }

Error token_not_valid() {
  return Error{Errc::unauthenticated, "This API token is not valid: it was revoked or never issued", {}, 0};
}

Error locked_out(std::chrono::seconds wait) {
  auto minutes = (wait.count() + 59) / 60;
  return Error{Errc::too_many_requests,
               fmt::format("Too many failed log-ins for this username or from this address; try again in {}",
                           duration_words(std::chrono::minutes(minutes))),
               {}, 0};
}

Error username_taken(std::string_view username) {
  return conflict(fmt::format("There is already a user named {} (usernames ignore case)", username), "username");
}

Error no_such_user(std::string_view username) {
  // The name is echoed only when it could be one; anything else stays out of messages.
  auto name = check_username(username);
  Error e = not_found(name ? fmt::format("No user named {}", *name) : std::string("No user with that username"));
  e.field = "username";
  return e;
}

Error no_such_area(std::string_view area_id) {
  Error e = not_found(is_valid_id(area_id, kAreaIdPrefix) ? fmt::format("No area with id {}", area_id)
                                                            : std::string("No area with that id"));
  e.field = "area_id";
  return e;
}

Error no_such_person(std::string_view person_id) {
  Error e = not_found(is_valid_id(person_id, kPersonIdPrefix)
                          ? fmt::format("No person with id {} in the register", person_id)
                          : std::string("No person with that id in the register (a person's id starts pe_)"));
  e.field = "person_id";
  return e;
}

// ---- grants -------------------------------------------------------------------

Role stored_role(std::string_view name) {
  auto r = parse_role(name);
  KITH_ASSERT_MSG(r.ok(), "user_roles.role holds one of the seven roles (CHECK constraint)");
  return *r;
}

std::string grant_words(const Grant& g) {
  return g.all_areas() ? fmt::format("{} for all areas", role_name(g.role))
                       : fmt::format("{} in area {}", role_name(g.role), g.area_id);
}

// All areas is for deployment administrators only; a person is for members
// only (the resident the account belongs to; other roles see many people).
Result<void> check_grant(const Grant& g) {
  if (g.all_areas() && g.role != Role::admin)
    return invalid("area_id", fmt::format("Only the admin role can be granted for all areas; give the area for "
                                          "the role {}",
                                          role_name(g.role)));
  if (!g.person_id.empty() && g.role != Role::member)
    return invalid("person_id", fmt::format("Only a member's grant is linked to a person; leave out the person for "
                                            "the role {}",
                                            role_name(g.role)));
  return {};
}

// The area's row id for the grant (none for all areas). A new grant needs a
// live area; a grant can be revoked even when its area was deleted.
Result<std::optional<int64_t>> area_row_of(AccountRepository& repo, const Grant& g, bool live_only) {
  if (g.all_areas()) return std::optional<int64_t>{};
  if (!is_valid_id(g.area_id, kAreaIdPrefix)) return no_such_area(g.area_id);
  auto area = repo.find_area(g.area_id);
  if (!area) return area.error();
  if (!*area || (live_only && (*area)->deleted)) return no_such_area(g.area_id);
  return std::optional<int64_t>{(*area)->row};
}

// The person's row id for a member grant that names one (none when it names
// nobody). The person must be in the grant's area and not deleted: a member
// sees their own record only while it is in the register of their area.
Result<std::optional<int64_t>> person_row_of(AccountRepository& repo, const Grant& g,
                                             std::optional<int64_t> area_row) {
  if (g.person_id.empty()) return std::optional<int64_t>{};
  KITH_ASSERT_MSG(g.role == Role::member && area_row.has_value(), "check_grant lets only member grants name a person");
  if (!is_valid_id(g.person_id, kPersonIdPrefix)) return no_such_person(g.person_id);
  auto person = repo.find_person(g.person_id);
  if (!person) return person.error();
  if (!*person) return no_such_person(g.person_id);
  if ((*person)->area_row != *area_row)
    return invalid("person_id", fmt::format("Person {} is in another area, not in {}; link a member to a person of "
                                            "the area of their grant",
                                            g.person_id, g.area_id));
  if ((*person)->deleted)
    return invalid("person_id", fmt::format("Person {} was deleted from the register; link a person who is still "
                                            "in it",
                                            g.person_id));
  return std::optional<int64_t>{(*person)->row};
}

bool grant_order(const Grant& a, const Grant& b) {
  if (a.role != b.role) return static_cast<int>(a.role) < static_cast<int>(b.role);
  if (a.all_areas() != b.all_areas()) return a.all_areas();
  return a.area_id < b.area_id;
}

User user_of(const UserRow& row, const std::vector<GrantRow>& grants) {
  User u{row.public_id, row.username, row.display_name, row.disabled, {}};
  for (const auto& g : grants) {
    KITH_ASSERT(g.user_row == row.row);
    u.grants.push_back(Grant{stored_role(g.role), g.area_id, g.person_id});
  }
  std::sort(u.grants.begin(), u.grants.end(), grant_order);
  return u;
}

Result<User> load_user(AccountRepository& repo, const UserRow& row) {
  auto grants = repo.grants_of(row.row);
  if (!grants) return grants.error();
  return user_of(row, *grants);
}

// The user a session or API token belongs to; the foreign key guarantees one.
Result<User> user_at_row(AccountRepository& repo, int64_t user_row) {
  auto row = repo.user_by_row(user_row);
  if (!row) return row.error();
  KITH_ASSERT_MSG(row->has_value(), "a session's or token's user exists (foreign key)");
  return load_user(repo, **row);
}

Result<UserRow> require_user(AccountRepository& repo, std::string_view username) {
  auto row = repo.find_user(username_key(username));
  if (!row) return row.error();
  if (!*row) return no_such_user(username);
  return std::move(**row);
}

// Refuses a change that leaves no enabled all-areas admin where there was
// one: someone must always be able to manage the deployment. Checked after
// the change, in its transaction, so an error rolls it back.
Result<void> keep_an_admin(AccountRepository& repo, int64_t admins_before) {
  auto after = repo.count_enabled_all_areas(role_name(Role::admin));
  if (!after) return after.error();
  if (admins_before > 0 && *after == 0)
    return conflict("This would leave no enabled admin for all areas; make another user an admin for all areas first",
                    "username");
  return {};
}

// ---- one area's users ---------------------------------------------------------

bool is_all_areas_admin(const User& u) {
  return std::any_of(u.grants.begin(), u.grants.end(),
                     [](const Grant& g) { return g.role == Role::admin && g.all_areas(); });
}

// Whether `by` administers every area the grants work in (an all-areas
// grant: only an all-areas admin does).
bool administers_every_area_of(const User& by, const std::vector<GrantRow>& grants) {
  return std::all_of(grants.begin(), grants.end(), [&](const GrantRow& g) {
    return g.area_id.empty() ? is_all_areas_admin(by) : has_role(by, Role::admin, g.area_id);
  });
}

Error not_in_area(std::string_view username) {
  Error e = not_found(fmt::format("No user named {} works in this area", username));
  e.field = "username";
  return e;
}

// Whether `by` may change the account from the page of `area_id`: forbidden
// when it also works in an area `by` does not administer; not_found when it
// holds no role in this area (`role_here`: every change but a new grant) or
// none at all (unless `by` administers all areas: another area's admin
// should not take over an account nobody uses).
Result<void> check_reach(AccountRepository& repo, const User& by, std::string_view area_id, const UserRow& target,
                         bool role_here) {
  auto grants = repo.grants_of(target.row);
  if (!grants) return grants.error();
  if (grants->empty() && !is_all_areas_admin(by)) return not_in_area(target.username);
  if (!administers_every_area_of(by, *grants))
    return Error{Errc::forbidden, std::string(kOtherAreaMessage), "username", 0};
  const bool here = std::any_of(grants->begin(), grants->end(),
                                [&](const GrantRow& g) { return g.area_id.empty() || g.area_id == area_id; });
  if (role_here && !here) return not_in_area(target.username);
  return {};
}

// An area's enabled admins before a change, to compare with after it.
struct AdminCount {
  int64_t area_row = 0;
  std::string area_id;
  int64_t before = 0;
};

Result<AdminCount> count_area_admins(AccountRepository& repo, std::string_view area_id) {
  auto area = repo.find_area(area_id);
  if (!area) return area.error();
  KITH_ASSERT_MSG(area->has_value(), "a grant's area exists (foreign key)");
  auto n = repo.count_enabled_in_area(role_name(Role::admin), (*area)->row);
  if (!n) return n.error();
  return AdminCount{(*area)->row, std::string(area_id), *n};
}

// The areas the user is an admin of by an area grant, counted before a
// change that may end that (disabling them). All-areas grants are
// keep_an_admin's.
Result<std::vector<AdminCount>> admin_areas_of(AccountRepository& repo, int64_t user_row) {
  auto grants = repo.grants_of(user_row);
  if (!grants) return grants.error();
  std::vector<AdminCount> out;
  for (const auto& g : *grants) {
    if (g.role != role_name(Role::admin) || g.area_id.empty()) continue;
    auto n = count_area_admins(repo, g.area_id);
    if (!n) return n.error();
    out.push_back(std::move(*n));
  }
  return out;
}

// Refuses a change that leaves an area that had an enabled admin with none:
// someone must always be able to manage the area's users. Checked after the
// change, in its transaction, so an error rolls it back.
Result<void> keep_area_admins(AccountRepository& repo, const std::vector<AdminCount>& counts, std::string_view field) {
  for (const auto& c : counts) {
    auto after = repo.count_enabled_in_area(role_name(Role::admin), c.area_row);
    if (!after) return after.error();
    if (c.before > 0 && *after == 0)
      return conflict(fmt::format("This is the last enabled admin of area {}; make another user an admin of the "
                                  "area first",
                                  c.area_id),
                      std::string(field));
  }
  return {};
}

// A one-time password that passes the password rules (a random one always
// does; the loop only guards the rule list growing).
Result<std::string> make_one_time_password(std::string_view username) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string pw = one_time_password();
    if (check_password(pw, username)) return pw;
  }
  return internal_error("no one-time password passed the password rules");
}

// ---- audit --------------------------------------------------------------------

// One audit row about a user, in the caller's transaction. `detail` never
// holds a password or a token. A grant linked to a person is about that
// person too (person_id), so the person's own audit trail shows which
// account was linked to them, and when.
Result<void> audit(Connection& c, const Actor& who, std::string_view action, const UserRow& user,
                   std::string_view area_id, json detail = json::object(), std::string_view person_id = {}) {
  detail["username"] = user.username;
  store::AuditEntry entry = store::audit_entry(who, action, kAuditEntity, user.public_id, area_id);
  entry.person_id = std::string(person_id);
  entry.detail = detail.dump();
  return store::Repository(c).audit(entry);
}

json grant_detail(const Grant& g) {
  json detail = {{"role", role_name(g.role)}, {"area_id", g.all_areas() ? json(nullptr) : json(g.area_id)}};
  if (!g.person_id.empty()) detail["person_id"] = g.person_id;
  return detail;
}

// The person a user's grant of `role` in the area names, as stored (empty
// when none): a revoke names only role and area, and its audit row should
// still say whom the ended link was about.
Result<std::string> stored_person_of(AccountRepository& repo, int64_t user_row, const Grant& g) {
  auto grants = repo.grants_of(user_row);
  if (!grants) return grants.error();
  for (const auto& row : *grants)
    if (row.role == role_name(g.role) && row.area_id == g.area_id) return row.person_id;
  return std::string();
}

// ---- log-in ---------------------------------------------------------------------

// A hash of a random password made with `limits`, verified against when a
// log-in names no user, so that it takes as long as a wrong password. Made
// once per limits per process, on the first such log-in (which alone takes
// a hash longer): made eagerly, every `kith user` command would pay for it.
const std::string& dummy_hash(PasswordLimits limits) {
  static std::mutex mutex;
  static std::map<std::pair<unsigned long long, size_t>, std::string> made;
  std::lock_guard lock(mutex);
  auto key = std::make_pair(limits.opslimit, limits.memlimit);
  auto it = made.find(key);
  if (it == made.end()) {
    auto hash = hash_password(random_secret(), limits);
    // Without memory for a hash, a log-in of a real user fails the same way.
    it = made.emplace(key, hash ? *hash : std::string()).first;
  }
  return it->second;
}

// How long until a log-in may be tried again: the lockout ends when the
// lockout_failures-th newest failure in the window leaves it.
Result<std::chrono::seconds> lockout_wait(AccountRepository& repo, const AccountOptions& o, std::string_view key,
                                          std::string_view client_address, Seconds now) {
  const std::string since = iso(now - o.lockout_window);
  std::chrono::seconds wait{0};
  auto consider = [&](Result<int64_t> failures, auto nth) -> Result<void> {
    if (!failures) return failures.error();
    if (*failures < o.lockout_failures) return {};
    Result<std::optional<std::string>> at = nth();
    if (!at) return at.error();
    KITH_ASSERT_MSG(at->has_value(), "with that many failures in the window, the n-th newest exists");
    wait = std::max(wait, std::chrono::duration_cast<std::chrono::seconds>(stored_time(**at) + o.lockout_window - now));
    return {};
  };
  if (!key.empty())
    KITH_TRY(consider(repo.count_failures_of_user(key, since),
                      [&] { return repo.nth_failure_of_user(key, since, o.lockout_failures); }));
  if (!client_address.empty())
    KITH_TRY(consider(repo.count_failures_from(client_address, since),
                      [&] { return repo.nth_failure_from(client_address, since, o.lockout_failures); }));
  return wait;
}

// One log-in attempt's first step, in one short write: the lockout check
// (with the window's old failures pruned), then the attempt recorded as a
// failure before the password is checked, so parallel attempts cannot get
// past the limit (the caller takes it back when the password is right).
struct Attempt {
  std::chrono::seconds wait{0};  // > 0: locked out, nothing recorded
  int64_t failure_row = 0;
  std::optional<UserRow> user;   // none for an unknown (or empty) username
};

Result<Attempt> begin_attempt(store::Store& s, const AccountOptions& o, const std::string& key,
                              std::string_view client_address, Seconds now) {
  Attempt a;
  KITH_TRY(s.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    KITH_TRY(repo.lock_failures());
    auto pruned = repo.prune_failures(iso(now - o.lockout_window));
    if (!pruned) return pruned.error();
    auto w = lockout_wait(repo, o, key, client_address, now);
    if (!w) return w.error();
    a.wait = *w;
    if (a.wait.count() > 0) return {};
    auto row = repo.insert_failure(key, client_address, iso(now));
    if (!row) return row.error();
    a.failure_row = *row;
    if (key.empty()) return {};
    auto found = repo.find_user(key);
    if (!found) return found.error();
    a.user = std::move(*found);
    return {};
  }));
  return a;
}


// The username a log-in is counted against: its key, or "" when no user
// could have the name (then only the address counts).
std::string failure_key(std::string_view username) {
  auto name = check_username(username);
  return name ? username_key(*name) : std::string();
}

}  // namespace

// ---- roles, names -------------------------------------------------------------

std::string_view role_name(Role r) {
  switch (r) {
    case Role::admin: return "admin";
    case Role::researcher: return "researcher";
    case Role::link_worker: return "link_worker";
    case Role::broker: return "broker";
    case Role::coordinator: return "coordinator";
    case Role::commissioner: return "commissioner";
    case Role::member: return "member";
  }
  KITH_ASSERT_MSG(false, "every Role has a name");
  return {};
}

Result<Role> parse_role(std::string_view name) {
  std::string all;
  for (Role r : kRoles) {
    if (role_name(r) == name) return r;
    all += (all.empty() ? "" : ", ") + std::string(role_name(r));
  }
  return invalid("role", fmt::format("Unknown role; use one of {}", all));
}

bool has_role(const User& u, Role role, std::string_view area_id) {
  return std::any_of(u.grants.begin(), u.grants.end(),
                     [&](const Grant& g) { return g.role == role && (g.all_areas() || g.area_id == area_id); });
}

Result<std::string> check_username(std::string_view username) {
  std::string_view t = trim(username);
  if (t.empty() || t.size() > kUsernameMaxChars || !std::all_of(t.begin(), t.end(), is_username_char))
    return invalid("username", fmt::format("Choose a username of 1 to {} characters: letters a-z or A-Z, digits "
                                           "0-9, and . _ - @",
                                           kUsernameMaxChars));
  return std::string(t);
}

std::string username_key(std::string_view username) { return model::fold_for_search(trim(username)); }

// ---- Accounts -----------------------------------------------------------------

Accounts::Accounts(store::Store& s, AccountOptions options) : store_(s), options_(options) {
  KITH_ASSERT_MSG(options_.lockout_failures >= 1, "a lockout needs at least one failure");
  KITH_ASSERT_MSG(options_.session_idle.count() > 0 && options_.session_absolute.count() > 0,
                  "sessions expire after a positive time");
}

Result<User> Accounts::add_user(const NewUser& u, const Actor& who) { return insert_user(u, who, false); }

Result<User> Accounts::add_first_admin(const NewUser& u, const Actor& who) {
  NewUser admin = u;
  admin.grant = Grant{Role::admin, {}};
  return insert_user(admin, who, true);
}

Result<User> Accounts::insert_user(const NewUser& u, const Actor& who, bool only_if_first) {
  auto name = check_username(u.username);
  if (!name) return name.error();
  auto display = trim(u.display_name).empty()
                     ? Result<std::string>(*name)
                     : check_line(u.display_name, "display_name", "a display name", kDisplayNameMaxChars);
  if (!display) return display.error();
  KITH_TRY(check_grant(u.grant));
  KITH_TRY(check_password(u.password, *name));
  const std::string key = username_key(*name);
  // A taken name is refused before the slow hash; the insert checks again.
  std::optional<UserRow> existing;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto row = repo.find_user(key);
    if (!row) return row.error();
    existing = std::move(*row);
    if (existing) return {};
    // A wrong area or person is refused before the slow hash too.
    auto area = area_row_of(repo, u.grant, true);
    if (!area) return area.error();
    auto person = person_row_of(repo, u.grant, *area);
    if (!person) return person.error();
    return {};
  }));
  if (existing) return username_taken(existing->username);
  auto hash = hash_password(u.password, options_.password);
  if (!hash) return hash.error();

  User out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    if (only_if_first) {
      auto any = repo.any_user();
      if (!any) return any.error();
      if (*any) return Error{Errc::forbidden, "Accounts exist already; an administrator adds users", {}, 0};
    }
    auto area = area_row_of(repo, u.grant, true);
    if (!area) return area.error();
    auto person = person_row_of(repo, u.grant, *area);
    if (!person) return person.error();
    const std::string at = iso(now_seconds());
    store::NewUserRow row{new_id(kUserIdPrefix), *name, key, *display, *hash, at};
    auto user_row = repo.insert_user(row);
    if (!user_row) return user_row.error().code == Errc::conflict ? username_taken(*name) : user_row.error();
    auto granted = repo.insert_grant(*user_row, role_name(u.grant.role), *area, *person, at);
    if (!granted) return granted.error();
    KITH_ASSERT_MSG(*granted, "a new user holds no grant yet");
    auto stored = repo.user_by_row(*user_row);
    if (!stored) return stored.error();
    KITH_ASSERT(stored->has_value());
    json detail = grant_detail(u.grant);
    detail["display_name"] = *display;
    KITH_TRY(audit(c, who, "add_user", **stored, u.grant.area_id, detail, u.grant.person_id));
    auto loaded = load_user(repo, **stored);
    if (!loaded) return loaded.error();
    out = std::move(*loaded);
    return {};
  }));
  return out;
}

Result<void> Accounts::grant(std::string_view username, const Grant& g, const Actor& who) {
  return grant_scoped(username, g, who, nullptr);
}

Result<void> Accounts::grant_scoped(std::string_view username, const Grant& g, const Actor& who, const Scope* scope) {
  KITH_TRY(check_grant(g));
  return store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto user = require_user(repo, username);
    if (!user) return user.error();
    if (scope) {
      KITH_TRY(check_reach(repo, *scope->by, scope->area_id, *user, false));
    }
    auto area = area_row_of(repo, g, true);
    if (!area) return area.error();
    auto person = person_row_of(repo, g, *area);
    if (!person) return person.error();
    auto granted = repo.insert_grant(user->row, role_name(g.role), *area, *person, iso(now_seconds()));
    if (!granted) return granted.error();
    if (!*granted) return conflict(fmt::format("{} is already {}", user->username, grant_words(g)), "role");
    return audit(c, who, "grant", *user, g.area_id, grant_detail(g), g.person_id);
  });
}

Result<void> Accounts::revoke(std::string_view username, const Grant& g, const Actor& who) {
  return revoke_scoped(username, g, who, nullptr);
}

Result<void> Accounts::revoke_scoped(std::string_view username, const Grant& g, const Actor& who,
                                     const Scope* scope) {
  return store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto user = require_user(repo, username);
    if (!user) return user.error();
    if (scope) {
      KITH_TRY(check_reach(repo, *scope->by, scope->area_id, *user, true));
    }
    auto area = area_row_of(repo, g, false);
    if (!area) return area.error();
    auto admins = repo.count_enabled_all_areas(role_name(Role::admin));
    if (!admins) return admins.error();
    std::vector<AdminCount> area_admins;
    if (g.role == Role::admin && !g.all_areas()) {
      auto n = count_area_admins(repo, g.area_id);
      if (!n) return n.error();
      area_admins.push_back(std::move(*n));
    }
    auto person = stored_person_of(repo, user->row, g);
    if (!person) return person.error();
    auto deleted = repo.delete_grant(user->row, role_name(g.role), *area);
    if (!deleted) return deleted.error();
    if (!*deleted) {
      Error e = not_found(fmt::format("{} is not {}", user->username, grant_words(g)));
      e.field = "role";
      return e;
    }
    KITH_TRY(keep_an_admin(repo, *admins));
    KITH_TRY(keep_area_admins(repo, area_admins, "role"));
    if (scope) {
      auto left = repo.grants_of(user->row);
      if (!left) return left.error();
      const bool still_here = std::any_of(left->begin(), left->end(),
                                          [&](const GrantRow& r) { return r.area_id == scope->area_id; });
      if (!still_here)
        return conflict(fmt::format("This is {}'s only role in this area; give them another role first, or "
                                    "disable the account to stop them signing in",
                                    user->username),
                        "role");
    }
    return audit(c, who, "revoke", *user, g.area_id, grant_detail(Grant{g.role, g.area_id, *person}), *person);
  });
}

Result<std::vector<User>> Accounts::list_users() {
  std::vector<User> out;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto users = repo.list_users();
    if (!users) return users.error();
    auto grants = repo.all_grants();
    if (!grants) return grants.error();
    std::map<int64_t, std::vector<GrantRow>> by_user;
    for (auto& g : *grants) by_user[g.user_row].push_back(std::move(g));
    for (const auto& row : *users) out.push_back(user_of(row, by_user[row.row]));
    return {};
  }));
  return out;
}

Result<User> Accounts::find_user(std::string_view username) {
  User out;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto row = require_user(repo, username);
    if (!row) return row.error();
    auto user = load_user(repo, *row);
    if (!user) return user.error();
    out = std::move(*user);
    return {};
  }));
  return out;
}

Result<bool> Accounts::any_account() {
  bool any = false;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    auto r = AccountRepository(c).any_user();
    if (!r) return r.error();
    any = *r;
    return {};
  }));
  return any;
}

Result<void> Accounts::disable(std::string_view username, const Actor& who) {
  return disable_scoped(username, who, nullptr);
}

Result<void> Accounts::disable_scoped(std::string_view username, const Actor& who, const Scope* scope) {
  return store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto user = require_user(repo, username);
    if (!user) return user.error();
    if (scope) {
      KITH_TRY(check_reach(repo, *scope->by, scope->area_id, *user, true));
      if (user->public_id == scope->by->id)
        return conflict("You cannot disable your own account; another admin of the area can", "username");
    }
    if (user->disabled) return {};
    auto admins = repo.count_enabled_all_areas(role_name(Role::admin));
    if (!admins) return admins.error();
    auto area_admins = admin_areas_of(repo, user->row);
    if (!area_admins) return area_admins.error();
    const std::string at = iso(now_seconds());
    KITH_TRY(repo.set_disabled(user->row, true, at));
    KITH_TRY(keep_an_admin(repo, *admins));
    KITH_TRY(keep_area_admins(repo, *area_admins, "username"));
    auto ended = repo.end_sessions_of(user->row, at);
    if (!ended) return ended.error();
    return audit(c, who, "disable", *user, scope ? scope->area_id : std::string_view{}, {{"sessions_ended", *ended}});
  });
}

Result<void> Accounts::enable(std::string_view username, const Actor& who) {
  return enable_scoped(username, who, nullptr);
}

Result<void> Accounts::enable_scoped(std::string_view username, const Actor& who, const Scope* scope) {
  return store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto user = require_user(repo, username);
    if (!user) return user.error();
    if (scope) {
      KITH_TRY(check_reach(repo, *scope->by, scope->area_id, *user, true));
    }
    if (!user->disabled) return {};
    KITH_TRY(repo.set_disabled(user->row, false, iso(now_seconds())));
    return audit(c, who, "enable", *user, scope ? scope->area_id : std::string_view{});
  });
}

Result<void> Accounts::reset_password(std::string_view username, std::string_view new_password, const Actor& who) {
  return reset_password_scoped(username, new_password, who, nullptr);
}

Result<void> Accounts::reset_password_scoped(std::string_view username, std::string_view new_password,
                                             const Actor& who, const Scope* scope) {
  // The user is looked up first, so an unknown name costs no hash.
  auto found = find_user(username);
  if (!found) return found.error();
  KITH_TRY(check_password(new_password, found->username));
  auto hash = hash_password(new_password, options_.password);
  if (!hash) return hash.error();
  return store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto row = require_user(repo, username);
    if (!row) return row.error();
    if (scope) {
      KITH_TRY(check_reach(repo, *scope->by, scope->area_id, *row, true));
    }
    const std::string at = iso(now_seconds());
    KITH_TRY(repo.set_password(row->row, *hash, at));
    auto ended = repo.end_sessions_of(row->row, at);
    if (!ended) return ended.error();
    return audit(c, who, "reset_password", *row, scope ? scope->area_id : std::string_view{},
                 {{"sessions_ended", *ended}});
  });
}

// ---- one area's users -----------------------------------------------------------

Result<std::vector<AreaUser>> Accounts::area_users(const User& by, std::string_view area_id, const Actor& who) {
  std::vector<AreaUser> out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto area = area_row_of(repo, Grant{Role::admin, std::string(area_id)}, true);
    if (!area) return area.error();
    auto users = repo.list_users();
    if (!users) return users.error();
    auto grants = repo.all_grants();
    if (!grants) return grants.error();
    auto logins = repo.last_log_ins();
    if (!logins) return logins.error();
    std::map<int64_t, std::vector<GrantRow>> by_user;
    for (auto& g : *grants) by_user[g.user_row].push_back(std::move(g));
    std::map<int64_t, std::string> last(logins->begin(), logins->end());
    for (const auto& row : *users) {
      const std::vector<GrantRow>& all = by_user[row.row];
      AreaUser u{row.public_id, row.username, row.display_name, row.disabled, {}, {}, false};
      for (const auto& g : all)
        if (g.area_id == area_id || g.area_id.empty())
          u.roles.push_back(AreaGrant{stored_role(g.role), g.area_id.empty(), g.person_id, g.person_name});
      if (u.roles.empty()) continue;
      std::sort(u.roles.begin(), u.roles.end(), [](const AreaGrant& a, const AreaGrant& b) {
        return a.role != b.role ? static_cast<int>(a.role) < static_cast<int>(b.role) : a.all_areas > b.all_areas;
      });
      u.can_change = administers_every_area_of(by, all);
      if (auto it = last.find(row.row); it != last.end()) u.last_log_in = it->second;
      out.push_back(std::move(u));
    }
    // The list names the people members are linked to: a read of personal data.
    store::AuditEntry entry = store::audit_entry(who, "list", kAuditEntity, {}, area_id);
    entry.detail = json{{"users", out.size()}}.dump();
    return store::Repository(c).audit(entry);
  }));
  return out;
}

Result<OneTimePassword> Accounts::add_area_user(const User& by, std::string_view area_id, const NewAreaUser& u,
                                                const Actor& who) {
  (void)by;  // anyone the gate let in as the area's admin may add a user to it
  auto role = parse_role(u.role);
  if (!role) return role.error();
  auto name = check_username(u.username);
  if (!name) return name.error();
  auto password = make_one_time_password(*name);
  if (!password) return password.error();
  auto added = add_user(NewUser{*name, u.display_name, *password, Grant{*role, std::string(area_id), u.person_id}}, who);
  if (!added) return added.error();
  return OneTimePassword{std::move(*added), std::move(*password)};
}

Result<void> Accounts::grant_in_area(const User& by, std::string_view area_id, std::string_view username,
                                     std::string_view role, std::string_view person_id, const Actor& who) {
  auto r = parse_role(role);
  if (!r) return r.error();
  const Scope scope{&by, area_id};
  return grant_scoped(username, Grant{*r, std::string(area_id), std::string(person_id)}, who, &scope);
}

Result<void> Accounts::revoke_in_area(const User& by, std::string_view area_id, std::string_view username,
                                      std::string_view role, const Actor& who) {
  auto r = parse_role(role);
  if (!r) return r.error();
  const Scope scope{&by, area_id};
  return revoke_scoped(username, Grant{*r, std::string(area_id)}, who, &scope);
}

Result<void> Accounts::set_disabled_in_area(const User& by, std::string_view area_id, std::string_view username,
                                            bool disabled, const Actor& who) {
  const Scope scope{&by, area_id};
  return disabled ? disable_scoped(username, who, &scope) : enable_scoped(username, who, &scope);
}

Result<OneTimePassword> Accounts::reset_password_in_area(const User& by, std::string_view area_id,
                                                         std::string_view username, const Actor& who) {
  auto name = check_username(username);
  if (!name) return no_such_user(username);
  auto password = make_one_time_password(*name);
  if (!password) return password.error();
  const Scope scope{&by, area_id};
  KITH_TRY(reset_password_scoped(username, *password, who, &scope));
  auto user = find_user(username);
  if (!user) return user.error();
  return OneTimePassword{std::move(*user), std::move(*password)};
}

Result<void> Accounts::change_own_password(std::string_view username, std::string_view current_password,
                                           std::string_view new_password, std::string_view keep_session_token,
                                           std::string_view client_address, Seconds now, const Actor& who) {
  if (current_password.empty()) return invalid("current_password", "Enter your current password");
  if (new_password.empty()) return invalid("new_password", "Enter a new password");
  const std::string key = failure_key(username);
  // As log_in: the lockout check, and this attempt recorded as a failure
  // before the password is checked, taken back only when it is right.
  auto begun = begin_attempt(store_, options_, key, client_address, now);
  if (!begun) return begun.error();
  const std::chrono::seconds wait = begun->wait;
  const int64_t attempt = begun->failure_row;
  std::optional<UserRow> user = std::move(begun->user);
  if (wait.count() > 0) return locked_out(wait);
  if (!user) return wrong_credentials();
  if (!verify_password(user->password_hash, current_password))
    return invalid("current_password", "Your current password is wrong");
  if (auto ok = check_password(new_password, user->username); !ok) {
    Error e = ok.error();
    e.field = "new_password";
    // The attempt proved the current password: it is no failed log-in.
    KITH_TRY(store_.write([&](Connection& c) -> Result<void> { return AccountRepository(c).delete_failure(attempt); }));
    return e;
  }
  auto hash = hash_password(new_password, options_.password);
  if (!hash) return hash.error();
  return store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto current = repo.user_by_row(user->row);
    if (!current) return current.error();
    // Changed since it was read (another change, a reset, disabled): this one does not stand.
    if (!*current || (*current)->password_hash != user->password_hash || (*current)->disabled)
      return invalid("current_password", "Your current password is wrong");
    KITH_TRY(repo.delete_failure(attempt));
    const std::string at = iso(now);
    KITH_TRY(repo.set_password(user->row, *hash, at));
    auto ended = keep_session_token.empty() ? repo.end_sessions_of(user->row, at)
                                            : repo.end_other_sessions_of(user->row, token_hash(keep_session_token), at);
    if (!ended) return ended.error();
    return audit(c, who, "change_password", **current, {}, {{"sessions_ended", *ended}});
  });
}

Result<std::string> Accounts::issue_token(std::string_view username, std::string_view label,
                                          std::optional<int> expires_days, const Actor& who) {
  auto name = check_line(label, "label", "the token a label", kTokenLabelMaxChars);
  if (!name) return name.error();
  if (expires_days && (*expires_days < 1 || *expires_days > kTokenExpiresDaysMax))
    return invalid("expires_days",
                   fmt::format("Give the days until the token expires as a number from 1 to {}", kTokenExpiresDaysMax));
  const Seconds now = now_seconds();
  const std::string expires_at = expires_days ? iso(now + std::chrono::days(*expires_days)) : std::string();
  std::string token = std::string(kApiTokenPrefix) + random_secret();
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto user = require_user(repo, username);
    if (!user) return user.error();
    if (user->disabled)
      return conflict(fmt::format("{} is disabled; enable the account before issuing it a token", user->username),
                      "username");
    const std::string at = iso(now);
    auto retired = repo.retire_expired_token(user->row, *name, at);  // an expired token frees its label
    if (!retired) return retired.error();
    auto inserted = repo.insert_token(user->row, *name, token_hash(token), at, expires_at);
    if (!inserted) {
      if (inserted.error().code != Errc::conflict) return inserted.error();
      return conflict(fmt::format("{} already has a token labelled \"{}\"; revoke it or choose another label",
                                  user->username, *name),
                      "label");
    }
    return audit(c, who, "issue_token", *user, {},
                 {{"label", *name}, {"expires_at", expires_at.empty() ? json(nullptr) : json(expires_at)}});
  }));
  return token;
}

Result<void> Accounts::revoke_token(std::string_view username, std::string_view label, const Actor& who) {
  std::string_view name = trim(label);
  return store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto user = require_user(repo, username);
    if (!user) return user.error();
    auto revoked = repo.revoke_token(user->row, name, iso(now_seconds()));
    if (!revoked) return revoked.error();
    if (!*revoked) {
      Error e = not_found(valid_utf8(name) && !has_control_char(name)
                              ? fmt::format("{} has no live token labelled \"{}\"", user->username, name)
                              : fmt::format("{} has no live token with that label", user->username));
      e.field = "label";
      return e;
    }
    return audit(c, who, "revoke_token", *user, {}, {{"label", std::string(name)}});
  });
}

Result<NewSession> Accounts::log_in(std::string_view username, std::string_view password,
                                    std::string_view client_address, Seconds now) {
  const std::string key = failure_key(username);
  const std::string at = iso(now);
  // 1. In one short write: the lockout check, and this attempt recorded as
  //    a failure before the password is checked, so parallel attempts cannot
  //    get past the limit (it is taken back below on success).
  auto begun = begin_attempt(store_, options_, key, client_address, now);
  if (!begun) return begun.error();
  const std::chrono::seconds wait = begun->wait;
  const int64_t attempt = begun->failure_row;
  std::optional<UserRow> user = std::move(begun->user);
  if (wait.count() > 0) return locked_out(wait);

  // 2. The slow part, outside any transaction. An unknown user is checked
  //    against the dummy hash, so both cases take as long.
  const bool right = verify_password(user ? user->password_hash : dummy_hash(options_.password), password);
  if (!user || !right) return wrong_credentials();
  if (user->disabled)
    return Error{Errc::unauthenticated, "This account is disabled; ask an administrator to enable it", {}, 0};
  std::optional<std::string> rehashed;
  if (needs_rehash(user->password_hash, options_.password)) {
    auto h = hash_password(password, options_.password);
    if (h) rehashed = std::move(*h);  // without memory now, the next log-in tries again
  }

  // 3. The session, in one write that takes the attempt back off the failures.
  NewSession session;
  session.token = random_secret();
  session.csrf_token = random_secret();
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto current = repo.user_by_row(user->row);
    if (!current) return current.error();
    // Changed since it was read (password reset, disabled): this log-in does not stand.
    if (!*current || (*current)->password_hash != user->password_hash || (*current)->disabled)
      return wrong_credentials();
    KITH_TRY(repo.delete_failure(attempt));
    if (rehashed) KITH_TRY(repo.replace_hash(user->row, *rehashed));
    KITH_TRY(repo.insert_session(user->row, token_hash(session.token), session.csrf_token, client_address, at));
    auto loaded = load_user(repo, **current);
    if (!loaded) return loaded.error();
    session.user = std::move(*loaded);
    Actor self(user->username, user->public_id, {}, std::string(client_address));
    return audit(c, self, "log_in", **current, {}, {{"client_address", client_address}});
  }));
  return session;
}

Result<std::chrono::seconds> Accounts::retry_after(std::string_view username, std::string_view client_address,
                                                   Seconds now) {
  std::chrono::seconds wait{0};
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto w = lockout_wait(repo, options_, failure_key(username), client_address, now);
    if (!w) return w.error();
    wait = *w;
    return {};
  }));
  return wait;
}

Result<Authenticated> Accounts::authenticate_session(std::string_view session_token, Seconds now) {
  if (!is_secret_shape(session_token)) return session_ended();
  std::optional<store::SessionRow> session;
  User user;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto found = repo.find_live_session(token_hash(session_token));
    if (!found) return found.error();
    session = std::move(*found);
    if (!session) return {};
    auto loaded = user_at_row(repo, session->user_row);
    if (!loaded) return loaded.error();
    user = std::move(*loaded);
    return {};
  }));
  if (!session || user.disabled) return session_ended();

  const Seconds created = stored_time(session->created_at), seen = stored_time(session->last_seen_at);
  std::string expired;
  if (now >= created + options_.session_absolute)
    expired = fmt::format("This session expired {} after log-in; log in again", duration_words(options_.session_absolute));
  else if (now >= seen + options_.session_idle)
    expired = fmt::format("This session expired after {} without use; log in again",
                          duration_words(options_.session_idle));
  if (!expired.empty()) {
    KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
      auto ended = AccountRepository(c).end_session(session->row, iso(now));
      if (!ended) return ended.error();
      return {};
    }));
    return Error{Errc::unauthenticated, expired, {}, 0};
  }
  if (now - seen >= options_.session_touch) {
    bool live = false;
    KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
      auto touched = AccountRepository(c).touch_session(session->row, iso(now));
      if (!touched) return touched.error();
      live = *touched;
      return {};
    }));
    if (!live) return session_ended();  // logged out meanwhile
  }
  return Authenticated{std::move(user), true, session->csrf_token};
}

Result<Authenticated> Accounts::authenticate_token(std::string_view bearer_token, Seconds now) {
  if (!bearer_token.starts_with(kApiTokenPrefix) || !is_secret_shape(bearer_token.substr(kApiTokenPrefix.size())))
    return token_not_valid();
  std::optional<store::TokenRow> token;
  User user;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto found = repo.find_live_token(token_hash(bearer_token));
    if (!found) return found.error();
    token = std::move(*found);
    if (!token) return {};
    auto loaded = user_at_row(repo, token->user_row);
    if (!loaded) return loaded.error();
    user = std::move(*loaded);
    return {};
  }));
  if (!token) return token_not_valid();
  if (!token->expires_at.empty() && now >= stored_time(token->expires_at))
    return Error{Errc::unauthenticated, fmt::format("This API token expired at {}", token->expires_at), {}, 0};
  if (user.disabled) return Error{Errc::unauthenticated, "The account of this API token is disabled", {}, 0};
  return Authenticated{std::move(user), false, {}};
}

Result<void> Accounts::log_out(std::string_view session_token, Seconds now) {
  if (!is_secret_shape(session_token)) return {};
  return store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto session = repo.find_live_session(token_hash(session_token));
    if (!session) return session.error();
    if (!*session) return {};
    auto ended = repo.end_session((*session)->row, iso(now));
    if (!ended) return ended.error();
    auto user = repo.user_by_row((*session)->user_row);
    if (!user) return user.error();
    KITH_ASSERT_MSG(user->has_value(), "a session's user exists (foreign key)");
    return audit(c, Actor((*user)->username, (*user)->public_id), "log_out", **user, {});
  });
}

Result<int64_t> Accounts::log_out_everywhere(std::string_view username, Seconds now) {
  int64_t ended = 0;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    AccountRepository repo(c);
    auto user = require_user(repo, username);
    if (!user) return user.error();
    auto n = repo.end_sessions_of(user->row, iso(now));
    if (!n) return n.error();
    ended = *n;
    return audit(c, Actor(user->username, user->public_id), "log_out_everywhere", *user, {},
                 {{"sessions_ended", ended}});
  }));
  return ended;
}

}  // namespace kith::domain
