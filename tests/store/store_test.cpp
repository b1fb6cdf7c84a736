// The storage interface, run against whichever engine KITH_TEST_ENGINE names:
// both engines must pass the same suite.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>

#include "kith/core/ids.hpp"
#include "kith/store/migrate.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/value.hpp"
#include "kith/store/store.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using namespace kith::store;
using namespace kith::model;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = open_store(test::fresh_db_url(dir_));
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(*s);
    area_ = add_area("Riverside");
  }

  std::string add_area(const std::string& name) {
    std::string id = new_id("ar");
    auto r = store_->write([&](Connection& c) { return Repository(c).insert(areas(), {{"id", id}, {"name", name}}); });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return id;
  }

  std::string add_person(const std::string& name, json extra = json::object()) {
    std::string id = new_id("pe");
    json rec = {{"id", id}, {"area_id", area_}, {"display_name", name}, {"is_pseudonym", false},
                {"interests", json::array()}, {"languages", json::array()}, {"accessibility_needs", json::array()},
                {"consent_status", "not_asked"}, {"consent_scope", json::array()}};
    rec.update(extra);
    auto r = store_->write([&](Connection& c) { return Repository(c).insert(people(), rec); });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return id;
  }

  Result<void> add_tie(const std::string& id, const std::string& a, const std::string& b, json extra = {}) {
    json rec = {{"id", id}, {"area_id", area_}, {"source_id", a}, {"target_id", b}, {"kind", "friend"},
                {"closeness", 3}, {"frequency", "weekly"}, {"named_by", "source"}, {"evidence", "survey"}};
    if (extra.is_object()) rec.update(extra);
    return store_->write([&](Connection& c) { return Repository(c).insert(ties(), rec); });
  }

  json get(const Entity& e, const std::string& id) {
    json out;
    auto r = store_->read([&](Connection& c) -> Result<void> {
      auto g = Repository(c).get(e, id);
      if (!g) return g.error();
      out = *g;
      return {};
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return out;
  }

  Result<Page> list(const Entity& e, ListQuery q) {
    Result<Page> out = Page{};
    auto r = store_->read([&](Connection& c) -> Result<void> {
      out = Repository(c).list(e, q);
      return {};
    });
    EXPECT_TRUE(r.ok());
    return out;
  }

  std::vector<std::string> names(const Page& p) {
    std::vector<std::string> out;
    for (const auto& item : p.items) out.push_back(item["display_name"]);
    std::sort(out.begin(), out.end());
    return out;
  }

  ListQuery query() {
    ListQuery q;
    q.area_id = area_;
    return q;
  }

  test::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::string area_;
};

TEST_F(StoreTest, MigrationsAreVersionedAndIdempotent) {
  auto again = store_->migrate();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto v = store_->schema_version();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, migrations().back().version);
  EXPECT_EQ(store_->engine(), test::testing_postgres() ? "postgresql" : "sqlite");
}

// The database itself refuses to change or remove an audit row, whoever
// asks (a trigger on both engines), while adding rows goes on working.
TEST_F(StoreTest, TheAuditLogRefusesUpdateAndDelete) {
  auto tester_read = [&](const std::string& person) {
    AuditEntry e;
    e.actor = "tester";
    e.action = "read";
    e.entity = "person";
    e.entity_id = person;
    e.area_id = area_;
    e.person_id = person;
    return e;
  };
  auto added = store_->write([&](Connection& c) { return Repository(c).audit(tester_read("pe_x")); });
  ASSERT_TRUE(added.ok()) << added.error().message;
  auto count = [&] {
    int64_t n = -1;
    auto r = store_->read([&](Connection& c) -> Result<void> {
      auto st = c.prepare("SELECT COUNT(*) FROM audit_log WHERE actor = 'tester'");
      if (!st) return st.error();
      auto row = (*st)->step();
      if (!row) return row.error();
      n = integer_of((*st)->column(0));
      (*st)->reset();
      return {};
    });
    EXPECT_TRUE(r.ok());
    return n;
  };
  ASSERT_EQ(count(), 1);
  for (std::string_view sql : {"UPDATE audit_log SET actor = 'someone else' WHERE actor = 'tester'",
                               "UPDATE audit_log SET person_id = NULL, fields = 'x' WHERE actor = 'tester'",
                               "DELETE FROM audit_log WHERE actor = 'tester'", "DELETE FROM audit_log"}) {
    SCOPED_TRACE(std::string(sql));
    auto r = store_->write([&](Connection& c) -> Result<void> {
      KITH_TRY(execute(c, sql));
      return {};
    });
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("append-only"), std::string::npos) << r.error().message;
    EXPECT_EQ(count(), 1);
  }
  if (store_->engine() == "postgresql") {
    auto t = store_->write([&](Connection& c) { return c.exec("TRUNCATE audit_log"); });
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().message.find("append-only"), std::string::npos) << t.error().message;
  }
  auto more = store_->write([&](Connection& c) { return Repository(c).audit(tester_read("pe_y")); });
  ASSERT_TRUE(more.ok()) << more.error().message;
  EXPECT_EQ(count(), 2);
}

