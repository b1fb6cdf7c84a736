#include "kith/analysis/waves.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "kith/core/assert.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/surveys.hpp"
#include "kith/store/value.hpp"

namespace kith::analysis {
namespace waves_impl {

namespace g = kith::graph;
using nlohmann::json;

// What the report reads of one completed interview.
struct Respondent {
  std::string person_id;
  std::optional<double> swemwbs;  // metric score
  std::optional<int64_t> ucla;    // raw 3 to 9
  int64_t unresolved_names = 0;
};

bool lonely(int64_t ucla_raw) { return ucla_raw >= 6; }  // docs/measures.md: UCLA-3 raw 6 to 9

// Everything the report reads from the survey tables, in one transaction.
struct WaveData {
  store::WaveRow wave;
  std::optional<store::WaveRow> previous;
  std::vector<store::InterviewRow> interviews, previous_interviews;
  std::vector<store::MentionRow> mentions, previous_mentions;
  std::unordered_map<std::string, std::string> names;  // person id → display name
  std::map<std::string, std::pair<std::string, std::string>> venues;  // id → name, kind
  struct Membership {
    std::string person, venue, from, to;
  };
  std::vector<Membership> memberships;
};

Result<void> load_register_names(store::Connection& c, const std::string& area, WaveData& d) {
  const size_t name_i = model::people().index_of("display_name");
  KITH_TRY(store::scan_area(c, model::people(), area, false, [&](store::StoredRecord&& r) -> Result<void> {
    d.names.emplace(r.id, store::text_of(r.fields[name_i]));
    return {};
  }));
  for (const auto* e : {&model::groups(), &model::places()}) {
    const size_t venue_name = e->index_of("name");
    KITH_TRY(store::scan_area(c, *e, area, false, [&](store::StoredRecord&& r) -> Result<void> {
      d.venues.emplace(r.id, std::make_pair(store::text_of(r.fields[venue_name]), std::string(e->name)));
      return {};
    }));
  }
  const auto& ae = model::affiliations();
  const size_t person = ae.index_of("person_id"), group = ae.index_of("group_id"), place = ae.index_of("place_id"),
               from = ae.index_of("valid_from"), to = ae.index_of("valid_to");
  return store::scan_area(c, ae, area, false, [&](store::StoredRecord&& r) -> Result<void> {
    std::string venue = store::text_of(r.fields[group]);
    if (venue.empty()) venue = store::text_of(r.fields[place]);
    d.memberships.push_back({store::text_of(r.fields[person]), venue, store::text_of(r.fields[from]),
                             store::text_of(r.fields[to])});
    return {};
  });
}

Result<WaveData> load_wave_data(store::Store& s, const std::string& area, const std::string& wave_id) {
  WaveData d;
  KITH_TRY(s.read([&](store::Connection& c) -> Result<void> {
    store::SurveyRepository repo(c);
    auto wave = repo.wave(wave_id);
    if (!wave) return wave.error();
    if (!*wave || (*wave)->area_id != area) return not_found("No such survey wave in this area");
    d.wave = **wave;
    auto waves = repo.waves_of(area);
    if (!waves) return waves.error();
    for (const auto& w : *waves)
      if (w.ordinal < d.wave.ordinal && (!d.previous || w.ordinal > d.previous->ordinal)) d.previous = w;
    auto interviews = repo.interviews_of(d.wave.row);
    if (!interviews) return interviews.error();
    d.interviews = std::move(*interviews);
    if (d.previous) {
      auto earlier = repo.interviews_of(d.previous->row);
      if (!earlier) return earlier.error();
      d.previous_interviews = std::move(*earlier);
      auto named = repo.mentions_of_wave(d.previous->row, "");
      if (!named) return named.error();
      d.previous_mentions = std::move(*named);
    }
    auto mentions = repo.mentions_of_wave(d.wave.row, "");
    if (!mentions) return mentions.error();
    d.mentions = std::move(*mentions);
    return load_register_names(c, area, d);
  }));
  return d;
}

// A scale's figure from the stored scores, absent when unscored.
std::optional<double> stored_score(const json& scores, const char* scale, const char* field) {
  if (!scores.is_object() || !scores.contains(scale)) return std::nullopt;
  const json& v = scores[scale];
  if (!v.is_object() || !v.contains(field) || !v[field].is_number()) return std::nullopt;
  return v[field].get<double>();
}

bool resolved_to_person(const store::MentionRow& m) { return m.status == "confirmed" && m.resolution == "person"; }

// Names carried forward from the wave before that are still in touch but
// were never matched to a register person: they have no tie, yet they are
// contacts (a matched one is counted through its tie).
int64_t unmatched_still_in_touch(const json& answers, const std::map<std::string, const store::MentionRow*>& earlier) {
  if (!answers.is_object() || !answers.contains("carried") || !answers["carried"].is_array()) return 0;
  int64_t n = 0;
  for (const json& c : answers["carried"]) {
    if (!c.value("in_touch", false)) continue;
    auto m = earlier.find(c.value("mention", ""));
    if (m != earlier.end() && !resolved_to_person(*m->second)) ++n;
  }
  return n;
}

// Completed interviews by respondent: the last one completed counts when a
// respondent was (wrongly) interviewed twice in a wave.
std::map<std::string, Respondent> respondents_of(const std::vector<store::InterviewRow>& interviews,
                                                 const std::vector<store::MentionRow>& mentions,
                                                 const std::vector<store::MentionRow>& earlier_mentions) {
  std::map<std::string, const store::MentionRow*> earlier;
  for (const auto& m : earlier_mentions) earlier.emplace(m.id, &m);
  std::map<std::string, Respondent> out;
  for (const auto& i : interviews) {
    if (i.status != "completed" || i.respondent_person_id.empty()) continue;
    const json scores = json::parse(i.scores.empty() ? "{}" : i.scores, nullptr, false);
    Respondent r;
    r.person_id = i.respondent_person_id;
    if (auto m = stored_score(scores, "swemwbs", "metric_hundredths")) r.swemwbs = *m / 100;
    if (auto u = stored_score(scores, "ucla3", "raw")) r.ucla = static_cast<int64_t>(*u);
    r.unresolved_names = unmatched_still_in_touch(json::parse(i.answers.empty() ? "{}" : i.answers, nullptr, false), earlier);
    out[r.person_id] = r;
  }
  for (const auto& m : mentions) {
    auto it = out.find(m.respondent_person_id);
    if (it != out.end() && !resolved_to_person(m)) ++it->second.unresolved_names;
  }
  return out;
}

Count exact(int64_t n, int64_t below) {
  Count c;
  c.value = n;
  c.below = below;
  return c;
}

WaveResponse response_of(const std::vector<store::InterviewRow>& interviews, int64_t below) {
  int64_t completed = 0, refused = 0, in_progress = 0;
  for (const auto& i : interviews) {
    if (i.status == "completed") ++completed;
    else if (i.status == "refused") ++refused;
    else ++in_progress;
  }
  WaveResponse r;
  r.started = exact(static_cast<int64_t>(interviews.size()), below);
  r.completed = exact(completed, below);
  r.refused = exact(refused, below);
  r.in_progress = exact(in_progress, below);
  r.response_rate = share_estimate(completed, completed + refused);
  return r;
}

// Distinct contacts of each person, node order.
std::vector<uint64_t> contacts_of(const AreaTies& t) {
  std::vector<std::unordered_set<g::node_t>> seen(t.people.size());
  for (const auto& tie : t.ties) {
    if (tie.u == tie.v) continue;
    seen[tie.u].insert(tie.v);
    seen[tie.v].insert(tie.u);
  }
  std::vector<uint64_t> out(seen.size());
  for (size_t i = 0; i < seen.size(); ++i) out[i] = seen[i].size();
  return out;
}

const std::vector<std::string_view>& isolation_groups() {
  static const std::vector<std::string_view> groups = {"no_ties", "one_tie", "no_weekly_contact", "family_only_ties"};
  return groups;
}

WellbeingRow wellbeing_row(std::string group, const std::vector<const Respondent*>& people, int64_t below) {
  WellbeingRow row;
  row.group = std::move(group);
  row.respondents = exact(static_cast<int64_t>(people.size()), below);
  std::vector<double> swemwbs;
  int64_t scored = 0, lonely_n = 0;
  for (const Respondent* p : people) {
    if (p->swemwbs) swemwbs.push_back(*p->swemwbs);
    if (p->ucla) {
      ++scored;
      if (lonely(*p->ucla)) ++lonely_n;
    }
  }
  row.swemwbs = mean_estimate(swemwbs);
  row.lonely = share_estimate(lonely_n, scored);
  return row;
}

// The respondents' place in the wave's network.
struct Placed {
  const Respondent* who;
  uint64_t contacts;  // register contacts plus names not matched to anyone
  uint8_t isolation;
};

std::vector<Placed> place_respondents(const std::map<std::string, Respondent>& respondents, const AreaNetwork& n) {
  const std::vector<uint64_t> contacts = contacts_of(n.ties);
  std::vector<Placed> out;
  for (const auto& [id, r] : respondents) {
    const g::node_t v = n.ties.people.find(id);
    if (v == g::IdMap::kNone) continue;  // consent since withdrawn: out of every analysis
    out.push_back({&r, contacts[v] + static_cast<uint64_t>(r.unresolved_names), n.isolation[v]});
  }
  return out;
}

void wellbeing_tables(const std::vector<Placed>& placed, int64_t below, WaveReport& out) {
  for (std::string_view band : {"0", "1", "2-3", "4-6", "7+"}) {
    std::vector<const Respondent*> in;
    for (const auto& p : placed)
      if (contacts_band(p.contacts) == band) in.push_back(p.who);
    out.by_contacts.push_back(wellbeing_row(std::string(band), in, below));
  }
  for (std::string_view cls : isolation_groups()) {
    std::vector<const Respondent*> in;
    for (const auto& p : placed) {
      const auto names = isolation_names(p.isolation);
      if (std::find(names.begin(), names.end(), cls) != names.end()) in.push_back(p.who);
    }
    out.by_isolation.push_back(wellbeing_row(std::string(cls), in, below));
  }
  std::vector<const Respondent*> none;
  for (const auto& p : placed)
    if (p.isolation == 0) none.push_back(p.who);
  out.by_isolation.push_back(wellbeing_row("none_of_these", none, below));
  std::vector<double> c1, s, c2, u;
  for (const auto& p : placed) {
    if (p.who->swemwbs) c1.push_back(static_cast<double>(p.contacts)), s.push_back(*p.who->swemwbs);
    if (p.who->ucla) c2.push_back(static_cast<double>(p.contacts)), u.push_back(static_cast<double>(*p.who->ucla));
  }
  out.contacts_swemwbs = pearson_estimate(c1, s);
  out.contacts_ucla = spearman_estimate(c2, u);
}

void coverage_table(const AreaNetwork& n, const std::map<std::string, Respondent>& respondents, int64_t below,
                    WaveReport& out) {
  std::vector<int64_t> people(1 + isolation_groups().size()), surveyed(people.size());
  for (g::node_t v = 0; v < n.ties.people.size(); ++v) {
    const bool interviewed = respondents.count(n.ties.people.name(v)) > 0;
    ++people[0];
    surveyed[0] += interviewed;
    const auto names = isolation_names(n.isolation[v]);
    for (size_t k = 0; k < isolation_groups().size(); ++k)
      if (std::find(names.begin(), names.end(), isolation_groups()[k]) != names.end()) {
        ++people[k + 1];
        surveyed[k + 1] += interviewed;
      }
  }
  for (size_t k = 0; k < people.size(); ++k)
    out.coverage.push_back({k == 0 ? "everyone" : std::string(isolation_groups()[k - 1]), exact(people[k], below),
                            exact(surveyed[k], below)});
}

using Pair = std::pair<std::string, std::string>;  // person ids, smaller first

std::set<Pair> pairs_of(const AreaTies& t) {
  std::set<Pair> out;
  for (const auto& tie : t.ties) {
    if (tie.u == tie.v) continue;
    std::string a = t.people.name(tie.u), b = t.people.name(tie.v);
    if (b < a) std::swap(a, b);
    out.emplace(std::move(a), std::move(b));
  }
  return out;
}

PersonRef person_ref(const WaveData& d, const std::string& id) {
  auto it = d.names.find(id);
  return {id, it == d.names.end() ? std::string() : it->second};
}

// Members of each venue on a day, counting only people the network holds.
std::map<std::string, std::set<std::string>> members_on(const WaveData& d, const std::string& day, const AreaTies& t) {
  std::map<std::string, std::set<std::string>> out;
  const auto at = parse_date(day);
  for (const auto& m : d.memberships)
    if (live_on(m.from, m.to, at) && t.people.find(m.person) != g::IdMap::kNone) out[m.venue].insert(m.person);
  return out;
}

std::vector<VenueChange> venue_changes(const WaveData& d, const AreaTies& before, const AreaTies& after, int64_t below) {
  const auto was = members_on(d, d.previous->fieldwork_date, before), is = members_on(d, d.wave.fieldwork_date, after);
  std::vector<VenueChange> out;
  for (const auto& [id, about] : d.venues) {
    static const std::set<std::string> none;
    const auto b = was.find(id), a = is.find(id);
    const auto& before_set = b == was.end() ? none : b->second;
    const auto& after_set = a == is.end() ? none : a->second;
    int64_t joined = 0, left = 0;
    for (const auto& p : after_set) joined += before_set.count(p) == 0;
    for (const auto& p : before_set) left += after_set.count(p) == 0;
    if (joined == 0 && left == 0) continue;
    out.push_back({id, about.first, about.second, exact(static_cast<int64_t>(before_set.size()), below),
                   exact(static_cast<int64_t>(after_set.size()), below), exact(joined, below), exact(left, below)});
  }
  return out;
}

WaveChange change_of(const WaveData& d, const AreaNetwork& before, const AreaNetwork& after, int64_t below) {
  WaveChange c;
  c.previous_wave_id = d.previous->id;
  c.previous_label = d.previous->label;
  c.previous_date = d.previous->fieldwork_date;
  const auto was = pairs_of(before.ties), is = pairs_of(after.ties);
  for (const auto& p : is)
    if (!was.count(p)) c.gained.push_back({person_ref(d, p.first), person_ref(d, p.second)});
  for (const auto& p : was)
    if (!is.count(p)) c.lost.push_back({person_ref(d, p.first), person_ref(d, p.second)});
  const auto contacts_before = contacts_of(before.ties), contacts_after = contacts_of(after.ties);
  for (g::node_t v = 0; v < after.ties.people.size(); ++v) {
    const g::node_t u = before.ties.people.find(after.ties.people.name(v));
    if (u == g::IdMap::kNone) continue;  // not in the network at the earlier wave
    if (contacts_before[u] > 0 && contacts_after[v] == 0) c.isolated_now.push_back(person_ref(d, after.ties.people.name(v)));
    if (contacts_before[u] == 0 && contacts_after[v] > 0) c.reconnected_now.push_back(person_ref(d, after.ties.people.name(v)));
  }
  c.ties_gained = exact(static_cast<int64_t>(c.gained.size()), below);
  c.ties_lost = exact(static_cast<int64_t>(c.lost.size()), below);
  c.became_isolated = exact(static_cast<int64_t>(c.isolated_now.size()), below);
  c.reconnected = exact(static_cast<int64_t>(c.reconnected_now.size()), below);
  c.venues = venue_changes(d, before.ties, after.ties, below);
  return c;
}

PairedWellbeing paired_of(const std::map<std::string, Respondent>& now, const std::map<std::string, Respondent>& then,
                          int64_t below) {
  PairedWellbeing p;
  std::vector<double> s_before, s_after;
  std::vector<bool> l_before, l_after;
  int64_t people = 0;
  for (const auto& [id, r] : now) {
    auto earlier = then.find(id);
    if (earlier == then.end()) continue;
    ++people;
    if (r.swemwbs && earlier->second.swemwbs) s_before.push_back(*earlier->second.swemwbs), s_after.push_back(*r.swemwbs);
    if (r.ucla && earlier->second.ucla) l_before.push_back(lonely(*earlier->second.ucla)), l_after.push_back(lonely(*r.ucla));
  }
  p.people = exact(people, below);
  p.swemwbs_change = paired_change(s_before, s_after);
  const PairedShares shares = paired_shares(l_before, l_after);
  p.lonely_both = exact(shares.both, below);
  p.lonely_before_only = exact(shares.before_only, below);
  p.lonely_after_only = exact(shares.after_only, below);
  p.lonely_neither = exact(shares.neither, below);
  p.lonely_before = shares.before;
  p.lonely_after = shares.after;
  p.lonely_p = shares.p;
  return p;
}

int64_t named_not_interviewed(const WaveData& d, const std::map<std::string, Respondent>& respondents) {
  std::set<std::string> named;
  for (const auto& m : d.mentions)
    if (resolved_to_person(m) && !m.person_id.empty() && !respondents.count(m.person_id))
      named.insert(m.person_id);
  return static_cast<int64_t>(named.size());
}

int64_t unresolved_names(const std::map<std::string, Respondent>& respondents) {
  int64_t n = 0;
  for (const auto& [id, r] : respondents) n += r.unresolved_names;
  return n;
}

void withhold(Count& c, int64_t below) {
  if (c.value && *c.value > 0 && *c.value < below) {
    c.value.reset();
    c.suppressed = true;
  }
  c.below = below;
}

// An estimate resting on too few people says only that it was withheld (not
// even on how many); one resting on nobody has nothing to withhold.
void withhold(Estimate& e, int64_t below) {
  if (e.n >= below || e.n == 0) return;
  e = Estimate{};
  e.reason = NoEstimate::withheld;
}

}  // namespace waves_impl

using namespace waves_impl;

std::string_view contacts_band(uint64_t contacts) {
  if (contacts == 0) return "0";
  if (contacts == 1) return "1";
  if (contacts <= 3) return "2-3";
  if (contacts <= 6) return "4-6";
  return "7+";
}

Result<WaveReport> WaveReports::report(const std::string& area_id, const std::string& wave_id, const model::Actor& who) {
  auto data = load_wave_data(store_, area_id, wave_id);
  if (!data) return data.error();
  const WaveData& d = *data;
  const int64_t below = network_.options().small_count_min;
  WaveReport out;
  out.wave_id = d.wave.id;
  out.label = d.wave.label;
  out.fieldwork_date = d.wave.fieldwork_date;
  out.instrument_id = d.wave.instrument_id;
  out.status = d.wave.status;
  out.ordinal = d.wave.ordinal;
  out.suppress_below = below;
  out.response = response_of(d.interviews, below);

  NetworkQuery q;
  q.area_id = area_id;
  q.at = parse_date(d.wave.fieldwork_date);
  auto summary = network_.summary(q, SummaryBreakdown::none, who);
  if (!summary) return summary.error();
  out.network = std::move(*summary);
  // The summary's own metric request, so this is the network it just cached.
  auto network = network_.area_network(q, who);
  if (!network) return network.error();

  const auto respondents = respondents_of(d.interviews, d.mentions, d.previous_mentions);
  coverage_table(**network, respondents, below, out);
  out.named_not_interviewed = exact(named_not_interviewed(d, respondents), below);
  out.unresolved_names = exact(unresolved_names(respondents), below);
  wellbeing_tables(place_respondents(respondents, **network), below, out);

  if (d.previous) {
    NetworkQuery earlier = q;
    earlier.at = parse_date(d.previous->fieldwork_date);
    // Only contacts are read of the wave before: no need for its betweenness.
    MetricRequest degree_only;
    degree_only.metrics = {"degree"};
    auto before = network_.area_network(earlier, who, degree_only);
    if (!before) return before.error();
    out.change = change_of(d, **before, **network, below);
    // Only the scores of the wave before are compared, so its own names are not needed.
    const std::vector<store::MentionRow> none;
    out.paired = paired_of(respondents, respondents_of(d.previous_interviews, none, none), below);
  }
  return out;
}

void keep_aggregates_only(WaveReport& r) {
  const int64_t below = r.suppress_below;
  r.aggregates_only = true;
  for (Count* c : {&r.response.started, &r.response.completed, &r.response.refused, &r.response.in_progress,
                   &r.named_not_interviewed, &r.unresolved_names})
    withhold(*c, below);
  withhold(r.response.response_rate, below);
  for (auto& row : r.coverage) withhold(row.people, below), withhold(row.surveyed, below);
  for (auto* table : {&r.by_contacts, &r.by_isolation})
    for (auto& row : *table) {
      row.suppressed = row.respondents.value && *row.respondents.value < below;
      withhold(row.respondents, below);
      withhold(row.swemwbs, below);
      withhold(row.lonely, below);
    }
  withhold(r.contacts_swemwbs, below);
  withhold(r.contacts_ucla, below);
  keep_aggregates_only(r.network);
  if (r.change) {
    auto& c = *r.change;
    c.gained.clear();
    c.lost.clear();
    c.isolated_now.clear();
    c.reconnected_now.clear();
    for (Count* n : {&c.ties_gained, &c.ties_lost, &c.became_isolated, &c.reconnected}) withhold(*n, below);
    for (auto& v : c.venues)
      for (Count* n : {&v.members_before, &v.members_after, &v.joined, &v.left}) withhold(*n, below);
  }
  if (r.paired) {
    auto& p = *r.paired;
    withhold(p.people, below);
    withhold(p.swemwbs_change, below);
    // The four cells could single out the few who changed; the test itself
    // is shown only when the shares it compares are.
    for (Count* cell : {&p.lonely_both, &p.lonely_before_only, &p.lonely_after_only, &p.lonely_neither})
      withhold(*cell, below);
    withhold(p.lonely_before, below);
    withhold(p.lonely_after, below);
    if (!p.lonely_before.value) p.lonely_p.reset();
  }
}

}  // namespace kith::analysis
