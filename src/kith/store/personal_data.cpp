#include "kith/store/personal_data.hpp"

#include <fmt/format.h>

#include "kith/core/assert.hpp"
#include "kith/core/time.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/search_key.hpp"
#include "kith/store/sql.hpp"
#include "kith/store/value.hpp"

namespace kith::store {
namespace {

using nlohmann::json;

// The person-reference columns of a link entity, as one SQL condition on the
// person's row id bound once per column.
std::string person_condition(const model::Entity& links) {
  std::string out;
  for (auto col : links.person_refs) {
    if (!out.empty()) out += " OR ";
    out += fmt::format("{} = ?", col);
  }
  return out;
}


json audit_row(const Statement& st) {
  return json{{"seq", integer_of(st.column(0))},   {"at", json_text_or_null(st.column(1))},
              {"actor", json_text_or_null(st.column(2))}, {"action", json_text_or_null(st.column(3))},
              {"entity", json_text_or_null(st.column(4))}, {"entity_id", json_text_or_null(st.column(5))},
              {"area_id", json_text_or_null(st.column(6))}, {"detail", json_text_or_null(st.column(7))}};
}

}  // namespace

Result<std::vector<std::string>> link_ids_of_person(Connection& c, const model::Entity& links,
                                                    std::string_view person_id) {
  KITH_ASSERT_MSG(!links.person_refs.empty(), "links of a person come from an entity that refers to people");
  auto row = row_id_of(c, model::people(), person_id);
  if (!row) return row.error();
  auto st = c.prepare(fmt::format("SELECT public_id FROM {} WHERE {} ORDER BY public_id LIMIT {}", links.plural,
                                  person_condition(links), kPersonLinksMax + 1));
  if (!st) return st.error();
  for (size_t i = 0; i < links.person_refs.size(); ++i) (*st)->bind(static_cast<int>(i) + 1, *row);
  std::vector<std::string> ids;
  for (;;) {
    auto more = (*st)->step();
    if (!more) return more.error();
    if (!*more) break;
    ids.push_back(text_of((*st)->column(0)));
  }
  (*st)->reset();
  if (static_cast<int64_t>(ids.size()) > kPersonLinksMax)
    return Error{Errc::too_large,
                 fmt::format("This person has more than {} {}; ask an administrator to export them from the database",
                             kPersonLinksMax, links.plural),
                 {}, 0};
  return ids;
}

Result<std::vector<json>> audit_rows_about_person(Connection& c, std::string_view person_id) {
  auto row = row_id_of(c, model::people(), person_id);
  if (!row) return row.error();
  // One pass over the log: the person's own rows and those of their links.
  auto st = c.prepare(fmt::format(
      "SELECT seq, at, actor, action, entity, entity_id, area_id, detail FROM audit_log "
      "WHERE (entity = 'person' AND entity_id = ?) "
      "OR (entity = 'tie' AND entity_id IN (SELECT public_id FROM ties WHERE source_id = ? OR target_id = ?)) "
      "OR (entity = 'affiliation' AND entity_id IN (SELECT public_id FROM affiliations WHERE person_id = ?)) "
      "ORDER BY seq LIMIT {}",
      kPersonAuditRowsMax + 1));
  if (!st) return st.error();
  (*st)->bind(1, std::string(person_id));
  for (int i = 2; i <= 4; ++i) (*st)->bind(i, *row);
  std::vector<json> rows;
  for (;;) {
    auto more = (*st)->step();
    if (!more) return more.error();
    if (!*more) break;
    rows.push_back(audit_row(**st));
  }
  (*st)->reset();
  if (static_cast<int64_t>(rows.size()) > kPersonAuditRowsMax)
    return Error{Errc::too_large,
                 fmt::format("More than {} audit rows name this person; ask an administrator to read them "
                             "from the database",
                             kPersonAuditRowsMax),
                 {}, 0};
  return rows;
}

Result<void> overwrite_record(Connection& c, const model::Entity& e, const json& record) {
  KITH_ASSERT_MSG(record.contains("id") && record["id"].is_string(), "an overwrite names the record by id");
  // Soft-deleted rows too (unlike Repository::update): erasure reaches them.
  auto [sets, params] = whole_record_set(e, record);
  params.emplace_back(record["id"].get<std::string>());
  auto changed = execute(c, fmt::format("UPDATE {} SET {} WHERE public_id = ?", e.plural, sets), params);
  if (!changed) return changed.error();
  if (*changed == 0) return not_found(fmt::format("No {} with id {}", e.name, record["id"].get<std::string>()));
  KITH_ASSERT(*changed == 1);  // public ids are unique
  return {};
}

Result<int64_t> unlink_member_accounts(Connection& c, std::string_view person_id) {
  return execute(c, "UPDATE user_roles SET person_id = NULL WHERE person_id = (SELECT id FROM people WHERE public_id = ?)",
                 {std::string(person_id)});
}

}  // namespace kith::store
