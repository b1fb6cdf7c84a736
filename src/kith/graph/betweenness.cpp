#include "kith/graph/betweenness.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "kith/graph/random.hpp"
#include "kith/graph/components.hpp"
#include "kith/graph/parallel.hpp"
#include "kith/graph/postconditions.hpp"

namespace kith::graph {
namespace {

// One thread's Brandes state, sized once and reset only where a BFS touched.
struct BrandesScratch {
  std::vector<int32_t> dist;
  std::vector<double> sigma;
  std::vector<double> coef;  // (1 + delta[w]) / sigma[w], what predecessors pull
  std::vector<node_t> order;

  explicit BrandesScratch(node_t n) : dist(n, -1), sigma(n, 0.0), coef(n, 0.0), order(n) {}

  // BFS from s over out-rows; returns how many nodes it reached.
  node_t forward(const Graph& g, node_t s) {
    node_t head = 0, tail = 0;
    order[tail++] = s;
    dist[s] = 0;
    sigma[s] = 1.0;
    while (head < tail) {
      const node_t v = order[head++];
      const int32_t dn = dist[v] + 1;
      const double sv = sigma[v];
      for (node_t w : g.out_neighbors(v)) {
        if (dist[w] < 0) {
          dist[w] = dn;
          sigma[w] = 0.0;
          order[tail++] = w;
        }
        if (dist[w] == dn) sigma[w] += sv;
      }
    }
    return tail;
  }

