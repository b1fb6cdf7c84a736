#include "kith/store/fieldwork.hpp"

#include "kith/core/assert.hpp"
#include "kith/store/rows.hpp"
#include "kith/store/value.hpp"

namespace kith::store {
// Named, not anonymous: the store is built in unity batches.
namespace fieldwork_rows {

using rows::changed;
using rows::each_row;
using rows::text;

AssignmentRow assignment_of(const Statement& st) {
  AssignmentRow r;
  r.id = text_of(st.column(0));
  r.street = text_of(st.column(1));
  r.street_key = text_of(st.column(2));
  r.household = text_of(st.column(3));
  r.household_key = text_of(st.column(4));
  r.doors = is_null(st.column(5)) ? 0 : integer_of(st.column(5));
  r.interviewer = text_of(st.column(6));
  r.assigned_by = text_of(st.column(7));
  r.created_at = text_of(st.column(8));
  return r;
}

VisitRow visit_of(const Statement& st) {
  VisitRow r;
  r.id = text_of(st.column(0));
  r.household = text_of(st.column(1));
  r.outcome = text_of(st.column(2));
  r.interviewer = text_of(st.column(3));
  r.visited_at = text_of(st.column(4));
  return r;
}

constexpr std::string_view kAssignmentSelect =
    "SELECT public_id, street, street_key, household, household_key, doors, interviewer, assigned_by, created_at "
    "FROM survey_assignments ";
constexpr std::string_view kVisitSelect =
    "SELECT public_id, household, outcome, interviewer, visited_at FROM survey_visits ";

}  // namespace fieldwork_rows

using namespace fieldwork_rows;

Result<std::vector<AssignmentRow>> FieldworkRepository::assignments_of(int64_t wave_row) {
  std::vector<AssignmentRow> out;
  KITH_TRY(each_row(c_, std::string(kAssignmentSelect) + "WHERE wave_id = ? ORDER BY street_key, household_key",
                    {wave_row}, [&](const Statement& st) { out.push_back(assignment_of(st)); }));
  return out;
}

Result<void> FieldworkRepository::insert_assignment(int64_t wave_row, const AssignmentRow& r) {
  auto n = changed(c_,
                   "INSERT INTO survey_assignments (public_id, wave_id, street, street_key, household, household_key, "
                   "doors, interviewer, assigned_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {text(r.id), wave_row, text(r.street), text(r.street_key), text(r.household),
                    text(r.household_key), r.doors > 0 ? Value(r.doors) : Value(std::monostate{}),
                    text(r.interviewer), text(r.assigned_by), text(r.created_at)});
  if (!n) {
    if (n.error().code != Errc::conflict) return n.error();
    if (r.household.empty()) return conflict(r.street + " is assigned already in this wave", "street");
    return conflict(r.household + " is assigned already in this wave", "household");
  }
  KITH_ASSERT_MSG(*n == 1, "one assignment row is inserted");
  return {};
}

Result<bool> FieldworkRepository::delete_assignment(int64_t wave_row, std::string_view id) {
  auto n = changed(c_, "DELETE FROM survey_assignments WHERE wave_id = ? AND public_id = ?", {wave_row, text(id)});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n <= 1, "assignment public ids are unique");
  return *n == 1;
}

Result<std::vector<VisitRow>> FieldworkRepository::visits_of(int64_t wave_row) {
  std::vector<VisitRow> out;
  KITH_TRY(each_row(c_, std::string(kVisitSelect) + "WHERE wave_id = ? ORDER BY id", {wave_row},
                    [&](const Statement& st) { out.push_back(visit_of(st)); }));
  return out;
}

Result<std::optional<VisitRow>> FieldworkRepository::visit(int64_t wave_row, std::string_view key) {
  std::optional<VisitRow> out;
  KITH_TRY(each_row(c_, std::string(kVisitSelect) + "WHERE wave_id = ? AND public_id = ?", {wave_row, text(key)},
                    [&](const Statement& st) { out = visit_of(st); }));
  return out;
}

Result<void> FieldworkRepository::insert_visit(int64_t wave_row, const VisitRow& r) {
  auto n = changed(c_,
                   "INSERT INTO survey_visits (public_id, wave_id, household, outcome, interviewer, visited_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   {text(r.id), wave_row, text(r.household), text(r.outcome), text(r.interviewer),
                    text(r.visited_at)});
  if (!n) {
    if (n.error().code == Errc::conflict) return conflict("This visit was recorded already", "key");
    return n.error();
  }
  KITH_ASSERT_MSG(*n == 1, "one visit row is inserted");
  return {};
}

}  // namespace kith::store
