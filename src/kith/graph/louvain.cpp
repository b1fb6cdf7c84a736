#include "kith/graph/louvain.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

#include "kith/graph/modularity.hpp"
#include "kith/graph/view.hpp"

namespace kith::graph {
namespace {

// The graph of one level: aggregated nodes with summed edge weights. `loop`
// is the weight already inside a node (edges between its members, each once)
// and `k` its strength, loops counted twice, so Σk = 2m at every level.
struct Level {
  std::vector<uint64_t> off{0};
  std::vector<node_t> adj;
  std::vector<double> w;
  std::vector<double> loop, k;
  node_t size() const { return static_cast<node_t>(k.size()); }
};

Level first_level(const Graph& g) {
  Level l;
  const node_t n = g.node_count();
  l.off.resize(static_cast<size_t>(n) + 1);
  l.loop.assign(n, 0.0);
  l.k.assign(n, 0.0);
  l.adj.reserve(2 * g.edge_count());
  l.w.reserve(2 * g.edge_count());
  for (node_t v = 0; v < n; ++v) {
    auto nb = g.out_neighbors(v);
    auto wt = g.out_weights(v);
    for (size_t i = 0; i < nb.size(); ++i) {
      const double x = wt.empty() ? 1.0 : wt[i];
      l.adj.push_back(nb[i]);
      l.w.push_back(x);
      l.k[v] += x;
    }
    l.off[v + 1] = l.adj.size();
  }
  return l;
}

// splitmix64: a small, portable generator, so a seed means the same
// partition on every platform and standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound) by Lemire's multiply-shift (bias below 2^-32 here).
  uint32_t below(uint32_t bound) {
    return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(bound)) >> 32);
  }

 private:
  uint64_t s_;
};

std::vector<node_t> random_order(node_t n, Rng& rng) {
  std::vector<node_t> order(n);
  for (node_t i = 0; i < n; ++i) order[i] = i;
  for (node_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  return order;
}

// A dense accumulator of weights by label with the list of labels touched,
// so clearing costs only what was used (the "dense affinity array").
class Affinity {
 public:
  explicit Affinity(size_t labels) : value_(labels, 0.0), seen_(labels, 0) {}
  void add(uint32_t label, double w) {
    if (!seen_[label]) {
      seen_[label] = 1;
      touched_.push_back(label);
    }
    value_[label] += w;
  }
  double operator[](uint32_t label) const { return value_[label]; }
  const std::vector<uint32_t>& touched() const { return touched_; }
  void clear() {
    for (uint32_t c : touched_) {
      value_[c] = 0.0;
      seen_[c] = 0;
    }
    touched_.clear();
  }

 private:
  std::vector<double> value_;
  std::vector<char> seen_;
  std::vector<uint32_t> touched_;
};

// Renumbers labels 0, 1, … by first appearance; returns how many there are.
uint32_t renumber(std::vector<uint32_t>& labels, size_t label_space) {
  std::vector<uint32_t> map(label_space, std::numeric_limits<uint32_t>::max());
  uint32_t next = 0;
  for (uint32_t& x : labels) {
    if (map[x] == std::numeric_limits<uint32_t>::max()) map[x] = next++;
    x = map[x];
  }
  return next;
}

std::vector<double> community_strength(const Level& l, const std::vector<uint32_t>& comm) {
  std::vector<double> tot(l.size(), 0.0);
  for (node_t v = 0; v < l.size(); ++v) tot[comm[v]] += l.k[v];
  return tot;
}

// Phase 1. Gains are ΔQ·m: joining c gains w(v,c) − γ·K_c·k_v / 2m, with v
// first taken out of its own community; ties keep v where it is, then prefer
// the first community met, so the result depends only on the seed.
void move_nodes(const Level& l, std::vector<uint32_t>& comm, double two_m, double gamma, Rng& rng) {
  const node_t n = l.size();
  std::vector<double> tot = community_strength(l, comm);
  std::vector<node_t> queue = random_order(n, rng);
  std::vector<char> queued(n, 1);
  size_t head = 0, pending = n;  // a ring buffer over `queue`
  Affinity aff(n);
  while (pending > 0) {
    const node_t v = queue[head];
    head = head + 1 == n ? 0 : head + 1;
    --pending;
    queued[v] = 0;
    const uint32_t own = comm[v];
    const double kv = l.k[v];
    aff.add(own, 0.0);
    for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e) aff.add(comm[l.adj[e]], l.w[e]);
    tot[own] -= kv;
    uint32_t best = own;
    double best_gain = aff[own] - gamma * tot[own] * kv / two_m;
    for (uint32_t c : aff.touched()) {
      const double gain = aff[c] - gamma * tot[c] * kv / two_m;
      if (gain > best_gain) {
        best_gain = gain;
        best = c;
      }
    }
    tot[best] += kv;
    aff.clear();
    if (best == own) continue;
    comm[v] = best;
    // Neighbours outside the new community may now prefer to follow v.
    for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e) {
      const node_t u = l.adj[e];
      if (queued[u] || comm[u] == best) continue;
      queued[u] = 1;
      size_t tail = head + pending;
      queue[tail >= n ? tail - n : tail] = u;
      ++pending;
    }
  }
}

