#include "kith/domain/survey/mentions.hpp"

#include <map>
#include <mutex>

#include <fmt/format.h>

#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/merges.hpp"
#include "kith/domain/register.hpp"
#include "kith/domain/survey/alter_match.hpp"
#include "kith/model/validate.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/surveys.hpp"

namespace kith::domain::survey {
// Named, not anonymous: the domain is built in unity batches (register.cpp,
// surveys.cpp have helpers of the same names).
namespace mentions_impl {

using json = nlohmann::json;
using store::Connection;
using store::MentionRow;
using store::Repository;
using store::SurveyRepository;

Error mention_missing() { return not_found("Named person not found"); }

json parse_or_empty(const std::string& text) { return text.empty() ? json::object() : json::parse(text); }
json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json mention_record(const MentionRow& m) {
  return json{{"id", m.id},
              {"wave_id", m.wave_id},
              {"interview_id", m.interview_id},
              {"respondent_id", text_or_null(m.respondent_person_id)},
              {"generator", m.generator},
              {"position", m.position},
              {"said", m.said},
              {"interpreters", parse_or_empty(m.interpreters)},
              {"status", m.status},
              {"resolution", text_or_null(m.resolution)},
              {"person_id", text_or_null(m.person_id)},
              {"tie_id", text_or_null(m.tie_id)},
              {"proposed_by", text_or_null(m.proposed_by)},
              {"confirmed_by", text_or_null(m.confirmed_by)},
              {"revision", m.revision},
              {"updated_at", m.updated_at}};
}

// The mention, only when it is the area's.
Result<MentionRow> mention_in(SurveyRepository& surveys, std::string_view area_id, std::string_view id) {
  if (!is_valid_id(id, "mn")) return mention_missing();
  auto m = surveys.mention(id);
  if (!m) return m.error();
  if (!*m || (*m)->area_id != area_id) return mention_missing();
  return std::move(**m);
}

Result<int64_t> revision_of(const json& body) {
  if (!body.contains("revision") || !body["revision"].is_number_integer())
    return invalid("revision", "Send the revision you saw, so a change made meanwhile is not overwritten (revision)");
  return body["revision"].get<int64_t>();
}

Result<void> check_fresh(const MentionRow& m, int64_t seen) {
  if (m.revision != seen) return conflict(std::string(store::kStaleRevision), "revision");
  return {};
}

// Every live record of an entity in the area.
Result<std::vector<json>> every_record(Repository& repo, const model::Entity& e, std::string_view area_id, size_t max) {
  store::ListQuery q;
  q.area_id = std::string(area_id);
  return list_every_page(repo, e, std::move(q), max);
}

Relationship relationship_of(const json& interpreters) {
  const std::string r = interpreters.value("relationship", "");
  if (r == "family") return Relationship::family;
  if (r == "friend") return Relationship::friend_of;
  if (r == "neighbour") return Relationship::neighbour;
  return r.empty() ? Relationship::unknown : Relationship::other;
}

struct AreaPeople {
  std::vector<Candidate> candidates;
  std::map<std::string, size_t> index;  // person id → candidates position
};

// The area's people as the matcher sees them: name, street and house number
// (read from the household, "12 Elm Road"), household, and the groups and
// places they are in.
Result<AreaPeople> load_register(Repository& repo, std::string_view area_id) {
  AreaPeople out;
  auto people = every_record(repo, model::people(), area_id, kSuggestionCandidatesMax);
  if (!people) return people.error();
  for (const json& p : *people) {
    Candidate c;
    c.id = string_at(p, "id");
    c.display_name = string_at(p, "display_name");
    c.household_id = string_at(p, "household");
    Address a = split_household(c.household_id);
    c.street = a.street;
    c.house_number = a.house_number;
    out.index[c.id] = out.candidates.size();
    out.candidates.push_back(std::move(c));
  }
  std::map<std::string, std::string> venue_names;
  for (const model::Entity* venue : {&model::groups(), &model::places()}) {
    auto venues = every_record(repo, *venue, area_id, kSuggestionCandidatesMax);
    if (!venues) return venues.error();
    for (const json& v : *venues) venue_names[string_at(v, "id")] = string_at(v, "name");
  }
  auto links = every_record(repo, model::affiliations(), area_id, 10 * kSuggestionCandidatesMax);
  if (!links) return links.error();
  for (const json& l : *links) {
    auto who = out.index.find(string_at(l, "person_id"));
    if (who == out.index.end()) continue;
    std::string venue = string_at(l, "group_id");
    if (venue.empty()) venue = string_at(l, "place_id");
    out.candidates[who->second].memberships.push_back({venue, venue_names[venue]});
  }
  return out;
}

// A tie from the respondent to the person named, unless one is live already.
Result<std::string> tie_for(Repository& repo, const MentionRow& m, const std::string& fieldwork_date,
                            const model::Actor& who) {
  auto existing = live_links_of(repo, model::ties(), m.area_id, m.respondent_person_id);
  if (!existing) return existing.error();
  for (const json& t : *existing) {
    const std::string a = string_at(t, "source_id"), b = string_at(t, "target_id");
    if ((a == m.respondent_person_id && b == m.person_id) || (b == m.respondent_person_id && a == m.person_id))
      return string_at(t, "id");
  }
  const json said = parse_or_empty(m.interpreters);
  std::vector<std::string> unstated;
  json body{{"source_id", m.respondent_person_id},
            {"target_id", m.person_id},
            {"named_by", "source"},
            {"evidence", "survey"},
            {"valid_from", fieldwork_date}};
  body["kind"] = said.contains("relationship") ? said["relationship"] : json(kUnstatedKind);
  if (!said.contains("relationship")) unstated.push_back("relationship");
  body["closeness"] = said.contains("closeness") ? said["closeness"] : json(kUnstatedCloseness);
  if (!said.contains("closeness")) unstated.push_back("closeness");
  body["frequency"] = said.contains("frequency") ? said["frequency"] : json(kUnstatedFrequency);
  if (!said.contains("frequency")) unstated.push_back("frequency");
  std::string notes = "Named in survey wave " + m.wave_id + " (" + m.generator + ")";
  if (!unstated.empty()) {
    notes += "; not said in the interview, so recorded as the least it could be:";
    for (size_t i = 0; i < unstated.size(); ++i) notes += (i ? ", " : " ") + unstated[i];
  }
  body["notes"] = notes;
  auto made = insert_new_record(repo, model::ties(), m.area_id, body, now_utc_iso());
  if (!made) return made.error();
  const std::string id = *made;
  store::AuditEntry e = store::audit_entry(who, "create", "tie", id, m.area_id);
  e.person_id = m.respondent_person_id;
  e.other_person_id = m.person_id;
  e.detail = "confirmed named person " + m.id;
  KITH_TRY(repo.audit(e));
  return id;
}

// A person for a name that is nobody in the register yet, under a pseudonym.
Result<std::string> pseudonymous_person(Repository& repo, const MentionRow& m, const model::Actor& who) {
  AlterMention said{m.said};
  ReadMention read = read_mention(said);
  json body{{"display_name", pseudonym_for(m.said, read.street)},
            {"is_pseudonym", true},
            {"notes", "Named in survey wave " + m.wave_id + "; held under a pseudonym until they consent themselves"}};
  auto made = insert_new_record(repo, model::people(), m.area_id, body, now_utc_iso());
  if (!made) return made.error();
  const std::string id = *made;
  store::AuditEntry e = store::audit_entry(who, "create", "person", id, m.area_id);
  e.person_id = id;
  e.detail = "pseudonym for named person " + m.id;
  KITH_TRY(repo.audit(e));
  return id;
}

Result<void> audit_in_own_transaction(store::Store& s, const store::AuditEntry& e) {
  return s.write([&](Connection& c) { return Repository(c).audit(e); });
}

}  // namespace mentions_impl

using namespace mentions_impl;

// One area's people folded for matching, as of one register revision.
struct AreaPool {
  int64_t revision = 0;
  std::shared_ptr<const CandidatePool> pool;
  std::map<std::string, size_t> index;  // person id → position in pool->candidates()
};

class SuggestionPools {
 public:
  // The area's pool as of `revision`: the kept one when it is of that
  // revision, else the one `load` makes (then kept). The load runs outside
  // the lock, so a large register read does not hold up another area; two
  // callers may both load, and either result is right.
  template <class Load>
  Result<std::shared_ptr<const AreaPool>> at(std::string_view area_id, int64_t revision, Load load) {
    {
      std::lock_guard lock(mutex_);
      auto it = pools_.find(area_id);
      if (it != pools_.end() && it->second->revision == revision) return it->second;
    }
    Result<AreaPool> made = load();
    if (!made) return made.error();
    KITH_ASSERT_MSG(made->revision == revision, "a pool is made at the revision it is kept under");
    auto shared = std::make_shared<const AreaPool>(std::move(*made));
    std::lock_guard lock(mutex_);
    // Kept by equality, not "newer": a database restored from a backup may
    // carry a lower revision, and its register is then the one to match.
    pools_[std::string(area_id)] = shared;
    return shared;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const AreaPool>, std::less<>> pools_;
};

Mentions::Mentions(store::Store& s) : store_(s), pools_(std::make_shared<SuggestionPools>()) {}

std::string pseudonym_for(std::string_view said, std::string_view street) {
  AlterMention m{std::string(said)};
  ReadMention read = read_mention(m);
  std::string initials;
  for (const std::string& word : read.name_tokens) {
    if (word.empty()) continue;
    // Folded words are lower case; an initial is shown upper case (ASCII;
    // a folded non-ASCII first letter is kept as it is).
    char first = word[0];
    if (first >= 'a' && first <= 'z') first = static_cast<char>(first - 'a' + 'A');
    if (static_cast<unsigned char>(first) < 0x80) initials += std::string(1, first) + ".";
  }
  if (initials.empty()) initials = "Named person";
  std::string out = initials;
  if (!street.empty()) out += " (" + std::string(street) + ")";
  return out;
}

Address split_household(std::string_view household) {
  std::string h = model::trim(household);
  size_t i = 0;
  while (i < h.size() && h[i] >= '0' && h[i] <= '9') ++i;
  if (i == 0) return {"", h};
  size_t end = i;
  while (end < h.size() && h[end] != ' ' && h[end] != ',') ++end;  // "12a"
  std::string rest = model::trim(std::string_view(h).substr(end));
  if (!rest.empty() && rest[0] == ',') rest = model::trim(std::string_view(rest).substr(1));
  return {h.substr(0, end), rest};
}

Result<json> Mentions::list(std::string_view area_id, std::string_view wave_id, std::string_view status,
                            const model::Actor& who) {
  if (!status.empty() && status != "open" && status != "proposed" && status != "confirmed")
    return invalid("status", "Show open, proposed or confirmed names (status)");
  json items = json::array();
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    SurveyRepository surveys(c);
    if (!is_valid_id(wave_id, "wv")) return not_found("Survey wave not found");
    auto wave = surveys.wave(wave_id);
    if (!wave) return wave.error();
    if (!*wave || (*wave)->area_id != area_id) return not_found("Survey wave not found");
    auto rows = surveys.mentions_of_wave((*wave)->row, status);
    if (!rows) return rows.error();
    std::map<std::string, std::string> names;  // person id → display name, read once each
    auto name_of = [&](const std::string& id) -> std::string {
      if (id.empty()) return {};
      auto it = names.find(id);
      if (it != names.end()) return it->second;
      auto p = repo.get(model::people(), id, true);
      return names[id] = p ? string_at(*p, "display_name") : std::string();
    };
    for (const MentionRow& m : *rows) {
      json r = mention_record(m);
      r["respondent_name"] = text_or_null(name_of(m.respondent_person_id));
      r["person_name"] = text_or_null(name_of(m.person_id));
      items.push_back(std::move(r));
    }
    return {};
  }));
  store::AuditEntry e = store::audit_entry(who, "list", "survey_mention", "", area_id);
  e.detail = fmt::format("survey wave {}: {} named people", wave_id, items.size());
  KITH_TRY(audit_in_own_transaction(store_, e));
  return json{{"items", std::move(items)}};
}

