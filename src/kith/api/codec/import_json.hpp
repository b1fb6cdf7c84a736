#pragma once
// What an import did, or would do (a preview), and every problem in its rows,
// as the API shows them.
#include <nlohmann/json.hpp>

#include "kith/domain/survey/netcanvas.hpp"
#include "kith/exchange/exchange.hpp"

namespace kith::api::codec {

// One problem: {"file", "line" (null for a JSON record), "column" (a CSV
// header or a JSON field path; null when the problem is the whole row),
// "reason", "message"}; message is the full sentence, reason without where.
nlohmann::json row_error_json(const Error& e);

// The preview's answer: the report's counts, "preview": true, "can_import"
// (no problems), "errors" (at most exchange::kRowErrorsKept) and "errors_total".
nlohmann::json import_preview_json(const exchange::ImportReport& r);

// A refused import's error body: the first problem as the usual error (code
// invalid, message, field, line), and under it "errors" and "errors_total".
nlohmann::json import_refused_json(const std::vector<Error>& errors, int64_t errors_total);

// A Network Canvas import: {area_id, wave_id, interviews, already_in_wave,
// names, alter_ties_left_out, other_nodes_left_out}.
nlohmann::json netcanvas_import_json(const domain::survey::NetcanvasImport& r);

}  // namespace kith::api::codec
