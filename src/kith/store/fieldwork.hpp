#pragma once
// All SQL about fieldwork logistics (schema 10: survey_assignments,
// survey_visits), for both engines. The rules are domain/survey/fieldwork's;
// this only reads and writes rows. Callers hold the transaction and pass its
// connection in, as with SurveyRepository. Waves are named by row id (the
// caller has read the wave already); assignments and visits by public id.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

struct AssignmentRow {
  std::string id;  // fa_…
  std::string street, street_key;
  std::string household, household_key;  // both '' for the whole street
  int64_t doors = 0;                       // 0 when not known
  std::string interviewer, assigned_by, created_at;
};

struct VisitRow {
  std::string id;  // the device's key
  std::string household, outcome, interviewer, visited_at;
};

class FieldworkRepository {
 public:
  explicit FieldworkRepository(Connection& c) : c_(c) {}

  // By street key, then household key (the street's own assignment first).
  Result<std::vector<AssignmentRow>> assignments_of(int64_t wave_row);
  // conflict (field "street" or "household") when the street or household is
  // assigned already in the wave.
  Result<void> insert_assignment(int64_t wave_row, const AssignmentRow& r);
  // false when the wave has no such assignment.
  Result<bool> delete_assignment(int64_t wave_row, std::string_view id);

  Result<std::vector<VisitRow>> visits_of(int64_t wave_row);  // in the order recorded
  Result<std::optional<VisitRow>> visit(int64_t wave_row, std::string_view key);
  Result<void> insert_visit(int64_t wave_row, const VisitRow& r);

 private:
  Connection& c_;
};

}  // namespace kith::store
