#include "kith/analysis/metrics.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <functional>
#include <sstream>
#include <stdexcept>

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

namespace kith::analysis {
namespace {

namespace g = kith::graph;

// What one metric's step reads and writes.
struct Step {
  const g::Graph& graph;
  const g::IdMap& ids;
  const MetricOptions& opt;
  const g::Degree& degree;
  NetworkReport& out;
};

template <class T>
void add(NetworkReport& r, std::string name, const std::vector<T>& v) {
  if constexpr (std::is_same_v<T, double> || std::is_same_v<T, std::optional<double>>)
    r.columns.push_back({std::move(name), v});
  else
    r.columns.push_back({std::move(name), std::vector<uint64_t>(v.begin(), v.end())});
}

void degree_step(Step& s) {
  if (s.graph.directed()) {
    add(s.out, "in_degree", s.degree.in_degree());
    add(s.out, "out_degree", s.degree.out_degree());
  } else {
    add(s.out, "degree", s.degree.degree());
  }
}

void strength_step(Step& s) { add(s.out, "strength", s.degree.strength()); }

void betweenness_step(Step& s) {
  const BetweennessPolicy& p = s.opt.betweenness;
  if (p.force_exact || s.graph.node_count() <= p.exact_max) {
    g::Betweenness b(s.graph, {.threads = s.opt.threads});
    b.run();
    add(s.out, "betweenness", b.raw());
    add(s.out, "betweenness_norm", b.normalized());
    s.out.graph.betweenness = BetweennessMethod{};
    return;
  }
  g::ApproxBetweenness b(s.graph, {.epsilon = p.epsilon, .delta = p.delta, .seed = s.opt.seed,
                                    .threads = s.opt.threads});
  b.run();
  add(s.out, "betweenness", b.raw());
  add(s.out, "betweenness_norm", b.normalized());
  s.out.graph.betweenness = BetweennessMethod{.exact = false, .epsilon = p.epsilon, .delta = p.delta,
                                              .samples = b.samples()};
}

void closeness_step(Step& s) {
  const bool closeness = s.opt.want.count("closeness"), harmonic = s.opt.want.count("harmonic");
  g::Closeness c(s.graph, {.threads = s.opt.threads});
  c.run();
  if (closeness) add(s.out, "closeness", c.closeness());
  if (harmonic) add(s.out, "harmonic", c.harmonic());
}

void pagerank_step(Step& s) {
  g::PageRank p(s.graph, {.threads = s.opt.threads});
  p.run();
  add(s.out, "pagerank", p.scores());
}

void eigenvector_step(Step& s) {
  g::EigenvectorCentrality e(s.graph);
  e.run();
  add(s.out, "eigenvector", e.scores());
}

void clustering_step(Step& s) {
  g::LocalClustering c(s.graph, {.threads = s.opt.threads});
  c.run();
  add(s.out, "clustering", c.clustering());
}

void constraint_step(Step& s) {
  g::StructuralHoles h(s.graph);
  h.run();
  add(s.out, "constraint", h.constraint());
  add(s.out, "effective_size", h.effective_size());
}

void core_step(Step& s) {
  g::CoreNumber c(s.graph);
  c.run();
  add(s.out, "core", c.cores());
}

void components_step(Step& s) {
  g::WeakComponents c(s.graph);
  c.run();
  add(s.out, "component", c.component());
  s.out.graph.components = c.sizes().size();
}

void bridges_step(Step& s) {
  g::Bridges b(s.graph);
  b.run();
  std::vector<std::pair<std::string, std::string>> bridges;
  std::vector<std::string> points;
  for (auto [u, v] : b.bridges()) bridges.emplace_back(s.ids.name(u), s.ids.name(v));
  for (auto v : b.articulation_points()) points.push_back(s.ids.name(v));
  s.out.graph.bridges = std::move(bridges);
  s.out.graph.articulation_points = std::move(points);
}

void communities_step(Step& s) {
  g::Louvain l(s.graph, {.seed = s.opt.seed});
  l.run();
  add(s.out, "community", l.community());
  s.out.graph.communities = l.count();
  s.out.graph.modularity = l.modularity();
}

struct Entry {
  const char* name;
  void (*run)(Step&);
};

// The registry. closeness and harmonic share one run.
const std::vector<Entry>& registry() {
  static const std::vector<Entry> entries = {
      {"degree", degree_step},       {"strength", strength_step},   {"betweenness", betweenness_step},
      {"closeness", closeness_step}, {"harmonic", nullptr},         {"pagerank", pagerank_step},
      {"eigenvector", eigenvector_step}, {"clustering", clustering_step}, {"core", core_step},
      {"components", components_step}, {"bridges", bridges_step}, {"constraint", constraint_step},
      {"communities", communities_step}};
  return entries;
}

void graph_facts(const g::Graph& graph, const g::Degree& deg, GraphFacts& f) {
  f.nodes = graph.node_count();
  f.edges = graph.edge_count();
  f.directed = graph.directed();
  const double n = static_cast<double>(f.nodes), pairs = n * (n - 1);
  f.density = f.nodes < 2 ? 0.0 : static_cast<double>(f.edges) / (f.directed ? pairs : pairs / 2);
  f.gini_degree = g::CommunityMeasures::gini(deg.degree());
  f.isolates = static_cast<uint64_t>(std::count(deg.degree().begin(), deg.degree().end(), 0u));
}

}  // namespace

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& e : registry()) v.emplace_back(e.name);
    return v;
  }();
  return names;
}

