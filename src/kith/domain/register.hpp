#pragma once
// The community register's operations: every one validates, checks that
// references stay inside the area, writes in one transaction and bumps the
// area's register revision. Reads of people are audited.
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/repository.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/store.hpp"

namespace kith::domain {

using json = nlohmann::json;

using model::Actor;

class Register {
 public:
  explicit Register(store::Store& s) : store_(s) {}

  // area_id is empty for areas themselves. Returns the stored record.
  Result<json> create(const model::Entity& e, std::string_view area_id, const json& body, const Actor& who);
  Result<json> get(const model::Entity& e, std::string_view area_id, std::string_view id, const Actor& who);
  Result<json> update(const model::Entity& e, std::string_view area_id, std::string_view id, const json& patch,
                      const Actor& who);
  // Soft delete; deleting a person, group or place also ends the ties and
  // affiliations that point at it.
  Result<void> remove(const model::Entity& e, std::string_view area_id, std::string_view id, const Actor& who);
  Result<store::Page> list(const model::Entity& e, const store::ListQuery& q, const Actor& who);
  // Where the area's consent stands: people by consent status and use, of
  // those the query's text matches. Counts only, so not audited as a read.
  Result<store::ConsentCounts> consent_counts(const store::ListQuery& q);

  store::Store& store() { return store_; }

 private:
  // One audit row in its own small transaction (reads of personal data).
  Result<void> record_access(const store::AuditEntry& entry);
  store::Store& store_;
};

// The text at `key` of a record, or "" when absent or not text.
std::string string_at(const nlohmann::json& rec, std::string_view key);

// The names of the fields the records hold, sorted and comma-separated: what
// an audit row says was seen, never the values.
std::string field_names(std::span<const nlohmann::json> records);

// Every record the list query matches, read page by page; too_large (naming
// the entity) past `max` records. Callers hold the transaction.
Result<std::vector<nlohmann::json>> list_every_page(store::Repository& repo, const model::Entity& e,
                                                    store::ListQuery q, size_t max);

// A new record of `e` in the area, inside the caller's transaction: `body`
// checked as on create, stamped with a new id, the area, revision 1 and
// `now`, and inserted; returns its id. References and the audit row are the
// caller's (they know what the record is for).
Result<std::string> insert_new_record(store::Repository& repo, const model::Entity& e, std::string_view area_id,
                                      const nlohmann::json& body, std::string_view now);

// Every live tie or affiliation (`links`) of the person in the area, read
// page by page. Callers hold the transaction.
Result<std::vector<nlohmann::json>> live_links_of(store::Repository& repo, const model::Entity& links,
                                                  std::string_view area_id, std::string_view person_id);

}  // namespace kith::domain
