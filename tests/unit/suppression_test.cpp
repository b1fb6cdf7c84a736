// Complementary suppression, worked by hand: a column with a published total
// must not let one withheld cell be recovered as the total minus the rest.
#include <gtest/gtest.h>

#include <vector>

#include "kith/analysis/suppression.hpp"

namespace {

using kith::analysis::withheld_cells;
using V = std::vector<int64_t>;
using B = std::vector<bool>;

TEST(Suppression, OneSmallCellTakesTheNextSmallestWithIt) {
  // 3 would be 40 - 20 - 9 - 8; withholding 8 too leaves 3 + 8 = 11 unknown in its parts.
  EXPECT_EQ(withheld_cells(V{20, 3, 9, 8}), (B{false, true, false, true}));
}

TEST(Suppression, TwoSmallCellsAlreadyHideEachOther) {
  EXPECT_EQ(withheld_cells(V{20, 3, 9, 4}), (B{false, true, false, true}));
}

TEST(Suppression, ZerosAreShownAndNeverChosenAsTheComplement) {
  // 0 hides nothing: the complement of 2 is 7, the smallest non-zero cell.
  EXPECT_EQ(withheld_cells(V{0, 2, 7, 12}), (B{false, true, true, false}));
  EXPECT_EQ(withheld_cells(V{0, 10, 6}), (B{false, false, false}));
}

TEST(Suppression, ACellWithheldForAnotherReasonCountsAsWithheld) {
  // The second row is hidden (its group is too small); its 5 would be 26 - 12 - 9.
  EXPECT_EQ(withheld_cells(V{12, 5, 9}, B{false, true, false}), (B{false, true, true}));
  EXPECT_EQ(withheld_cells(V{12, 5, 9}, B{false, true, true}), (B{false, true, true}));
}

TEST(Suppression, EqualCandidatesTakeTheFirst) {
  EXPECT_EQ(withheld_cells(V{1, 6, 6}), (B{true, true, false}));
}

TEST(Suppression, NothingSmallNothingWithheld) {
  EXPECT_EQ(withheld_cells(V{5, 6, 100}), (B{false, false, false}));
  EXPECT_EQ(withheld_cells(V{}), B{});
}

TEST(Suppression, AHigherThresholdWithholdsMoreAndSaysWhich) {
  using kith::analysis::complementary_count;
  using kith::analysis::suppressed_count;
  EXPECT_TRUE(suppressed_count(7, 10).suppressed);
  EXPECT_EQ(suppressed_count(7, 10).below, 10);
  EXPECT_FALSE(suppressed_count(7).suppressed);
  EXPECT_FALSE(suppressed_count(0, 10).suppressed) << "zero is shown";
  EXPECT_EQ(withheld_cells(V{20, 7, 9, 30}, {}, 10), (B{false, true, true, false}));
  EXPECT_TRUE(complementary_count().complementary);
  EXPECT_FALSE(suppressed_count(3).complementary);
}

}  // namespace
