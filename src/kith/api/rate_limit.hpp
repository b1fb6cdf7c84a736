#pragma once
// Request rate limits (issue 9): a token bucket per key (a client address, an
// account), in memory, so one client cannot flood the server or page through
// the register faster than a person could. Over the limit a request gets 429
// with Retry-After. Failed log-ins have their own, stricter lockout (domain
// Accounts); this is the general brake.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kith::api {

inline constexpr int kRatePerMinuteAddressDefault = 3000;  // one address: a whole office behind a proxy
inline constexpr int kRatePerMinuteAccountDefault = 1200;  // one account: a script's steady pace
inline constexpr int kRatePerMinuteMax = 1'000'000;
inline constexpr size_t kRateKeysMax = 100'000;  // buckets held; full ones are dropped first

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // `per_minute` requests a minute on average, and as many at once.
  explicit RateLimiter(int per_minute, size_t keys_max = kRateKeysMax);

  // Takes one request from the key's bucket: 0 when it may go ahead, else
  // how long until it may (at least a second, for Retry-After).
  std::chrono::seconds take(const std::string& key, Clock::time_point now);

  size_t keys() const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point last{};
  };
  void refill(Bucket& b, Clock::time_point now) const;
  void make_room(Clock::time_point now);

  const double capacity_;
  const double per_second_;
  const size_t keys_max_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace kith::api
