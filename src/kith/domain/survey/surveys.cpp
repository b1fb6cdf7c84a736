#include "kith/domain/survey/surveys.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/merges.hpp"
#include "kith/domain/register.hpp"
#include "kith/domain/survey/answers.hpp"
#include "kith/domain/survey/fieldwork.hpp"
#include "kith/domain/survey/instrument.hpp"
#include "kith/model/validate.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/surveys.hpp"

namespace kith::domain::survey {
// A named namespace rather than an anonymous one: the domain is built in
// unity batches, and register.cpp has helpers of the same names.
namespace surveys_impl {

using store::Connection;
using store::InstrumentRow;
using store::InterviewRow;
using store::Repository;
using store::SurveyRepository;
using store::WaveRow;

constexpr std::string_view kInstrumentPrefix = "in";
constexpr std::string_view kWavePrefix = "wv";
constexpr std::string_view kMentionPrefix = "mn";

json parse_stored(const std::string& text) {
  if (text.empty()) return json::object();
  return json::parse(text);  // written by this file from a json value: always valid
}

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json instrument_record(const InstrumentRow& r, bool with_definition) {
  json out{{"id", r.id},           {"area_id", r.area_id},       {"name", r.name},
           {"version", r.version}, {"revision", r.revision},     {"status", r.status},
           {"created_by", r.created_by},
           {"created_at", r.created_at}, {"updated_at", r.updated_at}, {"published_at", or_null(r.published_at)}};
  if (with_definition) out["definition"] = parse_stored(r.definition);
  return out;
}

json wave_record(const WaveRow& r) {
  return json{{"id", r.id},
              {"area_id", r.area_id},
              {"instrument_id", r.instrument_id},
              {"label", r.label},
              {"ordinal", r.ordinal},
              {"fieldwork_date", r.fieldwork_date},
              {"status", r.status},
              {"created_at", r.created_at},
              {"updated_at", r.updated_at}};
}

json interview_record(const InterviewRow& r, bool with_answers) {
  json out{{"id", r.id},
           {"wave_id", r.wave_id},
           {"status", r.status},
           {"revision", r.revision},
           {"interviewer", r.interviewer},
           {"language", r.language},
           {"person_id", or_null(r.respondent_person_id)},
           {"respondent", parse_stored(r.respondent)},
           {"consent", parse_stored(r.consent)},
           {"started_at", r.started_at},
           {"updated_at", r.updated_at},
           {"completed_at", or_null(r.completed_at)}};
  if (with_answers) {
    out["answers"] = parse_stored(r.answers);
    out["scores"] = r.status == "completed" ? parse_stored(r.scores) : json(nullptr);
  }
  return out;
}

Error area_missing() { return not_found("Area not found"); }
Error instrument_missing() { return not_found("Survey instrument not found"); }
Error wave_missing() { return not_found("Survey wave not found"); }
Error interview_missing() { return not_found("Interview not found"); }

Result<void> require_live_area(Repository& repo, std::string_view area_id) {
  if (!is_valid_id(area_id, model::areas().id_prefix)) return area_missing();
  auto a = repo.get(model::areas(), area_id);
  if (!a) return a.error().code == Errc::not_found ? area_missing() : a.error();
  return {};
}

// The instrument, only when it is the area's: one of another area is missing.
Result<InstrumentRow> instrument_in(SurveyRepository& surveys, std::string_view area_id, std::string_view id) {
  if (!is_valid_id(id, kInstrumentPrefix)) return instrument_missing();
  auto r = surveys.instrument(id);
  if (!r) return r.error();
  if (!*r || (*r)->area_id != area_id) return instrument_missing();
  return std::move(**r);
}

Result<WaveRow> wave_in(SurveyRepository& surveys, std::string_view area_id, std::string_view id) {
  if (!is_valid_id(id, kWavePrefix)) return wave_missing();
  auto r = surveys.wave(id);
  if (!r) return r.error();
  if (!*r || (*r)->area_id != area_id) return wave_missing();
  return std::move(**r);
}

Result<void> only_fields(const json& body, std::initializer_list<std::string_view> allowed, std::string_view what) {
  if (!body.is_object()) return invalid("", "Send the " + std::string(what) + " as a JSON object");
  for (const auto& item : body.items())
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end())
      return invalid(item.key(), "A " + std::string(what) + " has no field " + item.key());
  return {};
}

// ---- interviews: the request ------------------------------------------------------

struct RespondentInput {
  std::string person_id;      // an existing person of the register
  std::string display_name;   // or a new one, made when the interview is completed
  std::string household;
  bool empty() const { return person_id.empty() && display_name.empty(); }
  json to_json() const {
    json out = json::object();
    if (!person_id.empty()) out["person_id"] = person_id;
    if (!display_name.empty()) out["display_name"] = display_name;
    if (!household.empty()) out["household"] = household;
    return out;
  }
};

struct ConsentInput {
  std::string status = "not_asked";  // given, refused
  std::vector<std::string> scope;
  json to_json() const { return json{{"status", status}, {"scope", scope}}; }
};

struct InterviewInput {
  std::string batch;
  int64_t base_revision = 0;
  RespondentInput respondent;
  ConsentInput consent;
  std::string language = "en";
  std::string status = "in_progress";
  json answers = json::object();  // as sent; checked against the instrument later
};

Result<std::string> short_text(const json& v, const std::string& field, size_t max_bytes, std::string_view ask) {
  if (!v.is_string()) return invalid(field, std::string(ask) + " (" + field + ")");
  std::string t = model::trim(v.get<std::string>());
  if (t.size() > max_bytes) return invalid(field, fmt::format("Keep {} to {} bytes", field, max_bytes));
  return t;
}

Result<RespondentInput> parse_respondent(const json& v) {
  RespondentInput r;
  if (v.is_null()) return r;
  KITH_TRY(only_fields(v, {"person_id", "display_name", "household"}, "respondent"));
  if (v.contains("person_id") && !v["person_id"].is_null()) {
    if (!v["person_id"].is_string() || !is_valid_id(v["person_id"].get<std::string>(), model::people().id_prefix))
      return invalid("respondent.person_id", "Choose the respondent from the register (respondent.person_id)");
    r.person_id = v["person_id"].get<std::string>();
  }
  if (v.contains("display_name") && !v["display_name"].is_null()) {
    auto t = short_text(v["display_name"], "respondent.display_name", 200, "Enter the respondent's name");
    if (!t) return t.error();
    r.display_name = *t;
  }
  if (v.contains("household") && !v["household"].is_null()) {
    auto t = short_text(v["household"], "respondent.household", 100, "Enter the household as text");
    if (!t) return t.error();
    r.household = *t;
  }
  if (!r.person_id.empty() && !r.display_name.empty())
    return invalid("respondent", "Give either the register person (person_id) or a new person's name, not both");
  return r;
}

Result<ConsentInput> parse_consent(const json& v) {
  ConsentInput c;
  if (v.is_null()) return c;
  KITH_TRY(only_fields(v, {"status", "scope"}, "consent"));
  if (!v.contains("status") || !v["status"].is_string() ||
      (v["status"] != "given" && v["status"] != "refused" && v["status"] != "not_asked"))
    return invalid("consent.status", "Record whether the respondent gave consent: given or refused (consent.status)");
  c.status = v["status"].get<std::string>();
  if (v.contains("scope") && !v["scope"].is_null()) {
    const auto& choices = model::people().field("consent_scope")->choices;
    if (!v["scope"].is_array()) return invalid("consent.scope", "List what the consent covers (consent.scope)");
    for (size_t i = 0; i < v["scope"].size(); ++i) {
      const json& s = v["scope"][i];
      if (!s.is_string() || std::find(choices.begin(), choices.end(), s.get<std::string>()) == choices.end())
        return invalid(fmt::format("consent.scope[{}]", i),
                       "Consent can cover research, timebank, referrals and suggestions");
      if (std::find(c.scope.begin(), c.scope.end(), s.get<std::string>()) == c.scope.end())
        c.scope.push_back(s.get<std::string>());
    }
    std::sort(c.scope.begin(), c.scope.end());
  }
  if (c.status != "given" && !c.scope.empty())
    return invalid("consent.scope", "Consent that was not given covers nothing; leave the scope empty");
  return c;
}

Result<InterviewInput> parse_interview_input(const json& body) {
  KITH_TRY(only_fields(body, {"batch", "base_revision", "respondent", "consent", "language", "status", "answers"},
                       "interview"));
  InterviewInput in;
  if (!body.contains("batch") || !body["batch"].is_string() || !is_client_key(body["batch"].get<std::string>()))
    return invalid("batch", "Send a new batch key with every send: 16 to 64 letters, digits, - or _ (batch)");
  in.batch = body["batch"].get<std::string>();
  if (body.contains("base_revision")) {
    const json& b = body["base_revision"];
    if (!b.is_number_integer() || b.get<int64_t>() < 0)
      return invalid("base_revision", "Send the revision this device last saw, 0 for a new interview (base_revision)");
    in.base_revision = b.get<int64_t>();
  }
  auto r = parse_respondent(body.value("respondent", json(nullptr)));
  if (!r) return r.error();
  in.respondent = std::move(*r);
  auto c = parse_consent(body.value("consent", json(nullptr)));
  if (!c) return c.error();
  in.consent = std::move(*c);
  if (body.contains("language")) {
    if (!body["language"].is_string() || (body["language"] != "en" && body["language"] != "cy"))
      return invalid("language", "The interview is in English (en) or Welsh (cy) (language)");
    in.language = body["language"].get<std::string>();
  }
  if (body.contains("status")) {
    const json& s = body["status"];
    if (!s.is_string() || (s != "in_progress" && s != "completed" && s != "refused"))
      return invalid("status", "An interview is in_progress, completed or refused (status)");
    in.status = s.get<std::string>();
  }
  if (body.contains("answers") && !body["answers"].is_null()) in.answers = body["answers"];
  return in;
}

// The rules between the parts of an interview, whatever the instrument.
Result<void> check_interview_rules(const InterviewInput& in, const Answers& a) {
  const bool answered = !a.names.empty() || !a.rosters.empty() || !a.scales.empty() || !a.demographics.empty() ||
                        !a.text.empty();
  if (in.status == "refused") {
    if (answered) return invalid("answers", "A refused interview keeps no answers");
    if (in.consent.status == "given") return invalid("consent.status", "A refused interview has no consent given");
    return {};
  }
  if (answered && in.consent.status != "given")
    return invalid("consent.status", "Take the respondent's consent before any answers (consent.status)");
  if (in.status == "completed") {
    if (in.consent.status != "given")
      return invalid("consent.status", "An interview is completed only with the respondent's consent");
    if (in.respondent.empty())
      return invalid("respondent", "Say who the respondent is before completing the interview (respondent)");
  }
  return {};
}

// Where the device's copy and the stored one differ, as field paths.
std::vector<std::string> differences(const json& stored, const json& incoming) {
  std::vector<std::string> out;
  for (const char* k : {"status", "language", "respondent", "consent"})
    if (stored.value(k, json(nullptr)) != incoming.value(k, json(nullptr))) out.emplace_back(k);
  const json a = stored.value("answers", json::object()), b = incoming.value("answers", json::object());
  for (const char* part : {"names", "rosters", "scales", "demographics", "text", "carried"}) {
    const json pa = a.value(part, json::object()), pb = b.value(part, json::object());
    std::set<std::string> keys;
    for (const auto& item : pa.items()) keys.insert(item.key());
    for (const auto& item : pb.items()) keys.insert(item.key());
    for (const std::string& k : keys)
      if (pa.value(k, json(nullptr)) != pb.value(k, json(nullptr))) out.push_back(fmt::format("answers.{}.{}", part, k));
  }
  return out;
}

// ---- interviews: completion writes to the register ---------------------------------

struct Completion {
  const WaveRow& wave;
  const Instrument& instrument;
  const Answers& answers;
  const InterviewInput& in;
  const Actor& who;
  std::string now;
};

// The respondent's person: the one named, with the consent just taken, or a
// new person made from the interview.
Result<std::string> record_respondent(Repository& repo, const Completion& c) {
  const std::string area = c.wave.area_id;
  json consent_fields{{"consent_status", c.in.consent.status},
                      {"consent_scope", c.in.consent.scope},
                      {"consent_date", c.wave.fieldwork_date}};
  if (!c.in.respondent.person_id.empty()) {
    const std::string& id = c.in.respondent.person_id;
    auto current = repo.get(model::people(), id);
    if (!current || string_at(*current, "area_id") != area)
      return invalid("respondent.person_id", "There is no such person in this area's register (respondent.person_id)");
    auto merged = model::validate_patch(model::people(), *current, consent_fields);
    if (!merged) return merged.error();
    (*merged)["updated_at"] = c.now;
    auto updated = repo.update(model::people(), *merged);
    if (!updated) return updated.error();
    store::AuditEntry e = store::audit_entry(c.who, "update", "person", id, area);
    e.person_id = id;
    e.fields = "consent_date,consent_scope,consent_status";
    e.detail = "consent taken in survey wave " + c.wave.id;
    KITH_TRY(repo.audit(e));
    return id;
  }
  json body = consent_fields;
  body["display_name"] = c.in.respondent.display_name;
  if (!c.in.respondent.household.empty()) body["household"] = c.in.respondent.household;
  for (const auto& [field, value] : c.answers.demographics) body[field] = value;
  auto made = insert_new_record(repo, model::people(), area, body, c.now);
  if (!made) {
    if (made.error().code != Errc::invalid) return made.error();
    return invalid("respondent." + made.error().field, made.error().message);
  }
  const std::string id = *made;
  store::AuditEntry e = store::audit_entry(c.who, "create", "person", id, area);
  e.person_id = id;
  e.detail = "respondent of survey wave " + c.wave.id;
  KITH_TRY(repo.audit(e));
  return id;
}

// An affiliation for every group or place ticked that the person is not
// already in, dated from the wave's fieldwork.
Result<int64_t> record_rosters(Repository& repo, const Completion& c, const std::string& person_id) {
  const std::string area = c.wave.area_id;
  auto existing = live_links_of(repo, model::affiliations(), area, person_id);
  if (!existing) return existing.error();
  std::set<std::string> held;
  for (const json& a : *existing) {
    held.insert(string_at(a, "group_id"));
    held.insert(string_at(a, "place_id"));
  }
  int64_t added = 0;
  for (const auto& [key, ticks] : c.answers.rosters) {
    const Section* s = c.instrument.section(key);
    KITH_ASSERT_MSG(s != nullptr && s->kind == SectionKind::roster, "parse_answers checked the roster key");
    const model::Entity& venue = s->of == "groups" ? model::groups() : model::places();
    for (size_t i = 0; i < ticks.size(); ++i) {
      const RosterTick& t = ticks[i];
      auto where = repo.area_of(venue, t.id);
      if (!where || *where != area)
        return invalid(fmt::format("answers.rosters.{}[{}].id", key, i),
                       "That " + std::string(venue.name) + " is no longer in this area's register; untick it");
      if (held.contains(t.id)) continue;
      json body{{"person_id", person_id},
                {s->of == "groups" ? "group_id" : "place_id", t.id},
                {"role", "member"},
                {"valid_from", c.wave.fieldwork_date},
                {"notes", "From survey wave " + c.wave.label}};
      if (t.frequency) body["frequency"] = *t.frequency;
      auto id = insert_new_record(repo, model::affiliations(), area, body, c.now);
      if (!id) return id.error();
      store::AuditEntry e = store::audit_entry(c.who, "create", "affiliation", *id, area);
      e.person_id = person_id;
      e.detail = "survey wave " + c.wave.id;
      KITH_TRY(repo.audit(e));
      held.insert(t.id);
      ++added;
    }
  }
  return added;
}

// One mention a named person, waiting to be resolved (the review queue).
Result<void> record_mentions(SurveyRepository& surveys, const Completion& c, int64_t interview_row) {
  for (const auto& [key, people] : c.answers.names) {
    for (size_t i = 0; i < people.size(); ++i) {
      const NamedPerson& p = people[i];
      store::MentionRow m;
      m.id = new_id(kMentionPrefix);
      m.interview_row = interview_row;
      m.generator = key;
      m.position = static_cast<int64_t>(i);
      m.said = p.said;
      m.interpreters = named_interpreters_json(p).dump();
      m.status = "open";
      m.revision = 1;
      m.created_at = m.updated_at = c.now;
      KITH_TRY(surveys.insert_mention(m));
    }
  }
  return {};
}

// "2026-06-10" → "2026-06-09": the last day a tie held when a follow-up wave
// finds it over (valid_to is the last day, inclusive).
std::string day_before(const std::string& day) {
  const auto d = parse_date(day);
  KITH_ASSERT_MSG(d.has_value(), "a wave's fieldwork date is a checked date");
  namespace ch = std::chrono;
  const ch::sys_days before = ch::sys_days(ch::year{d->year} / d->month / d->day) - ch::days{1};
  const ch::year_month_day ymd(before);
  return Date{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
              static_cast<int>(static_cast<unsigned>(ymd.day()))}
      .str();
}

// The wave before this one in the area (the next lower ordinal), if any.
Result<std::optional<WaveRow>> previous_wave(SurveyRepository& surveys, const WaveRow& w) {
  auto waves = surveys.waves_of(w.area_id);
  if (!waves) return waves.error();
  std::optional<WaveRow> out;
  for (const WaveRow& other : *waves)
    if (other.ordinal < w.ordinal && (!out || other.ordinal > out->ordinal)) out = other;
  return out;
}

Result<void> audit_tie_change(Repository& repo, const Completion& c, const std::string& tie, const std::string& person,
                              std::string_view action, std::string detail) {
  store::AuditEntry e = store::audit_entry(c.who, action, "tie", tie, c.wave.area_id);
  e.person_id = person;
  e.detail = std::move(detail);
  return repo.audit(e);
}

// Ends a tie on the day before this wave's fieldwork: it held at the wave
// before and no longer does, so each wave's network keeps what it saw.
Result<json> end_tie(Repository& repo, const Completion& c, const json& tie, const std::string& field) {
  auto merged = model::validate_patch(model::ties(), tie, json{{"valid_to", day_before(c.wave.fieldwork_date)}});
  if (!merged) return invalid(field, "This tie cannot end before this wave: " + merged.error().message);
  (*merged)["updated_at"] = c.now;
  auto updated = repo.update(model::ties(), *merged);
  if (!updated) return updated.error();
  return *merged;
}

// A closer or less close tie from this wave on: the old one ends the day
// before, and a copy with closeness one step up or down starts on the day.
Result<void> restart_tie(Repository& repo, const Completion& c, const json& tie, const CarriedName& n,
                         const std::string& person, const std::string& field) {
  auto ended = end_tie(repo, c, tie, field);
  if (!ended) return ended.error();
  const int step = n.closeness == CloserOrNot::closer ? 1 : -1;
  const int closeness = std::clamp(tie.value("closeness", 3) + step, 1, 5);
  json body{{"source_id", tie["source_id"]}, {"target_id", tie["target_id"]}, {"kind", tie["kind"]},
            {"closeness", closeness},        {"evidence", "survey"},           {"valid_from", c.wave.fieldwork_date},
            {"notes", "Carried forward in survey wave " + c.wave.label + ": " + std::string(closer_or_not_name(n.closeness))}};
  for (const char* kept : {"frequency", "named_by"})
    if (tie.contains(kept) && !tie[kept].is_null()) body[kept] = tie[kept];
  auto made = insert_new_record(repo, model::ties(), c.wave.area_id, body, c.now);
  if (!made) return made.error();
  KITH_TRY(audit_tie_change(repo, c, string_at(tie, "id"), person, "update", "ended by survey wave " + c.wave.id));
  return audit_tie_change(repo, c, *made, person, "create", "closeness changed in survey wave " + c.wave.id);
}

// What a follow-up interview says of the names given at the wave before:
// each must be one this respondent gave then. A name that was resolved to a
// register person has a tie, which ends or changes here; a name never
// resolved has no tie, and the wave report counts it as a contact while
// still in touch.
Result<void> record_carried(Repository& repo, SurveyRepository& surveys, const Completion& c, const std::string& person) {
  if (c.answers.carried.empty()) return {};
  auto before = previous_wave(surveys, c.wave);
  if (!before) return before.error();
  for (size_t i = 0; i < c.answers.carried.size(); ++i) {
    const CarriedName& n = c.answers.carried[i];
    const std::string field = fmt::format("answers.carried[{}].mention", i);
    auto m = surveys.mention(n.mention);
    if (!m) return m.error();
    if (!*before || !*m || (*m)->wave_id != (*before)->id || (*m)->respondent_person_id != person)
      return invalid(field, "This is not a name this respondent gave at the wave before");
    if ((*m)->tie_id.empty() || (n.in_touch && n.closeness == CloserOrNot::same)) continue;
    auto tie = repo.get(model::ties(), (*m)->tie_id);
    if (!tie) {
      if (tie.error().code == Errc::not_found) continue;  // deleted since: nothing left to end
      return tie.error();
    }
    const std::string to = string_at(*tie, "valid_to");
    if (!to.empty() && to < c.wave.fieldwork_date) continue;  // already over
    if (!n.in_touch) {
      auto ended = end_tie(repo, c, *tie, field);
      if (!ended) return ended.error();
      KITH_TRY(audit_tie_change(repo, c, (*m)->tie_id, person, "update", "no longer in touch, survey wave " + c.wave.id));
    } else {
      KITH_TRY(restart_tie(repo, c, *tie, n, person, field));
    }
  }
  return {};
}

Result<std::string> complete(Repository& repo, const Completion& c) {
  auto person = record_respondent(repo, c);
  if (!person) return person.error();
  auto added = record_rosters(repo, c, *person);
  if (!added) return added.error();
  KITH_TRY(repo.bump_register_revision(c.wave.area_id));
  return person;
}

Result<Instrument> instrument_of_wave(SurveyRepository& surveys, const WaveRow& w) {
  auto row = instrument_in(surveys, w.area_id, w.instrument_id);
  if (!row) return row.error();
  auto parsed = parse_instrument(parse_stored(row->definition));
  // Only checked definitions are stored, so a stored one always parses.
  KITH_ASSERT_MSG(parsed.ok(), "a stored instrument parses");
  return std::move(parsed.value());
}

// Names only: what a device needs to tick a roster.
Result<json> venue_names(Repository& repo, const model::Entity& e, std::string_view area_id) {
  store::ListQuery q;
  q.area_id = std::string(area_id);
  auto all = list_every_page(repo, e, std::move(q), kRosterEntriesMax);
  if (!all) return all.error();
  json out = json::array();
  for (const json& r : *all) out.push_back(json{{"id", r["id"]}, {"name", r["name"]}});
  return out;
}

store::AuditEntry interview_audit(const Actor& who, std::string_view action, const WaveRow& w,
                                  const InterviewRow& r) {
  store::AuditEntry e = store::audit_entry(who, action, "interview", r.id, w.area_id);
  e.person_id = r.respondent_person_id;
  e.detail = "survey wave " + w.id;
  return e;
}

Result<Date> parse_fieldwork_date(const json& v) {
  if (!v.is_string()) return invalid("fieldwork_date", "Enter the fieldwork date as YYYY-MM-DD (fieldwork_date)");
  auto d = parse_date(v.get<std::string>());
  if (!d) return invalid("fieldwork_date", "Enter the fieldwork date as YYYY-MM-DD (fieldwork_date)");
  return *d;
}

Result<std::string> parse_label(const json& v) {
  if (!v.is_string()) return invalid("label", "Name the wave, for example Baseline or Follow-up 1 (label)");
  std::string t = model::trim(v.get<std::string>());
  if (t.empty()) return invalid("label", "Name the wave, for example Baseline or Follow-up 1 (label)");
  if (t.size() > kWaveLabelBytesMax) return invalid("label", fmt::format("Keep the label to {} bytes", kWaveLabelBytesMax));
  return t;
}

// One interview sent, inside the caller's write transaction (a device's send,
// or one row of a paper import). `known` is the wave's instrument when the
// caller has it already (an import, row after row), else it is read here.
Result<void> put_in(Connection& c, std::string_view area_id, std::string_view wave_id, std::string_view key,
                    const InterviewInput& sent, const Actor& who, PutOutcome& out, const Instrument* known = nullptr) {
  // A device may carry a respondent whose record was merged into another
  // since it downloaded the wave: that id stands for the kept record now.
  std::optional<InterviewInput> redirected;
  if (!sent.respondent.person_id.empty()) {
    auto kept = survivor(c, sent.respondent.person_id);
    if (!kept) return kept.error();
    if (*kept != sent.respondent.person_id) {
      redirected = sent;
      redirected->respondent.person_id = *kept;
    }
  }
  const InterviewInput& in = redirected ? *redirected : sent;
  Repository repo(c);
  SurveyRepository surveys(c);
  auto wave = wave_in(surveys, area_id, wave_id);
  if (!wave) return wave.error();
  auto existing = surveys.interview(wave->row, key);
  if (!existing) return existing.error();
  // A batch seen before is answered as it stands, whatever happened since:
  // the device only needs to know it arrived.
  if (*existing) {
    auto seen = surveys.batch_revision((*existing)->row, in.batch);
    if (!seen) return seen.error();
    if (*seen) {
      out.kind = PutOutcome::Kind::repeat;
      out.interview = interview_record(**existing, true);
      return {};
    }
  }
  if (wave->status != "open") return conflict("This wave is closed; no more interviews can be sent to it", "status");
  std::optional<Instrument> read;
  if (known == nullptr) {
    auto parsed = instrument_of_wave(surveys, *wave);
    if (!parsed) return parsed.error();
    read = std::move(*parsed);
  }
  const Instrument* instrument = known ? known : &*read;
  auto answers = parse_answers(*instrument, in.answers);
  if (!answers) return answers.error();
  KITH_TRY(check_interview_rules(in, *answers));
  // Checked on every send, not only at completion: an in-progress interview
  // stores its respondent too, and must never point into another area.
  if (!in.respondent.person_id.empty()) {
    auto where = repo.area_of(model::people(), in.respondent.person_id);
    if (!where || *where != area_id)
      return invalid("respondent.person_id", "There is no such person in this area's register (respondent.person_id)");
  }
  const std::string now = now_utc_iso();
  InterviewRow row;
  if (*existing) {
    row = **existing;
    if (row.status != "in_progress")
      return Error{Errc::conflict, "This interview is " + row.status + " and can no longer change", "status", 0};
    if (in.base_revision != row.revision) {
      json incoming{{"status", in.status},
                    {"language", in.language},
                    {"respondent", in.respondent.to_json()},
                    {"consent", in.consent.to_json()},
                    {"answers", answers_json(*answers)}};
      out.kind = PutOutcome::Kind::conflict;
      out.interview = interview_record(row, true);
      out.differs = differences(out.interview, incoming);
      return {};
    }
  } else {
    if (in.base_revision != 0)
      return invalid("base_revision", "This interview is new to the server; send base_revision 0");
    row.id = std::string(key);
    row.wave_id = wave->id;
    row.interviewer = who.name;
    row.started_at = now;
    row.revision = 0;
  }
  const int64_t before = row.revision;
  row.revision = before + 1;
  row.status = in.status;
  row.language = in.language;
  row.respondent = in.respondent.to_json().dump();
  row.consent = in.consent.to_json().dump();
  row.answers = answers_json(*answers).dump();
  row.scores = "{}";
  row.respondent_person_id = in.respondent.person_id;
  row.updated_at = now;
  const bool completing = in.status == "completed";
  const Completion completion{*wave, *instrument, *answers, in, who, now};
  if (completing) {
    auto person = complete(repo, completion);
    if (!person) return person.error();
    KITH_TRY(record_carried(repo, surveys, completion, *person));
    row.respondent_person_id = *person;
    row.scores = scores_json(score_answers(*instrument, *answers)).dump();
  }
  if (in.status != "in_progress") row.completed_at = now;
  if (before == 0) {
    auto inserted = surveys.insert_interview(wave->row, row);
    if (!inserted) return inserted.error();
    row.row = *inserted;
    out.kind = PutOutcome::Kind::created;
  } else {
    auto updated = surveys.update_interview(row, before);
    if (!updated) return updated.error();
    // The write lock is held since the read above, so nobody else can
    // have moved the revision on in between.
    KITH_ASSERT_MSG(*updated, "the interview's revision cannot move inside one write transaction");
    out.kind = PutOutcome::Kind::updated;
  }
  // The names wait for resolution once the interview row exists to hold them.
  if (completing) KITH_TRY(record_mentions(surveys, completion, row.row));
  KITH_TRY(surveys.insert_batch(row.row, in.batch, row.revision, now));
  const std::string_view action = in.status == "completed" ? "complete"
                                  : in.status == "refused" ? "refuse"
                                  : before == 0           ? "create"
                                                          : "update";
  KITH_TRY(repo.audit(interview_audit(who, action, *wave, row)));
  out.interview = interview_record(row, true);
  return {};
}

// A device-shaped interview's problem, placed at its session in the file.
Error at_session(const NetcanvasOptions& o, const NetcanvasInterview& n, const Error& e) {
  Error out = e;
  out.line = n.line;
  out.file = o.file_name;
  out.reason = e.message;
  out.message = fmt::format("{} line {}: {}", o.file_name, n.line, e.message);
  return out;
}

}  // namespace surveys_impl

