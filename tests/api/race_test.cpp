// Races over real HTTP: many clients PATCHing one record with the same
// revision, and two `kith serve` processes on one database.
#include <sqlite3.h>

#include <atomic>
#include <latch>
#include <set>
#include <thread>

#include "api/api_fixture.hpp"
#include "support/run_command.hpp"

namespace kith::test {
namespace {

constexpr int kClients = 16;

struct Outcome {
  int status = 0;
  std::string body;
};

// Each of `clients` threads sends its own PATCH at once (a latch releases them
// together), every one carrying the same revision.
std::vector<Outcome> conflicting_patches(const std::vector<int>& ports, const std::string& token,
                                         const std::string& path, int revision, const std::string& prefix) {
  std::vector<Outcome> out(kClients);
  std::latch start(kClients);
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t)
    threads.emplace_back([&, t] {
      HttpClient c("127.0.0.1", ports[static_cast<size_t>(t) % ports.size()]);
      c.use_token(token);
      start.arrive_and_wait();
      HttpReply r = c.patch(path, {{"display_name", prefix + std::to_string(t)}, {"revision", revision}});
      out[t] = {r.status, r.body};
    });
  for (auto& th : threads) th.join();
  return out;
}

// Exactly one 200 and the rest 409; the stored record is the winner's, one revision on.
void expect_one_winner(const std::vector<Outcome>& out, HttpClient& reader, const std::string& path, int revision,
                       const std::string& prefix) {
  int wins = 0, conflicts = 0, winner = -1;
  for (int t = 0; t < kClients; ++t) {
    if (out[t].status == 200) {
      ++wins;
      winner = t;
    } else if (out[t].status == 409) {
      ++conflicts;
      EXPECT_EQ(json::parse(out[t].body)["error"]["code"], "conflict") << out[t].body;
    } else {
      ADD_FAILURE() << "client " << t << " got " << out[t].status << ": " << out[t].body;
    }
  }
  ASSERT_EQ(wins, 1);
  EXPECT_EQ(conflicts, kClients - 1);
  json won = json::parse(out[winner].body);
  EXPECT_EQ(won["display_name"], prefix + std::to_string(winner));
  EXPECT_EQ(won["revision"], revision + 1);
  HttpReply now = reader.get(path);
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(now.json()["display_name"], prefix + std::to_string(winner));
  EXPECT_EQ(now.json()["revision"], revision + 1);
}

TEST_F(ApiTest, ConflictingPatchesHaveExactlyOneWinner) {
  std::string area = create_area("Armley")["id"];
  std::string id = create_person(area, "Original")["id"];
  std::string path = coll(area, "people") + "/" + id;
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto out = conflicting_patches({server().port()}, db_.token, path, 1 + round, "R" + std::to_string(round) + "-");
    expect_one_winner(out, http(), path, 1 + round, "R" + std::to_string(round) + "-");
  }
}

// More clients than httplib's own listen backlog of five connect at the same
// instant: every one is answered (with the old backlog the kernel reset some).
TEST_F(ApiTest, ManyClientsConnectingAtOnceAreAllAnswered) {
  constexpr int kAtOnce = 64;
  std::vector<int> status(kAtOnce, 0);
  std::vector<std::string> body(kAtOnce);
  std::latch start(kAtOnce);
  std::vector<std::thread> threads;
  for (int t = 0; t < kAtOnce; ++t)
    threads.emplace_back([&, t] {
      HttpClient c = server().client();
      start.arrive_and_wait();
      HttpReply r = c.get(kApi + "/health");
      status[t] = r.status;
      body[t] = r.body;
    });
  for (auto& th : threads) th.join();
  for (int t = 0; t < kAtOnce; ++t) EXPECT_EQ(status[t], 200) << "client " << t << ": " << body[t];
}

// The listening socket's queue is the widened one. For a listening socket
// `ss` shows the backlog as Send-Q (the fourth column without a header).
TEST_F(ApiTest, ListenBacklogIsWiderThanHttplibsFive) {
  CommandRun r = run_command("ss -Hltn 'sport = :" + std::to_string(server().port()) + "'");
  ASSERT_EQ(r.code, 0) << "this test needs ss (Debian package iproute2): " << r.out;
  std::istringstream row(r.out);
  std::string state, recv_q;
  long backlog = 0;
  ASSERT_TRUE(row >> state >> recv_q >> backlog) << r.out;
  EXPECT_GE(backlog, 64) << r.out;
}

