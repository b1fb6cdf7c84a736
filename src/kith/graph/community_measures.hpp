#pragma once
// Community-level measures: how connected a neighbourhood is, as a whole and
// broken down by a person attribute (age band, postcode district).
//  isolation classes  no_ties      no contact at all;
//                     one_tie      exactly one distinct contact;
//                     no_weekly    at least one contact, but no tie with
//                                  weekly-or-more contact;
//                     family_only  at least one contact, and every tie is a
//                                  family tie;
//                     each with its share of the people counted;
//  gini_degree        Gini coefficient of the number of distinct contacts,
//                     G = 2 Σ i·x_(i) / (n Σ x) − (n + 1)/n over ascending
//                     x_(1..n); null when nobody has a contact;
//  density            distinct tied pairs / (n (n − 1) / 2) among the people
//                     counted (for a breakdown: ties with both ends inside
//                     the group); null for fewer than two people;
//  communities        distinct communities the people counted belong to —
//                     the given ones, or Louvain (seeded) on the ties.
// Ties are undirected relationships; repeated ties between a pair are one
// contact (its flags combine) and self-ties are ignored.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kith/graph/algorithm.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

struct TieRecord {
  node_t u = 0, v = 0;
  bool weekly = false;  // contact weekly or more often
  bool family = false;
};

struct CommunityMeasuresOptions {
  std::span<const uint32_t> attribute{};    // one label per person (0..k−1), or empty: no breakdown
  std::span<const uint32_t> communities{};  // one label per person, or empty for Louvain
  uint64_t seed = 0;
};

// A person's isolation classes, as bits (a person can be in several: one tie
// that is a monthly family tie is one_tie, no_weekly and family_only). The
// one classification: the counts below are sums of it, and the API's
// per-person `isolation` is read from it, so they cannot disagree.
enum IsolationBit : uint8_t { kNoTies = 1, kOneTie = 2, kNoWeekly = 4, kFamilyOnly = 8 };
// One set of bits per person, from their distinct contacts and tie flags.
std::vector<uint8_t> isolation_classes(node_t people, std::span<const TieRecord> ties);

struct IsolationClass {
  uint64_t count = 0;
  std::optional<double> share;  // null when nobody is counted
};

struct CommunitySummary {
  uint64_t people = 0, tied_pairs = 0;
  IsolationClass no_ties, one_tie, no_weekly, family_only;
  std::optional<double> gini_degree, density;
  uint32_t communities = 0;
};

class CommunityMeasures : public Algorithm {
 public:
  CommunityMeasures(node_t people, std::span<const TieRecord> ties, CommunityMeasuresOptions opt = {})
      : people_(people), ties_(ties), opt_(opt) {}
  void run() override;
  const CommunitySummary& overall() const { assure_run(); return overall_; }
  // Entry k summarises the people whose attribute is k; empty without one.
  const std::vector<CommunitySummary>& by_attribute() const { assure_run(); return by_attribute_; }
  // Distinct contacts of each person.
  const std::vector<uint32_t>& contacts() const { assure_run(); return contacts_; }
  // Each person's isolation classes (isolation_classes()).
  const std::vector<uint8_t>& classes() const { assure_run(); return classes_; }

  static std::optional<double> gini(std::vector<uint32_t> values);

 private:
  node_t people_;
  std::span<const TieRecord> ties_;
  CommunityMeasuresOptions opt_;
  CommunitySummary overall_;
  std::vector<CommunitySummary> by_attribute_;
  std::vector<uint32_t> contacts_;
  std::vector<uint8_t> classes_;
};

}  // namespace kith::graph
