#include "kith/domain/own_record.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kith/core/assert.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/access.hpp"
#include "kith/domain/register.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/repository.hpp"

namespace kith::domain {
namespace {

using store::Connection;
using store::Repository;

// Left out of the member's view of their record: a worker's free text (it
// may name other people, whose data it is too) and another system's case
// number. Both are still given in a subject access request.
constexpr std::array<std::string_view, 2> kNotShownToMember = {"notes", "external_id"};

// What a member sees of each tie and affiliation: the relationship as
// recorded, never its notes.
constexpr std::array<std::string_view, 5> kTieFields = {"kind", "closeness", "frequency", "valid_from", "valid_to"};
constexpr std::array<std::string_view, 4> kAffiliationFields = {"role", "frequency", "valid_from", "valid_to"};

// The consent statuses a member may set: they give consent or withdraw it.
// (not_asked and refused describe what a worker recorded.)
constexpr std::string_view kGiven = "given";
constexpr std::string_view kWithdrawn = "withdrawn";

// Keys of a request body are echoed only this long.
constexpr size_t kShownKeyChars = 40;

Error not_linked() {
  return not_found(
      "Your account is not linked to a person in this area's register, so there is no record of yours to show; ask "
      "the area's administrator to link it");
}

Error no_longer_held() {
  return not_found(
      "The person your account is linked to is no longer in this area's register; ask the area's administrator");
}

// The member's person in the area, or the plain not_found above.
Result<std::string> linked_person(const User& u, std::string_view area_id) {
  std::string person = own_person(u, area_id);
  if (person.empty()) return not_linked();
  return person;
}

// The live person record, only in the area of the grant.
Result<json> live_person(Repository& repo, std::string_view area_id, std::string_view person_id) {
  auto p = repo.get(model::people(), person_id);
  if (!p) return p.error().code == Errc::not_found ? no_longer_held() : p.error();
  if (string_at(*p, "area_id") != area_id) return no_longer_held();
  return p;
}

template <size_t N>
json picked(const json& rec, const std::array<std::string_view, N>& fields) {
  json out = json::object();
  out["id"] = rec.at("id");
  for (auto f : fields) out[std::string(f)] = rec.value(std::string(f), json());
  return out;
}

// A tie as its member sees it: who is at the other end, by id and display
// name only (the rest of their record is theirs), and how the tie stands.
Result<json> tie_view(Repository& repo, const json& tie, std::string_view person_id,
                      std::map<std::string, std::string>& names) {
  const std::string other = string_at(tie, "source_id") == person_id ? string_at(tie, "target_id")
                                                                      : string_at(tie, "source_id");
  auto known = names.find(other);
  if (known == names.end()) {
    // A live tie joins two live people (the register ends a person's ties
    // with them), so the other end is there.
    auto rec = repo.get(model::people(), other);
    if (!rec) return rec.error();
    known = names.emplace(other, string_at(*rec, "display_name")).first;
  }
  json out = picked(tie, kTieFields);
  out["other_person"] = json{{"id", other}, {"display_name", known->second}};
  return out;
}

// An affiliation names its group or place by id and name: groups and places
// are the community's assets, not anyone's personal data.
Result<json> affiliation_view(Repository& repo, const json& aff) {
  json out = picked(aff, kAffiliationFields);
  for (const model::Entity* e : {&model::groups(), &model::places()}) {
    const std::string id = string_at(aff, std::string(e->name) + "_id");
    if (id.empty()) continue;
    auto target = repo.get(*e, id, /*include_deleted=*/true);
    if (!target) return target.error();
    out[std::string(e->name)] = json{{"id", id}, {"name", (*target)["name"]}};
  }
  return out;
}

json person_view(json person) {
  for (auto hidden : kNotShownToMember) person.erase(std::string(hidden));
  return person;
}

json consent_view(const json& person) {
  return json{{"status", person.value("consent_status", json())},
              {"date", person.value("consent_date", json())},
              {"scope", person.value("consent_scope", json::array())}};
}

Result<json> gather_own_record(Connection& c, std::string_view area_id, std::string_view person_id) {
  Repository repo(c);
  auto person = live_person(repo, area_id, person_id);
  if (!person) return person.error();
  auto ties = live_links_of(repo, model::ties(), area_id, person_id);
  if (!ties) return ties.error();
  auto affiliations = live_links_of(repo, model::affiliations(), area_id, person_id);
  if (!affiliations) return affiliations.error();

  json doc = json::object();
  doc["area_id"] = std::string(area_id);
  doc["person"] = person_view(*person);
  doc["ties"] = json::array();
  std::map<std::string, std::string> names;
  for (const json& t : *ties) {
    auto view = tie_view(repo, t, person_id, names);
    if (!view) return view.error();
    doc["ties"].push_back(std::move(*view));
  }
  doc["affiliations"] = json::array();
  for (const json& a : *affiliations) {
    auto view = affiliation_view(repo, a);
    if (!view) return view.error();
    doc["affiliations"].push_back(std::move(*view));
  }
  doc["consent"] = consent_view(*person);
  return doc;
}

// ---- the consent a member sends --------------------------------------------

std::string shown_key(std::string_view key) {
  return key.size() <= kShownKeyChars ? std::string(key) : std::string(key.substr(0, kShownKeyChars)) + "…";
}

std::string scope_list() {
  std::string out;
  for (auto c : model::people().field("consent_scope")->choices) out += (out.empty() ? "" : ", ") + std::string(c);
  return out;
}

bool is_scope(std::string_view s) {
  const auto& choices = model::people().field("consent_scope")->choices;
  return std::find(choices.begin(), choices.end(), s) != choices.end();
}

Result<void> only_consent_keys(const json& body) {
  for (const auto& item : body.items()) {
    const std::string& key = item.key();
    if (key == "status" || key == "scope" || key == "revision") continue;
    if (key == "date" || key == "consent_date")
      return invalid(shown_key(key), "kith records today's date when you change your consent; remove \"" +
                                         shown_key(key) + "\"");
    return invalid(shown_key(key), "You can change only the status and scope of your consent here; remove \"" +
                                       shown_key(key) + "\"");
  }
  return {};
}

Result<std::string> consent_status(const json& body) {
  auto it = body.find("status");
  const std::string hint = "Give status: \"given\" to consent, or \"withdrawn\" to withdraw your consent";
  if (it == body.end() || !it->is_string()) return invalid("status", hint);
  const std::string status = it->get<std::string>();
  if (status != kGiven && status != kWithdrawn) return invalid("status", hint);
  return status;
}

// The scopes sent, each one kith knows, without repeats, in the order sent.
Result<json> consent_scope(const json& body, std::string_view status) {
  auto it = body.find("scope");
  const bool sent = it != body.end() && !it->is_null();
  if (status == kWithdrawn) {
    if (sent && !(it->is_array() && it->empty()))
      return invalid("scope", "Withdrawing consent withdraws it for every use; send no scope");
    return json::array();
  }
  const std::string choose = "Choose what you consent to, as a list of one or more of " + scope_list();
  if (!sent || !it->is_array() || it->empty()) return invalid("scope", choose);
  json out = json::array();
  for (const json& s : *it) {
    if (!s.is_string() || !is_scope(s.get<std::string>())) return invalid("scope", choose);
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

// The register's patch for what the member sent: status, scope, today's date
// and the revision they read, if they sent one.
Result<json> consent_patch(const json& body) {
  if (!body.is_object()) return invalid({}, "Send your consent as a JSON object: {\"status\": …, \"scope\": […]}");
  KITH_TRY(only_consent_keys(body));
  auto status = consent_status(body);
  if (!status) return status.error();
  auto scope = consent_scope(body, *status);
  if (!scope) return scope.error();
  json patch = {{"consent_status", *status}, {"consent_scope", *scope}, {"consent_date", today_utc().str()}};
  if (body.contains("revision")) patch["revision"] = body["revision"];
  return patch;
}

}  // namespace

Result<json> read_own_record(store::Store& s, const User& u, std::string_view area_id, const Actor& who) {
  auto person_id = linked_person(u, area_id);
  if (!person_id) return person_id.error();
  json doc;
  KITH_TRY(s.read([&](Connection& c) -> Result<void> {
    auto gathered = gather_own_record(c, area_id, *person_id);
    if (!gathered) return gathered.error();
    doc = std::move(*gathered);
    return {};
  }));
  // A read of personal data, recorded as Register::get records one, and
  // committed before the document leaves: the member's own reads are in
  // their audit trail too.
  store::AuditEntry entry = store::audit_entry(who, "read", model::people().name, *person_id, area_id);
  entry.person_id = *person_id;
  entry.fields = field_names(std::span<const json>(&doc["person"], 1));
  entry.detail = json{{"ties", doc["ties"].size()}, {"affiliations", doc["affiliations"].size()}}.dump();
  KITH_TRY(s.write([&](Connection& c) { return Repository(c).audit(entry); }));
  return doc;
}

Result<json> change_own_consent(Register& reg, const User& u, std::string_view area_id, const json& body,
                                const Actor& who) {
  auto person_id = linked_person(u, area_id);
  if (!person_id) return person_id.error();
  auto patch = consent_patch(body);
  if (!patch) return patch.error();
  auto rec = reg.update(model::people(), area_id, *person_id, *patch, who);
  if (!rec) return rec.error().code == Errc::not_found ? no_longer_held() : rec.error();
  KITH_ASSERT_MSG(string_at(*rec, "consent_status") == string_at(*patch, "consent_status"),
                  "the register stores the consent the member gave");
  return json{{"consent", consent_view(*rec)}, {"revision", rec->value("revision", json())}};
}

}  // namespace kith::domain
