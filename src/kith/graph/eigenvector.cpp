#include "kith/graph/eigenvector.hpp"

#include <cmath>

#include "kith/graph/components.hpp"
#include "kith/graph/view.hpp"

namespace kith::graph {

void EigenvectorCentrality::run() {
  Graph storage;
  const Graph& g = undirected_view(g_, storage);
  const node_t n = g.node_count();
  x_.assign(n, std::nullopt);
  iterations_ = 0;
  WeakComponents wc(g);
  wc.run();
  connected_ = wc.count() <= 1;
  defined_ = false;
  if (!connected_ || n == 0) {
    ran_ = true;
    return;
  }
  std::vector<double> x(n, 1.0 / n), y(n);
  bool converged = false;
  while (iterations_ < opt_.max_iter && !converged) {
    ++iterations_;
    double norm2 = 0;
    for (node_t v = 0; v < n; ++v) {
      double s = x[v];  // the identity in A + I
      for (node_t u : g.out_neighbors(v)) s += x[u];
      y[v] = s;
      norm2 += s * s;
    }
    double norm = std::sqrt(norm2);
    if (norm == 0) norm = 1;
    double err = 0;
    for (node_t v = 0; v < n; ++v) {
      y[v] /= norm;
      err += std::fabs(y[v] - x[v]);
    }
    x.swap(y);
    converged = err < n * opt_.tol;
  }
  if (converged) {
    for (node_t v = 0; v < n; ++v) x_[v] = x[v];
    defined_ = true;
  }
  ran_ = true;
}

}  // namespace kith::graph
