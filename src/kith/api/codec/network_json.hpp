#pragma once
#include <vector>
// JSON for the analysis layer's reports: one encoder per report, used by the
// API's network routes and by `kith analyze`, so both print the same shape.
// Undefined values are null; suppressed counts are {"count": null, "suppressed": true}.
#include <nlohmann/json.hpp>
#include <string>

#include "kith/analysis/metrics.hpp"
#include "kith/analysis/network.hpp"

namespace kith::api::codec {

// {"graph": {...}, "nodes": [{"id": …, metric: value, …}]}
nlohmann::json network_json(const analysis::NetworkReport& r);
// The same plus the register revision and day it was read at.
// With `only`, the nodes are those people alone (node indices); the graph
// facts still describe the whole network.
nlohmann::json area_network_json(const analysis::AreaNetwork& n, const std::vector<size_t>* only = nullptr);
// The map's positions: {"nodes": [{"id", "x", "y"}], "edges": [[i, j]] (indices
// into nodes)}, or when aggregated {"communities": [{"community", "members",
// "x", "y"}], "community_ties": [{"a", "b", "ties"}]}; with the options run.
nlohmann::json layout_json(const analysis::LayoutReport& l);
nlohmann::json ego_json(const analysis::EgoReport& e);
nlohmann::json summary_json(const analysis::SummaryReport& s);

// The text a report prints for a count, the JSON's "shown" and the CSV's
// (summary_csv.hpp): the number; "<5" for a small count (the server's
// threshold); "withheld" for a cell withheld only so that a total cannot give
// a small one away (it may be large, so "<5" would be untrue).
std::string shown_text(const analysis::Count& c);
// {"count": n or null, "suppressed": bool, "shown": shown_text}
nlohmann::json count_json(const analysis::Count& c);

}  // namespace kith::api::codec
