#include "kith/api/error.hpp"

namespace kith::api {

int http_status(Errc c) {
  switch (c) {
    case Errc::invalid: return 400;
    case Errc::not_found: return 404;
    case Errc::conflict: return 409;
    case Errc::too_large: return 413;
    case Errc::unsupported_media: return 415;
    case Errc::unavailable: return 503;
    case Errc::internal: return 500;
    case Errc::unauthenticated: return 401;
    case Errc::too_many_requests: return 429;
    case Errc::forbidden: return 403;
  }
  return 500;
}

using nlohmann::json;

json error_json(const Error& e) {
  json err = {{"code", errc_name(e.code)},
              {"message", e.message},
              {"field", e.field.empty() ? json(nullptr) : json(e.field)}};
  if (e.line > 0) err["line"] = e.line;
  return json{{"error", std::move(err)}};
}

std::string dump_json(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void write_error(httplib::Response& res, const Error& e) {
  res.status = http_status(e.code);
  res.set_content(dump_json(error_json(e)), "application/json");
}

void write_method_not_allowed(httplib::Response& res, std::string_view method, const std::vector<std::string>& allowed) {
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  json body = {{"error",
                {{"code", "method_not_allowed"},
                 {"message", "This route does not answer " + std::string(method.substr(0, 20)) + "; it answers " + allow},
                 {"field", nullptr}}}};
  res.status = 405;
  res.set_header("Allow", allow);
  res.set_content(dump_json(body), "application/json");
}

Error no_route_error(std::string_view method, std::string_view path) {
  // The path is echoed only when short; it may be anything a client typed.
  std::string shown = path.size() <= 200 ? std::string(path) : std::string(path.substr(0, 200)) + "…";
  return Error{Errc::not_found,
               std::string(kNoRoutePrefix) + " " + std::string(method) + " " + shown +
                   "; the routes are listed at /api/v1/openapi.json",
               {}, 0};
}

Error too_large_error(size_t limit_bytes) {
  std::string limit = limit_bytes >= (1u << 20) ? std::to_string(limit_bytes >> 20) + " MiB"
                                                : std::to_string(limit_bytes >> 10) + " KiB";
  return Error{Errc::too_large, "The request body is larger than the " + limit + " this route accepts", {}, 0};
}

Error unsupported_media_error(std::string_view expected) {
  return Error{Errc::unsupported_media,
               "Send the request body with Content-Type: " + std::string(expected), {}, 0};
}

}  // namespace kith::api
