#pragma once
// Whole-area reads and writes for import and export: one prepared statement
// reused for every row and values kept as columns, so a million rows need no
// JSON object each. Callers hold the transaction, as with Repository.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/store/connection.hpp"
#include "kith/model/schema.hpp"

namespace kith::store {

// One record's user fields as stored, in entity.fields order.
using FieldValues = std::vector<Value>;

struct StoredRecord {
  int64_t row = 0;  // the integer row id that references hold
  std::string id;
  std::string external_id;  // empty when the record has none
  int64_t revision = 0;
  bool deleted = false;
  FieldValues fields;
};

// Whether a stored person's consent allows `use` (model/consent.hpp).
bool consents_to(const StoredRecord& person, std::string_view use);

// A field's JSON value (as in a record) as its column value, and back.
Value to_column(const model::Field& f, const nlohmann::json& v);

// "external_id = ?, revision = revision + 1, updated_at = ?, <every field>,
// search_key = ?" and its values, from a whole record: what an UPDATE that
// writes every column sets (Repository::update, erasure's overwrite).
struct SetClause {
  std::string sql;
  std::vector<Value> params;
};
SetClause whole_record_set(const model::Entity& e, const nlohmann::json& record);
nlohmann::json from_column(const model::Field& f, const Value& v);
// Equal as the field's value: lists compared as parsed JSON, numbers by value.
bool same_value(const model::Field& f, const Value& a, const Value& b);

// The record as Repository returns it: fields, id, area_id, external_id, revision.
nlohmann::json record_json(const model::Entity& e, const StoredRecord& r, std::string_view area_id);

// A reference field's value as the row id it points at.
struct RowRef {
  size_t field;  // index into entity.fields
  int64_t row;
};

// The row id of the record with this public id, or not_found.
Result<int64_t> row_id_of(Connection& c, const model::Entity& e, std::string_view public_id);

// Inserts records whose references the caller has already resolved to row
// ids (an importer holds them in memory), so no row pays for a lookup by
// public id.
class BulkInserter {
 public:
  // With want_rows, insert() returns each new row's id (the importer needs
  // them for the rows that will point at these).
  static Result<BulkInserter> prepare(Connection& c, const model::Entity& e, bool want_rows);
  // Inserts a new record at revision 1 into the area whose row id is
  // area_row. `fields` holds one value per field; reference fields take the
  // row ids in `refs` and are NULL when refs does not name them. Returns the
  // new row id, or 0 without want_rows. Text in the arguments must stay
  // unchanged until the next insert (it is bound without a copy).
  Result<int64_t> insert(std::string_view id, int64_t area_row, std::string_view external_id,
                         const FieldValues& fields, std::span<const RowRef> refs, std::string_view now);
  int64_t inserted() const { return inserted_; }

 private:
  BulkInserter(const model::Entity& e, Statement* st, bool want_rows, bool returning)
      : e_(&e), st_(st), want_rows_(want_rows), returning_(returning) {}
  const model::Entity* e_;
  Statement* st_;  // owned by the connection, valid for the transaction
  bool want_rows_;
  bool returning_;  // the new row id comes back as a result row (PostgreSQL)
  int64_t inserted_ = 0;
  std::string key_;  // the search key bound for the current row
};

// For loads that dwarf a table (SQLite): drops the table's secondary indexes
// so rows go in without random index writes, and builds them again, sorted,
// on restore(). Both happen inside the caller's transaction, so a failure or
// a crash rolls the indexes back with the rows. Does nothing on PostgreSQL.
class IndexSuspension {
 public:
  static Result<IndexSuspension> suspend(Connection& c, const model::Entity& e);
  // Recreates the indexes; a unique index that no longer holds fails here.
  Result<void> restore();
  size_t suspended() const { return indexes_.size(); }

 private:
  explicit IndexSuspension(Connection& c) : c_(&c) {}
  Connection* c_;
  std::vector<std::string> indexes_;  // CREATE INDEX statements as stored
};

// SQLite: a larger page cache for the length of a bulk load, so index pages
// stay in memory; restore() puts the connection's setting back. Does nothing
// on PostgreSQL.
class CacheBoost {
 public:
  static Result<CacheBoost> raise(Connection& c, int64_t cache_kib);
  Result<void> restore();

 private:
  explicit CacheBoost(Connection& c) : c_(&c) {}
  Connection* c_;
  std::string previous_;  // PRAGMA cache_size value to put back; empty when unchanged
};

// Rows in e's table in every area, deleted ones included.
Result<int64_t> count_rows(Connection& c, const model::Entity& e);

// Calls fn for every record of e in the area, in id order; soft-deleted ones
// too when include_deleted. Stops at fn's first error.
Result<void> scan_area(Connection& c, const model::Entity& e, std::string_view area_id, bool include_deleted,
                       const std::function<Result<void>(StoredRecord&&)>& fn);

}  // namespace kith::store
