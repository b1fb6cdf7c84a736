// Import and export against a real database (either engine): all or nothing,
// idempotent, round trips, and well-formed GraphML/GEXF.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kith/core/ids.hpp"
#include "kith/exchange/exchange.hpp"
#include "kith/domain/register.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/store.hpp"
#include "kith/store/value.hpp"
#include "support/test_support.hpp"

namespace kith::exchange {
namespace {

using nlohmann::json;
using domain::Register;
using model::Actor;

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(KITH_FIXTURES) + "/exchange/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ImportSource kumu(std::string elements, std::string connections) {
  ImportSource s;
  s.format = Format::kumu;
  s.elements = std::move(elements);
  s.connections = std::move(connections);
  s.name = "elements.csv";
  s.connections_name = "connections.csv";
  return s;
}

ImportSource single(Format f, std::string text) {
  ImportSource s;
  s.format = f;
  s.elements = std::move(text);
  s.name = "input";
  return s;
}

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  std::sort(out.begin(), out.end());
  return out;
}

// Sorts every list of records by external_id so two exports compare equal
// whatever order their ids put them in.
json canonical(json doc) {
  for (auto& [name, list] : doc.items())
    std::sort(list.begin(), list.end(),
              [](const json& a, const json& b) { return a["external_id"] < b["external_id"]; });
  return doc;
}

class ExchangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = test::fresh_db_url(dir_);
    auto s = store::open_store(url_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(*s);
    area_ = new_area("Cathays");
  }

  std::string new_area(const std::string& name) {
    Register reg(*store_);
    auto a = reg.create(model::areas(), "", json{{"name", name}}, who_);
    EXPECT_TRUE(a.ok()) << a.error().message;
    return a.ok() ? (*a)["id"].get<std::string>() : std::string();
  }

  std::map<std::string, int64_t> counts(const std::string& area) {
    std::map<std::string, int64_t> out;
    auto r = store_->read([&](store::Connection& c) -> Result<void> {
      for (const model::Entity* e : model::all_entities()) {
        if (!e->area_scoped) continue;
        int64_t n = 0;
        KITH_TRY(store::scan_area(c, *e, area, false, [&](store::StoredRecord&&) -> Result<void> {
          ++n;
          return {};
        }));
        out[std::string(e->plural)] = n;
      }
      return {};
    });
    EXPECT_TRUE(r.ok());
    return out;
  }

  int64_t register_revision(const std::string& area) {
    Register reg(*store_);
    auto a = reg.get(model::areas(), "", area, who_);
    EXPECT_TRUE(a.ok());
    return a.ok() ? (*a)["register_revision"].get<int64_t>() : -1;
  }

  json find_person(const std::string& area, const std::string& external_id) {
    Register reg(*store_);
    store::ListQuery q;
    q.area_id = area;
    q.limit = store::kPageLimitMax;
    auto page = reg.list(model::people(), q, who_);
    EXPECT_TRUE(page.ok());
    for (const auto& p : page->items)
      if (p["external_id"] == external_id) return p;
    return nullptr;
  }

  Result<ImportReport> import_fixture(const std::string& area) {
    return import_data(*store_, area, kumu(fixture("elements.csv"), fixture("connections.csv")), who_);
  }

  std::string export_text(const std::string& area, Format f, std::string_view part = {}) {
    auto t = export_data(*store_, area, f, part, who_);
    EXPECT_TRUE(t.ok()) << t.error().message;
    return t.ok() ? *t : std::string();
  }

  test::TempDir dir_;
  std::string url_;
  std::unique_ptr<store::Store> store_;
  std::string area_;
  Actor who_;
};

