#include "kith/store/repository.hpp"

#include <fmt/format.h>

#include <cassert>
#include <charconv>
#include <tuple>

#include "kith/core/assert.hpp"
#include "kith/core/time.hpp"
#include "kith/model/fold.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/search_key.hpp"
#include "kith/store/sql.hpp"
#include "kith/store/value.hpp"

namespace kith::store {
json json_text_or_null(const Value& v) { return is_null(v) ? json(nullptr) : json(text_of(v)); }

namespace {

// The integer row id of the record with this public id, or not_found.
// Live ties and affiliations of the person at this row id.
Result<int64_t> live_links_of_row(Connection& c, int64_t person_row);

// Common columns in the order select_columns() lists them, before the fields.
struct Layout {
  int id = 0, area_id = -1, external_id, revision, created_at, updated_at, deleted_at, register_revision = -1;
  int first_field;
};

Layout layout_of(const model::Entity& e) {
  Layout l;
  int i = 1;
  if (e.area_scoped) l.area_id = i++;
  l.external_id = i++;
  l.revision = i++;
  l.created_at = i++;
  l.updated_at = i++;
  l.deleted_at = i++;
  if (!e.area_scoped) l.register_revision = i++;
  l.first_field = i;
  return l;
}

// Read from alias x; ids and references come out as public ids.
std::string select_columns(const model::Entity& e) {
  std::string cols = "x.public_id";
  if (e.area_scoped) cols += fmt::format(", {}", sql::kReadArea);
  cols += ", x.external_id, x.revision, x.created_at, x.updated_at, x.deleted_at";
  if (!e.area_scoped) cols += ", x.register_revision";
  for (const auto& f : e.fields) cols += ", " + sql::read_field(f);
  return cols;
}

std::string table(const model::Entity& e) { return std::string(e.plural); }
// The table with the alias select_columns() reads from.
std::string from(const model::Entity& e) { return std::string(e.plural) + " x"; }


json row_json(const model::Entity& e, const Statement& st) {
  Layout l = layout_of(e);
  json out = json::object();
  out["id"] = json_text_or_null(st.column(l.id));
  if (e.area_scoped) out["area_id"] = json_text_or_null(st.column(l.area_id));
  out["external_id"] = json_text_or_null(st.column(l.external_id));
  out["revision"] = integer_of(st.column(l.revision));
  out["created_at"] = json_text_or_null(st.column(l.created_at));
  out["updated_at"] = json_text_or_null(st.column(l.updated_at));
  json deleted = json_text_or_null(st.column(l.deleted_at));
  if (!deleted.is_null()) out["deleted_at"] = deleted;
  if (!e.area_scoped) out["register_revision"] = integer_of(st.column(l.register_revision));
  for (size_t i = 0; i < e.fields.size(); ++i)
    out[std::string(e.fields[i].name)] = from_column(e.fields[i], st.column(l.first_field + static_cast<int>(i)));
  return out;
}

Value text_value(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  return std::monostate{};
}

// Collects every row of a statement already bound.
Result<std::vector<json>> all_rows(const model::Entity& e, Statement& st) {
  std::vector<json> rows;
  for (;;) {
    auto more = st.step();
    if (!more) return more.error();
    if (!*more) break;
    rows.push_back(row_json(e, st));
  }
  return rows;
}

// Duplicate external ids are the only unique key a caller can collide with.
Error explain_conflict(const model::Entity& e, const Error& raw) {
  if (raw.code != Errc::conflict) return raw;
  return conflict(fmt::format("Another {} in this area already has this external_id", e.name), "external_id");
}

std::string escape_like(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

std::string tag_condition(Dialect d, std::string_view column) {
  if (d == Dialect::postgresql) return fmt::format("(({})::jsonb) @> jsonb_build_array(?::text)", column);
  return fmt::format("EXISTS (SELECT 1 FROM json_each({}) WHERE value = ?)", column);
}

struct Filter {
  std::string sql;
  std::vector<Value> params;
  void add(std::string condition, std::initializer_list<Value> values) {
    sql += " AND " + condition;
    params.insert(params.end(), values);
  }
};

Result<Filter> list_filter(const model::Entity& e, const ListQuery& q, Dialect d) {
  Filter f;
  if (e.area_scoped) {
    if (q.area_id.empty()) return invalid("area_id", "Give the area to list");
    f.add(fmt::format("x.area_id = {}", sql::kAreaRow), {q.area_id});
  }
  if (!q.kind.empty()) {
    if (e.kind_field.empty()) return invalid("kind", fmt::format("{} cannot be filtered by kind", e.plural));
    f.add(fmt::format("x.{} = ?", e.kind_field), {q.kind});
  }
  if (!q.tag.empty()) {
    if (e.tag_field.empty()) return invalid("tag", fmt::format("{} cannot be filtered by tag", e.plural));
    f.add(tag_condition(d, "x." + std::string(e.tag_field)), {q.tag});
  }
  if (!q.text.empty()) {
    if (e.text_fields.empty()) return invalid("q", fmt::format("{} cannot be searched by text", e.plural));
    // Both sides folded in C++ (model::fold_for_search), so every engine and
    // every script compare alike; the key holds the text fields, folded.
    f.add("x.search_key LIKE ? ESCAPE '\\'", {"%" + escape_like(model::fold_for_search(q.text)) + "%"});
  }
  if (!q.person_id.empty()) {
    if (e.person_refs.empty()) return invalid("person", fmt::format("{} cannot be filtered by person", e.plural));
    std::string any;
    for (auto col : e.person_refs) {
      any += any.empty() ? "(" : " OR ";
      any += fmt::format("x.{} = {}", col, sql::row_of("people"));
      f.params.emplace_back(q.person_id);
    }
    f.sql += " AND " + any + ")";
  }
  // The group's or place's members, without reading the area's every
  // affiliation (the directory pages ask for one group's).
  for (auto [id, param, field, table] : {std::tuple{&q.group_id, "group", "group_id", "groups"},
                                         std::tuple{&q.place_id, "place", "place_id", "places"}}) {
    if (id->empty()) continue;
    if (!e.field(field)) return invalid(param, fmt::format("{} cannot be filtered by {}", e.plural, param));
    f.add(fmt::format("x.{} = {}", field, sql::row_of(table)), {*id});
  }
  if (!q.consent.empty()) {
    const model::Field* status = e.field("consent_status");
    if (!status) return invalid("consent", fmt::format("{} cannot be filtered by consent", e.plural));
    f.add("x.consent_status = ?", {q.consent});
  }
  if (q.at) {
    if (!e.dated) return invalid("at", fmt::format("{} have no dates to filter by", e.plural));
    std::string day = q.at->str();
    f.add("(x.valid_from IS NULL OR x.valid_from <= ?) AND (x.valid_to IS NULL OR x.valid_to >= ?)", {day, day});
  }
  // Pages run in row-id order (schema 8); the cursor is the last record's
  // public id, turned into its row here.
  if (!q.after.empty()) f.add(fmt::format("x.id > (SELECT c.id FROM {} c WHERE c.public_id = ?)", e.plural), {q.after});
  if (q.only_ids) {
    if (q.only_ids->size() > kOnlyIdsMax)
      return invalid("areas", fmt::format("A user can list at most {} areas by their grants; give them an all-areas "
                                          "grant instead", kOnlyIdsMax));
    if (q.only_ids->empty()) {
      f.sql += " AND 1 = 0";
    } else {
      std::string marks;
      for (const auto& id : *q.only_ids) {
        marks += marks.empty() ? "?" : ", ?";
        f.params.emplace_back(id);
      }
      f.sql += " AND x.public_id IN (" + marks + ")";
    }
  }
  return f;
}

}  // namespace

Result<int> check_page_limit(int64_t limit) {
  if (limit < 1 || limit > kPageLimitMax)
    return invalid("limit", fmt::format("Enter a limit from 1 to {}", kPageLimitMax));
  return static_cast<int>(limit);
}

Result<int> parse_page_limit(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) value = 0;  // refused below, with the one message
  return check_page_limit(value);
}

Result<json> Repository::get(const model::Entity& e, std::string_view id, bool include_deleted) {
  std::string sql = fmt::format("SELECT {} FROM {} WHERE x.public_id = ?{}", select_columns(e), from(e),
                                include_deleted ? "" : " AND x.deleted_at IS NULL");
  auto st = c_.prepare(sql);
  if (!st) return st.error();
  (*st)->bind(1, std::string(id));
  auto rows = all_rows(e, **st);
  if (!rows) return rows.error();
  if (rows->empty()) return not_found(fmt::format("No {} with id {}", e.name, id));
  return std::move(rows->front());
}

Result<void> Repository::insert(const model::Entity& e, const json& record) {
  std::string cols = "public_id", marks = "?";
  std::vector<Value> params{text_value(record.value("id", json()))};
  if (e.area_scoped) {
    cols += ", area_id";
    marks += ", " + std::string(sql::kAreaRow);
    params.push_back(text_value(record.value("area_id", json())));
  }
  std::string now = now_utc_iso();
  cols += ", external_id, revision, created_at, updated_at";
  marks += ", ?, ?, ?, ?";
  params.push_back(text_value(record.value("external_id", json())));
  params.push_back(record.contains("revision") && record["revision"].is_number_integer()
                       ? Value(record["revision"].get<int64_t>())
                       : Value(int64_t{1}));
  params.push_back(record.contains("created_at") && record["created_at"].is_string()
                       ? Value(record["created_at"].get<std::string>()) : Value(now));
  params.push_back(record.contains("updated_at") && record["updated_at"].is_string()
                       ? Value(record["updated_at"].get<std::string>()) : Value(now));
  for (const auto& f : e.fields) {
    cols += fmt::format(", {}", f.name);
    marks += ", " + sql::write_field(f);
    auto it = record.find(std::string(f.name));
    if (it != record.end()) params.push_back(to_column(f, *it));
    else if (!f.default_json.empty()) params.push_back(to_column(f, json::parse(f.default_json)));
    else params.emplace_back(std::monostate{});
  }
  if (has_search_key(e)) {
    cols += ", search_key";
    marks += ", ?";
    params.emplace_back(search_key(e, record));
  }
  auto r = execute_with(fmt::format("INSERT INTO {} ({}) VALUES ({})", table(e), cols, marks), params);
  if (!r) return explain_conflict(e, r.error());
  assert(*r == 1);
  return {};
}

Result<int64_t> Repository::execute_with(const std::string& sql, const std::vector<Value>& params) {
  return execute(c_, sql, params);
}

Result<json> Repository::update(const model::Entity& e, const json& record) {
  std::string id = record.value("id", std::string());
  if (!record.contains("revision") || !record["revision"].is_number_integer())
    return invalid("revision", "An update needs the record's current revision");
  auto [sets, params] = whole_record_set(e, record);
  params.emplace_back(id);
  params.emplace_back(record["revision"].get<int64_t>());
  auto changed = execute_with(
      fmt::format("UPDATE {} SET {} WHERE public_id = ? AND revision = ? AND deleted_at IS NULL", table(e), sets),
      params);
  if (!changed) return explain_conflict(e, changed.error());
  if (*changed == 0) {
    auto exists = get(e, id);
    if (!exists) return exists.error();
    return conflict(std::string(kStaleRevision), "revision");
  }
  auto after = get(e, id);
  if (!after) return after.error();
  // Invariant: a record's revision only grows, one step per write.
  KITH_ASSERT_MSG((*after)["revision"].get<int64_t>() == record["revision"].get<int64_t>() + 1,
                  "an update must raise the record's revision by one");
  return after;
}

Result<void> Repository::soft_delete(const model::Entity& e, std::string_view id, std::string_view when) {
  auto changed = execute_with(fmt::format("UPDATE {} SET deleted_at = ?, revision = revision + 1, updated_at = ? "
                                          "WHERE public_id = ? AND deleted_at IS NULL",
                                          table(e)),
                              {std::string(when), std::string(when), std::string(id)});
  if (!changed) return changed.error();
  if (*changed == 0) return not_found(fmt::format("No {} with id {}", e.name, id));
  return {};
}

Result<int64_t> Repository::soft_delete_dependents(const model::Entity& e, std::string_view id, std::string_view when) {
  std::vector<std::pair<const model::Entity*, std::string>> targets;
  if (&e == &model::people()) {
    targets = {{&model::ties(), "source_id = ? OR target_id = ?"}, {&model::affiliations(), "person_id = ? OR person_id = ?"}};
  } else if (&e == &model::groups()) {
    targets = {{&model::affiliations(), "group_id = ? OR group_id = ?"}};
  } else if (&e == &model::places()) {
    targets = {{&model::affiliations(), "place_id = ? OR place_id = ?"}};
  }
  if (targets.empty()) return int64_t{0};
  auto row = row_id_of(c_, e, id);
  if (!row) return row.error();
  int64_t total = 0;
  for (const auto& [dep, where] : targets) {
    auto n = execute_with(fmt::format("UPDATE {} SET deleted_at = ?, revision = revision + 1, updated_at = ? "
                                      "WHERE deleted_at IS NULL AND ({})",
                                      table(*dep), where),
                          {std::string(when), std::string(when), *row, *row});
    if (!n) return n.error();
    total += *n;
  }
  if (&e == &model::people()) {
    // Invariant: a deleted person leaves no live tie or affiliation behind.
    // Cheap: the ties_source, ties_target and affiliations_person indexes.
    auto live = live_links_of_row(c_, *row);
    if (!live) return live.error();
    KITH_ASSERT_MSG(*live == 0, "a soft-deleted person must have no live ties or affiliations");
  }
  return total;
}

Result<int64_t> Repository::live_links_of_person(std::string_view person_id) {
  auto row = row_id_of(c_, model::people(), person_id);
  if (!row) return row.error();
  return live_links_of_row(c_, *row);
}

namespace {

Result<int64_t> live_links_of_row(Connection& c, int64_t person_row) {
  auto st = c.prepare(
      "SELECT (SELECT COUNT(*) FROM ties WHERE source_id = ? AND deleted_at IS NULL) + "
      "(SELECT COUNT(*) FROM ties WHERE target_id = ? AND deleted_at IS NULL) + "
      "(SELECT COUNT(*) FROM affiliations WHERE person_id = ? AND deleted_at IS NULL)");
  if (!st) return st.error();
  for (int i = 1; i <= 3; ++i) (*st)->bind(i, person_row);
  auto row = (*st)->step();
  if (!row) return row.error();
  int64_t n = *row ? integer_of((*st)->column(0)) : 0;
  (*st)->reset();
  return n;
}

}  // namespace

Result<Page> Repository::list(const model::Entity& e, const ListQuery& q) {
  KITH_TRY(check_page_limit(q.limit));
  auto f = list_filter(e, q, c_.dialect());
  if (!f) return f.error();
  std::string sql = fmt::format("SELECT {} FROM {} WHERE x.deleted_at IS NULL{} ORDER BY x.id LIMIT {}",
                                select_columns(e), from(e), f->sql, q.limit + 1);
  auto st = c_.prepare(sql);
  if (!st) return st.error();
  int i = 1;
  for (const auto& p : f->params) (*st)->bind(i++, p);
  auto rows = all_rows(e, **st);
  if (!rows) return rows.error();
  Page page;
  // One row more than asked tells whether another page follows.
  if (rows->size() > static_cast<size_t>(q.limit)) {
    rows->pop_back();
    page.next_cursor = rows->back()["id"].get<std::string>();
  }
  page.items = std::move(*rows);
  return page;
}

Result<ConsentCounts> Repository::consent_counts(ListQuery q) {
  const model::Entity& e = model::people();
  q.after.clear();
  auto f = list_filter(e, q, c_.dialect());
  if (!f) return f.error();
  const model::Field* status = e.field("consent_status");
  const model::Field* scope = e.field("consent_scope");
  KITH_ASSERT(status && scope);
  ConsentCounts out;
  for (auto s : status->choices) out.by_status[std::string(s)] = 0;
  for (auto s : scope->choices) out.given_for[std::string(s)] = 0;
  // Grouped by the stored scope list too: a few distinct lists, each read
  // once, rather than a row a person.
  std::string sql = fmt::format(
      "SELECT x.consent_status, x.consent_scope, COUNT(*) FROM {} WHERE x.deleted_at IS NULL{} "
      "GROUP BY x.consent_status, x.consent_scope",
      from(e), f->sql);
  auto st = c_.prepare(sql);
  if (!st) return st.error();
  int i = 1;
  for (const auto& p : f->params) (*st)->bind(i++, p);
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    std::string s = is_null((*st)->column(0)) ? "not_asked" : text_of((*st)->column(0));
    auto n = static_cast<uint64_t>(integer_of((*st)->column(2)));
    KITH_ASSERT_MSG(out.by_status.count(s) == 1, "a stored consent status the model does not know");
    out.by_status[s] += n;
    out.people += n;
    if (s != "given") continue;
    json uses = from_column(*scope, (*st)->column(1));
    if (!uses.is_array()) continue;  // NULL: given with no use recorded
    for (const auto& use : uses) {
      KITH_ASSERT_MSG(use.is_string() && out.given_for.count(use.get<std::string>()) == 1,
                      "a stored consent use the model does not know");
      out.given_for[use.get<std::string>()] += n;
    }
  }
  (*st)->reset();
  return out;
}

