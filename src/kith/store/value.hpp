#pragma once
// Reading a store::Value (a column as an engine returns it) as text, integer
// or real. The one set of these helpers: SQLite hands back typed values,
// PostgreSQL text, so each accepts both.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>

#include "kith/store/connection.hpp"

namespace kith::store {

inline bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Text as stored; an integer as its decimal digits; "" for NULL or a real.
inline std::string text_of(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  return {};
}

// 0 for NULL; text is parsed as decimal digits.
inline int64_t integer_of(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10);
  return 0;
}

// 0 for NULL; text is parsed as a number.
inline double real_of(const Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

}  // namespace kith::store
