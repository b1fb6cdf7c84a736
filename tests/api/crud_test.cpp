// Create, read, change, list and delete every entity over HTTP, asserting the
// stored values, defaults, revisions and Location headers.
#include <fstream>

#include "api/api_fixture.hpp"
#include "kith/store/store.hpp"

namespace kith::test {
namespace {

TEST_F(ApiTest, HealthNamesEngineSchemaAndVersion) {
  HttpReply r = http().get(kApi + "/health");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  json j = r.json();
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["engine"], engine_under_test());
  EXPECT_EQ(j["schema_version"], store::migrations().back().version);
  EXPECT_EQ(j["version"], KITH_VERSION);
  EXPECT_EQ(server().listening_line(), "kith listening on http://127.0.0.1:" + std::to_string(server().port()));
}

TEST_F(ApiTest, AreaLifecycle) {
  HttpReply created = http().post(kApi + "/areas", {{"name", "Hyde Park"},
                                                    {"description", "Streets around the park"},
                                                    {"bbox", {-1.58, 53.80, -1.55, 53.82}}});
  ASSERT_EQ(created.status, 201) << created.body;
  json a = created.json();
  std::string id = a["id"];
  EXPECT_EQ(id.substr(0, 3), "ar_");
  EXPECT_EQ(created.header("Location"), kApi + "/areas/" + id);
  EXPECT_EQ(a["name"], "Hyde Park");
  EXPECT_EQ(a["description"], "Streets around the park");
  EXPECT_EQ(a["bbox"], json({-1.58, 53.80, -1.55, 53.82}));
  EXPECT_EQ(a["revision"], 1);
  EXPECT_EQ(a["register_revision"], 0);

  HttpReply got = http().get(area_path(id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json(), a);

  HttpReply changed = http().patch(area_path(id), {{"description", "Hyde Park and Woodhouse"}, {"revision", 1}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["description"], "Hyde Park and Woodhouse");
  EXPECT_EQ(changed.json()["name"], "Hyde Park");
  EXPECT_EQ(changed.json()["revision"], 2);

  auto listed = list_all(kApi + "/areas");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["description"], "Hyde Park and Woodhouse");

  HttpReply removed = http().del(area_path(id));
  EXPECT_EQ(removed.status, 204) << removed.body;
  EXPECT_TRUE(removed.body.empty());
  EXPECT_EQ(http().get(area_path(id)).status, 404);
  EXPECT_TRUE(list_all(kApi + "/areas").empty());
}

TEST_F(ApiTest, PersonLifecycle) {
  std::string area = create_area("Chapeltown")["id"];
  HttpReply created = http().post(coll(area, "people"), {{"display_name", "Ada"},
                                                         {"birth_band", "1940s"},
                                                         {"postcode_district", "LS7"},
                                                         {"interests", {"gardening", "choir"}},
                                                         {"consent_status", "given"},
                                                         {"consent_date", "2026-01-05"},
                                                         {"consent_scope", {"research"}},
                                                         {"external_id", "survey-17"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json p = created.json();
  std::string id = p["id"];
  EXPECT_EQ(id.substr(0, 3), "pe_");
  EXPECT_EQ(created.header("Location"), coll(area, "people") + "/" + id);
  EXPECT_EQ(p["area_id"], area);
  EXPECT_EQ(p["display_name"], "Ada");
  EXPECT_EQ(p["birth_band"], "1940s");
  EXPECT_EQ(p["postcode_district"], "LS7");
  EXPECT_EQ(p["interests"], json({"gardening", "choir"}));
  EXPECT_EQ(p["languages"], json::array());
  EXPECT_EQ(p["is_pseudonym"], false);
  EXPECT_EQ(p["consent_status"], "given");
  EXPECT_EQ(p["consent_date"], "2026-01-05");
  EXPECT_EQ(p["consent_scope"], json({"research"}));
  EXPECT_EQ(p["external_id"], "survey-17");
  EXPECT_TRUE(p["notes"].is_null());
  EXPECT_EQ(p["revision"], 1);

  EXPECT_EQ(http().get(coll(area, "people") + "/" + id).json(), p);

  HttpReply changed = http().patch(coll(area, "people") + "/" + id,
                                   {{"notes", "Prefers mornings"}, {"languages", {"en", "pa"}}, {"revision", 1}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  json c = changed.json();
  EXPECT_EQ(c["notes"], "Prefers mornings");
  EXPECT_EQ(c["languages"], json({"en", "pa"}));
  EXPECT_EQ(c["display_name"], "Ada");
  EXPECT_EQ(c["revision"], 2);
  EXPECT_EQ(http().get(coll(area, "people") + "/" + id).json(), c);

  EXPECT_EQ(http().del(coll(area, "people") + "/" + id).status, 204);
  HttpReply gone = http().get(coll(area, "people") + "/" + id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.error_code(), "not_found");
  EXPECT_TRUE(list_all(coll(area, "people")).empty());
}

TEST_F(ApiTest, GroupAndPlaceLifecycle) {
  std::string area = create_area("Armley")["id"];
  json g = create(coll(area, "groups"), {{"name", "Knit and Natter"}, {"kind", "club"}, {"lat", 53.8},
                                         {"lon", -1.59}, {"tags", {"crafts"}}, {"contact", "Tuesdays at the library"}});
  EXPECT_EQ(g["id"].get<std::string>().substr(0, 3), "gr_");
  EXPECT_EQ(g["kind"], "club");
  EXPECT_DOUBLE_EQ(g["lat"].get<double>(), 53.8);
  EXPECT_DOUBLE_EQ(g["lon"].get<double>(), -1.59);
  EXPECT_EQ(g["tags"], json({"crafts"}));
  json p = create(coll(area, "places"),
                  {{"name", "Armley Library"}, {"kind", "library"}, {"opening_times", "Mo-Fr 09:00-17:00"}});
  EXPECT_EQ(p["id"].get<std::string>().substr(0, 3), "pl_");
  EXPECT_EQ(p["opening_times"], "Mo-Fr 09:00-17:00");
  EXPECT_EQ(p["tags"], json::array());

  std::string gpath = coll(area, "groups") + "/" + g["id"].get<std::string>();
  std::string ppath = coll(area, "places") + "/" + p["id"].get<std::string>();
  HttpReply g2 = http().patch(gpath, {{"kind", "mutual_aid_group"}});
  ASSERT_EQ(g2.status, 200) << g2.body;
  EXPECT_EQ(g2.json()["kind"], "mutual_aid_group");
  EXPECT_EQ(g2.json()["revision"], 2);
  HttpReply p2 = http().patch(ppath, {{"address", "Town Street"}, {"revision", 1}});
  ASSERT_EQ(p2.status, 200) << p2.body;
  EXPECT_EQ(p2.json()["address"], "Town Street");

  EXPECT_EQ(ids(list_all(coll(area, "groups"))), std::vector<std::string>{g["id"]});
  EXPECT_EQ(ids(list_all(coll(area, "places"))), std::vector<std::string>{p["id"]});
  EXPECT_EQ(http().del(gpath).status, 204);
  EXPECT_EQ(http().del(ppath).status, 204);
  EXPECT_EQ(http().get(gpath).status, 404);
  EXPECT_EQ(http().get(ppath).status, 404);
}

TEST_F(ApiTest, TieLifecycleAndDefaults) {
  std::string area = create_area("Beeston")["id"];
  std::string a = create_person(area, "Ann")["id"], b = create_person(area, "Bob")["id"];
  HttpReply created = http().post(coll(area, "ties"), {{"source_id", a}, {"target_id", b}, {"kind", "neighbour"},
                                                       {"closeness", 4}, {"frequency", "daily"},
                                                       {"valid_from", "2025-03-01"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json t = created.json();
  std::string path = coll(area, "ties") + "/" + t["id"].get<std::string>();
  EXPECT_EQ(created.header("Location"), path);
  EXPECT_EQ(t["source_id"], a);
  EXPECT_EQ(t["target_id"], b);
  EXPECT_EQ(t["closeness"], 4);
  EXPECT_EQ(t["frequency"], "daily");
  EXPECT_EQ(t["named_by"], "source");
  EXPECT_EQ(t["evidence"], "manual_entry");
  EXPECT_EQ(t["valid_from"], "2025-03-01");
  EXPECT_TRUE(t["valid_to"].is_null());

  HttpReply changed = http().patch(path, {{"closeness", 5}, {"valid_to", "2026-01-31"}, {"revision", 1}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["closeness"], 5);
  EXPECT_EQ(changed.json()["valid_to"], "2026-01-31");
  EXPECT_EQ(changed.json()["revision"], 2);

  // Endpoints are fixed once created.
  std::string c = create_person(area, "Cat")["id"];
  HttpReply moved = http().patch(path, {{"target_id", c}});
  EXPECT_EQ(moved.status, 400) << moved.body;
  EXPECT_EQ(moved.error_field(), "target_id");
  EXPECT_EQ(http().get(path).json()["target_id"], b);

  EXPECT_EQ(http().del(path).status, 204);
  EXPECT_EQ(http().get(path).status, 404);
  EXPECT_TRUE(list_all(coll(area, "ties")).empty());
}

TEST_F(ApiTest, AffiliationLifecycle) {
  std::string area = create_area("Harehills")["id"];
  std::string p = create_person(area, "Dee")["id"];
  std::string g = create(coll(area, "groups"), {{"name", "Food bank"}, {"kind", "charity"}})["id"];
  std::string pl = create(coll(area, "places"), {{"name", "The Compton"}, {"kind", "community_centre"}})["id"];
  json af = create(coll(area, "affiliations"),
                   {{"person_id", p}, {"group_id", g}, {"role", "volunteer"}, {"frequency", "weekly"}});
  EXPECT_EQ(af["id"].get<std::string>().substr(0, 3), "af_");
  EXPECT_EQ(af["person_id"], p);
  EXPECT_EQ(af["group_id"], g);
  EXPECT_TRUE(af["place_id"].is_null());
  EXPECT_EQ(af["role"], "volunteer");
  json visit = create(coll(area, "affiliations"), {{"person_id", p}, {"place_id", pl}, {"role", "visitor"}});
  EXPECT_EQ(visit["place_id"], pl);

  std::string path = coll(area, "affiliations") + "/" + af["id"].get<std::string>();
  HttpReply changed = http().patch(path, {{"role", "organiser"}, {"revision", 1}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["role"], "organiser");
  EXPECT_EQ(list_all(coll(area, "affiliations")).size(), 2u);
  EXPECT_EQ(http().del(path).status, 204);
  EXPECT_EQ(ids(list_all(coll(area, "affiliations"))), std::vector<std::string>{visit["id"]});
}

TEST_F(ApiTest, DeletingAPersonEndsTheirTiesAndAffiliations) {
  std::string area = create_area("Holbeck")["id"];
  std::string a = create_person(area, "Ann")["id"], b = create_person(area, "Bob")["id"],
              c = create_person(area, "Cat")["id"];
  std::string ab = create_tie(area, a, b)["id"];
  std::string bc = create_tie(area, b, c)["id"];
  std::string g = create(coll(area, "groups"), {{"name", "Choir"}, {"kind", "club"}})["id"];
  create(coll(area, "affiliations"), {{"person_id", a}, {"group_id", g}, {"role", "member"}});
  ASSERT_EQ(http().del(coll(area, "people") + "/" + a).status, 204);
  EXPECT_EQ(ids(list_all(coll(area, "ties"))), std::vector<std::string>{bc});
  EXPECT_TRUE(list_all(coll(area, "affiliations")).empty());
  EXPECT_EQ(http().get(coll(area, "ties") + "/" + ab).status, 404);
}

TEST_F(ApiTest, AnAreaWithPeopleCannotBeDeleted) {
  std::string area = create_area("Seacroft")["id"];
  create_person(area, "Eve");
  HttpReply r = http().del(area_path(area));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.error_code(), "conflict");
  EXPECT_EQ(http().get(area_path(area)).status, 200);
}

// With no web front end installed, the built-in page lists areas via the API.
TEST(FrontPage, BuiltInPageIsAccessibleHtml) {
  TempDir dir, web;
  ServerProcess server(fresh_db_url(dir), {"--web", web.path()});
  HttpReply r = server.client().get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Content-Type").substr(0, 9), "text/html");
  EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"viewport\""), std::string::npos);
  EXPECT_NE(r.body.find("<h1>"), std::string::npos);
  EXPECT_NE(r.body.find("<label for=\"q\">"), std::string::npos);
  EXPECT_NE(r.body.find("fetch(url)"), std::string::npos);
  EXPECT_NE(r.body.find("/api/v1/areas"), std::string::npos);
}

TEST(FrontPage, ServesTheWebFolderWhenGiven) {
  TempDir dir, web;
  {
    std::ofstream(web.file("index.html")) << "<!doctype html><html lang=\"en\"><title>built</title></html>";
    std::ofstream(web.file("app.js")) << "console.log('kith');";
  }
  ServerProcess server(fresh_db_url(dir), {"--web", web.path()});
  HttpClient http = server.client();
  HttpReply page = http.get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<!doctype html><html lang=\"en\"><title>built</title></html>");
  HttpReply script = http.get("/app.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "console.log('kith');");
  EXPECT_EQ(http.get("/api/v1/health").status, 200);
}

}  // namespace
}  // namespace kith::test
