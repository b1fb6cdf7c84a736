#pragma once
// Errors are values at every boundary: a Result<T> holds either a T or an Error
// that names what was wrong (field, line) in words a community worker can act on.
#include "kith/core/assert.hpp"
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kith {

// What went wrong, in the caller's terms. Only api/ maps a code to an HTTP
// status (api/error.hpp) and only cli/ to an exit code: lower layers never
// speak HTTP.
enum class Errc {
  invalid,            // the request or file is wrong; `field`/`line` say where
  not_found,          // no such record (in this area)
  conflict,           // duplicate, stale revision, still referenced
  too_large,          // over an explicit limit
  unsupported_media,  // a body of the wrong media type
  unavailable,        // store busy or unreachable
  internal,           // a bug or an I/O failure
  unauthenticated,    // no valid credentials: wrong password, unknown or ended session or token
  too_many_requests,  // too many failed attempts lately (log-in lockout); try again later
  forbidden,          // signed in, but this user's roles do not allow it (or a missing CSRF token)
};

struct Error {
  Errc code = Errc::internal;
  std::string message;
  std::string field;   // JSON field or CSV column, empty when not about one
  long line = 0;       // 1-based line of an input file, 0 when not about one
  // About a row of an input file: the file's name (as the caller named it)
  // and the reason alone, without the "file line N, column C: " that
  // `message` starts with, so a page can show them as a table.
  std::string file = {};
  std::string reason = {};
};

std::string_view errc_name(Errc c);  // "invalid", "not_found", ...

inline Error invalid(std::string field, std::string message) {
  return Error{Errc::invalid, std::move(message), std::move(field), 0};
}
inline Error not_found(std::string message) { return Error{Errc::not_found, std::move(message), {}, 0}; }
inline Error conflict(std::string message, std::string field = {}) {
  return Error{Errc::conflict, std::move(message), std::move(field), 0};
}
inline Error internal_error(std::string message) { return Error{Errc::internal, std::move(message), {}, 0}; }

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { KITH_ASSERT(ok()); return std::get<0>(v_); }
  const T& value() const& { KITH_ASSERT(ok()); return std::get<0>(v_); }
  T&& value() && { KITH_ASSERT(ok()); return std::get<0>(std::move(v_)); }
  const Error& error() const { KITH_ASSERT(!ok()); return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { KITH_ASSERT(!ok_); return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

// Propagate an error from an expression returning Result<...>.
#define KITH_TRY(expr)                              \
  do {                                              \
    auto&& kith_try_r_ = (expr);                    \
    if (!kith_try_r_.ok()) return kith_try_r_.error(); \
  } while (0)

}  // namespace kith
