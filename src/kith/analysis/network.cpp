#include "kith/analysis/network.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "kith/core/assert.hpp"
#include "kith/core/ids.hpp"
#include "kith/graph/community_measures.hpp"
#include "kith/graph/two_mode.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/value.hpp"

namespace kith::analysis {
namespace {

namespace g = kith::graph;
using store::text_of;

std::string cache_key(const NetworkQuery& q, const MetricRequest& req, int64_t revision) {
  std::string kinds, metrics;
  for (const auto& k : q.kinds) kinds += k + ",";
  kinds += "|";
  for (const auto& e : q.evidence) kinds += e + ",";
  for (const auto& m : req.metrics) metrics += m + ",";
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", q.area_id, q.at ? q.at->str() : "", kinds, q.min_closeness,
                     metrics, req.seed, req.exact, revision);
}

Result<int64_t> register_revision(store::Store& s, const std::string& area_id) {
  int64_t revision = 0;
  auto read = s.read([&](store::Connection& c) -> Result<void> {
    auto area = store::Repository(c).get(model::areas(), area_id);
    if (!area) return area.error();
    revision = (*area)["register_revision"].get<int64_t>();
    return {};
  });
  if (!read) return read.error();
  return revision;
}

// The ties as the community measures read them (weekly, family flags).
std::vector<g::TieRecord> tie_records(const AreaTies& t) {
  std::vector<g::TieRecord> out;
  out.reserve(t.ties.size());
  for (const auto& tie : t.ties) out.push_back({tie.u, tie.v, weekly_or_more(tie.frequency), tie.kind == "family"});
  return out;
}

}  // namespace

std::vector<std::string_view> isolation_names(uint8_t classes) {
  std::vector<std::string_view> out;
  if (classes & g::kNoTies) out.push_back("no_ties");
  if (classes & g::kOneTie) out.push_back("one_tie");
  if (classes & g::kNoWeekly) out.push_back("no_weekly_contact");
  if (classes & g::kFamilyOnly) out.push_back("family_only_ties");
  return out;
}

Result<std::shared_ptr<const AreaNetwork>> NetworkService::area_network(const NetworkQuery& q,
                                                                        const model::Actor& who,
                                                                        const MetricRequest& req) {
  return read_network(q, who, req, {});
}

Result<std::shared_ptr<const AreaNetwork>> NetworkService::read_network(const NetworkQuery& q,
                                                                        const model::Actor& who,
                                                                        const MetricRequest& req,
                                                                        std::string_view person_id) {
  KITH_TRY(check_query(q));
  auto revision = register_revision(store_, q.area_id);
  if (!revision) return revision.error();
  std::shared_ptr<const AreaNetwork> network = cache_.find(cache_key(q, req, *revision));
  if (!network) {
    auto computed = compute(q, req);
    if (!computed) return computed.error();
    network = std::move(*computed);
  }
  // Per-person metrics are personal data: the read is recorded before it is returned.
  KITH_TRY(store_.write([&](store::Connection& c) {
    store::AuditEntry entry = store::audit_entry(who, "network", "person", {}, q.area_id);
    // An ego network is about one person: their subject access finds it. An
    // id that is not well formed is not echoed into the log.
    if (is_valid_id(person_id, model::people().id_prefix)) entry.person_id = entry.entity_id = std::string(person_id);
    return store::Repository(c).audit(entry);
  }));
  return network;
}

Result<std::shared_ptr<const AreaNetwork>> NetworkService::compute(const NetworkQuery& q, const MetricRequest& req) {
  auto network = std::make_shared<AreaNetwork>();
  network->at = q.at;
  KITH_TRY(store_.read([&](store::Connection& c) -> Result<void> {
    auto ties = load_area_ties(c, q);
    if (!ties) return ties.error();
    network->ties = std::move(*ties);
    return {};
  }));
  const g::Graph graph = tie_graph(network->ties);
  MetricOptions opt{.want = {}, .threads = opt_.threads, .seed = req.seed, .betweenness = opt_.betweenness};
  if (req.metrics.empty()) {
    const auto& all = metric_names();
    opt.want.insert(all.begin(), all.end());
  } else {
    opt.want = req.metrics;
  }
  opt.betweenness.force_exact = opt.betweenness.force_exact || req.exact;
  auto report = compute_metrics(graph, network->ties.people, opt);
  if (!report) return report.error();
  network->report = std::move(*report);
  network->isolation = g::isolation_classes(static_cast<g::node_t>(network->ties.people.size()),
                                            tie_records(network->ties));
  // Keyed by the revision the data was read at, so a write in between can
  // only make this entry unreachable, never stale.
  cache_.put(cache_key(q, req, network->ties.register_revision), network, network->bytes());
  return std::shared_ptr<const AreaNetwork>(std::move(network));
}

