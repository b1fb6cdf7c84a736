#pragma once
// An area's network as the register holds it: built from the one tie loader
// (area_ties.hpp), measured by the metric registry (metrics.hpp), cached per
// register revision in a byte-bounded cache, audited as a read of personal
// data. The ego network and the area summary are read from the same cached
// network, so all three agree. Every answer is a typed report; api/codec/
// turns them into JSON (and the summary into CSV) for the API and
// `kith analyze --area`.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kith/analysis/area_ties.hpp"
#include "kith/analysis/cache.hpp"
#include "kith/analysis/layout.hpp"
#include "kith/analysis/metrics.hpp"
#include "kith/analysis/suppression.hpp"
#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/store.hpp"

namespace kith::analysis {

inline constexpr size_t kTopBrokersMax = 10;
inline constexpr size_t kNetworkCacheBytesDefault = 256u << 20;

struct ServiceOptions {
  unsigned threads = 2;
  BetweennessPolicy betweenness{};          // exact up to 20,000 people by default
  size_t cache_bytes_max = kNetworkCacheBytesDefault;
  // Aggregates withhold counts from 1 to this minus one. A deployment may
  // raise it (kith serve --suppress-below), never lower it below 5.
  int64_t small_count_min = kSmallCountMin;
  // Above this many people the layout is of communities (kith serve --layout-people-max).
  uint64_t layout_people_max = kLayoutPeopleMaxDefault;
};

// What a caller asks of the area network beyond the query.
struct MetricRequest {
  std::set<std::string> metrics;  // empty: all
  uint64_t seed = 0;              // Louvain's
  bool exact = false;             // exact betweenness whatever the size
};

// The names of a person's isolation classes (graph::IsolationBit bits, from
// graph::isolation_classes, the one classification the summary counts):
// no_ties, one_tie, no_weekly_contact, family_only_ties (the summary's keys).
std::vector<std::string_view> isolation_names(uint8_t classes);

struct AreaNetwork {
  AreaTies ties;
  NetworkReport report;
  std::optional<Date> at;
  std::vector<uint8_t> isolation;  // one set of classes per person, node order
  size_t bytes() const { return sizeof(*this) + ties.bytes() + report.bytes() + isolation.capacity(); }
};

// The members of community k (node indices, in node order), for a network
// answer that keeps only them (a map's drill-down). not_found when the
// network has no community k; invalid when its metrics left communities out.
Result<std::vector<size_t>> community_members(const AreaNetwork& n, uint64_t k);

// The bit of an isolation class by its name (isolation_names' words);
// invalid, naming `isolation`, for any other word.
Result<uint8_t> isolation_class(std::string_view name);
// Of `among` (node indices in node order; every node when null), those in
// the isolation class `bit` (a People list of "no weekly contact"). Empty
// when no one is: a class can be empty, unlike a community.
std::vector<size_t> isolation_members(const AreaNetwork& n, uint8_t bit, const std::vector<size_t>* among = nullptr);
// Of `among` (every node when null), the one node of this person, if they
// are in the network (a profile's figures); empty when not.
std::vector<size_t> person_member(const AreaNetwork& n, std::string_view person_id,
                                  const std::vector<size_t>* among = nullptr);

struct EgoReport {
  std::string id;
  std::optional<Date> at;
  uint64_t size = 0;                 // distinct contacts
  uint64_t ties_among_contacts = 0;  // each pair once
  std::optional<double> density;     // among contacts; needs two
  std::map<std::string, uint64_t> tie_kinds;
  std::optional<double> tie_kind_diversity;  // Blau's index over tie kinds
  std::optional<double> weekly_share;        // contacts seen weekly or more often
  std::optional<double> constraint, effective_size;
};

// A person attribute the area summary can be broken down by. birth_band
// (decade of birth) is the register's age band: it does not move with `at`.
enum class SummaryBreakdown { none, birth_band, postcode_district };
Result<SummaryBreakdown> parse_breakdown(const std::string& by);  // "" is none
std::string_view breakdown_name(SummaryBreakdown by);

struct Isolation {
  Share no_ties, one_tie, no_weekly_contact, family_only_ties;
};

struct Broker {
  std::string id;
  double betweenness_norm = 0;
  std::optional<double> constraint;
  uint64_t community = 0;
};

// A group or place, ranked by the member pairs it alone brings together.
// Fewer than 5 members: only the (suppressed) member count is shown.
struct Venue {
  std::string id, name, type;
  Count members;
  std::optional<Count> only_link_pairs;       // absent when small or not counted
  std::optional<uint64_t> communities_spanned;  // absent when small
  std::optional<double> betweenness;            // absent when small or undefined
};

struct BreakdownRow {
  std::optional<std::string> value;  // absent: not recorded
  Count people;
  bool suppressed = false;           // under 5 people: nothing else is shown
  std::optional<Isolation> isolation;
  std::optional<double> gini_degree, density;
  std::optional<uint64_t> communities;
};

// Degree bins: one for each number of contacts below this, then one for
// this many or more, so a few well-connected people are not picked out by
// their exact number of contacts.
inline constexpr uint64_t kDegreeOpenBin = 10;

struct DegreeBin {
  uint64_t contacts = 0;  // distinct contacts; with or_more, this many or more
  bool or_more = false;
  Count people;
};

struct SummaryReport {
  uint64_t people = 0, ties = 0;
  uint64_t groups = 0, places = 0;  // live in the area (on `at`)
  // The threshold every count here was judged by (ServiceOptions::small_count_min).
  int64_t suppress_below = kSmallCountMin;
  // Set by keep_aggregates_only: the area's totals as a viewer who sees no
  // individual may see them; codecs give these instead of people and ties.
  std::optional<Count> people_shown, ties_shown, groups_shown, places_shown;
  std::optional<double> density;  // absent when a withheld total could be worked back from it
  std::optional<double> gini_degree, modularity;
  uint64_t components = 0, communities = 0;
  bool venue_pairs_counted = true;
  int64_t register_revision = 0;
  std::optional<Date> at;
  std::optional<BetweennessMethod> betweenness;
  Isolation isolation;
  std::vector<DegreeBin> degree_distribution;  // contacts 0.. up to the open bin
  std::vector<Broker> top_brokers;
  std::vector<Venue> brings_people_together;
  SummaryBreakdown by = SummaryBreakdown::none;
  std::vector<BreakdownRow> breakdown;
};

// The degree bins of the summary from each person's distinct contacts: 0 to
// kDegreeOpenBin − 1 one bin each, then "kDegreeOpenBin or more"; bins past
// the largest number are left out. Counts 1 to below − 1 are withheld, with
// one complementary cell when exactly one is (docs/metrics.md).
std::vector<DegreeBin> degree_distribution(const std::vector<uint32_t>& contacts, int64_t below = kSmallCountMin);

// For a viewer who may see no individual (a commissioner): drops every
// person's identifier (the named brokers), leaving only counts, shares and
// the groups and places, which are community assets, not people; and
// withholds the area's own totals of people and ties when they are small,
// with the figures (density, Gini of degree, modularity, the degree bins)
// they could be worked back from; and the counts of groups and places when
// small.
void keep_aggregates_only(SummaryReport& s);

class NetworkService {
 public:
  explicit NetworkService(store::Store& s, ServiceOptions opt = {})
      : store_(s), opt_(opt), cache_(opt.cache_bytes_max), layouts_(opt.cache_bytes_max / 4) {}
  // Per-person metrics of the area; audited as a read of personal data.
  Result<std::shared_ptr<const AreaNetwork>> area_network(const NetworkQuery& q, const model::Actor& who,
                                                          const MetricRequest& req = {});
  // One person's ego network, the numbers a link worker reads. Audited.
  Result<EgoReport> ego(const NetworkQuery& q, const std::string& person_id, const model::Actor& who,
                        const MetricRequest& req = {});
  // Area-level measures with small numbers suppressed; optionally broken
  // down by a person attribute. Audited (it reads the per-person network).
  Result<SummaryReport> summary(const NetworkQuery& q, SummaryBreakdown by, const model::Actor& who,
                                const MetricRequest& req = {});

  // The network's positions from ForceAtlas2 (layout.hpp), or its
  // communities' above layout_people_max people. Cached per query, seed,
  // iterations and register revision; audited as area_network is.
  Result<std::shared_ptr<const LayoutReport>> layout(const NetworkQuery& q, const LayoutRequest& r,
                                                     const model::Actor& who);

  const ServiceOptions& options() const { return opt_; }
  size_t cache_bytes() const { return cache_.bytes(); }
  size_t cache_entries() const { return cache_.entries(); }

 private:
  // The network (cached or computed), its read recorded as about
  // `person_id` when one person's numbers are asked for (empty: the area's).
  Result<std::shared_ptr<const AreaNetwork>> read_network(const NetworkQuery& q, const model::Actor& who,
                                                          const MetricRequest& req, std::string_view person_id);
  Result<std::shared_ptr<const AreaNetwork>> compute(const NetworkQuery& q, const MetricRequest& req);
  store::Store& store_;
  ServiceOptions opt_;
  ByteBoundedCache<AreaNetwork> cache_;
  ByteBoundedCache<LayoutReport> layouts_;  // a quarter of the networks' budget
};

}  // namespace kith::analysis