Result<json> Mentions::suggestions(std::string_view area_id, std::string_view mention_id, const model::Actor& who) {
  json out;
  MentionRow mention;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    SurveyRepository surveys(c);
    auto m = mention_in(surveys, area_id, mention_id);
    if (!m) return m.error();
    mention = *m;
    // The folded register is kept per revision: only a change to the
    // register makes the next call read and fold it again.
    auto revision = repo.register_revision(area_id);
    if (!revision) return revision.error();
    auto kept = pools_->at(area_id, *revision, [&]() -> Result<AreaPool> {
      auto people = load_register(repo, area_id);
      if (!people) return people.error();
      AreaPool made;
      made.revision = *revision;
      made.index = std::move(people->index);
      made.pool = std::make_shared<const CandidatePool>(std::move(people->candidates));
      return made;
    });
    if (!kept) return kept.error();
    const AreaPool& reg = **kept;
    const std::vector<Candidate>& candidates = reg.pool->candidates();
    Respondent respondent;
    respondent.person_id = m->respondent_person_id;
    if (auto it = reg.index.find(m->respondent_person_id); it != reg.index.end()) {
      const Candidate& self = candidates[it->second];
      respondent.street = self.street;
      respondent.household_id = self.household_id;
      respondent.memberships = self.memberships;
    }
    AlterMention said{m->said};
    said.relationship = relationship_of(parse_or_empty(m->interpreters));
    const ReadMention read = read_mention(said);
    AlterMatcher matcher(reg.pool, respondent);
    json list = json::array();
    for (const Suggestion& s : matcher.suggest(said, kSuggestionsMax)) {
      // The matcher only suggests the candidates it was given.
      const Candidate& cand = candidates[reg.index.at(s.candidate_id)];
      list.push_back(json{{"person_id", s.candidate_id},
                          {"display_name", cand.display_name},
                          {"household", text_or_null(cand.household_id)},
                          {"score", s.score},
                          {"reasons", s.reasons}});
    }
    out = json{{"mention", mention_record(*m)},
               {"read_as",
                {{"name", read.name_tokens},
                 {"street", text_or_null(read.street)},
                 {"house_number", text_or_null(read.house_number)},
                 {"group_or_place", text_or_null(read.group_or_place)}}},
               {"suggestions", std::move(list)}};
    return {};
  }));
  store::AuditEntry e = store::audit_entry(who, "suggest", "survey_mention", mention.id, area_id);
  e.person_id = mention.respondent_person_id;
  e.detail = fmt::format("{} people suggested", out["suggestions"].size());
  KITH_TRY(audit_in_own_transaction(store_, e));
  return out;
}