// ---- The ego network --------------------------------------------------------

namespace {

// Blau's index over tie kinds: 0 when every tie is of one kind.
std::optional<double> blau_index(const std::map<std::string, uint64_t>& kinds, uint64_t ties) {
  if (ties == 0) return std::nullopt;
  double b = 1.0;
  for (const auto& [name, count] : kinds) {
    const double p = static_cast<double>(count) / static_cast<double>(ties);
    b -= p * p;
  }
  return b;
}

const Column& required_column(const NetworkReport& r, std::string_view name) {
  const Column* c = r.column(name);
  KITH_ASSERT_MSG(c != nullptr, "the ego network and summary read a network computed with every metric");
  return *c;
}

}  // namespace

Result<std::vector<size_t>> community_members(const AreaNetwork& n, uint64_t k) {
  const Column* com = n.report.column("community");
  if (!com) return invalid("community", "Choosing a community needs the community figure: add community to metrics");
  std::vector<size_t> members;
  for (size_t i = 0; i < n.report.ids.size(); ++i)
    if (static_cast<uint64_t>(value_at(*com, i)) == k) members.push_back(i);
  if (members.empty())
    return not_found(fmt::format("No community {} in this network; the aggregated layout lists them", k));
  return members;
}

Result<uint8_t> isolation_class(std::string_view name) {
  std::string choices;
  for (uint8_t bit : {g::kNoTies, g::kOneTie, g::kNoWeekly, g::kFamilyOnly}) {
    std::string_view word = isolation_names(bit).front();
    if (word == name) return bit;
    choices += choices.empty() ? "" : ", ";
    choices += word;
  }
  return invalid("isolation", "Choose an isolation class from: " + choices);
}

std::vector<size_t> isolation_members(const AreaNetwork& n, uint8_t bit, const std::vector<size_t>* among) {
  KITH_ASSERT(n.isolation.size() == n.report.ids.size());
  std::vector<size_t> out;
  auto keep = [&](size_t i) {
    if (n.isolation[i] & bit) out.push_back(i);
  };
  if (among) {
    for (size_t i : *among) keep(i);
  } else {
    for (size_t i = 0; i < n.isolation.size(); ++i) keep(i);
  }
  return out;
}

std::vector<size_t> person_member(const AreaNetwork& n, std::string_view person_id, const std::vector<size_t>* among) {
  auto at = std::find(n.report.ids.begin(), n.report.ids.end(), person_id);
  if (at == n.report.ids.end()) return {};
  auto i = static_cast<size_t>(at - n.report.ids.begin());
  if (among && std::find(among->begin(), among->end(), i) == among->end()) return {};
  return {i};
}