using namespace surveys_impl;

Result<WaveRow> wave_in_area(SurveyRepository& surveys, std::string_view area_id, std::string_view id) {
  return wave_in(surveys, area_id, id);
}

bool is_client_key(std::string_view key) {
  if (key.size() < kClientKeyBytesMin || key.size() > kClientKeyBytesMax) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// ---- instruments ---------------------------------------------------------------------

Result<json> Surveys::list_instruments(std::string_view area_id) {
  json items = json::array();
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    KITH_TRY(require_live_area(repo, area_id));
    auto rows = SurveyRepository(c).instruments_of(area_id);
    if (!rows) return rows.error();
    for (const InstrumentRow& r : *rows) items.push_back(instrument_record(r, false));
    return {};
  }));
  return json{{"items", std::move(items)}};
}

Result<json> Surveys::create_instrument(std::string_view area_id, const json& body, const Actor& who) {
  KITH_TRY(only_fields(body, {"name", "definition"}, "survey instrument"));
  auto name = check_instrument_name(body.value("name", json(nullptr)));
  if (!name) return name.error();
  const json definition = body.value("definition", json(nullptr));
  auto parsed = parse_instrument(definition);
  if (!parsed) return parsed.error();
  InstrumentRow row;
  row.id = new_id(kInstrumentPrefix);
  row.area_id = std::string(area_id);
  row.name = *name;
  row.status = "draft";
  row.definition = definition.dump();
  row.created_by = who.name;
  row.created_at = row.updated_at = now_utc_iso();
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    KITH_TRY(require_live_area(repo, area_id));
    SurveyRepository surveys(c);
    auto version = surveys.next_instrument_version(area_id, row.name);
    if (!version) return version.error();
    row.version = *version;
    KITH_TRY(surveys.insert_instrument(row));
    return repo.audit(store::audit_entry(who, "create", "survey_instrument", row.id, area_id));
  }));
  return instrument_record(row, true);
}

