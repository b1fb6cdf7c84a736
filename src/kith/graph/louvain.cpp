#include "kith/graph/louvain.hpp"

#include <algorithm>
#include <limits>
#include <memory>

#include "kith/graph/random.hpp"
#include "kith/graph/components.hpp"
#include "kith/graph/modularity.hpp"
#include "kith/graph/postconditions.hpp"

namespace kith::graph {
namespace {

// The graph of one level: aggregated nodes, each entry's weight the sum of
// the arcs both ways between its ends (an undirected edge counts as two
// arcs), and each node's out- and in-strength; Σk⁺ = Σk⁻ = M, the total arc
// weight, at every level. Directed modularity's gain then serves both kinds
// of graph: for an undirected one (k⁺ = k⁻ = k, M = 2m) it is the usual gain
// doubled. Weight inside an aggregated node is dropped: no gain reads it.
// Undirected levels keep no in-strength (it equals the out-strength).
struct Level {
  std::vector<uint64_t> off{0};
  std::vector<node_t> adj;
  std::vector<double> w;
  std::vector<double> kout, kin;
  node_t size() const { return static_cast<node_t>(kout.size()); }
  double out(node_t v) const { return kout[v]; }
  double in(node_t v) const { return kin.empty() ? kout[v] : kin[v]; }
  // Hints for a node visited soon: its offsets and strengths, then (a
  // little later, the offsets being in cache by then) its row.
  void prefetch_node(node_t v) const {
    __builtin_prefetch(&off[v]);
    __builtin_prefetch(&kout[v]);
    if (!kin.empty()) __builtin_prefetch(&kin[v]);
  }
  void prefetch_row(node_t v) const {
    __builtin_prefetch(adj.data() + off[v]);  // may be one past the end: no []
    __builtin_prefetch(w.data() + off[v]);
  }
  template <class Fn>
  void for_each(node_t v, Fn&& fn) const {
    for (uint64_t e = off[v]; e < off[v + 1]; ++e) fn(adj[e], w[e]);
  }
};

// The first level of an undirected graph read in place (no copy of its
// rows): the edge u–v of weight x is the arcs u→v and v→u, so it carries 2x.
struct GraphLevel {
  // What a visit reads about v before its row, in one 32-byte record (one
  // prefetch) rather than the Graph's offsets and a strength array apart.
  struct Node {
    const node_t* adj;
    const float* w;  // null when unweighted
    uint64_t degree;
    double k;  // strength
  };
  uint64_t edges;
  std::vector<Node> node;
  explicit GraphLevel(const Graph& g) : edges(g.edge_count()), node(g.node_count()) {
    for (node_t v = 0; v < g.node_count(); ++v) {
      auto nb = g.out_neighbors(v);
      auto wt = g.out_weights(v);
      Node& x = node[v];
      x.adj = nb.data();
      x.w = wt.empty() ? nullptr : wt.data();
      x.degree = nb.size();
      x.k = 0.0;
      if (wt.empty()) {
        x.k = static_cast<double>(nb.size());
      } else {
        for (float y : wt) x.k += y;
      }
    }
  }
  node_t size() const { return static_cast<node_t>(node.size()); }
  double out(node_t v) const { return node[v].k; }
  double in(node_t v) const { return node[v].k; }
  void prefetch_node(node_t v) const { __builtin_prefetch(&node[v]); }
  void prefetch_row(node_t v) const {
    __builtin_prefetch(node[v].adj);
    if (node[v].w) __builtin_prefetch(node[v].w);
  }
  template <class Fn>
  void for_each(node_t v, Fn&& fn) const {
    const Node& x = node[v];
    if (!x.w) {
      for (uint64_t i = 0; i < x.degree; ++i) fn(x.adj[i], 2.0);
    } else {
      for (uint64_t i = 0; i < x.degree; ++i) fn(x.adj[i], 2.0 * static_cast<double>(x.w[i]));
    }
  }
};

// kith's one seeded generator (graph/random.hpp), so a seed means the same
// partition on every platform and standard library.
using Rng = SplitMix64;

std::vector<node_t> random_order(node_t n, Rng& rng) {
  std::vector<node_t> order(n);
  for (node_t i = 0; i < n; ++i) order[i] = i;
  for (node_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below32(i)]);
  return order;
}

// A dense accumulator of weights by label with the list of labels touched,
// so clearing costs only what was used (the "dense affinity array"). An
// untouched slot holds NaN, so "touched?" costs no extra memory: 8 bytes a
// label, one cache miss. The list has room for every label: no growth checks.
class Affinity {
 public:
  explicit Affinity(size_t labels)
      : value_(new double[labels]), touched_(new uint32_t[labels]) {
    std::fill_n(value_.get(), labels, kUnset);
  }
  void add(uint32_t label, double w) {
    double& x = value_[label];
    if (x != x) {  // NaN: first touch
      x = w;
      touched_[count_++] = label;
    } else {
      x += w;
    }
  }
  double operator[](uint32_t label) const { return value_[label]; }
  // fn(label, weight) for each label touched, in order of first touch;
  // leaves the accumulator empty.
  template <class Fn>
  void drain(Fn&& fn) {
    for (size_t i = 0; i < count_; ++i) {
      const uint32_t c = touched_[i];
      fn(c, value_[c]);
      value_[c] = kUnset;
    }
    count_ = 0;
  }

