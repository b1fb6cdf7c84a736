// Subject access and erasure (domain/personal_data.hpp) against a real store
// (SQLite, or PostgreSQL when KITH_TEST_ENGINE=postgresql).
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "kith/domain/personal_data.hpp"
#include "kith/exchange/exchange.hpp"
#include "store/personal_support.hpp"

namespace kith::test {
namespace {

using domain::erase_person;
using domain::subject_access;

// Values that identify Zebedee; after erasure none may be found anywhere.
const std::vector<std::string> kZebedeeValues = {"Zebedee Quintrell", "Acacia Avenue", "Quintrell household",
                                                 "survey-7781", "Met Zebedee at the allotment", "Zebedee's choir",
                                                 "tie-zq-1", "birdwatching", "wheelchair user"};

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// Ignoring case: the search key holds the name folded to lower case.
bool holds_any(const std::vector<std::string>& cells, const std::vector<std::string>& needles, std::string* hit) {
  for (const auto& cell : cells)
    for (const auto& n : needles)
      if (lower(cell).find(lower(n)) != std::string::npos) {
        *hit = n + " in " + cell;
        return true;
      }
  return false;
}

class PersonalDataTest : public PersonalDataFixture {
 protected:
  void SetUp() override {
    PersonalDataFixture::SetUp();
    if (HasFatalFailure()) return;
    zeb_ = person(area_, {{"display_name", "Zebedee Quintrell"},
                          {"external_id", "survey-7781"},
                          {"birth_band", "1950s"},
                          {"postcode_district", "LS6"},
                          {"household", "Quintrell household"},
                          {"interests", {"birdwatching"}},
                          {"languages", {"welsh"}},
                          {"accessibility_needs", {"wheelchair user"}},
                          {"notes", "Lives on Acacia Avenue"},
                          {"consent_status", "given"},
                          {"consent_date", "2026-01-10"},
                          {"consent_scope", {"research", "timebank"}}});
    ada_ = person(area_, {{"display_name", "Ada Lovelace"}});
    bo_ = person(area_, {{"display_name", "Bo Diddley"}});
    live_tie_ = tie(zeb_, ada_, {{"notes", "Met Zebedee at the allotment"}, {"external_id", "tie-zq-1"}});
    ended_tie_ = tie(bo_, zeb_, {{"kind", "family"}, {"closeness", 5}, {"notes", "Zebedee's choir"}});
    EXPECT_TRUE(reg_->remove(model::ties(), area_, ended_tie_, who_).ok());
    other_tie_ = tie(ada_, bo_);
    choir_ = id_of(make(model::groups(), area_, {{"name", "Hyde Park Choir"}, {"kind", "club"}}));
    aff_ = id_of(make(model::affiliations(), area_,
                      {{"person_id", zeb_}, {"group_id", choir_}, {"role", "member"}, {"notes", "Zebedee's choir"}}));
  }

