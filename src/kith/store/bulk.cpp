#include "kith/store/bulk.hpp"

#include "kith/core/assert.hpp"
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

// Parameters: public id, area's public id, external id, fields, created_at,
// updated_at, then search_key when the entity has one.
std::string insert_sql(const model::Entity& e) {
  std::string cols = "public_id, area_id, external_id";
  std::string marks = "?, " + std::string(sql::kAreaRow) + ", ?";
  for (const auto& f : e.fields) {
    cols += ", ";
    cols += f.name;
    marks += ", " + sql::write_field(f);
  }
  cols += ", revision, created_at, updated_at";
  marks += ", 1, ?, ?";
  if (has_search_key(e)) {
    cols += ", search_key";
    marks += ", ?";
  }
  return "INSERT INTO " + std::string(e.plural) + " (" + cols + ") VALUES (" + marks + ")";
}

std::string scan_sql(const model::Entity& e, bool include_deleted) {
  std::string sql = "SELECT x.public_id, x.external_id, x.revision, x.deleted_at";
  for (const auto& f : e.fields) sql += ", " + sql::read_field(f);
  sql += " FROM " + std::string(e.plural) + " x WHERE x.area_id = " + std::string(sql::kAreaRow);
  if (!include_deleted) sql += " AND x.deleted_at IS NULL";
  return sql + " ORDER BY x.public_id";
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

Result<BulkInserter> BulkInserter::prepare(Connection& c, const model::Entity& e) {
  assert(e.area_scoped && "bulk inserts are for records inside an area");
  auto st = c.prepare(insert_sql(e));
  if (!st) return st.error();
  return BulkInserter(e, *st);
}

Result<void> BulkInserter::insert(std::string_view id, std::string_view area_id, std::string_view external_id,
                                  const FieldValues& fields, std::string_view now) {
  return insert(id, area_id, external_id, fields, {}, now);
}

Result<void> BulkInserter::insert(std::string_view id, std::string_view area_id, std::string_view external_id,
                                  const FieldValues& fields,
                                  std::initializer_list<std::pair<size_t, std::string_view>> refs,
                                  std::string_view now) {
  assert(fields.size() == e_->fields.size());
  st_->reset();
  st_->bind(1, std::string(id));
  bind_cached(2, area_id, cached_[0]);
  st_->bind(3, external_id.empty() ? Value{} : Value{std::string(external_id)});
  for (size_t i = 0; i < fields.size(); ++i) {
    bool replaced = false;
    for (const auto& [index, ref] : refs) {
      if (index != i) continue;
      st_->bind(static_cast<int>(i) + 4, ref.empty() ? Value{} : Value{std::string(ref)});
      replaced = true;
    }
    if (!replaced) st_->bind(static_cast<int>(i) + 4, fields[i]);
  }
  int next = static_cast<int>(fields.size()) + 4;
  bind_cached(next, now, cached_[1]);
  st_->bind(next + 1, cached_[1]);
  if (has_search_key(*e_)) st_->bind(next + 2, search_key(*e_, fields));
  auto done = st_->step();
  if (!done) return done.error();
  ++inserted_;
  return {};
}

Result<IndexSuspension> IndexSuspension::suspend(Connection& c, const model::Entity& e) {
  IndexSuspension out(c);
  if (c.dialect() != Dialect::sqlite) return out;
  // Only indexes made by CREATE INDEX have SQL; those behind PRIMARY KEY stay.
  auto st = c.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL");
  if (!st) return st.error();
  (*st)->bind(1, std::string(e.plural));
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

void BulkInserter::bind_cached(int index, std::string_view text, Value& cache) {
  const auto* held = std::get_if<std::string>(&cache);
  if (!held || *held != text) cache = std::string(text);
  st_->bind(index, cache);
}

Result<void> scan_area(Connection& c, const model::Entity& e, std::string_view area_id, bool include_deleted,
                       const std::function<Result<void>(StoredRecord&&)>& fn) {
  assert(e.area_scoped);
  auto st = c.prepare(scan_sql(e, include_deleted));
  if (!st) return st.error();
  Statement& s = **st;
  s.bind(1, std::string(area_id));
  const int first_field = 4;
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) break;
    StoredRecord r;
    r.id = text_of(s.column(0));
    r.external_id = text_of(s.column(1));
    r.revision = integer_of(s.column(2));
    r.deleted = !std::holds_alternative<std::monostate>(s.column(3));
    r.fields.reserve(e.fields.size());
    for (size_t i = 0; i < e.fields.size(); ++i) r.fields.push_back(s.column(first_field + static_cast<int>(i)));
    KITH_TRY(fn(std::move(r)));
  }
  s.reset();
  return {};
}

}  // namespace kith::store
