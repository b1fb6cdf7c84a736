#include "kith/api/request_parse.hpp"

#include "kith/core/ids.hpp"
#include "kith/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <tuple>
#include <optional>
#include <sstream>
#include <vector>

#include "kith/api/error.hpp"
#include "kith/core/time.hpp"

namespace kith::api {
namespace {

using nlohmann::json;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

std::string joined(const std::vector<std::string_view>& names) {
  return joined(std::vector<std::string>(names.begin(), names.end()));
}

}  // namespace

std::string shown(std::string_view s) {
  return s.size() <= 40 ? std::string(s) : std::string(s.substr(0, 40)) + "…";
}

std::string query(const httplib::Request& req, const std::string& key) {
  return req.has_param(key) ? req.get_param_value(key) : std::string();
}

Result<void> check_query(const Route& r, const httplib::Request& req) {
  if (r.op == Op::front_page) return {};
  for (const auto& [key, value] : req.params) {
    if (std::find(r.query.begin(), r.query.end(), key) == r.query.end())
      return invalid(shown(key), "This route has no ?" + shown(key) + "= parameter; it takes: " + joined(r.query));
    if (req.get_param_value_count(key) > 1) return invalid(key, "Give ?" + key + "= only once");
  }
  return {};
}

bool nesting_within(std::string_view s, int depth_max) { return json_too_deep_at(s, depth_max) == std::string_view::npos; }

Result<json> parse_json_object(const std::string& body, int depth_max) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error{Errc::invalid, "The request body is empty; send a JSON object", {}, 0};
  if (!nesting_within(body, depth_max))
    return Error{Errc::invalid, "The request body is not valid JSON for this route: it nests deeper than " +
                                    std::to_string(depth_max) + " levels", {}, 0};
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    return Error{Errc::invalid, "The request body is not valid JSON: check it near byte " +
                                    std::to_string(e.byte) + " (line " + std::to_string(1 + std::count(body.begin(),
                                    body.begin() + static_cast<long>(std::min(e.byte, body.size())), '\n')) + ")",
                 {}, 0};
  } catch (const json::exception&) {  // out_of_range.406: a number beyond double's range, such as 1e999
    return Error{Errc::invalid, "The request body is not valid JSON: it holds a number too large to represent", {}, 0};
  }
  if (!j.is_object()) return Error{Errc::invalid, "The request body must be a JSON object ({…})", {}, 0};
  return j;
}

Result<store::ListQuery> parse_list_query(const model::Entity& e, const std::string& area, const httplib::Request& req) {
  store::ListQuery q;
  q.area_id = area;
  if (req.has_param("limit")) {
    auto limit = store::parse_page_limit(req.get_param_value("limit"));
    if (!limit) return limit.error();
    q.limit = *limit;
  }
  q.after = query(req, "cursor");
  // A cursor is the id of the last record of the previous page (store::Page);
  // anything not of that shape was never given out.
  if (req.has_param("cursor") && (q.after.size() > kIdParamBytesMax || !is_valid_id(q.after, e.id_prefix)))
    return invalid("cursor", "This cursor is not one the server gave out; start again without ?cursor=");
  q.kind = query(req, "kind");
  if (req.has_param("kind")) {
    const auto& choices = e.field(e.kind_field)->choices;
    if (std::find(choices.begin(), choices.end(), q.kind) == choices.end())
      return invalid("kind", "Choose a " + std::string(e.kind_field) + " from: " + joined(choices));
  }
  q.tag = query(req, "tag");
  q.text = query(req, "q");
  if (q.tag.size() > kQueryTextBytesMax) return invalid("tag", "Enter a tag of at most 200 characters");
  if (q.text.size() > kQueryTextBytesMax) return invalid("q", "Enter at most 200 characters to search for");
  if (req.has_param("tag") && q.tag.empty()) return invalid("tag", "Enter a tag to filter by");
  q.person_id = query(req, "person");
  if (q.person_id.size() > kIdParamBytesMax) return invalid("person", "Enter the id of a person");
  if (req.has_param("person") && q.person_id.empty()) return invalid("person", "Enter the id of a person");
  for (auto [name, id, what] : {std::tuple{"group", &q.group_id, "a group"}, std::tuple{"place", &q.place_id, "a place"}}) {
    *id = query(req, name);
    if (id->size() > kIdParamBytesMax || (req.has_param(name) && id->empty()))
      return invalid(name, std::string("Enter the id of ") + what);
  }
  if (req.has_param("consent")) {
    q.consent = query(req, "consent");
    // An empty value must not pass for "no filter" on records without consent.
    const model::Field* status = e.field("consent_status");
    if (!status) return invalid("consent", std::string(e.plural) + " cannot be filtered by consent");
    if (std::find(status->choices.begin(), status->choices.end(), q.consent) == status->choices.end())
      return invalid("consent", "Choose a consent status from: " + joined(status->choices));
  }
  if (req.has_param("at")) {
    q.at = parse_date(req.get_param_value("at"));
    if (!q.at) return invalid("at", "Enter the day as YYYY-MM-DD, for example 2026-06-01");
  }
  if (req.has_param("ids")) {
    auto ids = parse_ids_param(e, query(req, "ids"));
    if (!ids) return ids.error();
    q.only_ids = std::move(*ids);
  }
  return q;
}

