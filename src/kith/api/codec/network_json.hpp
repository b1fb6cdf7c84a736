#pragma once
// JSON for the analysis layer's reports: one encoder per report, used by the
// API's network routes and by `kith analyze`, so both print the same shape.
// Undefined values are null; suppressed counts are {"count": null, "suppressed": true}.
#include <nlohmann/json.hpp>

#include "kith/analysis/metrics.hpp"
#include "kith/analysis/network.hpp"

namespace kith::api::codec {

// {"graph": {...}, "nodes": [{"id": …, metric: value, …}]}
nlohmann::json network_json(const analysis::NetworkReport& r);
// The same plus the register revision and day it was read at.
nlohmann::json area_network_json(const analysis::AreaNetwork& n);
nlohmann::json ego_json(const analysis::EgoReport& e);
nlohmann::json summary_json(const analysis::SummaryReport& s);

}  // namespace kith::api::codec
