// The PostgreSQL engine itself: placeholder rewriting, type mapping, error
// mapping, transactions, the pool and reconnection. Tests that need a server
// run only with KITH_TEST_ENGINE=postgresql (see scripts/pg-test-cluster.sh).
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kith/store/postgres/pg_connection.hpp"
#include "kith/store/postgres/postgres_store.hpp"
#include "support/test_support.hpp"

namespace kith::store {
namespace {

using pg::PgConnection;
using pg::rewrite_placeholders;

std::string rewritten(std::string_view sql, int expected_count) {
  int n = -1;
  std::string out = rewrite_placeholders(sql, &n);
  EXPECT_EQ(n, expected_count) << sql;
  return out;
}

TEST(PgPlaceholders, NumbersEachQuestionMarkInOrder) {
  EXPECT_EQ(rewritten("SELECT a FROM t WHERE b = ? AND c IN (?, ?)", 3),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(rewritten("SELECT 1", 0), "SELECT 1");
  EXPECT_EQ(rewritten("?", 1), "$1");
}

TEST(PgPlaceholders, LeavesStringLiteralsAlone) {
  EXPECT_EQ(rewritten("SELECT '?', ?", 1), "SELECT '?', $1");
  EXPECT_EQ(rewritten("SELECT 'it''s ?', ?", 1), "SELECT 'it''s ?', $1");
  EXPECT_EQ(rewritten("SELECT E'\\'?', ?", 1), "SELECT E'\\'?', $1");
  // Without E, a backslash is an ordinary character and the quote closes.
  EXPECT_EQ(rewritten("SELECT '\\', ?", 1), "SELECT '\\', $1");
  EXPECT_EQ(rewritten("SELECT $$ ? $$, $tag$ '?' $tag$, ?", 1), "SELECT $$ ? $$, $tag$ '?' $tag$, $1");
  EXPECT_EQ(rewritten("SELECT 'unterminated ?", 0), "SELECT 'unterminated ?");
}

TEST(PgPlaceholders, LeavesIdentifiersAndCommentsAlone) {
  EXPECT_EQ(rewritten("SELECT \"odd?name\" FROM t WHERE x = ?", 1), "SELECT \"odd?name\" FROM t WHERE x = $1");
  EXPECT_EQ(rewritten("SELECT ? -- why?\n, ?", 2), "SELECT $1 -- why?\n, $2");
  EXPECT_EQ(rewritten("SELECT /* a? /* nested? */ still? */ ?", 1), "SELECT /* a? /* nested? */ still? */ $1");
  // $1 and a$b are not dollar quotes.
  EXPECT_EQ(rewritten("SELECT $1, a$b, ?", 1), "SELECT $1, a$b, $1");
}

TEST(PgSecrets, FindsThePasswordInAUrlOrKeywords) {
  EXPECT_EQ(pg::password_of("postgresql://kith:s3cret@db.example:5432/kith"), "s3cret");
  EXPECT_EQ(pg::password_of("host=db.example password=pw1 dbname=kith"), "pw1");
  EXPECT_EQ(pg::password_of("postgresql://kith@db.example/kith"), "");
  // libpq cannot parse this; the text between ':' and '@' is still treated as secret.
  EXPECT_EQ(pg::password_of("postgresql://kith:hun%zzter@127.0.0.1/kith"), "hun%zzter");
  EXPECT_EQ(pg::scrub("token s3cret and s3cret", "s3cret"), "token *** and ***");
  EXPECT_EQ(pg::scrub("nothing here", ""), "nothing here");
}

TEST(PgOpen, UnreachableServerIsUnavailableWithoutThePassword) {
  StoreOptions options;
  options.migrate = false;
  auto r = open_postgres_store("postgresql://kith:hunter2@127.0.0.1:1/kith?connect_timeout=2", options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_NE(r.error().message.find("Cannot connect to PostgreSQL"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("hunter2"), std::string::npos) << r.error().message;

  auto bad = open_postgres_store("postgresql://kith:hun%zzter@127.0.0.1:1/kith", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::unavailable);
  EXPECT_EQ(bad.error().message.find("zzter"), std::string::npos) << bad.error().message;
}

TEST(PgOpen, RejectsAPoolSizeOutOfRange) {
  StoreOptions options;
  options.pool_size = 0;
  auto r = open_postgres_store("postgresql://kith@127.0.0.1:1/kith", options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid);
  EXPECT_EQ(r.error().field, "pool_size");
}

// ---- with a server --------------------------------------------------------

class PgEngine : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::testing_postgres()) GTEST_SKIP() << "set KITH_TEST_ENGINE=postgresql and KITH_TEST_PG_URL";
    url_ = test::fresh_db_url(dir_);
  }

  std::unique_ptr<Store> open(int pool_size = 4) {
    StoreOptions options;
    options.pool_size = pool_size;
    options.migrate = false;
    auto s = open_postgres_store(url_, options);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(s.value()) : nullptr;
  }

  std::unique_ptr<PgConnection> connect() {
    auto c = PgConnection::open(url_);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
    return c.ok() ? std::move(c.value()) : nullptr;
  }

  // Runs SQL and expects it to work.
  static void run(Connection& c, std::string_view sql) {
    auto r = c.exec(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.error().message;
  }

  static int64_t count_rows(Store& s, std::string_view table) {
    int64_t n = -1;
    auto r = s.read([&](Connection& c) -> Result<void> {
      auto st = c.prepare("SELECT COUNT(*) FROM " + std::string(table));
      if (!st) return st.error();
      auto row = (*st)->step();
      if (!row) return row.error();
      n = std::get<int64_t>((*st)->column(0));
      return {};
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return n;
  }

  test::TempDir dir_;
  std::string url_;
};

TEST_F(PgEngine, MapsColumnTypesToValues) {
  auto c = connect();
  ASSERT_TRUE(c);
  run(*c, "CREATE TABLE t (i8 BIGINT, i4 INTEGER, i2 SMALLINT, f8 DOUBLE PRECISION, f4 REAL, n NUMERIC, "
          "s TEXT, b BOOLEAN)");
  auto ins = c->prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ASSERT_TRUE(ins.ok()) << ins.error().message;
  Statement& st = **ins;
  st.bind(1, int64_t{9007199254740993});
  st.bind(2, int64_t{-42});
  st.bind(3, int64_t{7});
  st.bind(4, 0.1);
  st.bind(5, 2.5);
  st.bind(6, 12.25);
  st.bind(7, std::string("héllo ?"));
  st.bind(8, std::string("true"));
  auto done = st.step();
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_FALSE(done.value());
  EXPECT_EQ(st.changes(), 1);

  auto sel = c->prepare("SELECT i8, i4, i2, f8, f4, n, s, b, 1 = 1 AS yes FROM t");
  ASSERT_TRUE(sel.ok()) << sel.error().message;
  Statement& q = **sel;
  auto row = q.step();
  ASSERT_TRUE(row.ok() && row.value());
  ASSERT_EQ(q.column_count(), 9);
  EXPECT_EQ(q.column_name(0), "i8");
  EXPECT_EQ(q.column_name(8), "yes");
  EXPECT_EQ(std::get<int64_t>(q.column(0)), 9007199254740993);
  EXPECT_EQ(std::get<int64_t>(q.column(1)), -42);
  EXPECT_EQ(std::get<int64_t>(q.column(2)), 7);
  EXPECT_EQ(std::get<double>(q.column(3)), 0.1);  // exact: shortest round-trip text both ways
  EXPECT_EQ(std::get<double>(q.column(4)), 2.5);
  EXPECT_EQ(std::get<double>(q.column(5)), 12.25);
  EXPECT_EQ(std::get<std::string>(q.column(6)), "héllo ?");
  EXPECT_EQ(std::get<int64_t>(q.column(7)), 1);
  EXPECT_EQ(std::get<int64_t>(q.column(8)), 1);
  auto end = q.step();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end.value());
}

TEST_F(PgEngine, NullsRoundTripAndUntypedParametersWork) {
  auto c = connect();
  ASSERT_TRUE(c);
  run(*c, "CREATE TABLE t (a BIGINT, b TEXT, d DOUBLE PRECISION)");
  auto ins = c->prepare("INSERT INTO t VALUES (?, ?, ?)");
  ASSERT_TRUE(ins.ok());
  (*ins)->bind(1, std::monostate{});
  (*ins)->bind(2, std::monostate{});
  (*ins)->bind(3, std::numeric_limits<double>::infinity());
  ASSERT_TRUE((*ins)->step().ok());

  // `? IS NULL` gives the server no type to infer; the bound value decides.
  auto sel = c->prepare("SELECT a, b, d, ? IS NULL FROM t WHERE (? IS NULL OR b = ?)");
  ASSERT_TRUE(sel.ok()) << sel.error().message;
  Statement& q = **sel;
  q.bind(1, std::monostate{});
  q.bind(2, std::monostate{});
  q.bind(3, std::monostate{});
  auto row = q.step();
  ASSERT_TRUE(row.ok()) << row.error().message;
  ASSERT_TRUE(row.value());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(q.column(0)));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(q.column(1)));
  EXPECT_TRUE(std::isinf(std::get<double>(q.column(2))));
  EXPECT_EQ(std::get<int64_t>(q.column(3)), 1);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(q.column(99)));  // out of range reads as NULL

