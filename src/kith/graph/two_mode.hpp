#pragma once
// Two-mode networks: people × groups (or people × places) — "what brings
// people together". Definitions (docs/metrics.md):
//  projection                weighted one-mode graph of people, the weight of
//                            a–b the number of groups both belong to
//                            (NetworkX bipartite.weighted_projected_graph);
//  groups / projected_degree / projected_weighted_degree  per person: groups
//                            joined, and degree and strength in the projection;
//  members                   per group: distinct people in it;
//  only_link_pairs           per group: member pairs {a, b} for whom this is
//                            the only group both belong to AND who have no
//                            direct tie (either direction) in the one-mode
//                            graph of ties, when one is given;
//  communities_spanned       per group: distinct communities among its
//                            members — the given communities of people, or
//                            else Louvain (seeded) on the projection;
//  betweenness               hop betweenness in the two-mode graph, scaled as
//                            NetworkX bipartite.betweenness_centrality: the
//                            raw (halved) value divided by the largest value
//                            possible for a node of that side in a bipartite
//                            graph of these two sizes; null where that
//                            maximum is 0.
// Repeated affiliations count once. No I/O: indices in, numbers out.
//
// The projection and the pair counts cost Σ_g |g|² (a venue of 20,000
// members alone is 4·10⁸ pairs), so they are computed only within
// `pair_visits_max`; beyond it pairs_counted() is false, the projection is
// empty and projected degrees, only-link pairs and (without given
// communities) communities spanned are not available. Betweenness is always
// computed.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct Affiliation {
  node_t person = 0;
  uint32_t group = 0;
};

inline constexpr uint64_t kPairVisitsMax = 20'000'000;  // ~320 MB of projection at most

struct TwoModeOptions {
  const Graph* ties = nullptr;             // one-mode ties among the same people, or none
  std::span<const uint32_t> communities{};  // one label per person, or empty for Louvain
  uint64_t seed = 0;                       // for Louvain when no communities are given
  unsigned threads = 0;                    // for betweenness; 0: all cores
  uint64_t pair_visits_max = kPairVisitsMax;  // Σ_g |g|² beyond which pairs are not counted
};

class TwoMode : public Algorithm {
 public:
  // People are 0..people−1 and groups 0..groups−1; every index must be in range.
  TwoMode(node_t people, uint32_t groups, std::span<const Affiliation> affiliations, TwoModeOptions opt = {})
      : people_(people), groups_(groups), affiliations_(affiliations), opt_(opt) {}
  void run() override;

  // False when the member pairs exceed the budget (see above).
  bool pairs_counted() const { assure_run(); return pairs_counted_; }
  // Σ_g |g|² over distinct memberships: what counting pairs would cost.
  uint64_t pair_visits() const { assure_run(); return pair_visits_; }
  const Graph& projection() const { assure_run(); return projection_; }
  const std::vector<uint32_t>& person_groups() const { assure_run(); return person_groups_; }
  const std::vector<uint32_t>& projected_degree() const { assure_run(); return projected_degree_; }
  const std::vector<double>& projected_weighted_degree() const { assure_run(); return projected_strength_; }
  // Empty when no communities were given and pairs were not counted.
  const std::vector<uint32_t>& person_community() const { assure_run(); return community_; }
  bool communities_counted() const { assure_run(); return people_ == 0 || !community_.empty(); }
  const std::vector<std::optional<double>>& person_betweenness() const { assure_run(); return person_bet_; }

  const std::vector<uint32_t>& members() const { assure_run(); return members_; }
  const std::vector<uint64_t>& only_link_pairs() const { assure_run(); return only_link_; }
  const std::vector<uint32_t>& communities_spanned() const { assure_run(); return spanned_; }
  const std::vector<std::optional<double>>& betweenness() const { assure_run(); return group_bet_; }

  // NetworkX's largest possible betweenness of a node on the side with
  // `side` nodes when the other side has `other` (bipartite.betweenness_centrality).
  static double max_betweenness(uint64_t side, uint64_t other);

 private:
  void project(const Graph& bipartite);
  void count_only_links(const Graph& bipartite);
  void count_communities(const Graph& bipartite);
  void scale_betweenness(const Graph& bipartite);

  node_t people_;
  uint32_t groups_;
  std::span<const Affiliation> affiliations_;
  TwoModeOptions opt_;
  Graph projection_;
  std::vector<uint32_t> person_groups_, projected_degree_, community_, members_, spanned_;
  std::vector<double> projected_strength_;
  std::vector<uint64_t> only_link_;
  std::vector<std::optional<double>> person_bet_, group_bet_;
  bool pairs_counted_ = false;
  uint64_t pair_visits_ = 0;
};

}  // namespace kith::graph
