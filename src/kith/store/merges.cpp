#include "kith/store/merges.hpp"

#include <nlohmann/json.hpp>

#include "kith/core/assert.hpp"
#include "kith/store/rows.hpp"
#include "kith/store/value.hpp"

namespace kith::store {
// Named, not anonymous: the store is built in unity batches.
namespace merge_rows {

using rows::changed;
using rows::each_row;
using rows::text;
using rows::text_or_null;

constexpr std::string_view kPersonRow = "(SELECT id FROM people WHERE public_id = ?)";

constexpr std::string_view kMergeSelect =
    "SELECT m.public_id, a.public_id, k.public_id, k.display_name, g.public_id, g.display_name, m.reason, m.moved, "
    "m.merged_by, m.merged_at, m.undone_by, m.undone_at FROM person_merges m "
    "JOIN areas a ON a.id = m.area_id JOIN people k ON k.id = m.kept_id JOIN people g ON g.id = m.merged_id ";

Result<MergeRow> merge_of(const Statement& st) {
  MergeRow r;
  r.id = text_of(st.column(0));
  r.area_id = text_of(st.column(1));
  r.kept_id = text_of(st.column(2));
  r.kept_name = text_of(st.column(3));
  r.merged_id = text_of(st.column(4));
  r.merged_name = text_of(st.column(5));
  r.reason = text_of(st.column(6));
  auto moved = MovedRecords::from_text(text_of(st.column(7)));
  if (!moved) return moved.error();
  r.moved = std::move(*moved);
  r.merged_by = text_of(st.column(8));
  r.merged_at = text_of(st.column(9));
  r.undone_by = is_null(st.column(10)) ? "" : text_of(st.column(10));
  r.undone_at = is_null(st.column(11)) ? "" : text_of(st.column(11));
  return r;
}

Result<std::vector<MergeRow>> merges_where(Connection& c, const std::string& sql, std::initializer_list<Value> params) {
  std::vector<MergeRow> out;
  std::optional<Error> bad;
  KITH_TRY(each_row(c, sql, params, [&](const Statement& st) {
    auto r = merge_of(st);
    if (!r) bad = r.error();
    else out.push_back(std::move(*r));
  }));
  if (bad) return *bad;
  return out;
}

Result<std::vector<int64_t>> row_ids(Connection& c, const std::string& sql, std::initializer_list<Value> params) {
  std::vector<int64_t> out;
  KITH_TRY(each_row(c, sql, params, [&](const Statement& st) { out.push_back(integer_of(st.column(0))); }));
  return out;
}

// One kind of record re-pointed: the ids first (kept for the undo), then
// the same rows updated, in the caller's transaction so nothing moves in
// between. `update` ends in "WHERE id = ?".
Result<std::vector<int64_t>> move_rows(Connection& c, const std::string& select, std::initializer_list<Value> params,
                                       const std::string& update, const Value& to_row, std::string_view now,
                                       bool stamped) {
  auto ids = row_ids(c, select, params);
  if (!ids) return ids.error();
  for (int64_t id : *ids) {
    auto n = stamped ? changed(c, update, {to_row, text(now), id}) : changed(c, update, {to_row, id});
    if (!n) return n.error();
    KITH_ASSERT_MSG(*n == 1, "a row just read in this transaction is updated once");
  }
  return ids;
}

nlohmann::json ids_json(const std::vector<int64_t>& v) { return nlohmann::json(v); }

Result<std::vector<int64_t>> ids_from(const nlohmann::json& doc, const char* key) {
  if (!doc.contains(key)) return std::vector<int64_t>{};
  const nlohmann::json& v = doc.at(key);
  if (!v.is_array()) return Error{Errc::internal, std::string("a merge's moved records are corrupt: ") + key, {}, 0};
  std::vector<int64_t> out;
  for (const auto& x : v) {
    if (!x.is_number_integer())
      return Error{Errc::internal, std::string("a merge's moved records are corrupt: ") + key, {}, 0};
    out.push_back(x.get<int64_t>());
  }
  return out;
}

}  // namespace merge_rows

using namespace merge_rows;

size_t MovedRecords::total() const {
  return ties_as_source.size() + ties_as_target.size() + ties_between.size() + affiliations.size() +
         interviews.size() + mentions.size() + grants.size();
}

std::string MovedRecords::to_text() const {
  return nlohmann::json{{"ties_as_source", ids_json(ties_as_source)}, {"ties_as_target", ids_json(ties_as_target)},
                        {"ties_between", ids_json(ties_between)},     {"affiliations", ids_json(affiliations)},
                        {"interviews", ids_json(interviews)},         {"mentions", ids_json(mentions)},
                        {"grants", ids_json(grants)}}
      .dump();
}

Result<MovedRecords> MovedRecords::from_text(std::string_view text) {
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Error{Errc::internal, "a merge's moved records are not a JSON object", {}, 0};
  MovedRecords m;
  const std::pair<const char*, std::vector<int64_t>*> kinds[] = {
      {"ties_as_source", &m.ties_as_source}, {"ties_as_target", &m.ties_as_target},
      {"ties_between", &m.ties_between},     {"affiliations", &m.affiliations},
      {"interviews", &m.interviews},         {"mentions", &m.mentions},
      {"grants", &m.grants}};
  for (const auto& [key, into] : kinds) {
    auto ids = ids_from(doc, key);
    if (!ids) return ids.error();
    *into = std::move(*ids);
  }
  return m;
}

Result<std::vector<MergeRow>> MergeRepository::of_area(std::string_view area_id, int64_t limit) {
  return merges_where(c_, std::string(kMergeSelect) + "WHERE a.public_id = ? ORDER BY m.id DESC LIMIT ?",
                      {text(area_id), limit});
}

Result<std::vector<MergeRow>> MergeRepository::of_person(std::string_view area_id, std::string_view person_id,
                                                         int64_t limit) {
  return merges_where(c_,
                      std::string(kMergeSelect) +
                          "WHERE a.public_id = ? AND (k.public_id = ? OR g.public_id = ?) ORDER BY m.id DESC LIMIT ?",
                      {text(area_id), text(person_id), text(person_id), limit});
}

Result<std::optional<MergeRow>> MergeRepository::get(std::string_view id) {
  auto found = merges_where(c_, std::string(kMergeSelect) + "WHERE m.public_id = ?", {text(id)});
  if (!found) return found.error();
  KITH_ASSERT_MSG(found->size() <= 1, "merge public ids are unique");
  if (found->empty()) return std::optional<MergeRow>{};
  return std::optional<MergeRow>(std::move(found->front()));
}

Result<std::optional<std::string>> MergeRepository::kept_for(std::string_view person_id) {
  std::vector<std::string> kept;
  KITH_TRY(each_row(c_,
                    "SELECT k.public_id FROM person_merges m JOIN people k ON k.id = m.kept_id "
                    "WHERE m.merged_id = " + std::string(kPersonRow) + " AND m.undone_at IS NULL",
                    {text(person_id)}, [&](const Statement& st) { kept.push_back(text_of(st.column(0))); }));
  KITH_ASSERT_MSG(kept.size() <= 1, "a person is merged away by at most one standing merge (person_merges_live)");
  if (kept.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(kept.front());
}

Result<std::vector<std::string>> MergeRepository::merged_into(std::string_view person_id) {
  std::vector<std::string> out;
  KITH_TRY(each_row(c_,
                    "SELECT g.public_id FROM person_merges m JOIN people g ON g.id = m.merged_id "
                    "WHERE m.kept_id = " + std::string(kPersonRow) + " AND m.undone_at IS NULL ORDER BY m.id",
                    {text(person_id)}, [&](const Statement& st) { out.push_back(text_of(st.column(0))); }));
  return out;
}

Result<void> MergeRepository::insert(const MergeRow& r) {
  const std::string person(kPersonRow);
  auto n = changed(c_,
                   "INSERT INTO person_merges (public_id, area_id, kept_id, merged_id, reason, moved, merged_by, "
                   "merged_at) VALUES (?, (SELECT id FROM areas WHERE public_id = ?), " + person + ", " + person +
                       ", ?, ?, ?, ?)",
                   {text(r.id), text(r.area_id), text(r.kept_id), text(r.merged_id), text(r.reason),
                    text(r.moved.to_text()), text(r.merged_by), text(r.merged_at)});
  if (!n) {
    if (n.error().code == Errc::conflict) return conflict("This person was merged into another already", "merge");
    return n.error();
  }
  KITH_ASSERT_MSG(*n == 1, "one merge row is inserted");
  return {};
}

Result<bool> MergeRepository::mark_undone(std::string_view id, std::string_view by, std::string_view at) {
  auto n = changed(c_, "UPDATE person_merges SET undone_by = ?, undone_at = ? WHERE public_id = ? AND undone_at IS NULL",
                   {text(by), text(at), text(id)});
  if (!n) return n.error();
  KITH_ASSERT_MSG(*n <= 1, "merge public ids are unique");
  return *n == 1;
}

Result<int64_t> MergeRepository::erase_reasons(std::string_view person_id) {
  const std::string person(kPersonRow);
  return changed(c_, "UPDATE person_merges SET reason = '' WHERE reason <> '' AND (kept_id = " + person +
                         " OR merged_id = " + person + ")",
                 {text(person_id), text(person_id)});
}

Result<MovedRecords> MergeRepository::move_all(std::string_view from, std::string_view to, std::string_view now) {
  auto f = row_ids(c_, "SELECT id FROM people WHERE public_id = ?", {text(from)});
  auto t = row_ids(c_, "SELECT id FROM people WHERE public_id = ?", {text(to)});
  if (!f) return f.error();
  if (!t) return t.error();
  KITH_ASSERT_MSG(f->size() == 1 && t->size() == 1, "both people of a merge exist (the domain checked)");
  const int64_t m = f->front(), k = t->front();
  const std::string live_tie = " AND deleted_at IS NULL";
  const std::string stamp = ", revision = revision + 1, updated_at = ? WHERE id = ?";
  MovedRecords out;
  auto between = move_rows(c_,
                           "SELECT id FROM ties WHERE ((source_id = ? AND target_id = ?) OR (source_id = ? AND "
                           "target_id = ?))" + live_tie + " ORDER BY id",
                           {m, k, k, m}, "UPDATE ties SET deleted_at = ?" + stamp, text(now), now, true);
  if (!between) return between.error();
  out.ties_between = std::move(*between);
  auto as_source = move_rows(c_, "SELECT id FROM ties WHERE source_id = ?" + live_tie + " ORDER BY id", {m},
                             "UPDATE ties SET source_id = ?" + stamp, k, now, true);
  if (!as_source) return as_source.error();
  out.ties_as_source = std::move(*as_source);
  auto as_target = move_rows(c_, "SELECT id FROM ties WHERE target_id = ?" + live_tie + " ORDER BY id", {m},
                             "UPDATE ties SET target_id = ?" + stamp, k, now, true);
  if (!as_target) return as_target.error();
  out.ties_as_target = std::move(*as_target);
  auto affiliations = move_rows(c_, "SELECT id FROM affiliations WHERE person_id = ?" + live_tie + " ORDER BY id",
                                {m}, "UPDATE affiliations SET person_id = ?" + stamp, k, now, true);
  if (!affiliations) return affiliations.error();
  out.affiliations = std::move(*affiliations);
  auto interviews = move_rows(c_, "SELECT id FROM survey_interviews WHERE respondent_person_id = ? ORDER BY id", {m},
                              "UPDATE survey_interviews SET respondent_person_id = ? WHERE id = ?", k, now, false);
  if (!interviews) return interviews.error();
  out.interviews = std::move(*interviews);
  auto mentions = move_rows(c_, "SELECT id FROM survey_mentions WHERE person_id = ? ORDER BY id", {m},
                            "UPDATE survey_mentions SET person_id = ? WHERE id = ?", k, now, false);
  if (!mentions) return mentions.error();
  out.mentions = std::move(*mentions);
  auto grants = move_rows(c_, "SELECT id FROM user_roles WHERE person_id = ? ORDER BY id", {m},
                          "UPDATE user_roles SET person_id = ? WHERE id = ?", k, now, false);
  if (!grants) return grants.error();
  out.grants = std::move(*grants);
  auto gone = changed(c_, "UPDATE people SET deleted_at = ?, revision = revision + 1, updated_at = ? "
                          "WHERE id = ? AND deleted_at IS NULL",
                      {text(now), text(now), m});
  if (!gone) return gone.error();
  KITH_ASSERT_MSG(*gone == 1, "the merged person was live (the domain checked)");
  return out;
}

Result<int64_t> MergeRepository::move_back(const MovedRecords& moved, std::string_view from, std::string_view to,
                                           std::string_view now) {
  auto f = row_ids(c_, "SELECT id FROM people WHERE public_id = ?", {text(from)});
  auto t = row_ids(c_, "SELECT id FROM people WHERE public_id = ?", {text(to)});
  if (!f) return f.error();
  if (!t) return t.error();
  KITH_ASSERT_MSG(f->size() == 1 && t->size() == 1, "both people of a merge exist");
  const int64_t m = f->front(), k = t->front();
  int64_t left = 0;
  // Each row moves back only if it still points where the merge put it.
  auto each = [&](const std::vector<int64_t>& ids, const std::string& sql, bool stamped) -> Result<void> {
    for (int64_t id : ids) {
      auto n = stamped ? changed(c_, sql, {m, text(now), id, k}) : changed(c_, sql, {m, id, k});
      if (!n) return n.error();
      KITH_ASSERT(*n <= 1);
      if (*n == 0) ++left;
    }
    return {};
  };
  const std::string stamp = ", revision = revision + 1, updated_at = ? WHERE id = ?";
  KITH_TRY(each(moved.ties_as_source,
                "UPDATE ties SET source_id = ?" + stamp + " AND source_id = ? AND deleted_at IS NULL", true));
  KITH_TRY(each(moved.ties_as_target,
                "UPDATE ties SET target_id = ?" + stamp + " AND target_id = ? AND deleted_at IS NULL", true));
  KITH_TRY(each(moved.affiliations,
                "UPDATE affiliations SET person_id = ?" + stamp + " AND person_id = ? AND deleted_at IS NULL", true));
  KITH_TRY(each(moved.interviews,
                "UPDATE survey_interviews SET respondent_person_id = ? WHERE id = ? AND respondent_person_id = ?",
                false));
  KITH_TRY(each(moved.mentions, "UPDATE survey_mentions SET person_id = ? WHERE id = ? AND person_id = ?", false));
  KITH_TRY(each(moved.grants, "UPDATE user_roles SET person_id = ? WHERE id = ? AND person_id = ?", false));
  for (int64_t id : moved.ties_between) {
    auto n = changed(c_, "UPDATE ties SET deleted_at = NULL, revision = revision + 1, updated_at = ? "
                         "WHERE id = ? AND deleted_at IS NOT NULL",
                     {text(now), id});
    if (!n) return n.error();
    if (*n == 0) ++left;
  }
  auto back = changed(c_, "UPDATE people SET deleted_at = NULL, revision = revision + 1, updated_at = ? "
                          "WHERE id = ? AND deleted_at IS NOT NULL",
                      {text(now), m});
  if (!back) return back.error();
  KITH_ASSERT_MSG(*back == 1, "a merged person stays soft-deleted while the merge stands");
  return left;
}

}  // namespace kith::store
