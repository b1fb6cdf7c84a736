// The token bucket, on a clock the test moves: a burst up to the limit, then
// refusals saying how long to wait, then refills at the limit's pace.
#include <gtest/gtest.h>

#include "kith/api/rate_limit.hpp"

namespace kith::api {
namespace {

using namespace std::chrono_literals;
using Clock = RateLimiter::Clock;

TEST(RateLimit, BurstsToTheLimitThenRefusesWithTheWait) {
  RateLimiter r(60);  // one a second on average
  const Clock::time_point t0{};
  for (int i = 0; i < 60; ++i) EXPECT_EQ(r.take("a", t0), 0s) << i;
  EXPECT_EQ(r.take("a", t0), 1s);
  EXPECT_EQ(r.take("b", t0), 0s) << "another key has its own bucket";
  EXPECT_EQ(r.take("a", t0 + 500ms), 1s) << "half a token is not enough";
  EXPECT_EQ(r.take("a", t0 + 1s), 0s) << "one second gives back one request";
  EXPECT_EQ(r.take("a", t0 + 1s), 1s);
}

TEST(RateLimit, ASlowLimitWaitsLonger) {
  RateLimiter r(2);  // one every 30 seconds
  const Clock::time_point t0{};
  EXPECT_EQ(r.take("a", t0), 0s);
  EXPECT_EQ(r.take("a", t0), 0s);
  EXPECT_EQ(r.take("a", t0), 30s);
  EXPECT_EQ(r.take("a", t0 + 10s), 20s);
}

TEST(RateLimit, KeysAreBoundedAndFullBucketsGoFirst) {
  RateLimiter r(10, 3);
  const Clock::time_point t0{};
  for (int i = 0; i < 10; ++i) r.take("busy", t0);
  r.take("b", t0);
  r.take("c", t0);
  EXPECT_EQ(r.keys(), 3u);
  r.take("d", t0 + 1h);  // b and c are full again by now, busy too: all dropped
  EXPECT_LE(r.keys(), 3u);
  EXPECT_EQ(r.take("busy", t0 + 1h), 0s);
  for (int i = 0; i < 100; ++i) r.take("k" + std::to_string(i), t0 + 2h);
  EXPECT_LE(r.keys(), 3u);
}

}  // namespace
}  // namespace kith::api
