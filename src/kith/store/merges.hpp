#pragma once
// All SQL about merges of two register entries for one person (schema 11:
// person_merges), for both engines. The rules are domain/merges.hpp's; this
// reads and writes rows, and moves what points at one person to another.
// Callers hold the transaction and pass its connection in. People and areas
// are named by public id; the records a merge moved are kept by row id (they
// never leave the database: the API reports how many).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

// Every row a merge re-pointed from the merged person to the kept one, by
// kind, so an undo moves exactly these back.
struct MovedRecords {
  std::vector<int64_t> ties_as_source;  // live ties the merged person named
  std::vector<int64_t> ties_as_target;  // live ties that named them
  std::vector<int64_t> ties_between;    // live ties between the two: removed (a person is not tied to themself)
  std::vector<int64_t> affiliations;    // live affiliations
  std::vector<int64_t> interviews;      // survey interviews with them as respondent
  std::vector<int64_t> mentions;        // names in surveys resolved to them
  std::vector<int64_t> grants;          // member accounts that are them
  size_t total() const;
  std::string to_text() const;                             // JSON, for the moved column
  static Result<MovedRecords> from_text(std::string_view);  // corrupt text is an internal error
};

struct MergeRow {
  std::string id;  // mg_…
  std::string area_id;
  std::string kept_id, kept_name;      // the record that stays
  std::string merged_id, merged_name;  // the record merged into it
  std::string reason;
  MovedRecords moved;
  std::string merged_by, merged_at;
  std::string undone_by, undone_at;  // both '' while the merge stands
  bool standing() const { return undone_at.empty(); }
};

class MergeRepository {
 public:
  explicit MergeRepository(Connection& c) : c_(c) {}

  // Newest first, at most `limit`.
  Result<std::vector<MergeRow>> of_area(std::string_view area_id, int64_t limit);
  // The area's merges that kept or merged `person_id`, newest first, at most `limit`.
  Result<std::vector<MergeRow>> of_person(std::string_view area_id, std::string_view person_id, int64_t limit);
  Result<std::optional<MergeRow>> get(std::string_view id);
  // The person a person was merged into by a standing merge, if any.
  Result<std::optional<std::string>> kept_for(std::string_view person_id);
  // The people merged into a person by standing merges.
  Result<std::vector<std::string>> merged_into(std::string_view person_id);

  // conflict (field "merge") when the person is merged away already.
  Result<void> insert(const MergeRow& r);
  // false when the merge was undone already.
  Result<bool> mark_undone(std::string_view id, std::string_view by, std::string_view at);

  // Erasure: the reasons written for the person's merges may name them, so
  // they go (''); how many merges lost theirs.
  Result<int64_t> erase_reasons(std::string_view person_id);

  // Re-points every live record of `from` to `to`, removes the live ties
  // between them and soft-deletes `from`, at `now`; what it moved.
  Result<MovedRecords> move_all(std::string_view from, std::string_view to, std::string_view now);
  // Moves back those of `moved` that still point at `to` (and brings back
  // the removed ties and `from` itself); how many could not be (changed or
  // deleted since).
  Result<int64_t> move_back(const MovedRecords& moved, std::string_view from, std::string_view to,
                            std::string_view now);

 private:
  Connection& c_;
};

}  // namespace kith::store
