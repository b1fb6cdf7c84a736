#pragma once
// SQL fragments shared by repository.cpp and bulk.cpp (not for other layers).
// Tables are keyed by an integer `id`; records show the public id
// (`public_id`) and references as public ids, so every read of a reference
// and every write of one translates here, in SQL.
#include <string>
#include <string_view>

#include "kith/model/schema.hpp"

namespace kith::store::sql {

// The integer id of the area whose public id is bound at this `?`.
inline constexpr std::string_view kAreaRow = "(SELECT id FROM areas WHERE public_id = ?)";

// The table a ref field points into ("people" for a person).
inline std::string ref_table(const model::Field& f) {
  const model::Entity* target = model::find_entity_by_name(f.ref);
  return target ? std::string(target->plural) : std::string();
}

// The integer id of the `table` row whose public id is bound at this `?`.
inline std::string row_of(std::string_view table) {
  return "(SELECT id FROM " + std::string(table) + " WHERE public_id = ?)";
}

// A field as a record shows it, read from alias `x`: references as public ids.
inline std::string read_field(const model::Field& f) {
  if (f.type == model::FieldType::ref)
    return "(SELECT public_id FROM " + ref_table(f) + " WHERE id = x." + std::string(f.name) + ")";
  return "x." + std::string(f.name);
}

// The value written for a field from one bound parameter: references given as public ids.
inline std::string write_field(const model::Field& f) {
  return f.type == model::FieldType::ref ? row_of(ref_table(f)) : std::string("?");
}

// The area's public id of the row at alias `x`.
inline constexpr std::string_view kReadArea = "(SELECT public_id FROM areas WHERE id = x.area_id)";

}  // namespace kith::store::sql
