#pragma once
// Reading the audit log: what an admin asks of it (who did what to whom in
// an area, and when) and what a subject access request needs (every row about
// one person). Rows are written by store::Repository::audit alongside what
// they record; nothing here writes or changes one.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/store.hpp"

namespace kith::domain {

inline constexpr int kAuditPageLimitDefault = 100;
inline constexpr int kAuditPageLimitMax = store::kPageLimitMax;  // 500
// A subject access answer is read whole; past this many rows it is refused
// (too_large) rather than held in memory without end.
inline constexpr int64_t kAuditSubjectRowsMax = 100'000;

// Errors: invalid naming the request parameter ("person", "user", "from",
// "to", "cursor", "limit"); not_found for an area that never existed.
struct AuditQuery {
  std::string area_id;    // required: an area that exists or once existed
  std::string person_id;  // pe_…: rows about this person (either end of a tie); empty: anyone
  std::string user_id;    // us_…: rows by this account; empty: anyone
  // YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), both inclusive: a date as `to`
  // takes in its whole day. Empty: open.
  std::string from;
  std::string to;
  std::string cursor;     // next_cursor of the page before; empty: the newest rows
  int limit = kAuditPageLimitDefault;  // 1..kAuditPageLimitMax
};

struct AuditPage {
  std::vector<store::AuditRow> entries;  // newest first (seq descending)
  std::string next_cursor;               // empty when this is the last page
};

class AuditLog {
 public:
  explicit AuditLog(store::Store& s) : store_(s) {}

  // One page of the area's audit rows matching every filter given, newest first.
  Result<AuditPage> query(const AuditQuery& q);
  // Every row in the area about the person, newest first: their record's
  // reads and changes and those of ties and affiliations naming them.
  // too_large past kAuditSubjectRowsMax rows.
  Result<std::vector<store::AuditRow>> about_person(std::string_view area_id, std::string_view person_id);

 private:
  store::Store& store_;
};

}  // namespace kith::domain
