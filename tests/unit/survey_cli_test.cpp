// `kith survey score` as a user runs it: the built binary on the fixtures in
// tests/fixtures/measures, whose expected outputs were written by hand from
// the publishers' rules (never produced by kith).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <string>

#include "support/run_command.hpp"

namespace kith::survey_cli_test {

const std::string kDir = std::string(KITH_FIXTURES) + "/measures/";

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct SplitRun {
  int code = -1;
  std::string out, err;
};

// Standard output and standard error apart: a refused file must print nothing on the first.
SplitRun survey_score(const std::string& args) {
  const std::string err = (std::filesystem::temp_directory_path() /
                           ("kith-survey-err-" + std::to_string(::getpid()) + ".txt")).string();
  auto run = kith::test::run_command("( " + std::string(KITH_BIN) + " survey score " + args + " 2>'" + err + "' )");
  SplitRun r{run.code, run.out, slurp(err)};
  std::filesystem::remove(err);
  return r;
}

void expect_scores(const std::string& scale) {
  auto r = survey_score("--scale " + scale + " --responses " + kDir + scale + ".csv");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, slurp(kDir + scale + ".expected.json"));
  // And it is JSON: every line a record, parsed back equal to the file written by hand.
  EXPECT_EQ(nlohmann::json::parse(r.out), nlohmann::json::parse(slurp(kDir + scale + ".expected.json")));
}

TEST(SurveyScoreCli, SwemwbsJson) { expect_scores("swemwbs"); }
TEST(SurveyScoreCli, WemwbsJson) { expect_scores("wemwbs"); }
TEST(SurveyScoreCli, Ucla3Json) { expect_scores("ucla3"); }
TEST(SurveyScoreCli, OnsLonelyJson) { expect_scores("ons_lonely"); }
TEST(SurveyScoreCli, Ons4Json) { expect_scores("ons4"); }

TEST(SurveyScoreCli, MetricHasTwoDecimalsInJson) {
  auto r = survey_score("--scale swemwbs --responses " + kDir + "swemwbs.csv");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"metric\": 7.00,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"metric\": 35.00,"), std::string::npos) << r.out;
}

TEST(SurveyScoreCli, AHeaderAloneScoresNobody) {
  const std::string path = (std::filesystem::temp_directory_path() / "kith-survey-header-only.csv").string();
  std::ofstream(path) << "id,ons_lonely_1\n";
  auto r = survey_score("--scale ons_lonely --responses " + path);
  std::filesystem::remove(path);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "[]\n");
}

TEST(SurveyScoreCli, CsvOutput) {
  for (const std::string scale : {"swemwbs", "ons4"}) {
    auto r = survey_score("--scale " + scale + " --format csv --responses " + kDir + scale + ".csv");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, slurp(kDir + scale + ".expected.csv"));
  }
}

void expect_refused(const std::string& scale, const std::string& file, const std::vector<std::string>& says) {
  auto r = survey_score("--scale " + scale + " --responses " + kDir + file);
  EXPECT_EQ(r.code, 1) << file;
  EXPECT_EQ(r.out, "") << file << ": nothing may be printed on standard output";
  for (const auto& s : says) EXPECT_NE(r.err.find(s), std::string::npos) << file << " should say: " << s << "\n" << r.err;
}

TEST(SurveyScoreCli, RefusesAnOutOfRangeValueNamingRowAndColumn) {
  expect_refused("swemwbs", "bad_out_of_range.csv",
                 {"bad_out_of_range.csv line 3, column swemwbs_2: 6 is outside", "from 1 to 5",
                  "nothing was scored"});
}

TEST(SurveyScoreCli, RefusesValuesThatAreNotWholeNumbers) {
  expect_refused("ucla3", "bad_not_whole.csv",
                 {"bad_not_whole.csv line 2, column ucla3_2: \"2.5\" is not a whole number",
                  "bad_not_whole.csv line 3, column ucla3_1: \"x\" is not a whole number"});
}

TEST(SurveyScoreCli, RefusesTheFileWhenTheScaleDoesNotMatchIt) {
  // A ucla3 file scored as ons4: its columns are not the scale's.
  expect_refused("ons4", "ucla3.csv", {"ucla3.csv line 1, column ucla3_3: \"ucla3_3\" is not a column of ons4"});
}

TEST(SurveyScoreCli, RefusesBadHeadersAndIds) {
  expect_refused("ucla3", "bad_duplicate_id.csv",
                 {"bad_duplicate_id.csv line 4, column id: the id \"A\" is also on line 2"});
  expect_refused("ucla3", "bad_no_id.csv", {"bad_no_id.csv line 1: there is no id column"});
  expect_refused("ucla3", "bad_unknown_column.csv",
                 {"bad_unknown_column.csv line 1, column ucla3_4: \"ucla3_4\" is not a column of ucla3"});
  expect_refused("ucla3", "bad_missing_column.csv", {"bad_missing_column.csv line 1: ucla3_2 is missing"});
  expect_refused("ucla3", "bad_empty.csv", {"bad_empty.csv is empty: it needs a header row with id and ucla3_1"});
}

TEST(SurveyScoreCli, AnUnknownScaleIsAUsageError) {
  auto r = survey_score("--scale gad7 --responses " + kDir + "ucla3.csv");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("There is no scale \"gad7\""), std::string::npos) << r.err;
}

}  // namespace kith::survey_cli_test
