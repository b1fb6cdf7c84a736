// Import throughput: writes a Kumu-style pair of CSV files (people and ties),
// runs `kith import` on them into a fresh database as a child process, and
// reports rows per second and the child's peak memory (getrusage maxrss).
//
//   build-bench/import_bench [--people 100000] [--ties 1000000] [--kith build-bench/kith]
//                            [--dir /tmp/kith-import-bench] [--db URL] [--seed 1] [--keep]
//
// Not run by the tests: it takes tens of seconds and its figure depends on the machine.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <unordered_set>
#include <vector>

#include "kith/graph/random.hpp"

namespace {

namespace fs = std::filesystem;

constexpr int64_t kPeopleMax = 5'000'000;
constexpr int64_t kTiesMax = 20'000'000;

struct Options {
  int64_t people = 100'000;
  int64_t ties = 1'000'000;
  std::string kith;
  std::string dir = "/tmp/kith-import-bench";
  std::string db;  // default: a fresh SQLite file in dir
  uint64_t seed = 1;
  bool keep = false;
};

// kith's one generator (below_modulo: the draw these files were always made
// with), so a seed gives the same files on every machine.
using Rng = kith::graph::SplitMix64;

const char* const kGiven[] = {"Margaret", "Siân", "Zofia", "Ayesha", "Hodan", "Winston", "Mei Ling", "Tomasz",
                              "Imran", "Bethan", "Chinedu", "Ioana", "Seán", "Harpreet", "Nasima", "Omar"};
const char* const kFamily[] = {"Smith", "Jones", "Nowak", "Khan", "Farah", "Campbell", "Chan", "Wiśniewski",
                               "Hussain", "Evans", "Okafor", "Popescu", "Murphy", "Sandhu", "Miah", "Haddad"};
const char* const kInterests[] = {"gardening", "football", "knitting", "cooking", "walking", "chess", "music"};
const char* const kLanguages[] = {"en", "en|cy", "en|pl", "ur|en", "so|en", "en", "yue|en", "en"};
const char* const kDistricts[] = {"LS6", "LS7", "LS8", "LS9"};
const char* const kBands[] = {"1940s", "1950s", "1960s", "1970s", "1980s", "1990s", "2000s"};
const char* const kTieKinds[] = {"family", "friend", "neighbour", "acquaintance", "work_study"};
const char* const kFrequencies[] = {"daily", "weekly", "monthly", "less_often"};

template <class T, size_t N>
const T& pick(Rng& r, const T (&a)[N]) {
  return a[r.below_modulo(N)];
}

void write_elements(const Options& o, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "ID,Label,Type,Tags,Languages,Postcode District,Birth Band\n";
  Rng r{o.seed};
  for (int64_t i = 0; i < o.people; ++i) {
    // Two different interests: a repeated tag is refused, as it should be.
    constexpr uint64_t kCount = std::size(kInterests);
    uint64_t first = r.below_modulo(kCount), second = (first + 1 + r.below_modulo(kCount - 1)) % kCount;
    out << 'p' << i << ',' << pick(r, kGiven) << ' ' << pick(r, kFamily) << ",Person," << kInterests[first] << '|'
        << kInterests[second] << ',' << pick(r, kLanguages) << ',' << pick(r, kDistricts) << ',' << pick(r, kBands)
        << '\n';
  }
}

// Mostly local ties (people near each other in the list, like a street) and
// some long-range ones; no pair twice.
void write_connections(const Options& o, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "From,To,Type,Closeness,Frequency,Evidence,Valid From\n";
  Rng r{o.seed * 7919 + 1};
  std::unordered_set<uint64_t> seen;
  seen.reserve(static_cast<size_t>(o.ties) * 2);
  int64_t written = 0;
  auto people = static_cast<uint64_t>(o.people);
  while (written < o.ties) {
    uint64_t a = r.below_modulo(people);
    uint64_t b = r.below_modulo(4) == 0 ? r.below_modulo(people) : (a + 1 + r.below_modulo(40)) % people;
    if (a == b) continue;
    uint64_t key = std::min(a, b) * people + std::max(a, b);
    if (!seen.insert(key).second) continue;
    out << 'p' << a << ",p" << b << ',' << pick(r, kTieKinds) << ',' << 1 + r.below_modulo(5) << ','
        << pick(r, kFrequencies) << ",survey,2024-03-" << 10 + r.below_modulo(18) << '\n';
    ++written;
  }
}

struct ChildRun {
  int status = -1;
  double seconds = 0;
  long max_rss_kb = 0;
};

ChildRun run_child(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  auto started = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    execv(args[0], args.data());
    std::perror("execv");
    _exit(127);
  }
  ChildRun out;
  if (pid < 0) return out;
  struct rusage usage {};
  if (wait4(pid, &out.status, 0, &usage) < 0) return out;
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.max_rss_kb = usage.ru_maxrss;
  return out;
}