 private:
  static constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();
  std::unique_ptr<double[]> value_;
  std::unique_ptr<uint32_t[]> touched_;
  size_t count_ = 0;
};

// Level 0 of a directed graph: u→v and v→u fold into one symmetric entry
// carrying their sum.
Level directed_first_level(const Graph& g) {
  Level l;
  const node_t n = g.node_count();
  l.off.resize(static_cast<size_t>(n) + 1);
  l.kout.assign(n, 0.0);
  l.kin.assign(n, 0.0);
  l.adj.reserve(2 * g.edge_count());
  l.w.reserve(2 * g.edge_count());
  Affinity aff(n);
  for (node_t v = 0; v < n; ++v) {
    auto nb = g.out_neighbors(v);
    auto wt = g.out_weights(v);
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
    aff.drain([&](uint32_t u, double x) {
      l.adj.push_back(u);
      l.w.push_back(x);
    });
    l.off[v + 1] = l.adj.size();
  }
  return l;
}

// Out- and in-strength of parts (labels in [0, size)), side by side because
// every gain reads both; undirected, one number serves as both.
template <bool Directed>
class Strengths {
 public:
  static constexpr size_t kStride = Directed ? 2 : 1;
  explicit Strengths(size_t size) : t_(kStride * size, 0.0) {}
  double out(uint32_t c) const { return t_[kStride * c]; }
  double in(uint32_t c) const { return t_[kStride * c + kStride - 1]; }
  void add(uint32_t c, double out, double in) {
    t_[kStride * c] += out;
    if constexpr (Directed) t_[kStride * c + 1] += in;
  }
  void sub(uint32_t c, double out, double in) {
    t_[kStride * c] -= out;
    if constexpr (Directed) t_[kStride * c + 1] -= in;
  }