TEST_F(ExchangeTest, KumuImportAddsEveryRecord) {
  int64_t before = register_revision(area_);
  auto r = import_fixture(area_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->rows, 13);
  EXPECT_EQ(r->added["people"], 5);
  EXPECT_EQ(r->added["groups"], 1);
  EXPECT_EQ(r->added["places"], 1);
  EXPECT_EQ(r->added["ties"], 4);
  EXPECT_EQ(r->added["affiliations"], 2);
  EXPECT_TRUE(r->updated.empty());
  auto c = counts(area_);
  EXPECT_EQ(c["people"], 5);
  EXPECT_EQ(c["ties"], 4);
  EXPECT_EQ(c["affiliations"], 2);
  EXPECT_EQ(register_revision(area_), before + 1);
  json sion = find_person(area_, "p1");
  ASSERT_TRUE(sion.is_object());
  EXPECT_EQ(sion["display_name"], "Siôn Llŷr ap Gwilym");
  EXPECT_EQ(sion["interests"], (json{"gardening", "choir"}));
  EXPECT_EQ(sion["consent_date"], "2025-03-01");
}

// A file large enough for the importer's second threads (a connections file
// over a megabyte is read while the elements are written, and the ties' ids
// are drawn while the links are resolved): 3,000 people, 12 groups, and per
// person twelve ties to the next people (a street) and one group. The expected
// ties and affiliations are taken from these rows, not from kith.
struct LargeKumu {
  std::string elements = "ID,Label,Type,Kind\n";
  std::string connections = "From,To,Type,Closeness,Frequency\n";
  std::set<std::string> ties, affiliations;  // "from>to>type" from the rows
};

LargeKumu large_kumu() {
  LargeKumu k;
  constexpr int people = 3000;
  for (int i = 0; i < people; ++i) k.elements += "p" + std::to_string(i) + ",Person " + std::to_string(i) + ",Person,\n";
  for (int g = 0; g < 12; ++g) k.elements += "g" + std::to_string(g) + ",Group " + std::to_string(g) + ",Group,club\n";
  const char* kinds[] = {"friend", "neighbour", "family"};
  for (int i = 0; i < people; ++i) {
    for (int d = 1; d <= 12; ++d) {
      std::string from = "p" + std::to_string(i), to = "p" + std::to_string((i + d) % people);
      std::string kind = kinds[(i + d) % 3];
      k.connections += from + "," + to + "," + kind + "," + std::to_string(1 + (i + d) % 5) + ",weekly\n";
      k.ties.insert(from + ">" + to + ">" + kind);
    }
    std::string group = "g" + std::to_string(i % 12);
    k.connections += "p" + std::to_string(i) + "," + group + ",member,,\n";
    k.affiliations.insert("p" + std::to_string(i) + ">" + group + ">member");
  }
  return k;
}

TEST_F(ExchangeTest, ALargeFileIsReadOnTwoThreadsAndWrittenExactlyAsItsRows) {
  // The second threads read and resolve, which no engine takes part in; the
  // PostgreSQL bulk writes are covered by the small files (and take ~10 s here).
  if (test::testing_postgres()) GTEST_SKIP() << "covered by the SQLite run";
  LargeKumu k = large_kumu();
  ASSERT_GT(k.connections.size(), size_t{1} << 20) << "the file must be large enough for the second thread";
  auto r = import_data(*store_, area_, kumu(k.elements, k.connections), who_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->rows, 3012 + 39000);
  EXPECT_EQ(r->added["people"], 3000);
  EXPECT_EQ(r->added["ties"], 36000);
  EXPECT_EQ(r->added["affiliations"], 3000);
  // Every stored link, named by its ends' external ids, is one of the rows.
  std::map<std::string, std::string> external;  // public id -> external id
  std::set<std::string> ties, affiliations;
  std::vector<std::string> tie_ids;  // in row order
  auto read = store_->read([&](store::Connection& c) -> Result<void> {
    for (const model::Entity* e : {&model::people(), &model::groups()})
      KITH_TRY(store::scan_area(c, *e, area_, false, [&](store::StoredRecord&& rec) -> Result<void> {
        external[rec.id] = rec.external_id;
        return {};
      }));
    const size_t kind = model::ties().index_of("kind"), role = model::affiliations().index_of("role");
    KITH_TRY(store::scan_area(c, model::ties(), area_, false, [&](store::StoredRecord&& rec) -> Result<void> {
      ties.insert(external[store::text_of(rec.fields[0])] + ">" + external[store::text_of(rec.fields[1])] + ">" +
                  store::text_of(rec.fields[kind]));
      tie_ids.push_back(rec.id);
      return {};
    }));
    return store::scan_area(c, model::affiliations(), area_, false, [&](store::StoredRecord&& rec) -> Result<void> {
      affiliations.insert(external[store::text_of(rec.fields[0])] + ">" + external[store::text_of(rec.fields[1])] +
                          ">" + store::text_of(rec.fields[role]));
      return {};
    });
  });
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(ties, k.ties);
  EXPECT_EQ(affiliations, k.affiliations);
  // Fewer ties than links (some are affiliations): the ids handed out are a
  // selection from the ones drawn, still ascending in row order and distinct.
  ASSERT_EQ(tie_ids.size(), 36000u);
  for (size_t i = 0; i < tie_ids.size(); ++i) {
    ASSERT_TRUE(is_valid_id(tie_ids[i], model::ties().id_prefix)) << tie_ids[i];
    if (i > 0) {
      ASSERT_LT(tie_ids[i - 1], tie_ids[i]) << i;
    }
  }
}