Result<std::optional<std::string>> Repository::find_external(const model::Entity& e, std::string_view area_id,
                                                             std::string_view external_id) {
  std::string sql = e.area_scoped
                        ? fmt::format("SELECT public_id FROM {} WHERE area_id = {} AND external_id = ?", table(e),
                                      sql::kAreaRow)
                        : fmt::format("SELECT public_id FROM {} WHERE external_id = ? AND ? <> ''", table(e));
  auto st = c_.prepare(sql);
  if (!st) return st.error();
  if (e.area_scoped) {
    (*st)->bind(1, std::string(area_id));
    (*st)->bind(2, std::string(external_id));
  } else {
    (*st)->bind(1, std::string(external_id));
    (*st)->bind(2, std::string(external_id));
  }
  auto row = (*st)->step();
  if (!row) return row.error();
  std::optional<std::string> out;
  if (*row) out = std::get<std::string>((*st)->column(0));
  (*st)->reset();
  return out;
}

Result<std::string> Repository::area_of(const model::Entity& e, std::string_view id) {
  if (!e.area_scoped) return invalid("id", "Areas do not belong to an area");
  auto st = c_.prepare(
      fmt::format("SELECT {} FROM {} WHERE x.public_id = ? AND x.deleted_at IS NULL", sql::kReadArea, from(e)));
  if (!st) return st.error();
  (*st)->bind(1, std::string(id));
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return not_found(fmt::format("No {} with id {}", e.name, id));
  std::string area = std::get<std::string>((*st)->column(0));
  (*st)->reset();
  return area;
}

