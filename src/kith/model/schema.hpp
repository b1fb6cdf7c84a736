#pragma once
// The community register's entities, described once. Validation (domain/),
// storage (this folder), the JSON API, OpenAPI and the CSV importers all read
// these descriptors, so a field is added in one place.
#include <span>
#include <string_view>
#include <vector>

namespace kith::model {

enum class FieldType {
  text,         // UTF-8 string, max_len bytes
  integer,      // 64-bit, [min, max]
  real,         // double, [min, max]
  boolean,      // stored 0/1
  date,         // "YYYY-MM-DD"
  enumeration,  // one of `choices`
  tags,         // JSON array of short strings (of `choices` when given); stored as JSON text
  bbox,         // [west, south, east, north] in WGS84 degrees; stored as JSON text
  ref,          // id of another entity (`ref`) in the same area
};

struct Field {
  std::string_view name{};  // JSON name and column name
  FieldType type = FieldType::text;
  bool required = false;
  std::vector<std::string_view> choices{};
  double min = 0, max = 0;            // integer/real range when min < max
  size_t max_len = 0;                 // text bytes, tags count
  std::string_view ref{};             // entity name for FieldType::ref
  bool immutable = false;             // fixed at creation (tie endpoints)
  std::string_view default_json{};    // JSON literal used when absent on create
  std::string_view doc{};             // one line for OpenAPI and the README
};

struct Entity {
  std::string_view name{};       // "person"
  std::string_view plural{};     // "people": table name and URL segment
  std::string_view id_prefix{};  // "pe"
  std::vector<Field> fields{};   // user fields; common columns are below
  std::string_view kind_field{}; // ?kind= filters this field ("" = no filter)
  std::string_view tag_field{};  // ?tag= matches an element of this tags field
  std::vector<std::string_view> text_fields{};  // ?q= searches these (case and marks folded)
  bool dated = false;          // has valid_from/valid_to; ?at= keeps rows valid that day
  bool area_scoped = true;     // false only for the area itself
  std::vector<std::string_view> person_refs{};  // ?person= matches any of these

  const Field* field(std::string_view n) const;  // nullptr when the entity has no such field
  size_t index_of(std::string_view n) const;     // its position in `fields`; it must exist (asserted)
};

// Columns every table has besides `fields` (and area_id when area_scoped):
//   id (integer row key), public_id TEXT UNIQUE (a record's "id"),
//   external_id TEXT NULL, revision BIGINT, created_at TEXT, updated_at TEXT,
//   deleted_at TEXT NULL; search_key TEXT when text_fields is not empty.
// area_id and ref fields hold integer row ids; records show public ids.
// areas also has register_revision BIGINT, bumped by every write in the area.

const Entity& areas();
const Entity& people();
const Entity& groups();
const Entity& places();
const Entity& ties();
const Entity& affiliations();
std::span<const Entity* const> all_entities();      // in dependency order
const Entity* find_entity(std::string_view plural);  // nullptr when unknown
const Entity* find_entity_by_name(std::string_view name);

// Shared enumerations, also used by the demo generator and importers.
extern const std::vector<std::string_view> kFrequencies;   // daily, weekly, monthly, less_often
extern const std::vector<std::string_view> kTieKinds;
extern const std::vector<std::string_view> kGroupKinds;
extern const std::vector<std::string_view> kPlaceKinds;
extern const std::vector<std::string_view> kBirthBands;

}  // namespace kith::model
