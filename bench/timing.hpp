#pragma once
// What every benchmark needs besides the thing it measures: a stopwatch,
// the best and median of repeated runs, how busy the machine was (the load
// average) and how much memory the process peaked at, and the options they
// all take (--repeat, --seed, --out). Header-only: each benchmark is one
// source file.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace kith::bench {

using Clock = std::chrono::steady_clock;

// Seconds since construction or the last restart(), on the monotonic clock.
class Stopwatch {
 public:
  Stopwatch() : start_(Clock::now()) {}
  void restart() { start_ = Clock::now(); }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  Clock::time_point start_;
};

inline double seconds_of(const std::function<void()>& fn) {
  Stopwatch w;
  fn();
  return w.seconds();
}

struct Repeats {
  double best = 0, median = 0;
};

// `repeat` timed runs (at least one). On a shared machine the minimum is the
// least noisy figure; the median says how typical it was.
inline Repeats time_repeats(int repeat, const std::function<void()>& fn) {
  std::vector<double> t;
  for (int i = 0; i < std::max(repeat, 1); ++i) t.push_back(seconds_of(fn));
  std::sort(t.begin(), t.end());
  const size_t k = t.size() / 2;
  return {t.front(), t.size() % 2 ? t[k] : (t[k - 1] + t[k]) / 2};
}

inline double best_of(int repeat, const std::function<void()>& fn) { return time_repeats(repeat, fn).best; }
inline double median_of(int repeat, const std::function<void()>& fn) { return time_repeats(repeat, fn).median; }

// The 1-minute load average, to record how busy the machine was; -1 when
// /proc/loadavg cannot be read.
inline double load_average() {
  std::ifstream in("/proc/loadavg");
  double l = -1;
  in >> l;
  return l;
}

// This process's peak resident set so far, in MB (getrusage's maxrss, in KB on Linux).
inline double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// The options every benchmark takes, with the same names and meanings.
inline void add_common_options(CLI::App& app, int& repeat, uint64_t& seed, std::string& out,
                               const std::string& out_help) {
  app.add_option("--repeat", repeat, "runs a measurement (the best is kept)")->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "seed of the generated graphs");
  app.add_option("--out", out, out_help);
}

}  // namespace kith::bench
