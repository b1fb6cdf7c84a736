// The validated scales (src/kith/measures) against worked examples computed by
// hand from the publishers' rules, and the SWEMWBS conversion table against
// the published table as typed here from the source (docs/measures.md).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "kith/measures/scale.hpp"
#include "kith/measures/score.hpp"

namespace kith::measures_test {

namespace m = kith::measures;
using Answers = std::vector<std::optional<int>>;

m::ScaleScore scored(m::ScaleId id, const Answers& a) {
  auto r = m::score(m::scale(id), a);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : m::ScaleScore{};
}

Answers all_items(int n, int value) { return Answers(static_cast<size_t>(n), value); }

TEST(Measures, DescriptorsHoldThePublishedShape) {
  EXPECT_EQ(m::scale(m::ScaleId::ucla3).item_count(), 3u);
  EXPECT_EQ(m::scale(m::ScaleId::ons_lonely).item_count(), 1u);
  EXPECT_EQ(m::scale(m::ScaleId::swemwbs).item_count(), 7u);
  EXPECT_EQ(m::scale(m::ScaleId::wemwbs).item_count(), 14u);
  EXPECT_EQ(m::scale(m::ScaleId::ons4).item_count(), 4u);
  EXPECT_EQ(m::scale(m::ScaleId::ons4).answer_min, 0);
  EXPECT_EQ(m::scale(m::ScaleId::ons4).answer_max, 10);
  EXPECT_EQ(m::scale(m::ScaleId::ucla3).answer_max, 3);
  // SWEMWBS is WEMWBS items 1, 2, 3, 6, 7, 9, 11 (Stewart-Brown et al. 2009).
  const auto& w = m::scale(m::ScaleId::wemwbs).items;
  const auto& s = m::scale(m::ScaleId::swemwbs).items;
  const int from[] = {1, 2, 3, 6, 7, 9, 11};
  for (size_t i = 0; i < 7; ++i) EXPECT_EQ(s[i], w[static_cast<size_t>(from[i] - 1)]) << "SWEMWBS item " << i + 1;
  ASSERT_TRUE(m::find_scale("swemwbs").ok());
  EXPECT_EQ((*m::find_scale("swemwbs"))->id, m::ScaleId::swemwbs);
  ASSERT_FALSE(m::find_scale("gad7").ok());
  EXPECT_NE(m::find_scale("gad7").error().message.find("ucla3, ons_lonely, swemwbs, wemwbs, ons4"), std::string::npos);
}

TEST(Measures, SwemwbsConversionTableAsPublished) {
  // Raw → metric as the Warwick Medical School table gives it (raw 7–35).
  const std::pair<int, int> published[] = {
      {7, 700},   {8, 951},   {9, 1125},  {10, 1240}, {11, 1333}, {12, 1408}, {13, 1475}, {14, 1532},
      {15, 1584}, {16, 1636}, {17, 1688}, {18, 1743}, {19, 1798}, {20, 1859}, {21, 1925}, {22, 1998},
      {23, 2073}, {24, 2154}, {25, 2235}, {26, 2321}, {27, 2411}, {28, 2503}, {29, 2602}, {30, 2703},
      {31, 2813}, {32, 2931}, {33, 3070}, {34, 3255}, {35, 3500}};
  for (auto [raw, metric] : published) EXPECT_EQ(m::swemwbs_metric_hundredths(raw), metric) << "raw " << raw;
  EXPECT_EQ(m::swemwbs_metric_hundredths(6), std::nullopt);
  EXPECT_EQ(m::swemwbs_metric_hundredths(36), std::nullopt);
}

TEST(Measures, SwemwbsWorkedExamples) {
  auto all3 = scored(m::ScaleId::swemwbs, all_items(7, 3));  // 7 × 3 = 21 → 19.25
  EXPECT_EQ(all3.raw, 21);
  EXPECT_EQ(all3.metric_hundredths, 1925);
  EXPECT_EQ(all3.category, std::nullopt);
  EXPECT_TRUE(all3.missing.empty());
  EXPECT_EQ(scored(m::ScaleId::swemwbs, all_items(7, 1)).metric_hundredths, 700);   // lowest: 7 → 7.00
  EXPECT_EQ(scored(m::ScaleId::swemwbs, all_items(7, 5)).metric_hundredths, 3500);  // highest: 35 → 35.00
  auto mixed = scored(m::ScaleId::swemwbs, {3, 3, 3, 3, 4, 4, 4});                   // 12 + 12 = 24 → 21.54
  EXPECT_EQ(mixed.raw, 24);
  EXPECT_EQ(mixed.metric_hundredths, 2154);
  auto gap = scored(m::ScaleId::swemwbs, {3, 3, 3, std::nullopt, 3, 3, 3});
  EXPECT_EQ(gap.raw, std::nullopt);
  EXPECT_EQ(gap.metric_hundredths, std::nullopt);
  EXPECT_EQ(gap.missing, std::vector<int>{4});
  auto two_gaps = scored(m::ScaleId::swemwbs, {std::nullopt, 3, 3, 3, 3, 3, std::nullopt});
  EXPECT_EQ(two_gaps.missing, (std::vector<int>{1, 7}));
}

TEST(Measures, WemwbsIsTheItemSumWithNoMetric) {
  auto w = scored(m::ScaleId::wemwbs, {5, 4, 3, 2, 1, 5, 4, 3, 2, 1, 5, 4, 3, 2});  // 15 + 15 + 14
  EXPECT_EQ(w.raw, 44);
  EXPECT_EQ(w.metric_hundredths, std::nullopt);
  EXPECT_EQ(w.category, std::nullopt);
  EXPECT_EQ(scored(m::ScaleId::wemwbs, all_items(14, 1)).raw, 14);
  EXPECT_EQ(scored(m::ScaleId::wemwbs, all_items(14, 5)).raw, 70);
}

TEST(Measures, Ucla3CutOffAtSix) {
  auto six = scored(m::ScaleId::ucla3, {2, 2, 2});
  EXPECT_EQ(six.raw, 6);
  EXPECT_EQ(six.category, "lonely");
  auto five = scored(m::ScaleId::ucla3, {1, 2, 2});
  EXPECT_EQ(five.raw, 5);
  EXPECT_EQ(five.category, "not_lonely");
  EXPECT_EQ(scored(m::ScaleId::ucla3, {1, 1, 1}).category, "not_lonely");
  EXPECT_EQ(scored(m::ScaleId::ucla3, {3, 3, 3}).category, "lonely");
  auto gap = scored(m::ScaleId::ucla3, {3, std::nullopt, 3});
  EXPECT_EQ(gap.raw, std::nullopt);
  EXPECT_EQ(gap.category, std::nullopt);
  EXPECT_EQ(gap.missing, std::vector<int>{2});
}

TEST(Measures, OnsDirectQuestionCategories) {
  const char* expected[] = {"often_always", "some_of_the_time", "occasionally", "hardly_ever", "never"};
  for (int code = 1; code <= 5; ++code) {
    auto s = scored(m::ScaleId::ons_lonely, {code});
    EXPECT_EQ(s.raw, code);
    EXPECT_EQ(s.category, expected[code - 1]) << "code " << code;
  }
  auto gap = scored(m::ScaleId::ons_lonely, {std::nullopt});
  EXPECT_EQ(gap.category, std::nullopt);
  EXPECT_EQ(gap.missing, std::vector<int>{1});
}

TEST(Measures, Ons4ThresholdsAtEveryBoundary) {
  // satisfied, worthwhile, happy: 0–4 low, 5–6 medium, 7–8 high, 9–10 very high.
  const char* positive[] = {"low", "low", "low", "low", "low", "medium", "medium", "high", "high",
                            "very_high", "very_high"};
  // anxious: 0–1 very low, 2–3 low, 4–5 medium, 6–10 high.
  const char* anxious[] = {"very_low", "very_low", "low", "low", "medium", "medium", "high", "high", "high",
                           "high", "high"};
  for (int v = 0; v <= 10; ++v) {
    auto s = scored(m::ScaleId::ons4, {v, v, v, v});
    ASSERT_TRUE(s.bands.has_value());
    EXPECT_EQ(s.raw, std::nullopt);
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ(s.bands->band[i], positive[v]) << "item " << i + 1 << " = " << v;
    EXPECT_EQ(s.bands->band[3], anxious[v]) << "anxious = " << v;
  }
  auto gap = scored(m::ScaleId::ons4, {8, std::nullopt, 9, 1});
  EXPECT_EQ(gap.missing, std::vector<int>{2});
  EXPECT_EQ(gap.bands->band[0], "high");
  EXPECT_EQ(gap.bands->band[1], std::nullopt);
  EXPECT_EQ(gap.bands->band[2], "very_high");
  EXPECT_EQ(gap.bands->band[3], "very_low");
}

TEST(Measures, ScoreRefusesWrongCountsAndRanges) {
  EXPECT_FALSE(m::score(m::scale(m::ScaleId::ucla3), Answers{1, 2}).ok());
  auto high = m::score(m::scale(m::ScaleId::ucla3), Answers{1, 4, 1});
  ASSERT_FALSE(high.ok());
  EXPECT_EQ(high.error().field, "item 2");
  EXPECT_FALSE(m::score(m::scale(m::ScaleId::swemwbs), Answers{0, 3, 3, 3, 3, 3, 3}).ok());
  EXPECT_FALSE(m::score(m::scale(m::ScaleId::ons4), Answers{11, 3, 3, 3}).ok());
}

TEST(Measures, ParseAnswerTakesWholeNumbersInRange) {
  const auto& ucla = m::scale(m::ScaleId::ucla3);
  const auto& ons4 = m::scale(m::ScaleId::ons4);
  EXPECT_EQ(*m::parse_answer(ucla, "2"), 2);
  EXPECT_EQ(*m::parse_answer(ucla, " 3 "), 3);
  EXPECT_EQ(*m::parse_answer(ucla, ""), std::nullopt);
  EXPECT_EQ(*m::parse_answer(ucla, "  "), std::nullopt);
  EXPECT_EQ(*m::parse_answer(ons4, "0"), 0);
  EXPECT_EQ(*m::parse_answer(ons4, "10"), 10);
  for (const char* bad : {"2.5", "x", "2.0", "1e1", "3 4", "--1", "+"}) {
    auto r = m::parse_answer(ucla, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("is not a whole number"), std::string::npos) << r.error().message;
  }
  for (const char* out : {"0", "4", "-1", "99"}) {
    auto r = m::parse_answer(ucla, out);
    ASSERT_FALSE(r.ok()) << out;
    EXPECT_NE(r.error().message.find("from 1 to 3"), std::string::npos) << r.error().message;
  }
  EXPECT_FALSE(m::parse_answer(ons4, "11").ok());
  EXPECT_FALSE(m::parse_answer(ons4, "-1").ok());
}

}  // namespace kith::measures_test