Result<int64_t> Repository::register_revision(std::string_view area_id) {
  auto st = c_.prepare("SELECT register_revision FROM areas WHERE public_id = ?");
  if (!st) return st.error();
  (*st)->bind(1, std::string(area_id));
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return not_found(fmt::format("No area with id {}", area_id));
  int64_t revision = integer_of((*st)->column(0));
  (*st)->reset();
  return revision;
}

Result<void> Repository::bump_register_revision(std::string_view area_id) {
  auto before = register_revision(area_id);
  if (!before) return before.error();
  auto n = execute_with("UPDATE areas SET register_revision = register_revision + 1 WHERE public_id = ?",
                        {std::string(area_id)});
  if (!n) return n.error();
  KITH_ASSERT(*n == 1);  // the row was read above in this transaction
  auto after = register_revision(area_id);
  if (!after) return after.error();
  // Invariant: an area's register_revision only grows (caches key on it).
  KITH_ASSERT_MSG(*after > *before, "an area's register_revision must grow with every write");
  return {};
}

AuditEntry audit_entry(const model::Actor& who, std::string_view action, std::string_view entity,
                       std::string_view entity_id, std::string_view area_id) {
  AuditEntry e;
  e.actor = who.name.empty() ? "unknown" : who.name;  // the column is NOT NULL: a row always names someone
  e.user_id = who.user_id;
  e.route = who.route;
  e.client_address = who.client_address;
  e.action = std::string(action);
  e.entity = std::string(entity);
  e.entity_id = std::string(entity_id);
  e.area_id = std::string(area_id);
  return e;
}