TEST_F(ExchangeTest, ALargeFileReportsProblemsInBothFilesInFileOrderAndWritesNothing) {
  // The second threads read and resolve, which no engine takes part in; the
  // PostgreSQL bulk writes are covered by the small files (and take ~10 s here).
  if (test::testing_postgres()) GTEST_SKIP() << "covered by the SQLite run";
  LargeKumu k = large_kumu();
  k.elements += "p9000,Nobody,Persn,\n";            // line 3014: no such type
  k.connections += "p1,p2,friend,9,weekly\n";      // line 39003: closeness out of range
  k.connections += "p1,nobody,friend,2,weekly\n";  // line 39004: no such element
  k.connections += "p1,p9000,friend,2,weekly\n";  // line 39005: its element's own row says why
  // Line 2, repeated on line 68 (person 5's first tie): the later row is named.
  k.connections.insert(k.connections.find('\n') + 1, "p5,p6,friend,2,weekly\n");
  auto r = import_checked(*store_, area_, kumu(k.elements, k.connections), who_, ImportOptions{true});
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::vector<std::pair<std::string, long>> where;
  for (const Error& e : r->errors) where.emplace_back(e.file, e.line);
  const std::vector<std::pair<std::string, long>> want = {
      {"elements.csv", 3014}, {"connections.csv", 68}, {"connections.csv", 39003}, {"connections.csv", 39004}};
  EXPECT_EQ(where, want);
  EXPECT_EQ(r->errors_total, 4);
  EXPECT_EQ(counts(area_)["people"], 0);
  EXPECT_EQ(counts(area_)["ties"], 0);
  auto refused = import_data(*store_, area_, kumu(k.elements, k.connections), who_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().line, 3014);
  EXPECT_EQ(counts(area_)["people"], 0);
  EXPECT_EQ(counts(area_)["ties"], 0);
}

TEST_F(ExchangeTest, ALargeConnectionsFileWithABrokenHeaderLeavesNoNewArea) {
  LargeKumu k = large_kumu();
  k.connections.replace(0, 4, "Frum");  // no From column
  auto r = import_new_area(*store_, "Splott", kumu(k.elements, k.connections), who_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("connections.csv"), std::string::npos) << r.error().message;
  Register reg(*store_);
  store::ListQuery q;
  q.limit = store::kPageLimitMax;
  auto areas = reg.list(model::areas(), q, who_);
  ASSERT_TRUE(areas.ok());
  for (const auto& a : areas->items) EXPECT_NE(a["name"], "Splott");
}

TEST_F(ExchangeTest, TiesWithoutClosenessOrFrequencyGetTheDocumentedDefaults) {
  ASSERT_TRUE(import_fixture(area_).ok());
  std::string edges = export_text(area_, Format::json);
  json doc = json::parse(edges);
  bool found = false;
  for (const auto& t : doc["ties"]) {
    if (t["source"] != "p4") continue;
    found = true;
    EXPECT_EQ(t["target"], "p5");
    EXPECT_EQ(t["kind"], "acquaintance");
    EXPECT_EQ(t["closeness"], 3);
    EXPECT_EQ(t["frequency"], "less_often");
  }
  EXPECT_TRUE(found);
}

