#include "kith/api/codec/import_json.hpp"

#include "kith/api/error.hpp"

namespace kith::api::codec {

using nlohmann::json;

json row_error_json(const Error& e) {
  return json{{"file", e.file.empty() ? json(nullptr) : json(e.file)},
              {"line", e.line > 0 ? json(e.line) : json(nullptr)},
              {"column", e.field.empty() ? json(nullptr) : json(e.field)},
              {"reason", e.reason.empty() ? e.message : e.reason},
              {"message", e.message}};
}

namespace {
json errors_json(const std::vector<Error>& errors) {
  json out = json::array();
  for (const auto& e : errors) out.push_back(row_error_json(e));
  return out;
}
}  // namespace

json import_preview_json(const exchange::ImportReport& r) {
  json out = r.to_json();
  out["preview"] = true;
  out["can_import"] = r.errors_total == 0;
  out["errors"] = errors_json(r.errors);
  out["errors_total"] = r.errors_total;
  return out;
}

json import_refused_json(const std::vector<Error>& errors, int64_t errors_total) {
  KITH_ASSERT(!errors.empty());
  Error first = errors.front();
  if (errors_total > 1)
    first.message = std::to_string(errors_total) + " rows have problems, so nothing was imported. The first: " +
                    first.message;
  json body = error_json(first);
  body["error"]["errors"] = errors_json(errors);
  body["error"]["errors_total"] = errors_total;
  return body;
}

nlohmann::json netcanvas_import_json(const domain::survey::NetcanvasImport& r) {
  return nlohmann::json{{"area_id", r.area_id},
                        {"wave_id", r.wave_id},
                        {"interviews", r.interviews},
                        {"already_in_wave", r.already_in_wave},
                        {"names", r.names},
                        {"alter_ties_left_out", r.alter_ties_left_out},
                        {"other_nodes_left_out", r.other_nodes_left_out}};
}

}  // namespace kith::api::codec
