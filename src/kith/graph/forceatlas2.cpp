#include "kith/graph/forceatlas2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>

#include "kith/graph/check.hpp"
#include "kith/graph/parallel.hpp"
#include "kith/graph/postconditions.hpp"
#include "kith/graph/random.hpp"

namespace kith::graph {
namespace {

struct Vec {
  double x = 0, y = 0;
};

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

void validate(const ForceAtlas2Options& o) {
  require(o.iterations <= kForceAtlas2IterationsMax, "forceatlas2: iterations above kForceAtlas2IterationsMax");
  require(std::isfinite(o.scaling_ratio) && o.scaling_ratio >= 0, "forceatlas2: scaling_ratio must be finite and >= 0");
  require(std::isfinite(o.gravity) && o.gravity >= 0, "forceatlas2: gravity must be finite and >= 0");
  require(std::isfinite(o.edge_weight_influence) && o.edge_weight_influence >= 0,
          "forceatlas2: edge_weight_influence must be finite and >= 0");
  require(std::isfinite(o.jitter_tolerance) && o.jitter_tolerance > 0, "forceatlas2: jitter_tolerance must be > 0");
  require(std::isfinite(o.slow_down) && o.slow_down > 0, "forceatlas2: slow_down must be > 0");
  require(std::isfinite(o.barnes_hut_theta) && o.barnes_hut_theta >= 0, "forceatlas2: barnes_hut_theta must be >= 0");
}

// A negative or non-finite weight would make an edge push, or a coordinate
// NaN: the caller's data, so an exception rather than an assertion.
void validate_weights(const Graph& g) {
  if (!g.weighted()) return;
  for (node_t v = 0; v < g.node_count(); ++v)
    for (float w : g.out_weights(v))
      require(std::isfinite(w) && w >= 0, "forceatlas2: edge weights must be finite and >= 0");
}

// Uniform in a square whose side grows with sqrt(n), so the starting density
// (and with it the first repulsive kick) does not depend on the graph's size.
void seed_positions(node_t n, uint64_t seed, std::vector<double>& x, std::vector<double>& y) {
  SplitMix64 rng(seed);
  const double side = 10.0 * std::sqrt(static_cast<double>(std::max<node_t>(n, 1)));
  x.resize(n);
  y.resize(n);
  for (node_t v = 0; v < n; ++v) {
    x[v] = (rng.unit() - 0.5) * side;
    y[v] = (rng.unit() - 0.5) * side;
  }
}

// Repulsion divides by d²; two nodes closer than 1e-6 repel as if 1e-6
// apart, so a near-coincident pair gets a large but finite kick instead of
// an overflow to infinity (d² can be subnormal while d is not zero).
constexpr double kMinDistanceSquared = 1e-12;

double repulsion_denominator(double d2) { return std::max(d2, kMinDistanceSquared); }

// An edge's pull: weight^δ, with δ = 0 meaning "ignore weights" and δ = 1
// the weight itself (no pow, so the common cases cost nothing).
double weight_coefficient(double w, double influence) {
  if (influence == 0) return 1.0;
  if (influence == 1) return w;
  return std::pow(w, influence);
}

// Barnes–Hut quadtree over the positions of one iteration. Cells live in one
// vector; children are visited in a fixed order, so a node's repulsion sum
// has one order whatever thread computes it. A leaf holds one body, or a
// chain of bodies once kMaxDepth is reached (coincident nodes would
// otherwise split cells forever).
class QuadTree {
 public:
  QuadTree(std::span<const double> x, std::span<const double> y, std::span<const double> mass)
      : x_(x), y_(y), mass_(mass), next_(x.size(), kNone) {
    build();
  }

