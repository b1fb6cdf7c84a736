#include "kith/api/codec/summary_csv.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

#include "kith/api/codec/network_json.hpp"
#include "kith/exchange/csv.hpp"

namespace kith::api::codec {
namespace {

using namespace kith::analysis;

constexpr std::string_view kRestWithheld = "its other figures are withheld too";

// Whose figure a row gives: the whole area, one value of the breakdown's
// attribute, one group or place, or one broker.
struct Scope {
  std::string scope, group, id;
};

struct Row {
  std::string measure;
  Scope where;
  std::string count, value, shown, note;
};

// The digits the JSON answer has for the same number, so the two agree.
template <class T>
std::string number_text(T x) {
  return nlohmann::json(x).dump();
}

std::string joined(const std::string& a, std::string_view b) { return a.empty() ? std::string(b) : a + "; " + std::string(b); }

std::string withheld_note(const Count& c) {
  if (!c.suppressed) return {};
  if (c.complementary) return "withheld: a total could give a small count away";
  return "withheld: a count from 1 to " + std::to_string(c.below - 1);
}

// A count of people: `count` only when it is shown, `shown` as the JSON says.
Row count_row(std::string measure, const Scope& where, const Count& c) {
  Row r{std::move(measure), where, {}, {}, shown_text(c), withheld_note(c)};
  if (!c.suppressed && c.value) r.count = std::to_string(*c.value);
  return r;
}

// An isolation class: its count, with its share of the scope's people as the value.
Row share_row(std::string measure, const Scope& where, const Share& s) {
  Row r = count_row(std::move(measure), where, s.count);
  if (s.share) r.value = number_text(*s.share);
  return r;
}

// A count the JSON gives as a plain number (the area's people and ties,
// components, communities): nothing in it is withheld.
Row plain_count_row(std::string measure, const Scope& where, uint64_t n) {
  const std::string text = std::to_string(n);
  return Row{std::move(measure), where, text, {}, text, {}};
}

// A figure that is not a count (density, Gini, modularity, betweenness, constraint).
Row figure_row(std::string measure, const Scope& where, std::optional<double> x) {
  if (!x) return Row{std::move(measure), where, {}, {}, {}, "not defined"};
  const std::string text = number_text(*x);
  return Row{std::move(measure), where, {}, text, text, {}};
}

void add_isolation(std::vector<Row>& out, const Scope& where, const Isolation& i) {
  out.push_back(share_row("no ties", where, i.no_ties));
  out.push_back(share_row("one tie", where, i.one_tie));
  out.push_back(share_row("no weekly contact", where, i.no_weekly_contact));
  out.push_back(share_row("family-only ties", where, i.family_only_ties));
}

// "people with 0 contacts", "people with 1 contact", "people with 10 or more contacts".
std::string degree_measure(const DegreeBin& b) {
  return "people with " + std::to_string(b.contacts) + (b.or_more ? " or more" : "") +
         (b.contacts == 1 && !b.or_more ? " contact" : " contacts");
}

void add_area(std::vector<Row>& out, const SummaryReport& s) {
  const Scope area{"area", {}, {}};
  out.push_back(s.people_shown ? count_row("people", area, *s.people_shown) : plain_count_row("people", area, s.people));
  out.push_back(s.ties_shown ? count_row("ties", area, *s.ties_shown) : plain_count_row("ties", area, s.ties));
  out.push_back(s.groups_shown ? count_row("groups", area, *s.groups_shown) : plain_count_row("groups", area, s.groups));
  out.push_back(s.places_shown ? count_row("places", area, *s.places_shown) : plain_count_row("places", area, s.places));
  out.push_back(figure_row("density", area, s.density));
  out.push_back(figure_row("Gini of degree", area, s.gini_degree));
  out.push_back(plain_count_row("components", area, s.components));
  out.push_back(plain_count_row("communities", area, s.communities));
  out.push_back(figure_row("modularity", area, s.modularity));
  add_isolation(out, area, s.isolation);
  for (const DegreeBin& b : s.degree_distribution) out.push_back(count_row(degree_measure(b), area, b.people));
}

// Brokers are people: only a viewer who may see individuals gets them (the
// handler and the CLI empty the list otherwise, keep_aggregates_only).
void add_broker(std::vector<Row>& out, const Broker& b) {
  const Scope where{"broker", {}, b.id};
  out.push_back(figure_row("normalised betweenness", where, b.betweenness_norm));
  out.push_back(figure_row("constraint", where, b.constraint));
  const std::string community = number_text(b.community);  // a label, not a count
  out.push_back(Row{"community", where, {}, community, community, {}});
}

// A group or place whose member count is withheld shows nothing else, as in the JSON.
void add_venue(std::vector<Row>& out, const Venue& v) {
  const Scope where{v.type, v.name, v.id};
  Row members = count_row("members", where, v.members);
  if (v.members.suppressed) {
    members.note = joined(members.note, kRestWithheld);
    out.push_back(std::move(members));
    return;
  }
  out.push_back(std::move(members));
  if (v.only_link_pairs)
    out.push_back(count_row("only-link pairs", where, *v.only_link_pairs));
  else
    out.push_back(Row{"only-link pairs", where, {}, {}, {}, "not counted: too many member pairs across the groups and places"});
  if (v.communities_spanned) out.push_back(plain_count_row("communities spanned", where, *v.communities_spanned));
  out.push_back(figure_row("betweenness", where, v.betweenness));
}

// A value's group hidden as a whole (under 5 people, or withheld so that the
// people column cannot give another away) shows its people count only.
void add_breakdown_row(std::vector<Row>& out, SummaryBreakdown by, const BreakdownRow& b) {
  const Scope where{std::string(breakdown_name(by)), b.value.value_or("not recorded"), {}};
  Row people = count_row("people", where, b.people);
  if (b.suppressed) {
    people.note = joined(people.note, kRestWithheld);
    out.push_back(std::move(people));
    return;
  }
  out.push_back(std::move(people));
  out.push_back(figure_row("density", where, b.density));
  out.push_back(figure_row("Gini of degree", where, b.gini_degree));
  if (b.communities) out.push_back(plain_count_row("communities", where, *b.communities));
  if (b.isolation) add_isolation(out, where, *b.isolation);
}

}  // namespace

std::string summary_csv(const SummaryReport& s) {
  std::vector<Row> rows;
  add_area(rows, s);
  for (const auto& b : s.top_brokers) add_broker(rows, b);
  for (const auto& v : s.brings_people_together) add_venue(rows, v);
  for (const auto& b : s.breakdown) add_breakdown_row(rows, s.by, b);
  std::string out(kSummaryCsvColumns);
  out += "\r\n";
  for (const Row& r : rows)
    exchange::csv::append_spreadsheet_record(
        out, {r.measure, r.where.scope, r.where.group, r.where.id, r.count, r.value, r.shown, r.note});
  return out;
}

}  // namespace kith::api::codec
