#include "kith/domain/register.hpp"

#include <cassert>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <utility>

#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"
#include "kith/model/validate.hpp"

namespace kith::domain {
namespace {

using store::Connection;
using model::Entity;
using model::FieldType;
using store::Repository;

const json* member(const json& rec, std::string_view key) {
  auto it = rec.find(key);
  return it == rec.end() ? nullptr : &*it;
}

std::string capitalised(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// "Person pe_…"; the id is shown only when well formed, so whatever arrived
// in a URL is never echoed back.
std::string label(const Entity& e, std::string_view id) {
  std::string out = capitalised(e.name);
  if (is_valid_id(id, e.id_prefix)) out += " " + std::string(id);
  return out;
}

Error missing(const Entity& e, std::string_view id) { return not_found(label(e, id) + " not found"); }

bool is_personal(const Entity& e) { return e.name == model::people().name; }

// Ties and affiliations hang off these, so deleting one ends its dependents.
bool has_dependents(const Entity& e) {
  return e.name == model::people().name || e.name == model::groups().name || e.name == model::places().name;
}

// The audit entry for a write or read of one record, naming the people it is
// about: a person record is about that person; a tie about both its ends
// (source in person_id, target in other_person_id); an affiliation about its
// person. References cannot change once made, so `rec` (the record after
// the change, before it for a delete) names the same people as ever.
store::AuditEntry entry_for(const Actor& who, std::string_view action, const Entity& e, std::string_view id,
                            std::string_view area_id, const json& rec) {
  KITH_ASSERT_MSG(e.person_refs.size() <= 2, "an audit row names at most two people");
  store::AuditEntry entry = store::audit_entry(who, action, e.name, id, area_id);
  if (is_personal(e)) entry.person_id = std::string(id);
  if (!e.person_refs.empty()) entry.person_id = string_at(rec, e.person_refs[0]);
  if (e.person_refs.size() > 1) entry.other_person_id = string_at(rec, e.person_refs[1]);
  return entry;
}

}  // namespace

std::string string_at(const json& rec, std::string_view key) {
  auto it = rec.find(key);
  return it != rec.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string field_names(std::span<const json> records) {
  std::set<std::string> names;
  for (const json& rec : records)
    for (const auto& item : rec.items()) names.insert(item.key());
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ",";
    out += name;
  }
  return out;
}

namespace {

Result<void> require_area(Repository& repo, std::string_view area_id) {
  const Entity& areas = model::areas();
  if (!is_valid_id(area_id, areas.id_prefix)) return missing(areas, area_id);
  auto a = repo.get(areas, area_id);
  if (!a) return a.error().code == Errc::not_found ? missing(areas, area_id) : a.error();
  return {};
}

// The live record, only when it belongs to `area_id`: a record in another
// area is reported as missing, never as existing elsewhere.
Result<json> load(Repository& repo, const Entity& e, std::string_view area_id, std::string_view id) {
  if (!is_valid_id(id, e.id_prefix)) return missing(e, id);
  auto r = repo.get(e, id);
  if (!r) return r.error().code == Errc::not_found ? missing(e, id) : r.error();
  if (e.area_scoped && string_at(*r, "area_id") != area_id) return missing(e, id);
  return r;
}

// Every reference must name a live record of the right entity in the same area.
Result<void> check_refs(Repository& repo, const Entity& e, std::string_view area_id, const json& rec) {
  for (const auto& f : e.fields) {
    if (f.type != FieldType::ref) continue;
    std::string id = string_at(rec, f.name);
    if (id.empty()) continue;  // an optional reference left out (validated already)
    const Entity* target = model::find_entity_by_name(f.ref);
    assert(target && "a ref field names a known entity");
    if (!target) return internal_error("Field " + std::string(f.name) + " refers to an unknown entity");
    auto where = repo.area_of(*target, id);
    if (!where) {
      if (where.error().code != Errc::not_found) return where.error();
      return invalid(std::string(f.name), "There is no " + std::string(f.ref) + " " + id + " in this area (" +
                                              std::string(f.name) + ")");
    }
    if (*where != area_id)
      return invalid(std::string(f.name), "The " + std::string(f.ref) + " in " + std::string(f.name) +
                                              " belongs to another area; records can only link within one area");
  }
  return {};
}

// Names of the fields a patch really changed, for the audit trail (never values).
std::string changed_fields(const Entity& e, const json& before, const json& after) {
  std::string out;
  auto note = [&](std::string_view name) {
    const json* a = member(before, name);
    const json* b = member(after, name);
    if ((a == nullptr) != (b == nullptr) || (a && *a != *b)) {
      if (!out.empty()) out += ",";
      out += name;
    }
  };
  for (const auto& f : e.fields) note(f.name);
  note("external_id");
  return out;
}

// An area can go only once nothing in it remains; otherwise its records
// would be stranded under a deleted area.
Result<void> require_empty_area(Repository& repo, std::string_view area_id) {
  for (const Entity* held : {&model::people(), &model::groups(), &model::places()}) {
    store::ListQuery q;
    q.area_id = std::string(area_id);
    q.limit = 1;
    auto page = repo.list(*held, q);
    if (!page) return page.error();
    if (!page->items.empty())
      return conflict("This area still holds " + std::string(held->plural) + "; remove them before the area");
  }
  return {};
}

// The area whose register a write to `e` changes: its own for an area.
std::string scope_of(const Entity& e, std::string_view area_id, std::string_view id) {
  return std::string(e.area_scoped ? area_id : id);
}

}  // namespace

Result<json> Register::create(const Entity& e, std::string_view area_id, const json& body, const Actor& who) {
  auto valid = validate_create(e, body);
  if (!valid) return valid.error();
  json rec = std::move(valid.value());
  const std::string id = new_id(e.id_prefix);
  const std::string now = now_utc_iso();
  rec["id"] = id;
  if (e.area_scoped)
    rec["area_id"] = std::string(area_id);
  else
    rec["register_revision"] = 0;
  rec["revision"] = 1;
  rec["created_at"] = now;
  rec["updated_at"] = now;

  json stored;
  auto done = store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    if (e.area_scoped) {
      KITH_TRY(require_area(repo, area_id));
      KITH_TRY(check_refs(repo, e, area_id, rec));
    }
    KITH_TRY(repo.insert(e, rec));
    if (e.area_scoped) KITH_TRY(repo.bump_register_revision(area_id));
    KITH_TRY(repo.audit(entry_for(who, "create", e, id, scope_of(e, area_id, id), rec)));
    auto got = repo.get(e, id);
    if (!got) return got.error();
    stored = std::move(got.value());
    return {};
  });
  if (!done) return done.error();
  return stored;
}

