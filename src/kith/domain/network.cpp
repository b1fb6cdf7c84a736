#include "kith/domain/network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "kith/graph/betweenness.hpp"
#include "kith/graph/bridges.hpp"
#include "kith/graph/closeness.hpp"
#include "kith/graph/clustering.hpp"
#include "kith/graph/components.hpp"
#include "kith/graph/core.hpp"
#include "kith/graph/degree.hpp"
#include "kith/graph/eigenvector.hpp"
#include "kith/graph/pagerank.hpp"
#include "kith/graph/structural_holes.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"

namespace kith::domain {
namespace {

using nlohmann::json;
namespace g = kith::graph;

double gini(std::vector<uint32_t> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  double n = static_cast<double>(values.size()), sum = 0, weighted = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    sum += values[i];
    weighted += static_cast<double>(i + 1) * values[i];
  }
  return sum == 0 ? 0.0 : (2 * weighted) / (n * sum) - (n + 1) / n;
}

size_t field_index(const store::Entity& e, std::string_view name) {
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
                                                 "core",       "components", "bridges", "constraint"};
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
                     unsigned threads) {
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
  summary["gini_degree"] = gini(deg.degree());
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
    for (g::node_t v = 0; v < n; ++v) nodes[v]["eigenvector"] = e.scores()[v] ? json(*e.scores()[v]) : json(nullptr);
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
      nodes[v]["constraint"] = h.constraint()[v] ? json(*h.constraint()[v]) : json(nullptr);
      nodes[v]["effective_size"] = h.effective_size()[v] ? json(*h.effective_size()[v]) : json(nullptr);
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
  return {{"graph", summary}, {"nodes", nodes}};
}

