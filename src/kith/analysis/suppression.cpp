#include "kith/analysis/suppression.hpp"

namespace kith::analysis {

Count suppressed_count(int64_t n, int64_t below) {
  if (n > 0 && n < below) return Count{std::nullopt, true, below, false};
  return Count{n, false, below, false};
}

Count complementary_count(int64_t below) { return Count{std::nullopt, true, below, true}; }

Share share_of(int64_t n, int64_t total, int64_t below) {
  Share s{suppressed_count(n, below), std::nullopt};
  if (!s.count.suppressed && total > 0) s.share = static_cast<double>(n) / static_cast<double>(total);
  return s;
}

std::vector<bool> withheld_cells(std::span<const int64_t> cells, const std::vector<bool>& also, int64_t below) {
  std::vector<bool> out(cells.size(), false);
  size_t withheld = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    out[i] = (i < also.size() && also[i]) || suppressed_count(cells[i], below).suppressed;
    withheld += out[i] ? 1 : 0;
  }
  if (withheld != 1) return out;
  std::optional<size_t> next;
  for (size_t i = 0; i < cells.size(); ++i)
    if (!out[i] && cells[i] > 0 && (!next || cells[i] < cells[*next])) next = i;
  if (next) out[*next] = true;
  return out;
}

}  // namespace kith::analysis
