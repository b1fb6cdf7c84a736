// kith demo: writes a synthetic neighbourhood so there is something to explore.
#include <chrono>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include "kith/cli/commands.hpp"
#include "kith/domain/demo/demo.hpp"
#include "kith/store/store.hpp"

namespace kith::cli {
namespace {

struct DemoArgs {
  int people = 2000;
  uint64_t seed = 1;
  std::string url = kDefaultDbUrl;
  std::string area_name;
};

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
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "Wrote the demo area \"" << sum->area_name << "\" (" << sum->area_id << ") to " << (*s)->engine()
            << ": " << sum->people << " people, " << sum->groups << " groups, " << sum->places << " places, "
            << sum->ties << " ties, " << sum->affiliations << " affiliations in " << std::fixed
            << std::setprecision(2) << seconds << " s.\n"
            << "Every person in it is invented. Loneliness (UCLA-3) and wellbeing (SWEMWBS) scores are in each "
               "person's notes.\n";
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
  cmd->callback([args, &exit_code] { exit_code = run_demo(*args); });
}

}  // namespace kith::cli
