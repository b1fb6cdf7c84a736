#include "kith/model/schema_doc.hpp"

#include <fmt/format.h>

#include "kith/model/schema.hpp"

namespace kith::model {
namespace {

std::string type_words(const Field& f) {
  switch (f.type) {
    case FieldType::text: return fmt::format("text, up to {} bytes", f.max_len);
    case FieldType::integer: return fmt::format("whole number {}–{}", f.min, f.max);
    case FieldType::real:
      return f.min < f.max ? fmt::format("number {}–{}", f.min, f.max) : std::string("number");
    case FieldType::boolean: return "true or false";
    case FieldType::date: return "date YYYY-MM-DD";
    case FieldType::enumeration: return "one of " + fmt::format("`{}`", fmt::join(f.choices, "`, `"));
    case FieldType::tags:
      return f.choices.empty() ? fmt::format("list of up to {} short tags", f.max_len)
                               : "list of " + fmt::format("`{}`", fmt::join(f.choices, "`, `"));
    case FieldType::bbox: return "[west, south, east, north]";
    case FieldType::ref: return fmt::format("id of a {} in the same area", f.ref);
  }
  return "";
}

std::string entity_section(const Entity& e) {
  std::string out = fmt::format("## {} (`/{}`)\n\n", e.name, e.plural);
  out += "| field | type | required | default | meaning |\n|---|---|---|---|---|\n";
  for (const auto& f : e.fields) {
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", f.name, type_words(f), f.required ? "yes" : "no",
                       f.default_json.empty() ? "" : fmt::format("`{}`", f.default_json),
                       f.immutable ? fmt::format("{} (fixed once created)", f.doc) : std::string(f.doc));
  }
  std::string filters;
  if (!e.kind_field.empty()) filters += fmt::format(" `kind` (matches `{}`),", e.kind_field);
  if (!e.tag_field.empty()) filters += fmt::format(" `tag` (an element of `{}`),", e.tag_field);
  if (!e.text_fields.empty()) filters += fmt::format(" `q` (text in `{}`),", fmt::join(e.text_fields, "`, `"));
  if (!e.person_refs.empty()) filters += " `person`,";
  if (e.dated) filters += " `at` (valid on that day),";
  if (!filters.empty()) {
    filters.pop_back();
    out += fmt::format("\nList filters:{}.\n", filters);
  }
  return out + "\n";
}

}  // namespace

std::string data_model_markdown() {
  std::string out =
      "# The community register\n\n"
      "Generated from `src/kith/model/schema.cpp` (the unit test `SchemaDoc.MatchesDocs` fails when\n"
      "this file is out of date; regenerate with `KITH_UPDATE_DOCS=1 build/kith_unit_tests\n"
      "--gtest_filter=SchemaDoc.*`).\n\n"
      "Every record also has `id` (opaque, stable), `external_id` (the id in an imported file),\n"
      "`revision` (send it back in a PATCH to be told if someone else changed the record meanwhile),\n"
      "`created_at` and `updated_at`; records inside an area have `area_id`. Deleting is soft:\n"
      "deleted records disappear from lists and reads, and deleting a person, group or place also\n"
      "ends the ties and affiliations that point at it. Areas also have `register_revision`, which\n"
      "goes up by one with every change in the area.\n\n"
      "Consent (`model/consent.hpp`): a person whose `consent_status` is `refused` or `withdrawn`,\n"
      "or whose consent is `given` for named scopes that do not include `research`, is left out of\n"
      "every analysis and export from that moment; their record and ties stay in the register.\n"
      "Consent `not_asked`, or `given` with no scope recorded, leaves the person in.\n\n"
      "Lists are paged: `limit` (1–500, default 50) and `cursor` (from `next_cursor`).\n\n";
  for (const Entity* e : all_entities()) out += entity_section(*e);
  return out;
}

}  // namespace kith::model
