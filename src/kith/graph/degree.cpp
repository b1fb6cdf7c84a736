#include "kith/graph/degree.hpp"

namespace kith::graph {
namespace {

double row_sum(std::span<const float> w) {
  double s = 0;
  for (float x : w) s += x;
  return s;
}

}  // namespace

void Degree::run() {
  const node_t n = g_.node_count();
  degree_.assign(n, 0);
  in_.assign(n, 0);
  out_.assign(n, 0);
  strength_.assign(n, 0.0);
  for (node_t v = 0; v < n; ++v) {
    out_[v] = g_.out_degree(v);
    in_[v] = g_.in_degree(v);
    degree_[v] = g_.directed() ? in_[v] + out_[v] : out_[v];
    if (!g_.weighted()) {
      strength_[v] = degree_[v];
    } else {
      strength_[v] = row_sum(g_.out_weights(v)) + (g_.directed() ? row_sum(g_.in_weights(v)) : 0.0);
    }
  }
  ran_ = true;
}

}  // namespace kith::graph
