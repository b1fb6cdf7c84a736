#include "kith/store/postgres/postgres_store.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "kith/core/assert.hpp"
#include "kith/store/migrate.hpp"
#include "kith/store/postgres/pg_connection.hpp"

namespace kith::store {
namespace {

using pg::PgConnection;

// Advisory lock keys: (kLockSpace, kind). 'kith' in ASCII, so other software
// sharing the database is unlikely to pick the same pair.
constexpr int kLockSpace = 0x6b697468;
constexpr int kMigrateLock = 1;
constexpr int kWriteLock = 2;

constexpr int kPoolSizeMax = 256;

const std::string& begin_read_sql() {
  static const std::string sql = "BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ";
  return sql;
}

// Writers are serialised per database, as with SQLite, by a transaction-level
// advisory lock that every `kith serve` process sharing the database takes.
// lock_timeout bounds the wait (55P03 becomes Errc::unavailable); 0 would
// mean no limit to PostgreSQL, so the least is 1 ms.
std::string begin_write_sql(int busy_timeout_ms) {
  return "BEGIN; SET LOCAL lock_timeout = " + std::to_string(std::max(1, busy_timeout_ms)) +
         "; SELECT pg_advisory_xact_lock(" + std::to_string(kLockSpace) + ", " + std::to_string(kWriteLock) + ")";
}

// A fixed-size pool. Connections are opened on first need and replaced
// (PQreset) when the server dropped them.
class Pool {
 public:
  Pool(std::string url, int size_max, int wait_ms) : url_(std::move(url)), size_max_(size_max), wait_ms_(wait_ms) {
    assert(size_max_ >= 1);
  }

  void adopt(std::unique_ptr<PgConnection> c) {
    std::lock_guard lock(m_);
    assert(opened_ < size_max_);
    ++opened_;
    idle_.push_back(std::move(c));
  }

  Result<std::unique_ptr<PgConnection>> acquire() {
    std::unique_lock lock(m_);
    auto ready = [&] { return !idle_.empty() || opened_ < size_max_; };
    if (!cv_.wait_for(lock, std::chrono::milliseconds(wait_ms_), ready))
      return Error{Errc::unavailable,
                   "All " + std::to_string(size_max_) + " database connections are busy; try again", {}, 0};
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      if (c->is_broken()) {
        if (auto r = c->reconnect(); !r) {
          give_back(std::move(c));  // keep the slot; the next caller retries the reset
          return r.error();
        }
      }
      return c;
    }
    ++opened_;  // reserve the slot before connecting outside the lock
    lock.unlock();
    auto c = PgConnection::open(url_);
    if (!c) {
      std::lock_guard relock(m_);
      --opened_;
      cv_.notify_one();
    }
    return c;
  }

  void give_back(std::unique_ptr<PgConnection> c) {
    assert(c);
    c->trim_statement_cache();
    std::lock_guard lock(m_);
    idle_.push_back(std::move(c));
    cv_.notify_one();
  }

