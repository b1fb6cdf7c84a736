#include "kith/analysis/network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "kith/graph/betweenness.hpp"
#include "kith/graph/bridges.hpp"
#include "kith/graph/closeness.hpp"
#include "kith/graph/clustering.hpp"
#include "kith/graph/community_measures.hpp"
#include "kith/graph/components.hpp"
#include "kith/graph/core.hpp"
#include "kith/graph/degree.hpp"
#include "kith/graph/eigenvector.hpp"
#include "kith/graph/louvain.hpp"
#include "kith/graph/pagerank.hpp"
#include "kith/graph/structural_holes.hpp"
#include "kith/graph/two_mode.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"

namespace kith::analysis {
namespace {

using nlohmann::json;
namespace g = kith::graph;

json optional_number(const std::optional<double>& x) { return x ? json(*x) : json(nullptr); }

size_t field_index(const model::Entity& e, std::string_view name) {
  for (size_t i = 0; i < e.fields.size(); ++i)
    if (e.fields[i].name == name) return i;
  return e.fields.size();
}

std::string text_of(const store::Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

bool valid_on(const store::StoredRecord& r, size_t from_i, size_t to_i, const std::optional<Date>& at) {
  if (!at) return true;
  std::string day = at->str(), from = text_of(r.fields[from_i]), to = text_of(r.fields[to_i]);
  return (from.empty() || from <= day) && (to.empty() || to >= day);
}

std::string cache_key(const NetworkQuery& q, int64_t revision) {
  std::string kinds;
  for (const auto& k : q.kinds) kinds += k + ",";
  return fmt::format("{}|{}|{}|{}|{}", q.area_id, q.at ? q.at->str() : "", kinds, q.min_closeness, revision);
}

}  // namespace

const std::vector<std::string>& network_metric_names() {
  static const std::vector<std::string> names = {"degree",     "strength", "betweenness", "closeness",
                                                 "harmonic",   "pagerank", "eigenvector", "clustering",
                                                 "core",       "components", "bridges", "constraint",
                                                 "communities"};
  return names;
}

Result<std::set<std::string>> parse_metric_list(const std::string& spec) {
  const auto& all = network_metric_names();
  if (spec == "all") return std::set<std::string>(all.begin(), all.end());
  std::set<std::string> out;
  std::stringstream ss(spec);
  std::string m;
  while (std::getline(ss, m, ',')) {
    if (std::find(all.begin(), all.end(), m) == all.end())
      return invalid("metrics", fmt::format("Unknown metric '{}'; choose from {}", m, fmt::join(all, ",")));
    out.insert(m);
  }
  if (out.empty()) return invalid("metrics", "Name at least one metric, or all");
  return out;
}

json network_metrics(const g::Graph& graph, const g::IdMap& ids, const std::set<std::string>& want,
                     unsigned threads, uint64_t seed) {
  const g::node_t n = graph.node_count();
  json nodes = json::array();
  for (g::node_t v = 0; v < n; ++v) nodes.push_back({{"id", ids.name(v)}});
  auto put = [&](const char* key, const auto& values) {
    for (g::node_t v = 0; v < n; ++v) nodes[v][key] = values[v];
  };
  json summary = {{"nodes", n}, {"edges", graph.edge_count()}, {"directed", graph.directed()}};
  double pairs = static_cast<double>(n) * (n - 1);
  summary["density"] = n < 2 ? 0.0 : static_cast<double>(graph.edge_count()) / (graph.directed() ? pairs : pairs / 2);

  g::Degree deg(graph);
  deg.run();
  if (want.count("degree")) {
    if (graph.directed()) {
      put("in_degree", deg.in_degree());
      put("out_degree", deg.out_degree());
    } else {
      put("degree", deg.degree());
    }
  }
  if (want.count("strength")) put("strength", deg.strength());
  summary["gini_degree"] = optional_number(g::CommunityMeasures::gini(deg.degree()));
  summary["isolates"] = std::count(deg.degree().begin(), deg.degree().end(), 0u);
  if (want.count("betweenness")) {
    g::Betweenness b(graph, {.threads = threads});
    b.run();
    put("betweenness", b.raw());
    put("betweenness_norm", b.normalized());
  }
  if (want.count("closeness") || want.count("harmonic")) {
    g::Closeness c(graph, {.threads = threads});
    c.run();
    if (want.count("closeness")) put("closeness", c.closeness());
    if (want.count("harmonic")) put("harmonic", c.harmonic());
  }
  if (want.count("pagerank")) {
    g::PageRank p(graph, {.threads = threads});
    p.run();
    put("pagerank", p.scores());
  }
  if (want.count("eigenvector")) {
    g::EigenvectorCentrality e(graph);
    e.run();
    // Undefined (a disconnected graph) is null, never a made-up number.
    for (g::node_t v = 0; v < n; ++v) nodes[v]["eigenvector"] = optional_number(e.scores()[v]);
  }
  if (want.count("clustering")) {
    g::LocalClustering c(graph, {.threads = threads});
    c.run();
    put("clustering", c.clustering());
  }
  if (want.count("constraint")) {
    g::StructuralHoles h(graph);
    h.run();
    for (g::node_t v = 0; v < n; ++v) {
      nodes[v]["constraint"] = optional_number(h.constraint()[v]);
      nodes[v]["effective_size"] = optional_number(h.effective_size()[v]);
    }
  }
  if (want.count("core")) {
    g::CoreNumber c(graph);
    c.run();
    put("core", c.cores());
  }
  if (want.count("components")) {
    g::WeakComponents c(graph);
    c.run();
    put("component", c.component());
    summary["components"] = c.sizes().size();
  }
  if (want.count("bridges")) {
    g::Bridges b(graph);
    b.run();
    json br = json::array(), ap = json::array();
    for (auto [u, v] : b.bridges()) br.push_back({ids.name(u), ids.name(v)});
    for (auto v : b.articulation_points()) ap.push_back(ids.name(v));
    summary["bridges"] = br;
    summary["articulation_points"] = ap;
  }
  if (want.count("communities")) {
    g::Louvain l(graph, {.seed = seed});
    l.run();
    put("community", l.community());
    summary["communities"] = l.count();
    summary["modularity"] = optional_number(l.modularity());
  }
  return {{"graph", summary}, {"nodes", nodes}};
}

Result<json> NetworkService::area_network(const NetworkQuery& q, const model::Actor& who) {
  if (q.min_closeness < 1 || q.min_closeness > 5) return invalid("min_closeness", "Enter a closeness from 1 to 5");
  for (const auto& k : q.kinds)
    if (std::find(model::kTieKinds.begin(), model::kTieKinds.end(), k) == model::kTieKinds.end())
      return invalid("kind", fmt::format("Unknown tie kind '{}'; choose from {}", k, fmt::join(model::kTieKinds, ", ")));
  int64_t revision = 0;
  auto rev = store_.read([&](store::Connection& c) -> Result<void> {
    auto area = store::Repository(c).get(model::areas(), q.area_id);
    if (!area) return area.error();
    revision = (*area)["register_revision"].get<int64_t>();
    return {};
  });
  if (!rev) return rev.error();
  std::string key = cache_key(q, revision);
  json result;
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) result = it->second;
  }
  if (result.is_null()) {
    auto computed = compute(q, revision);
    if (!computed) return computed.error();
    result = std::move(*computed);
    std::lock_guard lock(mu_);
    if (cache_.size() >= kNetworkCacheEntriesMax) cache_.clear();  // simple bound; entries are cheap to rebuild
    cache_[key] = result;
  }
  // Per-person metrics are personal data: the read is recorded before it is returned.
  auto audited = store_.write([&](store::Connection& c) {
    return store::Repository(c).audit(who.name, "network", "person", {}, q.area_id, {});
  });
  if (!audited) return audited.error();
  return result;
}

