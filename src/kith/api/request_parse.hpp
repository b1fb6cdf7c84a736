#pragma once
#include <optional>
// The pure part of request handling: query parameters to list and network
// queries, request bodies to JSON objects. No database, no server, so unit
// tests and the fuzz targets (tests/fuzz) call exactly what the handlers call.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "kith/analysis/network.hpp"
#include "kith/api/routes.hpp"
#include "kith/core/result.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/repository.hpp"

namespace kith::api {

inline constexpr int kJsonDepthMax = 32;          // records are flat; imports nest a little
inline constexpr int kImportJsonDepthMax = 64;
inline constexpr size_t kIdParamBytesMax = 100;   // ids and cursors are far shorter
// ?ids= of a list: at most this many records by id (their URL stays well
// under the server's 8 KiB request line).
inline constexpr size_t kIdsParamMax = 200;

// The value of ?key, or "" when absent.
std::string query(const httplib::Request& req, const std::string& key);
// A value quoted back in an error message, cut to 40 bytes so a huge one cannot flood it.
std::string shown(std::string_view s);

// Query parameters: only the ones the route documents, each at most once. The
// web page ignores its query string (links may carry one).
Result<void> check_query(const Route& r, const httplib::Request& req);

// Brackets outside strings, deepest point; bounds the parser's work before it starts.
bool nesting_within(std::string_view s, int depth_max);
// A request body that must be one JSON object, nesting at most depth_max.
Result<nlohmann::json> parse_json_object(const std::string& body, int depth_max = kJsonDepthMax);

// ?limit, cursor, kind, tag, q, person, at of a list of `e` (after check_query).
Result<store::ListQuery> parse_list_query(const model::Entity& e, const std::string& area, const httplib::Request& req);
// ?isolation= of the network answer: the class's bit, nullopt when absent.
Result<std::optional<uint8_t>> parse_isolation_param(const httplib::Request& req);
// ?person= of the network answer: "" when absent, else a person id's shape
// (invalid, naming `person`, otherwise).
Result<std::string> parse_person_param(const httplib::Request& req);
// ?ids=a,b,c of an area's list: 1 to kIdsParamMax ids of the entity's shape.
Result<std::vector<std::string>> parse_ids_param(const model::Entity& e, const std::string& value);
// ?at, kind (comma-separated), min_closeness of the network routes.
Result<analysis::NetworkQuery> parse_network_query(const httplib::Request& req, const std::string& area);
// ?exact=true: exact betweenness whatever the size, for a caller who accepts the wait.
Result<analysis::MetricRequest> parse_metric_request(const httplib::Request& req);
// ?seed= (a non-negative integer), ?iterations= (1..2000), ?community= (a community number).
Result<analysis::LayoutRequest> parse_layout_request(const httplib::Request& req);
// ?community= (a community number), absent when not given.
Result<std::optional<uint64_t>> parse_community(const httplib::Request& req);

}  // namespace kith::api
