#include "kith/graph/two_mode.hpp"

#include <algorithm>
#include <stdexcept>

#include "kith/graph/betweenness.hpp"
#include "kith/graph/louvain.hpp"

namespace kith::graph {

double TwoMode::max_betweenness(uint64_t side, uint64_t other) {
  // NetworkX 2.8 bipartite/centrality.py: with n = side, m = other and
  // p, r = divmod(n − 1, m) — the same expression it uses for either side.
  if (side == 0 || other == 0) return 0.0;
  const double n = static_cast<double>(other), p = static_cast<double>((side - 1) / other),
               r = static_cast<double>((side - 1) % other);
  return (n * n * (p + 1) * (p + 1) + n * (p + 1) * (2 * r - p - 1) - r * (2 * p - r + 3)) / 2.0;
}

// Weight of a–b = groups shared: for each person, walk the members of each of
// their groups and count in a dense array (cost Σ_g |g|²).
void TwoMode::project(const Graph& b) {
  std::vector<EdgeInput> edges;
  std::vector<uint32_t> shared(people_, 0);
  std::vector<node_t> touched;
  for (node_t a = 0; a < people_; ++a) {
    for (node_t g : b.out_neighbors(a))
      for (node_t c : b.out_neighbors(g)) {
        if (c <= a) continue;  // each pair once, from its smaller end
        if (shared[c]++ == 0) touched.push_back(c);
      }
    for (node_t c : touched) {
      edges.push_back({a, c, static_cast<double>(shared[c])});
      shared[c] = 0;
    }
    touched.clear();
  }
  projection_ = Graph::from_edges(people_, edges, {.directed = false, .weighted = true});
  person_groups_.resize(people_);
  projected_degree_.resize(people_);
  projected_strength_.assign(people_, 0.0);
  for (node_t a = 0; a < people_; ++a) {
    person_groups_[a] = b.out_degree(a);
    projected_degree_[a] = projection_.out_degree(a);
    for (float w : projection_.out_weights(a)) projected_strength_[a] += w;
  }
}

// A pair sharing exactly one group is that group's "only link" unless the
// two are tied directly; the one shared group is found by merging their
// sorted group rows.
void TwoMode::count_only_links(const Graph& b) {
  only_link_.assign(groups_, 0);
  const Graph* ties = opt_.ties;
  for (node_t a = 0; a < people_; ++a) {
    auto nb = projection_.out_neighbors(a);
    auto w = projection_.out_weights(a);
    for (size_t i = 0; i < nb.size(); ++i) {
      const node_t c = nb[i];
      if (c < a || w[i] != 1.0f) continue;
      if (ties && (ties->has_edge(a, c) || ties->has_edge(c, a))) continue;
      auto ga = b.out_neighbors(a), gc = b.out_neighbors(c);
      auto it = std::find_first_of(ga.begin(), ga.end(), gc.begin(), gc.end());
      ++only_link_[*it - people_];
    }
  }
}

void TwoMode::count_communities(const Graph& b) {
  spanned_.assign(groups_, 0);
  if (opt_.communities.empty()) {
    if (!pairs_counted_) {
      community_.clear();  // no projection to find them in
      return;
    }
    Louvain l(projection_, {.seed = opt_.seed});
    l.run();
    community_ = l.community();
  } else {
    community_.assign(opt_.communities.begin(), opt_.communities.end());
  }
  const uint32_t labels = community_.empty() ? 0 : *std::max_element(community_.begin(), community_.end()) + 1;
  std::vector<uint32_t> stamp(labels, 0);  // stamp[c] == g + 1: already counted for group g
  for (uint32_t g = 0; g < groups_; ++g)
    for (node_t a : b.out_neighbors(people_ + g)) {
      uint32_t& s = stamp[community_[a]];
      if (s != g + 1) {
        s = g + 1;
        ++spanned_[g];
      }
    }
}

void TwoMode::scale_betweenness(const Graph& b) {
  Betweenness bet(b, {.threads = opt_.threads});
  bet.run();
  auto scaled = [&](node_t v, double max) -> std::optional<double> {
    if (max <= 0.0) return std::nullopt;  // NetworkX divides by zero here
    return bet.raw()[v] / max;
  };
  const double person_max = max_betweenness(people_, groups_), group_max = max_betweenness(groups_, people_);
  person_bet_.resize(people_);
  group_bet_.resize(groups_);
  for (node_t a = 0; a < people_; ++a) person_bet_[a] = scaled(a, person_max);
  for (uint32_t g = 0; g < groups_; ++g) group_bet_[g] = scaled(people_ + g, group_max);
}

void TwoMode::run() {
  if (static_cast<uint64_t>(people_) + groups_ > kNodesMax)
    throw std::invalid_argument("two-mode graph: too many people and groups");
  if (opt_.ties && opt_.ties->node_count() != people_)
    throw std::invalid_argument("two-mode graph: the ties graph must have one node per person");
  if (!opt_.communities.empty() && opt_.communities.size() != people_)
    throw std::invalid_argument("two-mode graph: give one community per person");
  std::vector<EdgeInput> edges;
  edges.reserve(affiliations_.size());
  for (const Affiliation& a : affiliations_) {
    if (a.person >= people_ || a.group >= groups_) throw std::invalid_argument("two-mode graph: index out of range");
    edges.push_back({a.person, people_ + a.group, 1.0});
  }
  // People first, then groups: rows of people list group nodes, sorted.
  const Graph b = Graph::from_edges(people_ + groups_, edges, {});
  members_.resize(groups_);
  pair_visits_ = 0;
  for (uint32_t g = 0; g < groups_; ++g) {
    members_[g] = b.out_degree(people_ + g);
    pair_visits_ += static_cast<uint64_t>(members_[g]) * members_[g];
  }
  pairs_counted_ = pair_visits_ <= opt_.pair_visits_max;
  if (pairs_counted_) {
    project(b);
    count_only_links(b);
  } else {
    projection_ = Graph::from_edges(people_, std::vector<EdgeInput>{}, {.directed = false, .weighted = true});
    person_groups_.resize(people_);
    for (node_t a = 0; a < people_; ++a) person_groups_[a] = b.out_degree(a);
    projected_degree_.assign(people_, 0);
    projected_strength_.assign(people_, 0.0);
    only_link_.assign(groups_, 0);
  }
  count_communities(b);
  scale_betweenness(b);
  ran_ = true;
}

}  // namespace kith::graph
