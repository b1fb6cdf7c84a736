#include "kith/analysis/stats.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <numeric>
#include <vector>

#include "kith/core/assert.hpp"

namespace kith::analysis {
namespace stats_impl {

namespace bm = boost::math;

double z975() {
  static const double z = bm::quantile(bm::normal_distribution<double>(), 0.975);
  return z;
}

double t975(int64_t df) { return bm::quantile(bm::students_t_distribution<double>(static_cast<double>(df)), 0.975); }

// Two-sided p of a t statistic with df degrees of freedom.
double t_two_sided(double t, int64_t df) {
  return 2 * bm::cdf(bm::complement(bm::students_t_distribution<double>(static_cast<double>(df)), std::fabs(t)));
}

double mean_of(std::span<const double> x) { return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size()); }

// The sample standard deviation (n − 1), as SciPy's ddof=1.
double sd_of(std::span<const double> x, double mean) {
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

Estimate no_value(int64_t n, NoEstimate why) {
  Estimate e;
  e.n = n;
  e.reason = why;
  return e;
}

// Ranks from 1, tied values given the mean of the ranks they span.
std::vector<double> ranks_of(std::span<const double> x) {
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i) + static_cast<double>(j)) / 2 + 1;
    for (size_t k = i; k <= j; ++k) rank[order[k]] = mean_rank;
    i = j + 1;
  }
  return rank;
}

}  // namespace stats_impl

using namespace stats_impl;

Estimate mean_estimate(std::span<const double> x) {
  const auto n = static_cast<int64_t>(x.size());
  if (n == 0) return no_value(0, NoEstimate::too_few);
  Estimate e;
  e.n = n;
  e.value = mean_of(x);
  if (n < 2) {
    e.reason = NoEstimate::too_few;
    return e;
  }
  const double half = t975(n - 1) * sd_of(x, *e.value) / std::sqrt(static_cast<double>(n));
  e.lower = *e.value - half;
  e.upper = *e.value + half;
  return e;
}

Estimate share_estimate(int64_t k, int64_t n) {
  KITH_ASSERT(k >= 0 && k <= n);
  if (n == 0) return no_value(0, NoEstimate::too_few);
  const double z = z975(), nn = static_cast<double>(n), p = static_cast<double>(k) / nn;
  const double denominator = 1 + z * z / nn;
  const double centre = (p + z * z / (2 * nn)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn));
  Estimate e;
  e.n = n;
  e.value = p;
  e.lower = std::max(0.0, centre - half);
  e.upper = std::min(1.0, centre + half);
  return e;
}

Estimate pearson_estimate(std::span<const double> x, std::span<const double> y) {
  KITH_ASSERT(x.size() == y.size());
  const auto n = static_cast<int64_t>(x.size());
  if (n < 3) return no_value(n, NoEstimate::too_few);
  const double mx = mean_of(x), my = mean_of(y);
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0 || syy == 0) return no_value(n, NoEstimate::no_variation);
  Estimate e;
  e.n = n;
  const double r = std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
  e.value = r;
  if (std::fabs(r) == 1) {  // a perfect line: no uncertainty left to state
    e.p = 0;
    e.lower = e.upper = r;
    return e;
  }
  e.p = t_two_sided(r * std::sqrt(static_cast<double>(n - 2) / (1 - r * r)), n - 2);
  if (n < 4) {
    e.reason = NoEstimate::too_few;
    return e;
  }
  const double z = std::atanh(r), se = 1 / std::sqrt(static_cast<double>(n - 3));
  e.lower = std::tanh(z - z975() * se);
  e.upper = std::tanh(z + z975() * se);
  return e;
}

Estimate spearman_estimate(std::span<const double> x, std::span<const double> y) {
  KITH_ASSERT(x.size() == y.size());
  const std::vector<double> rx = ranks_of(x), ry = ranks_of(y);
  return pearson_estimate(rx, ry);
}

Estimate paired_change(std::span<const double> before, std::span<const double> after) {
  KITH_ASSERT(before.size() == after.size());
  std::vector<double> change(before.size());
  for (size_t i = 0; i < before.size(); ++i) change[i] = after[i] - before[i];
  Estimate e = mean_estimate(change);
  if (e.n < 2) return e;
  const double sd = sd_of(change, *e.value);
  if (sd > 0) e.p = t_two_sided(*e.value / (sd / std::sqrt(static_cast<double>(e.n))), e.n - 1);
  return e;
}

PairedShares paired_shares(const std::vector<bool>& before, const std::vector<bool>& after) {
  KITH_ASSERT(before.size() == after.size());
  PairedShares s;
  for (size_t i = 0; i < before.size(); ++i) {
    if (before[i] && after[i]) ++s.both;
    else if (before[i]) ++s.before_only;
    else if (after[i]) ++s.after_only;
    else ++s.neither;
  }
  const auto n = static_cast<int64_t>(before.size());
  s.before = share_estimate(s.both + s.before_only, n);
  s.after = share_estimate(s.both + s.after_only, n);
  const int64_t discordant = s.before_only + s.after_only;
  if (n == 0) return s;
  if (discordant == 0) {
    s.p = 1;
    return s;
  }
  // Exact McNemar: under no change each discordant pair is a fair coin.
  const bm::binomial_distribution<double> coin(static_cast<double>(discordant), 0.5);
  const double smaller = static_cast<double>(std::min(s.before_only, s.after_only));
  s.p = std::min(1.0, 2 * bm::cdf(coin, smaller));
  return s;
}

}  // namespace kith::analysis
