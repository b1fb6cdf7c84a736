// Kills `kith import` with SIGKILL in the middle of a large import and checks
// that the SQLite database holds all of the import or none of it, and passes
// PRAGMA integrity_check. SQLite only: the PostgreSQL server does its own recovery.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kith/domain/register.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/store.hpp"
#include "support/test_support.hpp"

namespace kith {
namespace {

constexpr int kPeople = 50'000;
constexpr int kTies = 300'000;
constexpr long kPollNs = 200'000;             // 0.2 ms between looks at the WAL
constexpr int kPollsMax = 600'000;            // give up waiting after about two minutes

// 50,000 people and 300,000 distinct ties: person i names i+1 .. i+6 (mod n).
void write_files(const std::string& elements, const std::string& connections) {
  std::ofstream e(elements, std::ios::binary);
  e << "ID,Label,Type,Interests,Notes\n";
  for (int i = 0; i < kPeople; ++i)
    e << "p" << i << ",Person " << i << " Llŷr-Wąs,Person,gardening|choir,\"Met at the café, line " << i << "\"\n";
  std::ofstream c(connections, std::ios::binary);
  c << "From,To,Type,Closeness,Frequency\n";
  for (int i = 0; i < kTies; ++i) {
    int from = i % kPeople, step = 1 + i / kPeople;
    c << "p" << from << ",p" << (from + step) % kPeople << ",friend," << 1 + i % 5 << ",weekly\n";
  }
}

int64_t file_size(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

pid_t start_import(const std::string& db, const std::string& area, const std::string& elements,
                   const std::string& connections) {
  pid_t pid = fork();
  if (pid == 0) {
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
      dup2(null, 1);
      dup2(null, 2);
    }
    execl(KITH_BIN, KITH_BIN, "import", "--db", db.c_str(), "--area", area.c_str(), "--format", "kumu",
          "--elements", elements.c_str(), "--connections", connections.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

// Waits until the WAL has grown past `wal_bytes` (then kills) or the child ends.
// Returns true when the child was killed.
bool kill_when_wal_reaches(pid_t pid, const std::string& wal, int64_t wal_bytes, int& status) {
  for (int i = 0; i < kPollsMax; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    if (file_size(wal) >= wal_bytes) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return true;
    }
    timespec ts{0, kPollNs};
    nanosleep(&ts, nullptr);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return true;
}

struct Census {
  std::map<std::string, int64_t> rows;
  std::string integrity;
  int64_t import_audits = 0;
};

Census census(const std::string& db, const std::string& area) {
  Census out;
  auto s = store::open_store(db);
  EXPECT_TRUE(s.ok()) << s.error().message;
  if (!s.ok()) return out;
  auto read = (*s)->read([&](store::Connection& c) -> Result<void> {
    for (const model::Entity* e : {&model::people(), &model::ties()}) {
      int64_t n = 0;
      KITH_TRY(store::scan_area(c, *e, area, true, [&](store::StoredRecord&&) -> Result<void> {
        ++n;
        return {};
      }));
      out.rows[std::string(e->plural)] = n;
    }
    auto check = c.prepare("PRAGMA integrity_check");
    if (!check) return check.error();
    for (;;) {
      auto row = (*check)->step();
      if (!row) return row.error();
      if (!*row) break;
      auto v = (*check)->column(0);
      out.integrity += std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : "?";
    }
    auto audits = c.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'import' AND area_id = ?");
    if (!audits) return audits.error();
    (*audits)->bind(1, std::string(area));
    auto row = (*audits)->step();
    if (!row) return row.error();
    out.import_audits = std::get<int64_t>((*audits)->column(0));
    return {};
  });
  EXPECT_TRUE(read.ok()) << read.error().message;
  return out;
}

std::string make_area(const std::string& db) {
  auto s = store::open_store(db);
  EXPECT_TRUE(s.ok()) << s.error().message;
  if (!s.ok()) return {};
  domain::Register reg(**s);
  auto a = reg.create(model::areas(), "", nlohmann::json{{"name", "Crash test"}}, model::Actor{});
  EXPECT_TRUE(a.ok());
  return a.ok() ? (*a)["id"].get<std::string>() : std::string();
}

void expect_all_or_nothing(const Census& c) {
  EXPECT_EQ(c.integrity, "ok");
  int64_t people = c.rows.at("people"), ties = c.rows.at("ties");
  bool none = people == 0 && ties == 0 && c.import_audits == 0;
  bool all = people == kPeople && ties == kTies && c.import_audits == 1;
  EXPECT_TRUE(none || all) << "people " << people << ", ties " << ties << ", import audits " << c.import_audits;
}

TEST(ImportCrash, SigkillLeavesAllOrNothing) {
  if (test::testing_postgres()) GTEST_SKIP() << "SQLite only";
  test::TempDir dir;
  std::string elements = dir.file("elements.csv"), connections = dir.file("connections.csv");
  write_files(elements, connections);
  // Kill points: as soon as the WAL appears, then deeper into the write.
  const std::vector<int64_t> wal_bytes = {1, 256 << 10, 4 << 20, 16 << 20, 48 << 20, 96 << 20};
  int killed = 0;
  for (size_t k = 0; k < wal_bytes.size(); ++k) {
    std::string db = dir.file("kill" + std::to_string(k) + ".db");
    std::string area = make_area(db);
    ASSERT_FALSE(area.empty());
    // The area write leaves a WAL behind; measure growth from there.
    int64_t base = file_size(db + "-wal");
    int status = 0;
    pid_t pid = start_import(db, area, elements, connections);
    ASSERT_GT(pid, 0);
    bool was_killed = kill_when_wal_reaches(pid, db + "-wal", base + wal_bytes[k], status);
    if (was_killed) {
      ++killed;
      EXPECT_TRUE(WIFSIGNALED(status));
    } else {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "import failed on its own";
    }
    Census c = census(db, area);
    std::cout << "kill point " << k << ": " << (was_killed ? "killed" : "finished first") << " with "
              << c.rows["people"] << " people, " << c.rows["ties"] << " ties\n";
    SCOPED_TRACE("kill point " + std::to_string(k) + (was_killed ? " (killed)" : " (finished first)"));
    expect_all_or_nothing(c);
    if (k + 1 == wal_bytes.size()) {
      // After a crash the same import runs to completion.
      int done = 0;
      pid_t again = start_import(db, area, elements, connections);
      waitpid(again, &done, 0);
      ASSERT_TRUE(WIFEXITED(done));
      EXPECT_EQ(WEXITSTATUS(done), 0);
      Census after = census(db, area);
      EXPECT_EQ(after.integrity, "ok");
      EXPECT_EQ(after.rows.at("people"), kPeople);
      EXPECT_EQ(after.rows.at("ties"), kTies);
    }
  }
  EXPECT_GT(killed, 0) << "no import was interrupted, so nothing was tested";
}

}  // namespace
}  // namespace kith