TEST_F(ExchangeTest, ReimportingTheSameFileChangesNothing) {
  ASSERT_TRUE(import_fixture(area_).ok());
  auto first = counts(area_);
  int64_t revision = register_revision(area_);
  auto again = import_fixture(area_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->added.empty());
  EXPECT_TRUE(again->updated.empty());
  EXPECT_EQ(again->unchanged["people"], 5);
  EXPECT_EQ(again->unchanged["ties"], 4);
  EXPECT_EQ(again->unchanged["affiliations"], 2);
  EXPECT_EQ(counts(area_), first);
  EXPECT_EQ(register_revision(area_), revision);
}

TEST_F(ExchangeTest, OneBadRowRefusesTheWholeFileAndNamesIt) {
  ASSERT_TRUE(import_fixture(area_).ok());
  auto before = counts(area_);
  int64_t revision = register_revision(area_);
  std::string elements = fixture("elements.csv") + "p9,New Person,Person,,,,,,,,,,\r\n";
  std::string connections = fixture("connections.csv");
  connections.insert(connections.find("p3,p4"), "p1,p9,friend,9,weekly,,,,,\r\n");  // becomes line 4
  auto r = import_data(*store_, area_, kumu(elements, connections), who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 4);
  EXPECT_EQ(r.error().field, "Closeness");
  EXPECT_NE(r.error().message.find("connections.csv line 4, column Closeness"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(counts(area_), before);
  EXPECT_EQ(register_revision(area_), revision);
  EXPECT_TRUE(find_person(area_, "p9").is_null());
}

TEST_F(ExchangeTest, AnUnknownReferenceIsRefusedWithItsLine) {
  auto r = import_data(*store_, area_, kumu("Label,Type\nAnn,Person\n", "From,To\nAnn,Nobody\n"), who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().field, "To");
  EXPECT_EQ(counts(area_)["people"], 0);
}

TEST_F(ExchangeTest, ConnectionsMayReferToRecordsAlreadyInTheArea) {
  ASSERT_TRUE(import_data(*store_, area_, kumu(fixture("elements.csv"), ""), who_).ok());
  auto r = import_data(*store_, area_, kumu("", "From,To,Type\np5,p1,friend\ng1,p5,member\n"), who_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->added["ties"], 1);
  EXPECT_EQ(r->added["affiliations"], 1);  // group -> person read as the person's affiliation
}

TEST_F(ExchangeTest, UpdatesTouchOnlyTheColumnsTheFileHas) {
  ASSERT_TRUE(import_fixture(area_).ok());
  auto r = import_data(*store_, area_, kumu("ID,Label,Type,Notes\np1,Siôn Llŷr,Person,Prefers Welsh\n", ""), who_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->updated["people"], 1);
  json sion = find_person(area_, "p1");
  EXPECT_EQ(sion["display_name"], "Siôn Llŷr");
  EXPECT_EQ(sion["notes"], "Prefers Welsh");
  EXPECT_EQ(sion["languages"], (json{"cy", "en"}));  // no Languages column: kept
  EXPECT_EQ(sion["revision"], 2);
}

TEST_F(ExchangeTest, ADeletedPersonIsNotBroughtBackByAnImport) {
  ASSERT_TRUE(import_fixture(area_).ok());
  json bob = find_person(area_, "p5");
  Register reg(*store_);
  ASSERT_TRUE(reg.remove(model::people(), area_, bob["id"].get<std::string>(), who_).ok());
  auto r = import_fixture(area_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 6);
  EXPECT_EQ(r.error().field, "ID");
  EXPECT_NE(r.error().message.find("deleted"), std::string::npos);
}

TEST_F(ExchangeTest, ATieIdCannotMoveToOtherPeople) {
  ASSERT_TRUE(import_data(*store_, area_, kumu("Label,Type\nA,Person\nB,Person\nC,Person\n",
                                               "ID,From,To,Type\nt1,A,B,friend\n"),
                          who_)
                  .ok());
  auto r = import_data(*store_, area_, kumu("", "ID,From,To,Type\nt1,A,C,friend\n"), who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "ID");
  EXPECT_NE(r.error().message.find("different ends"), std::string::npos);
}

TEST_F(ExchangeTest, RepeatedConnectionsAreRefusedWithBothLines) {
  auto r = import_data(*store_, area_,
                       kumu("Label,Type\nA,Person\nB,Person\n", "From,To,Type\nA,B,friend\nA,B,Friend\n"), who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 3);
  EXPECT_NE(r.error().message.find("line 2"), std::string::npos);
  EXPECT_EQ(counts(area_)["people"], 0);
}

// A connection without an ID is the area's link with the same ends and type:
// no external id is made up for it, and one added by hand is found again.
TEST_F(ExchangeTest, AConnectionWithoutAnIdMatchesTheTieWithTheSameEndsAndType) {
  ASSERT_TRUE(import_data(*store_, area_, kumu("Label,Type\nA,Person\nB,Person\n", ""), who_).ok());
  Register reg(*store_);
  json a = find_person(area_, "A"), b = find_person(area_, "B");
  auto typed = reg.create(model::ties(), area_,
                          json{{"source_id", a["id"]}, {"target_id", b["id"]}, {"kind", "friend"}, {"closeness", 2},
                               {"frequency", "monthly"}},
                          who_);
  ASSERT_TRUE(typed.ok()) << typed.error().message;
  auto r = import_data(*store_, area_, kumu("", "From,To,Type,Closeness\nA,B,Friend,5\nB,A,friend,1\n"), who_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->updated["ties"], 1);  // A->B friend: the tie typed in, closeness 2 -> 5
  EXPECT_EQ(r->added["ties"], 1);    // B->A is another tie: ties have a direction (who named whom)
  auto again = reg.get(model::ties(), area_, (*typed)["id"].get<std::string>(), who_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)["closeness"], 5);
  store::ListQuery q;
  q.area_id = area_;
  auto ties = reg.list(model::ties(), q, who_);
  ASSERT_TRUE(ties.ok());
  ASSERT_EQ(ties->items.size(), 2u);
  for (const json& t : ties->items) EXPECT_TRUE(t["external_id"].is_null()) << t.dump();
}

TEST_F(ExchangeTest, AConnectionWithoutAnIdThatCouldMeanTwoTiesIsRefused) {
  ASSERT_TRUE(import_data(*store_, area_, kumu("Label,Type\nA,Person\nB,Person\n", ""), who_).ok());
  Register reg(*store_);
  json a = find_person(area_, "A"), b = find_person(area_, "B");
  for (int i = 0; i < 2; ++i)
    ASSERT_TRUE(reg.create(model::ties(), area_,
                           json{{"source_id", a["id"]}, {"target_id", b["id"]}, {"kind", "friend"},
                                {"closeness", 3}, {"frequency", "weekly"}},
                           who_)
                    .ok());
  auto r = import_data(*store_, area_, kumu("", "From,To,Type\nA,B,friend\n"), who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().field, "From");
  EXPECT_NE(r.error().message.find("two ties"), std::string::npos) << r.error().message;
}

TEST_F(ExchangeTest, AConnectionWithoutAnIdDoesNotBringBackADeletedTie) {
  ASSERT_TRUE(import_data(*store_, area_, kumu("Label,Type\nA,Person\nB,Person\n", "From,To,Type\nA,B,friend\n"),
                          who_)
                  .ok());
  Register reg(*store_);
  store::ListQuery q;
  q.area_id = area_;
  auto ties = reg.list(model::ties(), q, who_);
  ASSERT_TRUE(ties.ok());
  ASSERT_EQ(ties->items.size(), 1u);
  ASSERT_TRUE(reg.remove(model::ties(), area_, ties->items[0]["id"].get<std::string>(), who_).ok());
  auto r = import_data(*store_, area_, kumu("", "From,To,Type\nA,B,friend\n"), who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().line, 2);
  EXPECT_NE(r.error().message.find("deleted"), std::string::npos) << r.error().message;
}

// A person who withdrew consent is not exported, nor are their links; the
// rest of the area is.
TEST_F(ExchangeTest, ExportsLeaveOutPeopleWhoWithdrewConsent) {
  ASSERT_TRUE(import_fixture(area_).ok());
  json p2 = find_person(area_, "p2");
  Register reg(*store_);
  auto withdrawn = reg.update(model::people(), area_, p2["id"].get<std::string>(),
                              {{"consent_status", "withdrawn"}, {"consent_date", "2026-11-30"}, {"revision", p2["revision"]}},
                              who_);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
  json out = json::parse(export_text(area_, Format::json));
  std::set<std::string> people;
  for (const auto& p : out["people"]) people.insert(p["external_id"].get<std::string>());
  EXPECT_EQ(people, (std::set<std::string>{"p1", "p3", "p4", "p5"}));
  // Fixture links of p2: p1-p2, p2-p3 (ties) and p2 at pl1 (affiliation).
  EXPECT_EQ(out["ties"].size(), 2u) << out["ties"].dump();
  EXPECT_EQ(out["affiliations"].size(), 1u) << out["affiliations"].dump();
  for (const auto& t : out["ties"]) {
    EXPECT_NE(t["source"], "p2");
    EXPECT_NE(t["target"], "p2");
  }
  std::string kumu = export_text(area_, Format::kumu, "elements");
  EXPECT_EQ(kumu.find("p2,"), std::string::npos) << kumu;
}

TEST_F(ExchangeTest, KumuExportRoundTripsIntoAnotherArea) {
  ASSERT_TRUE(import_fixture(area_).ok());
  std::string elements = export_text(area_, Format::kumu, "elements");
  std::string connections = export_text(area_, Format::kumu, "connections");
  // Names survive byte for byte, quoted where CSV needs it.
  EXPECT_NE(elements.find("عائشہ خان"), std::string::npos);
  EXPECT_NE(elements.find("Łucja Wąsowska-Żak"), std::string::npos);
  EXPECT_NE(elements.find("\"Bob \"\"Bobby\"\" O'Neill\""), std::string::npos);
  std::string other = new_area("Copy");
  auto r = import_data(*store_, other, kumu(elements, connections), who_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->added["people"], 5);
  EXPECT_EQ(r->added["ties"], 4);
  EXPECT_EQ(r->added["affiliations"], 2);
  EXPECT_EQ(sorted_lines(export_text(other, Format::kumu, "elements")), sorted_lines(elements));
  EXPECT_EQ(sorted_lines(export_text(other, Format::kumu, "connections")), sorted_lines(connections));
  // And back into the first area: everything is already there.
  auto back = import_data(*store_, area_, kumu(elements, connections), who_);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->added.empty());
  EXPECT_TRUE(back->updated.empty());
}

