#pragma once
// Shared helpers for the graph suite: loading the golden cases (one folder
// each under tests/fixtures/graph, see make_reference.py there), tolerant
// comparison, and an igraph mirror of a kith graph for differential tests.
#include <gtest/gtest.h>
#include <igraph.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kith/graph/graph.hpp"
#include "kith/graph/labels.hpp"
#include "kith/graph/two_mode.hpp"

namespace kith::graph::testing {

// Relative 1e-9, with an absolute floor for values that should be zero.
inline bool close(double a, double b, double rel = 1e-9) {
  return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)) + 1e-13;
}

#define EXPECT_CLOSE(a, b) EXPECT_PRED2([](double x, double y) { return ::kith::graph::testing::close(x, y); }, a, b)

// tests/fixtures/graph/, with the trailing slash.
inline const std::string kFixtures = std::string(KITH_FIXTURES) + "/graph/";

// Bit-for-bit equality: what "deterministic" promises, stricter than close().
inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// G(n, p) from a seed: each pair (each ordered pair when directed) an edge with probability p.
inline Graph random_graph(node_t n, double p, bool directed, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution coin(p);
  std::vector<EdgeInput> e;
  for (node_t u = 0; u < n; ++u)
    for (node_t v = directed ? 0 : u + 1; v < n; ++v)
      if (u != v && coin(rng)) e.push_back({u, v, 1});
  return Graph::from_edges(n, e, {.directed = directed});
}

// The folder of golden case NAME: tests/fixtures/graph/NAME/.
inline std::string case_dir(const std::string& name) { return std::string(KITH_FIXTURES) + "/graph/" + name + "/"; }

inline nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

// The rows of a small CSV file without quoting (the fixtures have none),
// header dropped; each row split at commas.
inline std::vector<std::vector<std::string>> read_rows(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> row;
    std::stringstream ss(line);
    for (std::string cell; std::getline(ss, cell, ',');) row.push_back(cell);
    if (!line.empty() && line.back() == ',') row.emplace_back();
    rows.push_back(row);
  }
  return rows;
}

// A one-mode golden case: options.json, nodes.csv (index order: node i is
// row i, so expected[metric][i] is node i's value), edges.csv.
struct Fixture {
  std::string name;
  nlohmann::json expected, options;
  IdMap ids;
  std::vector<EdgeInput> edges;
  Graph graph;
  bool directed = false, weighted = false;
};

inline Fixture load_fixture(const std::string& name) {
  Fixture f;
  f.name = name;
  const std::string dir = case_dir(name);
  f.options = read_json(dir + "options.json");
  f.expected = read_json(dir + "expected.json");
  f.directed = f.options.value("directed", false);
  f.weighted = f.options.value("weighted", false);
  for (const auto& row : read_rows(dir + "nodes.csv")) f.ids.intern(row.at(0));
  for (const auto& row : read_rows(dir + "edges.csv"))
    f.edges.push_back({f.ids.intern(row.at(0)), f.ids.intern(row.at(1)), row.size() > 2 ? std::stod(row[2]) : 1.0});
  f.graph = Graph::from_edges(f.ids.size(), f.edges, {.directed = f.directed, .weighted = f.weighted});
  return f;
}

// A two-mode golden case (options "two_mode"): affiliations.csv
// (person,group), the direct ties between people in edges.csv, and people
// and groups indexed in expected.json's order.
struct TwoModeFixture {
  std::string name;
  nlohmann::json expected;
  IdMap people, groups;
  std::vector<Affiliation> affiliations;
  std::vector<EdgeInput> ties;
};

inline TwoModeFixture load_two_mode(const std::string& name) {
  TwoModeFixture d;
  d.name = name;
  const std::string dir = case_dir(name);
  d.expected = read_json(dir + "expected.json");
  for (const auto& p : d.expected["people"]) d.people.intern(p["id"].get<std::string>());
  for (const auto& g : d.expected["groups"]) d.groups.intern(g["id"].get<std::string>());
  for (const auto& r : read_rows(dir + "affiliations.csv"))
    d.affiliations.push_back({d.people.intern(r.at(0)), d.groups.intern(r.at(1))});
  for (const auto& r : read_rows(dir + "edges.csv"))
    d.ties.push_back({d.people.intern(r.at(0)), d.people.intern(r.at(1))});
  return d;
}

// The communities the reference gave each person.
inline std::vector<uint32_t> reference_communities(const TwoModeFixture& d) {
  std::vector<uint32_t> c;
  for (const auto& p : d.expected["people"]) c.push_back(p["community"].get<uint32_t>());
  return c;
}

// An igraph copy of a kith graph (one igraph edge per kith edge, in row
// order) with its weights, freed on scope exit.
class IGraph {
 public:
  explicit IGraph(const Graph& g) {
    igraph_vector_int_t el;
    igraph_vector_int_init(&el, 0);
    igraph_vector_init(&weights_, 0);
    for (node_t u = 0; u < g.node_count(); ++u) {
      auto nb = g.out_neighbors(u);
      for (size_t i = 0; i < nb.size(); ++i) {
        if (!g.directed() && nb[i] < u) continue;
        igraph_vector_int_push_back(&el, u);
        igraph_vector_int_push_back(&el, nb[i]);
        igraph_vector_push_back(&weights_, g.weighted() ? g.out_weights(u)[i] : 1.0);
      }
    }
    igraph_create(&g_, &el, g.node_count(), g.directed() ? IGRAPH_DIRECTED : IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&el);
  }
  ~IGraph() {
    igraph_destroy(&g_);
    igraph_vector_destroy(&weights_);
  }
  IGraph(const IGraph&) = delete;
  IGraph& operator=(const IGraph&) = delete;
  const igraph_t* get() const { return &g_; }
  const igraph_vector_t* weights() const { return &weights_; }

 private:
  igraph_t g_;
  igraph_vector_t weights_;
};

inline std::vector<double> to_std(const igraph_vector_t& v) {
  return std::vector<double>(VECTOR(v), VECTOR(v) + igraph_vector_size(&v));
}
inline std::vector<long> to_std(const igraph_vector_int_t& v) {
  return std::vector<long>(VECTOR(v), VECTOR(v) + igraph_vector_int_size(&v));
}

}  // namespace kith::graph::testing
