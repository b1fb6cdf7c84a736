// Request bodies as the API decodes them: api::parse_json_object, then
// model::validate_create and validate_patch for every entity. Besides not
// crashing: validation is idempotent (a validated record validates to itself),
// an empty patch changes nothing, and whatever a patch accepts is a record
// validate_create accepts too (create and update agree on the rules).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "kith/api/request_parse.hpp"
#include "kith/exchange/seeded_id.hpp"
#include "kith/model/schema.hpp"
#include "kith/model/validate.hpp"

namespace {

using nlohmann::json;
using namespace kith;
using exchange::seeded_id;

std::string dumped(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// A valid create body per entity: the record that patches are applied to.
json sample_body(const model::Entity& e) {
  const std::string p1 = seeded_id("pe", 7, 1), p2 = seeded_id("pe", 7, 2), g1 = seeded_id("gr", 7, 3);
  if (e.name == "area") return {{"name", "Hyde Park"}};
  if (e.name == "person") return {{"display_name", "Ada"}};
  if (e.name == "group") return {{"name", "Knit club"}, {"kind", "club"}};
  if (e.name == "place") return {{"name", "Library"}, {"kind", "library"}};
  if (e.name == "tie")
    return {{"source_id", p1}, {"target_id", p2}, {"kind", "friend"}, {"closeness", 3}, {"frequency", "weekly"}};
  if (e.name == "affiliation") return {{"person_id", p1}, {"group_id", g1}, {"role", "member"}};
  return json::object();
}

// What the store would return: the validated fields plus the server's columns.
json stored(const model::Entity& e, json rec) {
  rec["id"] = seeded_id(e.id_prefix, 7, 99);
  if (e.area_scoped) rec["area_id"] = seeded_id("ar", 7, 98);
  else rec["register_revision"] = 0;
  rec["revision"] = 1;
  rec["created_at"] = "2026-01-01T00:00:00Z";
  rec["updated_at"] = "2026-01-01T00:00:00Z";
  return rec;
}

// The user fields (and external_id) of a record.
json user_fields(const model::Entity& e, const json& rec) {
  json out = json::object();
  for (const auto& f : e.fields)
    if (rec.contains(f.name)) out[std::string(f.name)] = rec[std::string(f.name)];
  if (rec.contains("external_id")) out["external_id"] = rec["external_id"];
  return out;
}

void check_entity(const model::Entity& e, const json& body) {
  auto created = model::validate_create(e, body);
  if (created) {
    FUZZ_CHECK(created->is_object(), "a record is an object");
    auto again = model::validate_create(e, *created);
    FUZZ_CHECK(again, "a validated record validates again");
    FUZZ_CHECK(*again == *created, ("validation is idempotent: " + dumped(*created) + " -> " + dumped(*again)).c_str());
    json rec = stored(e, *created);
    auto unchanged = model::validate_patch(e, rec, json::object());
    FUZZ_CHECK(unchanged && *unchanged == rec, "an empty patch changes nothing");
  }
  auto base = model::validate_create(e, sample_body(e));
  FUZZ_CHECK(base, "the sample record is valid");
  auto patched = model::validate_patch(e, stored(e, *base), body);
  if (patched) {
    json fields = user_fields(e, *patched);
    auto as_create = model::validate_create(e, fields);
    FUZZ_CHECK(as_create, ("a patched record is one create accepts: " + dumped(fields) + ": " +
                           (as_create ? std::string() : as_create.error().message)).c_str());
    FUZZ_CHECK(*as_create == fields, "a patched record is already normalised");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto body = api::parse_json_object(text);
  if (!body) {
    FUZZ_CHECK(!body.error().message.empty(), "an error says what is wrong");
    return 0;
  }
  FUZZ_CHECK(body->is_object(), "a parsed body is an object");
  for (const model::Entity* e : model::all_entities()) check_entity(*e, *body);
  return 0;
}