namespace {

Value json_text_or_null(const std::string& s) { return s.empty() ? Value(std::monostate{}) : Value(s); }

constexpr std::string_view kAuditColumns =
    "seq, at, actor, user_id, route, client_address, action, entity, entity_id, area_id, person_id, "
    "other_person_id, fields, detail";

// One row in kAuditColumns order.
AuditRow audit_row_of(Statement& st) {
  AuditRow r;
  r.seq = integer_of(st.column(0));
  r.at = text_of(st.column(1));
  AuditEntry& e = r.entry;
  std::string* texts[] = {&e.actor,     &e.user_id,   &e.route,           &e.client_address, &e.action, &e.entity,
                          &e.entity_id, &e.area_id,   &e.person_id,       &e.other_person_id, &e.fields, &e.detail};
  int column = 2;
  for (std::string* t : texts) *t = text_of(st.column(column++));
  return r;
}

struct AuditWhere {
  std::string sql;
  std::vector<Value> params;
};

AuditWhere audit_where(const AuditFilter& f) {
  AuditWhere w{"area_id = ?", {f.area_id}};
  auto add = [&](std::string_view condition, std::initializer_list<Value> values) {
    w.sql.append(" AND ").append(condition);
    w.params.insert(w.params.end(), values);
  };
  if (!f.person_id.empty()) add("(person_id = ? OR other_person_id = ?)", {f.person_id, f.person_id});
  if (!f.user_id.empty()) add("user_id = ?", {f.user_id});
  if (!f.at_from.empty()) add("at >= ?", {f.at_from});  // fixed-width UTC text sorts as the time does
  if (!f.at_until.empty()) add("at < ?", {f.at_until});
  if (f.before_seq > 0) add("seq < ?", {f.before_seq});
  return w;
}

}  // namespace

