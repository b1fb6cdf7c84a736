#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>

#include "kith/api/error.hpp"
#include "kith/core/assert.hpp"
#include "kith/core/ids.hpp"
#include "kith/core/result.hpp"
#include "kith/core/time.hpp"

namespace {

using namespace kith;

TEST(Ids, HavePrefixAndAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    auto id = new_id("pe");
    EXPECT_TRUE(is_valid_id(id, "pe")) << id;
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
  }
  EXPECT_EQ(new_id("ti").size(), 23u);
}

// Bulk inserts hand these out in row order, so the index on public ids is
// built from sorted input: they must ascend, be distinct and be ids.
TEST(Ids, SortedBatchAscendsAndIsValid) {
  EXPECT_TRUE(new_sorted_ids("ti", 0).empty());
  const auto ids = new_sorted_ids("ti", 20000);
  ASSERT_EQ(ids.size(), 20000u);
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_TRUE(is_valid_id(ids[i], "ti")) << ids[i];
    if (i > 0) {
      EXPECT_LT(ids[i - 1], ids[i]) << i;
    }
  }
  // Two batches are two independent draws (a fresh seed each time).
  const auto again = new_sorted_ids("ti", 20000);
  std::set<std::string> both(ids.begin(), ids.end());
  both.insert(again.begin(), again.end());
  EXPECT_EQ(both.size(), 40000u);
  // Spread over the whole id space, not bunched at one end: about half of
  // 20,000 uniform draws fall below the middle character 'g' (32 / 2 = 16th).
  auto below = std::count_if(ids.begin(), ids.end(), [](const std::string& id) { return id[3] < 'g'; });
  EXPECT_GT(below, 9500);
  EXPECT_LT(below, 10500);
}

TEST(Ids, ValidationRejectsWrongShapes) {
  auto id = new_id("pe");
  EXPECT_FALSE(is_valid_id(id, "ti"));
  EXPECT_FALSE(is_valid_id(id.substr(0, id.size() - 1), "pe"));
  EXPECT_FALSE(is_valid_id("pe_" + std::string(20, 'u'), "pe"));  // u is not in Crockford base 32
  EXPECT_FALSE(is_valid_id("pe-" + std::string(20, 'a'), "pe"));
  EXPECT_FALSE(is_valid_id("", "pe"));
  EXPECT_TRUE(is_valid_id("pe_" + std::string(20, 'a'), "pe"));
}

TEST(Ids, FromBytesSpellsTheFirst100Bits) {
  std::array<uint8_t, 13> bytes{};
  EXPECT_EQ(id_from_bytes("pe", bytes), "pe_" + std::string(20, '0'));
  bytes.fill(0xff);
  EXPECT_EQ(id_from_bytes("gr", bytes), "gr_" + std::string(20, 'z'));
  bytes.fill(0);
  bytes[0] = 0x08;  // top five bits 00001: the first character is '1'
  EXPECT_EQ(id_from_bytes("pl", bytes), "pl_1" + std::string(19, '0'));
}

// KITH_ASSERT (core/assert.hpp), every layer's invariant check but graph's
// (graph, which includes nothing of kith, has KITH_GRAPH_ASSERT: tests/graph).
TEST(AssertDeathTest, KithAssertNamesFileLineConditionAndMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(KITH_ASSERT_MSG(2 + 2 == 5, "arithmetic holds"),
               "invariant violated at [^ ]*core_test\\.cpp:[0-9]+: 2 \\+ 2 == 5 .*arithmetic holds");
  EXPECT_DEATH(KITH_ASSERT(1 > 2), "invariant violated at [^ ]*core_test\\.cpp:[0-9]+: 1 > 2");
}

TEST(AssertDeathTest, KithAssertIsSilentWhenTheConditionHolds) {
  int evaluated = 0;
  KITH_ASSERT(++evaluated == 1);  // evaluated once, in every build type
  EXPECT_EQ(evaluated, 1);
}

TEST(Dates, ParseRealDaysOnly) {
  auto d = parse_date("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 2024);
  EXPECT_EQ(d->month, 2);
  EXPECT_EQ(d->day, 29);
  EXPECT_EQ(d->str(), "2024-02-29");
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("1900-02-29"));  // not a leap year
  EXPECT_TRUE(parse_date("2000-02-29"));
  EXPECT_FALSE(parse_date("2024-13-01"));
  EXPECT_FALSE(parse_date("2024-04-31"));
  EXPECT_FALSE(parse_date("2024-4-01"));
  EXPECT_FALSE(parse_date("24-04-01"));
  EXPECT_FALSE(parse_date("2024-04-01T00:00"));
  EXPECT_FALSE(parse_date("abcd-ef-gh"));
  EXPECT_FALSE(parse_date(""));
}

TEST(Dates, Order) {
  EXPECT_LT(*parse_date("2024-01-31"), *parse_date("2024-02-01"));
  EXPECT_EQ(*parse_date("2024-01-31"), *parse_date("2024-01-31"));
}

TEST(Errors, MapToHttpOnlyInTheApi) {
  EXPECT_EQ(api::http_status(Errc::invalid), 400);
  EXPECT_EQ(api::http_status(Errc::not_found), 404);
  EXPECT_EQ(api::http_status(Errc::conflict), 409);
  EXPECT_EQ(api::http_status(Errc::too_large), 413);
  EXPECT_EQ(api::http_status(Errc::unsupported_media), 415);
  EXPECT_EQ(api::http_status(Errc::unavailable), 503);
  EXPECT_EQ(api::http_status(Errc::internal), 500);
  EXPECT_EQ(errc_name(Errc::unsupported_media), "unsupported_media_type");
  Result<int> r = invalid("closeness", "Enter a closeness from 1 to 5");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "closeness");
  Result<int> v = 3;
  EXPECT_EQ(*v, 3);
}

}  // namespace
