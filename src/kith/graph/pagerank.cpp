#include "kith/graph/pagerank.hpp"

#include <barrier>
#include <cmath>

#include "kith/graph/parallel.hpp"
#include "kith/graph/postconditions.hpp"

namespace kith::graph {
namespace {

// 1/out-strength for every node; 0 marks a dangling node.
std::vector<double> inverse_out_strength(const Graph& g) {
  const node_t n = g.node_count();
  std::vector<double> inv(n, 0.0);
  for (node_t u = 0; u < n; ++u) {
    double s = 0;
    if (g.weighted()) {
      for (float w : g.out_weights(u)) s += w;
    } else {
      s = g.out_degree(u);
    }
    if (s != 0) inv[u] = 1.0 / s;
  }
  return inv;
}

// Nodes a block of the per-sweep sums (dangling mass, L1 change): fixed, so
// those sums are added in one order whatever the thread count, and a run
// stops after the same sweep with the same bits.
constexpr uint64_t kNodesPerBlock = 4096;

}  // namespace

void PageRank::run() {
  const node_t n = g_.node_count();
  x_.assign(n, n ? 1.0 / n : 0.0);
  iterations_ = 0;
  converged_ = true;
  if (n == 0) {
    ran_ = true;
    return;
  }
  const std::vector<double> inv = inverse_out_strength(g_);
  std::vector<double> contrib(n), next(n);
  // Few threads pay off only when a sweep is long enough to hide a barrier.
  const unsigned threads = n < 20000 ? 1 : resolve_threads(opt_.threads);
  const uint64_t blocks = (static_cast<uint64_t>(n) + kNodesPerBlock - 1) / kNodesPerBlock;
  std::vector<double> dangling_part(blocks, 0.0), err_part(blocks, 0.0);
  const double alpha = opt_.alpha, teleport = (1.0 - alpha) / n;
  double dangling = 0.0;
  bool done = false;
  double* cur = x_.data();
  double* nxt = next.data();

  auto after_contrib = [&]() noexcept {
    dangling = 0;
    for (double d : dangling_part) dangling += d;
  };
  auto after_sweep = [&]() noexcept {
    double err = 0;
    for (double e : err_part) err += e;
    std::swap(cur, nxt);
    ++iterations_;
    if (err < n * opt_.tol) {
      done = true;
    } else if (iterations_ >= opt_.max_iter) {
      done = true;
      converged_ = false;
    }
  };
  std::barrier sync_contrib(threads, after_contrib);
  std::barrier sync_sweep(threads, after_sweep);

  run_workers(threads, [&](unsigned t) {
    const auto [first, last] = static_range(blocks, threads, t);
    while (!done) {
      for (uint64_t b = first; b < last; ++b) {
        double dp = 0;
        for (uint64_t u = b * kNodesPerBlock, end = std::min<uint64_t>(n, u + kNodesPerBlock); u < end; ++u) {
          contrib[u] = cur[u] * inv[u];
          if (inv[u] == 0) dp += cur[u];
        }
        dangling_part[b] = dp;
      }
      sync_contrib.arrive_and_wait();
      const double base = alpha * dangling / n + teleport;
      for (uint64_t b = first; b < last; ++b) {
        double err = 0;
        for (uint64_t v = b * kNodesPerBlock, end = std::min<uint64_t>(n, v + kNodesPerBlock); v < end; ++v) {
          double y = 0;
          auto nb = g_.in_neighbors(static_cast<node_t>(v));
          if (g_.weighted()) {
            auto w = g_.in_weights(static_cast<node_t>(v));
            for (size_t i = 0; i < nb.size(); ++i) y += w[i] * contrib[nb[i]];
          } else {
            for (node_t u : nb) y += contrib[u];
          }
          nxt[v] = alpha * y + base;
          err += std::fabs(nxt[v] - cur[v]);
        }
        err_part[b] = err;
      }
      sync_sweep.arrive_and_wait();
    }
  });
  if (cur != x_.data()) x_.assign(cur, cur + n);
  // Each sweep keeps the total mass at 1 (dangling mass is spread, not
  // lost); only rounding, about n ulps, and the last sweep's change remain.
  assert_distribution(x_, 1e-9 + static_cast<double>(n) * (opt_.tol + 1e-15));
  ran_ = true;
}

}  // namespace kith::graph
