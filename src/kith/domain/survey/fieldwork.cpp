#include "kith/domain/survey/fieldwork.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "kith/core/assert.hpp"
#include "kith/core/ids.hpp"
#include "kith/core/text.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/access.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/register.hpp"
#include "kith/domain/survey/mentions.hpp"
#include "kith/domain/survey/surveys.hpp"
#include "kith/model/fold.hpp"
#include "kith/model/validate.hpp"
#include "kith/store/accounts.hpp"
#include "kith/store/fieldwork.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/surveys.hpp"

namespace kith::domain::survey {
// Named, not anonymous: the domain is built in unity batches.
namespace fieldwork_impl {

using store::AssignmentRow;
using store::Connection;
using store::FieldworkRepository;
using store::InterviewRow;
using store::Repository;
using store::SurveyRepository;
using store::VisitRow;
using store::WaveRow;

constexpr std::string_view kAssignmentPrefix = "fa";

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(ch);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> comma_parts(std::string_view s) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    const size_t comma = s.find(',', start);
    parts.push_back(model::trim(s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) return parts;
    start = comma + 1;
  }
}

bool starts_with_digit(std::string_view s) { return !s.empty() && s[0] >= '0' && s[0] <= '9'; }

// Outcomes best first, so a smaller value is a better outcome.
constexpr int rank(Outcome o) { return static_cast<int>(o); }

Result<Outcome> visit_outcome(std::string_view s) {
  if (s == "no_answer") return Outcome::no_answer;
  if (s == "call_back") return Outcome::call_back;
  if (s == "not_eligible") return Outcome::not_eligible;
  return invalid("outcome",
                 "Say what happened at the door: no_answer (nobody came), call_back (come back another time) or "
                 "not_eligible (not a home in the survey) (outcome)");
}

Outcome interview_outcome(std::string_view status) {
  if (status == "completed") return Outcome::completed;
  if (status == "refused") return Outcome::refused;
  return Outcome::in_progress;
}

Result<std::string> place_text(const json& body, const std::string& field, std::string_view ask) {
  // find, not a const operator[]: a missing key there is undefined behaviour.
  const auto v = body.find(field);
  if (v == body.end() || !v->is_string()) return invalid(field, std::string(ask) + " (" + field + ")");
  std::string t = collapse_spaces(model::trim(v->get<std::string>()));
  if (t.empty()) return invalid(field, std::string(ask) + " (" + field + ")");
  if (!valid_utf8(t)) return invalid(field, "Write " + field + " as plain text (UTF-8)");
  if (t.size() > kStreetBytesMax) return invalid(field, fmt::format("Keep {} to {} bytes", field, kStreetBytesMax));
  return t;
}

Result<void> only_these(const json& body, std::initializer_list<std::string_view> allowed, std::string_view what) {
  if (!body.is_object()) return invalid("", "Send the " + std::string(what) + " as a JSON object");
  for (const auto& item : body.items())
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
      return invalid(item.key(), "A " + std::string(what) + " has no field " + item.key());
  return {};
}

json assignment_record(const AssignmentRow& r) {
  return json{{"id", r.id},
              {"street", r.street},
              {"household", r.household.empty() ? json(nullptr) : json(r.household)},
              {"doors", r.doors > 0 ? json(r.doors) : json(nullptr)},
              {"interviewer", r.interviewer},
              {"assigned_by", r.assigned_by},
              {"created_at", r.created_at}};
}

json visit_record(const VisitRow& r) {
  return json{{"id", r.id},
              {"household", r.household},
              {"outcome", r.outcome},
              {"interviewer", r.interviewer},
              {"visited_at", r.visited_at}};
}

Result<WaveRow> open_wave(SurveyRepository& surveys, std::string_view area_id, std::string_view wave_id) {
  auto w = wave_in_area(surveys, area_id, wave_id);
  if (!w) return w.error();
  if (w->status != "open") return conflict("This wave is closed; open it again to change its fieldwork", "status");
  return w;
}

// The area's admins and researchers who can sign in: who may interview.
Result<std::vector<store::UserRow>> possible_interviewers(Connection& c, std::string_view area_id) {
  store::AccountRepository accounts(c);
  auto users = accounts.list_users();
  if (!users) return users.error();
  auto grants = accounts.all_grants();
  if (!grants) return grants.error();
  std::set<std::string> roles;
  for (Role r : roles_meeting(Need::survey)) roles.insert(std::string(role_name(r)));
  std::set<int64_t> able;
  for (const store::GrantRow& g : *grants)
    if (roles.count(g.role) && (g.area_id.empty() || g.area_id == area_id)) able.insert(g.user_row);
  std::vector<store::UserRow> out;
  for (store::UserRow& u : *users)
    if (!u.disabled && able.count(u.row)) out.push_back(std::move(u));
  return out;
}

// ---- the report ----------------------------------------------------------------

struct Household {
  std::string street_key;
  std::optional<Outcome> outcome;
  std::string by;  // who recorded the best outcome
};

struct Event {
  std::string household, interviewer, at;
  Outcome outcome;
};

struct Ledger {
  std::map<std::string, Household> households;  // by household key
  std::map<std::string, StreetCoverage> streets;  // by street key
  std::map<std::string, std::string> street_owner;     // street key → interviewer (whole street)
  std::map<std::string, std::string> household_owner;  // household key → interviewer (single household)
  std::map<std::string, InterviewerProgress> interviewers;
  StreetCoverage no_household;

