// The `kith` command as a user runs it: exit codes 0 ok, 1 runtime failure,
// 2 usage error, and the housekeeping subcommands doing what they say.
#include "kith/store/store.hpp"
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <string>

#include "support/run_command.hpp"
#include "support/test_support.hpp"

namespace {

using Run = kith::test::CommandRun;

// `kith ARGS`, the binary under test.
using kith::test::kith;

TEST(Cli, VersionAndHelpExitZero) {
  auto v = kith("version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("kith "), std::string::npos);
  for (const char* sub : {"serve", "migrate", "demo", "import", "export", "backup", "version"}) {
    auto h = kith(std::string(sub) + " --help");
    EXPECT_EQ(h.code, 0) << sub;
    EXPECT_NE(h.out.find("Usage"), std::string::npos) << sub;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(kith("").code, 2);
  EXPECT_EQ(kith("serve --port notaport").code, 2);
  EXPECT_EQ(kith("migrate --no-such-flag").code, 2);
  EXPECT_EQ(kith("backup").code, 2);  // FILE is required
}

TEST(Cli, MigrateIsIdempotentAndBackupNeverOverwrites) {
  kith::test::TempDir dir;
  std::string db = dir.file("k.db"), copy = dir.file("copy.db");
  auto first = kith("migrate --db " + db);
  ASSERT_EQ(first.code, 0) << first.out;
  const std::string all = std::to_string(kith::store::migrations().size());  // a fresh file takes every one
  EXPECT_NE(first.out.find("Applied " + all + " migration(s); schema version " + all), std::string::npos) << first.out;
  auto second = kith("migrate --db " + db);
  EXPECT_EQ(second.code, 0);
  EXPECT_NE(second.out.find("Applied 0 migration"), std::string::npos) << second.out;
  ASSERT_EQ(kith("demo --people 40 --seed 5 --db " + db).code, 0);
  auto b = kith("backup --db " + db + " " + copy);
  ASSERT_EQ(b.code, 0) << b.out;
  auto again = kith("backup --db " + db + " " + copy);
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.out.find("already exists"), std::string::npos) << again.out;
  sqlite3* c = nullptr;
  ASSERT_EQ(sqlite3_open(copy.c_str(), &c), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(c, "SELECT COUNT(*) FROM people", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 40);
  sqlite3_finalize(st);
  sqlite3_close(c);
}

// One integer from a query on the SQLite file, read without kith.
long long count_in(const std::string& db, const std::string& sql) {
  sqlite3* c = nullptr;
  if (sqlite3_open(db.c_str(), &c) != SQLITE_OK) return -1;
  sqlite3_stmt* st = nullptr;
  long long n = -1;
  if (sqlite3_prepare_v2(c, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(c);
  return n;
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(Cli, ImportIntoANewAreaIsOneTransaction) {
  kith::test::TempDir dir;
  std::string db = dir.file("k.db");
  ASSERT_EQ(kith("migrate --db " + db).code, 0);
  ASSERT_EQ(kith("demo --people 10 --seed 3 --db " + db).code, 0);
  const long long areas_before = count_in(db, "SELECT COUNT(*) FROM areas");
  ASSERT_EQ(areas_before, 1);

  // Refused: the second connection names a person who is in neither file nor area.
  write_text(dir.file("e.csv"), "ID,Label,Type\np1,Ann,Person\np2,Bea,Person\np3,Cai,Person\n");
  write_text(dir.file("bad.csv"), "From,To,Type,Closeness,Frequency\np1,p2,friend,3,weekly\np1,p9,friend,3,weekly\n");
  auto refused = kith("import --db " + db + " --new-area Refused --elements " + dir.file("e.csv") +
                      " --connections " + dir.file("bad.csv"));
  EXPECT_EQ(refused.code, 1) << refused.out;
  EXPECT_NE(refused.out.find("p9"), std::string::npos) << refused.out;
  EXPECT_EQ(count_in(db, "SELECT COUNT(*) FROM areas"), areas_before);
  EXPECT_EQ(count_in(db, "SELECT COUNT(*) FROM areas WHERE name = 'Refused'"), 0);

  write_text(dir.file("good.csv"), "From,To,Type,Closeness,Frequency\np1,p2,friend,3,weekly\np2,p3,family,5,daily\n");
  auto good = kith("import --db " + db + " --new-area Fresh --elements " + dir.file("e.csv") + " --connections " +
                   dir.file("good.csv"));
  ASSERT_EQ(good.code, 0) << good.out;
  EXPECT_EQ(count_in(db, "SELECT COUNT(*) FROM areas"), areas_before + 1);
  EXPECT_EQ(count_in(db, "SELECT COUNT(*) FROM areas WHERE name = 'Fresh' AND deleted_at IS NULL"), 1);
  const std::string in_fresh = " WHERE area_id = (SELECT id FROM areas WHERE name = 'Fresh') AND deleted_at IS NULL";
  EXPECT_EQ(count_in(db, "SELECT COUNT(*) FROM people" + in_fresh), 3);
  EXPECT_EQ(count_in(db, "SELECT COUNT(*) FROM ties" + in_fresh), 2);
  EXPECT_EQ(count_in(db, "SELECT COUNT(*) FROM people WHERE external_id IN ('p1', 'p2', 'p3') AND area_id = "
                         "(SELECT id FROM areas WHERE name = 'Fresh')"),
            3);
  EXPECT_EQ(count_in(db, "SELECT register_revision FROM areas WHERE name = 'Fresh'"), 1);
}

TEST(Cli, UnreachableDatabaseIsARuntimeFailure) {
  auto r = kith("migrate --db postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("kith:"), std::string::npos) << r.out;
}

}  // namespace