Result<void> Register::record_access(const store::AuditEntry& entry) {
  return store_.write([&](Connection& c) { return Repository(c).audit(entry); });
}

Result<json> Register::get(const Entity& e, std::string_view area_id, std::string_view id, const Actor& who) {
  json out;
  auto done = store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    auto r = load(repo, e, area_id, id);
    if (!r) return r.error();
    out = std::move(r.value());
    return {};
  });
  if (!done) return done.error();
  // Reading someone's record is itself recorded: who looked, and when. The
  // record is returned only once the audit row is committed; the read runs
  // outside the write lock so readers do not queue behind each other.
  if (is_personal(e)) {
    store::AuditEntry entry = entry_for(who, "read", e, id, area_id, out);
    entry.fields = field_names(std::span(&out, 1));
    KITH_TRY(record_access(entry));
  }
  return out;
}

Result<json> Register::update(const Entity& e, std::string_view area_id, std::string_view id, const json& patch,
                              const Actor& who) {
  json out;
  auto done = store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    auto current = load(repo, e, area_id, id);
    if (!current) return current.error();
    auto merged = validate_patch(e, *current, patch);
    if (!merged) return merged.error();
    if (patch.is_object() && patch.contains("revision") && (*merged)["revision"] != (*current)["revision"])
      return conflict(std::string(store::kStaleRevision), "revision");
    if (e.area_scoped) KITH_TRY(check_refs(repo, e, area_id, *merged));
    auto written = repo.update(e, *merged);
    if (!written) return written.error();
    std::string scope = scope_of(e, area_id, id);
    KITH_TRY(repo.bump_register_revision(scope));
    store::AuditEntry entry = entry_for(who, "update", e, id, scope, *merged);
    entry.fields = changed_fields(e, *current, *merged);  // which fields changed, never their values
    KITH_TRY(repo.audit(entry));
    // Read back after the bump so an area shows its new register_revision.
    auto got = repo.get(e, id);
    if (!got) return got.error();
    out = std::move(got.value());
    return {};
  });
  if (!done) return done.error();
  return out;
}

