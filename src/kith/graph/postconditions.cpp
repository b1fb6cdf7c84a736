#include "kith/graph/postconditions.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "kith/graph/check.hpp"

namespace kith::graph {

void assert_csr(std::span<const edge_t> offsets, uint64_t entries) {
  KITH_GRAPH_ASSERT_MSG(!offsets.empty() && offsets.front() == 0, "CSR offsets start at 0");
  KITH_GRAPH_ASSERT_MSG(std::is_sorted(offsets.begin(), offsets.end()), "CSR offsets never decrease");
  KITH_GRAPH_ASSERT_MSG(offsets.back() == entries, "CSR offsets end at the number of entries");
}

void assert_partition(std::span<const uint32_t> labels, std::span<const uint32_t> sizes) {
  std::vector<uint32_t> count(sizes.size(), 0);
  for (uint32_t l : labels) {
    KITH_GRAPH_ASSERT_MSG(l < sizes.size(), "every node has a component");
    ++count[l];
  }
  // Equal counts also make the sizes sum to n: each node is counted once.
  KITH_GRAPH_ASSERT_MSG(std::equal(count.begin(), count.end(), sizes.begin()), "component sizes count their nodes");
}

void assert_finite_non_negative(std::span<const double> values, const char* what) {
  for (double x : values) KITH_GRAPH_ASSERT_MSG(std::isfinite(x) && x >= 0.0, what);
}

void assert_finite(std::span<const double> values, const char* what) {
  for (double x : values) KITH_GRAPH_ASSERT_MSG(std::isfinite(x), what);
}

void assert_distribution(std::span<const double> x, double tolerance) {
  double sum = 0.0;
  for (double p : x) {
    KITH_GRAPH_ASSERT_MSG(std::isfinite(p) && p >= 0.0, "probabilities are finite and non-negative");
    sum += p;
  }
  KITH_GRAPH_ASSERT_MSG(x.empty() || std::fabs(sum - 1.0) <= tolerance, "probabilities sum to 1");
}

void assert_modularity_range(double q, double resolution) {
  if (!(resolution >= 0.0)) return;  // no bound below for a negative γ
  const double low = resolution <= 1.0 ? -resolution / 2 : -resolution;
  constexpr double kSlack = 1e-9;  // rounding in the sums behind q
  KITH_GRAPH_ASSERT_MSG(std::isfinite(q) && q >= low - kSlack && q <= 1.0 + kSlack, "modularity lies in its range");
}

void assert_communities_connected(const Graph& g, std::span<const uint32_t> community) {
  const node_t n = g.node_count();
  KITH_GRAPH_ASSERT_MSG(community.size() == n, "one community per node");
  const uint32_t labels = n == 0 ? 0 : *std::max_element(community.begin(), community.end()) + 1;
  std::vector<uint8_t> seen(n, 0), started(labels, 0);
  std::vector<node_t> queue;
  queue.reserve(n);
  for (node_t root = 0; root < n; ++root) {
    if (seen[root]) continue;
    const uint32_t c = community[root];
    // A second unseen piece of a community already entered: disconnected.
    KITH_GRAPH_ASSERT_MSG(!started[c], "every community is connected");
    started[c] = 1;
    queue.assign(1, root);
    seen[root] = 1;
    for (size_t head = 0; head < queue.size(); ++head) {
      const node_t v = queue[head];
      auto visit = [&](node_t w) {
        if (!seen[w] && community[w] == c) {
          seen[w] = 1;
          queue.push_back(w);
        }
      };
      for (node_t w : g.out_neighbors(v)) visit(w);
      if (g.directed())
        for (node_t w : g.in_neighbors(v)) visit(w);
    }
  }
}

}  // namespace kith::graph