// Phase 2 (Leiden). Inside each community C, start from singletons; a
// singleton v well connected to C (w(v, C−v) ≥ γ·k_v·(K_C − k_v)/2m) joins
// the sub-community S of C with the largest non-negative gain among those
// themselves well connected (w(S, C−S) ≥ γ·K_S·(K_C − K_S)/2m). Greedy, the
// θ → 0 limit of Leiden's randomised choice. Returns labels in [0, n).
std::vector<uint32_t> refine(const Level& l, const std::vector<uint32_t>& comm, double two_m, double gamma,
                             Rng& rng) {
  const node_t n = l.size();
  const std::vector<double> comm_tot = community_strength(l, comm);
  std::vector<uint32_t> ref(n), size(n, 1);
  std::vector<double> ref_tot(l.k), ref_ext(n, 0.0), own_ext(n, 0.0);
  for (node_t v = 0; v < n; ++v) {
    ref[v] = v;
    for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e)
      if (comm[l.adj[e]] == comm[v]) own_ext[v] += l.w[e];
    ref_ext[v] = own_ext[v];
  }
  Affinity aff(n);
  for (node_t v : random_order(n, rng)) {
    const uint32_t r0 = ref[v];
    if (size[r0] != 1) continue;  // others joined v: it is no longer a singleton
    const double kv = l.k[v], kc = comm_tot[comm[v]];
    if (own_ext[v] < gamma * kv * (kc - kv) / two_m) continue;
    for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e) {
      const node_t u = l.adj[e];
      if (comm[u] == comm[v] && ref[u] != r0) aff.add(ref[u], l.w[e]);
    }
    uint32_t best = r0;
    double best_gain = -1.0;
    for (uint32_t r : aff.touched()) {
      if (ref_ext[r] < gamma * ref_tot[r] * (kc - ref_tot[r]) / two_m) continue;
      const double gain = aff[r] - gamma * ref_tot[r] * kv / two_m;
      if (gain >= 0.0 && gain > best_gain) {
        best_gain = gain;
        best = r;
      }
    }
    if (best != r0) {
      ref[v] = best;
      size[r0] = 0;
      ++size[best];
      ref_tot[best] += kv;
      // v's ties into `best` become internal; its other ties in C become S's.
      ref_ext[best] += own_ext[v] - 2.0 * aff[best];
    }
    aff.clear();
  }
  return ref;
}