  StreetCoverage& street(const std::string& label) {
    StreetCoverage& s = streets[place_key(label)];
    if (s.street.empty()) s.street = label;
    return s;
  }
  Household& household(const std::string& label) {
    Household& h = households[place_key(label)];
    if (h.street_key.empty()) h.street_key = place_key(street(street_of(label)).street);
    return h;
  }
  InterviewerProgress& interviewer(const std::string& name) {
    InterviewerProgress& p = interviewers[name];
    p.interviewer = name;
    return p;
  }
};

void add_assignments(Ledger& l, const std::vector<AssignmentRow>& rows) {
  for (const AssignmentRow& a : rows) {
    StreetCoverage& s = l.street(a.street);
    if (a.household.empty()) {
      s.doors = a.doors;
      l.street_owner[a.street_key] = a.interviewer;
      ++l.interviewer(a.interviewer).streets;
    } else {
      l.household(a.household);
      l.household_owner[a.household_key] = a.interviewer;
      ++l.interviewer(a.interviewer).households;
    }
  }
}

void add_event(Ledger& l, const Event& e) {
  InterviewerProgress& p = l.interviewer(e.interviewer);
  p.last_activity = std::max(p.last_activity, e.at);
  if (e.household.empty()) {  // an interview that records no household
    l.no_household.outcomes.add(e.outcome);
    p.own.add(e.outcome);
    return;
  }
  Household& h = l.household(e.household);
  if (!h.outcome || rank(e.outcome) < rank(*h.outcome)) {
    h.outcome = e.outcome;
    h.by = e.interviewer;
  }
}

void settle_streets(Ledger& l) {
  for (const auto& [key, h] : l.households) {
    StreetCoverage& s = l.streets[h.street_key];
    ++s.households_known;
    if (h.outcome) s.outcomes.add(*h.outcome);
  }
  for (auto& [key, s] : l.streets) {
    std::set<std::string> who;
    if (auto o = l.street_owner.find(key); o != l.street_owner.end()) who.insert(o->second);
    for (const auto& [hkey, owner] : l.household_owner)
      if (l.households[hkey].street_key == key) who.insert(owner);
    s.interviewers.assign(who.begin(), who.end());
  }
}

// Each household belongs to its own assignment's interviewer, else to its
// street's; a street's doors beyond the households known are its owner's.
void settle_interviewers(Ledger& l) {
  for (const auto& [key, h] : l.households) {
    if (h.outcome) {
      l.interviewer(h.by).own.add(*h.outcome);
    }
    std::string owner;
    if (auto o = l.household_owner.find(key); o != l.household_owner.end()) owner = o->second;
    else if (auto s = l.street_owner.find(h.street_key); s != l.street_owner.end()) owner = s->second;
    if (owner.empty()) continue;
    InterviewerProgress& p = l.interviewer(owner);
    ++p.assigned_households;
    if (h.outcome) ++p.reached;
  }
  for (const auto& [key, owner] : l.street_owner) {
    const StreetCoverage& s = l.streets[key];
    l.interviewer(owner).assigned_households += s.households() - s.households_known;
  }
}

FieldworkReport report_of(const WaveRow& w, Ledger& l) {
  settle_streets(l);
  settle_interviewers(l);
  FieldworkReport r;
  r.area_id = w.area_id;
  r.wave_id = w.id;
  r.wave_label = w.label;
  for (auto& [key, s] : l.streets) {
    r.total.doors += s.doors;
    r.total.households_known += s.households_known;
    r.total.outcomes.add(s.outcomes);
    r.streets.push_back(std::move(s));
  }
  if (l.no_household.outcomes.visited() > 0) {
    r.total.outcomes.add(l.no_household.outcomes);
    r.total.households_known += l.no_household.outcomes.visited();
    l.no_household.households_known = l.no_household.outcomes.visited();
    r.streets.push_back(std::move(l.no_household));
  }
  // The total's doors are counted street by street: a street whose doors
  // are unknown counts its known households.
  int64_t households = 0;
  for (const StreetCoverage& s : r.streets) households += s.households();
  r.total.doors = households;
  r.total.households_known = std::min(r.total.households_known, households);
  for (auto& [name, p] : l.interviewers) r.interviewers.push_back(std::move(p));
  KITH_ASSERT_MSG(r.total.outcomes.visited() <= r.total.households(), "no street has more visits than households");
  return r;
}

// Where the respondent lives: as the interview records it, else as the register does.
std::string interview_household(const InterviewRow& i, const std::map<std::string, std::string>& register_households) {
  if (!i.respondent.empty()) {
    const json r = json::parse(i.respondent);  // written by the survey service from a json value
    if (r.is_object() && r.contains("household") && r["household"].is_string()) {
      std::string h = collapse_spaces(model::trim(r["household"].get<std::string>()));
      if (!h.empty()) return h;
    }
  }
  if (auto p = register_households.find(i.respondent_person_id); p != register_households.end()) return p->second;
  return {};
}

}  // namespace fieldwork_impl

