#include "kith/api/auth.hpp"

#include <fmt/format.h>

#include "kith/domain/access.hpp"
#include "kith/domain/secrets.hpp"

namespace kith::api {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// GET and HEAD change nothing; everything else must prove it came from
// kith's own page when it rides on the cookie (a cross-site form can send
// the cookie, SameSite aside, but cannot read the CSRF token).
bool changes_state(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

Error unauthenticated() {
  return Error{Errc::unauthenticated,
               "Log in first (POST /api/v1/session), or send Authorization: Bearer with an API token from kith user "
               "token",
               {}, 0};
}

Error forbidden(std::string message) { return Error{Errc::forbidden, std::move(message), {}, 0}; }

}  // namespace

std::string cookie_value(const httplib::Request& req, std::string_view name) {
  const size_t n = req.get_header_value_count("Cookie");
  for (size_t i = 0; i < n; ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    std::string_view all = header;
    while (!all.empty()) {
      size_t semi = all.find(';');
      std::string_view pair = trim(all.substr(0, semi));
      all = semi == std::string_view::npos ? std::string_view() : all.substr(semi + 1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) return std::string(trim(pair.substr(eq + 1)));
    }
  }
  return {};
}

Result<Credentials> credentials_of(const httplib::Request& req) {
  Credentials c;
  if (req.has_header("Authorization")) {
    const std::string header = req.get_header_value("Authorization");  // named: a view must not outlive it
    std::string_view v = trim(header);
    constexpr std::string_view kScheme = "Bearer";
    if (req.get_header_value_count("Authorization") != 1 || v.size() <= kScheme.size() ||
        !iequals(v.substr(0, kScheme.size()), kScheme) || !is_space(v[kScheme.size()]))
      return Error{Errc::unauthenticated, "Send the API token as Authorization: Bearer TOKEN", "Authorization", 0};
    c.bearer = std::string(trim(v.substr(kScheme.size())));
  }
  c.session = cookie_value(req, kSessionCookie);
  return c;
}

std::string session_cookie(std::string_view token, bool secure, std::chrono::seconds max_age) {
  // HttpOnly: page scripts cannot read it; SameSite=Strict: no other site's
  // page sends it; Path=/: the API and the pages alike.
  return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{}", kSessionCookie, token,
                     token.empty() ? 0 : max_age.count(), secure ? "; Secure" : "");
}

std::string access_area(const Route& r, const std::map<std::string, std::string>& params) {
  const char* key = r.area == AreaFrom::area_param ? "area" : r.area == AreaFrom::id_param ? "id" : nullptr;
  if (key == nullptr) return {};
  auto it = params.find(key);
  return it == params.end() ? std::string() : it->second;
}

// A bearer token wins over a cookie: scripts send only the token, and a
// browser never sends Authorization on its own.
Result<Caller> Gate::identify(const httplib::Request& req, Seconds now) {
  auto creds = credentials_of(req);
  if (!creds) return creds.error();
  Caller c;
  if (!creds->bearer.empty()) {
    auto who = accounts_.authenticate_token(creds->bearer, now);
    if (!who) return who.error();
    c.who = std::move(*who);
    return c;
  }
  if (creds->session.empty()) return unauthenticated();
  auto who = accounts_.authenticate_session(creds->session, now);
  if (!who) {
    if (who.error().code != Errc::unauthenticated) return who.error();
    return Error{Errc::unauthenticated, "Your session has ended; log in again", {}, 0};
  }
  c.who = std::move(*who);
  c.session_token = std::move(creds->session);
  return c;
}

Result<Caller> Gate::admit(const Route& r, const std::map<std::string, std::string>& params,
                           const httplib::Request& req, Seconds now) {
  if (r.need == domain::Need::open) return Caller{};
  auto caller = identify(req, now);
  if (!caller) return caller.error();
  const domain::Authenticated& who = *caller->who;
  if (who.via_session && changes_state(req.method) &&
      !domain::secrets_equal(req.get_header_value(std::string(kCsrfHeader)), who.csrf_token))
    return forbidden("Send the session's CSRF token (from logging in) in the X-CSRF-Token header");
  const std::string area = access_area(r, params);
  switch (domain::decide(who.user, r.need, area, r.addresses_record())) {
    case domain::Decision::allowed: return caller;
    case domain::Decision::hidden: return Error{Errc::not_found, "No such record in an area you hold a role in", {}, 0};
    case domain::Decision::forbidden: break;
  }
  return forbidden("Your roles do not allow this" + std::string(area.empty() ? "" : " in this area"));
}

}  // namespace kith::api