Result<json> Surveys::get_instrument(std::string_view area_id, std::string_view id) {
  json out;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    auto row = instrument_in(surveys, area_id, id);
    if (!row) return row.error();
    out = instrument_record(*row, true);
    return {};
  }));
  return out;
}

Result<json> Surveys::update_instrument(std::string_view area_id, std::string_view id, const json& patch,
                                        const Actor& who) {
  KITH_TRY(only_fields(patch, {"definition", "status", "revision"}, "change to a survey instrument"));
  // The revision the change was made on, when the caller names it (the
  // designer always does): a draft saved by someone else since is refused,
  // not overwritten.
  std::optional<int64_t> made_on;
  if (patch.contains("revision")) {
    const json& r = patch["revision"];
    if (!r.is_number_integer() || r.get<int64_t>() < 1)
      return invalid("revision", "revision must be the whole number the instrument was read with (1 or more)");
    made_on = r.get<int64_t>();
  }
  std::optional<std::string> definition;
  if (patch.contains("definition")) {
    auto parsed = parse_instrument(patch["definition"]);
    if (!parsed) return parsed.error();
    definition = patch["definition"].dump();
  }
  bool publish = false;
  if (patch.contains("status")) {
    if (patch["status"] != "published")
      return invalid("status", "An instrument can only be published (status: published); it cannot go back to draft");
    publish = true;
  }
  json out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    auto row = instrument_in(surveys, area_id, id);
    if (!row) return row.error();
    if (row->status == "published")
      return conflict("This instrument is published and cannot change; make a new version instead", "status");
    if (made_on && *made_on != row->revision) return conflict(std::string(store::kStaleRevision), "revision");
    const int64_t read_at = row->revision;
    row->revision = read_at + 1;
    const std::string now = now_utc_iso();
    if (definition) row->definition = *definition;
    if (publish) {
      row->status = "published";
      row->published_at = now;
    }
    row->updated_at = now;
    auto written = surveys.update_instrument(*row, read_at);
    if (!written) return written.error();
    if (!*written) return conflict(std::string(store::kStaleRevision), "revision");
    store::AuditEntry e = store::audit_entry(who, publish ? "publish" : "update", "survey_instrument", row->id, area_id);
    KITH_TRY(Repository(c).audit(e));
    out = instrument_record(*row, true);
    return {};
  }));
  return out;
}

