// The area summary as CSV, from reports built by hand (no database): every
// byte written out here, so a change of layout, wording, quoting or
// suppression fails.
#include "kith/api/codec/summary_csv.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace kith::analysis;
using kith::api::codec::summary_csv;

Isolation isolation(Share no_ties, Share one_tie, Share no_weekly, Share family_only) {
  return Isolation{no_ties, one_tie, no_weekly, family_only};
}

const Share kWithheld{complementary_count(), std::nullopt};

SummaryReport area_report() {
  SummaryReport s;
  s.people = 12;
  s.ties = 7;
  s.density = 0.25;
  s.gini_degree = std::nullopt;
  s.components = 3;
  s.communities = 2;
  s.modularity = 0.5;
  s.isolation = isolation(share_of(6, 12), share_of(3, 12), share_of(0, 12), kWithheld);
  s.groups = 2;
  s.places = 0;
  // Bins as the engine leaves them: one small, the open bin its complement.
  s.degree_distribution = {DegreeBin{0, false, suppressed_count(6)}, DegreeBin{1, false, suppressed_count(3)},
                           DegreeBin{10, true, complementary_count()}};
  return s;
}

constexpr const char* kHeader = "measure,scope,group,id,count,value,shown,note\r\n";
constexpr const char* kAreaRows =
    "people,area,,,12,,12,\r\n"
    "ties,area,,,7,,7,\r\n"
    "groups,area,,,2,,2,\r\n"
    "places,area,,,0,,0,\r\n"
    "density,area,,,,0.25,0.25,\r\n"
    "Gini of degree,area,,,,,,not defined\r\n"
    "components,area,,,3,,3,\r\n"
    "communities,area,,,2,,2,\r\n"
    "modularity,area,,,,0.5,0.5,\r\n"
    "no ties,area,,,6,0.5,6,\r\n"
    "one tie,area,,,,,<5,withheld: a count from 1 to 4\r\n"
    "no weekly contact,area,,,0,0.0,0,\r\n"
    "family-only ties,area,,,,,withheld,withheld: a total could give a small count away\r\n"
    "people with 0 contacts,area,,,6,,6,\r\n"
    "people with 1 contact,area,,,,,<5,withheld: a count from 1 to 4\r\n"
    "people with 10 or more contacts,area,,,,,withheld,withheld: a total could give a small count away\r\n";

TEST(SummaryCsv, TheAreaFiguresOneRowEach) {
  EXPECT_EQ(summary_csv(area_report()), std::string(kHeader) + kAreaRows);
}

TEST(SummaryCsv, BrokersVenuesAndABreakdownFollowTheArea) {
  SummaryReport s = area_report();
  s.top_brokers = {Broker{"pe_1", 0.5, std::nullopt, 1}};
  // A venue whose name would run as a formula, with its pairs not counted;
  // a small one, whose name needs quotes.
  s.brings_people_together = {Venue{"gr_1", "-1+2", "group", suppressed_count(7), std::nullopt, 2, 0.125},
                              Venue{"pl_1", "Hall, upstairs", "place", suppressed_count(4), std::nullopt, std::nullopt,
                                    std::nullopt}};
  s.by = SummaryBreakdown::birth_band;
  s.breakdown = {BreakdownRow{std::nullopt, suppressed_count(2), true, {}, {}, {}, {}},
                 BreakdownRow{"1950s", complementary_count(), true, {}, {}, {}, {}},
                 BreakdownRow{"1960s", suppressed_count(10), false,
                              isolation(share_of(5, 10), share_of(0, 10), share_of(1, 10), kWithheld), 0.5, 0.75, 2}};
  const std::string want =
      std::string(kHeader) + kAreaRows +
      "normalised betweenness,broker,,pe_1,,0.5,0.5,\r\n"
      "constraint,broker,,pe_1,,,,not defined\r\n"
      "community,broker,,pe_1,,1,1,\r\n"
      "members,group,'-1+2,gr_1,7,,7,\r\n"
      "only-link pairs,group,'-1+2,gr_1,,,,not counted: too many member pairs across the groups and places\r\n"
      "communities spanned,group,'-1+2,gr_1,2,,2,\r\n"
      "betweenness,group,'-1+2,gr_1,,0.125,0.125,\r\n"
      "members,place,\"Hall, upstairs\",pl_1,,,<5,withheld: a count from 1 to 4; its other figures are withheld too\r\n"
      "people,birth_band,not recorded,,,,<5,withheld: a count from 1 to 4; its other figures are withheld too\r\n"
      "people,birth_band,1950s,,,,withheld,withheld: a total could give a small count away; its other figures are "
      "withheld too\r\n"
      "people,birth_band,1960s,,10,,10,\r\n"
      "density,birth_band,1960s,,,0.75,0.75,\r\n"
      "Gini of degree,birth_band,1960s,,,0.5,0.5,\r\n"
      "communities,birth_band,1960s,,2,,2,\r\n"
      "no ties,birth_band,1960s,,5,0.5,5,\r\n"
      "one tie,birth_band,1960s,,0,0.0,0,\r\n"
      "no weekly contact,birth_band,1960s,,,,<5,withheld: a count from 1 to 4\r\n"
      "family-only ties,birth_band,1960s,,,,withheld,withheld: a total could give a small count away\r\n";
  EXPECT_EQ(summary_csv(s), want);
}

// A deployment that raised the threshold to 10 says so in every small cell.
TEST(SummaryCsv, ARaisedThresholdIsShownAndExplained) {
  SummaryReport s = area_report();
  s.isolation = isolation(share_of(8, 12, 10), share_of(12, 12, 10), share_of(0, 12, 10), share_of(0, 12, 10));
  const std::string csv = summary_csv(s);
  EXPECT_NE(csv.find("no ties,area,,,,,<10,withheld: a count from 1 to 9\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("one tie,area,,,12,1.0,12,\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find(",8,"), std::string::npos) << csv;  // the withheld count, nowhere
  EXPECT_EQ(csv.find("0.666"), std::string::npos) << csv;  // nor its share, 8/12
}

}  // namespace
