#include "kith/store/sqlite/sqlite_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cassert>
#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "kith/core/assert.hpp"
#include "kith/store/migrate.hpp"

namespace kith::store {
namespace {

// Kept in place by every connection (SQLITE_FCNTL_PERSIST_WAL): the WAL is
// truncated to this after a checkpoint restarts it, and to zero bytes when the
// last connection closes.
constexpr int64_t kWalKeptBytesMax = 64 << 20;

Error sqlite_error(sqlite3* db, int rc, std::string_view what) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  // A file SQLite could not grow (the -shm, say) is an I/O error whose errno
  // says the disk is full.
  if ((rc & 0xff) == SQLITE_IOERR && db && sqlite3_system_errno(db) == ENOSPC) rc = SQLITE_FULL;
  std::string msg = fmt::format("{}: {}", what, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return Error{Errc::conflict, msg, {}, 0};
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL: return Error{Errc::invalid, msg, {}, 0};
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Error{Errc::unavailable, "The database is busy; try again", {}, 0};
    case SQLITE_FULL: return Error{Errc::internal, "The disk is full: nothing was written", {}, 0};
    default: return Error{Errc::internal, msg, {}, 0};
  }
}

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* st) : db_(db), st_(st) {}
  ~SqliteStatement() override { sqlite3_finalize(st_); }

  void bind(int index, const Value& v) override {
    if (stepped_) {
      sqlite3_reset(st_);
      stepped_ = false;
    }
    if (std::holds_alternative<std::monostate>(v)) sqlite3_bind_null(st_, index);
    else if (auto* i = std::get_if<int64_t>(&v)) sqlite3_bind_int64(st_, index, *i);
    else if (auto* d = std::get_if<double>(&v)) sqlite3_bind_double(st_, index, *d);
    else {
      const auto& s = std::get<std::string>(v);
      sqlite3_bind_text(st_, index, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
  }

  void bind_view(int index, std::string_view text) override {
    if (stepped_) {
      sqlite3_reset(st_);
      stepped_ = false;
    }
    sqlite3_bind_text(st_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }

  Result<bool> step() override {
    stepped_ = true;
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      changes_ = sqlite3_changes64(db_);
      return false;
    }
    Error e = sqlite_error(db_, rc, "SQLite");
    sqlite3_reset(st_);
    stepped_ = false;
    return e;
  }

  int column_count() const override { return sqlite3_column_count(st_); }

  Value column(int index) const override {
    switch (sqlite3_column_type(st_, index)) {
      case SQLITE_NULL: return std::monostate{};
      case SQLITE_INTEGER: return static_cast<int64_t>(sqlite3_column_int64(st_, index));
      case SQLITE_FLOAT: return sqlite3_column_double(st_, index);
      default: {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, index));
        return std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(st_, index)));
      }
    }
  }

  std::string_view column_name(int index) const override { return sqlite3_column_name(st_, index); }
  int64_t changes() const override { return changes_; }
  int64_t inserted_row() const override { return sqlite3_last_insert_rowid(db_); }

  void reset() override {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
    stepped_ = false;
    changes_ = 0;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_;
  bool stepped_ = false;
  int64_t changes_ = 0;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    cache_.clear();  // statements before the handle
    sqlite3_close(db_);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

  Result<void> exec(std::string_view sql) override {
    std::string text(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (err) sqlite3_free(err);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "SQLite");
    return {};
  }

  Result<Statement*> prepare(std::string_view sql) override {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      it->second->reset();
      return static_cast<Statement*>(it->second.get());
    }
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &st,
                                nullptr);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, fmt::format("SQLite could not prepare [{}]", sql));
    auto owned = std::make_unique<SqliteStatement>(db_, st);
    Statement* raw = owned.get();
    cache_.emplace(std::string(sql), std::move(owned));
    return raw;
  }

  sqlite3* handle() { return db_; }

  // A statement left mid-result keeps its read snapshot open past COMMIT, so
  // every statement is reset when a transaction ends.
  void reset_all() {
    for (auto& [sql, st] : cache_) st->reset();
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
};

enum class Role { writer, reader };

// SQLite counts every allocation under a global mutex unless told not to;
// kith reads no memory statistics, and a bulk import makes millions of
// allocations. This must come before SQLite initialises, so it is done
// before the first open; when something in the process initialised SQLite
// first the call is refused, harmlessly.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

Result<std::unique_ptr<SqliteConnection>> connect(const std::string& path, const StoreOptions& o, Role role) {
  configure_sqlite_once();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(db, rc, fmt::format("Cannot open the database {}", path));
    sqlite3_close(db);
    return e;
  }
  auto c = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, o.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  // The -wal and -shm files stay when the last connection closes (the WAL
  // emptied), instead of being deleted. The first connection of the next
  // process must otherwise create the -shm and size it (32 KiB), which a full
  // disk refuses: a server could not even start to read. An existing -shm it
  // truncates and regrows within the blocks it just gave back.
  int persist = 1;
  sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
  // WAL lets readers run beside the one writer; NORMAL sync is crash-safe in
  // WAL. The mode is stored in the file, so only the writer (opened first)
  // sets it: a reader's connection writes nothing.
  KITH_TRY(c->exec(fmt::format("{}PRAGMA journal_size_limit={}; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;",
                               role == Role::writer ? "PRAGMA journal_mode=WAL; " : "", kWalKeptBytesMax)));
  return c;
}

