#pragma once
// libpq behind the engine-neutral Connection/Statement interface. SQL arrives
// with `?` placeholders and is rewritten to $1..$n; each distinct text is
// prepared once per connection and kept in a bounded cache.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kith/store/connection.hpp"

namespace kith::store::pg {

// `?` outside string literals ('..', E'..', $tag$..$tag$), quoted identifiers
// and comments becomes $1, $2, ... in order; `count` receives how many.
std::string rewrite_placeholders(std::string_view sql, int* count);

// Removes `secret` (a password) from a message before it is shown anywhere.
std::string scrub(std::string message, std::string_view secret);

// The password in a libpq URL or keyword string, empty when there is none.
std::string password_of(const std::string& conninfo);

// A PostgreSQL failure as a kith Error: 23505 conflict, 23503/23502/23514 and
// bad input invalid, lost connection and lock timeouts unavailable.
Error error_from(PGconn* conn, const PGresult* res, std::string_view secret);

class PgConnection;

class PgStatement final : public Statement {
 public:
  PgStatement(PgConnection& conn, std::string name, std::string sql, int param_count, bool prepared,
               bool is_query);
  ~PgStatement() override;
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

  void bind(int index, const Value& v) override;
  Result<bool> step() override;
  int column_count() const override;
  Value column(int index) const override;
  std::string_view column_name(int index) const override;
  int64_t changes() const override { return changes_; }
  int64_t inserted_row() const override { return 0; }
  void bind_view(int index, std::string_view text) override { bind(index, Value{std::string(text)}); }
  void reset() override;

 private:
  Result<void> execute();
  Result<void> prepare_with_bound_types();
  void clear_result();

  PgConnection& conn_;
  std::string name_;  // server-side prepared statement name
  std::string sql_;   // with $n placeholders
  bool prepared_;     // false until the server has the plan
  bool is_query_;     // a SELECT: runs without a protecting savepoint
  std::vector<Value> params_;
  std::string bind_error_;  // a bad bind() index, reported by the next step()
  PGresult* result_ = nullptr;
  bool executed_ = false;
  int row_ = -1;
  int64_t changes_ = 0;
};

class PgConnection final : public Connection {
 public:
  static constexpr size_t kStatementsMax = 1000;  // cache bound, enforced between transactions

  // Connects; unavailable (with the libpq reason, password removed) on failure.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& conninfo);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::postgresql; }
  Result<void> exec(std::string_view sql) override;
  Result<Statement*> prepare(std::string_view sql) override;

  bool is_broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  bool in_transaction() const;
  // PQreset; server-side plans are gone, so the statement cache is emptied.
  Result<void> reconnect();
  // Between transactions: drop every cached plan once the cache is over its bound.
  void trim_statement_cache();

  PGconn* raw() { return conn_; }
  const std::string& secret() const { return secret_; }

  // Savepoint around each data-changing statement inside a transaction, so a
  // failed statement (a duplicate, say) leaves the transaction usable, as in
  // SQLite. One savepoint is reused: released and retaken before the next one.
  Result<void> protect_statement();
  void undo_statement();
  // Off for a bulk write (Store::write_bulk), whose caller gives up on the
  // first failed statement: each savepoint is a round trip of its own, as
  // many as the rows themselves. Preparing a new statement stays protected.
  void set_statement_savepoints(bool on) { statement_savepoints_ = on; }
  bool statement_savepoints() const { return statement_savepoints_; }

 private:
  PgConnection(PGconn* conn, std::string secret) : conn_(conn), secret_(std::move(secret)) {}
  Error lost_connection_error() const;

  PGconn* conn_;
  std::string secret_;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> statements_;
  uint64_t next_statement_ = 0;
  bool savepoint_open_ = false;
  bool statement_savepoints_ = true;
};

}  // namespace kith::store::pg