TEST_F(StoreTest, RoundTripsEveryFieldKindIncludingUnicode) {
  const std::string welsh = "Siân ap Gwilym ŵ ŷ", urdu = "عائشہ خان اردو", polish = "Łucja Wróbel", somali = "Cabdi Xasan";
  std::string id = add_person(welsh, {{"interests", {"gardening", "côr"}}, {"is_pseudonym", true},
                                      {"notes", urdu + "\n" + polish + "\t" + somali}, {"birth_band", "1950s"}});
  json p = get(people(), id);
  EXPECT_EQ(p["display_name"], welsh);
  EXPECT_EQ(p["notes"], urdu + "\n" + polish + "\t" + somali);
  EXPECT_EQ(p["interests"], json({"gardening", "côr"}));
  EXPECT_EQ(p["is_pseudonym"], true);
  EXPECT_EQ(p["birth_band"], "1950s");
  EXPECT_EQ(p["household"], nullptr);
  EXPECT_EQ(p["revision"], 1);
  EXPECT_EQ(p["area_id"], area_);
  json a = get(areas(), area_);
  EXPECT_EQ(a["name"], "Riverside");
  EXPECT_EQ(a["register_revision"], 0);
}

TEST_F(StoreTest, StaleRevisionIsAConflictAndCurrentOneWins) {
  std::string id = add_person("Ada");
  json p = get(people(), id);
  p["display_name"] = "Ada L";
  auto first = store_->write([&](Connection& c) -> Result<void> {
    auto u = Repository(c).update(people(), p);
    if (!u) return u.error();
    EXPECT_EQ((*u)["revision"], 2);
    return {};
  });
  ASSERT_TRUE(first.ok());
  p["display_name"] = "Ada Stale";  // still carries revision 1
  auto second = store_->write([&](Connection& c) -> Result<void> { return Repository(c).update(people(), p).ok()
      ? Result<void>() : Repository(c).update(people(), p).error(); });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, Errc::conflict);
  EXPECT_EQ(second.error().field, "revision");
  EXPECT_EQ(get(people(), id)["display_name"], "Ada L");
}

