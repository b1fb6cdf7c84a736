// The `kith` command as a user runs it: exit codes 0 ok, 1 runtime failure,
// 2 usage error, and the housekeeping subcommands doing what they say.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "support/run_command.hpp"
#include "support/test_support.hpp"

namespace {

using Run = kith::test::CommandRun;

// `kith ARGS`, the binary under test.
Run kith(const std::string& args) { return kith::test::run_command(std::string(KITH_BIN) + " " + args); }

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
  EXPECT_NE(first.out.find("Applied 1 migration"), std::string::npos) << first.out;
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

TEST(Cli, UnreachableDatabaseIsARuntimeFailure) {
  auto r = kith("migrate --db postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("kith:"), std::string::npos) << r.out;
}

}  // namespace
