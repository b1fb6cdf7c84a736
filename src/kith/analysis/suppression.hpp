#pragma once
// Small-number suppression for aggregates: a count from 1 to 4 is withheld,
// and so is every measure of a group of fewer than 5 people, so that nobody
// can be singled out from figures meant for commissioners and reports.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kith::analysis {

inline constexpr int64_t kSmallCountMin = 5;  // counts below this (and above 0) are withheld

struct Count {
  std::optional<int64_t> value;  // absent when suppressed
  bool suppressed = false;
};

struct Share {
  Count count;
  std::optional<double> share;  // of the group's people; absent when suppressed or the group is empty
};

Count suppressed_count(int64_t n);
Share share_of(int64_t n, int64_t total);
// Complementary suppression over one margin (a column of cells whose total
// is published): which cells to withhold. Every count from 1 to 4 is, and so
// is every cell `also` marks (withheld for another reason, such as a group
// too small to show). When that leaves exactly one cell withheld, the total
// minus the others would give it away, so the smallest other non-zero cell is
// withheld too (ties: the first). Two withheld cells only reveal their sum.
std::vector<bool> withheld_cells(std::span<const int64_t> cells, const std::vector<bool>& also = {});

// A group this small shows nothing but that it was withheld.
inline bool too_small(int64_t people) { return people < kSmallCountMin; }

}  // namespace kith::analysis