TEST_F(ExchangeTest, JsonExportRoundTrips) {
  ASSERT_TRUE(import_data(*store_, area_, single(Format::json, fixture("register.json")), who_).ok());
  ASSERT_TRUE(import_fixture(area_).ok());
  std::string text = export_text(area_, Format::json);
  std::string other = new_area("Copy");
  auto r = import_data(*store_, other, single(Format::json, text), who_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->added["people"], 7);
  EXPECT_EQ(r->added["affiliations"], 4);
  EXPECT_EQ(canonical(json::parse(export_text(other, Format::json))), canonical(json::parse(text)));
  json doc = json::parse(text);
  bool found = false;
  for (const auto& p : doc["people"]) found = found || p["display_name"] == "Xaawo Cabdi Maxamed";
  EXPECT_TRUE(found);
}

TEST_F(ExchangeTest, JsonImportIsIdempotent) {
  auto first = import_data(*store_, area_, single(Format::json, fixture("register.json")), who_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->added["ties"], 1);
  auto again = import_data(*store_, area_, single(Format::json, fixture("register.json")), who_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->added.empty());
  EXPECT_EQ(again->unchanged["people"], 2);
  EXPECT_EQ(again->unchanged["affiliations"], 2);
}

TEST_F(ExchangeTest, EdgeListImportMergesAndReimportsCleanly) {
  auto r = import_data(*store_, area_, single(Format::edgelist, fixture("edgelist.csv")), who_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->merged, 1);
  EXPECT_EQ(r->added["people"], 3);
  EXPECT_EQ(r->added["ties"], 3);
  EXPECT_EQ(find_person(area_, "a")["display_name"], "a");
  auto lines = sorted_lines(export_text(area_, Format::edgelist));
  EXPECT_EQ(lines, (std::vector<std::string>{"a,b,4\r", "b,c,5\r", "c,a,3\r", "source,target,weight\r"}));
  auto again = import_data(*store_, area_, single(Format::edgelist, fixture("edgelist.csv")), who_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->added.empty());
  EXPECT_EQ(again->unchanged["ties"], 3);
}