// ---- waves -----------------------------------------------------------------------------

Result<json> Surveys::list_waves(std::string_view area_id) {
  json items = json::array();
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    KITH_TRY(require_live_area(repo, area_id));
    auto rows = SurveyRepository(c).waves_of(area_id);
    if (!rows) return rows.error();
    for (const WaveRow& r : *rows) items.push_back(wave_record(r));
    return {};
  }));
  return json{{"items", std::move(items)}};
}

Result<json> Surveys::create_wave(std::string_view area_id, const json& body, const Actor& who) {
  KITH_TRY(only_fields(body, {"label", "instrument_id", "fieldwork_date"}, "survey wave"));
  auto label = parse_label(body.value("label", json(nullptr)));
  if (!label) return label.error();
  auto date = parse_fieldwork_date(body.value("fieldwork_date", json(nullptr)));
  if (!date) return date.error();
  const json instrument = body.value("instrument_id", json(nullptr));
  if (!instrument.is_string()) return invalid("instrument_id", "Choose the instrument the wave uses (instrument_id)");
  WaveRow row;
  row.id = new_id(kWavePrefix);
  row.area_id = std::string(area_id);
  row.label = *label;
  row.fieldwork_date = date->str();
  row.status = "open";
  row.created_at = row.updated_at = now_utc_iso();
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    KITH_TRY(require_live_area(repo, area_id));
    SurveyRepository surveys(c);
    auto in = instrument_in(surveys, area_id, instrument.get<std::string>());
    if (!in) return invalid("instrument_id", "There is no such instrument in this area (instrument_id)");
    if (in->status != "published")
      return invalid("instrument_id", "Publish the instrument before a wave uses it, so it cannot change mid-wave");
    row.instrument_id = in->id;
    auto ordinal = surveys.next_wave_ordinal(area_id);
    if (!ordinal) return ordinal.error();
    row.ordinal = *ordinal;
    KITH_TRY(surveys.insert_wave(row));
    return repo.audit(store::audit_entry(who, "create", "survey_wave", row.id, area_id));
  }));
  return wave_record(row);
}

