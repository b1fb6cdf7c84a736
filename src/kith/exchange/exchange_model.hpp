#pragma once
// The importers' common form: what a file says, read and checked but not yet
// matched against the database. Readers (read_*.cpp) fill a Batch;
// exchange.cpp resolves references and writes it in one transaction.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/exchange/exchange.hpp"
#include "kith/store/bulk.hpp"
#include "kith/model/schema.hpp"
#include "kith/model/validate.hpp"

namespace kith::exchange::batch {

using json = nlohmann::json;

enum class Kind : uint8_t { person, group, place, tie, affiliation };
inline constexpr int kKinds = 5;
const model::Entity& entity_of(Kind k);
std::string_view kind_label(Kind k);  // "person", "group", ...

inline constexpr size_t kExternalIdBytesMax = 200;  // as validate.cpp checks
// Fields of one entity fit a bit set: which fields a file gives.
using FieldMask = uint64_t;
inline FieldMask bit(size_t field_index) { return FieldMask{1} << field_index; }

// Where a record came from: a CSV line or a JSON array slot.
struct Origin {
  bool in_links_file = false;  // kumu connections.csv rather than elements.csv
  long line = 0;               // CSV: 1-based line; 0 for JSON
  int64_t index = -1;          // JSON: position in its array
};

// A person, group or place from the file.
struct Node {
  Kind kind = Kind::person;
  bool create_only = false;   // edge lists name people but say nothing about them
  FieldMask provided = 0;     // fields the file gives: only these are updated
  uint32_t values = 0;        // index into Batch::values (checked, defaults filled)
  Origin origin;
  std::string external_id;
};

// A tie or affiliation from the file. Its ends are external ids.
enum class EndKind : uint8_t { person, group, place, any_node };
struct Link {
  bool decided = false;       // kind/provided/values known (edge lists, JSON)
  Kind kind = Kind::tie;
  EndKind from_kind = EndKind::person, to_kind = EndKind::person;
  FieldMask provided = 0;
  uint32_t values = 0;        // when decided
  uint32_t cells = 0;         // kumu: index into KumuLinks::tuples, checked once the ends are known
  Origin origin;
  std::string external_id;    // empty: derived from the ends and kind
  std::string from, to;
};

// Column layout of a Kumu connections file, kept until ends are resolved.
struct KumuLinks {
  std::vector<std::string> headers;   // as written in the file
  std::vector<std::string> fields;    // normalised name per value column
  std::vector<std::string> tuples;    // distinct value cells, length-prefixed
  std::unordered_map<std::string, uint32_t> tuple_index;
  struct Checked {
    uint32_t values;
    FieldMask provided;
  };
  // (variant << 32 | tuple) -> checked values; variant 0 tie, 1 group, 2 place.
  std::unordered_map<uint64_t, Checked> checked;
  bool has_type = false;
};

struct PendingLinks;

// What the rows of one file became.
struct Batch {
  Format format = Format::kumu;
  std::string nodes_file, links_file;  // names for messages
  int64_t rows = 0;
  int64_t merged = 0;                  // edge-list rows folded into an earlier one
  std::vector<Node> nodes;
  std::vector<Link> links;
  std::vector<store::FieldValues> values;
  // Error columns for validator fields, per entity: field name -> header.
  std::map<std::string, std::string> node_columns, link_columns;
  std::unique_ptr<KumuLinks> kumu;
  // A row with a problem is left out and its problem kept here, so one
  // reading finds them all.
  RowErrors errors;
  // IDs of elements whose rows were left out: a link to one is not reported
  // again as a link to an unknown element (its element's row already says why).
  std::unordered_set<std::string> refused_ids;
  // Kumu: a large connections file still being read on a second thread, so
  // the elements can be written meanwhile; finish_reading() waits for it.
  std::unique_ptr<PendingLinks> pending_links;
};

struct PendingLinks {
  Batch links;                  // what the second thread reads into
  std::future<Result<void>> read;  // declared last, so it is waited for before `links` goes
};

// Waits for a connections file still being read (read_kumu) and takes its
// links, columns and problems into b; does nothing when none is pending.
Result<void> finish_reading(Batch& b);

// Errors ---------------------------------------------------------------------

// A row's problem (Errc::invalid) is kept and the reading goes on with the
// next row; anything else (a limit, a failing store) ends the import.
inline Result<void> keep_row_error(RowErrors& errors, Result<void> row) {
  if (row || row.error().code != Errc::invalid) return row;
  errors.add(row.error());
  return {};
}

// "file line N, column C: reason" (CSV) or "file: ties[3].closeness: reason" (JSON).
Error error_at(const Batch& b, const Origin& o, Kind k, std::string_view column, std::string_view reason);
// A validator error (field = JSON field name) reported at a record.
Error validation_error(const Batch& b, const Origin& o, Kind k, const Error& e);

// Cells ----------------------------------------------------------------------

using model::trim;  // one trim, in model/validate.hpp
// "Named By" -> "named_by", "Faith-Group" -> "faith_group".
std::string normalise_name(std::string_view s);
// Turns one CSV cell into the JSON value of field f; empty cells are absent.
// Errors are plain reasons (the caller adds where).
Result<json> cell_value(const model::Field& f, std::string_view cell);
Result<int64_t> parse_whole(std::string_view s);
// Trimmed, 1..kExternalIdBytesMax bytes, no control characters.
Result<std::string> clean_external_id(std::string_view s);

// Checks a create body with validate_create and stores its values; ref fields
// get stand-in ids so the values can be shared by rows with the same cells.
Result<uint32_t> check_values(Batch& b, Kind k, json body);
// Placeholder ids used for ref fields while checking.
json with_stand_in_refs(Kind k, EndKind to_kind, json body);

// Readers --------------------------------------------------------------------

// With defer_links a large connections file may still be being read when
// this returns (Batch::pending_links); finish_reading() completes it.
Result<Batch> read_kumu(const ImportSource& src, bool defer_links = false);
Result<Batch> read_edgelist(const ImportSource& src);
Result<Batch> read_json(const ImportSource& src);

// Kumu connections: the kind follows from what the ends turned out to be.
// Returns the values index for the link's cells as kind k (tie or affiliation).
Result<uint32_t> check_kumu_link(Batch& b, const Link& l, Kind k, EndKind to_kind, FieldMask& provided);

// Length-prefixed joining of cells, unambiguous whatever the cells hold.
void append_cell_key(std::string& key, std::string_view cell);
std::vector<std::string_view> split_cell_key(std::string_view key);

}  // namespace kith::exchange::batch
