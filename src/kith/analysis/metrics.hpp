#pragma once
// The metric registry: every per-person and whole-network measure kith
// computes, by name, and the typed report they fill. `kith analyze` (files
// and areas) and the API's network route all go through compute_metrics, so
// a metric is added once (docs/architecture.md, "Adding a metric").
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/graph/graph.hpp"
#include "kith/graph/labels.hpp"

namespace kith::analysis {

// Metric names ("all" selects every one), in the order they are computed.
const std::vector<std::string>& metric_names();
// "all" or a comma-separated list of metric_names(); field "metrics" on error.
Result<std::set<std::string>> parse_metric_list(const std::string& spec);

// Exact Brandes betweenness is O(nm): above `exact_max` people the
// Riondato–Kornaropoulos estimate is used instead, unless `force_exact`.
struct BetweennessPolicy {
  uint64_t exact_max = 20'000;
  bool force_exact = false;
  double epsilon = 0.01;  // additive error bound on pair-normalised betweenness
  double delta = 0.1;     // failure probability
};

struct MetricOptions {
  std::set<std::string> want;  // from parse_metric_list
  unsigned threads = 2;
  uint64_t seed = 0;           // Louvain's (and the betweenness estimate's)
  BetweennessPolicy betweenness{};
};

// How betweenness was computed, stated with the numbers.
struct BetweennessMethod {
  bool exact = true;
  double epsilon = 0, delta = 0;  // approximate only
  uint64_t samples = 0;           // approximate only
};

// One per-person column. Counts are integers, scores doubles, and scores that
// can be undefined (eigenvector on a disconnected graph, constraint of an
// isolate) are optional: null, never a made-up number.
using ColumnValues = std::variant<std::vector<uint64_t>, std::vector<double>, std::vector<std::optional<double>>>;
struct Column {
  std::string name;
  ColumnValues values;
};

struct GraphFacts {
  uint64_t nodes = 0, edges = 0;
  bool directed = false;
  double density = 0;
  std::optional<double> gini_degree;
  uint64_t isolates = 0;
  std::optional<uint64_t> components;                                    // with "components"
  std::optional<std::vector<std::pair<std::string, std::string>>> bridges;  // with "bridges"
  std::optional<std::vector<std::string>> articulation_points;           // with "bridges"
  std::optional<uint64_t> communities;                                   // with "communities"
  std::optional<double> modularity;                                      // null when there are no edges
  std::optional<BetweennessMethod> betweenness;                          // with "betweenness"
};

struct NetworkReport {
  GraphFacts graph;
  std::vector<std::string> ids;  // node order
  std::vector<Column> columns;   // in metric order
  // nullptr when the column was not computed.
  const Column* column(std::string_view name) const;
  // Rough heap footprint, for the byte-bounded cache.
  size_t bytes() const;
};

// Runs the selected metrics. Graph preconditions (an estimate's ε or δ out of
// range, say) come back as Errc::invalid with the reason, never an exception.
Result<NetworkReport> compute_metrics(const graph::Graph& g, const graph::IdMap& ids, const MetricOptions& opt);

// Column values as numbers, for code that ranks people by a metric.
double value_at(const Column& c, size_t i);                 // null reads as 0
std::optional<double> optional_at(const Column& c, size_t i);

}  // namespace kith::analysis
