#pragma once
// The OpenAPI 3.0 document, generated from the route table (routes.hpp) and the
// entity descriptors (store/schema.hpp): paths, parameters, bodies and one
// schema per entity with its types, enums, ranges and required fields.
#include <nlohmann/json.hpp>
#include <string>

#include "kith/model/schema.hpp"

namespace kith::api {

const nlohmann::json& openapi_document();

// "Person", "Tie": the components.schemas name of an entity's record.
std::string schema_name(const model::Entity& e);

}  // namespace kith::api
