#pragma once
// The wave report (analysis/waves.hpp) as JSON and as CSV, for the API's
// GET …/survey/waves/{id}/report. Both are encoded from the same report after
// keep_aggregates_only, so the CSV never shows what the JSON withholds.
// An estimate is {"n", "value", "lower", "upper", "p", "why_not"}: value and
// interval null when withheld or undefined, why_not "too_few_answers",
// "no_variation" or "withheld" (resting on fewer people than a commissioner
// may see) then.
#include <nlohmann/json.hpp>
#include <string>

#include "kith/analysis/waves.hpp"

namespace kith::api::codec {

nlohmann::json wave_report_json(const analysis::WaveReport& r);
// One row a figure: table, group, measure, count, value, lower, upper, shown, note.
std::string wave_report_csv(const analysis::WaveReport& r);

}  // namespace kith::api::codec
