#pragma once
// The one thing an engine must provide: a SQL connection with prepared
// statements. SQL is written once with `?` placeholders; the PostgreSQL engine
// rewrites them to $1..$n. Values are NULL, 64-bit integers, doubles or text.
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "kith/core/result.hpp"

namespace kith::store {

using Value = std::variant<std::monostate, int64_t, double, std::string>;

enum class Dialect { sqlite, postgresql };

class Statement {
 public:
  virtual ~Statement() = default;
  // 1-based, like SQLite. Binding after a step resets the statement first.
  virtual void bind(int index, const Value& v) = 0;
  // Binds text without copying it where the engine allows (SQLite): the
  // bytes must stay unchanged until the statement is next bound, reset or
  // destroyed. For bulk loads, whose values outlive the row.
  virtual void bind_view(int index, std::string_view text) = 0;
  // Executes on first call; true while a row is available.
  virtual Result<bool> step() = 0;
  virtual int column_count() const = 0;
  virtual Value column(int index) const = 0;  // 0-based
  virtual std::string_view column_name(int index) const = 0;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  virtual int64_t changes() const = 0;
  // The row id the last INSERT made, where the engine says so without a
  // RETURNING clause (SQLite); 0 where it does not (PostgreSQL).
  virtual int64_t inserted_row() const = 0;
  virtual void reset() = 0;  // keep the plan, clear bindings and results
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one or more statements with no parameters (DDL, BEGIN, COMMIT).
  virtual Result<void> exec(std::string_view sql) = 0;
  // A prepared statement, cached by its text and owned by the connection; it
  // comes back reset and unbound.
  virtual Result<Statement*> prepare(std::string_view sql) = 0;
};

// Convenience: prepare, bind all, step to completion; returns rows changed.
Result<int64_t> execute(Connection& c, std::string_view sql, std::span<const Value> params);
inline Result<int64_t> execute(Connection& c, std::string_view sql, std::initializer_list<Value> params = {}) {
  return execute(c, sql, std::span<const Value>(params.begin(), params.size()));
}

}  // namespace kith::store