  // kr · m_v · Σ m_j (p_v − p_j) / |p_v − p_j|², cells far enough away taken
  // as one body at their centre of mass. A cell containing v is always
  // opened, so v never repels itself through an aggregate.
  Vec repulsion(node_t v, double kr, double theta) const {
    Vec f;
    const double px = x_[v], py = y_[v], mv = mass_[v];
    const double theta2 = theta * theta;
    // The cells in pre-order (children 0..3), so the walk reads memory
    // forwards, and a cell taken whole or a leaf jumps past its subtree:
    // the same terms in the same order as a stack walk, without the stack.
    const WalkCell* cells = walk_.data();
    const uint32_t end = static_cast<uint32_t>(walk_.size());
    uint32_t i = 0;
    while (i < end) {
      const WalkCell& c = cells[i];
      if (c.body != kNone) {
        if (c.single) {
          // One body: the cell's mass and centre are that body's, already at hand.
          if (c.body != v) add_repulsion(f, px - c.cx, py - c.cy, kr * mv * c.mass);
        } else {
          for (uint32_t b = c.body; b != kNone; b = next_[b])
            if (static_cast<node_t>(b) != v) add_repulsion(f, px - x_[b], py - y_[b], kr * mv * mass_[b]);
        }
        i = c.skip;
        continue;
      }
      const double dx = px - c.cx, dy = py - c.cy;
      const double d2 = dx * dx + dy * dy;
      const bool inside = px >= c.x0 && px <= c.x0 + c.size && py >= c.y0 && py <= c.y0 + c.size;
      if (!inside && c.size * c.size < theta2 * d2) {
        add_repulsion(f, dx, dy, kr * mv * c.mass);
        i = c.skip;
        continue;
      }
      ++i;  // into the first child, next in pre-order
    }
    return f;
  }

  // The bodies in the order the tree's leaves hold them: nodes that are
  // near each other in the plane come one after another, so consecutive
  // walks open mostly the same cells while they are still in cache.
  const std::vector<node_t>& spatial_order() const { return order_; }

 private:
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  static constexpr int kMaxDepth = 40;

  struct Cell {
    double x0 = 0, y0 = 0, size = 0;  // lower-left corner and width
    double mass = 0, cx = 0, cy = 0;  // total mass and centre of mass
    uint32_t child[4] = {kNone, kNone, kNone, kNone};
    uint32_t body = kNone;  // a leaf's first body
    int depth = 0;
    bool leaf = true;
    bool contains(double px, double py) const {
      return px >= x0 && px <= x0 + size && py >= y0 && py <= y0 + size;
    }
  };

  // What the walk reads of a cell, in one cache line.
  struct WalkCell {
    double cx = 0, cy = 0, mass = 0;  // centre of mass and total mass
    double x0 = 0, y0 = 0, size = 0;  // lower-left corner and width
    uint32_t skip = 0;                // the index just past this cell's subtree
    uint32_t body = kNone;            // a leaf's first body; kNone for an inner cell
    bool single = false;              // a leaf of exactly one body
  };

  static void add_repulsion(Vec& f, double dx, double dy, double k) {
    const double d2 = dx * dx + dy * dy;
    if (d2 > 0) {
      const double q = k / repulsion_denominator(d2);
      f.x += dx * q;
      f.y += dy * q;
    }
  }

  void build() {
    const size_t n = x_.size();
    if (n == 0) return;
    double lo_x = x_[0], hi_x = x_[0], lo_y = y_[0], hi_y = y_[0];
    for (size_t i = 1; i < n; ++i) {
      lo_x = std::min(lo_x, x_[i]);
      hi_x = std::max(hi_x, x_[i]);
      lo_y = std::min(lo_y, y_[i]);
      hi_y = std::max(hi_y, y_[i]);
    }
    Cell root;
    root.x0 = lo_x;
    root.y0 = lo_y;
    root.size = std::max({hi_x - lo_x, hi_y - lo_y, 1e-9});
    cells_.reserve(2 * n + 1);
    cells_.push_back(root);
    for (size_t i = 0; i < n; ++i) insert(static_cast<uint32_t>(i));
    finish_masses(0);
    walk_.reserve(cells_.size());
    order_.reserve(n);
    flatten(0);
    KITH_GRAPH_ASSERT_MSG(walk_.size() == cells_.size() && order_.size() == n,
                          "quadtree: every cell and every body flattened once");
  }

  // Appends `cell` and its subtree to walk_ in pre-order, children 0..3.
  void flatten(uint32_t cell) {
    const Cell& c = cells_[cell];
    const auto at = static_cast<uint32_t>(walk_.size());
    WalkCell w;
    w.cx = c.cx;
    w.cy = c.cy;
    w.mass = c.mass;
    w.x0 = c.x0;
    w.y0 = c.y0;
    w.size = c.size;
    if (c.leaf) {
      w.body = c.body;
      w.single = c.body != kNone && next_[c.body] == kNone;
      for (uint32_t b = c.body; b != kNone; b = next_[b]) order_.push_back(static_cast<node_t>(b));
    }
    walk_.push_back(w);
    if (!c.leaf)
      for (uint32_t ch : c.child)
        if (ch != kNone) flatten(ch);
    walk_[at].skip = static_cast<uint32_t>(walk_.size());
  }

