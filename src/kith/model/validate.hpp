#pragma once
// Checks a request body against an entity's descriptor. Every failure names
// the field and says what to do ("Enter a closeness from 1 to 5").
#include <nlohmann/json.hpp>

#include "kith/core/result.hpp"
#include "kith/model/schema.hpp"

namespace kith::model {

using json = nlohmann::json;

// A full set of user fields (defaults filled, unknown fields refused, types,
// enums, ranges, lengths and single-record rules checked). `body` may also
// carry "external_id". Cross-record rules (references) are Register's job.
Result<json> validate_create(const model::Entity& e, const json& body);
// `current` is a stored record; returns it with `patch` merged and checked.
// Immutable fields may be repeated unchanged but not altered. "revision" in
// the patch is kept for the optimistic check.
Result<json> validate_patch(const model::Entity& e, const json& current, const json& patch);

// `s` without leading and trailing ASCII white space (space, tab, CR, LF, VT, FF).
std::string trim(std::string_view s);

}  // namespace kith::model
