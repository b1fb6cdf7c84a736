// The wave report's statistics against SciPy 1.10 (Debian 12's python3-scipy),
// the figures printed by the script in the comment of each test: an
// independent implementation of the same textbook methods.
#include <gtest/gtest.h>

#include <vector>

#include "kith/analysis/stats.hpp"

namespace kith::analysis {
namespace {

constexpr double kTol = 1e-8;  // Boost.Math and SciPy agree on t quantiles to about 1e-9 relative

// m = np.mean(x); stats.t.interval(0.95, len(x)-1, loc=m, scale=stats.sem(x))
TEST(Stats, MeanHasStudentsTInterval) {
  const std::vector<double> x = {19.25, 23.21, 17.43, 25.03, 20.73, 14.08, 27.03};
  Estimate e = mean_estimate(x);
  EXPECT_EQ(e.n, 7);
  EXPECT_NEAR(*e.value, 20.965714285714284, kTol);
  EXPECT_NEAR(*e.lower, 16.808288820061968, kTol);
  EXPECT_NEAR(*e.upper, 25.1231397513666, kTol);
}

TEST(Stats, MeanOfOneHasNoIntervalAndOfNoneNoValue) {
  const std::vector<double> one = {21.0};
  Estimate e = mean_estimate(one);
  EXPECT_EQ(*e.value, 21.0);
  EXPECT_FALSE(e.lower.has_value());
  EXPECT_EQ(e.reason, NoEstimate::too_few);
  Estimate none = mean_estimate(std::vector<double>{});
  EXPECT_FALSE(none.value.has_value());
  EXPECT_EQ(none.n, 0);
}

// stats.binomtest(k, n).proportion_ci(0.95, method='wilson')
TEST(Stats, ShareHasWilsonInterval) {
  Estimate e = share_estimate(3, 11);
  EXPECT_NEAR(*e.value, 3.0 / 11, kTol);
  EXPECT_NEAR(*e.lower, 0.09746059290024892, kTol);
  EXPECT_NEAR(*e.upper, 0.5656453011761292, kTol);
  Estimate zero = share_estimate(0, 7);
  EXPECT_NEAR(*zero.lower, 0.0, kTol);
  EXPECT_NEAR(*zero.upper, 0.35433043506668743, kTol);
  EXPECT_FALSE(share_estimate(0, 0).value.has_value());
}

const std::vector<double> kContacts = {0, 1, 1, 2, 3, 3, 4, 6, 7, 9};
const std::vector<double> kSwemwbs = {14.08, 17.43, 19.25, 19.25, 20.73, 23.21, 22.35, 25.03, 27.03, 24.11};
const std::vector<double> kUcla = {9, 8, 8, 6, 5, 6, 4, 3, 3, 3};

// pr = stats.pearsonr(a, b); pr.confidence_interval(0.95)
TEST(Stats, PearsonHasFisherInterval) {
  Estimate e = pearson_estimate(kContacts, kSwemwbs);
  EXPECT_NEAR(*e.value, 0.8647591838530773, kTol);
  EXPECT_NEAR(*e.p, 0.0012391622386812799, 1e-12);
  EXPECT_NEAR(*e.lower, 0.5161801181625659, kTol);
  EXPECT_NEAR(*e.upper, 0.967568502345705, kTol);
}

// sr = stats.spearmanr(a, u); tanh(arctanh(rho) ± norm.ppf(0.975)/sqrt(n-3))
TEST(Stats, SpearmanRanksTiesByTheirMean) {
  Estimate e = spearman_estimate(kContacts, kUcla);
  EXPECT_NEAR(*e.value, -0.9783363584818794, kTol);
  EXPECT_NEAR(*e.p, 9.387906785366942e-07, 1e-12);
  EXPECT_NEAR(*e.lower, -0.995034832259059, kTol);
  EXPECT_NEAR(*e.upper, -0.908066717002002, kTol);
}

TEST(Stats, CorrelationWithAConstantIsUndefined) {
  const std::vector<double> same(10, 3.0);
  Estimate e = pearson_estimate(kContacts, same);
  EXPECT_FALSE(e.value.has_value());
  EXPECT_EQ(e.reason, NoEstimate::no_variation);
  const std::vector<double> two = {1, 2};
  EXPECT_EQ(pearson_estimate(two, two).reason, NoEstimate::too_few);
}

// t = stats.ttest_rel(after, before); t.confidence_interval(0.95)
TEST(Stats, PairedChangeHasPairedTInterval) {
  const std::vector<double> before = {19.25, 17.43, 20.73, 14.08, 23.21, 21.54};
  const std::vector<double> after = {20.73, 19.25, 20.73, 17.43, 23.21, 22.35};
  Estimate e = paired_change(before, after);
  EXPECT_EQ(e.n, 6);
  EXPECT_NEAR(*e.value, 1.2433333333333338, kTol);
  EXPECT_NEAR(*e.p, 0.06224191550793375, 1e-12);
  EXPECT_NEAR(*e.lower, -0.09288577701428058, kTol);
  EXPECT_NEAR(*e.upper, 2.5795524436809485, kTol);
}

// stats.binomtest(min(b, c), b + c, 0.5).pvalue
TEST(Stats, McNemarIsExactOnTheDiscordantPairs) {
  // 6 lonely before only, 1 after only, 2 both, 3 neither.
  std::vector<bool> before, after;
  auto add = [&](bool b, bool a, int times) {
    for (int i = 0; i < times; ++i) before.push_back(b), after.push_back(a);
  };
  add(true, false, 6);
  add(false, true, 1);
  add(true, true, 2);
  add(false, false, 3);
  PairedShares s = paired_shares(before, after);
  EXPECT_EQ(s.before_only, 6);
  EXPECT_EQ(s.after_only, 1);
  EXPECT_EQ(s.both, 2);
  EXPECT_EQ(s.neither, 3);
  EXPECT_NEAR(*s.p, 0.125, 1e-12);
  EXPECT_NEAR(*s.before.value, 8.0 / 12, kTol);
  EXPECT_NEAR(*s.after.value, 3.0 / 12, kTol);
  std::vector<bool> b2 = {true, true, false, false}, a2 = {false, false, true, true};
  EXPECT_NEAR(*paired_shares(b2, a2).p, 1.0, 1e-12);
}

}  // namespace
}  // namespace kith::analysis
