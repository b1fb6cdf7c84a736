#pragma once
// The demo's survey (issue 11): the instrument the issue describes (three name
// generators, the area's groups and places, the loneliness and wellbeing
// scales, a few details and one open question), published, and an open
// baseline wave, so a researcher who signs in to the demo can start an
// interview at once.
#include <nlohmann/json.hpp>
#include <string>

#include "kith/core/result.hpp"
#include "kith/domain/survey/surveys.hpp"

namespace kith::domain {

// The instrument's definition, in English and Welsh.
nlohmann::json demo_instrument_definition();

struct DemoSurvey {
  std::string instrument_id, wave_id;
};

// Makes and publishes the instrument and opens the "Baseline" wave.
Result<DemoSurvey> create_demo_survey(survey::Surveys& surveys, std::string_view area_id, const model::Actor& who);

}  // namespace kith::domain