// Runs fn between BEGIN and COMMIT, rolling back on error or exception.
Result<void> in_transaction(SqliteConnection& c, std::string_view begin,
                            const std::function<Result<void>(Connection&)>& fn) {
  KITH_TRY(c.exec(begin));
  Result<void> r;
  try {
    r = fn(c);
  } catch (const std::exception& ex) {
    r = internal_error(fmt::format("Unexpected failure: {}", ex.what()));
  }
  c.reset_all();
  if (r.ok()) {
    auto committed = c.exec("COMMIT");
    if (committed.ok()) return {};
    r = committed.error();
  }
  (void)c.exec("ROLLBACK");
  return r;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, StoreOptions o, std::unique_ptr<SqliteConnection> writer)
      : path_(std::move(path)), options_(o), writer_(std::move(writer)) {}

  std::string_view engine() const override { return "sqlite"; }

  Result<int> migrate() override { return migrate_to(std::numeric_limits<int>::max()); }

  Result<int> migrate_to(int version) {
    std::lock_guard lock(write_mu_);
    return run_migrations(*writer_, version);
  }

  Result<int> schema_version() override {
    std::lock_guard lock(write_mu_);
    return current_schema_version(*writer_);
  }

  Result<void> write(const std::function<Result<void>(Connection&)>& fn) override {
    std::lock_guard lock(write_mu_);
    // IMMEDIATE takes the write lock up front, so a busy database fails before any work.
    return in_transaction(*writer_, "BEGIN IMMEDIATE", fn);
  }

  Result<void> write_bulk(const std::function<Result<void>(Connection&)>& fn) override {
    std::lock_guard lock(write_mu_);
    // The pragma is a no-op inside a transaction, so it goes around one.
    KITH_TRY(writer_->exec("PRAGMA foreign_keys=OFF"));
    auto r = in_transaction(*writer_, "BEGIN IMMEDIATE", fn);
    auto on = writer_->exec("PRAGMA foreign_keys=ON");
    KITH_ASSERT_MSG(on.ok(), "the writer must not go on without foreign-key checks");
    return r;
  }

  Result<void> read(const std::function<Result<void>(Connection&)>& fn) override {
    auto c = acquire_reader();
    if (!c) return c.error();
    auto r = in_transaction(**c, "BEGIN", fn);
    release_reader(std::move(*c));
    return r;
  }

  Result<void> backup(const std::string& path) override {
    if (std::filesystem::exists(path))
      return Error{Errc::conflict, fmt::format("{} already exists; choose a new file name", path), "file", 0};
    auto src = acquire_reader();
    if (!src) return src.error();
    auto r = copy_to(**src, path);
    release_reader(std::move(*src));
    return r;
  }

 private:
  Result<std::unique_ptr<SqliteConnection>> acquire_reader() {
    {
      std::unique_lock lock(pool_mu_);
      pool_cv_.wait(lock, [&] { return !idle_.empty() || open_readers_ < options_.pool_size; });
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
      ++open_readers_;
    }
    auto c = connect(path_, options_, Role::reader);
    if (!c) {
      std::lock_guard lock(pool_mu_);
      --open_readers_;
      pool_cv_.notify_one();
    }
    return c;
  }

  void release_reader(std::unique_ptr<SqliteConnection> c) {
    std::lock_guard lock(pool_mu_);
    idle_.push_back(std::move(c));
    pool_cv_.notify_one();
  }

  static Result<void> copy_to(SqliteConnection& src, const std::string& path) {
    sqlite3* dest = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      Error e = sqlite_error(dest, rc, fmt::format("Cannot create {}", path));
      sqlite3_close(dest);
      return e;
    }
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", src.handle(), "main");
    if (!b) {
      Error e = sqlite_error(dest, SQLITE_ERROR, "Backup could not start");
      sqlite3_close(dest);
      std::filesystem::remove(path);
      return e;
    }
    // Copy in steps so a busy source does not fail the whole backup at once.
    do {
      rc = sqlite3_backup_step(b, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    Result<void> out;
    if (rc != SQLITE_DONE) out = sqlite_error(dest, rc, "Backup failed");
    sqlite3_close(dest);
    if (!out.ok()) std::filesystem::remove(path);
    return out;
  }

  std::string path_;
  StoreOptions options_;
  std::mutex write_mu_;
  std::unique_ptr<SqliteConnection> writer_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_;
  int open_readers_ = 0;
};

}  // namespace

Result<int> migrate_sqlite_store_to(Store& s, int version) {
  auto* sqlite = dynamic_cast<SqliteStore*>(&s);
  KITH_ASSERT_MSG(sqlite != nullptr, "migrate_sqlite_store_to needs a SQLite store");
  return sqlite->migrate_to(version);
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, const StoreOptions& options) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return internal_error(fmt::format("Cannot create the folder {}: {}", parent.string(), ec.message()));
  auto writer = connect(path, options, Role::writer);
  if (!writer) return writer.error();
  auto store = std::make_unique<SqliteStore>(path, options, std::move(*writer));
  if (options.migrate) {
    auto ran = store->migrate();
    if (!ran) return ran.error();
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kith::store