  // Rebinding after a step re-runs the statement with the new value.
  q.bind(2, std::string("x"));
  q.bind(3, std::string("x"));
  auto again = q.step();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again.value());
}

TEST_F(PgEngine, QuestionMarksInsideLiteralsAreNotParameters) {
  auto c = connect();
  ASSERT_TRUE(c);
  auto st = c->prepare("SELECT '?' || ? || 'it''s?' AS s, \"?\" FROM (SELECT 1 AS \"?\") AS q");
  ASSERT_TRUE(st.ok()) << st.error().message;
  (*st)->bind(1, std::string("-"));
  auto row = (*st)->step();
  ASSERT_TRUE(row.ok()) << row.error().message;
  ASSERT_TRUE(row.value());
  EXPECT_EQ(std::get<std::string>((*st)->column(0)), "?-it's?");
  EXPECT_EQ(std::get<int64_t>((*st)->column(1)), 1);
}

TEST_F(PgEngine, PrepareCachesByTextAndReturnsTheStatementReset) {
  auto c = connect();
  ASSERT_TRUE(c);
  auto a = c->prepare("SELECT ?::bigint + 1");
  ASSERT_TRUE(a.ok());
  (*a)->bind(1, int64_t{41});
  ASSERT_TRUE((*a)->step().value());
  EXPECT_EQ(std::get<int64_t>((*a)->column(0)), 42);
  auto b = c->prepare("SELECT ?::bigint + 1");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  auto row = (*b)->step();  // unbound again: NULL + 1 is NULL
  ASSERT_TRUE(row.ok() && row.value());
  EXPECT_TRUE(std::holds_alternative<std::monostate>((*b)->column(0)));
}

