#include "kith/api/codec/audit_json.hpp"

namespace kith::api::codec {
namespace {

using nlohmann::json;

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// "a,b,c" as ["a","b","c"]: field names never hold commas.
json field_list(const std::string& fields) {
  json out = json::array();
  size_t start = 0;
  while (start < fields.size()) {
    size_t comma = fields.find(',', start);
    out.push_back(fields.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Detail is JSON for most rows and plain words for a few older ones.
json detail_value(const std::string& detail) {
  if (detail.empty()) return nullptr;
  json parsed = json::parse(detail, nullptr, false);
  return parsed.is_discarded() ? json(detail) : parsed;
}

}  // namespace

json audit_row_json(const store::AuditRow& row) {
  const store::AuditEntry& e = row.entry;
  return {{"seq", row.seq},
          {"at", row.at},
          {"actor", e.actor},
          {"user_id", text_or_null(e.user_id)},
          {"route", text_or_null(e.route)},
          {"client_address", text_or_null(e.client_address)},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", text_or_null(e.entity_id)},
          {"area_id", text_or_null(e.area_id)},
          {"person_id", text_or_null(e.person_id)},
          {"other_person_id", text_or_null(e.other_person_id)},
          {"fields", field_list(e.fields)},
          {"detail", detail_value(e.detail)}};
}

}  // namespace kith::api::codec
