// kith user …: accounts from the command line (domain/accounts.hpp). The
// deployment's administrator makes the first admin here; passwords come on
// standard input only, never in the command line, where `ps` would show them.
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "kith/cli/commands.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/store/store.hpp"

namespace kith::cli {
namespace {

using domain::Accounts;

struct UserArgs {
  std::string db = kDefaultDbUrl;
  std::string username;
  std::string role;
  std::string area;
  std::string person;  // a member's own person (pe_…), for add and grant
  bool all_areas = false;
  std::string display_name;
  bool password_stdin = false;
  std::string label;
  int expires_days = 0;
  bool has_expires_days = false;
};

const model::Actor kCliActor{"cli"};

// A usage error: the command line itself is wrong (exit 2).
int usage(const std::string& message) {
  std::cerr << "kith: " << message << "\n";
  return 2;
}

// A domain or store error (exit 1).
int failed(const Error& e) {
  print_error(e);
  return 1;
}

// Terminal echo off while a password is typed; restored when this goes.
class NoEcho {
 public:
  NoEcho() {
    if (!::isatty(STDIN_FILENO) || ::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~NoEcho() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;
  bool active() const { return active_; }

 private:
  termios saved_{};
  bool active_ = false;
};

// One line of standard input with its line ending removed; on a terminal,
// asked for without echo.
std::optional<std::string> read_password() {
  NoEcho quiet;
  if (quiet.active()) std::cerr << "Password: " << std::flush;
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (quiet.active()) std::cerr << "\n";
  if (!got && line.empty()) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// --role with --area or --all-areas, as a grant; nullopt after a usage error.
std::optional<domain::Grant> grant_of(const UserArgs& a, int& exit_code) {
  if (a.area.empty() == !a.all_areas) {
    exit_code = usage("Give either --area AREA_ID or --all-areas (admins only)");
    return std::nullopt;
  }
  auto role = domain::parse_role(a.role);
  if (!role) {
    exit_code = usage("--role: " + role.error().message);
    return std::nullopt;
  }
  return domain::Grant{*role, a.all_areas ? std::string() : a.area, a.person};
}

std::string grant_text(const domain::Grant& g) {
  return std::string(domain::role_name(g.role)) + (g.all_areas() ? " for all areas" : " in area " + g.area_id) +
         (g.person_id.empty() ? "" : ", linked to person " + g.person_id);
}

// role:area for `kith user list` (role:all-areas), and role:area:person for a
// member linked to their person; grants without a person print as they
// always have, so scripts reading the list see no change for them.
std::string grant_list_text(const domain::Grant& g) {
  std::string out = std::string(domain::role_name(g.role)) + ":" + (g.all_areas() ? std::string("all-areas") : g.area_id);
  if (!g.person_id.empty()) out += ":" + g.person_id;
  return out;
}

// Opens (and migrates) the database and runs `fn` with its accounts.
template <class Fn>
int with_accounts(const UserArgs& a, Fn&& fn) {
  auto store = store::open_store(a.db, store::StoreOptions{.pool_size = 1});
  if (!store) return failed(store.error());
  Accounts accounts(**store);
  return fn(accounts);
}

int run_add(const UserArgs& a) {
  int code = 0;
  auto grant = grant_of(a, code);
  if (!grant) return code;
  auto password = read_password();
  if (!password) return usage("--password-stdin reads the password from standard input, which was empty");
  return with_accounts(a, [&](Accounts& accounts) {
    auto user = accounts.add_user({a.username, a.display_name, *password, *grant}, kCliActor);
    if (!user) return failed(user.error());
    std::cout << "Added user " << user->username << " (" << user->id << "): " << grant_text(*grant) << "\n";
    return 0;
  });
}

int run_grant(const UserArgs& a, bool give) {
  int code = 0;
  auto grant = grant_of(a, code);
  if (!grant) return code;
  return with_accounts(a, [&](Accounts& accounts) {
    auto done = give ? accounts.grant(a.username, *grant, kCliActor) : accounts.revoke(a.username, *grant, kCliActor);
    if (!done) return failed(done.error());
    std::cout << a.username << (give ? " is now " : " is no longer ") << grant_text(*grant) << "\n";
    return 0;
  });
}

// Tab-separated, one user a line after a header: username, id, status,
// display name, grants as role:area (role:all-areas; member:area:person for
// a member linked to their own record), comma-separated.
int run_list(const UserArgs& a) {
  return with_accounts(a, [&](Accounts& accounts) {
    auto users = accounts.list_users();
    if (!users) return failed(users.error());
    std::cout << "username\tid\tstatus\tdisplay_name\tgrants\n";
    for (const auto& u : *users) {
      std::string grants;
      for (const auto& g : u.grants) grants += (grants.empty() ? "" : ",") + grant_list_text(g);
      std::cout << u.username << "\t" << u.id << "\t" << (u.disabled ? "disabled" : "active") << "\t"
                << u.display_name << "\t" << grants << "\n";
    }
    return 0;
  });
}

int run_disable(const UserArgs& a, bool disable) {
  return with_accounts(a, [&](Accounts& accounts) {
    auto done = disable ? accounts.disable(a.username, kCliActor) : accounts.enable(a.username, kCliActor);
    if (!done) return failed(done.error());
    std::cout << (disable ? "Disabled " : "Enabled ") << a.username
              << (disable ? "; their sessions have ended\n" : "\n");
    return 0;
  });
}

int run_reset_password(const UserArgs& a) {
  auto password = read_password();
  if (!password) return usage("--password-stdin reads the password from standard input, which was empty");
  return with_accounts(a, [&](Accounts& accounts) {
    auto done = accounts.reset_password(a.username, *password, kCliActor);
    if (!done) return failed(done.error());
    std::cout << "Changed the password of " << a.username << "; their sessions have ended\n";
    return 0;
  });
}

// The token alone on standard output, so a script can capture it.
int run_token(const UserArgs& a) {
  return with_accounts(a, [&](Accounts& accounts) {
    auto token = accounts.issue_token(a.username, a.label,
                                      a.has_expires_days ? std::optional<int>(a.expires_days) : std::nullopt,
                                      kCliActor);
    if (!token) return failed(token.error());
    std::cerr << "kith: this token is shown only now; kith keeps only its hash\n";
    std::cout << *token << "\n";
    return 0;
  });
}

int run_revoke_token(const UserArgs& a) {
  return with_accounts(a, [&](Accounts& accounts) {
    auto done = accounts.revoke_token(a.username, a.label, kCliActor);
    if (!done) return failed(done.error());
    std::cout << "Revoked the token \"" << a.label << "\" of " << a.username << "\n";
    return 0;
  });
}

CLI::App* sub(CLI::App* user, const std::string& name, const std::string& help, UserArgs& a) {
  auto* cmd = user->add_subcommand(name, help);
  cmd->add_option("--db", a.db, "Database: a SQLite file path or postgresql://… URL")->capture_default_str();
  return cmd;
}

void username_option(CLI::App* cmd, UserArgs& a) {
  cmd->add_option("--username", a.username, "The user's name (letters, digits, . _ - @; case does not matter)")
      ->required();
}

void grant_options(CLI::App* cmd, UserArgs& a) {
  cmd->add_option("--role", a.role,
                  "admin, researcher, link_worker, broker, coordinator, commissioner or member")
      ->required();
  auto* area = cmd->add_option("--area", a.area, "The area (ar_…) the role is for");
  auto* all = cmd->add_flag("--all-areas", a.all_areas, "The role for every area (admin only)");
  area->excludes(all);
}

// Only add and grant link a person: revoke takes the role in the area away,
// whatever person it names.
void person_option(CLI::App* cmd, UserArgs& a) {
  cmd->add_option("--person", a.person,
                  "For --role member: the person (pe_…) of the area's register this member is; they see their "
                  "own record, ties and consent");
}

void password_option(CLI::App* cmd, UserArgs& a) {
  cmd->add_flag("--password-stdin", a.password_stdin, "Read the password from standard input (one line)")
      ->required();
}

}  // namespace

void add_user(CLI::App& app, int& exit_code) {
  auto* user = app.add_subcommand("user", "Manage accounts: users, their roles per area, passwords and API tokens");
  user->require_subcommand(1);
  auto a = std::make_shared<UserArgs>();

  auto* add = sub(user, "add", "Add a user with a first role and a password read from standard input", *a);
  username_option(add, *a);
  grant_options(add, *a);
  person_option(add, *a);
  add->add_option("--display-name", a->display_name, "The name others see (default: the username)");
  password_option(add, *a);
  add->callback([a, &exit_code] { exit_code = run_add(*a); });

  auto* grant = sub(user, "grant", "Give a user a role in an area (or, for admin, in all areas)", *a);
  username_option(grant, *a);
  grant_options(grant, *a);
  person_option(grant, *a);
  grant->callback([a, &exit_code] { exit_code = run_grant(*a, true); });

  auto* revoke = sub(user, "revoke", "Take a role in an area (or all areas) from a user", *a);
  username_option(revoke, *a);
  grant_options(revoke, *a);
  revoke->callback([a, &exit_code] { exit_code = run_grant(*a, false); });

  auto* list = sub(user, "list", "List users, tab-separated: username, id, status, display name, grants", *a);
  list->callback([a, &exit_code] { exit_code = run_list(*a); });

  auto* disable = sub(user, "disable", "Disable a user and end their sessions (grants and tokens stay)", *a);
  username_option(disable, *a);
  disable->callback([a, &exit_code] { exit_code = run_disable(*a, true); });

  auto* enable = sub(user, "enable", "Enable a disabled user again", *a);
  username_option(enable, *a);
  enable->callback([a, &exit_code] { exit_code = run_disable(*a, false); });

  auto* reset = sub(user, "reset-password", "Set a new password read from standard input; ends the user's sessions",
                    *a);
  username_option(reset, *a);
  password_option(reset, *a);
  reset->callback([a, &exit_code] { exit_code = run_reset_password(*a); });

  auto* token = sub(user, "token", "Issue an API token for a user and print it, once", *a);
  username_option(token, *a);
  token->add_option("--label", a->label, "What the token is for; unique among the user's live tokens")->required();
  token->add_option("--expires-days", a->expires_days, "Days until the token expires (default: never)")
      ->check(CLI::Range(1, domain::kTokenExpiresDaysMax))
      ->each([a](const std::string&) { a->has_expires_days = true; });
  token->callback([a, &exit_code] { exit_code = run_token(*a); });

  auto* revoke_token = sub(user, "revoke-token", "Revoke a user's API token by its label", *a);
  revoke_token->add_option("--label", a->label, "The token's label")->required();
  username_option(revoke_token, *a);
  revoke_token->callback([a, &exit_code] { exit_code = run_revoke_token(*a); });
}

}  // namespace kith::cli