std::string sqlite_integrity(const std::string& file) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open";
  }
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr);
  while (st && sqlite3_step(st) == SQLITE_ROW) out += reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// Two servers on one database (a SQLite file, or one PostgreSQL database):
// creates through both land exactly once each, a conflicting PATCH sent through
// both has one winner, and the counts are exact.
TEST(TwoServers, OneDatabaseStaysExact) {
  TempDir dir;
  AdminDb db = fresh_admin_db(dir);
  ServerProcess a(db.url), b(db.url);
  a.use_token(db.token);
  b.use_token(db.token);
  HttpClient ha = a.client();
  HttpReply made = ha.post(kApi + "/areas", {{"name", "Kirkstall"}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string area = made.json()["id"];
  std::string people = kApi + "/areas/" + area + "/people";

  constexpr int kEach = 40;
  std::vector<std::vector<Outcome>> results(kClients);
  std::latch start(kClients);
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t)
    threads.emplace_back([&, t] {
      HttpClient c = (t % 2 ? b : a).client();
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        HttpReply r = c.post(people, {{"display_name", "W" + std::to_string(t) + "-" + std::to_string(i)}});
        results[t].push_back({r.status, r.body});
      }
    });
  for (auto& th : threads) th.join();

  // Every create either landed (201) or was clearly refused as busy (503); nothing else.
  std::set<std::string> created;
  int busy = 0;
  for (int t = 0; t < kClients; ++t)
    for (int i = 0; i < kEach; ++i) {
      const Outcome& o = results[t][i];
      if (o.status == 201) {
        json rec = json::parse(o.body);
        EXPECT_EQ(rec["display_name"], "W" + std::to_string(t) + "-" + std::to_string(i));
        EXPECT_TRUE(created.insert(rec["id"].get<std::string>()).second) << "id given twice";
      } else {
        EXPECT_EQ(o.status, 503) << o.body;
        EXPECT_EQ(json::parse(o.body)["error"]["code"], "unavailable") << o.body;
        EXPECT_NE(json::parse(o.body)["error"]["message"].get<std::string>().find("busy"), std::string::npos);
        ++busy;
      }
    }
  std::cout << created.size() << " created, " << busy << " refused as busy\n";
  EXPECT_GT(created.size(), static_cast<size_t>(kClients * kEach / 2)) << "most writes should get through";

  // Both servers see exactly the rows that were acknowledged, by id.
  for (ServerProcess* s : {&a, &b}) {
    HttpClient c = s->client();
    std::set<std::string> seen;
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      HttpReply r = c.get(people + "?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(r.status, 200) << r.body;
      const json page_body = r.json();
      for (const auto& p : page_body["items"]) seen.insert(p["id"].get<std::string>());
      if (page_body["next_cursor"].is_null()) break;
      cursor = page_body["next_cursor"];
    }
    EXPECT_EQ(seen, created);
  }

  // A conflicting PATCH sent through both servers at once: one winner in all.
  std::string target = people + "/" + *created.begin();
  auto out = conflicting_patches({a.port(), b.port()}, db.token, target, 1, "Both-");
  HttpClient hb = b.client();
  int busy_patches = 0;
  for (auto& o : out)
    if (o.status == 503) ++busy_patches;
  if (busy_patches == 0) {
    expect_one_winner(out, hb, target, 1, "Both-");
  } else {
    // Busy refusals wrote nothing; still at most one winner and the revision moved by exactly that.
    int wins = 0;
    for (auto& o : out) wins += o.status == 200;
    EXPECT_LE(wins, 1);
    EXPECT_EQ(hb.get(target).json()["revision"], 1 + wins);
  }

  HttpReply area_now = ha.get(kApi + "/areas/" + area);
  ASSERT_EQ(area_now.status, 200);
  a.terminate();
  b.terminate();
  EXPECT_EQ(a.wait_exit(), 0) << a.log();
  EXPECT_EQ(b.wait_exit(), 0) << b.log();
  if (!testing_postgres()) { EXPECT_EQ(sqlite_integrity(db.url), "ok"); }
}

}  // namespace
}  // namespace kith::test
