#pragma once
// Shared helpers for the graph suite: loading the NetworkX fixtures, tolerant
// comparison, and an igraph mirror of a kith graph for differential tests.
#include <gtest/gtest.h>
#include <igraph.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "kith/graph/graph.hpp"
#include "kith/graph/labels.hpp"

namespace kith::graph::testing {

// Relative 1e-9, with an absolute floor for values that should be zero.
inline bool close(double a, double b, double rel = 1e-9) {
  return std::fabs(a - b) <= rel * std::max(std::fabs(a), std::fabs(b)) + 1e-13;
}

#define EXPECT_CLOSE(a, b) EXPECT_PRED2([](double x, double y) { return ::kith::graph::testing::close(x, y); }, a, b)

struct Fixture {
  nlohmann::json expected;
  IdMap ids;
  std::vector<EdgeInput> edges;
  Graph graph;
  bool directed = false, weighted = false;
};

// Reads tests/fixtures/graph/NAME.{csv,expected.json}. Node indices follow the
// JSON's node list, so index i is expected[...][i].
inline Fixture load_fixture(const std::string& name) {
  Fixture f;
  const std::string dir = std::string(KITH_FIXTURES) + "/graph/";
  std::ifstream js(dir + name + ".expected.json");
  f.expected = nlohmann::json::parse(js);
  f.directed = f.expected["directed"].get<bool>();
  f.weighted = f.expected["weighted"].get<bool>();
  for (const auto& id : f.expected["nodes"]) f.ids.intern(id.get<std::string>());
  std::ifstream csv(dir + name + ".csv");
  std::string line;
  std::getline(csv, line);  // header
  while (std::getline(csv, line)) {
    std::stringstream ss(line);
    std::string u, v, w;
    std::getline(ss, u, ',');
    std::getline(ss, v, ',');
    std::getline(ss, w, ',');
    f.edges.push_back({f.ids.intern(u), f.ids.intern(v), w.empty() ? 1.0 : std::stod(w)});
  }
  f.graph = Graph::from_edges(f.ids.size(), f.edges, {.directed = f.directed, .weighted = f.weighted});
  return f;
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