Result<EgoReport> NetworkService::ego(const NetworkQuery& q, const std::string& person_id, const model::Actor& who,
                                      const MetricRequest& req) {
  MetricRequest all = req;
  all.metrics.clear();  // constraint comes from the whole graph
  auto whole = read_network(q, who, all, person_id);
  if (!whole) return whole.error();
  const AreaNetwork& net = **whole;
  const g::node_t me = net.ties.people.find(person_id);
  if (me == g::IdMap::kNone && net.ties.left_out.find(person_id) != g::IdMap::kNone)
    return not_found("Person " + person_id +
                     " has refused or withdrawn consent to research, so they are left out of every analysis");
  if (me == g::IdMap::kNone) return not_found("No person with id " + person_id + " in this area");

  EgoReport out;
  out.id = person_id;
  out.at = q.at;
  std::set<g::node_t> contacts, frequent;
  uint64_t my_ties = 0;
  for (const auto& t : net.ties.ties) {
    if (t.u != me && t.v != me) continue;
    const g::node_t other = t.u == me ? t.v : t.u;
    ++my_ties;
    contacts.insert(other);
    ++out.tie_kinds[t.kind];
    if (weekly_or_more(t.frequency)) frequent.insert(other);
  }
  std::set<std::pair<g::node_t, g::node_t>> among;  // ties among the contacts, each pair once
  for (const auto& t : net.ties.ties)
    if (contacts.count(t.u) && contacts.count(t.v)) among.insert({std::min(t.u, t.v), std::max(t.u, t.v)});
  const double k = static_cast<double>(contacts.size());
  out.size = contacts.size();
  out.ties_among_contacts = among.size();
  if (contacts.size() >= 2) out.density = static_cast<double>(among.size()) / (k * (k - 1) / 2);
  out.tie_kind_diversity = blau_index(out.tie_kinds, my_ties);
  if (!contacts.empty()) out.weekly_share = static_cast<double>(frequent.size()) / k;
  out.constraint = optional_at(required_column(net.report, "constraint"), me);
  out.effective_size = optional_at(required_column(net.report, "effective_size"), me);
  return out;
}

// ---- The area summary -------------------------------------------------------

Result<SummaryBreakdown> parse_breakdown(const std::string& by) {
  if (by.empty()) return SummaryBreakdown::none;
  if (by == "birth_band") return SummaryBreakdown::birth_band;
  if (by == "postcode_district") return SummaryBreakdown::postcode_district;
  return invalid("by", "Break down by birth_band or postcode_district");
}

std::string_view breakdown_name(SummaryBreakdown by) {
  switch (by) {
    case SummaryBreakdown::birth_band: return "birth_band";
    case SummaryBreakdown::postcode_district: return "postcode_district";
    case SummaryBreakdown::none: break;
  }
  return "";
}

