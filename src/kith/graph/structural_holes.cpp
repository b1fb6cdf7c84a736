#include "kith/graph/structural_holes.hpp"

#include <algorithm>
#include <cassert>

namespace kith::graph {
namespace {

// Per node: the sum and the maximum of its edge weights. In an undirected
// graph NetworkX's mutual weight is 2w on every edge, so normalising by the
// sum or the maximum cancels the 2 and plain weights suffice.
struct Totals {
  std::vector<double> sum, max;
};

Totals totals(const Graph& u) {
  Totals t{std::vector<double>(u.node_count(), 0.0), std::vector<double>(u.node_count(), 0.0)};
  for (node_t v = 0; v < u.node_count(); ++v) {
    auto w = u.out_weights(v);
    for (size_t i = 0; i < u.out_neighbors(v).size(); ++i) {
      double x = w.empty() ? 1.0 : w[i];
      t.sum[v] += x;
      t.max[v] = std::max(t.max[v], x);
    }
  }
  return t;
}

// p_ab: the share of a's tie strength that goes to b (0 when not tied).
double share(const Graph& u, const Totals& t, node_t a, node_t b) {
  double w = u.weight(a, b);
  return w == 0.0 ? 0.0 : w / t.sum[a];
}

double local_constraint(const Graph& u, const Totals& t, node_t v, node_t n) {
  double indirect = 0.0;
  for (node_t w : u.out_neighbors(v)) indirect += share(u, t, v, w) * share(u, t, w, n);
  double c = share(u, t, v, n) + indirect;
  return c * c;
}

double redundancy(const Graph& u, const Totals& t, node_t v, node_t n) {
  double r = 0.0;
  for (node_t w : u.out_neighbors(v)) {
    double m = u.weight(n, w);
    if (m != 0.0) r += share(u, t, v, w) * (m / t.max[n]);
  }
  return 1.0 - r;
}

}  // namespace

void StructuralHoles::run() {
  const Graph view = g_.directed() ? g_.undirected() : Graph();
  const Graph& u = g_.directed() ? view : g_;
  const Totals t = totals(u);
  constraint_.assign(u.node_count(), std::nullopt);
  effective_.assign(u.node_count(), std::nullopt);
  for (node_t v = 0; v < u.node_count(); ++v) {
    auto nb = u.out_neighbors(v);
    if (nb.empty()) continue;  // an isolate has no contacts to be constrained by
    double c = 0.0, e = 0.0;
    for (node_t n : nb) {
      c += local_constraint(u, t, v, n);
      e += redundancy(u, t, v, n);
    }
    assert(e <= static_cast<double>(nb.size()) + 1e-9);
    constraint_[v] = c;
    effective_[v] = e;
  }
  ran_ = true;
}

}  // namespace kith::graph