  // Dependencies in reverse BFS order, pulled from successors so each step
  // writes only its own node; added to `score`.
  void backward(const Graph& g, node_t reached, std::vector<double>& score) {
    for (node_t i = reached; i-- > 1;) {
      const node_t v = order[i];
      const int32_t dn = dist[v] + 1;
      double sum = 0.0;
      for (node_t w : g.out_neighbors(v))
        if (dist[w] == dn) sum += coef[w];
      const double delta = sigma[v] * sum;
      score[v] += delta;
      coef[v] = (1.0 + delta) / sigma[v];
    }
    for (node_t i = 0; i < reached; ++i) dist[order[i]] = -1;
  }
};

// Sources a block of exact Brandes: fixed, so the order partial sums are
// added in (block by block) never depends on the thread count; large enough
// that folding a block's n-wide vector costs little next to its BFSs.
constexpr uint64_t kSourcesPerBlock = 32;

// Sample i's own stream: seeded by (seed, i) alone, so which thread draws
// it changes nothing. The first output is skipped (as it always was).
SplitMix64 sample_stream(uint64_t seed, uint64_t i) {
  SplitMix64 rng(seed * 0xD1B54A32D192ED03ULL + i);
  rng.next();
  return rng;
}

// Upper bound on the vertex diameter. Undirected: in each component, a BFS
// from one node r gives eccentricity bounds; any shortest path u-v has at most
// d(u,r) + d(r,v) <= e1 + e2 hops, so e1 + e2 + 1 nodes (e1, e2 the two largest
// distances from r). Directed: the size of the largest weak component, which
// no simple path can exceed.
uint64_t bound_vertex_diameter(const Graph& g) {
  WeakComponents wc(g);
  wc.run();
  if (g.directed()) {
    uint32_t big = 0;
    for (uint32_t s : wc.sizes()) big = std::max(big, s);
    return big;
  }
  const node_t n = g.node_count();
  std::vector<int32_t> dist(n, -1);
  std::vector<node_t> queue(n);
  std::vector<uint8_t> done(wc.count(), 0);
  uint64_t best = n > 0 ? 1 : 0;
  for (node_t r = 0; r < n; ++r) {
    if (done[wc.component()[r]]) continue;
    done[wc.component()[r]] = 1;
    node_t head = 0, tail = 0;
    queue[tail++] = r;
    dist[r] = 0;
    int32_t e1 = 0, e2 = 0;
    while (head < tail) {
      node_t v = queue[head++];
      for (node_t w : g.out_neighbors(v)) {
        if (dist[w] >= 0) continue;
        dist[w] = dist[v] + 1;
        queue[tail++] = w;
      }
    }
    // The two largest distances (BFS order is non-decreasing in distance).
    if (tail >= 1) e1 = dist[queue[tail - 1]];
    if (tail >= 2) e2 = dist[queue[tail - 2]];
    best = std::max<uint64_t>(best, static_cast<uint64_t>(e1 + e2 + 1));
  }
  return best;
}

}  // namespace

void betweenness_scale(std::vector<double>& ordered, bool directed, std::vector<double>& raw,
                       std::vector<double>& norm) {
  const size_t n = ordered.size();
  raw = std::move(ordered);
  if (!directed)
    for (double& x : raw) x *= 0.5;  // each unordered pair was counted twice
  norm.assign(n, 0.0);
  if (n <= 2) return;  // NetworkX leaves these unscaled, and they are all zero
  const double pairs = static_cast<double>(n - 1) * static_cast<double>(n - 2) / (directed ? 1.0 : 2.0);
  for (size_t v = 0; v < n; ++v) norm[v] = raw[v] / pairs;
}

void Betweenness::run() {
  const node_t n = g_.node_count();
  const uint64_t blocks = (static_cast<uint64_t>(n) + kSourcesPerBlock - 1) / kSourcesPerBlock;
  const unsigned threads =
      static_cast<unsigned>(std::min<uint64_t>(resolve_threads(opt_.threads), std::max<uint64_t>(blocks, 1)));
  // Per-thread scratch, made by its worker on first use.
  std::vector<std::unique_ptr<BrandesScratch>> scratch(threads);
  // Room for every thread's block and as many finished ones waiting for an
  // earlier, slower block: 2T + 1 score vectors at most.
  OrderedFold fold(blocks, n, 2 * threads + 1);
  fold.run(threads, [&](unsigned worker, uint64_t block, std::vector<double>& score) {
    if (!scratch[worker]) scratch[worker] = std::make_unique<BrandesScratch>(n);
    BrandesScratch& mine = *scratch[worker];
    const uint64_t end = std::min<uint64_t>(n, (block + 1) * kSourcesPerBlock);
    for (uint64_t src = block * kSourcesPerBlock; src < end; ++src) {
      const node_t reached = mine.forward(g_, static_cast<node_t>(src));
      mine.backward(g_, reached, score);
    }
  });
  betweenness_scale(fold.total(), g_.directed(), raw_, norm_);
  assert_finite_non_negative(raw_, "betweenness");
  ran_ = true;
}

uint64_t ApproxBetweenness::sample_size(uint64_t vd, double epsilon, double delta) {
  constexpr double c = 0.5;  // the universal constant Riondato–Kornaropoulos use
  double vc = vd > 3 ? std::floor(std::log2(static_cast<double>(vd - 2))) + 1.0 : 1.0;
  return static_cast<uint64_t>(std::ceil(c / (epsilon * epsilon) * (vc + std::log(1.0 / delta))));
}

void ApproxBetweenness::run() {
  if (!(opt_.epsilon > 0 && opt_.epsilon < 1) || !(opt_.delta > 0 && opt_.delta < 1))
    throw std::invalid_argument("epsilon and delta must lie in (0, 1)");
  const node_t n = g_.node_count();
  vd_ = bound_vertex_diameter(g_);
  samples_ = n >= 2 ? sample_size(vd_, opt_.epsilon, opt_.delta) : 0;
  const unsigned threads = resolve_threads(opt_.threads);
  std::vector<std::vector<uint64_t>> hits(threads);
  ChunkQueue queue(samples_, 64);
  run_workers(threads, [&](unsigned t) {
    std::vector<uint64_t>& h = hits[t];
    h.assign(n, 0);
    std::vector<int32_t> dist(n, -1);
    std::vector<double> sigma(n, 0.0);
    std::vector<node_t> order(n);
    uint64_t b, e;
    while (queue.next(b, e)) {
      for (uint64_t i = b; i < e; ++i) {
        SplitMix64 rng = sample_stream(opt_.seed, i);
        const node_t s = static_cast<node_t>(rng.below_scaled(n));
        node_t t = static_cast<node_t>(rng.below_scaled(n - 1));
        if (t >= s) ++t;  // uniform over nodes other than s
        // BFS from s; stop once the level after t's begins, when sigma is
        // final for every node closer than t.
        node_t head = 0, tail = 0;
        order[tail++] = s;
        dist[s] = 0;
        sigma[s] = 1.0;
        while (head < tail) {
          const node_t v = order[head++];
          if (dist[t] >= 0 && dist[v] >= dist[t]) break;
          for (node_t w : g_.out_neighbors(v)) {
            if (dist[w] < 0) {
              dist[w] = dist[v] + 1;
              sigma[w] = 0.0;
              order[tail++] = w;
            }
            if (dist[w] == dist[v] + 1) sigma[w] += sigma[v];
          }
        }
        // Walk back from t choosing predecessor w with probability sigma[w] / sigma[cur].
        if (dist[t] > 0) {
          node_t cur = t;
          while (dist[cur] > 1) {
            double pick = rng.unit() * sigma[cur];
            node_t chosen = cur;
            for (node_t w : g_.in_neighbors(cur)) {
              if (dist[w] != dist[cur] - 1) continue;
              chosen = w;
              pick -= sigma[w];
              if (pick < 0) break;
            }
            cur = chosen;
            ++h[cur];
          }
        }
        for (node_t k = 0; k < tail; ++k) dist[order[k]] = -1;
      }
    }
  });
  // Hit counts are integers, so their sum is exact in any order: the
  // estimate is the same bits whatever the threads did.
  std::vector<double> ordered(n, 0.0);
  frac_.assign(n, 0.0);
  for (node_t v = 0; v < n; ++v) {
    uint64_t c = 0;
    for (const auto& h : hits) c += h[v];
    frac_[v] = samples_ ? static_cast<double>(c) / static_cast<double>(samples_) : 0.0;
    ordered[v] = frac_[v] * static_cast<double>(n) * static_cast<double>(n - 1);
  }
  betweenness_scale(ordered, g_.directed(), raw_, norm_);
  assert_finite_non_negative(raw_, "approximate betweenness");
  ran_ = true;
}

}  // namespace kith::graph