using namespace fieldwork_impl;

std::string street_of(std::string_view household) {
  const std::vector<std::string> parts = comma_parts(household);
  for (size_t i = parts.size(); i-- > 0;) {
    if (!fieldwork_impl::starts_with_digit(parts[i])) continue;
    std::string street = collapse_spaces(split_household(parts[i]).street);
    if (!street.empty()) return street;
    if (i + 1 < parts.size()) return collapse_spaces(parts[i + 1]);  // "12, Elm Road"
  }
  return collapse_spaces(model::trim(household));
}

std::string place_key(std::string_view text) { return model::fold_for_search(collapse_spaces(model::trim(text))); }

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::completed: return "completed";
    case Outcome::in_progress: return "in_progress";
    case Outcome::refused: return "refused";
    case Outcome::not_eligible: return "not_eligible";
    case Outcome::call_back: return "call_back";
    case Outcome::no_answer: return "no_answer";
  }
  KITH_ASSERT_MSG(false, "every outcome has a name");
  return "";
}

void Tally::add(Outcome o) {
  switch (o) {
    case Outcome::completed: ++completed; return;
    case Outcome::in_progress: ++in_progress; return;
    case Outcome::refused: ++refused; return;
    case Outcome::not_eligible: ++not_eligible; return;
    case Outcome::call_back: ++call_back; return;
    case Outcome::no_answer: ++no_answer; return;
  }
}

void Tally::add(const Tally& t) {
  completed += t.completed;
  in_progress += t.in_progress;
  refused += t.refused;
  not_eligible += t.not_eligible;
  call_back += t.call_back;
  no_answer += t.no_answer;
}

Result<json> wave_assignments(Connection& c, int64_t wave_row) {
  auto rows = FieldworkRepository(c).assignments_of(wave_row);
  if (!rows) return rows.error();
  json items = json::array();
  for (const AssignmentRow& a : *rows) items.push_back(assignment_record(a));
  return items;
}

