// The golden runner: every case folder under tests/fixtures/graph (written by
// make_reference.py there, NetworkX 2.8.8) and every metric its expected.json
// holds, one test per (case, metric). A key without a check here fails, so a
// new metric in the script cannot be silently skipped; a new case is a new
// folder and no C++. Numbers agree to 1e-9 relative (1e-13 absolute);
// Louvain's seeded results are compared as bounds on modularity.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <map>

#include "graph/support.hpp"
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
#include "kith/graph/modularity.hpp"
#include "kith/graph/pagerank.hpp"
#include "kith/graph/structural_holes.hpp"
#include "kith/graph/two_mode.hpp"

namespace kith::graph {
namespace {

using nlohmann::json;
using testing::Fixture;
using testing::TwoModeFixture;

constexpr const char* kNetworkXVersion = "2.8.8";  // make_reference.py's pin

// Reference values compared, over the whole run (reported at the end, to
// show how much the goldens cover).
std::atomic<uint64_t> g_values_checked{0};

void expect_close(double got, double want, const std::string& what) {
  ++g_values_checked;
  EXPECT_PRED2([](double x, double y) { return testing::close(x, y); }, got, want) << what;
}

template <class A, class B>
void expect_equal(const A& got, const B& want, const std::string& what) {
  ++g_values_checked;
  EXPECT_EQ(got, want) << what;
}

// A per-node list against the reference list of the same name.
template <class Vec>
void expect_values(const Fixture& f, const Vec& got, const json& want, const std::string& key) {
  ASSERT_EQ(got.size(), want.size()) << key;
  for (size_t i = 0; i < got.size(); ++i)
    expect_close(static_cast<double>(got[i]), want[i].get<double>(), key + " of " + f.ids.name(i));
}

// A per-node list of values that may be undefined (null in the reference).
void expect_optional_values(const Fixture& f, const std::vector<std::optional<double>>& got, const json& want,
                            const std::string& key) {
  ASSERT_EQ(got.size(), want.size()) << key;
  for (size_t i = 0; i < got.size(); ++i) {
    if (want[i].is_null()) {
      expect_equal(got[i].has_value(), false, key + " of " + f.ids.name(i) + " is undefined");
      continue;
    }
    ASSERT_TRUE(got[i].has_value()) << key << " of " << f.ids.name(i);
    expect_close(*got[i], want[i].get<double>(), key + " of " + f.ids.name(i));
  }
}

// A labelling as a sorted list of sorted id lists, NetworkX's shape.
std::vector<std::vector<std::string>> partition(const Fixture& f, const std::vector<uint32_t>& label) {
  std::map<uint32_t, std::vector<std::string>> groups;
  for (node_t v = 0; v < label.size(); ++v) groups[label[v]].push_back(f.ids.name(v));
  std::vector<std::vector<std::string>> out;
  for (auto& [_, g] : groups) {
    std::sort(g.begin(), g.end());
    out.push_back(g);
  }
  std::sort(out.begin(), out.end());
  return out;
}

using Pairs = std::vector<std::vector<std::string>>;

// ---- one-mode checks, by expected.json key ----

using OneModeCheck = std::function<void(const Fixture&, const json&, const std::string&)>;

void check_degree(const Fixture& f, const json& want, const std::string& key) {
  Degree d(f.graph);
  d.run();
  if (key == "degree") expect_values(f, d.degree(), want, key);
  if (key == "strength") expect_values(f, d.strength(), want, key);
  if (key == "in_degree") expect_values(f, d.in_degree(), want, key);
  if (key == "out_degree") expect_values(f, d.out_degree(), want, key);
}

// Several thread counts: the answer must not depend on them.
void check_betweenness(const Fixture& f, const json& want, const std::string& key) {
  for (unsigned threads : {1u, 2u, 3u}) {
    Betweenness b(f.graph, {.threads = threads});
    b.run();
    expect_values(f, key == "betweenness" ? b.raw() : b.normalized(), want, key);
  }
}

void check_closeness(const Fixture& f, const json& want, const std::string& key) {
  for (unsigned threads : {1u, 2u}) {
    Closeness c(f.graph, {.threads = threads});
    c.run();
    expect_values(f, key == "closeness" ? c.closeness() : c.harmonic(), want, key);
  }
}

void check_pagerank(const Fixture& f, const json& want, const std::string& key) {
  PageRank pr(f.graph);
  pr.run();
  expect_equal(pr.converged(), true, "pagerank converged");
  expect_values(f, pr.scores(), want, key);
}

void check_eigenvector(const Fixture& f, const json& want, const std::string& key) {
  EigenvectorCentrality e(f.graph);
  e.run();
  if (want.is_null()) {  // NetworkX: undefined on a disconnected graph
    expect_equal(e.defined(), false, "eigenvector undefined");
    for (const auto& x : e.scores()) expect_equal(x.has_value(), false, "eigenvector value undefined");
    return;
  }
  ASSERT_TRUE(e.defined());
  std::vector<double> got;
  for (const auto& x : e.scores()) got.push_back(*x);
  expect_values(f, got, want, key);
}

void check_clustering(const Fixture& f, const json& want, const std::string& key) {
  LocalClustering c(f.graph, {.threads = 2});
  c.run();
  expect_values(f, c.clustering(), want, key);
}

void check_core(const Fixture& f, const json& want, const std::string& key) {
  CoreNumber k(f.graph);
  k.run();
  expect_values(f, k.cores(), want, key);
}

void check_components(const Fixture& f, const json& want, const std::string& key) {
  if (key == "weak_components") {
    WeakComponents w(f.graph);
    w.run();
    expect_equal(partition(f, w.component()), want.get<Pairs>(), key);
    expect_equal(w.count(), want.size(), "weak component count");
  } else {
    StrongComponents s(f.graph);
    s.run();
    expect_equal(partition(f, s.component()), want.get<Pairs>(), key);
    expect_equal(s.count(), want.size(), "strong component count");
  }
}

void check_bridges(const Fixture& f, const json& want, const std::string& key) {
  Bridges b(f.graph);
  b.run();
  if (key == "bridges") {
    Pairs bridges;
    for (auto [u, v] : b.bridges()) {
      std::vector<std::string> e{f.ids.name(u), f.ids.name(v)};
      std::sort(e.begin(), e.end());
      bridges.push_back(e);
    }
    std::sort(bridges.begin(), bridges.end());
    expect_equal(bridges, want.get<Pairs>(), key);
  } else {
    std::vector<std::string> cut;
    for (node_t v : b.articulation_points()) cut.push_back(f.ids.name(v));
    std::sort(cut.begin(), cut.end());
    expect_equal(cut, want.get<std::vector<std::string>>(), key);
  }
}

void check_edges(const Fixture& f, const json& want, const std::string&) {
  expect_equal(f.graph.edge_count(), want.get<uint64_t>(), "edges");
}

// NetworkX's density: m / (n (n − 1)), undirected twice that. Undirected, it
// is CommunityMeasures' density of tied pairs; directed, kith reports none,
// so the check is on the arcs the graph kept.
void check_density(const Fixture& f, const json& want, const std::string&) {
  const double n = f.graph.node_count();
  if (f.directed) {
    expect_close(static_cast<double>(f.graph.edge_count()) / (n * (n - 1)), want.get<double>(), "density");
    return;
  }
  std::vector<TieRecord> ties;
  for (const auto& e : f.edges) ties.push_back({e.u, e.v, false, false});
  CommunityMeasures m(f.ids.size(), ties);
  m.run();
  ASSERT_TRUE(m.overall().density.has_value());
  expect_close(*m.overall().density, want.get<double>(), "density");
}

void check_partitions(const Fixture& f, const json& want, const std::string&) {
  for (const auto& p : want) {
    const std::vector<uint32_t> comm = p["community"].get<std::vector<uint32_t>>();
    Modularity q(f.graph, comm);
    q.run();
    ASSERT_TRUE(q.value().has_value());
    expect_close(*q.value(), p["modularity"].get<double>(), "modularity of " + p["name"].get<std::string>());
  }
}

// Both Louvains depend on their seeds (which mean different things), so the
// comparison is over ten seeds: kith's mean, and its best, are at least
// NetworkX's over its ten.
void check_louvain(const Fixture& f, const json& want, const std::string& key) {
  double best = -1.0, sum = 0.0;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    Louvain l(f.graph, {.seed = seed});
    l.run();
    ASSERT_TRUE(l.modularity().has_value());
    best = std::max(best, *l.modularity());
    sum += *l.modularity();
    // What Louvain reports is what Modularity says of its partition.
    Modularity check(f.graph, l.community());
    check.run();
    EXPECT_PRED2([](double x, double y) { return testing::close(x, y); }, *check.value(), *l.modularity());
  }
  ++g_values_checked;
  if (key == "louvain_mean") {
    EXPECT_GE(sum / 10, want.get<double>() - 1e-12) << key;
  } else {
    EXPECT_GE(best, want.get<double>() - 1e-12) << key;
  }
}

void check_structural_holes(const Fixture& f, const json& want, const std::string& key) {
  StructuralHoles sh(f.graph);
  sh.run();
  expect_optional_values(f, key == "constraint" ? sh.constraint() : sh.effective_size(), want, key);
}

const std::map<std::string, OneModeCheck>& one_mode_checks() {
  static const std::map<std::string, OneModeCheck> checks = {
      {"edges", check_edges},
      {"degree", check_degree},
      {"strength", check_degree},
      {"in_degree", check_degree},
      {"out_degree", check_degree},
      {"betweenness", check_betweenness},
      {"betweenness_norm", check_betweenness},
      {"closeness", check_closeness},
      {"harmonic", check_closeness},
      {"pagerank", check_pagerank},
      {"eigenvector", check_eigenvector},
      {"clustering", check_clustering},
      {"core", check_core},
      {"weak_components", check_components},
      {"strong_components", check_components},
      {"bridges", check_bridges},
      {"articulation_points", check_bridges},
      {"density", check_density},
      {"partitions", check_partitions},
      {"louvain_best", check_louvain},
      {"louvain_mean", check_louvain},
      {"constraint", check_structural_holes},
      {"effective_size", check_structural_holes},
  };
  return checks;
}

// ---- two-mode checks ----

using TwoModeCheck = std::function<void(const TwoModeFixture&, const json&)>;

// With the reference's communities, so communities_spanned is comparable.
TwoMode run_with_reference_communities(const TwoModeFixture& d, const std::vector<uint32_t>& comm) {
  TwoMode t(d.people.size(), d.groups.size(), d.affiliations, {.communities = comm, .threads = 2});
  t.run();
  return t;
}

void check_people(const TwoModeFixture& d, const json& want) {
  const std::vector<uint32_t> comm = testing::reference_communities(d);
  TwoMode t = run_with_reference_communities(d, comm);
  ASSERT_EQ(want.size(), d.people.size());
  for (node_t p = 0; p < d.people.size(); ++p) {
    const json& w = want[p];
    const std::string who = d.people.name(p);
    expect_equal(t.person_groups()[p], w["groups"].get<uint32_t>(), "groups of " + who);
    expect_equal(t.projected_degree()[p], w["projected_degree"].get<uint32_t>(), "projected degree of " + who);
    expect_close(t.projected_weighted_degree()[p], w["projected_weighted_degree"].get<double>(),
                 "projected weighted degree of " + who);
    ASSERT_TRUE(t.person_betweenness()[p].has_value()) << who;
    expect_close(*t.person_betweenness()[p], w["betweenness"].get<double>(), "betweenness of " + who);
  }
}

void check_groups(const TwoModeFixture& d, const json& want) {
  const std::vector<uint32_t> comm = testing::reference_communities(d);
  TwoMode t = run_with_reference_communities(d, comm);
  // The ties given source→target only: either direction counts as a tie.
  const Graph ties = Graph::from_edges(d.people.size(), d.ties, {.directed = true});
  TwoMode tied(d.people.size(), d.groups.size(), d.affiliations, {.ties = &ties, .threads = 1});
  tied.run();
  ASSERT_EQ(want.size(), d.groups.size());
  for (uint32_t g = 0; g < d.groups.size(); ++g) {
    const json& w = want[g];
    const std::string what = d.groups.name(g);
    expect_equal(t.members()[g], w["members"].get<uint32_t>(), "members of " + what);
    expect_equal(t.only_link_pairs()[g], w["only_link_pairs"].get<uint64_t>(), "only-link pairs of " + what);
    expect_equal(tied.only_link_pairs()[g], w["only_link_pairs_untied"].get<uint64_t>(),
                 "only-link pairs without a tie of " + what);
    expect_equal(t.communities_spanned()[g], w["communities_spanned"].get<uint32_t>(),
                 "communities spanned by " + what);
    ASSERT_TRUE(t.betweenness()[g].has_value()) << what;
    expect_close(*t.betweenness()[g], w["betweenness"].get<double>(), "betweenness of " + what);
  }
}

// The weighted projection is NetworkX's: Louvain on it scores at least what
// NetworkX's louvain_communities(seed=0) does, by kith's best of ten seeds.
void check_projection_modularity(const TwoModeFixture& d, const json& want) {
  TwoMode t(d.people.size(), d.groups.size(), d.affiliations, {.seed = 0});
  t.run();
  double best = -1.0;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    Louvain l(t.projection(), {.seed = seed});
    l.run();
    best = std::max(best, *l.modularity());
  }
  ++g_values_checked;
  EXPECT_GE(best, want.get<double>() - 1e-12);
}

