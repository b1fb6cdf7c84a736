#include "kith/model/schema.hpp"

#include <array>

#include "kith/core/assert.hpp"

namespace kith::model {

const std::vector<std::string_view> kFrequencies = {"daily", "weekly", "monthly", "less_often"};
const std::vector<std::string_view> kTieKinds = {"family", "friend", "neighbour", "work_study",
                                                 "acquaintance", "professional_support"};
const std::vector<std::string_view> kGroupKinds = {"club", "faith_group", "charity", "public_service",
                                                   "business", "informal_group", "mutual_aid_group"};
const std::vector<std::string_view> kPlaceKinds = {"community_centre", "library", "pub", "cafe", "park",
                                                   "school_gate", "gp_surgery", "place_of_worship", "shop"};
const std::vector<std::string_view> kBirthBands = {"before_1930", "1930s", "1940s", "1950s", "1960s", "1970s",
                                                   "1980s", "1990s", "2000s", "2010s", "2020s"};

namespace {

const std::vector<std::string_view> kConsentStatus = {"not_asked", "given", "refused", "withdrawn"};
const std::vector<std::string_view> kConsentScopes = {"research", "timebank", "referrals", "suggestions"};
const std::vector<std::string_view> kNamedBy = {"source", "target", "both"};
const std::vector<std::string_view> kEvidence = {"survey", "timebank_exchange", "referral", "support_circle",
                                                 "manual_entry"};
const std::vector<std::string_view> kRoles = {"member", "volunteer", "organiser", "visitor"};

Field text(std::string_view n, size_t max_len, bool required = false, std::string_view doc = {}) {
  return Field{.name = n, .type = FieldType::text, .required = required, .max_len = max_len, .doc = doc};
}
Field tags(std::string_view n, std::string_view doc, std::vector<std::string_view> choices = {}) {
  return Field{.name = n, .type = FieldType::tags, .choices = std::move(choices), .max_len = 50,
               .default_json = "[]", .doc = doc};
}
Field enumeration(std::string_view n, const std::vector<std::string_view>& choices, bool required,
                  std::string_view def, std::string_view doc) {
  return Field{.name = n, .type = FieldType::enumeration, .required = required, .choices = choices,
               .default_json = def, .doc = doc};
}
Field coord(std::string_view n, double limit, std::string_view doc) {
  return Field{.name = n, .type = FieldType::real, .min = -limit, .max = limit, .doc = doc};
}
Field date(std::string_view n, std::string_view doc) {
  return Field{.name = n, .type = FieldType::date, .doc = doc};
}
Field ref(std::string_view n, std::string_view entity, bool required, std::string_view doc) {
  return Field{.name = n, .type = FieldType::ref, .required = required, .ref = entity, .immutable = true,
               .doc = doc};
}

}  // namespace

const Field* Entity::field(std::string_view n) const {
  for (const auto& f : fields)
    if (f.name == n) return &f;
  return nullptr;
}

size_t Entity::index_of(std::string_view n) const {
  const Field* f = field(n);
  KITH_ASSERT_MSG(f != nullptr, "index_of names a field the entity does not have");
  return static_cast<size_t>(f - fields.data());
}

const Entity& areas() {
  static const Entity e{
      .name = "area", .plural = "areas", .id_prefix = "ar",
      .fields = {text("name", 200, true, "Name of the neighbourhood or programme site"),
                 text("description", 4000),
                 Field{.name = "bbox", .type = FieldType::bbox,
                       .doc = "Bounding box [west, south, east, north] in degrees (WGS84)"}},
      .text_fields = {"name", "description"}, .area_scoped = false};
  return e;
}

const Entity& people() {
  static const Entity e{
      .name = "person", .plural = "people", .id_prefix = "pe",
      .fields = {text("display_name", 200, true, "Name shown to workers, or a pseudonym"),
                 Field{.name = "is_pseudonym", .type = FieldType::boolean, .default_json = "false",
                       .doc = "True when display_name is a pseudonym"},
                 enumeration("birth_band", kBirthBands, false, {}, "Decade of birth"),
                 text("postcode_district", 8, false, "Outward code only, such as LS6 or CF10"),
                 text("household", 100, false, "Household label; people sharing it live together"),
                 tags("interests", "Interests, as short tags"),
                 tags("languages", "Languages spoken"),
                 tags("accessibility_needs", "Access needs to plan around"),
                 text("notes", 4000),
                 enumeration("consent_status", kConsentStatus, false, "\"not_asked\"", "Consent to hold data"),
                 date("consent_date", "Day consent was given, refused or withdrawn"),
                 tags("consent_scope", "What consent covers: research (analyses, exports), timebank, referrals, suggestions (being suggested to others)", kConsentScopes)},
      .tag_field = "interests", .text_fields = {"display_name", "notes", "household"}};
  return e;
}

const Entity& groups() {
  static const Entity e{
      .name = "group", .plural = "groups", .id_prefix = "gr",
      .fields = {text("name", 200, true), enumeration("kind", kGroupKinds, true, {}, "Kind of group"),
                 text("description", 4000), text("contact", 500, false, "How to get in touch"),
                 text("address", 500), coord("lat", 90, "Latitude"), coord("lon", 180, "Longitude"),
                 tags("tags", "Activities and themes")},
      .kind_field = "kind", .tag_field = "tags", .text_fields = {"name", "description"}};
  return e;
}

const Entity& places() {
  static const Entity e{
      .name = "place", .plural = "places", .id_prefix = "pl",
      .fields = {text("name", 200, true), enumeration("kind", kPlaceKinds, true, {}, "Kind of place"),
                 text("description", 4000), text("address", 500), coord("lat", 90, "Latitude"),
                 coord("lon", 180, "Longitude"),
                 text("opening_times", 500, false, "Opening hours, e.g. Mo-Fr 09:00-17:00"),
                 tags("tags", "Activities and themes")},
      .kind_field = "kind", .tag_field = "tags", .text_fields = {"name", "description", "address"}};
  return e;
}

const Entity& ties() {
  static const Entity e{
      .name = "tie", .plural = "ties", .id_prefix = "ti",
      .fields = {ref("source_id", "person", true, "Person who named the tie (or either, when mutual)"),
                 ref("target_id", "person", true, "The other person"),
                 enumeration("kind", kTieKinds, true, {}, "Kind of relationship"),
                 Field{.name = "closeness", .type = FieldType::integer, .required = true, .min = 1, .max = 5,
                       .doc = "Closeness from 1 (distant) to 5 (very close)"},
                 enumeration("frequency", kFrequencies, true, {}, "How often they are in contact"),
                 enumeration("named_by", kNamedBy, false, "\"source\"", "Who named whom"),
                 enumeration("evidence", kEvidence, false, "\"manual_entry\"", "How the tie is known"),
                 date("valid_from", "First day the tie held"), date("valid_to", "Last day the tie held"),
                 text("notes", 2000)},
      .kind_field = "kind", .dated = true, .person_refs = {"source_id", "target_id"}};
  return e;
}

const Entity& affiliations() {
  static const Entity e{
      .name = "affiliation", .plural = "affiliations", .id_prefix = "af",
      .fields = {ref("person_id", "person", true, "The person"),
                 ref("group_id", "group", false, "The group (give this or place_id)"),
                 ref("place_id", "place", false, "The place (give this or group_id)"),
                 enumeration("role", kRoles, true, {}, "Role in the group or at the place"),
                 enumeration("frequency", kFrequencies, false, {}, "How often they take part"),
                 date("valid_from", "First day"), date("valid_to", "Last day"), text("notes", 2000)},
      .kind_field = "role", .dated = true, .person_refs = {"person_id"}};
  return e;
}

std::span<const Entity* const> all_entities() {
  static const std::array<const Entity*, 6> all = {&areas(), &people(), &groups(),
                                                   &places(), &ties(), &affiliations()};
  return all;
}

const Entity* find_entity(std::string_view plural) {
  for (const Entity* e : all_entities())
    if (e->plural == plural) return e;
  return nullptr;
}

const Entity* find_entity_by_name(std::string_view name) {
  for (const Entity* e : all_entities())
    if (e->name == name) return e;
  return nullptr;
}

}  // namespace kith::model