  int quadrant(const Cell& c, uint32_t b) const {
    const double half = c.size / 2;
    return (x_[b] > c.x0 + half ? 1 : 0) + (y_[b] > c.y0 + half ? 2 : 0);
  }

  uint32_t child_of(uint32_t cell, int q) {
    if (cells_[cell].child[q] != kNone) return cells_[cell].child[q];
    Cell c;
    const Cell& parent = cells_[cell];
    c.size = parent.size / 2;
    c.x0 = parent.x0 + ((q & 1) ? c.size : 0);
    c.y0 = parent.y0 + ((q & 2) ? c.size : 0);
    c.depth = parent.depth + 1;
    KITH_GRAPH_ASSERT_MSG(cells_.size() < kNone, "quadtree cells fit 32-bit indices");
    const auto id = static_cast<uint32_t>(cells_.size());
    cells_.push_back(c);  // may move cells_: no references held across it
    cells_[cell].child[q] = id;
    return id;
  }

  void insert(uint32_t b) {
    uint32_t cell = 0;
    for (;;) {
      Cell& c = cells_[cell];
      if (!c.leaf) {
        cell = child_of(cell, quadrant(c, b));
        continue;
      }
      if (c.body == kNone || c.depth >= kMaxDepth) {
        next_[b] = c.body;
        c.body = b;
        return;
      }
      // A second body in a leaf: the leaf becomes a cell and its body moves down.
      const uint32_t old = c.body;
      c.body = kNone;
      c.leaf = false;
      const uint32_t down = child_of(cell, quadrant(cells_[cell], old));
      cells_[down].body = old;
    }
  }

  // Masses and centres of mass bottom-up, children in order.
  void finish_masses(uint32_t cell) {
    double m = 0, mx = 0, my = 0;
    if (cells_[cell].leaf) {
      for (uint32_t b = cells_[cell].body; b != kNone; b = next_[b]) {
        m += mass_[b];
        mx += mass_[b] * x_[b];
        my += mass_[b] * y_[b];
      }
    } else {
      for (int k = 0; k < 4; ++k) {
        const uint32_t ch = cells_[cell].child[k];
        if (ch == kNone) continue;
        finish_masses(ch);
        m += cells_[ch].mass;
        mx += cells_[ch].mass * cells_[ch].cx;
        my += cells_[ch].mass * cells_[ch].cy;
      }
    }
    Cell& c = cells_[cell];
    c.mass = m;
    c.cx = m > 0 ? mx / m : c.x0;
    c.cy = m > 0 ? my / m : c.y0;
    // A one-body leaf stands exactly where its body is ((m·x)/m can be an
    // ulp off), so repulsion reads the cell instead of the body.
    if (c.leaf && c.body != kNone && next_[c.body] == kNone) {
      c.cx = x_[c.body];
      c.cy = y_[c.body];
    }
  }

  std::span<const double> x_, y_, mass_;
  std::vector<uint32_t> next_;
  std::vector<Cell> cells_;
  std::vector<WalkCell> walk_;
  std::vector<node_t> order_;
};

// The global speed of Gephi's ForceAtlas2 (the paper's s(G) = τ · tra(G) /
// swg(G), with Gephi's adaptive jitter tolerance and speed efficiency).
class GlobalSpeed {
 public:
  // Updates the speed from this iteration's total swinging and traction.
  void adjust(double swinging, double traction, double jitter_tolerance, node_t n) {
    // Nothing moves (no forces at all): nothing to adapt.
    if (swinging == 0 && traction == 0) return;
    const double nd = static_cast<double>(n);
    const double estimated = 0.05 * std::sqrt(nd);
    const double min_jt = std::sqrt(estimated), max_jt = 10.0;
    double jt = jitter_tolerance * std::max(min_jt, std::min(max_jt, estimated * traction / (nd * nd)));
    constexpr double kMinEfficiency = 0.05;
    // Much more swinging than traction: the layout oscillates, so slow down.
    if (traction == 0 || swinging / traction > 2.0) {
      if (efficiency_ > kMinEfficiency) efficiency_ *= 0.5;
      jt = std::max(jt, jitter_tolerance);
    }
    const double target = swinging == 0 ? std::numeric_limits<double>::infinity()
                                         : jt * efficiency_ * traction / swinging;
    if (swinging > jt * traction) {
      if (efficiency_ > kMinEfficiency) efficiency_ *= 0.7;
    } else if (speed_ < 1000) {
      efficiency_ *= 1.3;
    }
    // The speed rises by at most half a step, and falls at once.
    constexpr double kMaxRise = 0.5;
    const double next = speed_ + std::min(target - speed_, kMaxRise * speed_);
    // A speed of 0 could never rise again; keep the smallest positive one.
    speed_ = std::max(next, std::numeric_limits<double>::min());
  }
  double value() const { return speed_; }

