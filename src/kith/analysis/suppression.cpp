#include "kith/analysis/suppression.hpp"

namespace kith::analysis {

Count suppressed_count(int64_t n) {
  if (n > 0 && n < kSmallCountMin) return Count{std::nullopt, true};
  return Count{n, false};
}

Share share_of(int64_t n, int64_t total) {
  Share s{suppressed_count(n), std::nullopt};
  if (!s.count.suppressed && total > 0) s.share = static_cast<double>(n) / static_cast<double>(total);
  return s;
}

}  // namespace kith::analysis
