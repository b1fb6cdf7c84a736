#include "kith/graph/modularity.hpp"

#include <algorithm>
#include <stdexcept>

#include "kith/graph/postconditions.hpp"

namespace kith::graph {
namespace {

// Per community: weight of the edges inside it and its out-/in-strength.
struct CommunityTotals {
  std::vector<double> inside, out, in;
};

CommunityTotals community_totals(const Graph& g, std::span<const uint32_t> comm) {
  const uint32_t labels = comm.empty() ? 0 : *std::max_element(comm.begin(), comm.end()) + 1;
  CommunityTotals t{std::vector<double>(labels, 0.0), std::vector<double>(labels, 0.0),
                    std::vector<double>(labels, 0.0)};
  for (node_t u = 0; u < g.node_count(); ++u) {
    auto nb = g.out_neighbors(u);
    auto w = g.out_weights(u);
    for (size_t i = 0; i < nb.size(); ++i) {
      const double x = w.empty() ? 1.0 : w[i];
      t.out[comm[u]] += x;
      t.in[comm[nb[i]]] += x;
      if (comm[u] == comm[nb[i]]) t.inside[comm[u]] += x;
    }
  }
  // An undirected edge sits in two rows: it was counted inside twice.
  if (!g.directed())
    for (double& x : t.inside) x /= 2;
  return t;
}

}  // namespace

void Modularity::run() {
  if (community_.size() != g_.node_count())
    throw std::invalid_argument("modularity needs one community label per node");
  const CommunityTotals t = community_totals(g_, community_);
  double total_out = 0.0;
  for (double x : t.out) total_out += x;
  // Undirected: every edge counted from both ends, so total_out = 2m.
  const double m = g_.directed() ? total_out : total_out / 2;
  value_.reset();
  if (m > 0.0) {
    const double norm = g_.directed() ? 1.0 / (m * m) : 1.0 / (total_out * total_out);
    double q = 0.0;
    for (size_t c = 0; c < t.out.size(); ++c)
      q += t.inside[c] / m - opt_.resolution * t.out[c] * t.in[c] * norm;
    assert_modularity_range(q, opt_.resolution);
    value_ = q;
  }
  ran_ = true;
}

}  // namespace kith::graph
