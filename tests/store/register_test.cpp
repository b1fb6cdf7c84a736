// domain::Register against a real store (SQLite, or PostgreSQL when
// KITH_TEST_ENGINE=postgresql): area boundaries, audit, revisions, deletes.
#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <variant>

#include "kith/core/ids.hpp"
#include "kith/domain/register.hpp"
#include "kith/exchange/seeded_id.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/store.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using exchange::seeded_id;
using model::Actor;
using json = nlohmann::json;
using domain::Register;
namespace st = kith::store;

bool is_not_found(const Result<json>& r) { return !r.ok() && r.error().code == Errc::not_found; }

class RegisterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = st::open_store(test::fresh_db_url(dir_));
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s.value());
    reg_ = std::make_unique<Register>(*store_);
    area_ = id_of(make(model::areas(), "", {{"name", "Hyde Park"}}));
    other_ = id_of(make(model::areas(), "", {{"name", "Woodhouse"}}));
  }

  static std::string id_of(const json& rec) { return rec.value("id", ""); }

  json make(const model::Entity& e, const std::string& area, const json& body) {
    auto r = reg_->create(e, area, body, who_);
    EXPECT_TRUE(r.ok()) << e.name << ": " << (r.ok() ? "" : r.error().field + ": " + r.error().message);
    return r.ok() ? *r : json::object();
  }
  std::string person(const std::string& area, const std::string& name) {
    return id_of(make(model::people(), area, {{"display_name", name}}));
  }
  json tie_body(const std::string& a, const std::string& b) {
    return {{"source_id", a}, {"target_id", b}, {"kind", "neighbour"}, {"closeness", 3}, {"frequency", "weekly"}};
  }
  std::string tie(const std::string& a, const std::string& b) { return id_of(make(model::ties(), area_, tie_body(a, b))); }

  int64_t register_revision(const std::string& area) {
    auto a = reg_->get(model::areas(), "", area, who_);
    EXPECT_TRUE(a.ok());
    return a.ok() ? (*a)["register_revision"].get<int64_t>() : -1;
  }

  std::set<std::string> ids(const model::Entity& e, st::ListQuery q) {
    auto page = reg_->list(e, q, who_);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
    std::set<std::string> out;
    if (page.ok())
      for (const auto& item : page->items) out.insert(id_of(item));
    return out;
  }
  st::ListQuery in_area(const std::string& area) {
    st::ListQuery q;
    q.area_id = area;
    return q;
  }

  // A single COUNT(*) straight from the database, bypassing the register.
  int64_t count(const std::string& sql, std::initializer_list<st::Value> params) {
    int64_t n = -1;
    auto r = store_->read([&](st::Connection& c) -> Result<void> {
      auto stmt = c.prepare(sql);
      if (!stmt) return stmt.error();
      int i = 1;
      for (const auto& p : params) (*stmt)->bind(i++, p);
      auto row = (*stmt)->step();
      if (!row) return row.error();
      if (!*row) return internal_error("COUNT returned no row");
      st::Value v = (*stmt)->column(0);
      if (auto* x = std::get_if<int64_t>(&v)) n = *x;
      if (auto* s = std::get_if<std::string>(&v)) n = std::stoll(*s);
      // A statement left mid-result keeps SQLite's read snapshot open on this pooled connection.
      (*stmt)->reset();
      return {};
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return n;
  }
  int64_t audit_rows(const std::string& action, const std::string& entity_id) {
    return count("SELECT COUNT(*) FROM audit_log WHERE action = ? AND entity_id = ?", {action, entity_id});
  }

  test::TempDir dir_;
  std::unique_ptr<st::Store> store_;
  std::unique_ptr<Register> reg_;
  Actor who_{"worker-7"};
  std::string area_, other_;
};

TEST_F(RegisterTest, CreateReturnsTheStoredRecord) {
  json p = make(model::people(), area_, {{"display_name", " Ada "}, {"postcode_district", "ls6"}});
  EXPECT_TRUE(is_valid_id(id_of(p), "pe")) << p.dump();
  EXPECT_EQ(p["area_id"], area_);
  EXPECT_EQ(p["display_name"], "Ada");
  EXPECT_EQ(p["postcode_district"], "LS6");
  EXPECT_EQ(p["consent_status"], "not_asked");
  EXPECT_EQ(p["revision"], 1);
  EXPECT_EQ(p["created_at"], p["updated_at"]);
  EXPECT_EQ(audit_rows("create", id_of(p)), 1);
}

TEST_F(RegisterTest, CrossAreaTieIsRefusedAndNothingWritten) {
  std::string here = person(area_, "Ada");
  std::string there = person(other_, "Bea");
  int64_t rev = register_revision(area_);
  int64_t ties_before = count("SELECT COUNT(*) FROM ties", {});
  int64_t audit_before = count("SELECT COUNT(*) FROM audit_log WHERE action <> 'read'", {});

  auto r = reg_->create(model::ties(), area_, tie_body(here, there), who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid);
  EXPECT_EQ(r.error().field, "target_id");
  EXPECT_NE(r.error().message.find("belongs to another area"), std::string::npos) << r.error().message;

  auto s = reg_->create(model::ties(), area_, tie_body(there, here), who_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "source_id");

  EXPECT_EQ(count("SELECT COUNT(*) FROM ties", {}), ties_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action <> 'read'", {}), audit_before);
  EXPECT_EQ(register_revision(area_), rev);
  EXPECT_TRUE(ids(model::ties(), in_area(area_)).empty());
}

TEST_F(RegisterTest, SelfTieAndMissingPeopleAreRefused) {
  std::string ada = person(area_, "Ada");
  auto self = reg_->create(model::ties(), area_, tie_body(ada, ada), who_);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().field, "target_id");
  EXPECT_EQ(self.error().message, "A tie must join two different people");

  auto ghost = reg_->create(model::ties(), area_, tie_body(ada, seeded_id("pe", 99, 1)), who_);
  ASSERT_FALSE(ghost.ok());
  EXPECT_EQ(ghost.error().code, Errc::invalid);
  EXPECT_EQ(ghost.error().field, "target_id");

  std::string group = id_of(make(model::groups(), other_, {{"name", "Choir"}, {"kind", "club"}}));
  auto aff = reg_->create(model::affiliations(), area_, {{"person_id", ada}, {"group_id", group}, {"role", "member"}},
                          who_);
  ASSERT_FALSE(aff.ok());
  EXPECT_EQ(aff.error().field, "group_id");
  EXPECT_EQ(count("SELECT COUNT(*) FROM ties", {}) + count("SELECT COUNT(*) FROM affiliations", {}), 0);
}

TEST_F(RegisterTest, UnknownAreaIsNotFound) {
  std::string nowhere = seeded_id("ar", 99, 1);
  auto r = reg_->create(model::people(), nowhere, {{"display_name", "Ada"}}, who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::not_found);
  EXPECT_EQ(r.error().message, "Area " + nowhere + " not found");
  auto l = reg_->list(model::people(), in_area(nowhere), who_);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.error().code, Errc::not_found);
  EXPECT_EQ(count("SELECT COUNT(*) FROM people", {}), 0);
}

