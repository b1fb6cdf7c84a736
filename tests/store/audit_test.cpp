// The audit log against a real store (SQLite, or PostgreSQL when
// KITH_TEST_ENGINE=postgresql): what Register records about who, where from
// and whom, and domain::AuditLog's query over it. Expected rows are written
// out by hand; rows with chosen times go straight into the table.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "kith/analysis/network.hpp"
#include "kith/domain/audit.hpp"
#include "kith/domain/register.hpp"
#include "kith/store/migrate.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/store.hpp"
#include "kith/store/value.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using domain::AuditLog;
using domain::AuditQuery;
using domain::Register;
using model::Actor;
using json = nlohmann::json;
namespace st = kith::store;

const std::string kAnaId = "us_aaaaaaaaaaaaaaaaaaaa";
const std::string kBenId = "us_bbbbbbbbbbbbbbbbbbbb";
const std::string kArea = "ar_aaaaaaaaaaaaaaaaaaaa";
const std::string kOtherArea = "ar_bbbbbbbbbbbbbbbbbbbb";
const std::string kPerson = "pe_aaaaaaaaaaaaaaaaaaaa";
const std::string kOtherPerson = "pe_bbbbbbbbbbbbbbbbbbbb";

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = st::open_store(test::fresh_db_url(dir_));
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s.value());
    reg_ = std::make_unique<Register>(*store_);
    log_ = std::make_unique<AuditLog>(*store_);
  }

  // An area straight into its table: no audit row of its own.
  void add_area(const std::string& id) {
    auto r = store_->write([&](st::Connection& c) {
      return st::Repository(c).insert(model::areas(), {{"id", id}, {"name", "Area " + id}, {"register_revision", 0},
                                                       {"revision", 1}, {"created_at", "2026-01-01T00:00:00Z"},
                                                       {"updated_at", "2026-01-01T00:00:00Z"}});
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  // One audit row at a chosen time, labelled by its entity_id.
  void put(const std::string& label, const std::string& at, const std::string& area, const std::string& user = {},
           const std::string& person = {}, const std::string& other_person = {}) {
    auto r = store_->write([&](st::Connection& c) -> Result<void> {
      auto n = st::execute(c,
                           "INSERT INTO audit_log (seq, at, actor, user_id, action, entity, entity_id, area_id, "
                           "person_id, other_person_id) VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log), "
                           "?, 'someone', ?, 'read', 'person', ?, ?, ?, ?)",
                           {at, nullable(user), label, area, nullable(person), nullable(other_person)});
      if (!n) return n.error();
      return {};
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  static st::Value nullable(const std::string& s) { return s.empty() ? st::Value(std::monostate{}) : st::Value(s); }

  // The labels of one page, newest first; the page's next cursor in `next`.
  std::vector<std::string> labels(const AuditQuery& q, std::string* next = nullptr) {
    auto page = log_->query(q);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().field + ": " + page.error().message);
    std::vector<std::string> out;
    if (!page.ok()) return out;
    for (const auto& row : page->entries) out.push_back(row.entry.entity_id);
    if (next) *next = page->next_cursor;
    return out;
  }
  AuditQuery in(const std::string& area) {
    AuditQuery q;
    q.area_id = area;
    return q;
  }
  void expect_invalid(const AuditQuery& q, const std::string& field) {
    auto page = log_->query(q);
    ASSERT_FALSE(page.ok()) << "expected " << field << " to be refused";
    EXPECT_EQ(page.error().code, Errc::invalid);
    EXPECT_EQ(page.error().field, field) << page.error().message;
  }

  // Every column of the newest audit row with this action, as text ("" for NULL).
  std::vector<std::string> newest(const std::string& action) {
    std::vector<std::string> out;
    auto r = store_->read([&](st::Connection& c) -> Result<void> {
      auto stmt = c.prepare(
          "SELECT actor, user_id, route, client_address, entity, entity_id, area_id, person_id, other_person_id, "
          "fields, detail FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1");
      if (!stmt) return stmt.error();
      (*stmt)->bind(1, action);
      auto row = (*stmt)->step();
      if (!row) return row.error();
      if (*row)
        for (int i = 0; i < 11; ++i) out.push_back(st::text_of((*stmt)->column(i)));
      (*stmt)->reset();
      return {};
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return out;
  }

  test::TempDir dir_;
  std::unique_ptr<st::Store> store_;
  std::unique_ptr<Register> reg_;
  std::unique_ptr<AuditLog> log_;
};

const std::string kPersonFields =
    "accessibility_needs,area_id,birth_band,consent_date,consent_scope,consent_status,created_at,display_name,"
    "external_id,household,id,interests,is_pseudonym,languages,notes,postcode_district,revision,updated_at";

TEST_F(AuditTest, AWriteRecordsTheUserTheRouteAndTheClientAddress) {
  add_area(kArea);
  Actor ana("ana", kAnaId, "POST /api/v1/areas/{area}/people", "203.0.113.7");
  auto p = reg_->create(model::people(), kArea, {{"display_name", "Ada"}}, ana);
  ASSERT_TRUE(p.ok()) << p.error().message;
  const std::string id = (*p)["id"];
  EXPECT_EQ(newest("create"), (std::vector<std::string>{"ana", kAnaId, "POST /api/v1/areas/{area}/people",
                                                        "203.0.113.7", "person", id, kArea, id, "", "", ""}));

  Actor ana_patch("ana", kAnaId, "PATCH /api/v1/areas/{area}/people/{id}", "203.0.113.7");
  ASSERT_TRUE(reg_->update(model::people(), kArea, id, {{"household", "12B"}, {"notes", "likes tea"}}, ana_patch).ok());
  EXPECT_EQ(newest("update"), (std::vector<std::string>{"ana", kAnaId, "PATCH /api/v1/areas/{area}/people/{id}",
                                                        "203.0.113.7", "person", id, kArea, id, "", "household,notes",
                                                        ""}));
  // From the command line: the request columns stay empty.
  ASSERT_TRUE(reg_->remove(model::people(), kArea, id, Actor("cli")).ok());
  EXPECT_EQ(newest("delete"), (std::vector<std::string>{"cli", "", "", "", "person", id, kArea, id, "", "", ""}));
}

TEST_F(AuditTest, ReadsRecordTheFieldsReturnedAndAGetThePerson) {
  add_area(kArea);
  auto p = reg_->create(model::people(), kArea, {{"display_name", "Ada"}}, Actor("ana"));
  ASSERT_TRUE(p.ok()) << p.error().message;
  const std::string id = (*p)["id"];
  Actor ben("ben", kBenId, "GET /api/v1/areas/{area}/people/{id}", "198.51.100.2");
  ASSERT_TRUE(reg_->get(model::people(), kArea, id, ben).ok());
  EXPECT_EQ(newest("read"), (std::vector<std::string>{"ben", kBenId, "GET /api/v1/areas/{area}/people/{id}",
                                                      "198.51.100.2", "person", id, kArea, id, "", kPersonFields, ""}));

  Actor ben_list("ben", kBenId, "GET /api/v1/areas/{area}/people", "198.51.100.2");
  st::ListQuery q;
  q.area_id = kArea;
  ASSERT_TRUE(reg_->list(model::people(), q, ben_list).ok());
  // A page names many people, so the row names none; the fields are listed.
  EXPECT_EQ(newest("list"), (std::vector<std::string>{"ben", kBenId, "GET /api/v1/areas/{area}/people",
                                                      "198.51.100.2", "person", "", kArea, "", "", kPersonFields,
                                                      "1 people"}));
}

TEST_F(AuditTest, ATieIsAboutBothItsEndsAndAnAffiliationAboutItsPerson) {
  add_area(kArea);
  auto person = [&](const std::string& name) {
    auto p = reg_->create(model::people(), kArea, {{"display_name", name}}, Actor("ana"));
    EXPECT_TRUE(p.ok());
    return p.ok() ? (*p)["id"].get<std::string>() : std::string();
  };
  const std::string ada = person("Ada"), bea = person("Bea"), cy = person("Cy");
  auto tie = reg_->create(model::ties(), kArea,
                          {{"source_id", ada}, {"target_id", bea}, {"kind", "neighbour"}, {"closeness", 3},
                           {"frequency", "weekly"}},
                          Actor("ana"));
  ASSERT_TRUE(tie.ok()) << tie.error().message;
  const std::string t = (*tie)["id"];
  auto club = reg_->create(model::groups(), kArea, {{"name", "Choir"}, {"kind", "club"}}, Actor("ana"));
  ASSERT_TRUE(club.ok());
  auto aff = reg_->create(model::affiliations(), kArea,
                          {{"person_id", bea}, {"group_id", (*club)["id"]}, {"role", "member"}}, Actor("ana"));
  ASSERT_TRUE(aff.ok()) << aff.error().message;
  const std::string a = (*aff)["id"];

  auto q = in(kArea);
  q.person_id = bea;
  EXPECT_EQ(labels(q), (std::vector<std::string>{a, t, bea}));
  q.person_id = ada;
  EXPECT_EQ(labels(q), (std::vector<std::string>{t, ada}));
  q.person_id = cy;
  EXPECT_EQ(labels(q), (std::vector<std::string>{cy}));
  auto about = log_->about_person(kArea, bea);
  ASSERT_TRUE(about.ok()) << about.error().message;
  ASSERT_EQ(about->size(), 3u);
  EXPECT_EQ((*about)[1].entry.person_id, ada);
  EXPECT_EQ((*about)[1].entry.other_person_id, bea);
  EXPECT_EQ((*about)[1].entry.action, "create");
  EXPECT_EQ((*about)[1].entry.entity, "tie");
}

// Deleting a person ends their ties; each tie's ending is its own row naming
// both ends, so the person at the other end finds it.
TEST_F(AuditTest, DeletingAPersonRecordsEachTieItEndsForTheOtherEnd) {
  add_area(kArea);
  std::vector<std::string> people;
  for (const char* name : {"Ada", "Bea", "Cy"}) {
    auto p = reg_->create(model::people(), kArea, {{"display_name", name}}, Actor("ana"));
    ASSERT_TRUE(p.ok()) << p.error().message;
    people.push_back((*p)["id"]);
  }
  auto tie = [&](int a, int b) {
    auto t = reg_->create(model::ties(), kArea,
                          {{"source_id", people[a]}, {"target_id", people[b]}, {"kind", "neighbour"},
                           {"closeness", 3}, {"frequency", "weekly"}},
                          Actor("ana"));
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? (*t)["id"].get<std::string>() : std::string();
  };
  const std::string ab = tie(0, 1), cb = tie(2, 1), ac = tie(0, 2);
  ASSERT_TRUE(reg_->remove(model::people(), kArea, people[1], Actor("ben")).ok());
  auto q = in(kArea);
  q.person_id = people[0];
  // Newest first: the ending of Ada's tie to Bea, the ties created, Ada's own row.
  EXPECT_EQ(labels(q), (std::vector<std::string>{ab, ac, ab, people[0]}));
  q.person_id = people[2];
  EXPECT_EQ(labels(q), (std::vector<std::string>{cb, ac, cb, people[2]}));
  // The endings follow Bea's own row in the order the ties were made (the
  // register lists in row order): the last is Cy's tie to Bea, made after
  // Ada's, its source in person_id and Bea in other_person_id.
  EXPECT_EQ(newest("delete"), (std::vector<std::string>{"ben", "", "", "", "tie", cb, kArea, people[2], people[1], "",
                                                        "ended with the deletion of person " + people[1]}));
  q.person_id = people[1];
  auto bea = labels(q);
  ASSERT_EQ(bea.size(), 6u);  // two endings, her deletion, two ties created, her creation
  EXPECT_EQ(bea[2], people[1]);
  EXPECT_EQ(bea[5], people[1]);
}

// An area's network reads everyone's numbers and names no one; an ego network
// is one person's and names them.
TEST_F(AuditTest, AnEgoNetworkIsAboutItsPerson) {
  add_area(kArea);
  std::vector<std::string> people;
  for (const char* name : {"Ada", "Bea"}) {
    auto p = reg_->create(model::people(), kArea, {{"display_name", name}}, Actor("ana"));
    ASSERT_TRUE(p.ok()) << p.error().message;
    people.push_back((*p)["id"]);
  }
  auto tie = reg_->create(model::ties(), kArea,
                          {{"source_id", people[0]}, {"target_id", people[1]}, {"kind", "neighbour"},
                           {"closeness", 3}, {"frequency", "weekly"}},
                          Actor("ana"));
  ASSERT_TRUE(tie.ok()) << tie.error().message;
  analysis::NetworkService networks(*store_);
  analysis::NetworkQuery nq;
  nq.area_id = kArea;
  ASSERT_TRUE(networks.area_network(nq, Actor("ben", kBenId, "GET /api/v1/areas/{area}/network", "198.51.100.2")).ok());
  EXPECT_EQ(newest("network"), (std::vector<std::string>{"ben", kBenId, "GET /api/v1/areas/{area}/network",
                                                         "198.51.100.2", "person", "", kArea, "", "", "", ""}));
  Actor ben("ben", kBenId, "GET /api/v1/areas/{area}/people/{id}/ego", "198.51.100.2");
  ASSERT_TRUE(networks.ego(nq, people[1], ben).ok());
  EXPECT_EQ(newest("network"), (std::vector<std::string>{"ben", kBenId, "GET /api/v1/areas/{area}/people/{id}/ego",
                                                         "198.51.100.2", "person", people[1], kArea, people[1], "",
                                                         "", ""}));
  auto q = in(kArea);
  q.person_id = people[1];
  EXPECT_EQ(labels(q), (std::vector<std::string>{people[1], (*tie)["id"], people[1]}));  // ego, tie, create
}

TEST_F(AuditTest, TheQueryFiltersByAreaPersonUserAndTime) {
  add_area(kArea);
  add_area(kOtherArea);
  put("r1", "2026-03-01T23:59:59Z", kArea, kAnaId, kPerson);
  put("r2", "2026-03-02T00:00:00Z", kArea, kBenId, kPerson);
  put("r3", "2026-03-02T12:00:00Z", kArea, kAnaId, kOtherPerson);
  put("r4", "2026-03-02T23:59:59Z", kArea, kAnaId, kOtherPerson, kPerson);
  put("r5", "2026-03-03T00:00:00Z", kArea, {}, kPerson);
  put("x1", "2026-03-02T12:00:00Z", kOtherArea, kAnaId, kPerson);

  using V = std::vector<std::string>;
  EXPECT_EQ(labels(in(kArea)), (V{"r5", "r4", "r3", "r2", "r1"}));
  EXPECT_EQ(labels(in(kOtherArea)), (V{"x1"}));

  auto q = in(kArea);
  q.person_id = kPerson;
  EXPECT_EQ(labels(q), (V{"r5", "r4", "r2", "r1"}));  // r4 names the person as a tie's other end
  q.user_id = kAnaId;
  EXPECT_EQ(labels(q), (V{"r4", "r1"}));

  q = in(kArea);
  q.from = "2026-03-02";
  q.to = "2026-03-02";  // a date takes in its whole day
  EXPECT_EQ(labels(q), (V{"r4", "r3", "r2"}));
  q.from = "2026-03-02T12:00:00Z";
  q.to = "2026-03-02T12:00:00Z";  // a time takes in its own second
  EXPECT_EQ(labels(q), (V{"r3"}));
  q.from = "2026-03-02T00:00:01Z";
  q.to = "";
  EXPECT_EQ(labels(q), (V{"r5", "r4", "r3"}));
  q.from = "";
  q.to = "2026-03-01";
  EXPECT_EQ(labels(q), (V{"r1"}));
  q.from = "2026-04-01";
  q.to = "";
  EXPECT_TRUE(labels(q).empty());
}

TEST_F(AuditTest, TheQueryPagesNewestFirstWithoutRepeatsOrGaps) {
  add_area(kArea);
  for (const char* label : {"r1", "r2", "r3", "r4", "r5"}) put(label, "2026-03-02T10:00:00Z", kArea);
  auto q = in(kArea);
  q.limit = 2;
  std::string next;
  using V = std::vector<std::string>;
  EXPECT_EQ(labels(q, &next), (V{"r5", "r4"}));
  ASSERT_FALSE(next.empty());
  q.cursor = next;
  EXPECT_EQ(labels(q, &next), (V{"r3", "r2"}));
  ASSERT_FALSE(next.empty());
  q.cursor = next;
  EXPECT_EQ(labels(q, &next), (V{"r1"}));
  EXPECT_TRUE(next.empty());
  // A page that ends exactly at the last row says there is no more.
  q.cursor = "";
  q.limit = 5;
  EXPECT_EQ(labels(q, &next), (V{"r5", "r4", "r3", "r2", "r1"}));
  EXPECT_TRUE(next.empty());
  q.limit = 500;
  EXPECT_EQ(labels(q).size(), 5u);
}

TEST_F(AuditTest, TheQueryRefusesWhatItCannotReadNamingTheParameter) {
  add_area(kArea);
  auto q = in(kArea);
  for (const char* bad : {"2026-02-30", "yesterday", "2026-3-2", "2026-03-02T25:00:00Z", "2026-03-02T10:00:00",
                          "2026-03-02 10:00:00Z"}) {
    SCOPED_TRACE(bad);
    q = in(kArea);
    q.from = bad;
    expect_invalid(q, "from");
    q = in(kArea);
    q.to = bad;
    expect_invalid(q, "to");
  }
  q = in(kArea);
  q.from = "2026-03-03";
  q.to = "2026-03-02";
  expect_invalid(q, "to");
  q = in(kArea);
  q.person_id = "ada";
  expect_invalid(q, "person");
  q = in(kArea);
  q.person_id = kAnaId;  // a user's id is not a person's
  expect_invalid(q, "person");
  q = in(kArea);
  q.user_id = "ana";  // the public id, not the username
  expect_invalid(q, "user");
  for (const char* bad : {"abc", "0", "-3", "12x"}) {
    q = in(kArea);
    q.cursor = bad;
    expect_invalid(q, "cursor");
  }
  for (int bad : {0, 501, -1}) {
    q = in(kArea);
    q.limit = bad;
    expect_invalid(q, "limit");
  }
  auto malformed = log_->query(in("nowhere"));
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, Errc::not_found);
  EXPECT_EQ(malformed.error().message, "Area not found");
  auto missing = log_->query(in(kOtherArea));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::not_found);
  EXPECT_EQ(missing.error().message, "Area " + kOtherArea + " not found");
}

// A deleted area's history can still be read.
TEST_F(AuditTest, ADeletedAreasRowsCanStillBeRead) {
  auto area = reg_->create(model::areas(), "", {{"name", "Hyde Park"}}, Actor("ana"));
  ASSERT_TRUE(area.ok());
  const std::string id = (*area)["id"];
  ASSERT_TRUE(reg_->remove(model::areas(), "", id, Actor("ana")).ok());
  auto page = log_->query(in(id));
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_EQ(page->entries[0].entry.action, "delete");
  EXPECT_EQ(page->entries[1].entry.action, "create");
  EXPECT_EQ(page->entries[1].entry.actor, "ana");
  EXPECT_EQ(page->entries[0].seq, page->entries[1].seq + 1);
}

// Schema 6 adds columns to a log that already has rows: they are kept, the
// new columns are empty for them, and the log stays append-only.
TEST(AuditMigration, RowsBeforeSchema6AreKeptAndStayAppendOnly) {
  test::TempDir dir;
  const std::string url = test::fresh_db_url(dir);
  {
    auto s = st::open_store(url, st::StoreOptions{.pool_size = 1, .migrate = false});
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_TRUE(st::migrate_store_to(**s, 5).ok());
    auto wrote = (*s)->write([&](st::Connection& c) -> Result<void> {
      auto n = st::execute(c,
                           "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, area_id, detail) "
                           "VALUES (1, '2026-03-02T10:00:00Z', 'ana', 'read', 'person', ?, ?, NULL)",
                           {kPerson, kArea});
      if (!n) return n.error();
      return {};
    });
    ASSERT_TRUE(wrote.ok()) << wrote.error().message;
  }
  auto s = st::open_store(url);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(*(*s)->schema_version(), st::migrations().back().version);
  std::vector<st::AuditRow> rows;
  auto read = (*s)->read([&](st::Connection& c) -> Result<void> {
    st::AuditFilter f;
    f.area_id = kArea;
    auto got = st::Repository(c).audit_rows(f);
    if (!got) return got.error();
    rows = got->rows;
    return {};
  });
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].seq, 1);
  EXPECT_EQ(rows[0].at, "2026-03-02T10:00:00Z");
  EXPECT_EQ(rows[0].entry.actor, "ana");
  EXPECT_EQ(rows[0].entry.entity_id, kPerson);
  EXPECT_EQ(rows[0].entry.user_id, "");
  EXPECT_EQ(rows[0].entry.person_id, "");
  EXPECT_EQ(rows[0].entry.fields, "");
  for (std::string_view sql : {"UPDATE audit_log SET person_id = 'pe_x'", "UPDATE audit_log SET route = 'r'",
                               "DELETE FROM audit_log WHERE seq = 1"}) {
    SCOPED_TRACE(std::string(sql));
    auto r = (*s)->write([&](st::Connection& c) -> Result<void> {
      auto n = st::execute(c, sql);
      if (!n) return n.error();
      return {};
    });
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("append-only"), std::string::npos) << r.error().message;
  }
}

}  // namespace
