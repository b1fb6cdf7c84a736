#pragma once
// Import and export of a whole area: Kumu-style CSV pairs, plain edge lists,
// JSON, and (export only) GraphML and GEXF. Imports are all-or-nothing and
// idempotent: rows carry stable external ids, so re-importing updates in place.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/store.hpp"

namespace kith::exchange {

enum class Format { kumu, edgelist, json, graphml, gexf };
// "kumu", "edgelist", "json", "graphml", "gexf"; invalid (field "format") otherwise.
Result<Format> parse_format(std::string_view name);
std::string_view format_name(Format f);

inline constexpr int64_t kImportRowsMax = 5'000'000;   // rows in one import
inline constexpr size_t kImportBytesMax = 512u << 20;  // bytes in one import

struct ImportSource {
  Format format = Format::kumu;
  std::string elements;     // kumu: elements CSV; edgelist/json: the whole input
  std::string connections;  // kumu: connections CSV; unused otherwise
  std::string name = "input";  // file name used in error messages
  std::string connections_name = "connections";  // kumu: the connections file's name in messages
};

// The problems found in an import's rows. A file with a wrong column can
// have one on every row, so only the first kRowErrorsKept are kept: enough
// to fix the file by, and an answer of bounded size; `total` counts them all.
inline constexpr size_t kRowErrorsKept = 500;
struct RowErrors {
  std::vector<Error> kept;  // in the order found
  int64_t total = 0;
  void add(Error e) {
    ++total;
    if (kept.size() < kRowErrorsKept) kept.push_back(std::move(e));
  }
  void append(RowErrors&& more);
  bool any() const { return total > 0; }
};

struct ImportOptions {
  // Check every row and count what would be added, updated and left, then
  // roll the transaction back: nothing is written, nothing is audited.
  bool preview = false;
};

struct ImportReport {
  int64_t rows = 0;                          // data rows read
  int64_t merged = 0;                        // edge-list rows folded into an earlier row for the same pair
  std::map<std::string, int64_t> added;      // by entity plural
  std::map<std::string, int64_t> updated;
  std::map<std::string, int64_t> unchanged;
  std::string area_id;                       // the area written to (not in to_json)
  bool preview = false;                      // counted only; nothing written
  // Every row's problem, in file order (the first file, then the second, by
  // line or record), at most kRowErrorsKept of them; errors_total counts all.
  // With any, nothing was written. Not in to_json: only api/ and cli/ shape them.
  std::vector<Error> errors;
  int64_t errors_total = 0;
  nlohmann::json to_json() const;
};

// Errors name the file, line (1-based, header is line 1), column and reason;
// on any error nothing is written.
Result<ImportReport> import_data(store::Store& s, std::string_view area_id, const ImportSource& src,
                                 const model::Actor& who);
// As import_data, but a problem in the rows is not an Error: the report
// lists every one (errors, errors_total) and nothing is written. A problem
// with the whole input (a header, a broken quote, a limit, an unknown area)
// is still an Error, as with import_data. With options.preview nothing is
// written either way, and the counts say what the import would do.
Result<ImportReport> import_checked(store::Store& s, std::string_view area_id, const ImportSource& src,
                                    const model::Actor& who, ImportOptions options);
// Creates an area named `area_name` and imports into it in the same
// transaction, so a refused file leaves no area behind; report.area_id names it.
Result<ImportReport> import_new_area(store::Store& s, std::string_view area_name, const ImportSource& src,
                                     const model::Actor& who);

// The pseudonymised research export's name, for a `format` parameter. It is
// not (yet) a Format value: adding one needs a case in each switch over
// Format in api/handlers.cpp (export_file, import_area), so until those are
// written callers test for this name before parse_format, as cli/ does.
inline constexpr std::string_view kResearchFormatName = "research";

// A pseudonymised network of the area for researchers (write_research.cpp),
// as application/json: fresh random ids every call, a birth decade or
// postcode district shown only where at least 5 exported people share it,
// no names, free text or ids from the register; people whose consent does
// not cover research are left out with their ties. Audited as an export
// (format "research", counts). not_found for an unknown area.
Result<std::string> export_research(store::Store& s, std::string_view area_id, const model::Actor& who);

// `part` selects "elements" or "connections" for Kumu; ignored otherwise.
Result<std::string> export_data(store::Store& s, std::string_view area_id, Format f, std::string_view part,
                                const model::Actor& who);

}  // namespace kith::exchange
