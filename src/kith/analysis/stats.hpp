#pragma once
// The few statistics the wave report gives (issue 11): a mean, a share, a
// correlation and a paired change, each with its 95% confidence interval, as
// a statistics package computes them (docs/surveys.md, "The wave report",
// names each method; tests/unit/stats_test.cpp checks them against SciPy).
// Quantiles come from Boost.Math, not from hand-written approximations.
// Pure functions over numbers: no store, no people.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kith::analysis {

// Why an estimate has no value or no interval: too few answers, answers
// that do not vary (a correlation with a constant is undefined), or withheld
// from a viewer of aggregates because it rests on too few people to show.
enum class NoEstimate { none, too_few, no_variation, withheld };

struct Estimate {
  int64_t n = 0;                         // answers it rests on
  std::optional<double> value;           // absent: see reason
  std::optional<double> lower, upper;    // 95% interval; absent with too few answers for one
  NoEstimate reason = NoEstimate::none;  // set when value or interval is absent
  std::optional<double> p;               // two-sided p-value where the method gives one
};

// The mean with Student's t interval: value needs 1 answer, the interval 2.
Estimate mean_estimate(std::span<const double> x);
// A share k of n with the Wilson score interval (no continuity correction).
Estimate share_estimate(int64_t k, int64_t n);
// Pearson's r with the Fisher z interval (needs 4 pairs) and the t-test p-value.
Estimate pearson_estimate(std::span<const double> x, std::span<const double> y);
// Spearman's rho (Pearson's r of the ranks, ties given their mean rank) with
// the same Fisher z interval, standard error 1/sqrt(n − 3).
Estimate spearman_estimate(std::span<const double> x, std::span<const double> y);
// The mean of after − before over pairs, with the paired t interval and p-value.
Estimate paired_change(std::span<const double> before, std::span<const double> after);

// A yes/no measured twice on the same people (lonely at both waves, …).
struct PairedShares {
  int64_t both = 0, before_only = 0, after_only = 0, neither = 0;
  Estimate before, after;       // shares of yes, Wilson intervals
  std::optional<double> p;      // McNemar's exact test (binomial on the discordant pairs)
};
PairedShares paired_shares(const std::vector<bool>& before, const std::vector<bool>& after);

}  // namespace kith::analysis