TEST_F(StoreTest, DuplicateExternalIdInOneAreaIsAConflict) {
  add_person("Ada", {{"external_id", "P-1"}});
  std::string id = new_id("pe");
  auto r = store_->write([&](Connection& c) {
    return Repository(c).insert(people(), {{"id", id}, {"area_id", area_}, {"display_name", "Bea"},
                                           {"external_id", "P-1"}});
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(r.error().field, "external_id");
  EXPECT_EQ(list(people(), query())->items.size(), 1u);
  // The same external id in another area is fine.
  std::string other = add_area("Hillside");
  auto ok = store_->write([&](Connection& c) {
    return Repository(c).insert(people(), {{"id", id}, {"area_id", other}, {"display_name", "Bea"},
                                           {"external_id", "P-1"}});
  });
  EXPECT_TRUE(ok.ok());
}

TEST_F(StoreTest, FailedOrThrowingTransactionWritesNothing) {
  std::string a = add_person("Ada");
  auto failed = store_->write([&](Connection& c) -> Result<void> {
    KITH_TRY(Repository(c).insert(people(), {{"id", new_id("pe")}, {"area_id", area_}, {"display_name", "Half"}}));
    return invalid("x", "stop here");
  });
  EXPECT_FALSE(failed.ok());
  auto threw = store_->write([&](Connection& c) -> Result<void> {
    KITH_TRY(Repository(c).insert(people(), {{"id", new_id("pe")}, {"area_id", area_}, {"display_name", "Half"}}));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(threw.ok());
  EXPECT_NE(threw.error().message.find("boom"), std::string::npos);
  EXPECT_EQ(names(*list(people(), query())), std::vector<std::string>({"Ada"}));
  // The store is still usable after both.
  add_person("Bea");
  EXPECT_EQ(list(people(), query())->items.size(), 2u);
  (void)a;
}

TEST_F(StoreTest, ForeignKeysAreEnforced) {
  std::string a = add_person("Ada");
  auto r = add_tie(new_id("ti"), a, new_id("pe"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid);
  auto self = add_tie(new_id("ti"), a, a);  // the CHECK constraint backs up validation
  EXPECT_FALSE(self.ok());
}

TEST_F(StoreTest, FiltersByTagTextPersonAndDate) {
  std::string a = add_person("Ada 100%", {{"interests", {"choir", "walking"}}});
  std::string b = add_person("Bea_x", {{"interests", {"walking"}}, {"household", "12 Mill Lane"}});
  std::string c = add_person("Cy", {{"interests", {"choirs"}}});
  auto q = query();
  q.tag = "choir";
  EXPECT_EQ(names(*list(people(), q)), std::vector<std::string>({"Ada 100%"}));
  q = query();
  q.text = "100%";
  EXPECT_EQ(names(*list(people(), q)), std::vector<std::string>({"Ada 100%"}));
  q.text = "_";  // a literal underscore, not a wildcard
  EXPECT_EQ(names(*list(people(), q)), std::vector<std::string>({"Bea_x"}));
  q.text = "MILL lane";
  EXPECT_EQ(names(*list(people(), q)), std::vector<std::string>({"Bea_x"}));

  ASSERT_TRUE(add_tie(new_id("ti"), a, b, {{"valid_from", "2025-01-01"}, {"valid_to", "2025-12-31"}}).ok());
  ASSERT_TRUE(add_tie(new_id("ti"), b, c, {{"valid_from", "2026-01-01"}}).ok());
  ASSERT_TRUE(add_tie(new_id("ti"), a, c, {{"kind", "family"}}).ok());
  auto t = query();
  t.at = *parse_date("2025-06-01");
  EXPECT_EQ(list(ties(), t)->items.size(), 2u);  // a-b and the undated a-c
  t.at = *parse_date("2025-12-31");
  EXPECT_EQ(list(ties(), t)->items.size(), 2u);  // bounds are inclusive
  t.at = *parse_date("2026-01-01");
  EXPECT_EQ(list(ties(), t)->items.size(), 2u);  // b-c and a-c
  t = query();
  t.person_id = c;
  EXPECT_EQ(list(ties(), t)->items.size(), 2u);
  t.kind = "family";
  EXPECT_EQ(list(ties(), t)->items.size(), 1u);
  auto bad = query();
  bad.tag = "x";
  auto refused = list(ties(), bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "tag");
}

TEST_F(StoreTest, TextSearchFoldsCaseAndMarksAlikeOnEveryEngine) {
  std::string lucja = add_person("Łucja Wąsowska"), soren = add_person("Søren Lund"), zoe = add_person("Zoë Hart");
  std::string jose = add_person("José Ortiz"), zola = add_person("Zola Budd");
  auto found = [&](const std::string& text) {
    auto q = query();
    q.text = text;
    std::vector<std::string> ids;
    auto page = list(people(), q);
    EXPECT_TRUE(page.ok()) << text;
    if (page.ok())
      for (const auto& item : page->items) ids.push_back(item["id"]);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  auto sorted = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  EXPECT_EQ(found("ŁUCJA"), std::vector<std::string>{lucja});
  EXPECT_EQ(found("SØREN"), std::vector<std::string>{soren});  // Ø has no decomposition: ø on both sides
  EXPECT_EQ(found("zoe"), std::vector<std::string>{zoe});      // and not Zola
  EXPECT_EQ(found("jose"), std::vector<std::string>{jose});
  EXPECT_EQ(found("JOSÉ ORTIZ"), std::vector<std::string>{jose});
  EXPECT_EQ(found("zo"), sorted({zoe, zola}));
  EXPECT_EQ(found("wasowska"), std::vector<std::string>{lucja});  // ą is a plus a mark
  EXPECT_EQ(found("soren"), std::vector<std::string>{});        // ø is not o
  EXPECT_EQ(found("zolà"), std::vector<std::string>{zola});
  // A rename rewrites the key: the old name no longer matches, the new one does.
  json z = get(people(), zola);
  z["display_name"] = "Zoltán Kodály";
  auto renamed = store_->write([&](Connection& c) -> Result<void> {
    auto u = Repository(c).update(people(), z);
    if (!u) return u.error();
    return {};
  });
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  EXPECT_EQ(found("budd"), std::vector<std::string>{});
  EXPECT_EQ(found("KODALY"), std::vector<std::string>{zola});
}

TEST_F(StoreTest, PagesCoverEverythingOnceInStableOrder) {
  std::set<std::string> made;
  for (int i = 0; i < 23; ++i) made.insert(add_person("P" + std::to_string(i)));
  std::set<std::string> seen;
  auto q = query();
  q.limit = 5;
  int pages = 0;
  for (;;) {
    auto p = list(people(), q);
    ASSERT_TRUE(p.ok());
    ++pages;
    for (const auto& item : p->items) EXPECT_TRUE(seen.insert(item["id"]).second) << "seen twice";
    if (p->next_cursor.empty()) break;
    q.after = p->next_cursor;
  }
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(seen, made);
  q = query();
  q.limit = kPageLimitMax + 1;
  auto big = list(people(), q);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().field, "limit");
}

TEST_F(StoreTest, SoftDeleteHidesRecordAndItsTies) {
  std::string a = add_person("Ada"), b = add_person("Bea");
  std::string t = new_id("ti");
  ASSERT_TRUE(add_tie(t, a, b).ok());
  auto r = store_->write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    KITH_TRY(repo.soft_delete(people(), b, "2026-11-23T00:00:00Z"));
    auto n = repo.soft_delete_dependents(people(), b, "2026-11-23T00:00:00Z");
    if (!n) return n.error();
    EXPECT_EQ(*n, 1);
    return {};
  });
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(list(ties(), query())->items.size(), 0u);
  EXPECT_EQ(names(*list(people(), query())), std::vector<std::string>({"Ada"}));
  auto again = store_->write([&](Connection& c) { return Repository(c).soft_delete(people(), b, "x"); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::not_found);
}

TEST_F(StoreTest, ConcurrentWritersLoseNoUpdates) {
  constexpr int kThreads = 4, kEach = 25;
  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::vector<std::thread> threads;
  // Each write bumps register_revision and, in the same transaction, renames
  // the area to carry the new value: a reader seeing one without the other has
  // seen half a write.
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto r = store_->write([&](Connection& c) -> Result<void> {
          Repository repo(c);
          KITH_TRY(repo.bump_register_revision(area_));
          auto a = repo.get(areas(), area_);
          if (!a) return a.error();
          json rec = *a;
          rec["name"] = "Riverside " + std::to_string(rec["register_revision"].get<int64_t>());
          auto u = repo.update(areas(), rec);
          if (!u) return u.error();
          return {};
        });
        if (!r.ok()) ++failures;
        // A pause between writes, so the reader gets a turn even when the
        // engine lets one writer run back to back.
        std::this_thread::sleep_for(std::chrono::microseconds(500));
      }
    });
  std::atomic<int> torn{0}, backwards{0}, states{0};
  std::thread reader([&] {
    int64_t last = -1;
    std::set<int64_t> seen;
    while (writing || seen.size() < 2) {
      auto a = get(areas(), area_);
      int64_t rev = a["register_revision"].get<int64_t>();
      std::string want = rev == 0 ? "Riverside" : "Riverside " + std::to_string(rev);
      if (a["name"] != want) ++torn;
      if (rev < last) ++backwards;
      last = rev;
      seen.insert(rev);
      if (!writing && seen.size() < 2) break;
    }
    states = static_cast<int>(seen.size());
  });
  for (auto& th : threads) th.join();
  writing = false;
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(torn.load(), 0) << "a reader saw a revision without its name, or the reverse";
  EXPECT_EQ(backwards.load(), 0) << "a reader saw the revision go back";
  EXPECT_GE(states.load(), 2) << "the reader never saw a write land, so it tested nothing";
  json final_area = get(areas(), area_);
  EXPECT_EQ(final_area["register_revision"], kThreads * kEach);
  EXPECT_EQ(final_area["name"], "Riverside " + std::to_string(kThreads * kEach));
  EXPECT_EQ(final_area["revision"], 1 + kThreads * kEach);
}

TEST_F(StoreTest, BackupIsAWholeDatabase) {
  if (test::testing_postgres()) {
    auto r = store_->backup(dir_.file("copy.db"));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("pg_dump"), std::string::npos);
    return;
  }
  for (int i = 0; i < 50; ++i) add_person("P" + std::to_string(i));
  std::string path = dir_.file("copy.db");
  ASSERT_TRUE(store_->backup(path).ok());
  auto again = store_->backup(path);
  ASSERT_FALSE(again.ok());  // never overwrite an earlier backup
  EXPECT_EQ(again.error().code, Errc::conflict);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "ok");
  sqlite3_finalize(st);
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM people", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 50);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(StoreOpen, RefusesADatabaseFromANewerKith) {
  if (test::testing_postgres()) GTEST_SKIP() << "covered by the SQLite run";
  test::TempDir dir;
  std::string path = dir.file("kith.db");
  {
    auto s = open_store(path);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->write([](Connection& c) -> Result<void> {
      auto n = execute(c, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')");
      if (!n) return n.error();
      return {};
    }).ok());
  }
  auto again = open_store(path);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("9999"), std::string::npos);
}

TEST(StoreOpen, EmptyUrlIsAUsageError) {
  auto s = open_store("sqlite:");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "db");
}

}  // namespace