Result<json> Surveys::get_wave(std::string_view area_id, std::string_view id) {
  json out;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    SurveyRepository surveys(c);
    auto w = wave_in(surveys, area_id, id);
    if (!w) return w.error();
    auto in = instrument_in(surveys, area_id, w->instrument_id);
    if (!in) return in.error();
    auto groups = venue_names(repo, model::groups(), area_id);
    if (!groups) return groups.error();
    auto places = venue_names(repo, model::places(), area_id);
    if (!places) return places.error();
    out = wave_record(*w);
    out["instrument"] = instrument_record(*in, true);
    out["groups"] = std::move(*groups);
    out["places"] = std::move(*places);
    // The streets and households given out, so an interviewer's device
    // shows "Your streets" with no connection.
    auto assignments = wave_assignments(c, w->row);
    if (!assignments) return assignments.error();
    out["assignments"] = std::move(*assignments);
    return {};
  }));
  return out;
}

Result<json> Surveys::update_wave(std::string_view area_id, std::string_view id, const json& patch, const Actor& who) {
  KITH_TRY(only_fields(patch, {"label", "status"}, "change to a survey wave"));
  std::optional<std::string> label, status;
  if (patch.contains("label")) {
    auto l = parse_label(patch["label"]);
    if (!l) return l.error();
    label = *l;
  }
  if (patch.contains("status")) {
    if (patch["status"] != "open" && patch["status"] != "closed")
      return invalid("status", "A wave is open (interviews can be sent) or closed (status)");
    status = patch["status"].get<std::string>();
  }
  json out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    auto w = wave_in(surveys, area_id, id);
    if (!w) return w.error();
    if (label) w->label = *label;
    if (status) w->status = *status;
    w->updated_at = now_utc_iso();
    KITH_TRY(surveys.update_wave(*w));
    KITH_TRY(Repository(c).audit(store::audit_entry(who, "update", "survey_wave", w->id, area_id)));
    out = wave_record(*w);
    return {};
  }));
  return out;
}

