#pragma once
// The area summary as CSV, for spreadsheet users: one row per figure, with
// the same figures and the same suppression as summary_json. The one writer,
// used by GET …/network/summary?format=csv and by `kith analyze --area …
// --summary --format csv`, so both print the same bytes. Layout and the
// meaning of each column: docs/metrics.md ("The summary as CSV").
#include <string>
#include <string_view>

#include "kith/analysis/network.hpp"

namespace kith::api::codec {

// The header row (without its line end).
inline constexpr std::string_view kSummaryCsvColumns = "measure,scope,group,id,count,value,shown,note";

// RFC 4180 (quoted where needed, CRLF line ends), every cell guarded against
// spreadsheet formulas (exchange::csv::spreadsheet_text). A count that is
// suppressed or withheld leaves `count` empty and says why in `note`; it is
// never written anywhere in the file.
std::string summary_csv(const analysis::SummaryReport& s);

}  // namespace kith::api::codec
