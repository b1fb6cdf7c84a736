#pragma once
// The one error shape every API failure uses:
//   {"error":{"code":"invalid","message":"…","field":"closeness"|null,"line":12}}
// with the HTTP status from http_status() below. "line" appears only when set.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"

namespace kith::api {

// The one place an error code becomes an HTTP status.
int http_status(Errc c);

nlohmann::json error_json(const Error& e);
// Sets status, the JSON body and its Content-Type on `res`.
void write_error(httplib::Response& res, const Error& e);

// Serialises JSON for a response; invalid UTF-8 from stored text is replaced, never thrown.
std::string dump_json(const nlohmann::json& j);

// The message for a route nobody registered; tests tell it from a missing record by it.
inline constexpr std::string_view kNoRoutePrefix = "There is no API route";

// 405 has no Errc (it is about the route, not the data): code "method_not_allowed", plus an Allow header.
void write_method_not_allowed(httplib::Response& res, std::string_view method, const std::vector<std::string>& allowed);

Error no_route_error(std::string_view method, std::string_view path);
Error too_large_error(size_t limit_bytes);
Error unsupported_media_error(std::string_view expected);

}  // namespace kith::api