 private:
  double speed_ = 1.0;
  double efficiency_ = 1.0;
};

// Everything one iteration reads that does not change between iterations.
struct Model {
  const Graph& g;  // undirected
  std::vector<double> mass;
  double outbound_compensation = 1.0;
};

Vec attraction(const Model& m, const ForceAtlas2Options& o, std::span<const double> x, std::span<const double> y,
               node_t v) {
  Vec f;
  auto nb = m.g.out_neighbors(v);
  auto w = m.g.out_weights(v);
  for (size_t i = 0; i < nb.size(); ++i) {
    const node_t u = nb[i];
    const double dx = x[v] - x[u], dy = y[v] - y[u];
    double k = weight_coefficient(w.empty() ? 1.0 : w[i], o.edge_weight_influence);
    // Dissuade hubs: Gephi divides an edge's pull by its source's mass; an
    // undirected edge has no source, so both orientations are averaged.
    if (o.outbound_attraction_distribution)
      k *= m.outbound_compensation * 0.5 * (1.0 / m.mass[v] + 1.0 / m.mass[u]);
    if (o.lin_log_mode) {
      const double d = std::sqrt(dx * dx + dy * dy);
      if (d == 0) continue;
      k *= std::log1p(d) / d;
    }
    f.x -= dx * k;
    f.y -= dy * k;
  }
  return f;
}

Vec gravity(const ForceAtlas2Options& o, double mass, double px, double py) {
  if (o.strong_gravity_mode) return {-px * o.gravity * mass, -py * o.gravity * mass};
  const double d = std::sqrt(px * px + py * py);
  if (d == 0) return {};
  return {-px * o.gravity * mass / d, -py * o.gravity * mass / d};
}

// Exact repulsion, each pair once. Nodes are cut into tiles; one task takes
// a pair of tiles (a <= b), works out every pair's force once and adds it to
// both nodes, into a partial sum kept per (node, other tile). Each node's
// repulsion is then its partials added in tile order. Which thread ran a task
// never shows: every partial has one writer and a fixed order of terms, so
// the positions are the same bits for any thread count (and half the pairs
// of summing all n - 1 others for every node).
class ExactRepulsion {
 public:
  explicit ExactRepulsion(node_t n)
      : n_(n), tile_(std::max<node_t>(kTileMin, (n + kTilesMax - 1) / kTilesMax)),
        tiles_(n == 0 ? 0 : (n + tile_ - 1) / tile_), partial_(static_cast<size_t>(tiles_) * n) {}

  void compute(const Model& m, double kr, std::span<const double> x, std::span<const double> y, unsigned threads) {
    std::fill(partial_.begin(), partial_.end(), Vec{});
    const uint64_t pairs = static_cast<uint64_t>(tiles_) * (tiles_ + 1) / 2;
    ChunkQueue queue(pairs, 1);
    run_workers(threads, [&](unsigned) {
      uint64_t begin, end;
      while (queue.next(begin, end))
        for (uint64_t t = begin; t < end; ++t) tile_pair(m, kr, x, y, t);
    });
  }

  // Node v's repulsion: its partials in tile order.
  Vec of(node_t v) const {
    Vec f;
    for (node_t b = 0; b < tiles_; ++b) {
      const Vec& p = partial_[static_cast<size_t>(b) * n_ + v];
      f.x += p.x;
      f.y += p.y;
    }
    return f;
  }

