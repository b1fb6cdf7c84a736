#pragma once
// The wave report (issue 11, docs/surveys.md "The wave report"): what one
// survey wave found and what changed since the wave before it. The network of
// a wave is the register's network on the wave's fieldwork date (its
// completed interviews added their ties and affiliations dated so); the
// wellbeing figures come from the scores stored with each completed
// interview. Researchers see the people behind the changes; for a viewer who
// may see no individual, keep_aggregates_only leaves counts and estimates of
// at least `suppress_below` people.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kith/analysis/network.hpp"
#include "kith/analysis/stats.hpp"
#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/store.hpp"

namespace kith::analysis {

// How the wave's doors went: every interview a device started is one.
struct WaveResponse {
  Count started, completed, refused, in_progress;
  Estimate response_rate;  // completed of completed + refused
};

// One isolation class (or everyone) on the wave's date, and how many of its
// people were interviewed in the wave: the rest were named or already known.
struct CoverageRow {
  std::string group;  // everyone, no_ties, one_tie, no_weekly_contact, family_only_ties
  Count people, surveyed;
};

// Respondents in one band of contacts or one isolation class.
struct WellbeingRow {
  std::string group;  // "0", "1", "2-3", "4-6", "7+" or an isolation class, or "none_of_these"
  Count respondents;
  Estimate swemwbs;   // mean metric score
  Estimate lonely;    // share lonely on the UCLA 3-item scale (raw 6 to 9)
  bool suppressed = false;  // too few respondents: only the withheld count is shown
};

struct PersonRef {
  std::string id, name;
};

struct TieChange {
  PersonRef a, b;
};

struct VenueChange {
  std::string id, name, kind;  // kind: group or place
  Count members_before, members_after, joined, left;
};

struct WaveChange {
  std::string previous_wave_id, previous_label, previous_date;
  Count ties_gained, ties_lost, became_isolated, reconnected;
  // Researchers only (empty after keep_aggregates_only).
  std::vector<TieChange> gained, lost;
  std::vector<PersonRef> isolated_now, reconnected_now;
  std::vector<VenueChange> venues;  // those whose members changed
};

// People interviewed in this wave and the one before.
struct PairedWellbeing {
  Count people;
  Estimate swemwbs_change;  // mean of this wave − previous, paired t
  // UCLA-3 lonely at each wave: the four cells, the two shares, McNemar's exact test.
  Count lonely_both, lonely_before_only, lonely_after_only, lonely_neither;
  Estimate lonely_before, lonely_after;
  std::optional<double> lonely_p;
};

struct WaveReport {
  std::string wave_id, label, fieldwork_date, instrument_id, status;
  int64_t ordinal = 0;
  int64_t suppress_below = kSmallCountMin;
  bool aggregates_only = false;
  WaveResponse response;
  std::vector<CoverageRow> coverage;
  Count named_not_interviewed;  // register people respondents named who were not interviewed in the wave
  Count unresolved_names;       // names not (yet) matched to a register person; they count as contacts
  std::vector<WellbeingRow> by_contacts, by_isolation;
  Estimate contacts_swemwbs;  // Pearson's r
  Estimate contacts_ucla;     // Spearman's rho
  SummaryReport network;      // the area summary on the fieldwork date
  std::optional<WaveChange> change;
  std::optional<PairedWellbeing> paired;
};

// The bands of contacts the report groups respondents by.
std::string_view contacts_band(uint64_t contacts);

class WaveReports {
 public:
  WaveReports(store::Store& s, NetworkService& n) : store_(s), network_(n) {}
  // not_found when the wave is not the area's. Audited: it reads the network's people.
  Result<WaveReport> report(const std::string& area_id, const std::string& wave_id, const model::Actor& who);

 private:
  store::Store& store_;
  NetworkService& network_;
};

// For a viewer who may see no individual (a commissioner): drops every list of
// people; withholds counts from 1 to suppress_below − 1 and every estimate
// resting on fewer than suppress_below people; the network summary as
// keep_aggregates_only(SummaryReport&) leaves it.
void keep_aggregates_only(WaveReport& r);

}  // namespace kith::analysis
