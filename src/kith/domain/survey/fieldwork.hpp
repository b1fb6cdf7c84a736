#pragma once
// Fieldwork logistics for a survey wave (issue 11): a coordinator assigns
// streets, or single households, to interviewers; interviewers record the
// doorstep visits that did not become an interview; the supervisor reads
// coverage by street, response and refusal rates, and each interviewer's
// progress. docs/surveys.md ("Fieldwork") gives the rules and the rates.
//
// A household is its label as the register writes it ("12 Elm Road", "Flat
// 2, 12 Elm Road"); its street is the label without the house number (the
// last part that starts with a number, so "Flat 2, 12 Elm Road" is on Elm
// Road). Streets and households are matched with case, marks and spacing
// folded.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/connection.hpp"
#include "kith/store/store.hpp"

namespace kith::domain::survey {

using json = nlohmann::json;

inline constexpr size_t kStreetBytesMax = 100;     // as a household label (schema: people.household)
inline constexpr int64_t kDoorsMax = 10'000;       // households on one street
inline constexpr size_t kAssignmentsMax = 5'000;   // assignments in one wave
inline constexpr size_t kFieldworkRegisterMax = 100'000;  // people read for the households they live in

// The street of a household label: "12 Elm Road" → "Elm Road", "Flat 2,
// 12 Elm Road" → "Elm Road", "Rose Cottage" → "Rose Cottage".
std::string street_of(std::string_view household);
// Folded for matching: "  Elm   ROAD " and "elm road" have one key.
std::string place_key(std::string_view text);

// A household's outcome in the wave, best first: a household with several
// visits and interviews is counted once, at its best outcome.
enum class Outcome { completed, in_progress, refused, not_eligible, call_back, no_answer };
std::string_view outcome_name(Outcome o);  // "completed", …, "no_answer"

// A share with what it is a share of; `of` 0 means there is nothing to divide.
struct Share {
  int64_t count = 0, of = 0;
  std::optional<double> value() const {
    if (of == 0) return std::nullopt;
    return static_cast<double>(count) / static_cast<double>(of);
  }
};

// Households by their outcome in the wave.
struct Tally {
  int64_t completed = 0, in_progress = 0, refused = 0, not_eligible = 0, call_back = 0, no_answer = 0;
  int64_t visited() const { return completed + in_progress + refused + not_eligible + call_back + no_answer; }
  int64_t eligible_visited() const { return visited() - not_eligible; }
  void add(Outcome o);
  void add(const Tally& t);
};

struct StreetCoverage {
  std::string street;                     // as first written; empty: interviews with no household recorded
  std::vector<std::string> interviewers;  // assigned the street or one of its households
  int64_t doors = 0;                      // the coordinator's count; 0 when not given
  int64_t households_known = 0;           // register, assignments, interviews and visits
  Tally outcomes;
  int64_t households() const { return doors > households_known ? doors : households_known; }
  int64_t not_visited() const { return households() - outcomes.visited(); }
  Share coverage() const { return {outcomes.visited(), households()}; }
  Share response() const { return {outcomes.completed, outcomes.eligible_visited()}; }
  Share refusal() const { return {outcomes.refused, outcomes.eligible_visited()}; }
};

struct InterviewerProgress {
  std::string interviewer;   // username
  int64_t streets = 0;       // whole streets assigned
  int64_t households = 0;    // single households assigned
  int64_t assigned_households = 0;  // households of those streets, and the single ones
  int64_t reached = 0;       // of those, visited by anyone
  Tally own;                 // households at the outcome this interviewer recorded
  std::string last_activity; // when they last sent an interview or a visit; empty: never
  Share progress() const { return {reached, assigned_households}; }
};

struct FieldworkReport {
  std::string area_id, wave_id, wave_label;
  std::vector<StreetCoverage> streets;  // by street (folded); the no-household row last when present
  StreetCoverage total;                 // every street together
  std::vector<InterviewerProgress> interviewers;  // by username
};

// The wave's assignments as records, for the wave bundle a device keeps.
Result<json> wave_assignments(store::Connection& c, int64_t wave_row);

class Fieldwork {
 public:
  explicit Fieldwork(store::Store& s) : store_(s) {}

  // {items: [assignment…], interviewers: [{username, display_name}]}: the
  // wave's assignments and who may be given one (the area's admins and
  // researchers, not disabled).
  Result<json> list_assignments(std::string_view area_id, std::string_view wave_id);
  // body {street, household?, doors?, interviewer}. conflict when the street
  // or household is assigned already; invalid naming the field otherwise.
  Result<json> assign(std::string_view area_id, std::string_view wave_id, const json& body, const model::Actor& who);
  Result<void> unassign(std::string_view area_id, std::string_view wave_id, std::string_view id,
                        const model::Actor& who);
  // body {household, outcome}: a doorstep visit that did not become an
  // interview, keyed by the device. Sent again, it is the same visit
  // (`created` false); the same key with another household or outcome is a
  // conflict.
  struct VisitOutcome {
    bool created = false;
    json visit;
  };
  Result<VisitOutcome> record_visit(std::string_view area_id, std::string_view wave_id, std::string_view key,
                                    const json& body, const model::Actor& who);
  Result<FieldworkReport> report(std::string_view area_id, std::string_view wave_id);

 private:
  store::Store& store_;
};

}  // namespace kith::domain::survey
