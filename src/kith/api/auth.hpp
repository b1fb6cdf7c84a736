#pragma once
// The HTTP side of accounts (issue 9): who sent a request (the kith_session
// cookie or an Authorization: Bearer token), whether a cookie request that
// changes something carries the session's X-CSRF-Token, and whether the
// route's need (routes.hpp, domain/access.hpp) is met in the route's area.
// The server runs this before any handler; the rules themselves are domain's.
#include <httplib.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "kith/api/routes.hpp"
#include "kith/core/result.hpp"
#include "kith/domain/accounts.hpp"

namespace kith::api {

inline constexpr std::string_view kSessionCookie = "kith_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The credentials a request carries, as sent.
struct Credentials {
  std::string bearer;   // from Authorization: Bearer …
  std::string session;  // the kith_session cookie's value
};
// invalid when an Authorization header is present but is not "Bearer TOKEN".
Result<Credentials> credentials_of(const httplib::Request& req);

// The value of one cookie in the Cookie header(s); empty when absent.
std::string cookie_value(const httplib::Request& req, std::string_view name);

// A Set-Cookie value for the session token (an empty token clears the cookie).
std::string session_cookie(std::string_view token, bool secure, std::chrono::seconds max_age);

// The caller of a request that passed the checks: nullopt on an open route
// called without credentials.
struct Caller {
  std::optional<domain::Authenticated> who;
  std::string session_token;  // when `who` came by the cookie
};

class Gate {
 public:
  explicit Gate(domain::Accounts& accounts) : accounts_(accounts) {}

  // unauthenticated (401) without valid credentials on a route that is not
  // open; forbidden (403) for a cookie request that changes state without
  // the right X-CSRF-Token, or a need not met; not_found (404) for a record
  // in an area the user holds no role in.
  Result<Caller> admit(const Route& r, const std::map<std::string, std::string>& params,
                       const httplib::Request& req, Seconds now);

 private:
  Result<Caller> identify(const httplib::Request& req, Seconds now);
  domain::Accounts& accounts_;
};

// The area a route's access is checked in: its {area}, or {id} for an area
// itself; empty for routes about no area.
std::string access_area(const Route& r, const std::map<std::string, std::string>& params);

}  // namespace kith::api
