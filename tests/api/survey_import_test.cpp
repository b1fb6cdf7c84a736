// `kith survey import --wave ID --responses R.csv` (issue 11): paper answers
// loaded into a wave as completed interviews, all or nothing. The expected
// scores are worked by hand from the publishers' rules (docs/measures.md):
// UCLA-3 is the sum of its three items, 6–9 lonely; SWEMWBS raw 21 converts
// to the metric score 19.25 in the published table.
#include <fstream>

#include "api/api_fixture.hpp"
#include "support/run_command.hpp"

namespace kith::test {
namespace {

class SurveyImport : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Beeston")["id"];
    ann = create_person(area, "Ann Paper", {{"external_id", "P-001"}})["id"];
    bob = create_person(area, "Bob Paper")["id"];
    const json instrument =
        create(area_path(area) + "/survey/instruments",
               {{"name", "Paper"},
                {"definition",
                 {{"title", {{"en", "Paper form"}}},
                  {"sections", {{{"kind", "scale"}, {"scale", "ucla3"}}, {{"kind", "scale"}, {"scale", "swemwbs"}}}}}}});
    http().patch(area_path(area) + "/survey/instruments/" + instrument["id"].get<std::string>(), {{"status", "published"}});
    wave = create(area_path(area) + "/survey/waves",
                  {{"label", "Baseline"}, {"instrument_id", instrument["id"]}, {"fieldwork_date", "2026-09-01"}})["id"];
  }

  std::string write(const std::string& name, const std::string& text) {
    const std::string path = dir_.path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  CommandRun import(const std::string& csv) {
    return kith("survey import --wave " + wave + " --responses " + write("r.csv", csv) + " --db '" + db_.url + "'");
  }

  std::vector<json> interviews() { return list_all_items(area_path(area) + "/survey/waves/" + wave + "/interviews"); }

  std::vector<json> list_all_items(const std::string& path) {
    HttpReply r = http().get(path);
    EXPECT_EQ(r.status, 200) << r.body;
    const json page = r.json();
    return {page["items"].begin(), page["items"].end()};
  }

  std::string area, ann, bob, wave;
};

const std::string kPaperHeader =
    "id,consent,consent_scope,ucla3_1,ucla3_2,ucla3_3,swemwbs_1,swemwbs_2,swemwbs_3,swemwbs_4,swemwbs_5,swemwbs_6,"
    "swemwbs_7\n";

TEST_F(SurveyImport, EachRowBecomesACompletedScoredInterview) {
  // Ann by external id: UCLA 2+3+2 = 7 (lonely); SWEMWBS 3×7 = 21 → 19.25.
  // Bob by id: UCLA 1+1+1 = 3 (not lonely); SWEMWBS item 4 blank: not scored, 4 missing.
  const CommandRun run = import(kPaperHeader + "P-001,given,research suggestions,2,3,2,3,3,3,3,3,3,3\n" + bob +
                                ",given,,1,1,1,4,4,4,,4,4,4\n");
  ASSERT_EQ(run.code, 0) << run.out;
  EXPECT_NE(run.out.find("Imported 2 paper interviews"), std::string::npos) << run.out;
  const auto list = interviews();
  ASSERT_EQ(list.size(), 2u);
  const json a = http().get(area_path(area) + "/survey/waves/" + wave + "/interviews/paper-" + ann).json();
  EXPECT_EQ(a["status"], "completed");
  EXPECT_EQ(a["person_id"], ann);
  EXPECT_EQ(a["scores"]["ucla3"]["raw"], 7);
  EXPECT_EQ(a["scores"]["ucla3"]["category"], "lonely");
  EXPECT_EQ(a["scores"]["swemwbs"]["raw"], 21);
  EXPECT_EQ(a["scores"]["swemwbs"]["metric_hundredths"], 1925);
  EXPECT_EQ(a["consent"]["scope"], (json{"research", "suggestions"}));
  const json b = http().get(area_path(area) + "/survey/waves/" + wave + "/interviews/paper-" + bob).json();
  EXPECT_EQ(b["scores"]["ucla3"]["category"], "not_lonely");
  EXPECT_TRUE(b["scores"]["swemwbs"]["raw"].is_null());
  EXPECT_EQ(b["scores"]["swemwbs"]["missing"], (json{4}));
  EXPECT_EQ(http().get(coll(area, "people") + "/" + ann).json()["consent_status"], "given");

  // The same forms again: refused, naming the line; nothing more is written.
  const CommandRun again = import(kPaperHeader + "P-001,given,,2,3,2,3,3,3,3,3,3,3\n");
  EXPECT_EQ(again.code, 1) << again.out;
  EXPECT_NE(again.out.find("line 2"), std::string::npos) << again.out;
  EXPECT_EQ(interviews().size(), 2u);
}

TEST_F(SurveyImport, ABadCellOrAnUnknownPersonImportsNothing) {
  const CommandRun range = import(kPaperHeader + "P-001,given,,2,4,2,3,3,3,3,3,3,3\n");
  EXPECT_EQ(range.code, 1);
  EXPECT_NE(range.out.find("line 2"), std::string::npos) << range.out;
  EXPECT_NE(range.out.find("ucla3_2"), std::string::npos) << range.out;
  EXPECT_NE(range.out.find("nothing was imported"), std::string::npos) << range.out;

  // The first row is good and the second names nobody: neither is written.
  const CommandRun unknown = import(kPaperHeader + "P-001,given,,2,3,2,3,3,3,3,3,3,3\nP-999,given,,1,1,1,3,3,3,3,3,3,3\n");
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.out.find("line 3"), std::string::npos) << unknown.out;
  EXPECT_NE(unknown.out.find("P-999"), std::string::npos) << unknown.out;
  EXPECT_TRUE(interviews().empty());

  const CommandRun no_consent = import(kPaperHeader + "P-001,,,2,3,2,3,3,3,3,3,3,3\n");
  EXPECT_EQ(no_consent.code, 1);
  EXPECT_NE(no_consent.out.find("consent"), std::string::npos) << no_consent.out;

  const CommandRun partial = import("id,consent,ucla3_1,ucla3_2\nP-001,given,1,1\n");
  EXPECT_EQ(partial.code, 1);
  EXPECT_NE(partial.out.find("ucla3_3 is missing"), std::string::npos) << partial.out;

  const CommandRun not_asked = import("id,consent,wemwbs_1,wemwbs_2,wemwbs_3,wemwbs_4,wemwbs_5,wemwbs_6,wemwbs_7,"
                                      "wemwbs_8,wemwbs_9,wemwbs_10,wemwbs_11,wemwbs_12,wemwbs_13,wemwbs_14\n"
                                      "P-001,given,1,1,1,1,1,1,1,1,1,1,1,1,1,1\n");
  EXPECT_EQ(not_asked.code, 1);
  EXPECT_NE(not_asked.out.find("wemwbs"), std::string::npos) << not_asked.out;
  EXPECT_TRUE(interviews().empty());
}

}  // namespace
}  // namespace kith::test