Result<json> Mentions::propose(std::string_view area_id, std::string_view mention_id, const json& body,
                               const model::Actor& who) {
  if (!body.is_object()) return invalid("", "Send the proposal as a JSON object");
  for (const auto& item : body.items())
    if (item.key() != "revision" && item.key() != "resolution" && item.key() != "person_id")
      return invalid(item.key(), "A proposal has revision, resolution and person_id only");
  auto seen = revision_of(body);
  if (!seen) return seen.error();
  const std::string resolution = body.value("resolution", "");
  if (resolution != "person" && resolution != "new_person" && resolution != "unresolved")
    return invalid("resolution", "Say who it is: a person of the register (person), a new person (new_person), or "
                                 "nobody yet (unresolved)");
  std::string person;
  if (resolution == "person") {
    if (!body.contains("person_id") || !body["person_id"].is_string() ||
        !is_valid_id(body["person_id"].get<std::string>(), model::people().id_prefix))
      return invalid("person_id", "Choose the person from the register (person_id)");
    person = body["person_id"].get<std::string>();
  } else if (body.contains("person_id") && !body["person_id"].is_null()) {
    return invalid("person_id", "Only a proposal of a register person names one (person_id)");
  }
  json out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    SurveyRepository surveys(c);
    auto m = mention_in(surveys, area_id, mention_id);
    if (!m) return m.error();
    KITH_TRY(check_fresh(*m, *seen));
    if (m->status != "open")
      return conflict("This name has a proposal already; confirm it or send it back first", "status");
    if (!person.empty()) {
      auto kept = survivor(c, person);  // a record merged away stands for the one it was merged into
      if (!kept) return kept.error();
      person = *kept;
      auto where = repo.area_of(model::people(), person);
      if (!where || *where != area_id) return invalid("person_id", "There is no such person in this area (person_id)");
      if (person == m->respondent_person_id)
        return invalid("person_id", "The respondent cannot be a person they named");
    }
    const int64_t before = m->revision;
    m->status = "proposed";
    m->resolution = resolution;
    m->person_id = person;
    m->proposed_by = who.name;
    m->revision = before + 1;
    m->updated_at = now_utc_iso();
    auto done = surveys.update_mention(*m, before);
    if (!done) return done.error();
    KITH_ASSERT_MSG(*done, "a mention's revision cannot move inside one write transaction");
    store::AuditEntry e = store::audit_entry(who, "propose", "survey_mention", m->id, area_id);
    e.person_id = m->respondent_person_id;
    e.other_person_id = person;
    e.detail = resolution;
    KITH_TRY(repo.audit(e));
    out = mention_record(*m);
    return {};
  }));
  return out;
}

