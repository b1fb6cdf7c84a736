// The pseudonymised research export (exchange::export_research) against a
// real store (SQLite, or PostgreSQL when KITH_TEST_ENGINE=postgresql).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "kith/exchange/exchange.hpp"
#include "store/personal_support.hpp"
#include "support/run_command.hpp"

namespace kith::test {
namespace {

using nlohmann::json;

class ResearchExportTest : public PersonalDataFixture {
 protected:
  json research(const std::string& area) {
    auto text = exchange::export_research(*store_, area, who_);
    EXPECT_TRUE(text.ok()) << (text.ok() ? "" : text.error().message);
    return text.ok() ? json::parse(*text) : json::object();
  }

  // An area with names, free text and external ids everywhere they can go.
  void fill_with_identifying_values() {
    for (int i = 0; i < 8; ++i) {
      std::string n = std::to_string(i);
      ids_.push_back(person(area_, {{"display_name", "Resident Name" + n},
                                    {"external_id", "ext-person-" + n},
                                    {"birth_band", i < 6 ? "1950s" : "1980s"},
                                    {"postcode_district", i < 5 ? "LS6" : "LS7"},
                                    {"household", "Household Label" + n},
                                    {"interests", {"interest-tag-" + n}},
                                    {"notes", "Free text note " + n}}));
      values_.insert(values_.end(), {"Resident Name" + n, "ext-person-" + n, "Household Label" + n,
                                     "interest-tag-" + n, "Free text note " + n});
    }
    // A path 0-1-2-...-7 and a star around 0: an uneven degree sequence.
    for (size_t i = 0; i + 1 < ids_.size(); ++i) {
      std::string n = std::to_string(i);
      tie_ids_.push_back(tie(ids_[i], ids_[i + 1], {{"notes", "Tie note " + n}, {"external_id", "ext-tie-" + n}}));
      values_.insert(values_.end(), {"Tie note " + n, "ext-tie-" + n});
    }
    for (size_t i = 3; i < ids_.size(); ++i) tie_ids_.push_back(tie(ids_[0], ids_[i], {{"kind", "friend"}}));
  }

  static std::vector<int> degree_sequence(const json& doc) {
    std::map<std::string, int> degree;
    for (const auto& p : doc["people"]) degree[p["id"].get<std::string>()] = 0;
    for (const auto& t : doc["ties"]) {
      ++degree[t["source"].get<std::string>()];
      ++degree[t["target"].get<std::string>()];
    }
    std::vector<int> out;
    for (const auto& [id, d] : degree) out.push_back(d);
    std::sort(out.begin(), out.end());
    return out;
  }