TEST_F(ExchangeTest, EdgeListDoesNotRenamePeopleAlreadyThere) {
  ASSERT_TRUE(import_data(*store_, area_, kumu("ID,Label,Type\na,Ann Jones,Person\n", ""), who_).ok());
  auto r = import_data(*store_, area_, single(Format::edgelist, "source,target\na,b\n"), who_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->unchanged["people"], 1);
  EXPECT_EQ(find_person(area_, "a")["display_name"], "Ann Jones");
}

TEST_F(ExchangeTest, ImportIntoAMissingAreaIsNotFound) {
  auto r = import_fixture("ar_00000000000000000000");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::not_found);
}

// A minimal XML reader: enough to prove a document is well formed and to
// look at its elements and (unescaped) attributes.
struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attrs;
  std::vector<XmlNode> children;
  std::string text;
};

class XmlReader {
 public:
  explicit XmlReader(const std::string& s) : s_(s) {}

  bool document(XmlNode& root) {
    skip_space();
    if (s_.compare(i_, 5, "<?xml") == 0) {
      auto end = s_.find("?>", i_);
      if (end == std::string::npos) return false;
      i_ = end + 2;
    }
    skip_space();
    if (!element(root)) return false;
    skip_space();
    return i_ == s_.size();
  }

 private:
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool name(std::string& out) {
    size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' || s_[i_] == ':' ||
                              s_[i_] == '-' || s_[i_] == '.'))
      ++i_;
    out = s_.substr(start, i_ - start);
    return !out.empty();
  }
  // Character data up to `stop`, with entities decoded; a raw '<' or a bad entity fails.
  bool chars(char stop, std::string& out) {
    while (i_ < s_.size() && s_[i_] != stop) {
      char c = s_[i_];
      if (c == '<' && stop != '<') return false;
      if (c == '&') {
        auto semi = s_.find(';', i_);
        if (semi == std::string::npos) return false;
        std::string ent = s_.substr(i_ + 1, semi - i_ - 1);
        static const std::map<std::string, std::string> named = {
            {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
        if (auto it = named.find(ent); it != named.end()) out += it->second;
        else if (ent.size() > 1 && ent[0] == '#') out += static_cast<char>(std::stoi(ent.substr(1)));
        else return false;
        i_ = semi + 1;
        continue;
      }
      out += c;
      ++i_;
    }
    return i_ < s_.size();
  }
  bool element(XmlNode& n) {
    if (i_ >= s_.size() || s_[i_] != '<') return false;
    ++i_;
    if (!name(n.name)) return false;
    for (;;) {
      skip_space();
      if (s_.compare(i_, 2, "/>") == 0) {
        i_ += 2;
        return true;
      }
      if (i_ < s_.size() && s_[i_] == '>') {
        ++i_;
        break;
      }
      std::string attr, value;
      if (!name(attr) || i_ + 1 >= s_.size() || s_[i_] != '=' || s_[i_ + 1] != '"') return false;
      i_ += 2;
      if (!chars('"', value)) return false;
      ++i_;
      if (!n.attrs.emplace(attr, value).second) return false;  // repeated attribute
    }
    for (;;) {
      if (!chars('<', n.text)) return false;
      if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        std::string close;
        if (!name(close) || close != n.name || i_ >= s_.size() || s_[i_] != '>') return false;
        ++i_;
        return true;
      }
      XmlNode child;
      if (!element(child)) return false;
      n.children.push_back(std::move(child));
    }
  }

  const std::string& s_;
  size_t i_ = 0;
};

