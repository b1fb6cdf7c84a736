#pragma once
// The map's positions (issue 10): the area network laid out by the engine's
// ForceAtlas2 (graph/forceatlas2.hpp), so a phone only draws. Above
// ServiceOptions::layout_people_max people the answer is the communities
// (Louvain, the summary's) as weighted nodes instead, and a drill-down lays
// out one community's people. A typed report; api/codec/ makes the JSON.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/core/time.hpp"
#include "kith/graph/forceatlas2.hpp"

namespace kith::analysis {

inline constexpr uint32_t kLayoutIterationsDefault = 200;
inline constexpr uint32_t kLayoutIterationsMax = 2000;
inline constexpr uint64_t kLayoutPeopleMaxDefault = 5000;

struct LayoutRequest {
  uint64_t seed = 1;                        // ForceAtlas2's initial positions
  uint32_t iterations = kLayoutIterationsDefault;  // 1..kLayoutIterationsMax
  std::optional<uint64_t> community;        // lay out only this community's people
};

// Field-named error for iterations outside 1..kLayoutIterationsMax.
Result<void> check_layout_request(const LayoutRequest& r);

struct LayoutPerson {
  std::string id;
  double x = 0, y = 0;
};

struct LayoutCommunity {
  uint64_t community = 0, members = 0;
  double x = 0, y = 0;
};

struct LayoutCommunityEdge {
  uint64_t a = 0, b = 0;  // community numbers, a < b
  uint64_t ties = 0;      // ties between their members
};

struct LayoutReport {
  int64_t register_revision = 0;
  std::optional<Date> at;
  uint64_t people_max = kLayoutPeopleMaxDefault;
  bool aggregated = false;
  std::optional<uint64_t> community;  // the drill-down asked for
  uint64_t people = 0, ties = 0;      // of the network laid out (the whole area's when aggregated)
  graph::ForceAtlas2Options options;  // as run
  // Not aggregated: each person once, and each tie as indices into `people_xy`.
  std::vector<LayoutPerson> people_xy;
  std::vector<std::pair<uint32_t, uint32_t>> tie_ends;
  // Aggregated: one node a community, one edge a pair of communities with ties between them.
  std::vector<LayoutCommunity> communities;
  std::vector<LayoutCommunityEdge> community_edges;
  size_t bytes() const;
};

}  // namespace kith::analysis