Result<json> NetworkService::compute(const NetworkQuery& q, int64_t revision) {
  g::IdMap ids;
  std::vector<g::EdgeInput> edges;
  const auto& te = model::ties();
  const size_t src = field_index(te, "source_id"), dst = field_index(te, "target_id"),
               kind = field_index(te, "kind"), close = field_index(te, "closeness"),
               from = field_index(te, "valid_from"), to = field_index(te, "valid_to");
  auto loaded = store_.read([&](store::Connection& c) -> Result<void> {
    // Everyone in the area is a node, so people with no ties count as isolated.
    KITH_TRY(store::scan_area(c, model::people(), q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
      ids.intern(r.id);
      return {};
    }));
    return store::scan_area(c, te, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
      if (!valid_on(r, from, to, q.at)) return {};
      if (!q.kinds.empty() && !q.kinds.count(text_of(r.fields[kind]))) return {};
      auto* c5 = std::get_if<int64_t>(&r.fields[close]);
      double closeness = c5 ? static_cast<double>(*c5) : 0.0;
      if (closeness < q.min_closeness) return {};
      edges.push_back({ids.intern(text_of(r.fields[src])), ids.intern(text_of(r.fields[dst])), closeness});
      return {};
    });
  });
  if (!loaded) return loaded.error();
  // Ties are read as undirected (a tie is a relationship whoever named it);
  // closeness is the weight used by strength and PageRank.
  g::Graph graph = g::Graph::from_edges(ids.size(), edges, {.directed = false, .weighted = true});
  json out = network_metrics(graph, ids, parse_metric_list("all").value(), threads_);
  out["graph"]["register_revision"] = revision;
  out["graph"]["at"] = q.at ? json(q.at->str()) : json(nullptr);
  return out;
}

