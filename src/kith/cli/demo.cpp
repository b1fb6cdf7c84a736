// kith demo: writes a synthetic neighbourhood so there is something to explore.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "kith/cli/commands.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/demo/demo.hpp"
#include "kith/domain/demo/demo_accounts.hpp"
#include "kith/domain/demo/demo_survey.hpp"
#include "kith/store/store.hpp"

namespace kith::cli {
namespace {

struct DemoArgs {
  int people = 2000;
  uint64_t seed = 1;
  std::string url = kDefaultDbUrl;
  std::string area_name;
  std::string accounts_file;  // empty: demo-accounts.txt beside a SQLite file, else in this folder
};

// Beside the SQLite file (kith-data/ for make run), so the passwords sit with
// the data they open; for PostgreSQL, in the current folder.
std::string accounts_path(const DemoArgs& a) {
  if (!a.accounts_file.empty()) return a.accounts_file;
  std::string_view url = a.url;
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return "demo-accounts.txt";
  for (std::string_view prefix : {"sqlite:", "file:"})
    if (url.starts_with(prefix)) url.remove_prefix(prefix.size());
  std::filesystem::path db(url);
  return (db.parent_path() / "demo-accounts.txt").string();
}

// Written with mode 0600 from the start (and made so if it was there), so no
// other user on the machine can read the passwords even for a moment.
Result<void> write_private(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Error{Errc::internal, "Could not write " + path + ": " + std::strerror(errno), "accounts_file", 0};
  bool ok = ::fchmod(fd, 0600) == 0;
  for (size_t done = 0; ok && done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) ok = false;
    else done += static_cast<size_t>(n);
  }
  ok = ::close(fd) == 0 && ok;
  if (!ok) return Error{Errc::internal, "Could not write " + path + ": " + std::strerror(errno), "accounts_file", 0};
  return {};
}

int run_demo(const DemoArgs& a) {
  auto started = std::chrono::steady_clock::now();
  auto data = domain::generate_demo({.people = a.people, .seed = a.seed, .area_name = a.area_name});
  if (!data) {
    print_error(data.error());
    return data.error().code == Errc::invalid ? 2 : 1;
  }
  auto s = store::open_store(a.url);
  if (!s) {
    print_error(s.error());
    return 1;
  }
  auto sum = domain::write_demo(**s, *data);
  if (!sum) {
    print_error(sum.error());
    return 1;
  }
  // Interactive Argon2id limits keep seven hashes quick; each demo account is
  // hashed again with the moderate limits at its first log-in (Accounts
  // rehashes any stored hash made with other limits).
  domain::Accounts accounts(**s, domain::AccountOptions{.password = domain::kPasswordInteractive});
  auto made = domain::create_demo_accounts(accounts, sum->area_id, a.seed, domain::demo_member_person(*data),
                                           domain::Actor{"kith demo"});
  if (!made) {
    print_error(made.error());
    return 1;
  }
  domain::survey::Surveys surveys(**s);
  auto survey = domain::create_demo_survey(surveys, sum->area_id, domain::Actor{"kith demo"});
  if (!survey) {
    print_error(survey.error());
    return 1;
  }
  const std::string path = accounts_path(a);
  auto filed = write_private(path, domain::demo_accounts_text(*made, sum->area_name, sum->area_id));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "Wrote the demo area \"" << sum->area_name << "\" (" << sum->area_id << ") to " << (*s)->engine()
            << ": " << sum->people << " people, " << sum->groups << " groups, " << sum->places << " places, "
            << sum->ties << " ties, " << sum->affiliations << " affiliations in " << std::fixed
            << std::setprecision(2) << seconds << " s.\n"
            << "Every person in it is invented. Loneliness (UCLA-3) and wellbeing (SWEMWBS) scores are in each "
               "person's notes.\n"
            << "A survey instrument is published and its Baseline wave (" << survey->wave_id
            << ") is open for interviews.\n"
            << "One account a role in this area, each with a password drawn at random (shown once):\n";
  for (const auto& acc : *made)
    std::cout << "  " << std::left << std::setw(24) << acc.username << std::setw(14) << domain::role_name(acc.role)
              << acc.password << (acc.person_id.empty() ? "" : "  (linked to person " + acc.person_id + ")") << "\n";
  if (!filed) {
    print_error(filed.error());
    return 1;
  }
  std::cout << "The same list is in " << path << " (readable by its owner only).\n";
  return 0;
}

}  // namespace

void add_demo(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("demo", "Write a synthetic neighbourhood (invented people, groups and ties)");
  auto args = std::make_shared<DemoArgs>();
  cmd->add_option("--people", args->people, "How many people to invent")
      ->check(CLI::Range(domain::kDemoPeopleMin, domain::kDemoPeopleMax))
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "The same seed always makes the same neighbourhood")->capture_default_str();
  cmd->add_option("--db", args->url, "Database: a SQLite file path or postgresql://… URL")->capture_default_str();
  cmd->add_option("--area-name", args->area_name, "Name for the area (default: the generated neighbourhood's)")
      ->check([](const std::string& v) {
        return v.size() <= 200 ? std::string() : std::string("Shorten the area name to at most 200 bytes");
      });
  cmd->add_option("--accounts-file", args->accounts_file,
                  "Where to write the demo accounts' passwords (default: demo-accounts.txt beside the SQLite file)");
  cmd->callback([args, &exit_code] { exit_code = run_demo(*args); });
}

}  // namespace kith::cli
