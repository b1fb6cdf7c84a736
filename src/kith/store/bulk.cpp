#include "kith/store/bulk.hpp"

#include <fmt/format.h>

#include "kith/core/assert.hpp"
#include "kith/core/time.hpp"
#include "kith/model/consent.hpp"
#include "kith/model/fold.hpp"
#include "kith/store/search_key.hpp"
#include "kith/store/sql.hpp"
#include "kith/store/value.hpp"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace kith::store {
namespace {

using nlohmann::json;

// Parameters: public id, area row id, external id, fields (references as row
// ids), created_at, updated_at, then search_key when the entity has one.
std::string insert_sql(const model::Entity& e, bool returning) {
  std::string cols = "public_id, area_id, external_id";
  std::string marks = "?, ?, ?";
  for (const auto& f : e.fields) {
    cols += ", ";
    cols += f.name;
    marks += ", ?";
  }
  cols += ", revision, created_at, updated_at";
  marks += ", 1, ?, ?";
  if (has_search_key(e)) {
    cols += ", search_key";
    marks += ", ?";
  }
  std::string sql = "INSERT INTO " + std::string(e.plural) + " (" + cols + ") VALUES (" + marks + ")";
  return returning ? sql + " RETURNING id" : sql;
}

std::string scan_sql(const model::Entity& e, bool include_deleted) {
  std::string sql = "SELECT x.id, x.public_id, x.external_id, x.revision, x.deleted_at";
  for (const auto& f : e.fields) sql += ", " + sql::read_field(f);
  sql += " FROM " + std::string(e.plural) + " x WHERE x.area_id = " + std::string(sql::kAreaRow);
  if (!include_deleted) sql += " AND x.deleted_at IS NULL";
  return sql + " ORDER BY x.id";  // the area index's order (schema 8)
}

constexpr char kKeySeparator = '\x1f';  // between fields in a search key; never in a folded query

}  // namespace

bool has_search_key(const model::Entity& e) { return !e.text_fields.empty(); }

std::string search_key(const model::Entity& e, const FieldValues& fields) {
  KITH_ASSERT(fields.size() == e.fields.size());
  std::string joined;
  for (size_t i = 0; i < e.text_fields.size(); ++i) {
    if (i > 0) joined += kKeySeparator;
    joined += text_of(fields[e.index_of(e.text_fields[i])]);
  }
  return model::fold_for_search(joined);
}

std::string search_key(const model::Entity& e, const json& record) {
  std::string joined;
  for (size_t i = 0; i < e.text_fields.size(); ++i) {
    if (i > 0) joined += kKeySeparator;
    auto it = record.find(std::string(e.text_fields[i]));
    if (it != record.end() && it->is_string()) joined += it->get<std::string>();
  }
  return model::fold_for_search(joined);
}

Result<int64_t> fill_search_keys(Connection& c, const model::Entity& e) {
  if (!has_search_key(e)) return int64_t{0};
  std::string select = "SELECT id";
  for (auto name : e.text_fields) select += ", " + std::string(name);
  auto st = c.prepare(select + " FROM " + std::string(e.plural));
  if (!st) return st.error();
  std::vector<std::pair<int64_t, std::string>> keys;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    std::string joined;
    for (size_t i = 0; i < e.text_fields.size(); ++i) {
      if (i > 0) joined += kKeySeparator;
      joined += text_of((*st)->column(static_cast<int>(i) + 1));
    }
    keys.emplace_back(integer_of((*st)->column(0)), model::fold_for_search(joined));
  }
  (*st)->reset();
  auto up = c.prepare("UPDATE " + std::string(e.plural) + " SET search_key = ? WHERE id = ?");
  if (!up) return up.error();
  for (const auto& [id, key] : keys) {
    (*up)->bind(1, key);
    (*up)->bind(2, id);
    auto done = (*up)->step();
    if (!done) return done.error();
  }
  (*up)->reset();
  return static_cast<int64_t>(keys.size());
}

bool consents_to(const StoredRecord& person, std::string_view use) {
  static const size_t status = model::people().index_of("consent_status");
  static const size_t scopes = model::people().index_of("consent_scope");
  KITH_ASSERT(person.fields.size() == model::people().fields.size());
  return model::consent_allows_json(text_of(person.fields[status]), text_of(person.fields[scopes]), use);
}