 private:
  std::string url_;
  int size_max_;
  int wait_ms_;
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int opened_ = 0;  // idle + lent out
};

// Hands a pooled connection back however the caller leaves.
class Lease {
 public:
  Lease(Pool& pool, std::unique_ptr<PgConnection> c) : pool_(pool), c_(std::move(c)) {}
  ~Lease() { pool_.give_back(std::move(c_)); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  PgConnection& operator*() { return *c_; }
  PgConnection* operator->() { return c_.get(); }

 private:
  Pool& pool_;
  std::unique_ptr<PgConnection> c_;
};

// Rolls back unless committed, also when fn throws.
class Transaction {
 public:
  explicit Transaction(PgConnection& c) : c_(c) {}
  ~Transaction() {
    if (open_) (void)c_.exec("ROLLBACK");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // A connection dropped by the server since its last use fails on BEGIN;
  // nothing has run yet, so reconnecting and beginning again is safe.
  Result<void> begin(const std::string& sql) {
    auto r = c_.exec(sql);
    if (!r && c_.is_broken()) {
      KITH_TRY(c_.reconnect());
      r = c_.exec(sql);
    }
    if (!r) {
      if (!c_.is_broken()) (void)c_.exec("ROLLBACK");
      return r.error();
    }
    open_ = true;
    return {};
  }

  // COMMIT in a failed transaction quietly rolls back; report it instead.
  Result<void> commit() {
    if (PQtransactionStatus(c_.raw()) == PQTRANS_INERROR)
      return internal_error("A statement failed, so the transaction was rolled back");
    open_ = false;
    return c_.exec("COMMIT");
  }

 private:
  PgConnection& c_;
  bool open_ = false;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(const std::string& url, const StoreOptions& options)
      : pool_(url, options.pool_size, options.busy_timeout_ms),
        begin_write_(begin_write_sql(options.busy_timeout_ms)) {}

  Pool& pool() { return pool_; }

  std::string_view engine() const override { return "postgresql"; }

  // Session-level advisory lock: a second `kith serve` starting at the same
  // moment waits here, then finds nothing left to apply.
  Result<int> migrate() override { return migrate_to(std::numeric_limits<int>::max()); }

  Result<int> migrate_to(int version) {
    return outside_transaction([version](PgConnection& c) -> Result<int> {
      const std::string key = std::to_string(kLockSpace) + ", " + std::to_string(kMigrateLock);
      KITH_TRY(c.exec("SELECT pg_advisory_lock(" + key + ")"));
      auto ran = run_migrations(c, version);
      auto unlocked = c.exec("SELECT pg_advisory_unlock(" + key + ")");
      if (!ran) return ran.error();
      if (!unlocked) return unlocked.error();
      return ran.value();
    });
  }

  // Outside any transaction: the runner's ledger query creates the table when
  // missing, which a read-only transaction would refuse. A database with no
  // ledger yet is at version 0 and is left untouched.
  Result<int> schema_version() override {
    return outside_transaction([](PgConnection& c) -> Result<int> {
      auto st = c.prepare("SELECT to_regclass('schema_migrations') IS NOT NULL");
      if (!st) return st.error();
      auto row = (*st)->step();
      if (!row) return row.error();
      if (!*row || std::get<int64_t>((*st)->column(0)) == 0) return 0;
      return current_schema_version(c);
    });
  }

  Result<void> write(const std::function<Result<void>(Connection&)>& fn) override {
    return in_transaction(begin_write_, fn);
  }

  // PostgreSQL keeps its foreign-key checks: they are cheap beside the round
  // trips. What it drops is the savepoint before each statement, a round trip
  // and a subtransaction per row for nothing: the importer stops at the first
  // failure, and the whole transaction rolls back.
  Result<void> write_bulk(const std::function<Result<void>(Connection&)>& fn) override {
    return in_transaction(begin_write_, fn, false);
  }

  Result<void> read(const std::function<Result<void>(Connection&)>& fn) override {
    return in_transaction(begin_read_sql(), fn);
  }

  Result<void> backup(const std::string&) override {
    return invalid("path",
                   "Online backup is for SQLite databases. For PostgreSQL use pg_dump, for example: "
                   "pg_dump --format=custom --file=kith.dump \"$DATABASE_URL\"");
  }

 private:
  Result<void> in_transaction(const std::string& begin_sql, const std::function<Result<void>(Connection&)>& fn,
                              bool statement_savepoints = true) {
    auto c = pool_.acquire();
    if (!c) return c.error();
    Lease lease(pool_, std::move(c.value()));
    // Back on before the connection returns to the pool, however fn ends.
    struct Savepoints {
      PgConnection& c;
      ~Savepoints() { c.set_statement_savepoints(true); }
    } restore{*lease};
    lease->set_statement_savepoints(statement_savepoints);
    Transaction tx(*lease);
    KITH_TRY(tx.begin(begin_sql));
    // An exception is an error like any other: the transaction rolls back
    // (Transaction's destructor) and the caller gets a value, as with SQLite.
    Result<void> r;
    try {
      r = fn(*lease);
    } catch (const std::exception& ex) {
      r = internal_error(std::string("Unexpected failure: ") + ex.what());
    }
    KITH_TRY(r);
    return tx.commit();
  }

  // Runs fn on a pooled connection in autocommit mode. fn must be safe to
  // repeat: when the server had dropped the connection, it runs once more on
  // a fresh one.
  Result<int> outside_transaction(const std::function<Result<int>(PgConnection&)>& fn) {
    auto c = pool_.acquire();
    if (!c) return c.error();
    Lease lease(pool_, std::move(c.value()));
    auto r = fn(*lease);
    if (r || !lease->is_broken()) return r;
    KITH_TRY(lease->reconnect());
    return fn(*lease);
  }

  Pool pool_;
  std::string begin_write_;
};

}  // namespace

Result<int> migrate_postgres_store_to(Store& s, int version) {
  auto* pg = dynamic_cast<PostgresStore*>(&s);
  KITH_ASSERT_MSG(pg != nullptr, "migrate_postgres_store_to needs a PostgreSQL store");
  return pg->migrate_to(version);
}

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url, const StoreOptions& options) {
  if (options.pool_size < 1 || options.pool_size > kPoolSizeMax)
    return invalid("pool_size", "Enter a pool size from 1 to " + std::to_string(kPoolSizeMax));
  if (options.busy_timeout_ms < 0)
    return invalid("busy_timeout_ms", "Enter a busy timeout of 0 milliseconds or more");
  // Connect now, so a wrong URL or a server that is down shows at startup.
  auto first = PgConnection::open(url);
  if (!first) return first.error();
  auto store = std::make_unique<PostgresStore>(url, options);
  store->pool().adopt(std::move(first.value()));
  if (options.migrate) KITH_TRY(store->migrate());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace kith::store