Result<void> Register::remove(const Entity& e, std::string_view area_id, std::string_view id, const Actor& who) {
  return store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    auto current = load(repo, e, area_id, id);
    if (!current) return current.error();
    if (!e.area_scoped) KITH_TRY(require_empty_area(repo, id));
    std::vector<json> ties_ending;
    if (is_personal(e)) {
      // Read before deleting the person ends them, so that each tie's ending
      // is audited naming both its ends: the person at the other end finds it
      // in their own audit trail.
      auto ties = live_links_of(repo, model::ties(), area_id, id);
      if (!ties) return ties.error();
      ties_ending = std::move(*ties);
    }
    const std::string when = now_utc_iso();
    KITH_TRY(repo.soft_delete(e, id, when));
    int64_t ended = 0;
    if (has_dependents(e)) {
      auto n = repo.soft_delete_dependents(e, id, when);
      if (!n) return n.error();
      ended = *n;
    }
    std::string scope = scope_of(e, area_id, id);
    if (e.area_scoped) KITH_TRY(repo.bump_register_revision(scope));
    std::string detail = ended > 0 ? "also removed " + std::to_string(ended) + " ties/affiliations" : "";
    store::AuditEntry entry = entry_for(who, "delete", e, id, scope, *current);
    entry.detail = std::move(detail);
    KITH_TRY(repo.audit(entry));
    for (const json& tie : ties_ending) {
      store::AuditEntry ended = entry_for(who, "delete", model::ties(), string_at(tie, "id"), scope, tie);
      ended.detail = "ended with the deletion of person " + std::string(id);
      KITH_TRY(repo.audit(ended));
    }
    return {};
  });
}

Result<store::Page> Register::list(const Entity& e, const store::ListQuery& q, const Actor& who) {
  KITH_TRY(store::check_page_limit(q.limit));
  store::Page out;
  auto done = store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    if (e.area_scoped) KITH_TRY(require_area(repo, q.area_id));
    auto page = repo.list(e, q);
    if (!page) return page.error();
    out = std::move(page.value());
    return {};
  });
  if (!done) return done.error();
  // Listing people shows personal data too: one audit row per page served,
  // committed before the page is returned.
  // The row names no one person: a page holds many.
  if (is_personal(e)) {
    store::AuditEntry entry = store::audit_entry(who, "list", e.name, {}, q.area_id);
    entry.fields = field_names(out.items);
    entry.detail = std::to_string(out.items.size()) + " people";
    KITH_TRY(record_access(entry));
  }
  return out;
}

Result<store::ConsentCounts> Register::consent_counts(const store::ListQuery& q) {
  store::ConsentCounts out;
  auto done = store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    KITH_TRY(require_area(repo, q.area_id));
    auto counts = repo.consent_counts(q);
    if (!counts) return counts.error();
    out = std::move(counts.value());
    return {};
  });
  if (!done) return done.error();
  return out;
}

Result<std::vector<json>> list_every_page(Repository& repo, const Entity& e, store::ListQuery q, size_t max) {
  std::vector<json> out;
  q.limit = store::kPageLimitMax;
  for (;;) {
    auto page = repo.list(e, q);
    if (!page) return page.error();
    for (json& item : page->items) out.push_back(std::move(item));
    if (out.size() > max)
      return Error{Errc::too_large,
                   "There are more than " + std::to_string(max) + " " + std::string(e.plural) +
                       " here: too many to read at once",
                   {}, 0};
    if (page->next_cursor.empty()) return out;
    q.after = page->next_cursor;
  }
}

Result<std::vector<json>> live_links_of(Repository& repo, const Entity& links, std::string_view area_id,
                                        std::string_view person_id) {
  store::ListQuery q;
  q.area_id = std::string(area_id);
  q.person_id = std::string(person_id);
  return list_every_page(repo, links, std::move(q), std::numeric_limits<size_t>::max());
}

Result<std::string> insert_new_record(Repository& repo, const Entity& e, std::string_view area_id, const json& body,
                                      std::string_view now) {
  KITH_ASSERT_MSG(e.area_scoped, "a new record inside a transaction belongs to an area");
  auto valid = validate_create(e, body);
  if (!valid) return valid.error();
  json rec = std::move(valid.value());
  const std::string id = new_id(e.id_prefix);
  rec["id"] = id;
  rec["area_id"] = std::string(area_id);
  rec["revision"] = 1;
  rec["created_at"] = std::string(now);
  rec["updated_at"] = std::string(now);
  KITH_TRY(repo.insert(e, rec));
  return id;
}

}  // namespace kith::domain
