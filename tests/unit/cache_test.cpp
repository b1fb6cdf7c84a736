// The network cache is bounded by bytes: hand-worked sequences of puts and
// finds with the sizes written out, so the expected survivors are known.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "kith/analysis/cache.hpp"

namespace {

using kith::analysis::ByteBoundedCache;

std::shared_ptr<const std::string> value(const char* s) { return std::make_shared<const std::string>(s); }

TEST(ByteBoundedCache, EvictsTheLeastRecentlyUsedUntilTheBytesFit) {
  ByteBoundedCache<std::string> c(100);
  c.put("a", value("A"), 40);
  c.put("b", value("B"), 40);
  ASSERT_NE(c.find("a"), nullptr);  // a is now more recent than b
  c.put("c", value("C"), 40);       // 120 > 100: b goes, not a
  EXPECT_EQ(c.find("b"), nullptr);
  ASSERT_NE(c.find("a"), nullptr);
  EXPECT_EQ(*c.find("a"), "A");
  ASSERT_NE(c.find("c"), nullptr);
  EXPECT_EQ(c.bytes(), 80u);
  EXPECT_EQ(c.entries(), 2u);
  c.put("d", value("D"), 100);  // fills the budget alone
  EXPECT_EQ(c.entries(), 1u);
  EXPECT_EQ(c.bytes(), 100u);
  EXPECT_EQ(c.find("a"), nullptr);
  EXPECT_EQ(c.find("c"), nullptr);
}

TEST(ByteBoundedCache, AnEntryLargerThanTheBudgetIsNotKeptAndEvictsNothing) {
  ByteBoundedCache<std::string> c(100);
  c.put("a", value("A"), 60);
  c.put("huge", value("H"), 101);
  EXPECT_EQ(c.find("huge"), nullptr);
  EXPECT_NE(c.find("a"), nullptr);
  EXPECT_EQ(c.bytes(), 60u);
}

TEST(ByteBoundedCache, ReplacingAKeyCountsOnlyTheNewSize) {
  ByteBoundedCache<std::string> c(100);
  c.put("a", value("old"), 70);
  c.put("a", value("new"), 50);
  EXPECT_EQ(c.bytes(), 50u);
  EXPECT_EQ(*c.find("a"), "new");
}

TEST(ByteBoundedCache, AReaderKeepsItsValueAfterEviction) {
  ByteBoundedCache<std::string> c(10);
  c.put("a", value("A"), 10);
  auto held = c.find("a");
  c.put("b", value("B"), 10);
  EXPECT_EQ(c.find("a"), nullptr);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(*held, "A");
}

}  // namespace
