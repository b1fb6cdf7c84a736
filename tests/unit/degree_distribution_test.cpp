// The summary's degree bins and each person's isolation classes, against
// areas worked by hand.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kith/analysis/network.hpp"
#include "kith/graph/community_measures.hpp"

namespace {

using namespace kith::analysis;

// "n" shown, "<5" small, "withheld" complementary: as a report prints it.
std::string shown(const Count& c) {
  if (!c.suppressed && c.value) return std::to_string(*c.value);
  return c.complementary ? "withheld" : "<" + std::to_string(c.below);
}

std::vector<std::string> shown_bins(const std::vector<DegreeBin>& bins) {
  std::vector<std::string> out;
  for (const auto& b : bins) out.push_back(std::to_string(b.contacts) + (b.or_more ? "+" : "") + ":" + shown(b.people));
  return out;
}

std::vector<uint32_t> contacts(std::initializer_list<std::pair<uint32_t, int>> bins) {
  std::vector<uint32_t> out;
  for (const auto& [k, n] : bins) out.insert(out.end(), n, k);
  return out;
}

TEST(DegreeDistribution, OneBinANumberUpToTheLargest) {
  // 6 with none, 5 with one, 0 with two, 7 with three: nothing small.
  EXPECT_EQ(shown_bins(degree_distribution(contacts({{0, 6}, {1, 5}, {3, 7}}))),
            (std::vector<std::string>{"0:6", "1:5", "2:0", "3:7"}));
  EXPECT_TRUE(degree_distribution({}).empty());
}

TEST(DegreeDistribution, OneSmallBinTakesTheSmallestOtherWithIt) {
  // Bin 2 holds 3: withheld, and then the total minus the rest would give
  // it back, so the smallest other non-zero bin from 2 up (4, with 6) goes
  // too; bins 0 and 1 (the isolation classes' counts) are never the complement.
  EXPECT_EQ(shown_bins(degree_distribution(contacts({{0, 5}, {1, 5}, {2, 3}, {3, 8}, {4, 6}}))),
            (std::vector<std::string>{"0:5", "1:5", "2:<5", "3:8", "4:withheld"}));
}

TEST(DegreeDistribution, TenOrMoreIsOneOpenBinAndTheComplementWhenNeeded) {
  // 7 people with 10, 12 and 40 contacts share the open bin; bin 3 has 2.
  std::vector<uint32_t> c = contacts({{0, 9}, {1, 6}, {2, 5}, {3, 2}});
  for (uint32_t k : {10, 10, 10, 11, 12, 12, 40}) c.push_back(k);
  const auto bins = degree_distribution(c);
  ASSERT_EQ(bins.size(), 11u);
  EXPECT_TRUE(bins[10].or_more);
  EXPECT_EQ(bins[10].contacts, 10u);
  EXPECT_EQ(shown_bins(bins), (std::vector<std::string>{"0:9", "1:6", "2:5", "3:<5", "4:0", "5:0", "6:0", "7:0",
                                                        "8:0", "9:0", "10+:withheld"}));
  // Under a raised threshold (10) the same area: bins 1, 2, 3 and the open
  // bin (7) are small; more than one withheld, so no complement.
  EXPECT_EQ(shown_bins(degree_distribution(c, 10))[0], "0:<10");
  EXPECT_EQ(shown_bins(degree_distribution(c, 10))[10], "10+:<10");
}

TEST(DegreeDistribution, TwoSmallBinsNeedNoComplement) {
  EXPECT_EQ(shown_bins(degree_distribution(contacts({{0, 8}, {1, 6}, {3, 4}, {4, 1}}))),
            (std::vector<std::string>{"0:8", "1:6", "2:0", "3:<5", "4:<5"}));
}

namespace g = kith::graph;

TEST(IsolationClasses, EachPersonByTheirTies) {
  // 0-1 weekly friends, 1-2 monthly family, 3-4 twice (family monthly, then
  // family weekly: one contact), 5 alone, 6 tied only to themself.
  const std::vector<g::TieRecord> ties = {{0, 1, true, false}, {1, 2, false, true}, {3, 4, false, true},
                                          {4, 3, true, true},  {6, 6, false, false}};
  const std::vector<uint8_t> c = g::isolation_classes(7, ties);
  ASSERT_EQ(c.size(), 7u);
  EXPECT_EQ(c[0], g::kOneTie);
  EXPECT_EQ(c[1], 0);  // two contacts, one weekly, one not family
  EXPECT_EQ(c[2], g::kOneTie | g::kNoWeekly | g::kFamilyOnly);
  EXPECT_EQ(c[3], g::kOneTie | g::kFamilyOnly);  // the repeated tie is one contact, and one is weekly
  EXPECT_EQ(c[4], g::kOneTie | g::kFamilyOnly);
  EXPECT_EQ(c[5], g::kNoTies);
  EXPECT_EQ(c[6], g::kNoTies);  // a self-tie is no contact
  EXPECT_EQ(isolation_names(c[2]), (std::vector<std::string_view>{"one_tie", "no_weekly_contact", "family_only_ties"}));
  EXPECT_TRUE(isolation_names(c[1]).empty());

  // The summary's counts are these classes summed.
  const std::vector<uint32_t> one_community(7, 0);
  g::CommunityMeasures cm(7, ties, {.communities = one_community});
  cm.run();
  EXPECT_EQ(cm.classes(), c);
  EXPECT_EQ(cm.overall().no_ties.count, 2u);
  EXPECT_EQ(cm.overall().one_tie.count, 4u);
  EXPECT_EQ(cm.overall().no_weekly.count, 1u);
  EXPECT_EQ(cm.overall().family_only.count, 3u);
}

}  // namespace
