#include "kith/domain/personal_data.hpp"

#include <array>
#include <utility>
#include <vector>

#include "kith/core/assert.hpp"
#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/merges.hpp"
#include "kith/domain/register.hpp"
#include "kith/model/consent.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/personal_data.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/surveys.hpp"

namespace kith::domain {
namespace {

using store::Connection;
using store::Repository;

constexpr std::array<std::string_view, 4> kConsentUses = {"research", "timebank", "referrals", "suggestions"};

// The one audit call of this file: rows about a person, with counts only.
Result<void> record(Connection& c, const model::Actor& who, std::string_view action, std::string_view person_id,
                    std::string_view area_id, const json& detail) {
  store::AuditEntry entry = store::audit_entry(who, action, model::people().name, person_id, area_id);
  entry.person_id = std::string(person_id);  // about this person: subject access finds it
  entry.detail = detail.dump();
  return Repository(c).audit(entry);
}

Error missing_person(std::string_view person_id) {
  // The id is echoed only when well formed, as Register does.
  std::string label = "Person";
  if (is_valid_id(person_id, model::people().id_prefix)) label += " " + std::string(person_id);
  return not_found(label + " not found");
}

// The person, soft-deleted or not (both are data held), when in the area.
Result<json> held_person(Repository& repo, std::string_view area_id, std::string_view person_id) {
  if (!is_valid_id(person_id, model::people().id_prefix) || !is_valid_id(area_id, model::areas().id_prefix))
    return missing_person(person_id);
  auto p = repo.get(model::people(), person_id, /*include_deleted=*/true);
  if (!p) return p.error().code == Errc::not_found ? missing_person(person_id) : p.error();
  if (string_at(*p, "area_id") != area_id) return missing_person(person_id);
  return p;
}

json marked(json rec) {
  const bool deleted = rec.contains("deleted_at");
  rec["deleted"] = deleted;
  return rec;
}

// Every tie or affiliation of the person, soft-deleted ones included.
Result<std::vector<json>> links_held(Connection& c, const model::Entity& e, std::string_view person_id) {
  auto ids = store::link_ids_of_person(c, e, person_id);
  if (!ids) return ids.error();
  Repository repo(c);
  std::vector<json> out;
  out.reserve(ids->size());
  for (const auto& id : *ids) {
    auto rec = repo.get(e, id, /*include_deleted=*/true);
    if (!rec) return rec.error();
    out.push_back(std::move(rec.value()));
  }
  return out;
}

// A tie says which end is the person and who is at the other end, by id only.
json tie_entry(json tie, std::string_view person_id) {
  json other = string_at(tie, "source_id") == person_id ? tie["target_id"] : tie["source_id"];
  tie["other_person_id"] = std::move(other);
  return marked(std::move(tie));
}

// An affiliation names its group or place: groups and places are not
// personal data, and the name is what makes the row readable.
Result<json> affiliation_entry(Repository& repo, json aff) {
  for (auto [field, entity] : {std::pair{"group_id", &model::groups()}, std::pair{"place_id", &model::places()}}) {
    const std::string id = string_at(aff, field);
    if (id.empty()) continue;
    auto target = repo.get(*entity, id, /*include_deleted=*/true);
    if (!target) return target.error();
    aff[std::string(entity->name) + "_name"] = (*target)["name"];
  }
  return marked(std::move(aff));
}

json consent_section(const json& person) {
  const std::string status = string_at(person, "consent_status");
  const json scope = person.value("consent_scope", json::array());
  json allows = json::object();
  for (auto use : kConsentUses)
    allows[std::string(use)] = model::consent_allows_json(status, scope.dump(), use);
  return json{{"status", status}, {"date", person.value("consent_date", json())}, {"scope", scope},
              {"allows", allows}};
}

// What surveys hold about the person: the interviews they gave (with their
// answers and scores) and the times someone else named them.
Result<json> survey_section(Connection& c, std::string_view person_id) {
  store::SurveyRepository surveys(c);
  auto given = surveys.interviews_of_person(person_id);
  if (!given) return given.error();
  auto named = surveys.mentions_of_person(person_id);
  if (!named) return named.error();
  json interviews = json::array();
  for (const auto& iv : *given)
    interviews.push_back(json{{"wave_id", iv.wave_id},
                              {"status", iv.status},
                              {"started_at", iv.started_at},
                              {"completed_at", iv.completed_at.empty() ? json(nullptr) : json(iv.completed_at)},
                              {"respondent", json::parse(iv.respondent)},
                              {"consent", json::parse(iv.consent)},
                              {"answers", json::parse(iv.answers)},
                              {"scores", json::parse(iv.scores)}});
  json mentions = json::array();
  for (const auto& m : *named)
    mentions.push_back(json{{"wave_id", m.wave_id}, {"said", m.said}, {"status", m.status}});
  return json{{"interviews", std::move(interviews)}, {"named_by_others", std::move(mentions)}};
}

Result<json> gather_subject_access(Connection& c, std::string_view area_id, std::string_view person_id) {
  Repository repo(c);
  auto person = held_person(repo, area_id, person_id);
  if (!person) return person.error();
  auto ties = links_held(c, model::ties(), person_id);
  if (!ties) return ties.error();
  auto affiliations = links_held(c, model::affiliations(), person_id);
  if (!affiliations) return affiliations.error();
  auto audit = store::audit_rows_about_person(c, person_id);
  if (!audit) return audit.error();

  json doc = json::object();
  doc["person_id"] = std::string(person_id);
  doc["area_id"] = std::string(area_id);
  doc["person"] = marked(*person);
  doc["ties"] = json::array();
  for (auto& t : *ties) doc["ties"].push_back(tie_entry(std::move(t), person_id));
  doc["affiliations"] = json::array();
  for (auto& a : *affiliations) {
    auto entry = affiliation_entry(repo, std::move(a));
    if (!entry) return entry.error();
    doc["affiliations"].push_back(std::move(entry.value()));
  }
  doc["consent"] = consent_section(*person);
  auto survey = survey_section(c, person_id);
  if (!survey) return survey.error();
  doc["surveys"] = std::move(*survey);
  doc["audit"] = json(std::move(*audit));
  doc["generated_at"] = now_utc_iso();
  return doc;
}

// Erasure ---------------------------------------------------------------------

// What each field of a person becomes on erasure, decided field by field
// (docs/security.md lists the same table). A field added to the schema
// without a decision here stops erasure at the assertion below, rather than
// being silently kept.
json erased_person_value(std::string_view field, const json& current, const std::string& today) {
  if (field == "display_name") return std::string(kErasedDisplayName);  // required, so a stand-in name
  if (field == "is_pseudonym") return true;                              // the name is now a stand-in
  if (field == "birth_band" || field == "postcode_district") return nullptr;  // quasi-identifiers
  if (field == "household") return nullptr;  // often a surname; also links people living together
  if (field == "interests" || field == "languages" || field == "accessibility_needs")
    return json::array();  // accessibility needs may be health data
  if (field == "notes") return nullptr;  // free text
  if (field == "consent_status") return "withdrawn";  // left out of every analysis and export
  if (field == "consent_date")  // the day of withdrawal: kept from a first erasure, so a repeat changes nothing
    return string_at(current, "consent_status") == "withdrawn" && current.contains("consent_date") &&
                   !current["consent_date"].is_null()
               ? current["consent_date"]
               : json(today);
  if (field == "consent_scope") return json::array();
  KITH_ASSERT_MSG(false, "a person field has no erasure decision in erased_person_value");
  return nullptr;
}

json erased_person(const json& current) {
  json out = current;
  const std::string today = today_utc().str();
  for (const auto& f : model::people().fields)
    out[std::string(f.name)] = erased_person_value(f.name, current, today);
  out["external_id"] = nullptr;  // may be a survey or case number that leads back to them
  return out;
}

// A tie or affiliation keeps its structure (ends, kind, closeness, frequency,
// role, dates); its free text and external id go (an external id is often
// made from the ends' external ids).
json erased_link(const model::Entity& e, const json& current) {
  json out = current;
  for (const auto& f : e.fields)
    if (f.type == model::FieldType::text) out[std::string(f.name)] = nullptr;
  out["external_id"] = nullptr;
  return out;
}

// Only the fields erasure writes are compared: revision and timestamps differ anyway.
bool same_fields(const model::Entity& e, const json& a, const json& b) {
  for (const auto& f : e.fields)
    if (a.value(std::string(f.name), json()) != b.value(std::string(f.name), json())) return false;
  return a.value("external_id", json()) == b.value("external_id", json());
}

// Overwrites those links of the person that still hold free text; how many.
Result<int64_t> erase_links(Connection& c, const model::Entity& e, std::string_view person_id) {
  auto links = links_held(c, e, person_id);
  if (!links) return links.error();
  int64_t n = 0;
  for (const auto& link : *links) {
    json erased = erased_link(e, link);
    if (same_fields(e, erased, link)) continue;
    KITH_TRY(store::overwrite_record(c, e, erased));
    ++n;
  }
  return n;
}

Result<ErasureReport> erase_in(Connection& c, std::string_view area_id, std::string_view person_id) {
  Repository repo(c);
  auto person = held_person(repo, area_id, person_id);
  if (!person) return person.error();
  ErasureReport report;
  report.person_id = std::string(person_id);
  const json erased = erased_person(*person);
  const bool person_changed = !same_fields(model::people(), erased, *person);
  if (person_changed) KITH_TRY(store::overwrite_record(c, model::people(), erased));
  auto ties = erase_links(c, model::ties(), person_id);
  if (!ties) return ties.error();
  auto affiliations = erase_links(c, model::affiliations(), person_id);
  if (!affiliations) return affiliations.error();
  auto unlinked = store::unlink_member_accounts(c, person_id);
  if (!unlinked) return unlinked.error();
  auto survey = store::SurveyRepository(c).erase_person(person_id);
  if (!survey) return survey.error();
  auto reasons = store::MergeRepository(c).erase_reasons(person_id);
  if (!reasons) return reasons.error();
  report.merge_reasons = *reasons;
  report.survey_records = *survey;
  report.ties = *ties;
  report.affiliations = *affiliations;
  report.accounts_unlinked = *unlinked;
  report.already_erased = !person_changed && report.ties == 0 && report.affiliations == 0 && *unlinked == 0 &&
                          *survey == 0 && *reasons == 0;
  if (!report.already_erased) KITH_TRY(repo.bump_register_revision(area_id));

  // Postcondition: nothing identifying is left on the row.
  auto after = repo.get(model::people(), person_id, /*include_deleted=*/true);
  if (!after) return after.error();
  KITH_ASSERT_MSG(same_fields(model::people(), erased_person(*after), *after),
                  "an erased person must hold nothing that erasure would remove");
  KITH_ASSERT((*after)["display_name"] == std::string(kErasedDisplayName));
  return report;
}

}  // namespace

json ErasureReport::to_json() const {
  return json{{"person_id", person_id},   {"already_erased", already_erased},       {"ties", ties},
              {"affiliations", affiliations}, {"accounts_unlinked", accounts_unlinked},
              {"survey_records", survey_records}, {"merge_reasons", merge_reasons},
              {"merged_records", merged_records}};
}

Result<json> subject_access(store::Store& s, std::string_view area_id, std::string_view person_id,
                            const model::Actor& who) {
  json doc;
  auto done = s.write([&](Connection& c) -> Result<void> {
    auto gathered = gather_subject_access(c, area_id, person_id);
    if (!gathered) return gathered.error();
    doc = std::move(gathered.value());
    // The other records that are this person by a merge are theirs too.
    auto family = merge_family(c, person_id);
    if (!family) return family.error();
    doc["merged_records"] = json::array();
    for (const std::string& id : *family) {
      if (id == person_id) continue;
      auto more = gather_subject_access(c, area_id, id);
      if (!more) return more.error();
      doc["merged_records"].push_back(std::move(*more));
    }
    // Handing over someone's data is itself recorded, in the same
    // transaction: no document leaves without its audit row.
    return record(c, who, "subject_access", person_id, area_id,
                  json{{"ties", doc["ties"].size()},
                       {"affiliations", doc["affiliations"].size()},
                       {"audit_rows", doc["audit"].size()}});
  });
  if (!done) return done.error();
  return doc;
}

Result<ErasureReport> erase_person(store::Store& s, std::string_view area_id, std::string_view person_id,
                                   const model::Actor& who) {
  ErasureReport report;
  auto done = s.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    auto asked = held_person(repo, area_id, person_id);  // not_found before anything else
    if (!asked) return asked.error();
    // Every record that is this person by a merge is erased with them: the
    // merged records still hold what they were (domain/merges.hpp).
    auto family = merge_family(c, person_id);
    if (!family) return family.error();
    for (const std::string& id : *family) {
      if (id == person_id) continue;
      auto other = erase_in(c, area_id, id);
      if (!other) return other.error();
      KITH_TRY(record(c, who, "erase", id, area_id,
                      json{{"merged_with", std::string(person_id)}, {"counts", other->to_json()}}));
      report.merged_records.push_back(id);
    }
    auto erased = erase_in(c, area_id, person_id);
    if (!erased) return erased.error();
    erased->merged_records = std::move(report.merged_records);
    report = std::move(erased.value());
    // Counts only: the audit row must not keep what erasure removed.
    return record(c, who, "erase", person_id, area_id, report.to_json());
  });
  if (!done) return done.error();
  return report;
}

}  // namespace kith::domain
