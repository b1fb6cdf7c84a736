// Import and export over HTTP: formats, media types, reports, all-or-nothing.
#include <set>

#include "api/api_fixture.hpp"

namespace kith::test {
namespace {

class ApiExchange : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area_ = create_area("Headingley")["id"];
  }
  std::string import_path(const std::string& format) { return area_path(area_) + "/import?format=" + format; }
  std::string export_path(const std::string& query) { return area_path(area_) + "/export?" + query; }
  std::string area_;
};

TEST_F(ApiExchange, EdgeListImportReportsAndIsIdempotent) {
  const std::string csv = "source,target,weight\nann,bob,4\nbob,cat,2\n";
  HttpReply r = http().send("POST", import_path("edgelist"), csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  json report = r.json();
  EXPECT_EQ(report["rows"], 2);
  EXPECT_EQ(report["added"]["people"], 3);
  EXPECT_EQ(report["added"]["ties"], 2);
  auto people = list_all(coll(area_, "people"));
  ASSERT_EQ(people.size(), 3u);
  std::set<std::string> names;
  for (auto& p : people) names.insert(p["display_name"].get<std::string>());
  EXPECT_EQ(names, (std::set<std::string>{"ann", "bob", "cat"}));
  std::multiset<int> closeness;
  for (auto& t : list_all(coll(area_, "ties"))) closeness.insert(t["closeness"].get<int>());
  EXPECT_EQ(closeness, (std::multiset<int>{2, 4}));

  HttpReply again = http().send("POST", import_path("edgelist"), csv, "text/csv; charset=utf-8");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()["added"].value("people", 0), 0);
  EXPECT_EQ(list_all(coll(area_, "people")).size(), 3u);
  EXPECT_EQ(list_all(coll(area_, "ties")).size(), 2u);
}

TEST_F(ApiExchange, BadFileNamesTheLineAndWritesNothing) {
  HttpReply r = http().send("POST", import_path("edgelist"), "source,target,weight\nann,bob,3\nbob,cat,9\n", "text/csv");
  ASSERT_EQ(r.status, 400) << r.body;
  json err = r.json()["error"];
  EXPECT_EQ(err["code"], "invalid");
  EXPECT_EQ(err["line"], 3);
  EXPECT_NE(err["message"].get<std::string>().find("weight"), std::string::npos) << r.body;
  EXPECT_TRUE(list_all(coll(area_, "people")).empty());
  EXPECT_TRUE(list_all(coll(area_, "ties")).empty());
}

TEST_F(ApiExchange, KumuImportTakesBothFilesInOneJsonBody) {
  json body = {{"elements", "Label,Type\nAnn,Person\nBob,Person\n"},
               {"connections", "From,To,Type,Closeness,Frequency\nAnn,Bob,friend,4,weekly\n"}};
  HttpReply r = http().post(import_path("kumu"), body);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["added"]["people"], 2);
  EXPECT_EQ(r.json()["added"]["ties"], 1);
  auto ties = list_all(coll(area_, "ties"));
  ASSERT_EQ(ties.size(), 1u);
  EXPECT_EQ(ties[0]["kind"], "friend");
  EXPECT_EQ(ties[0]["closeness"], 4);

  HttpReply extra = http().post(import_path("kumu"), {{"elements", "Label,Type\n"}, {"notes", "x"}});
  EXPECT_EQ(extra.status, 400);
  EXPECT_EQ(extra.error_field(), "notes");
  HttpReply no_elements = http().post(import_path("kumu"), {{"connections", "From,To\n"}});
  EXPECT_EQ(no_elements.status, 400);
  EXPECT_EQ(no_elements.error_field(), "elements");
  HttpReply as_csv = http().send("POST", import_path("kumu"), "Label,Type\n", "text/csv");
  EXPECT_EQ(as_csv.status, 415);
  EXPECT_EQ(list_all(coll(area_, "people")).size(), 2u);
}

TEST_F(ApiExchange, FormatIsRequiredAndChecked) {
  HttpReply none = http().send("POST", area_path(area_) + "/import", "a,b\n", "text/csv");
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(none.error_field(), "format");
  HttpReply bogus = http().send("POST", import_path("xlsx"), "a,b\n", "text/csv");
  EXPECT_EQ(bogus.status, 400);
  EXPECT_EQ(bogus.error_field(), "format");
  HttpReply graphml = http().send("POST", import_path("graphml"), "<graphml/>", "application/json");
  EXPECT_EQ(graphml.status, 400);
  EXPECT_EQ(graphml.error_field(), "format");
  EXPECT_EQ(http().get(area_path(area_) + "/export").error_field(), "format");
  EXPECT_EQ(http().get(export_path("format=kumu")).error_field(), "part");
  EXPECT_EQ(http().get(export_path("format=kumu&part=everything")).error_field(), "part");
  EXPECT_EQ(http().get(export_path("format=json&part=elements")).error_field(), "part");
  HttpReply missing = http().get(kApi + "/areas/ar_00000000000000000000/export?format=json");
  EXPECT_EQ(missing.status, 404) << missing.body;
}

TEST_F(ApiExchange, ExportsCarryTheirTypeAndFileName) {
  std::string a = create_person(area_, "Ann")["id"], b = create_person(area_, "Bob")["id"];
  create_tie(area_, a, b, {{"closeness", 5}});
  struct Case {
    std::string query, type, file, contains;
  };
  const std::vector<Case> cases = {
      {"format=kumu&part=elements", "text/csv; charset=utf-8", "kumu-elements.csv", "Ann"},
      {"format=kumu&part=connections", "text/csv; charset=utf-8", "kumu-connections.csv", "friend"},
      {"format=edgelist", "text/csv; charset=utf-8", "edgelist.csv", "source"},
      {"format=json", "application/json", "json.json", "Bob"},
      {"format=graphml", "application/graphml+xml", "graphml.graphml", "<graphml"},
      {"format=gexf", "application/gexf+xml", "gexf.gexf", "<gexf"},
  };
  for (const auto& c : cases) {
    HttpReply r = http().get(export_path(c.query));
    ASSERT_EQ(r.status, 200) << c.query << " -> " << r.body;
    EXPECT_EQ(r.header("Content-Type"), c.type) << c.query;
    EXPECT_EQ(r.header("Content-Disposition"), "attachment; filename=\"kith-" + area_ + "-" + c.file + "\"");
    EXPECT_NE(r.body.find(c.contains), std::string::npos) << c.query << ":\n" << r.body;
  }
  EXPECT_EQ(http().get(export_path("format=json")).json()["people"].size(), 2u);
}

TEST_F(ApiExchange, JsonExportImportsIntoAnotherArea) {
  std::string a = create_person(area_, "Ann", {{"external_id", "p-ann"}})["id"];
  std::string b = create_person(area_, "Bob", {{"external_id", "p-bob"}})["id"];
  create_tie(area_, a, b, {{"external_id", "t-1"}, {"closeness", 2}});
  HttpReply file = http().get(export_path("format=json"));
  ASSERT_EQ(file.status, 200) << file.body;
  std::string other = create_area("Far Headingley")["id"];
  HttpReply r = http().send("POST", area_path(other) + "/import?format=json", file.body, "application/json");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["added"]["people"], 2);
  EXPECT_EQ(r.json()["added"]["ties"], 1);
  auto ties = list_all(coll(other, "ties"));
  ASSERT_EQ(ties.size(), 1u);
  EXPECT_EQ(ties[0]["closeness"], 2);
  EXPECT_EQ(ties[0]["area_id"], other);
}

}  // namespace
}  // namespace kith::test
