#pragma once
// The one place the register's ties become a network: which ties count (live
// on a day, of the chosen kinds, at least as close as asked) and how they are
// read. The area network, the ego network and the summary all use it, so
// they can never disagree about who is tied to whom.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/core/time.hpp"
#include "kith/graph/graph.hpp"
#include "kith/graph/labels.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/connection.hpp"

namespace kith::analysis {

struct NetworkQuery {
  std::string area_id;
  std::optional<Date> at;       // ties valid on this day; all live ties when absent
  std::set<std::string> kinds;  // tie kinds to keep; empty keeps all
  int min_closeness = 1;        // 1..5
  std::set<std::string> evidence;  // how a tie is known (survey, …) to keep; empty keeps all
};

// Field-named errors for a closeness outside 1..5, an unknown tie kind or evidence.
Result<void> check_query(const NetworkQuery& q);

struct AreaTie {
  graph::node_t u = 0, v = 0;  // people, in `AreaTies::people` order
  std::string kind, frequency;
  int closeness = 0;
};

struct AreaTies {
  graph::IdMap people;  // everyone in the area whose consent allows research, tied or not, in storage order
  graph::IdMap left_out;  // live people whose refused or withdrawn consent keeps them out of analyses
  std::vector<AreaTie> ties;
  int64_t register_revision = 0;
  size_t bytes() const;  // rough heap footprint, for the cache
};

// Reads the area's register revision, its live people whose consent allows
// research and the ties between them that pass the query, in one read
// transaction so the three agree.
Result<AreaTies> load_area_ties(store::Connection& c, const NetworkQuery& q);

// The ties as the graph engine reads them: undirected (a tie is a
// relationship whoever named it), closeness as the weight.
graph::Graph tie_graph(const AreaTies& t);

bool weekly_or_more(const std::string& frequency);

// A record dated valid_from..valid_to ("" = open) is live on `at` (always, without a day).
bool live_on(const std::string& from, const std::string& to, const std::optional<Date>& at);

}  // namespace kith::analysis
