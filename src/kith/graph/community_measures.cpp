#include "kith/graph/community_measures.hpp"

#include <algorithm>
#include <stdexcept>

#include "kith/graph/louvain.hpp"

namespace kith::graph {
namespace {

void set_share(IsolationClass& c, uint64_t people) {
  if (people > 0) c.share = static_cast<double>(c.count) / static_cast<double>(people);
}

// The summary of the people in `who` (all of them, or one attribute group).
CommunitySummary summarise(const Graph& g, const std::vector<node_t>& who, const std::vector<char>& inside,
                           const std::vector<uint8_t>& classes, const std::vector<uint32_t>& comm, std::vector<uint32_t>& stamp,
                           uint32_t stamp_value) {
  CommunitySummary s;
  s.people = who.size();
  std::vector<uint32_t> degrees;
  degrees.reserve(who.size());
  for (node_t p : who) {
    const uint32_t d = g.out_degree(p);
    degrees.push_back(d);
    s.no_ties.count += (classes[p] & kNoTies) != 0;
    s.one_tie.count += (classes[p] & kOneTie) != 0;
    s.no_weekly.count += (classes[p] & kNoWeekly) != 0;
    s.family_only.count += (classes[p] & kFamilyOnly) != 0;
    for (node_t q : g.out_neighbors(p)) s.tied_pairs += q > p && inside[q];
    if (stamp[comm[p]] != stamp_value) {
      stamp[comm[p]] = stamp_value;
      ++s.communities;
    }
  }
  for (IsolationClass* c : {&s.no_ties, &s.one_tie, &s.no_weekly, &s.family_only}) set_share(*c, s.people);
  s.gini_degree = CommunityMeasures::gini(std::move(degrees));
  if (s.people >= 2)
    s.density = static_cast<double>(s.tied_pairs) / (static_cast<double>(s.people) * (s.people - 1) / 2.0);
  return s;
}

}  // namespace

std::vector<uint8_t> isolation_classes(node_t people, std::span<const TieRecord> ties) {
  // Repeated ties between a pair are one contact: count distinct others.
  std::vector<std::vector<node_t>> others(people);
  std::vector<char> any_weekly(people, 0), all_family(people, 1);
  for (const TieRecord& t : ties) {
    if (t.u >= people || t.v >= people) throw std::invalid_argument("isolation classes: person out of range");
    if (t.u == t.v) continue;
    others[t.u].push_back(t.v);
    others[t.v].push_back(t.u);
    for (node_t p : {t.u, t.v}) {
      any_weekly[p] |= t.weekly;
      all_family[p] &= t.family;
    }
  }
  std::vector<uint8_t> out(people, 0);
  for (node_t p = 0; p < people; ++p) {
    std::sort(others[p].begin(), others[p].end());
    const size_t d = std::unique(others[p].begin(), others[p].end()) - others[p].begin();
    uint8_t c = 0;
    if (d == 0) c |= kNoTies;
    if (d == 1) c |= kOneTie;
    if (d > 0 && !any_weekly[p]) c |= kNoWeekly;
    if (d > 0 && all_family[p]) c |= kFamilyOnly;
    out[p] = c;
  }
  return out;
}

std::optional<double> CommunityMeasures::gini(std::vector<uint32_t> values) {
  std::sort(values.begin(), values.end());
  double sum = 0.0, weighted = 0.0;
  for (size_t i = 0; i < values.size(); ++i) {
    sum += values[i];
    weighted += static_cast<double>(i + 1) * values[i];
  }
  if (sum == 0.0) return std::nullopt;  // 0/0: nobody has anything to share out
  const double n = static_cast<double>(values.size());
  return 2.0 * weighted / (n * sum) - (n + 1.0) / n;
}

void CommunityMeasures::run() {
  if (!opt_.attribute.empty() && opt_.attribute.size() != people_)
    throw std::invalid_argument("community measures: give one attribute label per person");
  if (!opt_.communities.empty() && opt_.communities.size() != people_)
    throw std::invalid_argument("community measures: give one community per person");
  std::vector<EdgeInput> edges;
  edges.reserve(ties_.size());
  for (const TieRecord& t : ties_) {
    if (t.u >= people_ || t.v >= people_) throw std::invalid_argument("community measures: person out of range");
    edges.push_back({t.u, t.v, 1.0});
  }
  const Graph g = Graph::from_edges(people_, edges, {});
  std::vector<uint32_t> comm;
  if (opt_.communities.empty()) {
    Louvain l(g, {.seed = opt_.seed});
    l.run();
    comm = l.community();
  } else {
    comm.assign(opt_.communities.begin(), opt_.communities.end());
  }
  classes_ = isolation_classes(people_, ties_);
  contacts_.resize(people_);
  for (node_t p = 0; p < people_; ++p) contacts_[p] = g.out_degree(p);
  const uint32_t labels = comm.empty() ? 0 : *std::max_element(comm.begin(), comm.end()) + 1;
  std::vector<uint32_t> stamp(labels, 0);
  std::vector<node_t> everyone(people_);
  for (node_t p = 0; p < people_; ++p) everyone[p] = p;
  overall_ = summarise(g, everyone, std::vector<char>(people_, 1), classes_, comm, stamp, 1);
  by_attribute_.clear();
  if (!opt_.attribute.empty()) {
    const uint32_t groups = people_ == 0 ? 0 : *std::max_element(opt_.attribute.begin(), opt_.attribute.end()) + 1;
    std::vector<std::vector<node_t>> members(groups);
    for (node_t p = 0; p < people_; ++p) members[opt_.attribute[p]].push_back(p);
    std::vector<char> inside(people_, 0);
    for (uint32_t k = 0; k < groups; ++k) {
      for (node_t p : members[k]) inside[p] = 1;
      by_attribute_.push_back(summarise(g, members[k], inside, classes_, comm, stamp, k + 2));
      for (node_t p : members[k]) inside[p] = 0;
    }
  }
  ran_ = true;
}

}  // namespace kith::graph
