#pragma once
// The folded text a ?q= search matches: model::fold_for_search of the
// entity's text_fields, joined. Only entities with text_fields store one
// (column search_key, schema 2); every write of such a record writes it.
#include <nlohmann/json.hpp>
#include <string>

#include "kith/core/result.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

bool has_search_key(const model::Entity& e);
std::string search_key(const model::Entity& e, const FieldValues& fields);
std::string search_key(const model::Entity& e, const nlohmann::json& record);
// Recomputes search_key for every row of e's table (migration 2); rows written.
Result<int64_t> fill_search_keys(Connection& c, const model::Entity& e);

}  // namespace kith::store