namespace {

// What the summary reads from the register besides the network.
struct Venues {
  std::vector<std::string> ids, names, kinds;  // groups, then places
  std::vector<g::Affiliation> affiliations;
};

Isolation isolation_of(const g::CommunitySummary& s, int64_t below) {
  const auto people = static_cast<int64_t>(s.people);
  auto share = [&](const g::IsolationClass& c) { return share_of(static_cast<int64_t>(c.count), people, below); };
  return {share(s.no_ties), share(s.one_tie), share(s.no_weekly), share(s.family_only)};
}

BreakdownRow breakdown_row(const std::string& value, const g::CommunitySummary& s, int64_t below) {
  BreakdownRow row;
  if (!value.empty()) row.value = value;
  row.people = suppressed_count(static_cast<int64_t>(s.people), below);
  row.suppressed = too_small(static_cast<int64_t>(s.people), below);
  if (row.suppressed) return row;  // its density or Gini would describe a few identifiable people
  row.isolation = isolation_of(s, below);
  row.gini_degree = s.gini_degree;
  row.density = s.density;
  row.communities = s.communities;
  return row;
}

// The rows of a breakdown, with complementary suppression down each column
// (the overall figures are published beside them, so one withheld cell could
// be worked out as the total minus the rest). A row whose people count is
// withheld shows nothing else; an isolation count withheld hides its share.
std::vector<BreakdownRow> breakdown_rows(const std::vector<std::string>& values,
                                         const std::vector<g::CommunitySummary>& groups, int64_t below) {
  std::vector<int64_t> people;
  for (const auto& s : groups) people.push_back(static_cast<int64_t>(s.people));
  const std::vector<bool> row_withheld = withheld_cells(people, {}, below);
  std::vector<BreakdownRow> rows;
  for (size_t k = 0; k < groups.size(); ++k) {
    BreakdownRow row = breakdown_row(values[k], groups[k], below);
    if (row_withheld[k] && !row.suppressed) row = BreakdownRow{row.value, complementary_count(below), true, {}, {}, {}, {}};
    rows.push_back(std::move(row));
  }
  using Member = Share Isolation::*;
  using Class = g::IsolationClass g::CommunitySummary::*;
  const std::pair<Member, Class> columns[] = {{&Isolation::no_ties, &g::CommunitySummary::no_ties},
                                              {&Isolation::one_tie, &g::CommunitySummary::one_tie},
                                              {&Isolation::no_weekly_contact, &g::CommunitySummary::no_weekly},
                                              {&Isolation::family_only_ties, &g::CommunitySummary::family_only}};
  std::vector<bool> hidden_rows;
  for (const auto& r : rows) hidden_rows.push_back(r.suppressed);
  for (const auto& [member, cls] : columns) {
    std::vector<int64_t> cells;
    for (const auto& s : groups) cells.push_back(static_cast<int64_t>((s.*cls).count));
    const std::vector<bool> withheld = withheld_cells(cells, hidden_rows, below);
    for (size_t k = 0; k < rows.size(); ++k)
      if (withheld[k] && rows[k].isolation && !((*rows[k].isolation).*member).count.suppressed)
        (*rows[k].isolation).*member = Share{complementary_count(below), std::nullopt};
  }
  return rows;
}

// The highest normalised betweenness, ties broken by id for a stable answer.
std::vector<Broker> top_brokers(const AreaNetwork& net) {
  const NetworkReport& r = net.report;
  const Column& bet = required_column(r, "betweenness_norm");
  const Column& con = required_column(r, "constraint");
  const Column& com = required_column(r, "community");
  std::vector<size_t> ranked(r.ids.size());
  for (size_t i = 0; i < ranked.size(); ++i) ranked[i] = i;
  std::sort(ranked.begin(), ranked.end(), [&](size_t x, size_t y) {
    const double bx = value_at(bet, x), by = value_at(bet, y);
    return bx != by ? bx > by : r.ids[x] < r.ids[y];
  });
  std::vector<Broker> out;
  for (size_t i = 0; i < ranked.size() && out.size() < kTopBrokersMax; ++i) {
    const size_t v = ranked[i];
    if (value_at(bet, v) <= 0) break;
    out.push_back({r.ids[v], value_at(bet, v), optional_at(con, v), static_cast<uint64_t>(value_at(com, v))});
  }
  return out;
}

std::vector<Venue> brings_people_together(const Venues& in, const g::TwoMode& t, int64_t below) {
  std::vector<uint32_t> order(in.ids.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (t.only_link_pairs()[a] != t.only_link_pairs()[b]) return t.only_link_pairs()[a] > t.only_link_pairs()[b];
    if (t.members()[a] != t.members()[b]) return t.members()[a] > t.members()[b];
    return in.ids[a] < in.ids[b];
  });
  std::vector<Venue> out;
  for (uint32_t k : order) {
    if (t.members()[k] == 0) continue;
    Venue v{in.ids[k], in.names[k], in.kinds[k], suppressed_count(t.members()[k], below), {}, {}, {}};
    if (!too_small(t.members()[k], below)) {
      if (t.pairs_counted()) v.only_link_pairs = suppressed_count(static_cast<int64_t>(t.only_link_pairs()[k]), below);
      v.communities_spanned = t.communities_spanned()[k];
      v.betweenness = t.betweenness()[k];
    }
    out.push_back(std::move(v));
  }
  return out;
}

// Groups, places and the affiliations live on the day, in one read.
Result<void> load_venues(store::Connection& c, const NetworkQuery& q, const g::IdMap& people, Venues& out) {
  std::map<std::string, uint32_t> venue_of;
  for (const auto* e : {&model::groups(), &model::places()}) {
    const size_t name_i = e->index_of("name");
    KITH_TRY(store::scan_area(c, *e, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
      venue_of[r.id] = static_cast<uint32_t>(out.ids.size());
      out.ids.push_back(r.id);
      out.names.push_back(text_of(r.fields[name_i]));
      out.kinds.push_back(std::string(e->name));
      return {};
    }));
  }
  const auto& ae = model::affiliations();
  const size_t person = ae.index_of("person_id"), group = ae.index_of("group_id"),
               place = ae.index_of("place_id"), from = ae.index_of("valid_from"),
               to = ae.index_of("valid_to");
  return store::scan_area(c, ae, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
    if (!live_on(text_of(r.fields[from]), text_of(r.fields[to]), q.at)) return {};
    std::string where = text_of(r.fields[group]);
    if (where.empty()) where = text_of(r.fields[place]);
    const auto venue = venue_of.find(where);
    const auto p = people.find(text_of(r.fields[person]));
    if (venue != venue_of.end() && p != g::IdMap::kNone) out.affiliations.push_back({p, venue->second});
    return {};
  });
}