const XmlNode* child(const XmlNode& n, const std::string& name) {
  for (const auto& c : n.children)
    if (c.name == name) return &c;
  return nullptr;
}

TEST_F(ExchangeTest, GraphmlIsWellFormedWithDeclaredKeysAndEscapedText) {
  ASSERT_TRUE(import_fixture(area_).ok());
  std::string text = export_text(area_, Format::graphml);
  XmlNode root;
  ASSERT_TRUE(XmlReader(text).document(root)) << text.substr(0, 2000);
  EXPECT_EQ(root.name, "graphml");
  std::set<std::string> keys;
  for (const auto& c : root.children)
    if (c.name == "key") keys.insert(c.attrs.at("id"));
  const XmlNode* graph = child(root, "graph");
  ASSERT_NE(graph, nullptr);
  int nodes = 0, edges = 0;
  std::set<std::string> labels;
  std::set<std::string> node_ids;
  for (const auto& c : graph->children) {
    for (const auto& d : c.children) {
      EXPECT_TRUE(keys.count(d.attrs.at("key"))) << d.attrs.at("key");
      if (d.attrs.at("key") == "label") labels.insert(d.text);
    }
    if (c.name == "node") {
      ++nodes;
      node_ids.insert(c.attrs.at("id"));
    }
    if (c.name == "edge") {
      ++edges;
      EXPECT_TRUE(node_ids.count(c.attrs.at("source")));
      EXPECT_TRUE(node_ids.count(c.attrs.at("target")));
    }
  }
  EXPECT_EQ(nodes, 7);
  EXPECT_EQ(edges, 6);
  EXPECT_TRUE(labels.count("Clwb Garddio <Cathays> & Friends"));
  EXPECT_TRUE(labels.count("Bob \"Bobby\" O'Neill"));
  EXPECT_TRUE(labels.count("عائشہ خان"));
  EXPECT_NE(text.find("Clwb Garddio &lt;Cathays&gt; &amp; Friends"), std::string::npos);
}