 private:
  static constexpr node_t kTileMin = 64;
  static constexpr node_t kTilesMax = 64;  // partials: at most 64 per node

  Vec& partial(node_t v, node_t tile) { return partial_[static_cast<size_t>(tile) * n_ + v]; }

  // Task t in row order of the upper triangle: (0,0), (0,1) … (0,T-1), (1,1) ….
  void tile_pair(const Model& m, double kr, std::span<const double> x, std::span<const double> y, uint64_t t) {
    node_t a = 0;
    uint64_t row = tiles_;
    while (t >= row) {
      t -= row;
      ++a;
      --row;
    }
    const node_t b = a + static_cast<node_t>(t);
    const node_t a_end = std::min(n_, (a + 1) * tile_), b_end = std::min(n_, (b + 1) * tile_);
    for (node_t u = a * tile_; u < a_end; ++u) {
      const double xu = x[u], yu = y[u], ku = kr * m.mass[u];
      double fx = 0, fy = 0;
      // No pair is skipped for coincident nodes: dx = dy = 0 then, and the
      // floor on d² keeps k finite, so both sides gain exactly 0.
      for (node_t w = a == b ? u + 1 : b * tile_; w < b_end; ++w) {
        const double dx = xu - x[w], dy = yu - y[w];
        const double k = ku * m.mass[w] / repulsion_denominator(dx * dx + dy * dy);
        fx += dx * k;
        fy += dy * k;
        Vec& pw = partial(w, a);
        pw.x -= dx * k;
        pw.y -= dy * k;
      }
      Vec& pu = partial(u, b);
      pu.x += fx;
      pu.y += fy;
    }
  }

