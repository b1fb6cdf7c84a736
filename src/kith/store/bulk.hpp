#pragma once
// Whole-area reads and writes for import and export: one prepared statement
// reused for every row and values kept as columns, so a million rows need no
// JSON object each. Callers hold the transaction, as with Repository.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <functional>
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
  std::string id;
  std::string external_id;  // empty when the record has none
  int64_t revision = 0;
  bool deleted = false;
  FieldValues fields;
};

// A field's JSON value (as in a record) as its column value, and back.
Value to_column(const model::Field& f, const nlohmann::json& v);
nlohmann::json from_column(const model::Field& f, const Value& v);
// Equal as the field's value: lists compared as parsed JSON, numbers by value.
bool same_value(const model::Field& f, const Value& a, const Value& b);

// The record as Repository returns it: fields, id, area_id, external_id, revision.
nlohmann::json record_json(const model::Entity& e, const StoredRecord& r, std::string_view area_id);

class BulkInserter {
 public:
  static Result<BulkInserter> prepare(Connection& c, const model::Entity& e);
  // Inserts a new record at revision 1. `fields` must hold one value per field.
  Result<void> insert(std::string_view id, std::string_view area_id, std::string_view external_id,
                      const FieldValues& fields, std::string_view now);
  // The same, with ref columns taken from `refs` (field index, id) instead.
  Result<void> insert(std::string_view id, std::string_view area_id, std::string_view external_id,
                      const FieldValues& fields, std::initializer_list<std::pair<size_t, std::string_view>> refs,
                      std::string_view now);
  int64_t inserted() const { return inserted_; }

 private:
  BulkInserter(const model::Entity& e, Statement* st) : e_(&e), st_(st) {}
  // Binds a text value, reusing `cache` while the text stays the same
  // (area and timestamps repeat on every row).
  void bind_cached(int index, std::string_view text, Value& cache);
  const model::Entity* e_;
  Statement* st_;  // owned by the connection, valid for the transaction
  int64_t inserted_ = 0;
  std::vector<Value> cached_ = std::vector<Value>(2);  // area, timestamp; on the heap so moves stay cheap
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