std::string default_kith(const char* argv0) {
  fs::path here = fs::absolute(argv0).parent_path();
  return (here / "kith").string();
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.kith = default_kith(argv[0]);
  CLI::App app{"Import throughput benchmark for `kith import --format kumu`"};
  app.add_option("--people", o.people, "People (elements rows)")->check(CLI::Range(int64_t{1}, kPeopleMax));
  app.add_option("--ties", o.ties, "Ties (connections rows)")->check(CLI::Range(int64_t{0}, kTiesMax));
  app.add_option("--kith", o.kith, "The kith binary")->capture_default_str();
  app.add_option("--dir", o.dir, "Working folder for the CSV files and the SQLite database")->capture_default_str();
  app.add_option("--db", o.db, "Database URL (default: a fresh SQLite file in --dir)");
  app.add_option("--seed", o.seed, "Seed for the generated files");
  app.add_flag("--keep", o.keep, "Keep the files and database afterwards");
  CLI11_PARSE(app, argc, argv);
  if (o.ties > o.people * (o.people - 1) / 4) {
    std::cerr << "import_bench: too many ties for so few people\n";
    return 2;
  }

  fs::create_directories(o.dir);
  std::string elements = o.dir + "/elements.csv", connections = o.dir + "/connections.csv";
  std::string db_file = o.dir + "/bench.db";
  if (o.db.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_file + suffix);
    o.db = db_file;
  }
  auto t0 = std::chrono::steady_clock::now();
  // Generated in a child of its own: a forked process starts with its
  // parent's resident set, so the importer's maxrss must not inherit ours.
  std::fflush(stdout);
  pid_t gen = fork();
  if (gen == 0) {
    write_elements(o, elements);
    write_connections(o, connections);
    _exit(0);
  }
  int gen_status = -1;
  if (gen < 0 || waitpid(gen, &gen_status, 0) < 0 || !WIFEXITED(gen_status) || WEXITSTATUS(gen_status) != 0) {
    std::cerr << "import_bench: could not write the CSV files in " << o.dir << "\n";
    return 1;
  }
  int64_t people = o.people, ties = o.ties;
  double gen_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("generated %lld people and %lld ties (%.1f MB of CSV) in %.1f s\n", static_cast<long long>(people),
              static_cast<long long>(ties),
              static_cast<double>(fs::file_size(elements) + fs::file_size(connections)) / 1e6, gen_s);
  std::fflush(stdout);

  ChildRun run = run_child({o.kith, "import", "--db", o.db, "--new-area", "Import benchmark", "--format", "kumu",
                            "--elements", elements, "--connections", connections});
  bool ok = WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0;
  int64_t rows = people + ties;
  if (ok)
    std::printf("kith import: %lld rows in %.2f s = %.0f rows/s, peak memory %.0f MB (maxrss)\n",
                static_cast<long long>(rows), run.seconds, static_cast<double>(rows) / run.seconds,
                static_cast<double>(run.max_rss_kb) / 1024.0);
  else
    std::printf("kith import: FAILED after %.2f s (exit status %d)\n", run.seconds,
                WIFEXITED(run.status) ? WEXITSTATUS(run.status) : -1);
  if (fs::exists(db_file)) std::printf("database file: %.0f MB\n", static_cast<double>(fs::file_size(db_file)) / 1e6);
  if (!o.keep) {
    fs::remove(elements);
    fs::remove(connections);
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_file + suffix);
  }
  return ok ? 0 : 1;
}