TEST_F(RegisterTest, RecordsInAnotherAreaAreNotFound) {
  std::string ada = person(area_, "Ada");
  auto r = reg_->get(model::people(), other_, ada, who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::not_found);
  auto u = reg_->update(model::people(), other_, ada, {{"display_name", "Eve"}}, who_);
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, Errc::not_found);
  auto d = reg_->remove(model::people(), other_, ada, who_);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, Errc::not_found);
  EXPECT_EQ(audit_rows("read", ada), 0);
  auto still = reg_->get(model::people(), area_, ada, who_);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ((*still)["display_name"], "Ada");
}

TEST_F(RegisterTest, DeletedPersonsTiesAndAffiliationsDisappear) {
  std::string a = person(area_, "Ada"), b = person(area_, "Bea"), c = person(area_, "Cy");
  std::string ab = tie(a, b), bc = tie(b, c), ac = tie(a, c);
  std::string club = id_of(make(model::groups(), area_, {{"name", "Choir"}, {"kind", "club"}}));
  std::string b_in = id_of(make(model::affiliations(), area_, {{"person_id", b}, {"group_id", club}, {"role", "member"}}));
  std::string a_in = id_of(make(model::affiliations(), area_, {{"person_id", a}, {"group_id", club}, {"role", "visitor"}}));
  ASSERT_EQ(ids(model::ties(), in_area(area_)), (std::set<std::string>{ab, bc, ac}));

  ASSERT_TRUE(reg_->remove(model::people(), area_, b, who_).ok());

  EXPECT_EQ(ids(model::ties(), in_area(area_)), (std::set<std::string>{ac}));
  EXPECT_EQ(ids(model::affiliations(), in_area(area_)), (std::set<std::string>{a_in}));
  EXPECT_EQ(ids(model::people(), in_area(area_)), (std::set<std::string>{a, c}));
  auto q = in_area(area_);
  q.person_id = b;
  EXPECT_TRUE(ids(model::ties(), q).empty());
  EXPECT_TRUE(is_not_found(reg_->get(model::people(), area_, b, who_)));
  EXPECT_TRUE(is_not_found(reg_->get(model::ties(), area_, ab, who_)));
  EXPECT_TRUE(is_not_found(reg_->get(model::affiliations(), area_, b_in, who_)));
  EXPECT_EQ(audit_rows("delete", b), 1);
  // A new tie to the deleted person is refused like one to nobody.
  auto late = reg_->create(model::ties(), area_, tie_body(a, b), who_);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().field, "target_id");
}