Result<void> Repository::audit(const AuditEntry& entry) {
  KITH_ASSERT_MSG(!entry.actor.empty() && !entry.action.empty() && !entry.entity.empty(),
                  "an audit row names its actor, action and entity");
  // seq is max+1 in the transaction; on PostgreSQL concurrent writers are
  // serialised by a transaction-scoped advisory lock so two never take one number.
  if (c_.dialect() == Dialect::postgresql) {
    auto locked = execute_with("SELECT pg_advisory_xact_lock(727274)", {});
    if (!locked) return locked.error();
  }
  auto n = execute_with(
      "INSERT INTO audit_log (seq, at, actor, user_id, route, client_address, action, entity, entity_id, area_id, "
      "person_id, other_person_id, fields, detail) "
      "VALUES ((SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {now_utc_iso(), entry.actor, json_text_or_null(entry.user_id), json_text_or_null(entry.route),
       json_text_or_null(entry.client_address), entry.action, entry.entity, json_text_or_null(entry.entity_id),
       json_text_or_null(entry.area_id), json_text_or_null(entry.person_id), json_text_or_null(entry.other_person_id),
       json_text_or_null(entry.fields), json_text_or_null(entry.detail)});
  if (!n) return n.error();
  KITH_ASSERT(*n == 1);
  return {};
}

Result<AuditRowPage> Repository::audit_rows(const AuditFilter& f) {
  KITH_ASSERT_MSG(!f.area_id.empty(), "audit rows are read one area at a time");
  KITH_TRY(check_page_limit(f.limit));
  AuditWhere w = audit_where(f);
  // One row past the page says whether another page follows.
  std::string sql = fmt::format("SELECT {} FROM audit_log WHERE {} ORDER BY seq DESC LIMIT {}", kAuditColumns,
                                w.sql, f.limit + 1);
  auto st = c_.prepare(sql);
  if (!st) return st.error();
  int i = 1;
  for (const auto& p : w.params) (*st)->bind(i++, p);
  AuditRowPage page;
  for (;;) {
    auto row = (*st)->step();
    if (!row) {
      (*st)->reset();
      return row.error();
    }
    if (!*row) break;
    page.rows.push_back(audit_row_of(**st));
  }
  (*st)->reset();
  if (page.rows.size() > static_cast<size_t>(f.limit)) {
    page.rows.pop_back();
    page.next_before_seq = page.rows.back().seq;
  }
  return page;
}

}  // namespace kith::store