namespace {

struct EgoTie {
  std::string other, kind, frequency;
};

}  // namespace

Result<json> NetworkService::ego(const NetworkQuery& q, const std::string& person_id, const model::Actor& who) {
  auto whole = area_network(q, who);  // validates the query, audits, and gives constraint from the whole graph
  if (!whole) return whole.error();
  const json* me = nullptr;
  for (const auto& node : (*whole)["nodes"])
    if (node["id"] == person_id) me = &node;
  if (!me) return not_found("No person with id " + person_id + " in this area");
  const auto& te = model::ties();
  const size_t src = field_index(te, "source_id"), dst = field_index(te, "target_id"),
               kind = field_index(te, "kind"), close = field_index(te, "closeness"),
               freq = field_index(te, "frequency"), from = field_index(te, "valid_from"),
               to = field_index(te, "valid_to");
  std::vector<EgoTie> mine;
  std::set<std::pair<std::string, std::string>> pairs;  // every live tie, for ties among contacts
  auto loaded = store_.read([&](store::Connection& c) -> Result<void> {
    return store::scan_area(c, te, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
      if (!valid_on(r, from, to, q.at)) return {};
      if (!q.kinds.empty() && !q.kinds.count(text_of(r.fields[kind]))) return {};
      auto* c5 = std::get_if<int64_t>(&r.fields[close]);
      if (!c5 || *c5 < q.min_closeness) return {};
      std::string a = text_of(r.fields[src]), b = text_of(r.fields[dst]);
      pairs.insert({std::min(a, b), std::max(a, b)});
      if (a == person_id || b == person_id)
        mine.push_back({a == person_id ? b : a, text_of(r.fields[kind]), text_of(r.fields[freq])});
      return {};
    });
  });
  if (!loaded) return loaded.error();
  std::set<std::string> contacts;
  std::map<std::string, int> kinds;
  std::set<std::string> frequent;
  for (const auto& t : mine) {
    contacts.insert(t.other);
    ++kinds[t.kind];
    if (t.frequency == "daily" || t.frequency == "weekly") frequent.insert(t.other);
  }
  // Ties among the contacts themselves, each pair once.
  size_t among = 0;
  for (auto a = contacts.begin(); a != contacts.end(); ++a)
    for (auto b = std::next(a); b != contacts.end(); ++b) among += pairs.count({*a, *b});
  const double k = static_cast<double>(contacts.size());
  // Blau's index over tie kinds: 0 when every tie is of one kind.
  double blau = 1.0;
  for (const auto& [name, count] : kinds) blau -= (count / static_cast<double>(mine.size())) * (count / static_cast<double>(mine.size()));
  json kinds_json = json::object();
  for (const auto& [name, count] : kinds) kinds_json[name] = count;
  return json{{"id", person_id},
              {"at", q.at ? json(q.at->str()) : json(nullptr)},
              {"size", contacts.size()},
              {"ties_among_contacts", among},
              {"density", k < 2 ? json(nullptr) : json(among / (k * (k - 1) / 2))},
              {"tie_kinds", kinds_json},
              {"tie_kind_diversity", mine.empty() ? json(nullptr) : json(blau)},
              {"weekly_share", contacts.empty() ? json(nullptr) : json(frequent.size() / k)},
              {"constraint", (*me)["constraint"]},
              {"effective_size", (*me)["effective_size"]}};
}