SetClause whole_record_set(const model::Entity& e, const json& record) {
  SetClause out{"external_id = ?, revision = revision + 1, updated_at = ?", {}};
  // Two statements, not a conditional of two Values: GCC 12 at -O3 reports a
  // false maybe-uninitialized on the variant's move in the latter.
  auto external = record.find("external_id");
  if (external != record.end() && external->is_string())
    out.params.emplace_back(external->get<std::string>());
  else
    out.params.emplace_back(std::monostate{});
  out.params.emplace_back(now_utc_iso());
  for (const auto& f : e.fields) {
    out.sql += fmt::format(", {} = {}", f.name, sql::write_field(f));
    auto it = record.find(std::string(f.name));
    out.params.push_back(it == record.end() ? Value(std::monostate{}) : to_column(f, *it));
  }
  // The search key is folded from the text fields: left stale, a search for
  // an old name would still find the row.
  if (has_search_key(e)) {
    out.sql += ", search_key = ?";
    out.params.emplace_back(search_key(e, record));
  }
  return out;
}

Value to_column(const model::Field& f, const json& v) {
  if (v.is_null()) return std::monostate{};
  switch (f.type) {
    case model::FieldType::boolean: return int64_t{v.get<bool>() ? 1 : 0};
    case model::FieldType::integer: return v.get<int64_t>();
    case model::FieldType::real: return v.get<double>();
    case model::FieldType::tags:
    case model::FieldType::bbox: return v.dump();
    case model::FieldType::text:
    case model::FieldType::date:
    case model::FieldType::enumeration:
    case model::FieldType::ref: return v.get<std::string>();
  }
  return std::monostate{};
}

json from_column(const model::Field& f, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return nullptr;
  switch (f.type) {
    case model::FieldType::boolean: return integer_of(v) != 0;
    case model::FieldType::integer: return integer_of(v);
    case model::FieldType::real: return real_of(v);
    case model::FieldType::tags:
    case model::FieldType::bbox: {
      json parsed = json::parse(text_of(v), nullptr, false);
      return parsed.is_discarded() ? json(nullptr) : parsed;
    }
    case model::FieldType::text:
    case model::FieldType::date:
    case model::FieldType::enumeration:
    case model::FieldType::ref: return text_of(v);
  }
  return nullptr;
}

bool same_value(const model::Field& f, const Value& a, const Value& b) {
  if (a == b) return true;
  return from_column(f, a) == from_column(f, b);
}

json record_json(const model::Entity& e, const StoredRecord& r, std::string_view area_id) {
  json out = json::object();
  assert(r.fields.size() == e.fields.size());
  for (size_t i = 0; i < e.fields.size(); ++i) out[std::string(e.fields[i].name)] = from_column(e.fields[i], r.fields[i]);
  out["id"] = r.id;
  if (e.area_scoped) out["area_id"] = std::string(area_id);
  out["external_id"] = r.external_id.empty() ? json(nullptr) : json(r.external_id);
  out["revision"] = r.revision;
  return out;
}

Result<int64_t> row_id_of(Connection& c, const model::Entity& e, std::string_view public_id) {
  auto st = c.prepare("SELECT id FROM " + std::string(e.plural) + " WHERE public_id = ?");
  if (!st) return st.error();
  (*st)->bind(1, std::string(public_id));
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return not_found("No " + std::string(e.name) + " with id " + std::string(public_id));
  int64_t id = integer_of((*st)->column(0));
  (*st)->reset();
  return id;
}

Result<BulkInserter> BulkInserter::prepare(Connection& c, const model::Entity& e, bool want_rows) {
  KITH_ASSERT_MSG(e.area_scoped, "bulk inserts are for records inside an area");
  // SQLite says the new row id without RETURNING, which costs it a result row each insert.
  const bool returning = want_rows && c.dialect() != Dialect::sqlite;
  auto st = c.prepare(insert_sql(e, returning));
  if (!st) return st.error();
  return BulkInserter(e, *st, want_rows, returning);
}

Result<int64_t> BulkInserter::insert(std::string_view id, int64_t area_row, std::string_view external_id,
                                     const FieldValues& fields, std::span<const RowRef> refs, std::string_view now) {
  KITH_ASSERT(fields.size() == e_->fields.size());
  KITH_ASSERT(area_row > 0);
  // Every parameter is bound afresh each row, so there is no reset (which
  // would also clear the bindings) and text is bound in place: the values,
  // ids and timestamp all outlive this call's step.
  st_->bind_view(1, id);
  st_->bind(2, area_row);
  if (external_id.empty()) st_->bind(3, Value{});
  else st_->bind_view(3, external_id);
  for (size_t i = 0; i < fields.size(); ++i) {
    const int index = static_cast<int>(i) + 4;
    if (e_->fields[i].type == model::FieldType::ref) st_->bind(index, Value{});
    else if (const auto* text = std::get_if<std::string>(&fields[i])) st_->bind_view(index, *text);
    else st_->bind(index, fields[i]);
  }
  for (const RowRef& r : refs) {
    KITH_ASSERT(r.field < fields.size() && e_->fields[r.field].type == model::FieldType::ref && r.row > 0);
    st_->bind(static_cast<int>(r.field) + 4, r.row);
  }
  int next = static_cast<int>(fields.size()) + 4;
  st_->bind_view(next, now);
  st_->bind_view(next + 1, now);
  if (has_search_key(*e_)) {
    key_ = search_key(*e_, fields);
    st_->bind_view(next + 2, key_);
  }
  auto done = st_->step();
  if (!done) return done.error();
  int64_t row = 0;
  if (returning_) {
    KITH_ASSERT_MSG(*done, "INSERT ... RETURNING gives the new row");
    row = integer_of(st_->column(0));
  } else if (want_rows_) {
    row = st_->inserted_row();
  }
  if (*done) st_->reset();  // an unfinished statement would lock the table against the index rebuild
  ++inserted_;
  return row;
}

