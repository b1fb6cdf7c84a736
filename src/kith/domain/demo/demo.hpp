#pragma once
// A synthetic but realistic UK neighbourhood for demos, tests and benchmarks:
// streets, households, people, groups, places, affiliations and ties, with
// loneliness and wellbeing scores that follow how connected each person is.
// Deterministic: the same options give byte-identical records and ids.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/store/store.hpp"

namespace kith::domain {

using json = nlohmann::json;

inline constexpr int kDemoPeopleMin = 1;
inline constexpr int kDemoPeopleMax = 100'000;
inline constexpr int kDemoVenuesMin = 30;  // groups + places
inline constexpr int kDemoVenuesMax = 60;

struct DemoOptions {
  int people = 2000;        // kDemoPeopleMin..kDemoPeopleMax
  uint64_t seed = 1;
  std::string area_name;    // empty: named after the generated neighbourhood
};

// Scores from the two survey waves' wellbeing questions. The register has no
// score fields yet, so each person's notes carry them as
// "demo-scores: ucla3=7 swemwbs=18".
struct DemoScores {
  int ucla3 = 0;    // UCLA 3-item loneliness scale, 3 (least lonely) .. 9
  int swemwbs = 0;  // Short Warwick-Edinburgh Mental Wellbeing Scale, 7 .. 35
};

// Every record is complete as Repository/BulkInserter store it: all user
// fields (validated), plus id, external_id and (area-scoped) area_id.
struct DemoData {
  json area;
  std::vector<json> people, groups, places, ties, affiliations;
  std::vector<DemoScores> scores;  // scores[i] belongs to people[i]
};

struct DemoSummary {
  std::string area_id;
  std::string area_name;
  int64_t people = 0, groups = 0, places = 0, ties = 0, affiliations = 0;
};

// invalid (field "people") when options.people is out of range.
Result<DemoData> generate_demo(const DemoOptions& options);

// Writes the whole area in one transaction. conflict when this seed's area is
// already in the database.
Result<DemoSummary> write_demo(store::Store& s, const DemoData& data);

std::string format_demo_scores(const DemoScores& s);
// Finds "demo-scores: ucla3=N swemwbs=M" anywhere in notes; nullopt when
// absent or out of range.
std::optional<DemoScores> parse_demo_scores(std::string_view notes);

// The fixed timestamp demo records carry (after the second survey wave).
inline constexpr std::string_view kDemoCreatedAt = "2025-04-01T09:00:00Z";

}  // namespace kith::domain