Result<json> Fieldwork::list_assignments(std::string_view area_id, std::string_view wave_id) {
  json out;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    auto w = wave_in_area(surveys, area_id, wave_id);
    if (!w) return w.error();
    auto items = wave_assignments(c, w->row);
    if (!items) return items.error();
    auto users = possible_interviewers(c, area_id);
    if (!users) return users.error();
    json people = json::array();
    for (const store::UserRow& u : *users)
      people.push_back({{"username", u.username}, {"display_name", u.display_name}});
    out = json{{"items", std::move(*items)}, {"interviewers", std::move(people)}};
    return {};
  }));
  return out;
}

Result<json> Fieldwork::assign(std::string_view area_id, std::string_view wave_id, const json& body,
                               const model::Actor& who) {
  KITH_TRY(only_these(body, {"street", "household", "doors", "interviewer"}, "assignment"));
  AssignmentRow row;
  const bool single = body.contains("household") && !body["household"].is_null();
  if (single) {
    auto h = place_text(body, "household", "Write the household as the register does, such as 12 Elm Road");
    if (!h) return h.error();
    row.household = *h;
    row.household_key = place_key(*h);
    row.street = street_of(*h);
  }
  if (body.contains("street") && !body["street"].is_null()) {
    auto s = place_text(body, "street", "Write the street's name, such as Elm Road");
    if (!s) return s.error();
    if (single && place_key(*s) != place_key(row.street))
      return invalid("household", fmt::format("{} is not on {}; leave the street out for a single household",
                                              row.household, *s));
    if (!single) row.street = *s;
  } else if (!single) {
    return invalid("street", "Write the street's name, such as Elm Road (street)");
  }
  row.street_key = place_key(row.street);
  if (body.contains("doors") && !body["doors"].is_null()) {
    const json& d = body["doors"];
    if (single) return invalid("doors", "A single household has no count of doors; give doors for a whole street");
    if (!d.is_number_integer() || d.get<int64_t>() < 1 || d.get<int64_t>() > kDoorsMax)
      return invalid("doors", fmt::format("Give the street's households as a whole number, 1 to {} (doors)", kDoorsMax));
    row.doors = d.get<int64_t>();
  }
  if (!body.contains("interviewer") || !body["interviewer"].is_string())
    return invalid("interviewer", "Choose the interviewer by their username (interviewer)");
  const std::string wanted = username_key(body["interviewer"].get<std::string>());
  row.id = new_id(kAssignmentPrefix);
  row.assigned_by = who.name;
  row.created_at = now_utc_iso();
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    auto w = open_wave(surveys, area_id, wave_id);
    if (!w) return w.error();
    auto users = possible_interviewers(c, area_id);
    if (!users) return users.error();
    auto found = std::find_if(users->begin(), users->end(),
                              [&](const store::UserRow& u) { return username_key(u.username) == wanted; });
    if (found == users->end())
      return invalid("interviewer", "Choose an interviewer who is an admin or researcher of this area (interviewer)");
    row.interviewer = found->username;
    FieldworkRepository fieldwork(c);
    auto existing = fieldwork.assignments_of(w->row);
    if (!existing) return existing.error();
    if (existing->size() >= kAssignmentsMax)
      return invalid("", fmt::format("A wave has at most {} assignments", kAssignmentsMax));
    KITH_TRY(fieldwork.insert_assignment(w->row, row));
    store::AuditEntry e = store::audit_entry(who, "create", "assignment", row.id, area_id);
    e.detail = fmt::format("survey wave {}: {} to {}", w->id, single ? "a household" : "a street", row.interviewer);
    return Repository(c).audit(e);
  }));
  return assignment_record(row);
}