Result<std::set<std::string>> parse_metric_list(const std::string& spec) {
  const auto& all = metric_names();
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

Result<NetworkReport> compute_metrics(const g::Graph& graph, const g::IdMap& ids, const MetricOptions& opt) {
  KITH_ASSERT(ids.size() == graph.node_count());
  NetworkReport out;
  out.ids.reserve(ids.size());
  for (g::node_t v = 0; v < ids.size(); ++v) out.ids.push_back(ids.name(v));
  g::Degree deg(graph);
  deg.run();
  graph_facts(graph, deg, out.graph);
  Step step{graph, ids, opt, deg, out};
  bool closeness_done = false;
  try {
    for (const auto& e : registry()) {
      const bool wanted = opt.want.count(e.name) > 0;
      if (std::string_view(e.name) == "harmonic" && wanted && !closeness_done) {
        closeness_step(step);  // harmonic alone
        closeness_done = true;
        continue;
      }
      if (!wanted || !e.run) continue;
      if (std::string_view(e.name) == "closeness") closeness_done = true;
      e.run(step);
    }
  } catch (const std::invalid_argument& ex) {
    // A graph precondition the caller can fix (a setting out of range).
    return invalid("graph", ex.what());
  } catch (const std::length_error& ex) {
    return Error{Errc::too_large, std::string("The network is too large: ") + ex.what(), {}, 0};
  }
  return out;
}

const Column* NetworkReport::column(std::string_view name) const {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

size_t NetworkReport::bytes() const {
  size_t b = sizeof(*this);
  for (const auto& id : ids) b += sizeof(id) + id.capacity();
  for (const auto& c : columns)
    b += sizeof(c) + std::visit([](const auto& v) { return v.size() * sizeof(v[0]); }, c.values);
  if (graph.bridges) b += graph.bridges->size() * 2 * 40;
  if (graph.articulation_points) b += graph.articulation_points->size() * 40;
  return b;
}

std::optional<double> optional_at(const Column& c, size_t i) {
  return std::visit(
      [i](const auto& v) -> std::optional<double> {
        using V = std::decay_t<decltype(v[0])>;
        if constexpr (std::is_same_v<V, std::optional<double>>)
          return v[i];
        else
          return static_cast<double>(v[i]);
      },
      c.values);
}

double value_at(const Column& c, size_t i) { return optional_at(c, i).value_or(0.0); }

}  // namespace kith::analysis