const std::map<std::string, TwoModeCheck>& two_mode_checks() {
  static const std::map<std::string, TwoModeCheck> checks = {
      {"people", check_people},
      {"groups", check_groups},
      {"projection_modularity", check_projection_modularity},
  };
  return checks;
}

// ---- the runner ----

struct Metric {
  std::string case_name, key;
  bool two_mode = false;
};

// Every (case, key) of every folder holding an expected.json, in a stable order.
std::vector<Metric> all_metrics() {
  namespace fs = std::filesystem;
  std::vector<Metric> out;
  std::vector<fs::path> dirs;
  for (const auto& entry : fs::directory_iterator(std::string(KITH_FIXTURES) + "/graph"))
    if (entry.is_directory() && fs::exists(entry.path() / "expected.json")) dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& dir : dirs) {
    const std::string name = dir.filename().string();
    const json options = testing::read_json((dir / "options.json").string());
    const json expected = testing::read_json((dir / "expected.json").string());
    for (const auto& [key, _] : expected.items()) out.push_back({name, key, options.value("two_mode", false)});
  }
  return out;
}

class Golden : public ::testing::TestWithParam<Metric> {};

TEST_P(Golden, MatchesNetworkX) {
  const Metric& m = GetParam();
  if (m.key == "networkx") {
    const json expected = testing::read_json(testing::case_dir(m.case_name) + "expected.json");
    EXPECT_EQ(expected["networkx"], kNetworkXVersion) << "regenerate with the pinned NetworkX";
    return;
  }
  if (m.two_mode) {
    const TwoModeFixture d = testing::load_two_mode(m.case_name);
    const auto it = two_mode_checks().find(m.key);
    ASSERT_NE(it, two_mode_checks().end()) << "no check for two-mode key " << m.key;
    it->second(d, d.expected[m.key]);
    return;
  }
  const Fixture f = testing::load_fixture(m.case_name);
  const auto it = one_mode_checks().find(m.key);
  ASSERT_NE(it, one_mode_checks().end()) << "no check for key " << m.key;
  it->second(f, f.expected[m.key], m.key);
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(all_metrics()),
                         [](const ::testing::TestParamInfo<Metric>& info) {
                           return info.param.case_name + "_" + info.param.key;
                         });

// The runner found the cases at all (an empty or misplaced folder would
// otherwise pass with nothing checked), and every node of edges.csv is in
// nodes.csv (else expected.json's lists would be misaligned).
TEST(GoldenCases, FoundAndWellFormed) {
  const std::vector<Metric> metrics = all_metrics();
  std::map<std::string, bool> cases;
  for (const Metric& m : metrics) cases[m.case_name] = m.two_mode;
  EXPECT_GE(cases.size(), 8u);
  for (const auto& [name, two_mode] : cases) {
    if (two_mode) continue;
    const Fixture f = testing::load_fixture(name);
    EXPECT_EQ(f.ids.size(), testing::read_rows(testing::case_dir(name) + "nodes.csv").size()) << name;
  }
}

// Prints how many reference values the run compared.
class CountReport : public ::testing::Environment {
 public:
  void TearDown() override {
    if (g_values_checked > 0) std::printf("golden: %llu reference values checked\n",
                                          static_cast<unsigned long long>(g_values_checked.load()));
  }
};
const auto* const kCountReport = ::testing::AddGlobalTestEnvironment(new CountReport);

}  // namespace
}  // namespace kith::graph
