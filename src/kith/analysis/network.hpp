#pragma once
// The register's ties as a network: builds the CSR graph of an area as it
// stood on a day (filtered by tie kind and closeness) and runs the metrics in
// src/kith/graph/. Results are cached per area register revision, so asking
// again costs nothing until the register changes.
#include <nlohmann/json.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/core/time.hpp"
#include "kith/model/actor.hpp"
#include "kith/graph/graph.hpp"
#include "kith/graph/labels.hpp"
#include "kith/store/store.hpp"

namespace kith::analysis {

// Metric names `network_metrics` understands ("all" selects every one).
const std::vector<std::string>& network_metric_names();
Result<std::set<std::string>> parse_metric_list(const std::string& spec);

// {"graph": {...summary...}, "nodes": [{"id":…, metric: value, …}]}; the
// shape `kith analyze` prints. Undefined values are null. `seed` is Louvain's.
nlohmann::json network_metrics(const graph::Graph& g, const graph::IdMap& ids, const std::set<std::string>& want,
                               unsigned threads, uint64_t seed = 0);

struct NetworkQuery {
  std::string area_id;
  std::optional<Date> at;                 // ties valid on this day; all live ties when absent
  std::set<std::string> kinds;            // tie kinds to keep; empty keeps all
  int min_closeness = 1;                  // 1..5
};

inline constexpr size_t kNetworkCacheEntriesMax = 64;
inline constexpr int64_t kSmallCountMin = 5;        // counts below this are suppressed in aggregates
inline constexpr size_t kTopBrokersMax = 10;

// A person attribute the area summary can be broken down by. birth_band
// (decade of birth) is the register's age band: it does not move with `at`.
enum class SummaryBreakdown { none, birth_band, postcode_district };
Result<SummaryBreakdown> parse_breakdown(const std::string& by);  // "" is none

class NetworkService {
 public:
  explicit NetworkService(store::Store& s, unsigned threads = 2) : store_(s), threads_(threads) {}
  // Per-person metrics of the area; audited as a read of personal data.
  Result<nlohmann::json> area_network(const NetworkQuery& q, const model::Actor& who);
  // One person's ego network, the numbers a link worker reads: size, density
  // among their contacts, tie-kind diversity, share of weekly-or-more contact,
  // constraint. Audited.
  Result<nlohmann::json> ego(const NetworkQuery& q, const std::string& person_id, const model::Actor& who);
  // Area-level measures: size, density, Gini of degree, components,
  // communities and modularity, isolation classes (no ties, one tie, no
  // weekly contact, family-only), the top brokers, and what brings people
  // together (groups and places by the member pairs they alone connect, then
  // members; communities spanned; two-mode betweenness); optionally the same
  // measures for each value of a person attribute. Counts from 1 to 4 are
  // suppressed (null, "suppressed": true), and so is every measure of a
  // group or venue of fewer than 5 people, so nobody can be singled out.
  Result<nlohmann::json> summary(const NetworkQuery& q, SummaryBreakdown by, const model::Actor& who);

 private:
  Result<nlohmann::json> compute(const NetworkQuery& q, int64_t revision);
  store::Store& store_;
  unsigned threads_;
  std::mutex mu_;
  std::map<std::string, nlohmann::json> cache_;  // key includes the register revision
};

}  // namespace kith::analysis
