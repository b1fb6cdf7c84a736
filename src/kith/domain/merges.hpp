#pragma once
// Merging two register entries that turn out to be one person (issue 11:
// "merges of two register entries are logged and reversible, identifiers
// stay stable across waves, and an erasure request reaches every merged
// record"). docs/merges.md gives the
// rules; in short:
//  - the kept record keeps its id and fields; everything that pointed at the
//    merged record (live ties and affiliations, survey interviews and named
//    people, a resident's account) points at the kept one; ties between the
//    two are removed; the merged record is soft-deleted, nothing overwritten;
//  - the merge is logged (person_merges, and the audit log) with what moved,
//    so undoing it moves exactly that back and brings the merged record back;
//  - the merged record's id still leads to the kept one (`survivor`), so a
//    device or a wave that carries it sends to the right person;
//  - erasure of either reaches both (domain/personal_data.cpp, `family`).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/connection.hpp"
#include "kith/store/merges.hpp"
#include "kith/store/store.hpp"

namespace kith::domain {

inline constexpr size_t kMergeReasonBytesMax = 500;
inline constexpr int64_t kMergesListed = 1'000;  // newest first; older ones stay in the audit log
inline constexpr int kMergeChainMax = 10'000;    // merged → kept steps followed before an invariant fails

struct MergeInput {
  std::string keep, merge, reason;
};
// From {"keep", "merge", "reason"}; each problem names its field.
Result<MergeInput> parse_merge_input(const nlohmann::json& body);

// A merge as the API shows it; `left_behind` only for an undo: records moved
// by the merge that had changed since and so stayed with the kept person.
struct MergeOutcome {
  store::MergeRow merge;
  int64_t left_behind = 0;
};

// The person a person id stands for now: itself, or the survivor of the
// standing merges it was merged away by.
Result<std::string> survivor(store::Connection& c, std::string_view person_id);
// Every record that is one person with `person_id` by standing merges: the
// survivor first, then those merged into it (and into them), in merge order.
Result<std::vector<std::string>> merge_family(store::Connection& c, std::string_view person_id);

class Merges {
 public:
  explicit Merges(store::Store& s) : store_(s) {}

  // The area's merges, newest first; with `person`, only those that kept or
  // merged that person (how a page opened by a merged id finds the record
  // it leads to). A person id of the wrong shape is refused, field "person".
  Result<std::vector<store::MergeRow>> list(std::string_view area_id, std::string_view person = {});
  Result<MergeOutcome> merge(std::string_view area_id, const nlohmann::json& body, const model::Actor& who);
  Result<MergeOutcome> undo(std::string_view area_id, std::string_view merge_id, const model::Actor& who);

 private:
  store::Store& store_;
};

}  // namespace kith::domain