TEST_F(RegisterTest, ReadingAPersonWritesAnAuditRow) {
  std::string ada = person(area_, "Ada");
  EXPECT_EQ(audit_rows("read", ada), 0);
  ASSERT_TRUE(reg_->get(model::people(), area_, ada, who_).ok());
  EXPECT_EQ(audit_rows("read", ada), 1);
  ASSERT_TRUE(reg_->get(model::people(), area_, ada, Actor{"worker-9"}).ok());
  EXPECT_EQ(audit_rows("read", ada), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'person' AND entity_id = ? "
                  "AND area_id = ? AND actor = 'worker-9'",
                  {ada, area_}),
            1);
  std::string choir = id_of(make(model::groups(), area_, {{"name", "Choir"}, {"kind", "club"}}));
  ASSERT_TRUE(reg_->get(model::groups(), area_, choir, who_).ok());
  EXPECT_EQ(audit_rows("read", choir), 0);  // groups are not personal data
}

TEST_F(RegisterTest, RegisterRevisionIncrementsByOnePerWrite) {
  int64_t r0 = register_revision(area_);
  int64_t other0 = register_revision(other_);
  std::string a = person(area_, "Ada");
  EXPECT_EQ(register_revision(area_), r0 + 1);
  std::string b = person(area_, "Bea");
  EXPECT_EQ(register_revision(area_), r0 + 2);
  std::string t = tie(a, b);
  EXPECT_EQ(register_revision(area_), r0 + 3);
  ASSERT_TRUE(reg_->update(model::ties(), area_, t, {{"closeness", 5}}, who_).ok());
  EXPECT_EQ(register_revision(area_), r0 + 4);
  ASSERT_FALSE(reg_->update(model::ties(), area_, t, {{"closeness", 9}}, who_).ok());  // refused: no change
  EXPECT_EQ(register_revision(area_), r0 + 4);
  ASSERT_TRUE(reg_->get(model::people(), area_, a, who_).ok());  // reads change nothing
  EXPECT_EQ(register_revision(area_), r0 + 4);
  ASSERT_TRUE(reg_->remove(model::people(), area_, b, who_).ok());  // one write, even though the tie goes too
  EXPECT_EQ(register_revision(area_), r0 + 5);
  EXPECT_EQ(register_revision(other_), other0);
}

