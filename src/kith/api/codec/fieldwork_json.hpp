#pragma once
// The fieldwork report (domain/survey/fieldwork.hpp) as JSON, for the API's
// GET …/survey/waves/{wave}/fieldwork. A share is {"count", "of", "value"}:
// value null when there is nothing to divide (no household visited yet).
#include <nlohmann/json.hpp>

#include "kith/domain/survey/fieldwork.hpp"

namespace kith::api::codec {

nlohmann::json fieldwork_json(const domain::survey::FieldworkReport& r);

}  // namespace kith::api::codec
