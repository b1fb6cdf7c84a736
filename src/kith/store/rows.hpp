#pragma once
// Running a prepared statement row by row, for the repositories that write
// their SQL by hand (accounts.cpp, surveys.cpp). Not for other layers.
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"

namespace kith::store::rows {

// Prepares `sql` (cached by the connection), binds `params` in order and
// calls on_row for every row. The statement is left reset, so no SQLite read
// snapshot outlives the call.
template <class OnRow>
Result<void> each_row(Connection& c, std::string_view sql, std::span<const Value> params, OnRow&& on_row) {
  auto st = c.prepare(sql);
  if (!st) return st.error();
  int i = 1;
  for (const auto& p : params) (*st)->bind(i++, p);
  for (;;) {
    auto more = (*st)->step();
    if (!more) {
      (*st)->reset();
      return more.error();
    }
    if (!*more) break;
    on_row(static_cast<const Statement&>(**st));
  }
  (*st)->reset();
  return {};
}

template <class OnRow>
Result<void> each_row(Connection& c, std::string_view sql, std::initializer_list<Value> params, OnRow&& on_row) {
  return each_row(c, sql, std::span<const Value>(params.begin(), params.size()), std::forward<OnRow>(on_row));
}

// Rows changed by one INSERT, UPDATE or DELETE.
inline Result<int64_t> changed(Connection& c, std::string_view sql, std::initializer_list<Value> params) {
  return execute(c, sql, std::span<const Value>(params.begin(), params.size()));
}

inline Value text(std::string_view s) { return std::string(s); }
// NULL for an empty string: optional text columns.
inline Value text_or_null(std::string_view s) { return s.empty() ? Value(std::monostate{}) : Value(std::string(s)); }

}  // namespace kith::store::rows
