// The research export's writer (write_research.cpp) on a hand-built
// snapshot, with a scripted source of randomness: the group-size boundary,
// repeated ids and the shuffle, without a database.
#include <gtest/gtest.h>

#include <deque>
#include <set>
#include <string>
#include <vector>

#include "kith/exchange/writer.hpp"

namespace kith::exchange::writer {
namespace {

using nlohmann::json;

// Ids from a list (then "z<n>"), and always 0 for the shuffle.
class Scripted final : public Randomness {
 public:
  explicit Scripted(std::deque<std::string> ids) : ids_(std::move(ids)) {}
  std::string fresh_id() override {
    if (ids_.empty()) return "z" + std::to_string(next_++);
    std::string id = ids_.front();
    ids_.pop_front();
    return id;
  }
  uint32_t below(uint32_t bound) override {
    EXPECT_GT(bound, 0u);
    return 0;
  }

 private:
  std::deque<std::string> ids_;
  int next_ = 0;
};

StoredRecord person(const std::string& id, store::Value band, store::Value district) {
  const model::Entity& e = model::people();
  StoredRecord r;
  r.id = id;
  r.external_id = "ext-" + id;
  r.fields.assign(e.fields.size(), std::monostate{});
  r.fields[e.index_of("display_name")] = "Name of " + id;
  r.fields[e.index_of("birth_band")] = std::move(band);
  r.fields[e.index_of("postcode_district")] = std::move(district);
  r.fields[e.index_of("consent_status")] = std::string("not_asked");
  r.fields[e.index_of("consent_scope")] = std::string("[]");
  return r;
}

StoredRecord tie(const std::string& id, const std::string& a, const std::string& b) {
  const model::Entity& e = model::ties();
  StoredRecord r;
  r.id = id;
  r.fields.assign(e.fields.size(), std::monostate{});
  r.fields[e.index_of("source_id")] = a;
  r.fields[e.index_of("target_id")] = b;
  r.fields[e.index_of("kind")] = std::string("friend");
  r.fields[e.index_of("closeness")] = int64_t{4};
  r.fields[e.index_of("frequency")] = std::string("weekly");
  r.fields[e.index_of("notes")] = std::string("a note");
  return r;
}

Snapshot snapshot(std::vector<StoredRecord> people, std::vector<StoredRecord> ties = {}) {
  Snapshot s;
  s.records[static_cast<size_t>(Kind::person)] = std::move(people);
  s.records[static_cast<size_t>(Kind::tie)] = std::move(ties);
  return s;
}

// Exactly kResearchGroupMin sharing a value shows it; one fewer does not.
TEST(ResearchWriter, GroupSizeBoundary) {
  std::vector<StoredRecord> people;
  for (int i = 0; i < kResearchGroupMin; ++i) people.push_back(person("a" + std::to_string(i), "1950s", "LS6"));
  for (int i = 0; i < kResearchGroupMin - 1; ++i) people.push_back(person("b" + std::to_string(i), "1980s", "LS7"));
  people.push_back(person("c", std::monostate{}, std::monostate{}));
  Scripted random({});
  json doc = research(snapshot(std::move(people)), random, "2026-12-01T00:00:00Z");
  std::multiset<std::string> decades, districts;
  for (const auto& p : doc["people"]) {
    decades.insert(p["birth_decade"].is_null() ? "null" : p["birth_decade"].get<std::string>());
    districts.insert(p["postcode_district"].is_null() ? "null" : p["postcode_district"].get<std::string>());
  }
  EXPECT_EQ(decades.count("1950s"), static_cast<size_t>(kResearchGroupMin));
  EXPECT_EQ(decades.count("1980s"), 0u);
  EXPECT_EQ(decades.count("null"), static_cast<size_t>(kResearchGroupMin));
  EXPECT_EQ(districts.count("LS6"), static_cast<size_t>(kResearchGroupMin));
  EXPECT_EQ(doc["generated_at"], "2026-12-01T00:00:00Z");
}

// A repeated fresh id would merge two people: the writer draws again.
TEST(ResearchWriter, RepeatedIdsAreDrawnAgain) {
  Scripted random({"same", "same", "same", "other"});
  json doc = research(snapshot({person("p1", {}, {}), person("p2", {}, {})}, {tie("t1", "p1", "p2")}), random, "");
  ASSERT_EQ(doc["people"].size(), 2u);
  std::set<std::string> ids{doc["people"][0]["id"].get<std::string>(), doc["people"][1]["id"].get<std::string>()};
  EXPECT_EQ(ids, (std::set<std::string>{"same", "other"}));
  ASSERT_EQ(doc["ties"].size(), 1u);
  const json& t = doc["ties"][0];
  EXPECT_EQ(std::set<std::string>({t["source"].get<std::string>(), t["target"].get<std::string>()}), ids);
  EXPECT_EQ(t, (json{{"source", t["source"]}, {"target", t["target"]}, {"kind", "friend"}, {"closeness", 4},
                     {"frequency", "weekly"}}));
}

// A tie whose end is not in the snapshot (left out for consent) is dropped.
TEST(ResearchWriter, TiesToPeopleLeftOutAreDropped) {
  Scripted random({});
  json doc = research(snapshot({person("p1", {}, {})}, {tie("t1", "p1", "gone")}), random, "");
  EXPECT_EQ(doc["people"].size(), 1u);
  EXPECT_TRUE(doc["ties"].empty());
  EXPECT_EQ(doc.dump().find("Name of"), std::string::npos);
  EXPECT_EQ(doc.dump().find("ext-"), std::string::npos);
}

}  // namespace
}  // namespace kith::exchange::writer
