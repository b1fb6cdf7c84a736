#include "kith/graph/louvain.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

#include "kith/graph/modularity.hpp"

namespace kith::graph {
namespace {

// The graph of one level: aggregated nodes, each entry's weight the sum of
// the arcs both ways between its ends (an undirected edge counts as two
// arcs), and each node's out- and in-strength; Σk⁺ = Σk⁻ = M, the total arc
// weight, at every level. Directed modularity's gain then serves both kinds
// of graph: for an undirected one (k⁺ = k⁻ = k, M = 2m) it is the usual gain
// doubled. Weight inside an aggregated node is dropped: no gain reads it.
struct Level {
  std::vector<uint64_t> off{0};
  std::vector<node_t> adj;
  std::vector<double> w;
  std::vector<double> kout, kin;
  node_t size() const { return static_cast<node_t>(kout.size()); }
};

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
  explicit Affinity(size_t labels) : slot_(labels) {}
  void add(uint32_t label, double w) {
    Slot& s = slot_[label];
    if (!s.seen) {
      s.seen = true;
      touched_.push_back(label);
    }
    s.value += w;
  }
  double operator[](uint32_t label) const { return slot_[label].value; }
  const std::vector<uint32_t>& touched() const { return touched_; }
  void clear() {
    for (uint32_t c : touched_) slot_[c] = Slot{};
    touched_.clear();
  }

 private:
  // Value and flag side by side: one cache miss per label, not two.
  struct Slot {
    double value = 0.0;
    bool seen = false;
  };
  std::vector<Slot> slot_;
  std::vector<uint32_t> touched_;
};

// Level 0 from the graph itself. Undirected: the edge u–v of weight x is
// the arcs u→v and v→u, so it carries 2x. Directed: u→v and v→u fold into
// one symmetric entry carrying their sum.
Level first_level(const Graph& g) {
  Level l;
  const node_t n = g.node_count();
  l.off.resize(static_cast<size_t>(n) + 1);
  l.kout.assign(n, 0.0);
  l.kin.assign(n, 0.0);
  l.adj.reserve(2 * g.edge_count());
  l.w.reserve(2 * g.edge_count());
  Affinity aff(g.directed() ? n : 0);
  for (node_t v = 0; v < n; ++v) {
    auto nb = g.out_neighbors(v);
    auto wt = g.out_weights(v);
    if (!g.directed()) {
      for (size_t i = 0; i < nb.size(); ++i) {
        const double x = wt.empty() ? 1.0 : wt[i];
        l.adj.push_back(nb[i]);
        l.w.push_back(2.0 * x);
        l.kout[v] += x;
      }
      l.kin[v] = l.kout[v];
    } else {
      for (size_t i = 0; i < nb.size(); ++i) {
        const double x = wt.empty() ? 1.0 : wt[i];
        aff.add(nb[i], x);
        l.kout[v] += x;
      }
      auto in = g.in_neighbors(v);
      auto iw = g.in_weights(v);
      for (size_t i = 0; i < in.size(); ++i) {
        const double x = iw.empty() ? 1.0 : iw[i];
        aff.add(in[i], x);
        l.kin[v] += x;
      }
      for (uint32_t u : aff.touched()) {
        l.adj.push_back(u);
        l.w.push_back(aff[u]);
      }
      aff.clear();
    }
    l.off[v + 1] = l.adj.size();
  }
  return l;
}

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

// Out- and in-strength of each community (labels in [0, size)), side by
// side because every gain reads both.
struct Strength {
  double out = 0.0, in = 0.0;
};

std::vector<Strength> community_strength(const Level& l, const std::vector<uint32_t>& comm) {
  std::vector<Strength> t(l.size());
  for (node_t v = 0; v < l.size(); ++v) {
    t[comm[v]].out += l.kout[v];
    t[comm[v]].in += l.kin[v];
  }
  return t;
}

// The null-model term of the gain, times M: the weight that arcs between a
// part of strengths (out_a, in_a) and one of (out_b, in_b) would have at random.
inline double expected(double out_a, double in_a, double out_b, double in_b, double gamma, double M) {
  return gamma * (out_a * in_b + in_a * out_b) / M;
}

// Phase 1. Gains are ΔQ·M: joining c gains w(v,c) − γ(k⁺_v K⁻_c + k⁻_v K⁺_c)/M,
// with v first taken out of its own community; ties keep v where it is, then
// prefer the first community met, so the result depends only on the seed.
void move_nodes(const Level& l, std::vector<uint32_t>& comm, double M, double gamma, Rng& rng) {
  const node_t n = l.size();
  std::vector<Strength> tot = community_strength(l, comm);
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
    const double kout = l.kout[v], kin = l.kin[v];
    aff.add(own, 0.0);
    for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e) aff.add(comm[l.adj[e]], l.w[e]);
    tot[own].out -= kout;
    tot[own].in -= kin;
    uint32_t best = own;
    double best_gain = aff[own] - expected(kout, kin, tot[own].out, tot[own].in, gamma, M);
    for (uint32_t c : aff.touched()) {
      const double gain = aff[c] - expected(kout, kin, tot[c].out, tot[c].in, gamma, M);
      if (gain > best_gain) {
        best_gain = gain;
        best = c;
      }
    }
    tot[best].out += kout;
    tot[best].in += kin;
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
// singleton v well connected to C (w(v, C−v) at least what v's arcs to C−v
// would weigh at random) joins the sub-community S of C with the largest
// non-negative gain among those themselves well connected (w(S, C−S) at
// least its random expectation). Greedy, the θ → 0 limit of Leiden's
// randomised choice. Returns labels in [0, n).
std::vector<uint32_t> refine(const Level& l, const std::vector<uint32_t>& comm, double M, double gamma, Rng& rng) {
  const node_t n = l.size();
  const std::vector<Strength> comm_tot = community_strength(l, comm);
  std::vector<uint32_t> ref(n), size(n, 1);
  std::vector<double> ref_out(l.kout), ref_in(l.kin), ref_ext(n, 0.0), own_ext(n, 0.0);
  for (node_t v = 0; v < n; ++v) {
    ref[v] = v;
    for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e)
      if (comm[l.adj[e]] == comm[v]) own_ext[v] += l.w[e];
    ref_ext[v] = own_ext[v];
  }
  // Random expectation of the weight between a part (out, in) of C and the rest of C.
  auto expected_in_c = [&](uint32_t c, double out, double in) {
    return expected(out, in, comm_tot[c].out - out, comm_tot[c].in - in, gamma, M);
  };
  Affinity aff(n);
  for (node_t v : random_order(n, rng)) {
    const uint32_t r0 = ref[v], c = comm[v];
    if (size[r0] != 1) continue;  // others joined v: it is no longer a singleton
    if (own_ext[v] < expected_in_c(c, l.kout[v], l.kin[v])) continue;
    for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e) {
      const node_t u = l.adj[e];
      if (comm[u] == c && ref[u] != r0) aff.add(ref[u], l.w[e]);
    }
    uint32_t best = r0;
    double best_gain = -1.0;
    for (uint32_t r : aff.touched()) {
      if (ref_ext[r] < expected_in_c(c, ref_out[r], ref_in[r])) continue;
      const double gain = aff[r] - expected(l.kout[v], l.kin[v], ref_out[r], ref_in[r], gamma, M);
      if (gain >= 0.0 && gain > best_gain) {
        best_gain = gain;
        best = r;
      }
    }
    if (best != r0) {
      ref[v] = best;
      size[r0] = 0;
      ++size[best];
      ref_out[best] += l.kout[v];
      ref_in[best] += l.kin[v];
      // v's ties into `best` become internal; its other ties in C become S's.
      ref_ext[best] += own_ext[v] - 2.0 * aff[best];
    }
    aff.clear();
  }
  return ref;
}