// Phase 3. One node per part of `part` (labels 0..parts−1): edges between
// parts summed, edges inside a part folded into its loop weight.
Level aggregate(const Level& l, const std::vector<uint32_t>& part, uint32_t parts) {
  const node_t n = l.size();
  std::vector<uint64_t> start(static_cast<size_t>(parts) + 1, 0);
  for (node_t v = 0; v < n; ++v) ++start[part[v] + 1];
  for (uint32_t p = 0; p < parts; ++p) start[p + 1] += start[p];
  std::vector<node_t> members(n);
  {
    std::vector<uint64_t> cursor(start.begin(), start.end() - 1);
    for (node_t v = 0; v < n; ++v) members[cursor[part[v]]++] = v;
  }
  Level out;
  out.off.assign(static_cast<size_t>(parts) + 1, 0);
  out.loop.assign(parts, 0.0);
  out.k.assign(parts, 0.0);
  Affinity aff(parts);
  for (uint32_t p = 0; p < parts; ++p) {
    double inside = 0.0;
    for (uint64_t i = start[p]; i < start[p + 1]; ++i) {
      const node_t v = members[i];
      out.loop[p] += l.loop[v];
      out.k[p] += l.k[v];
      for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e) {
        const uint32_t q = part[l.adj[e]];
        if (q == p) {
          inside += l.w[e];
        } else {
          aff.add(q, l.w[e]);
        }
      }
    }
    out.loop[p] += inside / 2;  // each inner edge was seen from both ends
    for (uint32_t q : aff.touched()) {
      out.adj.push_back(q);
      out.w.push_back(aff[q]);
    }
    out.off[p + 1] = out.adj.size();
    aff.clear();
  }
  return out;
}

// One pass of levels from `comm` (a partition of the first level's nodes) to
// convergence; returns the partition of the original nodes it reaches.
std::vector<uint32_t> one_pass(const Level& first, std::vector<uint32_t> comm, double two_m, const LouvainOptions& opt,
                               Rng& rng, uint32_t& levels) {
  const node_t n = first.size();
  std::vector<uint32_t> membership(n);  // original node -> node of the current level
  for (node_t v = 0; v < n; ++v) membership[v] = v;
  Level level;
  const Level* current = &first;
  for (;;) {
    ++levels;
    move_nodes(*current, comm, two_m, opt.resolution, rng);
    const node_t size = current->size();
    const uint32_t communities = renumber(comm, size);
    if (communities == size) break;  // nobody joined anybody: nothing left to merge
    std::vector<uint32_t> part = comm;
    uint32_t parts = communities;
    if (opt.refine) {
      std::vector<uint32_t> ref = refine(*current, comm, two_m, opt.resolution, rng);
      const uint32_t refined = renumber(ref, size);
      // A refinement that merged nothing would aggregate to the same graph.
      if (refined < size) {
        part = std::move(ref);
        parts = refined;
      }
    }
    std::vector<uint32_t> next(parts);
    for (node_t v = 0; v < size; ++v) next[part[v]] = comm[v];
    level = aggregate(*current, part, parts);
    current = &level;
    for (uint32_t& x : membership) x = part[x];
    comm = std::move(next);
  }
  for (uint32_t& x : membership) x = comm[x];
  return membership;
}

}  // namespace

void Louvain::run() {
  Graph storage;
  const Graph& view = undirected_view(g_, storage);
  const node_t n = view.node_count();
  const Level first = first_level(view);
  double two_m = 0.0;
  for (double k : first.k) two_m += k;
  community_.resize(n);
  for (node_t v = 0; v < n; ++v) community_[v] = v;
  Rng rng(opt_.seed);
  levels_ = 0;
  // As Leiden, start again from the partition found: refinement can split
  // what an earlier level merged too eagerly. Stop early once a pass changes nothing.
  for (unsigned pass = 0; two_m > 0.0 && pass < std::max(opt_.passes, 1u); ++pass) {
    std::vector<uint32_t> next = one_pass(first, community_, two_m, opt_, rng, levels_);
    renumber(next, n);
    if (next == community_) break;
    community_ = std::move(next);
  }
  count_ = renumber(community_, n);
  Modularity q(view, community_, {.resolution = opt_.resolution});
  q.run();
  modularity_ = q.value();
  ran_ = true;
}

}  // namespace kith::graph
