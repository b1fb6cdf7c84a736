#pragma once
// The validated scales as the API shows them (GET /api/v1/survey/scales): what
// a device needs to ask each item in its publisher's wording.
#include <nlohmann/json.hpp>

namespace kith::api::codec {

// {"items": [{"name", "title", "source", "preamble", "items": [wording…],
//  "answer_min", "answer_max", "options": [{"code", "label"}], "languages": ["en"]}]}
nlohmann::json scales_json();

}  // namespace kith::api::codec