Result<json> Mentions::review(std::string_view area_id, std::string_view mention_id, const json& body,
                              const model::Actor& who) {
  if (!body.is_object()) return invalid("", "Send the review as a JSON object");
  for (const auto& item : body.items())
    if (item.key() != "revision" && item.key() != "decision")
      return invalid(item.key(), "A review has revision and decision only");
  auto seen = revision_of(body);
  if (!seen) return seen.error();
  const std::string decision = body.value("decision", "");
  if (decision != "confirm" && decision != "return")
    return invalid("decision", "Confirm the proposal (confirm) or send it back to be looked at again (return)");
  json out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    SurveyRepository surveys(c);
    auto m = mention_in(surveys, area_id, mention_id);
    if (!m) return m.error();
    KITH_TRY(check_fresh(*m, *seen));
    if (m->status != "proposed") return conflict("Only a proposed name can be reviewed", "status");
    // The second pair of eyes the issue asks for: one person's guess about
    // who "Mary at number 12" is does not become a tie on its own.
    if (m->proposed_by == who.name)
      return Error{Errc::forbidden, "Someone other than the researcher who proposed it must review it", "decision", 0};
    const int64_t before = m->revision;
    if (decision == "return") {
      m->status = "open";
      m->resolution.clear();
      m->person_id.clear();
      m->proposed_by.clear();
    } else {
      auto wave = surveys.wave(m->wave_id);
      if (!wave) return wave.error();
      KITH_ASSERT_MSG(wave->has_value(), "a mention's wave exists");
      if (m->resolution == "new_person") {
        auto made = pseudonymous_person(repo, *m, who);
        if (!made) return made.error();
        m->person_id = *made;
      }
      if (!m->person_id.empty()) {
        auto live = repo.area_of(model::people(), m->person_id);
        if (!live) return conflict("The person proposed has left the register since; send the proposal back", "person_id");
        auto tie = tie_for(repo, *m, (*wave)->fieldwork_date, who);
        if (!tie) return tie.error();
        m->tie_id = *tie;
        KITH_TRY(repo.bump_register_revision(area_id));
      }
      m->status = "confirmed";
      m->confirmed_by = who.name;
    }
    m->revision = before + 1;
    m->updated_at = now_utc_iso();
    auto done = surveys.update_mention(*m, before);
    if (!done) return done.error();
    KITH_ASSERT_MSG(*done, "a mention's revision cannot move inside one write transaction");
    store::AuditEntry e = store::audit_entry(who, decision, "survey_mention", m->id, area_id);
    e.person_id = m->respondent_person_id;
    e.other_person_id = m->person_id;
    KITH_TRY(repo.audit(e));
    out = mention_record(*m);
    return {};
  }));
  return out;
}

}  // namespace kith::domain::survey