namespace {

// A count shown in an aggregate: small non-zero counts are withheld.
json suppressed_count(int64_t n) {
  if (n > 0 && n < kSmallCountMin) return json{{"count", nullptr}, {"suppressed", true}};
  return json{{"count", n}, {"suppressed", false}};
}

json share_of(int64_t n, int64_t total) {
  json out = suppressed_count(n);
  out["share"] = out["suppressed"].get<bool>() || total == 0 ? json(nullptr) : json(static_cast<double>(n) / total);
  return out;
}

}  // namespace

namespace {

// What the summary reads from the register besides the per-person metrics.
struct SummaryInput {
  std::vector<g::TieRecord> ties;
  std::vector<std::string> attribute;   // per person (node order), "" when not recorded
  std::vector<std::string> venue_ids, venue_names, venue_kinds;  // groups, then places
  std::vector<g::Affiliation> affiliations;
};

bool frequent(const std::string& frequency) { return frequency == "daily" || frequency == "weekly"; }

// The isolation classes of one set of people, each count and share withheld when small.
json isolation_json(const g::CommunitySummary& s) {
  const auto people = static_cast<int64_t>(s.people);
  return {{"no_ties", share_of(static_cast<int64_t>(s.no_ties.count), people)},
          {"one_tie", share_of(static_cast<int64_t>(s.one_tie.count), people)},
          {"no_weekly_contact", share_of(static_cast<int64_t>(s.no_weekly.count), people)},
          {"family_only_ties", share_of(static_cast<int64_t>(s.family_only.count), people)}};
}

// One row of a breakdown. A group of fewer than kSmallCountMin people shows
// nothing but that it was withheld: its density or Gini would describe a few
// identifiable people.
json breakdown_row(const std::string& value, const g::CommunitySummary& s) {
  json row = {{"value", value.empty() ? json(nullptr) : json(value)},
              {"people", suppressed_count(static_cast<int64_t>(s.people))}};
  if (s.people < static_cast<uint64_t>(kSmallCountMin)) {
    row["suppressed"] = true;
    for (const char* k : {"isolation", "gini_degree", "density", "communities"}) row[k] = nullptr;
    return row;
  }
  row["suppressed"] = false;
  row["isolation"] = isolation_json(s);
  row["gini_degree"] = optional_number(s.gini_degree);
  row["density"] = optional_number(s.density);
  row["communities"] = s.communities;
  return row;
}

// Brokers: the highest normalised betweenness, ties broken by id for a stable answer.
json top_brokers(const json& nodes) {
  std::vector<const json*> ranked;
  for (const auto& node : nodes) ranked.push_back(&node);
  std::sort(ranked.begin(), ranked.end(), [](const json* x, const json* y) {
    double bx = (*x)["betweenness_norm"], by = (*y)["betweenness_norm"];
    return bx != by ? bx > by : (*x)["id"] < (*y)["id"];
  });
  json brokers = json::array();
  for (size_t i = 0; i < ranked.size() && i < kTopBrokersMax; ++i)
    if ((*ranked[i])["betweenness_norm"].get<double>() > 0)
      brokers.push_back({{"id", (*ranked[i])["id"]}, {"betweenness_norm", (*ranked[i])["betweenness_norm"]},
                         {"constraint", (*ranked[i])["constraint"]}, {"community", (*ranked[i])["community"]}});
  return brokers;
}

// Groups and places ranked by the member pairs they alone bring together,
// then by members; a venue with fewer than kSmallCountMin members shows only
// that it was withheld.
json brings_people_together(const SummaryInput& in, const g::TwoMode& t) {
  std::vector<uint32_t> order(in.venue_ids.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (t.only_link_pairs()[a] != t.only_link_pairs()[b]) return t.only_link_pairs()[a] > t.only_link_pairs()[b];
    if (t.members()[a] != t.members()[b]) return t.members()[a] > t.members()[b];
    return in.venue_ids[a] < in.venue_ids[b];
  });
  json out = json::array();
  for (uint32_t k : order) {
    if (t.members()[k] == 0) continue;
    json row = {{"id", in.venue_ids[k]}, {"name", in.venue_names[k]}, {"type", in.venue_kinds[k]},
                {"members", suppressed_count(t.members()[k])}};
    const bool small = t.members()[k] < static_cast<uint32_t>(kSmallCountMin);
    row["only_link_pairs"] = small || !t.pairs_counted()
                                 ? json(nullptr)
                                 : suppressed_count(static_cast<int64_t>(t.only_link_pairs()[k]));
    row["communities_spanned"] = small ? json(nullptr) : json(t.communities_spanned()[k]);
    row["betweenness"] = small ? json(nullptr) : optional_number(t.betweenness()[k]);
    out.push_back(row);
  }
  return out;
}

}  // namespace