TEST_F(PgEngine, BadSqlAndBadBindsAreErrors) {
  auto c = connect();
  ASSERT_TRUE(c);
  auto bad = c->prepare("SELEC 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::internal);
  EXPECT_NE(bad.error().message.find("42601"), std::string::npos) << bad.error().message;

  auto st = c->prepare("SELECT ?::text");
  ASSERT_TRUE(st.ok());
  (*st)->bind(2, std::string("x"));
  auto r = (*st)->step();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("out of range"), std::string::npos);

  (*st)->reset();
  (*st)->bind(1, std::string("a\0b", 3));
  auto nul = (*st)->step();
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.error().code, Errc::invalid);
}

TEST_F(PgEngine, CountsChangedRows) {
  auto s = open();
  ASSERT_TRUE(s);
  int64_t changed = -1;
  auto r = s->write([&](Connection& c) -> Result<void> {
    KITH_TRY(c.exec("CREATE TABLE t (a BIGINT); INSERT INTO t VALUES (1), (2), (3), (4)"));
    auto st = c.prepare("UPDATE t SET a = a + 10 WHERE a <= ?");
    if (!st) return st.error();
    (*st)->bind(1, int64_t{3});
    KITH_TRY((*st)->step());
    changed = (*st)->changes();
    return {};
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(changed, 3);
}

// Inserts (id, parent) into child; returns the step's outcome.
Result<bool> insert_child(Connection& c, int64_t id, int64_t parent) {
  auto st = c.prepare("INSERT INTO child (id, parent) VALUES (?, ?)");
  if (!st) return st.error();
  (*st)->bind(1, id);
  (*st)->bind(2, parent);
  return (*st)->step();
}

TEST_F(PgEngine, MapsUniqueAndForeignKeyViolations) {
  auto s = open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write([](Connection& c) {
                 return c.exec("CREATE TABLE parent (id BIGINT PRIMARY KEY);"
                               "CREATE TABLE child (id BIGINT PRIMARY KEY, parent BIGINT REFERENCES parent(id));"
                               "INSERT INTO parent VALUES (1)");
               }).ok());
  Errc duplicate = Errc::internal, missing = Errc::internal;
  auto r = s->write([&](Connection& c) -> Result<void> {
    KITH_TRY(insert_child(c, 1, 1));
    auto dup = insert_child(c, 1, 1);
    if (!dup) duplicate = dup.error().code;
    auto orphan = insert_child(c, 2, 99);
    if (!orphan) missing = orphan.error().code;
    // As in SQLite, a failed statement leaves the transaction usable.
    KITH_TRY(insert_child(c, 3, 1));
    return {};
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(duplicate, Errc::conflict);
  EXPECT_EQ(missing, Errc::invalid);
  EXPECT_EQ(count_rows(*s, "child"), 2);
}

TEST_F(PgEngine, WriteRollsBackOnErrorAndOnException) {
  auto s = open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write([](Connection& c) { return c.exec("CREATE TABLE t (a BIGINT)"); }).ok());
  auto failed = s->write([](Connection& c) -> Result<void> {
    KITH_TRY(c.exec("INSERT INTO t VALUES (1)"));
    return conflict("stale revision");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Errc::conflict);
  EXPECT_EQ(failed.error().message, "stale revision");
  EXPECT_EQ(count_rows(*s, "t"), 0);

  // An exception becomes an error value, as on SQLite, after the rollback.
  auto threw = s->write([](Connection& c) -> Result<void> {
    KITH_TRY(c.exec("INSERT INTO t VALUES (2)"));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(threw.ok());
  EXPECT_EQ(threw.error().code, Errc::internal);
  EXPECT_NE(threw.error().message.find("boom"), std::string::npos);
  EXPECT_EQ(count_rows(*s, "t"), 0);

  // A transaction left broken by an ignored error is not reported as committed.
  auto ignored = s->write([](Connection& c) -> Result<void> {
    KITH_TRY(c.exec("INSERT INTO t VALUES (3)"));
    (void)c.exec("SELECT 1/0");
    return {};
  });
  ASSERT_FALSE(ignored.ok());
  EXPECT_EQ(count_rows(*s, "t"), 0);

  ASSERT_TRUE(s->write([](Connection& c) { return c.exec("INSERT INTO t VALUES (4)"); }).ok());
  EXPECT_EQ(count_rows(*s, "t"), 1);
}

TEST_F(PgEngine, ReadIsReadOnly) {
  auto s = open();
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write([](Connection& c) { return c.exec("CREATE TABLE t (a BIGINT)"); }).ok());
  auto r = s->read([](Connection& c) { return c.exec("INSERT INTO t VALUES (1)"); });
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("read-only"), std::string::npos) << r.error().message;
  EXPECT_EQ(count_rows(*s, "t"), 0);
}

TEST_F(PgEngine, BackupPointsToPgDump) {
  auto s = open();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->engine(), "postgresql");
  auto r = s->backup(dir_.file("copy.db"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("pg_dump"), std::string::npos);
}

// Read-modify-write from many threads: no update is lost because writers are
// serialised, and the pool never hands one connection to two threads.
TEST_F(PgEngine, PoolServesConcurrentWritersAndReaders) {
  auto s = open(3);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write([](Connection& c) {
                 return c.exec("CREATE TABLE counter (n BIGINT); INSERT INTO counter VALUES (0)");
               }).ok());
  constexpr int kThreads = 6, kRounds = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        auto r = s->write([](Connection& c) -> Result<void> {
          auto get = c.prepare("SELECT n FROM counter");
          if (!get) return get.error();
          auto row = (*get)->step();
          if (!row) return row.error();
          int64_t n = std::get<int64_t>((*get)->column(0));
          auto put = c.prepare("UPDATE counter SET n = ?");
          if (!put) return put.error();
          (*put)->bind(1, n + 1);
          KITH_TRY((*put)->step());
          return {};
        });
        if (!r) ++failures;
        if (t % 2 == 0 && count_rows(*s, "counter") != 1) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  int64_t n = -1;
  ASSERT_TRUE(s->read([&](Connection& c) -> Result<void> {
                 auto st = c.prepare("SELECT n FROM counter");
                 if (!st) return st.error();
                 KITH_TRY((*st)->step());
                 n = std::get<int64_t>((*st)->column(0));
                 return {};
               }).ok());
  EXPECT_EQ(n, kThreads * kRounds);
}

TEST_F(PgEngine, ReadSeesOneSnapshot) {
  auto s = open(2);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write([](Connection& c) { return c.exec("CREATE TABLE t (a BIGINT)"); }).ok());
  int64_t before = -1, after = -1;
  auto r = s->read([&](Connection& c) -> Result<void> {
    auto count = [&c]() -> int64_t {
      auto st = c.prepare("SELECT COUNT(*) FROM t");
      if (!st || !(*st)->step().ok()) return -1;
      return std::get<int64_t>((*st)->column(0));
    };
    before = count();
    KITH_TRY(s->write([](Connection& w) { return w.exec("INSERT INTO t VALUES (1)"); }));
    after = count();
    return {};
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(before, 0);
  EXPECT_EQ(after, 0);
  EXPECT_EQ(count_rows(*s, "t"), 1);
}

// Ends this role's other sessions on this database, as a server restart or an
// administrator would, and waits until they are gone.
void terminate_other_sessions(PgConnection& admin) {
  const char* others =
      " FROM pg_stat_activity WHERE datname = current_database() AND usename = current_user"
      " AND backend_type = 'client backend' AND pid <> pg_backend_pid()";
  auto r = admin.exec(std::string("SELECT pg_terminate_backend(pid)") + others);
  ASSERT_TRUE(r.ok()) << r.error().message;
  constexpr int kPollsMax = 1000;  // a terminated backend exits within milliseconds
  for (int i = 0; i < kPollsMax; ++i) {
    auto st = admin.prepare(std::string("SELECT COUNT(*)") + others);
    ASSERT_TRUE(st.ok()) << st.error().message;
    auto row = (*st)->step();
    ASSERT_TRUE(row.ok()) << row.error().message;
    if (std::get<int64_t>((*st)->column(0)) == 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "the terminated sessions did not end";
}

TEST_F(PgEngine, ReconnectsAfterTheServerClosesConnections) {
  auto s = open(2);
  ASSERT_TRUE(s);
  ASSERT_TRUE(s->write([](Connection& c) { return c.exec("CREATE TABLE t (a BIGINT)"); }).ok());
  // Use both pooled connections, with cached statements on each.
  auto insert = [&](int64_t v) {
    return s->write([v](Connection& c) -> Result<void> {
      auto st = c.prepare("INSERT INTO t VALUES (?)");
      if (!st) return st.error();
      (*st)->bind(1, v);
      KITH_TRY((*st)->step());
      return {};
    });
  };
  std::thread other([&] { EXPECT_TRUE(insert(1).ok()); });
  EXPECT_TRUE(insert(2).ok());
  other.join();

  auto admin = connect();
  ASSERT_TRUE(admin);
  terminate_other_sessions(*admin);

  for (int64_t v = 3; v <= 6; ++v) {
    auto r = insert(v);
    EXPECT_TRUE(r.ok()) << r.error().message;
  }
  EXPECT_EQ(count_rows(*s, "t"), 6);

  // Dropped in the middle of a transaction: that one fails as unavailable.
  auto mid = s->write([&](Connection& c) -> Result<void> {
    KITH_TRY(c.exec("INSERT INTO t VALUES (7)"));
    terminate_other_sessions(*admin);
    return c.exec("INSERT INTO t VALUES (8)");
  });
  ASSERT_FALSE(mid.ok());
  EXPECT_EQ(mid.error().code, Errc::unavailable);
  EXPECT_EQ(count_rows(*s, "t"), 6);
}

TEST_F(PgEngine, MigratesOnceEvenFromSeveralProcessesAtOnce) {
  StoreOptions options;
  options.migrate = false;
  auto a = open_postgres_store(url_, options);
  auto b = open_postgres_store(url_, options);
  ASSERT_TRUE(a.ok() && b.ok());
  Result<int> ran_a = 0, ran_b = 0;
  std::thread t([&] { ran_a = (*a)->migrate(); });
  ran_b = (*b)->migrate();
  t.join();
  ASSERT_TRUE(ran_a.ok()) << ran_a.error().message;
  ASSERT_TRUE(ran_b.ok()) << ran_b.error().message;
  EXPECT_EQ(ran_a.value() + ran_b.value(), static_cast<int>(migrations().size()));
  auto version = (*a)->schema_version();
  ASSERT_TRUE(version.ok()) << version.error().message;
  EXPECT_EQ(version.value(), migrations().back().version);
  auto again = (*b)->migrate();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value(), 0);
}

}  // namespace
}  // namespace kith::store