TEST_F(RegisterTest, StaleRevisionIsAConflict) {
  json p = make(model::people(), area_, {{"display_name", "Ada"}});
  std::string id = id_of(p);
  auto first = reg_->update(model::people(), area_, id, {{"display_name", "Ada L."}, {"revision", 1}}, who_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ((*first)["revision"], 2);
  EXPECT_EQ((*first)["display_name"], "Ada L.");

  int64_t rev = register_revision(area_);
  auto stale = reg_->update(model::people(), area_, id, {{"display_name", "Someone else"}, {"revision", 1}}, who_);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Errc::conflict);
  EXPECT_EQ(stale.error().code, Errc::conflict);
  EXPECT_EQ(stale.error().field, "revision");
  EXPECT_EQ(stale.error().message, "This record was changed by someone else; reload it and try again");
  EXPECT_EQ(register_revision(area_), rev);

  auto now = reg_->get(model::people(), area_, id, who_);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ((*now)["display_name"], "Ada L.");
  EXPECT_EQ((*now)["revision"], 2);
  // Without a revision the patch applies last-writer-wins.
  auto blind = reg_->update(model::people(), area_, id, {{"notes", "prefers phone calls"}}, who_);
  ASSERT_TRUE(blind.ok());
  EXPECT_EQ((*blind)["revision"], 3);
  EXPECT_EQ((*blind)["display_name"], "Ada L.");
  EXPECT_EQ(audit_rows("update", id), 2);
}

TEST_F(RegisterTest, UnicodeRoundTrips) {
  const std::string name = "Zoë Ó'Brien — 李小龍 👩‍👩‍👧";
  const std::string notes = "Siân: ŵ ŷ\nNächste Woche\tκαφές ☕";
  json p = make(model::people(), area_, {{"display_name", name}, {"notes", notes},
                                      {"interests", {"café", "ガーデニング", "🧶"}}});
  auto back = reg_->get(model::people(), area_, id_of(p), who_);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)["display_name"], name);
  EXPECT_EQ((*back)["notes"], notes);
  EXPECT_EQ((*back)["interests"], json({"café", "ガーデニング", "🧶"}));
  make(model::people(), area_, {{"display_name", "Zola Budd"}});
  // Search folds case and marks: each of these finds exactly Zoë, not Zola.
  for (const char* text : {"ZOË", "zoë", "zoe", "ó'brien", "O'BRIEN"}) {
    auto q = in_area(area_);
    q.text = text;
    auto page = reg_->list(model::people(), q, who_);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(page->items.size(), 1u) << text;
    EXPECT_EQ(page->items[0]["id"], id_of(p)) << text;
  }
}

TEST_F(RegisterTest, ListLimitsAreChecked) {
  for (int limit : {0, -1, st::kPageLimitMax + 1}) {
    auto q = in_area(area_);
    q.limit = limit;
    auto r = reg_->list(model::people(), q, who_);
    ASSERT_FALSE(r.ok()) << limit;
    EXPECT_EQ(r.error().code, Errc::invalid);
    EXPECT_EQ(r.error().field, "limit");
  }
  person(area_, "Ada");
  auto q = in_area(area_);
  q.limit = st::kPageLimitMax;
  auto r = reg_->list(model::people(), q, who_);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->items.size(), 1u);
}

TEST_F(RegisterTest, AnAreaGoesOnlyWhenEmpty) {
  std::string ada = person(other_, "Ada");
  auto busy = reg_->remove(model::areas(), "", other_, who_);
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, Errc::conflict);
  ASSERT_TRUE(reg_->remove(model::people(), other_, ada, who_).ok());
  ASSERT_TRUE(reg_->remove(model::areas(), "", other_, who_).ok());
  EXPECT_TRUE(is_not_found(reg_->get(model::areas(), "", other_, who_)));
  auto r = reg_->create(model::people(), other_, {{"display_name", "Bea"}}, who_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::not_found);
}

TEST_F(RegisterTest, UpdatingAnAreaBumpsItsOwnRevision) {
  int64_t rev = register_revision(area_);
  auto a = reg_->update(model::areas(), "", area_, {{"description", "North Leeds"}, {"bbox", {-1.6, 53.8, -1.5, 53.9}}},
                        who_);
  ASSERT_TRUE(a.ok()) << a.error().field << ": " << a.error().message;
  EXPECT_EQ((*a)["description"], "North Leeds");
  EXPECT_EQ((*a)["bbox"], json({-1.6, 53.8, -1.5, 53.9}));
  EXPECT_EQ((*a)["register_revision"], rev + 1);
}

}  // namespace