// ---- interviews ------------------------------------------------------------------------

Result<PutOutcome> Surveys::put_interview(std::string_view area_id, std::string_view wave_id, std::string_view key,
                                          const json& body, const Actor& who) {
  if (!is_client_key(key))
    return invalid("id", "An interview's key is 16 to 64 letters, digits, - or _, made by the device");
  auto input = parse_interview_input(body);
  if (!input) return input.error();
  PutOutcome out;
  KITH_TRY(store_.write([&](Connection& c) { return put_in(c, area_id, wave_id, key, *input, who, out); }));
  return out;
}

namespace surveys_impl {

// The person a paper form names, by id or external id, in the wave's area.
Result<std::string> paper_respondent(Repository& repo, std::string_view area_id, const PaperResponse& r) {
  if (is_valid_id(r.person, model::people().id_prefix)) {
    auto where = repo.area_of(model::people(), r.person);
    if (where && *where == area_id) return r.person;
  } else {
    auto found = repo.find_external(model::people(), area_id, r.person);
    if (!found) return found.error();
    if (*found) return **found;
  }
  return invalid("id", "there is no person " + r.person + " in the wave's area (by id or external id)");
}

Error at_line(const PaperResponse& r, const Error& e) {
  Error out = e;
  out.line = r.line;
  out.reason = e.message;
  out.message = fmt::format("line {}: {}", r.line, e.message);
  return out;
}

}  // namespace surveys_impl

