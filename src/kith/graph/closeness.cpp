#include "kith/graph/closeness.hpp"

#include <array>
#include <bit>

#include "kith/graph/parallel.hpp"
#include "kith/graph/postconditions.hpp"

namespace kith::graph {
namespace {

constexpr int kWords = 4;                 // 256 targets a pass
constexpr int kBatch = 64 * kWords;
constexpr int kPlanes = 33;               // counters up to 2^33 > any node count

using Lanes = std::array<uint64_t, kWords>;

// Counts, for each of the 64 bit positions of a word, how many added words
// had that bit set: a ripple-carry adder laid across bit planes, so adding a
// word costs about two operations on average.
struct SlicedCounter {
  std::array<uint64_t, kPlanes> plane{};
  void add(uint64_t x) {
    for (int k = 0; x != 0 && k < kPlanes; ++k) {
      uint64_t carry = plane[k] & x;
      plane[k] ^= x;
      x = carry;
    }
  }
  uint64_t count(int bit) const {
    uint64_t c = 0;
    for (int k = 0; k < kPlanes; ++k) c |= ((plane[k] >> bit) & 1ULL) << k;
    return c;
  }
};

struct Sums {
  std::vector<uint32_t>& reach;
  std::vector<uint64_t>& dsum;
  std::vector<double>& harmonic;
};

// Hop distances to targets first..first+count-1 from every node, all at once:
// frontier[v] marks the targets v is exactly `level` hops from; a node's next
// frontier is the OR of its out-neighbours' frontiers (v -> w -> ... -> target)
// minus what it has already seen.
class BatchBfs {
 public:
  explicit BatchBfs(node_t n) : seen_(n), frontier_(n), next_(n) {}

  void run(const Graph& g, node_t first, node_t count, Sums& out) {
    const node_t n = g.node_count();
    Lanes full{};
    for (node_t j = 0; j < count; ++j) full[j / 64] |= 1ULL << (j % 64);
    std::fill(seen_.begin(), seen_.end(), Lanes{});
    std::fill(frontier_.begin(), frontier_.end(), Lanes{});
    for (node_t j = 0; j < count; ++j) {
      seen_[first + j][j / 64] |= 1ULL << (j % 64);
      frontier_[first + j][j / 64] |= 1ULL << (j % 64);
    }
    for (uint64_t level = 1;; ++level) {
      std::array<SlicedCounter, kWords> counters{};
      bool any = false;
      for (node_t v = 0; v < n; ++v) {
        Lanes& sv = seen_[v];
        Lanes acc{};
        if (!saturated(sv, full)) {
          for (node_t w : g.out_neighbors(v)) {
            const Lanes& fw = frontier_[w];
            for (int k = 0; k < kWords; ++k) acc[k] |= fw[k];
          }
          for (int k = 0; k < kWords; ++k) {
            acc[k] &= ~sv[k];
            if (acc[k]) {
              any = true;
              sv[k] |= acc[k];
              counters[k].add(acc[k]);
            }
          }
        }
        next_[v] = acc;
      }
      if (!any) break;
      frontier_.swap(next_);
      for (node_t j = 0; j < count; ++j) {
        uint64_t c = counters[j / 64].count(static_cast<int>(j % 64));
        if (c == 0) continue;
        out.reach[first + j] += static_cast<uint32_t>(c);
        out.dsum[first + j] += c * level;
        out.harmonic[first + j] += static_cast<double>(c) / static_cast<double>(level);
      }
    }
  }

 private:
  static bool saturated(const Lanes& s, const Lanes& full) {
    for (int k = 0; k < kWords; ++k)
      if ((s[k] & full[k]) != full[k]) return false;
    return true;
  }
  std::vector<Lanes> seen_, frontier_, next_;
};

}  // namespace

void Closeness::run() {
  const node_t n = g_.node_count();
  reach_.assign(n, 0);
  dsum_.assign(n, 0);
  harmonic_.assign(n, 0.0);
  closeness_.assign(n, 0.0);
  const uint64_t batches = (static_cast<uint64_t>(n) + kBatch - 1) / kBatch;
  const unsigned threads = std::min<uint64_t>(resolve_threads(opt_.threads), std::max<uint64_t>(batches, 1));
  ChunkQueue queue(batches, 1);
  run_workers(threads, [&](unsigned) {
    BatchBfs bfs(n);
    // Batches write disjoint targets and a target's sums are added level by
    // level within its one batch: the same bits whoever runs the batch.
    Sums sums{reach_, dsum_, harmonic_};
    uint64_t b, e;
    while (queue.next(b, e)) {
      for (uint64_t batch = b; batch < e; ++batch) {
        node_t first = static_cast<node_t>(batch * kBatch);
        node_t count = static_cast<node_t>(std::min<uint64_t>(kBatch, n - first));
        bfs.run(g_, first, count, sums);
      }
    }
  });
  for (node_t u = 0; u < n; ++u) {
    if (dsum_[u] == 0 || n <= 1) continue;  // nothing else reaches u: 0, as NetworkX
    double r = reach_[u];
    double c = r / static_cast<double>(dsum_[u]);
    if (opt_.wf_improved) c *= r / static_cast<double>(n - 1);
    closeness_[u] = c;
  }
  assert_finite_non_negative(closeness_, "closeness");
  assert_finite_non_negative(harmonic_, "harmonic centrality");
  ran_ = true;
}

}  // namespace kith::graph