Result<void> Fieldwork::unassign(std::string_view area_id, std::string_view wave_id, std::string_view id,
                                 const model::Actor& who) {
  return store_.write([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    auto w = open_wave(surveys, area_id, wave_id);
    if (!w) return w.error();
    if (!is_valid_id(id, kAssignmentPrefix)) return not_found("Assignment not found");
    auto gone = FieldworkRepository(c).delete_assignment(w->row, id);
    if (!gone) return gone.error();
    if (!*gone) return not_found("Assignment not found");
    store::AuditEntry e = store::audit_entry(who, "delete", "assignment", id, area_id);
    e.detail = "survey wave " + w->id;
    return Repository(c).audit(e);
  });
}

Result<Fieldwork::VisitOutcome> Fieldwork::record_visit(std::string_view area_id, std::string_view wave_id,
                                                        std::string_view key, const json& body,
                                                        const model::Actor& who) {
  if (!is_client_key(key)) return invalid("key", "A visit's key is 16 to 64 letters, digits, - or _");
  KITH_TRY(only_these(body, {"household", "outcome"}, "visit"));
  auto h = place_text(body, "household", "Write the household visited, such as 12 Elm Road");
  if (!h) return h.error();
  if (!body.contains("outcome") || !body["outcome"].is_string()) return visit_outcome("").error();
  KITH_TRY(visit_outcome(body["outcome"].get<std::string>()));
  VisitRow row{.id = std::string(key), .household = *h, .outcome = body["outcome"].get<std::string>(),
               .interviewer = who.name, .visited_at = now_utc_iso()};
  VisitOutcome out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    FieldworkRepository fieldwork(c);
    auto w = wave_in_area(surveys, area_id, wave_id);
    if (!w) return w.error();
    auto seen = fieldwork.visit(w->row, key);
    if (!seen) return seen.error();
    if (*seen) {  // sent before: the same visit, whatever the wave's status now
      if (place_key((*seen)->household) != place_key(row.household) || (*seen)->outcome != row.outcome)
        return conflict("This visit was recorded already with another household or outcome", "key");
      out.visit = visit_record(**seen);
      return {};
    }
    if (w->status != "open") return conflict("This wave is closed; no more visits can be sent to it", "status");
    KITH_TRY(fieldwork.insert_visit(w->row, row));
    store::AuditEntry e = store::audit_entry(who, "create", "visit", row.id, area_id);
    e.detail = fmt::format("survey wave {}: {}", w->id, row.outcome);
    KITH_TRY(Repository(c).audit(e));
    out.created = true;
    out.visit = visit_record(row);
    return {};
  }));
  return out;
}

Result<FieldworkReport> Fieldwork::report(std::string_view area_id, std::string_view wave_id) {
  FieldworkReport out;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    FieldworkRepository fieldwork(c);
    Repository repo(c);
    auto w = wave_in_area(surveys, area_id, wave_id);
    if (!w) return w.error();
    auto assignments = fieldwork.assignments_of(w->row);
    if (!assignments) return assignments.error();
    auto visits = fieldwork.visits_of(w->row);
    if (!visits) return visits.error();
    auto interviews = surveys.interviews_of(w->row);
    if (!interviews) return interviews.error();
    store::ListQuery q;
    q.area_id = std::string(area_id);
    auto people = list_every_page(repo, model::people(), std::move(q), kFieldworkRegisterMax);
    if (!people) return people.error();
    Ledger l;
    std::map<std::string, std::string> lives_at;  // person id → household
    for (const json& p : *people) {
      if (!p.contains("household") || !p["household"].is_string()) continue;
      std::string h = collapse_spaces(model::trim(p["household"].get<std::string>()));
      if (h.empty()) continue;
      lives_at[p["id"].get<std::string>()] = h;
      l.household(h);
    }
    add_assignments(l, *assignments);
    for (const InterviewRow& i : *interviews)
      add_event(l, Event{interview_household(i, lives_at), i.interviewer, i.updated_at, interview_outcome(i.status)});
    for (const VisitRow& v : *visits) {
      auto o = visit_outcome(v.outcome);
      KITH_ASSERT_MSG(o.ok(), "the schema keeps visit outcomes to the three known");
      add_event(l, Event{v.household, v.interviewer, v.visited_at, *o});
    }
    out = report_of(*w, l);
    return {};
  }));
  return out;
}

}  // namespace kith::domain::survey
