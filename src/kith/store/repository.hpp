#pragma once
// All SQL about the register lives here, written once for both engines and
// driven by the descriptors in schema.hpp. Callers hold the transaction
// (Store::write/read) and pass its connection in.
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/core/time.hpp"
#include "kith/store/connection.hpp"
#include "kith/model/actor.hpp"
#include "kith/model/schema.hpp"

namespace kith::store {

using json = nlohmann::json;

// A column as JSON: null stays null, anything else its text.
json json_text_or_null(const Value& v);

inline constexpr int kPageLimitMax = 500;  // every list has a ceiling
inline constexpr size_t kOnlyIdsMax = 1000;  // ListQuery::only_ids: one user's areas
inline constexpr int kPageLimitDefault = 50;

// The one check of a page limit, and its one message: every layer that takes
// a limit calls these. check_page_limit for a number, parse_page_limit for the
// text of a request parameter.
Result<int> check_page_limit(int64_t limit);
Result<int> parse_page_limit(std::string_view text);

// The conflict message for an update that lost a race (stale `revision`).
inline constexpr std::string_view kStaleRevision = "This record was changed by someone else; reload it and try again";

struct ListQuery {
  std::string area_id;    // required for area-scoped entities
  std::string kind;       // entity.kind_field equals this
  std::string tag;        // entity.tag_field contains this element
  std::string text;       // case-insensitive substring of any entity.text_fields
  std::string person_id;  // any of entity.person_refs equals this
  std::string group_id;   // affiliations with this group (public id)
  std::string place_id;   // affiliations at this place (public id)
  std::string consent;    // people whose consent_status is this
  std::optional<Date> at; // dated entities valid on this day (NULL bounds are open)
  std::string after;      // keyset cursor: rows with id > after, in id order
  // Only these records (by public id), when set: the areas a user holds a
  // role in. An empty list matches nothing.
  std::optional<std::vector<std::string>> only_ids;
  int limit = kPageLimitDefault;  // 1..kPageLimitMax
};

// How many people of a list query's people hold each consent status, and of
// those who gave consent, how many gave it for each use (a person counts once
// for every use ticked). Every status and use of the model is a key, zero
// when none.
struct ConsentCounts {
  uint64_t people = 0;
  std::map<std::string, uint64_t> by_status;
  std::map<std::string, uint64_t> given_for;
};

struct Page {
  std::vector<json> items;
  std::string next_cursor;  // empty when this is the last page
};

// One row of the audit log as written: who acted (and from where), what
// they did to which record, and whom it is about. Empty strings are stored
// as NULL (not known, or not about one).
struct AuditEntry {
  std::string actor;           // the username; "local" or "cli" from the command line
  std::string user_id;         // the acting account's public id (us_…)
  std::string route;           // the API route template, e.g. "GET /api/v1/areas/{area}/people/{id}"
  std::string client_address;  // the peer address the server saw
  std::string action;          // create, read, list, update, delete, import, export, network, log_in, …
  std::string entity;          // person, tie, affiliation, area, user, …
  std::string entity_id;       // the record's public id
  std::string area_id;         // the area whose register this is about
  std::string person_id;       // the person the row is about (a tie's source)
  std::string other_person_id; // a tie's target: the row is about both ends
  std::string fields;          // reads: the comma-separated field names returned; updates: those changed
  std::string detail;          // free text or JSON; never a password, token or field value
};

// The entry for `who` doing `action` to one record: actor ("unknown" when the
// actor has no name), user, route and address copied from the actor.
AuditEntry audit_entry(const model::Actor& who, std::string_view action, std::string_view entity,
                       std::string_view entity_id, std::string_view area_id);

// An audit row as read back: its place in the log and when it was written.
struct AuditRow {
  int64_t seq = 0;   // grows by one per row, across all areas
  std::string at;    // "2026-11-23T00:36:01Z"
  AuditEntry entry;
};

// Which audit rows to read, newest first. Every bound is optional but the area.
struct AuditFilter {
  std::string area_id;    // required
  std::string person_id;  // person_id or other_person_id equals this
  std::string user_id;    // user_id equals this
  std::string at_from;    // at >= this timestamp text (inclusive); empty: open
  std::string at_until;   // at < this timestamp text (exclusive); empty: open
  int64_t before_seq = 0; // keyset cursor: seq < this; 0: from the newest
  int limit = kPageLimitDefault;  // 1..kPageLimitMax
};

struct AuditRowPage {
  std::vector<AuditRow> rows;   // newest first
  int64_t next_before_seq = 0;  // the next page's before_seq; 0 when this is the last page
};

// A record is a JSON object: every field of the entity (null when unset, tags
// and bbox as arrays, booleans as true/false) plus the common columns id,
// area_id (when scoped), external_id, revision, created_at, updated_at, and
// for areas register_revision.
class Repository {
 public:
  explicit Repository(Connection& c) : c_(c) {}

  // not_found when absent or soft-deleted (unless include_deleted).
  Result<json> get(const model::Entity& e, std::string_view id, bool include_deleted = false);
  // conflict (field "external_id") when the external id is taken in the area.
  Result<void> insert(const model::Entity& e, const json& record);
  // Writes all fields of `record` where id matches and revision equals
  // record["revision"]; bumps revision and updated_at. conflict when stale.
  Result<json> update(const model::Entity& e, const json& record);
  Result<void> soft_delete(const model::Entity& e, std::string_view id, std::string_view when);
  // Soft-deletes ties/affiliations that reference a person, group or place.
  Result<int64_t> soft_delete_dependents(const model::Entity& e, std::string_view id, std::string_view when);
  Result<Page> list(const model::Entity& e, const ListQuery& q);
  // The consent of the people the query matches (its area, text and other
  // filters; the cursor and limit are ignored), counted by the database.
  Result<ConsentCounts> consent_counts(ListQuery q);
  Result<std::optional<std::string>> find_external(const model::Entity& e, std::string_view area_id,
                                                   std::string_view external_id);
  // The area of a live record, or not_found.
  Result<std::string> area_of(const model::Entity& e, std::string_view id);
  // Adds one to the area's register_revision (asserted to grow).
  Result<void> bump_register_revision(std::string_view area_id);
  Result<int64_t> register_revision(std::string_view area_id);
  // Ties and affiliations of the person not soft-deleted.
  Result<int64_t> live_links_of_person(std::string_view person_id);
  // Appends one row to the audit log in the caller's transaction (so a
  // rolled-back write leaves no row); seq is the next number.
  Result<void> audit(const AuditEntry& entry);
  // At most f.limit rows matching f, seq descending.
  Result<AuditRowPage> audit_rows(const AuditFilter& f);

 private:
  // Prepare (cached), bind in order, run to completion; rows changed.
  Result<int64_t> execute_with(const std::string& sql, const std::vector<Value>& params);
  Connection& c_;
};

}  // namespace kith::store
