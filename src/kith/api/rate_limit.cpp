#include "kith/api/rate_limit.hpp"

#include <algorithm>
#include <cmath>

#include "kith/core/assert.hpp"

namespace kith::api {

RateLimiter::RateLimiter(int per_minute, size_t keys_max)
    : capacity_(per_minute), per_second_(per_minute / 60.0), keys_max_(keys_max) {
  KITH_ASSERT(per_minute >= 1 && per_minute <= kRatePerMinuteMax);
  KITH_ASSERT(keys_max >= 1);
}

void RateLimiter::refill(Bucket& b, Clock::time_point now) const {
  const double elapsed = std::chrono::duration<double>(now - b.last).count();
  if (elapsed > 0) b.tokens = std::min(capacity_, b.tokens + elapsed * per_second_);
  b.last = std::max(b.last, now);
}

// A full bucket says nothing a new one would not, so those go first; if every
// bucket is in use, the ones idle longest go (their clients get a fresh start,
// which errs towards serving people rather than refusing them).
void RateLimiter::make_room(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(it->second, now);
    it = it->second.tokens >= capacity_ ? buckets_.erase(it) : std::next(it);
  }
  while (buckets_.size() >= keys_max_) {
    auto oldest = std::min_element(buckets_.begin(), buckets_.end(),
                                   [](const auto& a, const auto& b) { return a.second.last < b.second.last; });
    buckets_.erase(oldest);
  }
}

std::chrono::seconds RateLimiter::take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= keys_max_) make_room(now);
    it = buckets_.emplace(key, Bucket{capacity_, now}).first;
  }
  Bucket& b = it->second;
  refill(b, now);
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::chrono::seconds(0);
  }
  const double wait = (1 - b.tokens) / per_second_;
  KITH_ASSERT(buckets_.size() <= keys_max_);
  // A whole second up, less a hair so 20.000000001 s of floating point says 20.
  return std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait - 1e-6))));
}

size_t RateLimiter::keys() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace kith::api