 private:
  std::vector<double> t_;
};

template <bool Directed, class L>
Strengths<Directed> community_strength(const L& l, const std::vector<uint32_t>& comm) {
  Strengths<Directed> t(l.size());
  for (node_t v = 0; v < l.size(); ++v) t.add(comm[v], l.out(v), l.in(v));
  return t;
}

// The null-model term of the gain, times M: the weight that arcs between a
// part of strengths (out_a, in_a) and one of (out_b, in_b) would have at random.
inline double expected(double out_a, double in_a, double out_b, double in_b, double gamma, double M) {
  return gamma * (out_a * in_b + in_a * out_b) / M;
}

// How far ahead of the node being visited its data is prefetched: the
// node's record first, then the row it points to.
constexpr size_t kAheadNode = 16, kAheadRow = 8;

// Phase 1. Gains are ΔQ·M: joining c gains w(v,c) − γ(k⁺_v K⁻_c + k⁻_v K⁺_c)/M,
// with v first taken out of its own community; ties keep v where it is, then
// prefer the first community met, so the result depends only on the seed.
template <bool Directed, class L>
void move_nodes(const L& l, std::vector<uint32_t>& comm, double M, double gamma, Rng& rng) {
  const node_t n = l.size();
  Strengths<Directed> tot = community_strength<Directed>(l, comm);
  std::vector<node_t> queue = random_order(n, rng);
  std::vector<char> queued(n, 1);
  size_t head = 0, pending = n;  // a ring buffer over `queue`
  Affinity aff(n);
  while (pending > 0) {
    // The queue says who comes next: fetch their data ahead of time.
    if (pending > kAheadNode) {
      size_t a = head + kAheadNode;
      const node_t x = queue[a >= n ? a - n : a];
      l.prefetch_node(x);
      __builtin_prefetch(&comm[x]);
      __builtin_prefetch(&queued[x]);
      a = head + kAheadRow;
      l.prefetch_row(queue[a >= n ? a - n : a]);
    }
    const node_t v = queue[head];
    head = head + 1 == n ? 0 : head + 1;
    --pending;
    queued[v] = 0;
    const uint32_t own = comm[v];
    const double kout = l.out(v), kin = l.in(v);
    aff.add(own, 0.0);
    l.for_each(v, [&](node_t u, double w) { aff.add(comm[u], w); });
    tot.sub(own, kout, kin);
    uint32_t best = own;
    double best_gain = aff[own] - expected(kout, kin, tot.out(own), tot.in(own), gamma, M);
    aff.drain([&](uint32_t c, double w) {
      const double gain = w - expected(kout, kin, tot.out(c), tot.in(c), gamma, M);
      if (gain > best_gain) {
        best_gain = gain;
        best = c;
      }
    });
    tot.add(best, kout, kin);
    if (best == own) continue;
    comm[v] = best;
    // Neighbours outside the new community may now prefer to follow v.
    l.for_each(v, [&](node_t u, double) {
      if (queued[u] || comm[u] == best) return;
      queued[u] = 1;
      size_t tail = head + pending;
      queue[tail >= n ? tail - n : tail] = u;
      ++pending;
    });
  }
}

// Phase 2 (Leiden). Inside each community C, start from singletons; a
// singleton v well connected to C (w(v, C−v) at least what v's arcs to C−v
// would weigh at random) joins the sub-community S of C with the largest
// non-negative gain among those themselves well connected (w(S, C−S) at
// least its random expectation). Greedy, the θ → 0 limit of Leiden's
// randomised choice. Returns labels in [0, n).
template <bool Directed, class L>
std::vector<uint32_t> refine(const L& l, const std::vector<uint32_t>& comm, double M, double gamma, Rng& rng) {
  const node_t n = l.size();
  const Strengths<Directed> comm_tot = community_strength<Directed>(l, comm);
  Strengths<Directed> ref_tot(n);
  std::vector<uint32_t> ref(n), size(n, 1);
  std::vector<double> ref_ext(n, 0.0), own_ext(n, 0.0);
  for (node_t v = 0; v < n; ++v) {
    ref[v] = v;
    ref_tot.add(v, l.out(v), l.in(v));
    const uint32_t c = comm[v];
    double ext = 0.0;
    l.for_each(v, [&](node_t u, double w) {
      if (comm[u] == c) ext += w;
    });
    own_ext[v] = ref_ext[v] = ext;
  }
  // Random expectation of the weight between a part (out, in) of C and the rest of C.
  auto expected_in_c = [&](uint32_t c, double out, double in) {
    return expected(out, in, comm_tot.out(c) - out, comm_tot.in(c) - in, gamma, M);
  };
  Affinity aff(n);
  const std::vector<node_t> order = random_order(n, rng);
  for (size_t i = 0; i < n; ++i) {
    if (i + kAheadNode < n) {
      const node_t x = order[i + kAheadNode];
      l.prefetch_node(x);
      __builtin_prefetch(&comm[x]);
      __builtin_prefetch(&ref[x]);
      __builtin_prefetch(&own_ext[x]);
    }
    if (i + kAheadRow < n) l.prefetch_row(order[i + kAheadRow]);
    const node_t v = order[i];
    const uint32_t r0 = ref[v], c = comm[v];
    if (size[r0] != 1) continue;  // others joined v: it is no longer a singleton
    const double kout = l.out(v), kin = l.in(v);
    if (own_ext[v] < expected_in_c(c, kout, kin)) continue;
    l.for_each(v, [&](node_t u, double w) {
      if (comm[u] == c && ref[u] != r0) aff.add(ref[u], w);
    });
    uint32_t best = r0;
    double best_gain = -1.0, best_w = 0.0;
    aff.drain([&](uint32_t r, double w) {
      if (ref_ext[r] < expected_in_c(c, ref_tot.out(r), ref_tot.in(r))) return;
      const double gain = w - expected(kout, kin, ref_tot.out(r), ref_tot.in(r), gamma, M);
      if (gain >= 0.0 && gain > best_gain) {
        best_gain = gain;
        best = r;
        best_w = w;
      }
    });
    if (best != r0) {
      ref[v] = best;
      size[r0] = 0;
      ++size[best];
      ref_tot.add(best, kout, kin);
      // v's ties into `best` become internal; its other ties in C become S's.
      ref_ext[best] += own_ext[v] - 2.0 * best_w;
    }
  }
  return ref;
}

// Phase 3. One node per part of `part` (labels 0..parts−1): weights between
// parts summed; weight inside a part dropped.
template <bool Directed, class L>
Level aggregate(const L& l, const std::vector<uint32_t>& part, uint32_t parts, uint64_t entries) {
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
  if (Directed) out.kin.assign(parts, 0.0);
  // At most the entries of this level: no regrowth.
  out.adj.reserve(entries);
  out.w.reserve(entries);
  Affinity aff(parts);
  for (uint32_t p = 0; p < parts; ++p) {
    for (uint64_t i = start[p]; i < start[p + 1]; ++i) {
      // Members are scattered: fetch ahead as local moving does.
      if (i + kAheadNode < n) l.prefetch_node(members[i + kAheadNode]);
      if (i + kAheadRow < n) l.prefetch_row(members[i + kAheadRow]);
      const node_t v = members[i];
      out.kout[p] += l.out(v);
      if (Directed) out.kin[p] += l.in(v);
      l.for_each(v, [&](node_t u, double w) {
        const uint32_t q = part[u];
        if (q != p) aff.add(q, w);
      });
    }
    aff.drain([&](uint32_t q, double w) {
      out.adj.push_back(q);
      out.w.push_back(w);
    });
    out.off[p + 1] = out.adj.size();
  }
  return out;
}

uint64_t entries_of(const Level& l) { return l.adj.size(); }
uint64_t entries_of(const GraphLevel& l) { return 2 * l.edges; }

// One level of a pass: moves `comm` (a partition of l's nodes) and, unless
// nothing merged, aggregates l into `next` (comm then a partition of its
// nodes) and maps `membership` (original node -> node of l) onto it.
// Returns false when there is nothing left to merge.
template <bool Directed, class L>
bool one_level(const L& l, std::vector<uint32_t>& comm, std::vector<uint32_t>& membership, double M,
               const LouvainOptions& opt, Rng& rng, Level& next) {
  move_nodes<Directed>(l, comm, M, opt.resolution, rng);
  const node_t size = l.size();
  const uint32_t communities = canonical_labels(comm);
  if (communities == size) return false;  // nobody joined anybody: nothing left to merge
  std::vector<uint32_t> part = comm;
  uint32_t parts = communities;
  if (opt.refine) {
    std::vector<uint32_t> ref = refine<Directed>(l, comm, M, opt.resolution, rng);
    const uint32_t refined = canonical_labels(ref);
    // A refinement that merged nothing would aggregate to the same graph.
    if (refined < size) {
      part = std::move(ref);
      parts = refined;
    }
  }
  std::vector<uint32_t> next_comm(parts);
  for (node_t v = 0; v < size; ++v) next_comm[part[v]] = comm[v];
  Level agg = aggregate<Directed>(l, part, parts, entries_of(l));
  for (uint32_t& x : membership) x = part[x];
  comm = std::move(next_comm);
  next = std::move(agg);  // may free l: it is not read again
  return true;
}

// One pass of levels from `comm` (a partition of the first level's nodes) to
// convergence; returns the partition of the original nodes it reaches.
template <bool Directed, class First>
std::vector<uint32_t> one_pass(const First& first, std::vector<uint32_t> comm, double M, const LouvainOptions& opt,
                               Rng& rng, uint32_t& levels) {
  const node_t n = first.size();
  std::vector<uint32_t> membership(n);  // original node -> node of the current level
  for (node_t v = 0; v < n; ++v) membership[v] = v;
  Level level;
  ++levels;
  if (one_level<Directed>(first, comm, membership, M, opt, rng, level)) {
    do {
      ++levels;
    } while (one_level<Directed>(level, comm, membership, M, opt, rng, level));
  }
  for (uint32_t& x : membership) x = comm[x];
  return membership;
}

// Whole passes, each from the previous partition, from the first level.
template <bool Directed, class First>
void passes(const First& first, double M, const LouvainOptions& opt, std::vector<uint32_t>& community,
            uint32_t& levels) {
  Rng rng(opt.seed);
  // As Leiden, start again from the partition found: refinement can split
  // what an earlier level merged too eagerly. Stop early once a pass changes nothing.
  for (unsigned pass = 0; M > 0.0 && pass < std::max(opt.passes, 1u); ++pass) {
    std::vector<uint32_t> next = one_pass<Directed>(first, community, M, opt, rng, levels);
    canonical_labels(next);
    if (next == community) break;
    community = std::move(next);
  }
}

}  // namespace

void Louvain::run() {
  const node_t n = g_.node_count();
  community_.resize(n);
  for (node_t v = 0; v < n; ++v) community_[v] = v;
  levels_ = 0;
  if (g_.directed()) {
    const Level first = directed_first_level(g_);
    double M = 0.0;
    for (double k : first.kout) M += k;
    passes<true>(first, M, opt_, community_, levels_);
  } else {
    const GraphLevel first(g_);
    double M = 0.0;
    for (node_t v = 0; v < first.size(); ++v) M += first.out(v);
    passes<false>(first, M, opt_, community_, levels_);
  }
  count_ = canonical_labels(community_);
  // Leiden's refinement merges only along edges, so its communities are
  // connected; plain Louvain's need not be.
  if (opt_.refine) assert_communities_connected(g_, community_);
  Modularity q(g_, community_, {.resolution = opt_.resolution});
  q.run();  // asserts the range
  modularity_ = q.value();
  ran_ = true;
}

}  // namespace kith::graph