Result<IndexSuspension> IndexSuspension::suspend(Connection& c, const model::Entity& e) {
  IndexSuspension out(c);
  if (c.dialect() != Dialect::sqlite) return out;
  // Only indexes made by CREATE INDEX have SQL; those behind PRIMARY KEY stay.
  // Partial indexes stay too: rebuilding one scans the whole table, while
  // keeping it costs only a check of its WHERE for each row (ties_external
  // holds only the links a file gave an ID).
  auto st = c.prepare(
      "SELECT m.name, m.sql FROM sqlite_master m WHERE m.type = 'index' AND m.tbl_name = ? AND m.sql IS NOT NULL "
      "AND NOT EXISTS (SELECT 1 FROM pragma_index_list(?) p WHERE p.name = m.name AND p.partial)");
  if (!st) return st.error();
  (*st)->bind(1, std::string(e.plural));
  (*st)->bind(2, std::string(e.plural));
  std::vector<std::string> names;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return row.error();
    if (!*row) break;
    names.push_back(text_of((*st)->column(0)));
    out.indexes_.push_back(text_of((*st)->column(1)));
  }
  (*st)->reset();
  for (const auto& name : names) {
    // Names come from sqlite_master; quote them anyway.
    std::string quoted = "\"";
    for (char ch : name) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    KITH_TRY(c.exec("DROP INDEX " + quoted + "\""));
  }
  return out;
}

Result<void> IndexSuspension::restore() {
  for (const auto& sql : indexes_) KITH_TRY(c_->exec(sql));
  indexes_.clear();
  return {};
}

Result<CacheBoost> CacheBoost::raise(Connection& c, int64_t cache_kib) {
  assert(cache_kib > 0);
  CacheBoost out(c);
  if (c.dialect() != Dialect::sqlite) return out;
  auto st = c.prepare("PRAGMA cache_size");
  if (!st) return st.error();
  auto row = (*st)->step();
  if (!row) return row.error();
  if (!*row) return out;
  int64_t previous = integer_of((*st)->column(0));
  (*st)->reset();
  KITH_TRY(c.exec("PRAGMA cache_size = -" + std::to_string(cache_kib)));
  out.previous_ = std::to_string(previous);
  return out;
}

Result<void> CacheBoost::restore() {
  if (previous_.empty()) return {};
  std::string sql = "PRAGMA cache_size = " + previous_;
  previous_.clear();
  return c_->exec(sql);
}

Result<int64_t> count_rows(Connection& c, const model::Entity& e) {
  auto st = c.prepare("SELECT COUNT(*) FROM " + std::string(e.plural));
  if (!st) return st.error();
  auto row = (*st)->step();
  if (!row) return row.error();
  int64_t n = *row ? integer_of((*st)->column(0)) : 0;
  (*st)->reset();
  return n;
}

Result<void> scan_area(Connection& c, const model::Entity& e, std::string_view area_id, bool include_deleted,
                       const std::function<Result<void>(StoredRecord&&)>& fn) {
  assert(e.area_scoped);
  auto st = c.prepare(scan_sql(e, include_deleted));
  if (!st) return st.error();
  Statement& s = **st;
  s.bind(1, std::string(area_id));
  const int first_field = 5;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) break;
    StoredRecord r;
    r.row = integer_of(s.column(0));
    r.id = text_of(s.column(1));
    r.external_id = text_of(s.column(2));
    r.revision = integer_of(s.column(3));
    r.deleted = !std::holds_alternative<std::monostate>(s.column(4));
    r.fields.reserve(e.fields.size());
    for (size_t i = 0; i < e.fields.size(); ++i) r.fields.push_back(s.column(first_field + static_cast<int>(i)));
    KITH_TRY(fn(std::move(r)));
  }
  s.reset();
  return {};
}

}  // namespace kith::store