TEST_F(ExchangeTest, GexfIsWellFormedWithWeightsFromCloseness) {
  ASSERT_TRUE(import_fixture(area_).ok());
  std::string text = export_text(area_, Format::gexf);
  XmlNode root;
  ASSERT_TRUE(XmlReader(text).document(root)) << text.substr(0, 2000);
  EXPECT_EQ(root.name, "gexf");
  EXPECT_EQ(root.attrs.at("version"), "1.3");
  EXPECT_EQ(root.attrs.at("xmlns"), "http://gexf.net/1.3");
  const XmlNode* graph = child(root, "graph");
  ASSERT_NE(graph, nullptr);
  std::map<std::string, std::set<std::string>> declared;  // class -> attribute ids
  for (const auto& c : graph->children)
    if (c.name == "attributes")
      for (const auto& a : c.children) declared[c.attrs.at("class")].insert(a.attrs.at("id"));
  const XmlNode* nodes = child(*graph, "nodes");
  const XmlNode* edges = child(*graph, "edges");
  ASSERT_TRUE(nodes && edges);
  EXPECT_EQ(nodes->children.size(), 7u);
  EXPECT_EQ(edges->children.size(), 6u);
  std::set<std::string> labels;
  for (const auto& n : nodes->children) {
    labels.insert(n.attrs.at("label"));
    for (const auto& v : child(n, "attvalues")->children) EXPECT_TRUE(declared["node"].count(v.attrs.at("for")));
  }
  EXPECT_TRUE(labels.count("Siôn Llŷr ap Gwilym"));
  EXPECT_TRUE(labels.count("Clwb Garddio <Cathays> & Friends"));
  std::multiset<std::string> weights;
  for (const auto& e : edges->children) {
    weights.insert(e.attrs.at("weight"));
    for (const auto& v : child(e, "attvalues")->children) EXPECT_TRUE(declared["edge"].count(v.attrs.at("for")));
  }
  // Ties weigh their closeness (4, 3, 5, and 3 by default); affiliations weigh 1.
  EXPECT_EQ(weights, (std::multiset<std::string>{"1", "1", "3", "3", "4", "5"}));
}

TEST_F(ExchangeTest, KumuExportNeedsAPart) {
  auto r = export_data(*store_, area_, Format::kumu, "", who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "part");
}

}  // namespace
}  // namespace kith::exchange