  std::string zeb_, ada_, bo_, live_tie_, ended_tie_, other_tie_, choir_, aff_;
};

std::set<std::string> ids_in(const nlohmann::json& list) {
  std::set<std::string> out;
  for (const auto& r : list) out.insert(r["id"].get<std::string>());
  return out;
}

TEST_F(PersonalDataTest, SubjectAccessHoldsEverythingAboutThePerson) {
  ASSERT_TRUE(reg_->get(model::people(), area_, zeb_, who_).ok());  // a read, audited
  auto doc = subject_access(*store_, area_, zeb_, who_);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  const auto& d = *doc;
  for (auto section : {"person", "ties", "affiliations", "consent", "audit", "generated_at"})
    EXPECT_TRUE(d.contains(section)) << section;
  EXPECT_EQ(d["person_id"], zeb_);
  EXPECT_EQ(d["person"]["display_name"], "Zebedee Quintrell");
  EXPECT_EQ(d["person"]["external_id"], "survey-7781");
  EXPECT_EQ(d["person"]["notes"], "Lives on Acacia Avenue");
  EXPECT_EQ(d["person"]["deleted"], false);
  for (const auto& f : model::people().fields) EXPECT_TRUE(d["person"].contains(f.name)) << f.name;

  // Ties: the live one and the deleted one, marked; not the tie between others.
  EXPECT_EQ(ids_in(d["ties"]), (std::set<std::string>{live_tie_, ended_tie_}));
  for (const auto& t : d["ties"]) {
    EXPECT_EQ(t["deleted"], t["id"] == ended_tie_) << t.dump();
    EXPECT_EQ(t["other_person_id"], t["id"] == live_tie_ ? ada_ : bo_);
  }
  ASSERT_EQ(d["affiliations"].size(), 1u);
  EXPECT_EQ(d["affiliations"][0]["group_name"], "Hyde Park Choir");
  EXPECT_EQ(d["affiliations"][0]["notes"], "Zebedee's choir");

  EXPECT_EQ(d["consent"]["status"], "given");
  EXPECT_EQ(d["consent"]["date"], "2026-01-10");
  EXPECT_EQ(d["consent"]["allows"]["research"], true);
  EXPECT_EQ(d["consent"]["allows"]["referrals"], false);

  // Audit: rows about the person and about their links, not about others.
  std::set<std::string> about;
  std::set<std::string> actions;
  for (const auto& row : d["audit"]) {
    about.insert(row["entity_id"].get<std::string>());
    actions.insert(row["action"].get<std::string>());
  }
  EXPECT_EQ(about, (std::set<std::string>{zeb_, live_tie_, ended_tie_, aff_}));
  EXPECT_TRUE(actions.count("create") && actions.count("read") && actions.count("delete"));

  // Other people are named by id only: their data is theirs.
  const std::string text = d.dump();
  EXPECT_EQ(text.find("Ada Lovelace"), std::string::npos);
  EXPECT_EQ(text.find("Bo Diddley"), std::string::npos);
}

TEST_F(PersonalDataTest, SubjectAccessIsAudited) {
  ASSERT_TRUE(subject_access(*store_, area_, zeb_, who_).ok());
  EXPECT_EQ(count("audit_log", "action = ? AND entity_id = ? AND actor = ?", {"subject_access", zeb_, "worker-7"}), 1);
  // The next access lists the earlier one.
  auto again = subject_access(*store_, area_, zeb_, who_);
  ASSERT_TRUE(again.ok());
  int accesses = 0;
  for (const auto& row : (*again)["audit"]) accesses += row["action"] == "subject_access";
  EXPECT_EQ(accesses, 1);
}

TEST_F(PersonalDataTest, SubjectAccessIsNotFoundOutsideTheArea) {
  for (const auto& [area, id] : std::vector<std::pair<std::string, std::string>>{
           {other_, zeb_}, {area_, "pe_00000000000000000000"}, {area_, "not-an-id"}, {"ar_nope", zeb_}}) {
    auto doc = subject_access(*store_, area, id, who_);
    ASSERT_FALSE(doc.ok()) << area << " " << id;
    EXPECT_EQ(doc.error().code, Errc::not_found);
    auto erased = erase_person(*store_, area, id, who_);
    ASSERT_FALSE(erased.ok());
    EXPECT_EQ(erased.error().code, Errc::not_found);
  }
  EXPECT_EQ(fetch(model::people(), zeb_)["display_name"], "Zebedee Quintrell");
}

// A soft-deleted person is still held, so still answered for (and erasable).
TEST_F(PersonalDataTest, SubjectAccessCoversASoftDeletedPerson) {
  ASSERT_TRUE(reg_->remove(model::people(), area_, zeb_, who_).ok());
  auto doc = subject_access(*store_, area_, zeb_, who_);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ((*doc)["person"]["deleted"], true);
  EXPECT_EQ(ids_in((*doc)["ties"]), (std::set<std::string>{live_tie_, ended_tie_}));
  for (const auto& t : (*doc)["ties"]) EXPECT_EQ(t["deleted"], true);
}

TEST_F(PersonalDataTest, ErasureRemovesIdentifyingFieldsAndKeepsStructure) {
  const int64_t revision_before = register_revision(area_);
  const auto ties_before = count("ties", "1 = 1", {});
  auto report = erase_person(*store_, area_, zeb_, who_);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_FALSE(report->already_erased);
  EXPECT_EQ(report->ties, 2);
  EXPECT_EQ(report->affiliations, 1);
  EXPECT_EQ(register_revision(area_), revision_before + 1);

  json p = fetch(model::people(), zeb_);
  EXPECT_EQ(p["display_name"], std::string(domain::kErasedDisplayName));
  EXPECT_EQ(p["is_pseudonym"], true);
  for (auto field : {"birth_band", "postcode_district", "household", "notes", "external_id"})
    EXPECT_TRUE(p[field].is_null()) << field;
  for (auto field : {"interests", "languages", "accessibility_needs", "consent_scope"})
    EXPECT_EQ(p[field], json::array()) << field;
  EXPECT_EQ(p["consent_status"], "withdrawn");
  EXPECT_FALSE(p["consent_date"].is_null());
  EXPECT_FALSE(p.contains("deleted_at"));  // the row stays, live, so counts add up

  // Ties keep ends, kind and closeness; free text and external ids go.
  EXPECT_EQ(count("ties", "1 = 1", {}), ties_before);
  json live = fetch(model::ties(), live_tie_);
  EXPECT_EQ(live["source_id"], zeb_);
  EXPECT_EQ(live["target_id"], ada_);
  EXPECT_EQ(live["kind"], "neighbour");
  EXPECT_EQ(live["closeness"], 3);
  EXPECT_TRUE(live["notes"].is_null());
  EXPECT_TRUE(live["external_id"].is_null());
  EXPECT_FALSE(live.contains("deleted_at"));
  json ended = fetch(model::ties(), ended_tie_);
  EXPECT_EQ(ended["kind"], "family");
  EXPECT_EQ(ended["closeness"], 5);
  EXPECT_TRUE(ended["notes"].is_null());
  EXPECT_TRUE(ended.contains("deleted_at"));  // still ended
  json aff = fetch(model::affiliations(), aff_);
  EXPECT_EQ(aff["group_id"], choir_);
  EXPECT_EQ(aff["role"], "member");
  EXPECT_TRUE(aff["notes"].is_null());

  // A search by the old name finds nothing (the search key was refolded).
  store::ListQuery q;
  q.area_id = area_;
  q.text = "Zebedee";
  auto found = reg_->list(model::people(), q, who_);
  ASSERT_TRUE(found.ok());
  EXPECT_TRUE(found->items.empty());
}

TEST_F(PersonalDataTest, ErasureIsAuditedWithCountsOnly) {
  ASSERT_TRUE(erase_person(*store_, area_, zeb_, who_).ok());
  EXPECT_EQ(count("audit_log", "action = ? AND entity = ? AND entity_id = ? AND area_id = ?",
                  {"erase", "person", zeb_, area_}), 1);
  std::string hit;
  EXPECT_FALSE(holds_any(cells("audit_log", "action = ?", {"erase"}), kZebedeeValues, &hit)) << hit;
}

// After erasure no table holds any of the values, the audit log included
// (its rows are written with field names and counts only, never values).
TEST_F(PersonalDataTest, NothingIdentifyingIsLeftInTheDatabase) {
  // Every audited path that touches the person first: read, list, update
  // (the name itself), import, subject access.
  ASSERT_TRUE(reg_->get(model::people(), area_, zeb_, who_).ok());
  store::ListQuery q;
  q.area_id = area_;
  ASSERT_TRUE(reg_->list(model::people(), q, who_).ok());
  json current = fetch(model::people(), zeb_);
  ASSERT_TRUE(reg_->update(model::people(), area_, zeb_,
                           {{"display_name", "Zebedee Quintrell"}, {"notes", "Still on Acacia Avenue"},
                            {"revision", current["revision"]}},
                           who_)
                  .ok());
  exchange::ImportSource src;
  src.format = exchange::Format::json;
  src.elements = R"({"people":[{"external_id":"survey-7781","display_name":"Zebedee Quintrell"}]})";
  auto imported = exchange::import_data(*store_, area_, src, who_);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_TRUE(subject_access(*store_, area_, zeb_, who_).ok());

  ASSERT_TRUE(erase_person(*store_, area_, zeb_, who_).ok());
  std::string hit;
  for (auto table : {"people", "ties", "affiliations", "audit_log"})
    EXPECT_FALSE(holds_any(cells(table), kZebedeeValues, &hit)) << table << ": " << hit;
}

TEST_F(PersonalDataTest, ErasingTwiceChangesNothingMore) {
  ASSERT_TRUE(erase_person(*store_, area_, zeb_, who_).ok());
  const int64_t revision = register_revision(area_);
  json before = fetch(model::people(), zeb_);
  auto again = erase_person(*store_, area_, zeb_, who_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->already_erased);
  EXPECT_EQ(again->ties, 0);
  EXPECT_EQ(register_revision(area_), revision);
  EXPECT_EQ(fetch(model::people(), zeb_), before);
  EXPECT_EQ(count("audit_log", "action = ? AND entity_id = ?", {"erase", zeb_}), 2);  // each request recorded
}

// Withdrawn consent takes the erased person out of every analysis and export.
TEST_F(PersonalDataTest, ErasedPersonIsLeftOutOfExports) {
  ASSERT_TRUE(erase_person(*store_, area_, zeb_, who_).ok());
  auto text = exchange::export_research(*store_, area_, who_);
  ASSERT_TRUE(text.ok()) << text.error().message;
  auto doc = nlohmann::json::parse(*text);
  EXPECT_EQ(doc["people"].size(), 2u);
  EXPECT_EQ(doc["ties"].size(), 1u);  // ada-bo only
  auto full = exchange::export_data(*store_, area_, exchange::Format::json, "", who_);
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->find(std::string(domain::kErasedDisplayName)), std::string::npos);
}

TEST_F(PersonalDataTest, ASoftDeletedPersonCanBeErased) {
  ASSERT_TRUE(reg_->remove(model::people(), area_, zeb_, who_).ok());
  ASSERT_TRUE(erase_person(*store_, area_, zeb_, who_).ok());
  std::string hit;
  EXPECT_FALSE(holds_any(cells("people"), kZebedeeValues, &hit)) << hit;
  EXPECT_TRUE(fetch(model::people(), zeb_).contains("deleted_at"));
}

}  // namespace
}  // namespace kith::test