Result<std::optional<uint8_t>> parse_isolation_param(const httplib::Request& req) {
  if (!req.has_param("isolation")) return std::optional<uint8_t>();
  auto bit = analysis::isolation_class(req.get_param_value("isolation"));
  if (!bit) return bit.error();
  return std::optional<uint8_t>(*bit);
}

Result<std::string> parse_person_param(const httplib::Request& req) {
  if (!req.has_param("person")) return std::string();
  std::string id = req.get_param_value("person");
  if (id.size() > kIdParamBytesMax || !is_valid_id(id, model::people().id_prefix))
    return invalid("person", "Enter the id of a person");
  return id;
}

Result<std::vector<std::string>> parse_ids_param(const model::Entity& e, const std::string& value) {
  // The areas list is already limited to the user's own areas by id.
  if (!e.area_scoped) return invalid("ids", "Areas cannot be listed by id; read each one");
  if (value.empty()) return invalid("ids", fmt::format("Give from 1 to {} ids, separated by commas", kIdsParamMax));
  std::vector<std::string> ids;
  // Every piece between commas, empty ones too ("a," and "a,,b" are refused).
  for (size_t start = 0; start <= value.size();) {
    if (ids.size() == kIdsParamMax)
      return invalid("ids", fmt::format("Give from 1 to {} ids, separated by commas", kIdsParamMax));
    size_t end = std::min(value.find(',', start), value.size());
    std::string id = value.substr(start, end - start);
    if (id.size() > kIdParamBytesMax || !is_valid_id(id, e.id_prefix))
      return invalid("ids", fmt::format("“{}” is not the id of a {}", id.substr(0, kIdParamBytesMax), e.name));
    ids.push_back(std::move(id));
    start = end + 1;
  }
  return ids;
}

Result<analysis::NetworkQuery> parse_network_query(const httplib::Request& req, const std::string& area) {
  analysis::NetworkQuery q;
  q.area_id = area;
  if (req.has_param("at")) {
    q.at = parse_date(req.get_param_value("at"));
    if (!q.at) return invalid("at", "Enter the date as YYYY-MM-DD, for example 2026-06-01");
  }
  if (req.has_param("kind")) {
    std::stringstream kinds(req.get_param_value("kind"));
    std::string k;
    while (std::getline(kinds, k, ',')) q.kinds.insert(k);
  }
  if (req.has_param("evidence")) {
    std::stringstream ways(req.get_param_value("evidence"));
    std::string e;
    while (std::getline(ways, e, ',')) q.evidence.insert(e);
    if (q.evidence.empty()) return invalid("evidence", "Enter one or more kinds of evidence, comma-separated");
  }
  if (req.has_param("min_closeness")) {
    const std::string v = req.get_param_value("min_closeness");
    if (v.size() != 1 || v[0] < '1' || v[0] > '5') return invalid("min_closeness", "Enter a closeness from 1 to 5");
    q.min_closeness = v[0] - '0';
  }
  return q;
}

Result<analysis::MetricRequest> parse_metric_request(const httplib::Request& req) {
  analysis::MetricRequest r;
  if (req.has_param("exact")) {
    const std::string v = req.get_param_value("exact");
    if (v != "true" && v != "false") return invalid("exact", "Enter exact=true or exact=false");
    r.exact = v == "true";
  }
  return r;
}

}  // namespace kith::api

namespace kith::api {
namespace {

// Digits only (no sign, no spaces), and within uint64_t.
std::optional<uint64_t> whole_number(const std::string& v) {
  if (v.empty() || v.size() > 20) return std::nullopt;
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

}  // namespace

Result<analysis::LayoutRequest> parse_layout_request(const httplib::Request& req) {
  analysis::LayoutRequest r;
  if (req.has_param("seed")) {
    auto seed = whole_number(req.get_param_value("seed"));
    if (!seed) return invalid("seed", "Enter the seed as a whole number, 0 or more");
    r.seed = *seed;
  }
  if (req.has_param("iterations")) {
    auto it = whole_number(req.get_param_value("iterations"));
    if (!it || *it < 1 || *it > analysis::kLayoutIterationsMax)
      return invalid("iterations", "Enter a number of iterations from 1 to " +
                                       std::to_string(analysis::kLayoutIterationsMax));
    r.iterations = static_cast<uint32_t>(*it);
  }
  auto community = parse_community(req);
  if (!community) return community.error();
  r.community = *community;
  return r;
}

Result<std::optional<uint64_t>> parse_community(const httplib::Request& req) {
  if (!req.has_param("community")) return std::optional<uint64_t>();
  auto k = whole_number(req.get_param_value("community"));
  if (!k) return invalid("community", "Enter a community number from the aggregated layout");
  return std::optional<uint64_t>(*k);
}

}  // namespace kith::api
