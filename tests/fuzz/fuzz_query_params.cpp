// Query parameters as the API parses them: the query string decoded as the
// server does (httplib), checked against a route's documented parameters
// (api::check_query), then parsed (api::parse_list_query for lists: limit,
// cursor, kind, tag, q, person, at; api::parse_network_query for the network
// routes: at, kind, min_closeness). The first input byte picks the route.
// Besides not crashing: every accepted value is within its documented range and
// says what the parameter said (a date prints back as the text it came from).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "kith/api/request_parse.hpp"
#include "kith/api/routes.hpp"
#include "kith/core/time.hpp"

namespace {

using namespace kith;

const std::vector<const api::Route*>& query_routes() {
  static const std::vector<const api::Route*> found = [] {
    std::vector<const api::Route*> out;
    for (const auto& r : api::routes())
      if (r.op == api::Op::list || r.op == api::Op::network || r.op == api::Op::network_summary ||
          r.op == api::Op::ego)
        out.push_back(&r);
    return out;
  }();
  return found;
}

std::string param(const httplib::Request& req, const char* key) {
  return req.has_param(key) ? req.get_param_value(key) : std::string();
}

// The number a text of decimal digits says (leading zeros allowed), -1 otherwise.
long digits_value(const std::string& s) {
  if (s.empty()) return -1;
  long v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
    if (v > 1'000'000'000) return -1;
  }
  return v;
}

void check_date(const httplib::Request& req, const std::optional<Date>& at) {
  FUZZ_CHECK(at.has_value() == req.has_param("at"), "?at= is parsed exactly when given");
  if (at) {
    FUZZ_CHECK(at->str() == param(req, "at"), "a parsed date prints back as given");
    FUZZ_CHECK(parse_date(at->str()) == at, "a printed date parses back");
  }
}

void check_list(const api::Route& r, const httplib::Request& req) {
  const model::Entity& e = *r.entity;
  auto q = api::parse_list_query(e, "area", req);
  if (!q) {
    FUZZ_CHECK(!q.error().field.empty(), "a refused parameter is named");
    return;
  }
  FUZZ_CHECK(q->limit >= 1 && q->limit <= store::kPageLimitMax, "limit in range");
  if (req.has_param("limit")) FUZZ_CHECK(q->limit == digits_value(param(req, "limit")), "limit as given");
  FUZZ_CHECK(q->after == param(req, "cursor") && q->after.size() <= api::kIdParamBytesMax, "cursor");
  FUZZ_CHECK(q->tag.size() <= api::kQueryTextBytesMax && q->text.size() <= api::kQueryTextBytesMax, "text limits");
  FUZZ_CHECK(q->person_id.size() <= api::kIdParamBytesMax, "person limit");
  FUZZ_CHECK(!req.has_param("tag") || !q->tag.empty(), "a tag filter is never empty");
  FUZZ_CHECK(!req.has_param("person") || !q->person_id.empty(), "a person filter is never empty");
  if (req.has_param("kind")) {
    const auto& choices = e.field(e.kind_field)->choices;
    bool known = false;
    for (auto c : choices) known = known || c == q->kind;
    FUZZ_CHECK(known, "kind is one of the choices");
  }
  check_date(req, q->at);
}

void check_network(const httplib::Request& req) {
  auto q = api::parse_network_query(req, "area");
  if (!q) {
    FUZZ_CHECK(!q.error().field.empty(), "a refused parameter is named");
    return;
  }
  FUZZ_CHECK(q->min_closeness >= 1 && q->min_closeness <= 5, "min_closeness in range");
  if (req.has_param("min_closeness"))
    FUZZ_CHECK(std::to_string(q->min_closeness) == param(req, "min_closeness"), "min_closeness as given");
  for (const auto& k : q->kinds) FUZZ_CHECK(k.find(',') == std::string::npos, "kinds are split at commas");
  check_date(req, q->at);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& routes = query_routes();
  const api::Route& r = *routes[data[0] % routes.size()];
  httplib::Request req;
  httplib::detail::parse_query_text(std::string(reinterpret_cast<const char*>(data) + 1, size - 1), req.params);
  if (!api::check_query(r, req)) return 0;
  for (const auto& [key, value] : req.params)
    FUZZ_CHECK(req.get_param_value_count(key) == 1, "each parameter at most once");
  if (r.op == api::Op::list) check_list(r, req);
  else check_network(req);
  // ?limit= on its own, for every text.
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (auto limit = store::parse_page_limit(text)) FUZZ_CHECK(*limit == digits_value(text), "limit is plain digits");
  if (auto d = parse_date(text)) FUZZ_CHECK(d->str() == text, "dates are exactly YYYY-MM-DD");
  return 0;
}