// One attribute value per person (node order), "" when not recorded.
Result<void> load_attribute(store::Connection& c, const NetworkQuery& q, SummaryBreakdown by, const g::IdMap& people,
                            std::vector<std::string>& out) {
  out.assign(people.size(), "");
  if (by == SummaryBreakdown::none) return {};
  const size_t attr = model::people().index_of(breakdown_name(by));
  return store::scan_area(c, model::people(), q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
    if (auto p = people.find(r.id); p != g::IdMap::kNone) out[p] = text_of(r.fields[attr]);
    return {};
  });
}

}  // namespace

Result<SummaryReport> NetworkService::summary(const NetworkQuery& q, SummaryBreakdown by, const model::Actor& who,
                                              const MetricRequest& req) {
  MetricRequest all = req;
  all.metrics.clear();
  auto whole = area_network(q, who, all);
  if (!whole) return whole.error();
  const AreaNetwork& net = **whole;
  const g::IdMap& ids = net.ties.people;
  const g::node_t people = ids.size();

  Venues venues;
  std::vector<std::string> attribute;
  KITH_TRY(store_.read([&](store::Connection& c) -> Result<void> {
    KITH_TRY(load_attribute(c, q, by, ids, attribute));
    return load_venues(c, q, ids, venues);
  }));

  const std::vector<g::TieRecord> ties = tie_records(net.ties);
  // The communities are the whole network's, so summary, network and ego agree.
  const Column& com = required_column(net.report, "community");
  std::vector<uint32_t> community(people, 0);
  for (g::node_t v = 0; v < people; ++v) community[v] = static_cast<uint32_t>(value_at(com, v));
  // Attribute values in sorted order, unrecorded ("") first.
  std::vector<std::string> values(attribute.begin(), attribute.end());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<uint32_t> label(people, 0);
  for (g::node_t v = 0; v < people; ++v)
    label[v] = static_cast<uint32_t>(std::lower_bound(values.begin(), values.end(), attribute[v]) - values.begin());
  g::CommunityMeasures cm(people, ties,
                          {.attribute = by == SummaryBreakdown::none ? std::span<const uint32_t>{} : label,
                           .communities = community});
  cm.run();

  std::vector<g::EdgeInput> edges;
  edges.reserve(ties.size());
  for (const auto& t : ties) edges.push_back({t.u, t.v, 1.0});
  const g::Graph unweighted = g::Graph::from_edges(people, edges, {});
  g::TwoMode two(people, static_cast<uint32_t>(venues.ids.size()), venues.affiliations,
                 {.ties = &unweighted, .communities = community, .threads = opt_.threads});
  two.run();

  const GraphFacts& gr = net.report.graph;
  const g::CommunitySummary& overall = cm.overall();
  SummaryReport out;
  out.people = people;
  out.ties = gr.edges;
  out.density = gr.density;
  out.gini_degree = overall.gini_degree;
  out.components = gr.components.value_or(0);
  out.communities = gr.communities.value_or(0);
  out.modularity = gr.modularity;
  out.venue_pairs_counted = two.pairs_counted();
  out.register_revision = net.ties.register_revision;
  out.at = q.at;
  out.betweenness = gr.betweenness;
  const int64_t below = opt_.small_count_min;
  KITH_ASSERT(below >= kSmallCountMin && below <= kSmallCountMinMax);
  out.suppress_below = below;
  out.isolation = isolation_of(overall, below);
  out.degree_distribution = degree_distribution(cm.contacts(), below);
  for (const auto& kind : venues.kinds) (kind == model::groups().name ? out.groups : out.places) += 1;
  out.top_brokers = top_brokers(net);
  out.brings_people_together = brings_people_together(venues, two, below);
  out.by = by;
  if (by != SummaryBreakdown::none) out.breakdown = breakdown_rows(values, cm.by_attribute(), below);
  return out;
}