  std::vector<std::string> ids_, tie_ids_, values_;
};

TEST_F(ResearchExportTest, HoldsNoNamesFreeTextOrIds) {
  fill_with_identifying_values();
  json doc = research(area_);
  ASSERT_EQ(doc["people"].size(), ids_.size());
  ASSERT_EQ(doc["ties"].size(), tie_ids_.size());
  const std::string text = doc.dump();
  std::vector<std::string> forbidden = values_;
  forbidden.insert(forbidden.end(), ids_.begin(), ids_.end());
  forbidden.insert(forbidden.end(), tie_ids_.begin(), tie_ids_.end());
  forbidden.push_back(area_);
  for (const auto& v : forbidden) EXPECT_EQ(text.find(v), std::string::npos) << v;
  // Only the documented keys, so a new field cannot slip out unnoticed.
  for (const auto& p : doc["people"]) {
    std::set<std::string> keys;
    for (const auto& [k, v] : p.items()) keys.insert(k);
    EXPECT_EQ(keys, (std::set<std::string>{"id", "birth_decade", "postcode_district"}));
  }
  for (const auto& t : doc["ties"]) {
    std::set<std::string> keys;
    for (const auto& [k, v] : t.items()) keys.insert(k);
    EXPECT_EQ(keys, (std::set<std::string>{"source", "target", "kind", "closeness", "frequency"}));
  }
  EXPECT_TRUE(doc.contains("generated_at"));
}

TEST_F(ResearchExportTest, TwoExportsShareStructureButNoIds) {
  fill_with_identifying_values();
  json a = research(area_), b = research(area_);
  std::set<std::string> ids_a, ids_b;
  for (const auto& p : a["people"]) ids_a.insert(p["id"].get<std::string>());
  for (const auto& p : b["people"]) ids_b.insert(p["id"].get<std::string>());
  EXPECT_EQ(ids_a.size(), ids_.size());  // one fresh id each
  for (const auto& id : ids_a) EXPECT_EQ(ids_b.count(id), 0u) << id;
  EXPECT_EQ(degree_sequence(a), degree_sequence(b));
  EXPECT_EQ(degree_sequence(a), (std::vector<int>{2, 2, 2, 3, 3, 3, 3, 6}));
  auto tie_kinds = [](const json& doc) {
    std::multiset<std::tuple<std::string, int, std::string>> out;
    for (const auto& t : doc["ties"])
      out.emplace(t["kind"].get<std::string>(), t["closeness"].get<int>(), t["frequency"].get<std::string>());
    return out;
  };
  EXPECT_EQ(tie_kinds(a), tie_kinds(b));
}

// 6 born in the 1950s and 2 in the 1980s: the two are not shown. 5 in LS6
// and 3 in LS7: likewise.
TEST_F(ResearchExportTest, RareCategoriesAreNull) {
  fill_with_identifying_values();
  json doc = research(area_);
  std::map<std::string, int> decades, districts;
  for (const auto& p : doc["people"]) {
    ++decades[p["birth_decade"].is_null() ? "null" : p["birth_decade"].get<std::string>()];
    ++districts[p["postcode_district"].is_null() ? "null" : p["postcode_district"].get<std::string>()];
  }
  EXPECT_EQ(decades, (std::map<std::string, int>{{"1950s", 6}, {"null", 2}}));
  EXPECT_EQ(districts, (std::map<std::string, int>{{"LS6", 5}, {"null", 3}}));
  EXPECT_EQ(doc["category_group_min"], 5);
}

// Withdrawing consent drops one 1950s person: 5 remain, still shown. A second
// drops the 1950s below five, and so their decade is no longer shown either.
TEST_F(ResearchExportTest, PeopleWithoutResearchConsentAreLeftOut) {
  fill_with_identifying_values();
  auto withdraw = [&](const std::string& id, json consent) {
    json current = fetch(model::people(), id);
    consent["revision"] = current["revision"];
    auto r = reg_->update(model::people(), area_, id, consent, who_);
    ASSERT_TRUE(r.ok()) << r.error().message;
  };
  withdraw(ids_[0], {{"consent_status", "withdrawn"}, {"consent_date", "2026-11-30"}});
  json doc = research(area_);
  EXPECT_EQ(doc["people"].size(), ids_.size() - 1);
  EXPECT_EQ(doc["ties"].size(), tie_ids_.size() - 6);  // person 0 had 6 ties
  int fifties = 0;
  for (const auto& p : doc["people"]) fifties += p["birth_decade"] == "1950s";
  EXPECT_EQ(fifties, 5);

  // Consent given for other uses only is not consent to research.
  withdraw(ids_[1], {{"consent_status", "given"}, {"consent_date", "2026-11-30"}, {"consent_scope", {"timebank"}}});
  doc = research(area_);
  EXPECT_EQ(doc["people"].size(), ids_.size() - 2);
  for (const auto& p : doc["people"]) EXPECT_TRUE(p["birth_decade"].is_null()) << p.dump();
}

TEST_F(ResearchExportTest, IsAuditedAsAnExport) {
  fill_with_identifying_values();
  research(area_);
  auto rows = cells("audit_log", "action = ? AND entity_id = ?", {"export", area_});
  std::string joined;
  for (const auto& c : rows) joined += c + " ";
  EXPECT_NE(joined.find("\"format\":\"research\""), std::string::npos) << joined;
  EXPECT_NE(joined.find("\"people\":8"), std::string::npos) << joined;
}

TEST_F(ResearchExportTest, TheCommandLineWritesIt) {
  fill_with_identifying_values();
  auto run = run_command(std::string(KITH_BIN) + " export --format research --area " + area_ + " --db '" + url_ + "'");
  ASSERT_EQ(run.code, 0) << run.out;
  json doc = json::parse(run.out);
  EXPECT_EQ(doc["people"].size(), ids_.size());
  EXPECT_EQ(run.out.find("Resident Name"), std::string::npos);
  auto part = run_command(std::string(KITH_BIN) + " export --format research --part elements --area " + area_ +
                          " --db '" + url_ + "'");
  EXPECT_EQ(part.code, 2) << part.out;
}

TEST_F(ResearchExportTest, UnknownAreaIsNotFound) {
  auto text = exchange::export_research(*store_, "ar_00000000000000000000", who_);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::not_found);
}

}  // namespace
}  // namespace kith::test
