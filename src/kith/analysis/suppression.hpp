#pragma once
// Small-number suppression for aggregates: a count from 1 to 4 is withheld,
// and so is every measure of a group of fewer than 5 people, so that nobody
// can be singled out from figures meant for commissioners and reports.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kith::analysis {

inline constexpr int64_t kSmallCountMin = 5;      // counts below this (and above 0) are withheld
inline constexpr int64_t kSmallCountMinMax = 1000;  // a deployment may raise the threshold this far

struct Count {
  std::optional<int64_t> value;  // absent when suppressed
  bool suppressed = false;
  int64_t below = kSmallCountMin;  // the threshold it was judged by: a small count is shown as "<below"
  bool complementary = false;      // withheld only so that a total cannot give another cell away
};

struct Share {
  Count count;
  std::optional<double> share;  // of the group's people; absent when suppressed or the group is empty
};

Count suppressed_count(int64_t n, int64_t below = kSmallCountMin);
Share share_of(int64_t n, int64_t total, int64_t below = kSmallCountMin);
// A cell withheld by complementary suppression (its value may be large).
Count complementary_count(int64_t below = kSmallCountMin);
// Complementary suppression over one margin (a column of cells whose total
// is published): which cells to withhold. Every count from 1 to 4 is, and so
// is every cell `also` marks (withheld for another reason, such as a group
// too small to show). When that leaves exactly one cell withheld, the total
// minus the others would give it away, so the smallest other non-zero cell is
// withheld too (ties: the first). Two withheld cells only reveal their sum.
std::vector<bool> withheld_cells(std::span<const int64_t> cells, const std::vector<bool>& also = {},
                                 int64_t below = kSmallCountMin);

// A group this small shows nothing but that it was withheld.
inline bool too_small(int64_t people, int64_t below = kSmallCountMin) { return people < below; }

}  // namespace kith::analysis
