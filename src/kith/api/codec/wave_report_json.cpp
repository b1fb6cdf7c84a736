#include "kith/api/codec/wave_report_json.hpp"

#include <vector>

#include "kith/api/codec/network_json.hpp"
#include "kith/exchange/csv.hpp"

namespace kith::api::codec {
namespace wave_codec {

using nlohmann::json;
using namespace kith::analysis;

template <class T>
json or_null(const std::optional<T>& x) {
  return x ? json(*x) : json(nullptr);
}

std::string_view why_not(NoEstimate r) {
  switch (r) {
    case NoEstimate::too_few: return "too_few_answers";
    case NoEstimate::no_variation: return "no_variation";
    case NoEstimate::withheld: return "withheld";
    case NoEstimate::none: break;
  }
  return "";
}

json estimate_json(const Estimate& e) {
  return {{"n", e.n},
          {"value", or_null(e.value)},
          {"lower", or_null(e.lower)},
          {"upper", or_null(e.upper)},
          {"p", or_null(e.p)},
          {"why_not", e.reason == NoEstimate::none ? json(nullptr) : json(why_not(e.reason))}};
}

json person_json(const PersonRef& p) { return {{"id", p.id}, {"name", p.name}}; }

json wellbeing_json(const std::vector<WellbeingRow>& rows) {
  json out = json::array();
  for (const auto& r : rows)
    out.push_back({{"group", r.group},
                   {"respondents", count_json(r.respondents)},
                   {"suppressed", r.suppressed},
                   {"swemwbs_mean", estimate_json(r.swemwbs)},
                   {"lonely_share", estimate_json(r.lonely)}});
  return out;
}

json change_json(const WaveChange& c) {
  json gained = json::array(), lost = json::array(), isolated = json::array(), reconnected = json::array(),
       venues = json::array();
  for (const auto& t : c.gained) gained.push_back({person_json(t.a), person_json(t.b)});
  for (const auto& t : c.lost) lost.push_back({person_json(t.a), person_json(t.b)});
  for (const auto& p : c.isolated_now) isolated.push_back(person_json(p));
  for (const auto& p : c.reconnected_now) reconnected.push_back(person_json(p));
  for (const auto& v : c.venues)
    venues.push_back({{"id", v.id},
                      {"name", v.name},
                      {"kind", v.kind},
                      {"members_before", count_json(v.members_before)},
                      {"members_after", count_json(v.members_after)},
                      {"joined", count_json(v.joined)},
                      {"left", count_json(v.left)}});
  return {{"previous_wave", {{"id", c.previous_wave_id}, {"label", c.previous_label}, {"fieldwork_date", c.previous_date}}},
          {"ties_gained", count_json(c.ties_gained)},
          {"ties_lost", count_json(c.ties_lost)},
          {"became_isolated", count_json(c.became_isolated)},
          {"reconnected", count_json(c.reconnected)},
          {"gained", gained},
          {"lost", lost},
          {"isolated_now", isolated},
          {"reconnected_now", reconnected},
          {"groups_and_places", venues}};
}

json paired_json(const PairedWellbeing& p) {
  return {{"people", count_json(p.people)},
          {"swemwbs_change", estimate_json(p.swemwbs_change)},
          {"lonely",
           {{"both_waves", count_json(p.lonely_both)},
            {"previous_only", count_json(p.lonely_before_only)},
            {"this_only", count_json(p.lonely_after_only)},
            {"neither", count_json(p.lonely_neither)},
            {"previous_share", estimate_json(p.lonely_before)},
            {"this_share", estimate_json(p.lonely_after)},
            {"mcnemar_p", or_null(p.lonely_p)}}}};
}

// ---- CSV: one figure a row

struct Row {
  std::string table, group, measure, count, value, lower, upper, shown, note;
};

std::string number_text(double x) { return json(x).dump(); }

std::string withheld_note(const Count& c) {
  return c.suppressed ? "withheld: a count from 1 to " + std::to_string(c.below - 1) : std::string();
}

Row count_row(std::string table, std::string group, std::string measure, const Count& c) {
  Row r{std::move(table), std::move(group), std::move(measure), {}, {}, {}, {}, shown_text(c), withheld_note(c)};
  if (c.value) r.count = std::to_string(*c.value);
  return r;
}

Row estimate_row(std::string table, std::string group, std::string measure, const Estimate& e) {
  Row r{std::move(table), std::move(group), std::move(measure), std::to_string(e.n), {}, {}, {}, {}, {}};
  if (e.value) r.value = number_text(*e.value);
  if (e.lower) r.lower = number_text(*e.lower);
  if (e.upper) r.upper = number_text(*e.upper);
  if (e.reason != NoEstimate::none) r.note = e.value ? "no interval: " + std::string(why_not(e.reason)) : std::string(why_not(e.reason));
  if (e.p) r.note = r.note.empty() ? "p " + number_text(*e.p) : r.note + "; p " + number_text(*e.p);
  return r;
}

void wellbeing_rows(const std::string& table, const std::vector<WellbeingRow>& rows, std::vector<Row>& out) {
  for (const auto& w : rows) {
    out.push_back(count_row(table, w.group, "respondents", w.respondents));
    out.push_back(estimate_row(table, w.group, "swemwbs_mean", w.swemwbs));
    out.push_back(estimate_row(table, w.group, "lonely_share", w.lonely));
  }
}

std::vector<Row> rows_of(const WaveReport& r) {
  std::vector<Row> out;
  out.push_back(count_row("response", "", "started", r.response.started));
  out.push_back(count_row("response", "", "completed", r.response.completed));
  out.push_back(count_row("response", "", "refused", r.response.refused));
  out.push_back(count_row("response", "", "in_progress", r.response.in_progress));
  out.push_back(estimate_row("response", "", "response_rate", r.response.response_rate));
  for (const auto& c : r.coverage) {
    out.push_back(count_row("coverage", c.group, "people", c.people));
    out.push_back(count_row("coverage", c.group, "surveyed", c.surveyed));
  }
  out.push_back(count_row("coverage", "", "named_not_interviewed", r.named_not_interviewed));
  out.push_back(count_row("coverage", "", "unresolved_names", r.unresolved_names));
  wellbeing_rows("by_contacts", r.by_contacts, out);
  wellbeing_rows("by_isolation", r.by_isolation, out);
  out.push_back(estimate_row("correlation", "", "contacts_swemwbs_pearson", r.contacts_swemwbs));
  out.push_back(estimate_row("correlation", "", "contacts_ucla3_spearman", r.contacts_ucla));
  if (r.change) {
    const auto& c = *r.change;
    out.push_back(count_row("change", "", "ties_gained", c.ties_gained));
    out.push_back(count_row("change", "", "ties_lost", c.ties_lost));
    out.push_back(count_row("change", "", "became_isolated", c.became_isolated));
    out.push_back(count_row("change", "", "reconnected", c.reconnected));
    for (const auto& v : c.venues) {
      out.push_back(count_row("groups_and_places", v.name, "members_before", v.members_before));
      out.push_back(count_row("groups_and_places", v.name, "members_after", v.members_after));
      out.push_back(count_row("groups_and_places", v.name, "joined", v.joined));
      out.push_back(count_row("groups_and_places", v.name, "left", v.left));
    }
  }
  if (r.paired) {
    const auto& p = *r.paired;
    out.push_back(count_row("paired", "", "people", p.people));
    out.push_back(estimate_row("paired", "", "swemwbs_change", p.swemwbs_change));
    out.push_back(count_row("paired", "", "lonely_both_waves", p.lonely_both));
    out.push_back(count_row("paired", "", "lonely_previous_only", p.lonely_before_only));
    out.push_back(count_row("paired", "", "lonely_this_only", p.lonely_after_only));
    out.push_back(count_row("paired", "", "lonely_neither", p.lonely_neither));
    Estimate mcnemar = p.lonely_after;
    mcnemar.p = p.lonely_p;
    out.push_back(estimate_row("paired", "", "lonely_this_share", mcnemar));
    out.push_back(estimate_row("paired", "", "lonely_previous_share", p.lonely_before));
  }
  return out;
}

}  // namespace wave_codec

using namespace wave_codec;

nlohmann::json wave_report_json(const analysis::WaveReport& r) {
  json coverage = json::array();
  for (const auto& c : r.coverage)
    coverage.push_back({{"group", c.group}, {"people", count_json(c.people)}, {"surveyed", count_json(c.surveyed)}});
  return {{"wave", {{"id", r.wave_id}, {"label", r.label}, {"ordinal", r.ordinal},
                    {"fieldwork_date", r.fieldwork_date}, {"instrument_id", r.instrument_id}, {"status", r.status}}},
          {"suppress_below", r.suppress_below},
          {"aggregates_only", r.aggregates_only},
          {"response",
           {{"started", count_json(r.response.started)},
            {"completed", count_json(r.response.completed)},
            {"refused", count_json(r.response.refused)},
            {"in_progress", count_json(r.response.in_progress)},
            {"response_rate", estimate_json(r.response.response_rate)}}},
          {"coverage", coverage},
          {"named_not_interviewed", count_json(r.named_not_interviewed)},
          {"unresolved_names", count_json(r.unresolved_names)},
          {"by_contacts", wellbeing_json(r.by_contacts)},
          {"by_isolation", wellbeing_json(r.by_isolation)},
          {"correlations",
           {{"contacts_swemwbs_pearson", estimate_json(r.contacts_swemwbs)},
            {"contacts_ucla3_spearman", estimate_json(r.contacts_ucla)}}},
          {"network", summary_json(r.network)},
          {"change", r.change ? change_json(*r.change) : json(nullptr)},
          {"paired", r.paired ? paired_json(*r.paired) : json(nullptr)}};
}

std::string wave_report_csv(const analysis::WaveReport& r) {
  std::string out;
  exchange::csv::append_record(out, {"table", "group", "measure", "count", "value", "lower", "upper", "shown", "note"});
  for (const auto& row : rows_of(r)) {
    // Names of groups and places are typed by people: a leading = must not
    // run as a formula. Numbers go as they are, so a negative r stays a number.
    const std::string group = exchange::csv::spreadsheet_text(row.group);
    exchange::csv::append_record(out, {row.table, group, row.measure, row.count, row.value, row.lower, row.upper,
                                       row.shown, row.note});
  }
  return out;
}

}  // namespace kith::api::codec