// People by number of distinct contacts, 0 to kDegreeOpenBin − 1 one bin
// each, then one open bin; bins past the largest number are left out. Small
// counts are withheld, and with complementary suppression, because the
// area's people total is published beside them. The complement is the open
// bin when there is one: its contacts are not known exactly, so the ties
// total (half the sum of contacts) cannot solve for two withheld bins. Bins
// 0 and 1 are the no-ties and one-tie counts, shown in the isolation
// classes, so they are never chosen as a complement.
std::vector<DegreeBin> degree_distribution(const std::vector<uint32_t>& contacts, int64_t below) {
  uint64_t top = 0;
  for (uint32_t d : contacts) top = std::max<uint64_t>(top, d);
  const bool open = top >= kDegreeOpenBin;
  const size_t bins = open ? kDegreeOpenBin + 1 : contacts.empty() ? 0 : top + 1;
  std::vector<int64_t> people(bins, 0);
  for (uint32_t d : contacts) ++people[std::min<uint64_t>(d, kDegreeOpenBin)];
  std::vector<bool> withheld(bins, false);
  size_t small = 0;
  for (size_t k = 0; k < bins; ++k)
    if (people[k] > 0 && people[k] < below) withheld[k] = true, ++small;
  if (small == 1) {
    std::optional<size_t> pick;
    if (open && !withheld[bins - 1]) {
      pick = bins - 1;
    } else {
      for (size_t k = 2; k < bins; ++k)
        if (!withheld[k] && people[k] > 0 && (!pick || people[k] < people[*pick])) pick = k;
    }
    // Only bins 0 and 1 left: their counts are public anyway (the isolation
    // classes), so withholding one changes nothing, but the rule still holds.
    for (size_t k = 0; !pick && k < bins; ++k)
      if (!withheld[k] && people[k] > 0) pick = k;
    if (pick) withheld[*pick] = true;
  }
  std::vector<DegreeBin> out;
  for (size_t k = 0; k < bins; ++k) {
    DegreeBin b{k, open && k == bins - 1, suppressed_count(people[k], below)};
    if (withheld[k] && !b.people.suppressed) b.people = complementary_count(below);
    out.push_back(b);
  }
  return out;
}

void keep_aggregates_only(SummaryReport& s) {
  s.top_brokers.clear();
  s.people_shown = suppressed_count(static_cast<int64_t>(s.people), s.suppress_below);
  s.ties_shown = suppressed_count(static_cast<int64_t>(s.ties), s.suppress_below);
  // Counts of community assets, not of people, but withheld when small as
  // the other area totals are.
  s.groups_shown = suppressed_count(static_cast<int64_t>(s.groups), s.suppress_below);
  s.places_shown = suppressed_count(static_cast<int64_t>(s.places), s.suppress_below);
  if (s.groups_shown->suppressed) s.groups = 0;
  if (s.places_shown->suppressed) s.places = 0;
  if (!s.people_shown->suppressed && !s.ties_shown->suppressed) return;
  // Density is the ties over the pairs of people; the Gini of degree and
  // modularity come from the same degrees. With the other total, any of
  // them gives a withheld one back.
  s.density.reset();
  s.gini_degree.reset();
  s.modularity.reset();
  // The bins give the ties back too (half the sum of contacts times people)
  // and, summed, the people: every bin is withheld.
  for (DegreeBin& b : s.degree_distribution)
    if (!b.people.suppressed) b.people = complementary_count(s.suppress_below);
  // The raw totals must not leave through a codec that forgets *_shown.
  if (s.people_shown->suppressed) s.people = 0;
  if (s.ties_shown->suppressed) s.ties = 0;
}

}  // namespace kith::analysis
