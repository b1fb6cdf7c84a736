#pragma once
// An interview's answers to an instrument (issue 11), checked against the
// instrument and scored. The device sends them as JSON (docs/api.md,
// "Surveys"); parse_answers gives the typed form, refusing anything the
// instrument does not ask and naming the field ("answers.scales.ucla3[2]").
// Partial answers are normal while an interview is in progress: nothing is
// required until the interview is completed, and even then a scale item left
// unanswered is kept as missing, never imputed (the scale is then unscored).
// Pure: no store; whether a group id exists is the service's check.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/domain/survey/instrument.hpp"
#include "kith/measures/score.hpp"

namespace kith::domain::survey {

inline constexpr size_t kSaidBytesMax = 200;       // "Mary at number 12, from the allotments"
inline constexpr size_t kFreeTextBytesMax = 4000;  // a few paragraphs

// One person a respondent named in a name generator, with the interpreters
// the section asks (absent: not asked, or not answered).
struct NamedPerson {
  std::string said;
  std::optional<std::string> relationship;  // one of the register's tie kinds
  std::optional<int> closeness;             // 1 (not close) … 5 (very close)
  std::optional<std::string> frequency;     // daily, weekly, monthly, less_often
  std::optional<bool> nearby;
};

// A group or place the respondent ticked on a roster.
struct RosterTick {
  std::string id;  // gr_… or pl_…
  std::optional<std::string> frequency;
};

// A named person's interpreters as stored with their mention: only those answered.
nlohmann::json named_interpreters_json(const NamedPerson& p);

// At a follow-up wave, what the respondent says of someone they named at the
// wave before (a mention of that wave): still in touch, and closer or not.
enum class CloserOrNot { same, closer, less_close };
inline constexpr size_t kCarriedMax = 200;  // every name of every generator of the wave before
struct CarriedName {
  std::string mention;  // mn_… of the previous wave
  bool in_touch = true;
  CloserOrNot closeness = CloserOrNot::same;
};
std::string_view closer_or_not_name(CloserOrNot c);

struct Answers {
  std::map<std::string, std::vector<NamedPerson>> names;            // by name generator key
  std::map<std::string, std::vector<RosterTick>> rosters;           // by roster key
  std::map<std::string, std::vector<std::optional<int>>> scales;    // by scale name; item 1 first
  std::map<std::string, std::string> demographics;                  // birth_band, postcode_district
  std::map<std::string, std::string> text;                          // by free-text key
  std::vector<CarriedName> carried;  // names from the wave before; checked against it by the service
};

// Checks `answers` (an object, possibly empty) against the instrument.
Result<Answers> parse_answers(const Instrument& in, const nlohmann::json& answers);
// The canonical form stored and sent back: keys sorted, absent answers left out.
nlohmann::json answers_json(const Answers& a);

// Each scale the instrument asks, scored from the answers; a scale with no
// answers at all is scored with every item missing.
struct ScaleResult {
  measures::ScaleId scale;
  measures::ScaleScore score;
};
std::vector<ScaleResult> score_answers(const Instrument& in, const Answers& a);
// The stored form of the scores: {"ucla3": {"raw": 5, "metric_hundredths": null,
// "category": "not_lonely", "bands": null, "missing": []}, …}.
nlohmann::json scores_json(const std::vector<ScaleResult>& scores);

}  // namespace kith::domain::survey