Result<SummaryBreakdown> parse_breakdown(const std::string& by) {
  if (by.empty()) return SummaryBreakdown::none;
  if (by == "birth_band") return SummaryBreakdown::birth_band;
  if (by == "postcode_district") return SummaryBreakdown::postcode_district;
  return invalid("by", "Break down by birth_band or postcode_district");
}

Result<json> NetworkService::summary(const NetworkQuery& q, SummaryBreakdown by, const model::Actor& who) {
  auto whole = area_network(q, who);
  if (!whole) return whole.error();
  const json& nodes = (*whole)["nodes"];
  g::IdMap ids;  // node order of the whole network
  for (const auto& node : nodes) ids.intern(node["id"].get<std::string>());
  const g::node_t people = ids.size();

  SummaryInput in;
  in.attribute.assign(people, "");
  const auto& te = model::ties();
  const size_t src = field_index(te, "source_id"), dst = field_index(te, "target_id"),
               kind = field_index(te, "kind"), close = field_index(te, "closeness"),
               freq = field_index(te, "frequency"), from = field_index(te, "valid_from"),
               to = field_index(te, "valid_to");
  const auto& ae = model::affiliations();
  const size_t a_person = field_index(ae, "person_id"), a_group = field_index(ae, "group_id"),
               a_place = field_index(ae, "place_id"), a_from = field_index(ae, "valid_from"),
               a_to = field_index(ae, "valid_to");
  const size_t attr = by == SummaryBreakdown::birth_band        ? field_index(model::people(), "birth_band")
                      : by == SummaryBreakdown::postcode_district ? field_index(model::people(), "postcode_district")
                                                                  : model::people().fields.size();
  std::map<std::string, uint32_t> venue_of;
  auto person_of = [&](const std::string& id) { return ids.find(id); };
  auto loaded = store_.read([&](store::Connection& c) -> Result<void> {
    if (attr < model::people().fields.size())
      KITH_TRY(store::scan_area(c, model::people(), q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
        if (auto p = person_of(r.id); p != g::IdMap::kNone) in.attribute[p] = text_of(r.fields[attr]);
        return {};
      }));
    KITH_TRY(store::scan_area(c, te, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
      if (!valid_on(r, from, to, q.at)) return {};
      if (!q.kinds.empty() && !q.kinds.count(text_of(r.fields[kind]))) return {};
      auto* c5 = std::get_if<int64_t>(&r.fields[close]);
      if (!c5 || *c5 < q.min_closeness) return {};
      const auto a = person_of(text_of(r.fields[src])), b = person_of(text_of(r.fields[dst]));
      if (a == g::IdMap::kNone || b == g::IdMap::kNone) return {};
      in.ties.push_back({a, b, frequent(text_of(r.fields[freq])), text_of(r.fields[kind]) == "family"});
      return {};
    }));
    for (const auto* e : {&model::groups(), &model::places()}) {
      const size_t name_i = field_index(*e, "name");
      KITH_TRY(store::scan_area(c, *e, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
        venue_of[r.id] = static_cast<uint32_t>(in.venue_ids.size());
        in.venue_ids.push_back(r.id);
        in.venue_names.push_back(text_of(r.fields[name_i]));
        in.venue_kinds.push_back(std::string(e->name));
        return {};
      }));
    }
    return store::scan_area(c, ae, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
      if (!valid_on(r, a_from, a_to, q.at)) return {};
      std::string where = text_of(r.fields[a_group]);
      if (where.empty()) where = text_of(r.fields[a_place]);
      const auto venue = venue_of.find(where);
      const auto p = person_of(text_of(r.fields[a_person]));
      if (venue != venue_of.end() && p != g::IdMap::kNone) in.affiliations.push_back({p, venue->second});
      return {};
    });
  });
  if (!loaded) return loaded.error();

  // The communities are the whole network's, so summary, network and ego agree.
  std::vector<uint32_t> community(people, 0);
  for (g::node_t v = 0; v < people; ++v) community[v] = nodes[v]["community"].get<uint32_t>();
  // Attribute values in sorted order, unrecorded ("") first.
  std::vector<std::string> values(in.attribute.begin(), in.attribute.end());
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<uint32_t> label(people, 0);
  for (g::node_t v = 0; v < people; ++v)
    label[v] = static_cast<uint32_t>(std::lower_bound(values.begin(), values.end(), in.attribute[v]) - values.begin());
  g::CommunityMeasures cm(people, in.ties,
                          {.attribute = by == SummaryBreakdown::none ? std::span<const uint32_t>{} : label,
                           .communities = community});
  cm.run();

  std::vector<g::EdgeInput> edges;
  edges.reserve(in.ties.size());
  for (const auto& t : in.ties) edges.push_back({t.u, t.v, 1.0});
  const g::Graph tie_graph = g::Graph::from_edges(people, edges, {});
  g::TwoMode two(people, static_cast<uint32_t>(in.venue_ids.size()), in.affiliations,
                 {.ties = &tie_graph, .communities = community, .threads = threads_});
  two.run();

  const json& gr = (*whole)["graph"];
  const g::CommunitySummary& all = cm.overall();
  json out = {{"graph",
               {{"people", people}, {"ties", gr["edges"]}, {"density", gr["density"]},
                {"gini_degree", optional_number(all.gini_degree)}, {"components", gr["components"]},
                {"communities", gr["communities"]}, {"modularity", gr["modularity"]},
                {"venue_pairs_counted", two.pairs_counted()},
                {"register_revision", gr["register_revision"]}, {"at", gr["at"]}}},
              {"isolation", isolation_json(all)},
              {"top_brokers", top_brokers(nodes)},
              {"brings_people_together", brings_people_together(in, two)}};
  if (by != SummaryBreakdown::none) {
    json rows = json::array();
    for (size_t k = 0; k < values.size(); ++k) rows.push_back(breakdown_row(values[k], cm.by_attribute()[k]));
    out["breakdown"] = {{"by", by == SummaryBreakdown::birth_band ? "birth_band" : "postcode_district"},
                        {"groups", rows}};
  }
  return out;
}

}  // namespace kith::analysis