Result<json> NetworkService::area_network(const NetworkQuery& q, const Actor& who) {
  if (q.min_closeness < 1 || q.min_closeness > 5) return invalid("min_closeness", "Enter a closeness from 1 to 5");
  for (const auto& k : q.kinds)
    if (std::find(store::kTieKinds.begin(), store::kTieKinds.end(), k) == store::kTieKinds.end())
      return invalid("kind", fmt::format("Unknown tie kind '{}'; choose from {}", k, fmt::join(store::kTieKinds, ", ")));
  int64_t revision = 0;
  auto rev = store_.read([&](store::Connection& c) -> Result<void> {
    auto area = store::Repository(c).get(store::areas(), q.area_id);
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
  const auto& te = store::ties();
  const size_t src = field_index(te, "source_id"), dst = field_index(te, "target_id"),
               kind = field_index(te, "kind"), close = field_index(te, "closeness"),
               from = field_index(te, "valid_from"), to = field_index(te, "valid_to");
  auto loaded = store_.read([&](store::Connection& c) -> Result<void> {
    // Everyone in the area is a node, so people with no ties count as isolated.
    KITH_TRY(store::scan_area(c, store::people(), q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
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

Result<json> NetworkService::ego(const NetworkQuery& q, const std::string& person_id, const Actor& who) {
  auto whole = area_network(q, who);  // validates the query, audits, and gives constraint from the whole graph
  if (!whole) return whole.error();
  const json* me = nullptr;
  for (const auto& node : (*whole)["nodes"])
    if (node["id"] == person_id) me = &node;
  if (!me) return not_found("No person with id " + person_id + " in this area");
  const auto& te = store::ties();
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

Result<json> NetworkService::summary(const NetworkQuery& q, const Actor& who) {
  auto whole = area_network(q, who);
  if (!whole) return whole.error();
  const auto& te = store::ties();
  const size_t src = field_index(te, "source_id"), dst = field_index(te, "target_id"),
               kind = field_index(te, "kind"), close = field_index(te, "closeness"),
               freq = field_index(te, "frequency"), from = field_index(te, "valid_from"),
               to = field_index(te, "valid_to");
  const auto& ae = store::affiliations();
  const size_t a_person = field_index(ae, "person_id"), a_group = field_index(ae, "group_id"),
               a_place = field_index(ae, "place_id"), a_from = field_index(ae, "valid_from"),
               a_to = field_index(ae, "valid_to");
  struct PersonTies {
    int ties = 0, weekly = 0, family = 0;
  };
  std::map<std::string, PersonTies> per;
  std::set<std::pair<std::string, std::string>> tied;
  std::map<std::string, std::set<std::string>> members;  // group or place id -> people
  std::map<std::string, std::string> names;               // group or place id -> name
  auto loaded = store_.read([&](store::Connection& c) -> Result<void> {
    KITH_TRY(store::scan_area(c, te, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
      if (!valid_on(r, from, to, q.at)) return {};
      if (!q.kinds.empty() && !q.kinds.count(text_of(r.fields[kind]))) return {};
      auto* c5 = std::get_if<int64_t>(&r.fields[close]);
      if (!c5 || *c5 < q.min_closeness) return {};
      std::string a = text_of(r.fields[src]), b = text_of(r.fields[dst]);
      bool weekly = text_of(r.fields[freq]) == "daily" || text_of(r.fields[freq]) == "weekly";
      bool family = text_of(r.fields[kind]) == "family";
      for (const auto& p : {a, b}) {
        ++per[p].ties;
        per[p].weekly += weekly;
        per[p].family += family;
      }
      tied.insert({std::min(a, b), std::max(a, b)});
      return {};
    }));
    for (const auto* e : {&store::groups(), &store::places()}) {
      const size_t name_i = field_index(*e, "name");
      KITH_TRY(store::scan_area(c, *e, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
        names[r.id] = text_of(r.fields[name_i]);
        return {};
      }));
    }
    return store::scan_area(c, ae, q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
      if (!valid_on(r, a_from, a_to, q.at)) return {};
      std::string where = text_of(r.fields[a_group]);
      if (where.empty()) where = text_of(r.fields[a_place]);
      if (names.count(where)) members[where].insert(text_of(r.fields[a_person]));
      return {};
    });
  });
  if (!loaded) return loaded.error();

  const json& nodes = (*whole)["nodes"];
  const int64_t people = static_cast<int64_t>(nodes.size());
  int64_t none = 0, one = 0, no_weekly = 0, family_only = 0;
  for (const auto& node : nodes) {
    const auto it = per.find(node["id"].get<std::string>());
    const PersonTies t = it == per.end() ? PersonTies{} : it->second;
    none += t.ties == 0;
    one += t.ties == 1;
    no_weekly += t.ties > 0 && t.weekly == 0;
    family_only += t.ties > 0 && t.family == t.ties;
  }
  // Brokers: the highest normalised betweenness, ties broken by id for a stable answer.
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
                         {"constraint", (*ranked[i])["constraint"]}});
  // How many groups/places each pair of people shares, to find the pairs a place alone links.
  std::map<std::pair<std::string, std::string>, int> shared;
  for (const auto& [where, ppl] : members) {
    if (ppl.size() > kPairsMembersMax) continue;
    for (auto a = ppl.begin(); a != ppl.end(); ++a)
      for (auto b = std::next(a); b != ppl.end(); ++b) ++shared[{*a, *b}];
  }
  json together = json::array();
  for (const auto& [where, ppl] : members) {
    int64_t only = 0;
    bool counted = ppl.size() <= kPairsMembersMax;
    if (counted)
      for (auto a = ppl.begin(); a != ppl.end(); ++a)
        for (auto b = std::next(a); b != ppl.end(); ++b)
          only += shared[{*a, *b}] == 1 && !tied.count({*a, *b});
    together.push_back({{"id", where}, {"name", names[where]},
                        {"members", suppressed_count(static_cast<int64_t>(ppl.size()))},
                        {"only_link_pairs", counted ? suppressed_count(only) : json(nullptr)},
                        {"rank_key", static_cast<int64_t>(ppl.size())}});
  }
  std::sort(together.begin(), together.end(), [](const json& x, const json& y) {
    return x["rank_key"] != y["rank_key"] ? x["rank_key"] > y["rank_key"] : x["id"] < y["id"];
  });
  for (auto& t : together) t.erase("rank_key");
  json g = (*whole)["graph"];
  return json{{"graph",
               {{"people", people}, {"ties", g["edges"]}, {"density", g["density"]},
                {"gini_degree", g["gini_degree"]}, {"components", g["components"]},
                {"register_revision", g["register_revision"]}, {"at", g["at"]}}},
              {"isolation",
               {{"no_ties", share_of(none, people)},
                {"one_tie", share_of(one, people)},
                {"no_weekly_contact", share_of(no_weekly, people)},
                {"family_only_ties", share_of(family_only, people)}}},
              {"top_brokers", brokers},
              {"brings_people_together", together}};
}

}  // namespace kith::domain