// Phase 3. One node per part of `part` (labels 0..parts−1): weights between
// parts summed; weight inside a part dropped.
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
  out.kout.assign(parts, 0.0);
  out.kin.assign(parts, 0.0);
  Affinity aff(parts);
  for (uint32_t p = 0; p < parts; ++p) {
    for (uint64_t i = start[p]; i < start[p + 1]; ++i) {
      const node_t v = members[i];
      out.kout[p] += l.kout[v];
      out.kin[p] += l.kin[v];
      for (uint64_t e = l.off[v]; e < l.off[v + 1]; ++e) {
        const uint32_t q = part[l.adj[e]];
        if (q != p) aff.add(q, l.w[e]);
      }
    }
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
std::vector<uint32_t> one_pass(const Level& first, std::vector<uint32_t> comm, double M, const LouvainOptions& opt,
                               Rng& rng, uint32_t& levels) {
  const node_t n = first.size();
  std::vector<uint32_t> membership(n);  // original node -> node of the current level
  for (node_t v = 0; v < n; ++v) membership[v] = v;
  Level level;
  const Level* current = &first;
  for (;;) {
    ++levels;
    move_nodes(*current, comm, M, opt.resolution, rng);
    const node_t size = current->size();
    const uint32_t communities = renumber(comm, size);
    if (communities == size) break;  // nobody joined anybody: nothing left to merge
    std::vector<uint32_t> part = comm;
    uint32_t parts = communities;
    if (opt.refine) {
      std::vector<uint32_t> ref = refine(*current, comm, M, opt.resolution, rng);
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
  const node_t n = g_.node_count();
  const Level first = first_level(g_);
  double M = 0.0;
  for (double k : first.kout) M += k;
  community_.resize(n);
  for (node_t v = 0; v < n; ++v) community_[v] = v;
  Rng rng(opt_.seed);
  levels_ = 0;
  // As Leiden, start again from the partition found: refinement can split
  // what an earlier level merged too eagerly. Stop early once a pass changes nothing.
  for (unsigned pass = 0; M > 0.0 && pass < std::max(opt_.passes, 1u); ++pass) {
    std::vector<uint32_t> next = one_pass(first, community_, M, opt_, rng, levels_);
    renumber(next, n);
    if (next == community_) break;
    community_ = std::move(next);
  }
  count_ = renumber(community_, n);
  Modularity q(g_, community_, {.resolution = opt_.resolution});
  q.run();
  modularity_ = q.value();
  ran_ = true;
}

}  // namespace kith::graph