Result<PaperImport> Surveys::import_responses(std::string_view wave_id, const std::vector<PaperResponse>& rows,
                                              const Actor& who) {
  PaperImport report;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    SurveyRepository surveys(c);
    if (!is_valid_id(wave_id, kWavePrefix)) return wave_missing();
    auto wave = surveys.wave(wave_id);
    if (!wave) return wave.error();
    if (!*wave) return wave_missing();
    report.area_id = (*wave)->area_id;
    report.wave_id = (*wave)->id;
    auto instrument = instrument_of_wave(surveys, **wave);  // parsed once for every row
    if (!instrument) return instrument.error();
    for (const PaperResponse& r : rows) {
      auto person = paper_respondent(repo, report.area_id, r);
      if (!person) return at_line(r, person.error());
      InterviewInput in;
      in.batch = "paper-" + *person;  // one batch a respondent: the form is sent once
      in.respondent.person_id = *person;
      in.consent.status = "given";
      in.consent.scope = r.scope;
      std::sort(in.consent.scope.begin(), in.consent.scope.end());
      in.status = "completed";
      in.answers = json{{"scales", r.scales}};
      const std::string key = "paper-" + *person;
      auto seen = surveys.interview((*wave)->row, key);
      if (!seen) return seen.error();
      if (*seen)
        return at_line(r, conflict("the paper answers of " + r.person + " are already in this wave", "id"));
      PutOutcome out;
      auto put = put_in(c, report.area_id, report.wave_id, key, in, who, out, &*instrument);
      if (!put) return at_line(r, put.error());
      ++report.interviews;
    }
    return {};
  }));
  return report;
}