  node_t n_, tile_, tiles_;
  std::vector<Vec> partial_;  // (tile, node) -> node's repulsion from that tile
};

// Node ranges handed to threads; each node's force is written by one task only.
constexpr uint64_t kNodesPerChunk = 64;

}  // namespace

ForceAtlas2Options infer_forceatlas2_options(node_t n) {
  ForceAtlas2Options o;
  o.barnes_hut_optimize = n > 2000;
  o.strong_gravity_mode = true;
  o.gravity = 0.05;
  o.scaling_ratio = 10;
  o.slow_down = 1 + std::log(static_cast<double>(std::max<node_t>(n, 1)));
  return o;
}

void ForceAtlas2::start_from(std::vector<double> x, std::vector<double> y) {
  const node_t n = g_.node_count();
  require(x.size() == n && y.size() == n, "forceatlas2: start_from needs one x and one y a node");
  for (node_t v = 0; v < n; ++v)
    require(std::isfinite(x[v]) && std::isfinite(y[v]), "forceatlas2: start positions must be finite");
  start_x_ = std::move(x);
  start_y_ = std::move(y);
  given_start_ = true;
}

namespace {

Model build_model(const Graph& g) {
  Model model{g, {}, 1.0};
  const node_t n = g.node_count();
  model.mass.resize(n);
  double mass_sum = 0;
  for (node_t v = 0; v < n; ++v) {
    model.mass[v] = 1.0 + g.out_degree(v);
    mass_sum += model.mass[v];
  }
  // Dissuading hubs divides pulls by masses; the mean mass restores the
  // overall strength of attraction (Gephi's outboundAttCompensation).
  if (n > 0) model.outbound_compensation = mass_sum / n;
  return model;
}

// Every node's total force from the current positions. Each node is
// written by one task only and its terms are added in a fixed order, so
// the threads' timing cannot change a bit.
void compute_forces(const Model& m, const ForceAtlas2Options& o, std::span<const double> x,
                    std::span<const double> y, unsigned threads, std::optional<ExactRepulsion>& exact,
                    std::vector<Vec>& force) {
  const node_t n = m.g.node_count();
  std::optional<QuadTree> tree;
  if (o.barnes_hut_optimize) tree.emplace(x, y, m.mass);
  else exact->compute(m, o.scaling_ratio, x, y, threads);
  ChunkQueue queue(n, kNodesPerChunk);
  run_workers(threads, [&](unsigned) {
    uint64_t begin, end;
    while (queue.next(begin, end)) {
      for (uint64_t i = begin; i < end; ++i) {
        const auto v = tree ? tree->spatial_order()[i] : static_cast<node_t>(i);
        const Vec r = tree ? tree->repulsion(v, o.scaling_ratio, o.barnes_hut_theta) : exact->of(v);
        const Vec a = attraction(m, o, x, y, v);
        const Vec gr = gravity(o, m.mass[v], x[v], y[v]);
        force[v] = {r.x + a.x + gr.x, r.y + a.y + gr.y};
      }
    }
  });
}

double node_swinging(double mass, const Vec& f, const Vec& old) { return mass * std::hypot(old.x - f.x, old.y - f.y); }

// Swinging (the force turning round) and traction (it keeping its
// direction) over all nodes, summed in node order: O(n), so not worth a
// parallel fold, and one order whatever the thread count.
void adjust_speed(const Model& m, const std::vector<Vec>& force, const std::vector<Vec>& old_force,
                  double jitter_tolerance, GlobalSpeed& speed) {
  double swinging = 0, traction = 0;
  for (node_t v = 0; v < m.g.node_count(); ++v) {
    swinging += node_swinging(m.mass[v], force[v], old_force[v]);
    traction += 0.5 * m.mass[v] * std::hypot(old_force[v].x + force[v].x, old_force[v].y + force[v].y);
  }
  speed.adjust(swinging, traction, jitter_tolerance, m.g.node_count());
}

// A node that swings a lot slows down; one moving steadily keeps the global speed.
void move_nodes(const Model& m, const std::vector<Vec>& force, const std::vector<Vec>& old_force, double s,
                double slow_down, std::vector<double>& x, std::vector<double>& y) {
  for (node_t v = 0; v < m.g.node_count(); ++v) {
    const double factor = s / (1.0 + std::sqrt(s * node_swinging(m.mass[v], force[v], old_force[v]))) / slow_down;
    x[v] += force[v].x * factor;
    y[v] += force[v].y * factor;
  }
}

}  // namespace

void ForceAtlas2::run() {
  validate(opt_);
  validate_weights(g_);
  const Graph undirected = g_.directed() ? g_.undirected() : Graph();
  const Model model = build_model(g_.directed() ? undirected : g_);
  const node_t n = model.g.node_count();
  if (given_start_) {
    x_ = start_x_;
    y_ = start_y_;
  } else {
    seed_positions(n, opt_.seed, x_, y_);
  }
  std::vector<Vec> force(n), old_force(n);
  // Below a few hundred nodes an iteration is shorter than starting threads.
  const unsigned threads = n < 256 ? 1 : resolve_threads(opt_.threads);
  std::optional<ExactRepulsion> exact;  // its partial sums, kept across iterations
  if (!opt_.barnes_hut_optimize) exact.emplace(n);
  GlobalSpeed speed;
  for (uint32_t it = 0; it < opt_.iterations && n > 0; ++it) {
    std::swap(force, old_force);
    compute_forces(model, opt_, x_, y_, threads, exact, force);
    adjust_speed(model, force, old_force, opt_.jitter_tolerance, speed);
    move_nodes(model, force, old_force, speed.value(), opt_.slow_down, x_, y_);
  }
  assert_finite(x_, "forceatlas2: every x is finite");
  assert_finite(y_, "forceatlas2: every y is finite");
  ran_ = true;
}

double edge_length_spread(const Graph& g, std::span<const double> x, std::span<const double> y) {
  if (x.size() != g.node_count() || y.size() != g.node_count())
    throw std::invalid_argument("edge_length_spread: one x and one y a node");
  std::vector<double> len;
  len.reserve(g.edge_count());
  for (node_t u = 0; u < g.node_count(); ++u)
    for (node_t v : g.out_neighbors(u))
      if (g.directed() || u < v) len.push_back(std::hypot(x[u] - x[v], y[u] - y[v]));
  if (len.empty()) return 0.0;
  double mean = 0;
  for (double l : len) mean += l;
  mean /= static_cast<double>(len.size());
  double var = 0;
  for (double l : len) var += (l - mean) * (l - mean);
  var /= static_cast<double>(len.size());
  // The upper median: nth_element reorders, which the sums above no longer need.
  auto mid = len.begin() + static_cast<std::ptrdiff_t>(len.size() / 2);
  std::nth_element(len.begin(), mid, len.end());
  if (*mid == 0) return std::numeric_limits<double>::infinity();
  return std::sqrt(var) / *mid;
}

}  // namespace kith::graph