Result<NetcanvasImport> Surveys::import_netcanvas(std::string_view area_id, std::string_view wave_id,
                                                  const std::vector<exchange::netcanvas::Session>& sessions,
                                                  const NetcanvasOptions& options, const Actor& who) {
  NetcanvasImport report;
  KITH_TRY(check_consent_scope(options.consent_scope));
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    // No area from the command line: the wave's own (as for paper answers).
    Result<WaveRow> wave = Error{};
    if (area_id.empty()) {
      if (!is_valid_id(wave_id, kWavePrefix)) return wave_missing();
      auto found = surveys.wave(wave_id);
      if (!found) return found.error();
      if (!*found) return wave_missing();
      wave = std::move(**found);
    } else {
      wave = wave_in(surveys, area_id, wave_id);
    }
    if (!wave) return wave.error();
    report.area_id = wave->area_id;
    report.wave_id = wave->id;
    auto instrument = instrument_of_wave(surveys, *wave);  // parsed once for every session
    if (!instrument) return instrument.error();
    for (const auto& session : sessions) {
      auto mapped = netcanvas_interview(*instrument, session, options);
      if (!mapped) return mapped.error();
      auto seen = surveys.interview(wave->row, mapped->key);
      if (!seen) return seen.error();
      if (*seen) {  // imported before: the same session adds nothing
        ++report.already_in_wave;
        continue;
      }
      auto in = parse_interview_input(mapped->body);
      if (!in) return at_session(options, *mapped, in.error());
      PutOutcome out;
      auto put = put_in(c, report.area_id, report.wave_id, mapped->key, *in, who, out, &*instrument);
      if (!put) return at_session(options, *mapped, put.error());
      KITH_ASSERT_MSG(out.kind == PutOutcome::Kind::created, "a session new to the wave is a new interview");
      ++report.interviews;
      report.names += mapped->names;
      report.alter_ties_left_out += mapped->alter_ties_left_out;
      report.other_nodes_left_out += mapped->other_nodes_left_out;
    }
    return {};
  }));
  return report;
}

// One respondent of the wave before and the names they gave then, as a
// follow-up interview asks after them ("still in touch? closer?").
json carried_respondent(Repository& repo, const InterviewRow& interview, const std::vector<const store::MentionRow*>& names) {
  json person = json::object();
  if (auto p = repo.get(model::people(), interview.respondent_person_id); p) person = *p;
  json list = json::array();
  for (const store::MentionRow* m : names) {
    json name{{"mention", m->id},  {"generator", m->generator}, {"said", m->said},
              {"interpreters", parse_stored(m->interpreters)}, {"status", m->status},
              {"resolution", or_null(m->resolution)}, {"person_id", or_null(m->person_id)},
              {"person_name", nullptr}, {"tie_id", or_null(m->tie_id)}};
    if (m->status == "confirmed" && !m->person_id.empty())
      if (auto p = repo.get(model::people(), m->person_id); p) name["person_name"] = string_at(*p, "display_name");
    list.push_back(std::move(name));
  }
  return {{"person_id", interview.respondent_person_id},
          {"display_name", person.is_object() ? json(string_at(person, "display_name")) : json(nullptr)},
          {"household", person.is_object() && !string_at(person, "household").empty() ? json(string_at(person, "household")) : json(nullptr)},
          {"names", std::move(list)}};
}

Result<json> Surveys::carry_forward(std::string_view area_id, std::string_view wave_id, const Actor& who) {
  json out;
  size_t respondents = 0;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    SurveyRepository surveys(c);
    auto w = wave_in(surveys, area_id, wave_id);
    if (!w) return w.error();
    auto before = previous_wave(surveys, *w);
    if (!before) return before.error();
    out = json{{"wave_id", w->id}, {"previous_wave", nullptr}, {"respondents", json::array()}};
    if (!*before) return {};
    out["previous_wave"] = wave_record(**before);
    auto interviews = surveys.interviews_of((*before)->row);
    if (!interviews) return interviews.error();
    auto mentions = surveys.mentions_of_wave((*before)->row, "");
    if (!mentions) return mentions.error();
    std::map<std::string, std::vector<const store::MentionRow*>> names;
    for (const store::MentionRow& m : *mentions) names[m.interview_id].push_back(&m);
    for (const InterviewRow& i : *interviews) {
      if (i.status != "completed" || i.respondent_person_id.empty()) continue;
      out["respondents"].push_back(carried_respondent(repo, i, names[i.id]));
      ++respondents;
    }
    return {};
  }));
  // Names and who named whom: personal data, so the read is recorded.
  store::AuditEntry e = store::audit_entry(who, "list", "interview", "", area_id);
  e.detail = fmt::format("names carried forward to survey wave {}: {} respondents", wave_id, respondents);
  KITH_TRY(store_.write([&](Connection& c) { return Repository(c).audit(e); }));
  return out;
}

Result<json> Surveys::list_interviews(std::string_view area_id, std::string_view wave_id, const Actor& who) {
  json items = json::array();
  WaveRow wave;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    auto w = wave_in(surveys, area_id, wave_id);
    if (!w) return w.error();
    wave = *w;
    auto rows = surveys.interviews_of(w->row);
    if (!rows) return rows.error();
    for (const InterviewRow& r : *rows) items.push_back(interview_record(r, false));
    return {};
  }));
  // The list names respondents, so reading it is recorded, once for the list.
  store::AuditEntry e = store::audit_entry(who, "list", "interview", "", area_id);
  e.detail = fmt::format("survey wave {}: {} interviews", wave.id, items.size());
  KITH_TRY(store_.write([&](Connection& c) { return Repository(c).audit(e); }));
  return json{{"items", std::move(items)}};
}

Result<json> Surveys::get_interview(std::string_view area_id, std::string_view wave_id, std::string_view key,
                                    const Actor& who) {
  json out;
  WaveRow wave;
  InterviewRow row;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    SurveyRepository surveys(c);
    auto w = wave_in(surveys, area_id, wave_id);
    if (!w) return w.error();
    wave = *w;
    if (!is_client_key(key)) return interview_missing();
    auto r = surveys.interview(w->row, key);
    if (!r) return r.error();
    if (!*r) return interview_missing();
    row = **r;
    out = interview_record(row, true);
    return {};
  }));
  KITH_TRY(store_.write([&](Connection& c) { return Repository(c).audit(interview_audit(who, "read", wave, row)); }));
  return out;
}

}  // namespace kith::domain::survey
