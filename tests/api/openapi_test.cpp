// The served OpenAPI document must describe exactly the API written out by
// hand below, and every documented operation must really be answered.
#include <algorithm>
#include <set>

#include "api/api_fixture.hpp"
#include "kith/api/error.hpp"
#include "kith/model/schema.hpp"

namespace kith::test {
namespace {

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

using Pair = std::pair<std::string, std::string>;  // method, path

std::set<Pair> documented(const json& doc) {
  std::set<Pair> out;
  for (auto& [path, item] : doc["paths"].items())
    for (auto& [method, op] : item.items()) out.emplace(upper(method), path);
  return out;
}

class ApiOpenApi : public ApiTest {
 protected:
  json document() {
    HttpReply r = http().get(kApi + "/openapi.json");
    EXPECT_EQ(r.status, 200);
    return r.status == 200 ? r.json() : json::object();
  }
};

// Written out by hand, not from routes(): the served document must list
// exactly these operations, so a route added, lost or renamed in the table or
// in the document generator fails here.
const std::set<Pair> kExpectedOperations = {
    {"GET", "/"},
    {"GET", "/api/v1/health"},
    {"GET", "/api/v1/openapi.json"},
    {"POST", "/api/v1/session"},
    {"GET", "/api/v1/session"},
    {"DELETE", "/api/v1/session"},
    {"DELETE", "/api/v1/sessions"},
    {"POST", "/api/v1/session/password"},
    {"POST", "/api/v1/setup"},
    {"GET", "/api/v1/areas/{area}/people/{id}/subject-access"},
    {"GET", "/api/v1/areas/{area}/audit"},
    {"GET", "/api/v1/areas/{area}/users"},
    {"POST", "/api/v1/areas/{area}/users"},
    {"PATCH", "/api/v1/areas/{area}/users/{username}"},
    {"POST", "/api/v1/areas/{area}/users/{username}/roles"},
    {"DELETE", "/api/v1/areas/{area}/users/{username}/roles/{role}"},
    {"POST", "/api/v1/areas/{area}/users/{username}/password"},
    {"POST", "/api/v1/areas/{area}/people/{id}/erase"},
    {"GET", "/api/v1/areas/{area}/consent"},
    {"GET", "/api/v1/areas/{area}/merges"},
    {"POST", "/api/v1/areas/{area}/merges"},
    {"POST", "/api/v1/areas/{area}/merges/{id}/undo"},
    {"GET", "/api/v1/areas"},
    {"POST", "/api/v1/areas"},
    {"GET", "/api/v1/areas/{id}"},
    {"PATCH", "/api/v1/areas/{id}"},
    {"DELETE", "/api/v1/areas/{id}"},
    {"GET", "/api/v1/areas/{area}/people"},
    {"POST", "/api/v1/areas/{area}/people"},
    {"GET", "/api/v1/areas/{area}/people/{id}"},
    {"PATCH", "/api/v1/areas/{area}/people/{id}"},
    {"DELETE", "/api/v1/areas/{area}/people/{id}"},
    {"GET", "/api/v1/areas/{area}/groups"},
    {"POST", "/api/v1/areas/{area}/groups"},
    {"GET", "/api/v1/areas/{area}/groups/{id}"},
    {"PATCH", "/api/v1/areas/{area}/groups/{id}"},
    {"DELETE", "/api/v1/areas/{area}/groups/{id}"},
    {"GET", "/api/v1/areas/{area}/places"},
    {"POST", "/api/v1/areas/{area}/places"},
    {"GET", "/api/v1/areas/{area}/places/{id}"},
    {"PATCH", "/api/v1/areas/{area}/places/{id}"},
    {"DELETE", "/api/v1/areas/{area}/places/{id}"},
    {"GET", "/api/v1/areas/{area}/ties"},
    {"POST", "/api/v1/areas/{area}/ties"},
    {"GET", "/api/v1/areas/{area}/ties/{id}"},
    {"PATCH", "/api/v1/areas/{area}/ties/{id}"},
    {"DELETE", "/api/v1/areas/{area}/ties/{id}"},
    {"GET", "/api/v1/areas/{area}/affiliations"},
    {"POST", "/api/v1/areas/{area}/affiliations"},
    {"GET", "/api/v1/areas/{area}/affiliations/{id}"},
    {"PATCH", "/api/v1/areas/{area}/affiliations/{id}"},
    {"DELETE", "/api/v1/areas/{area}/affiliations/{id}"},
    {"POST", "/api/v1/areas/{area}/import"},
    {"GET", "/api/v1/areas/{area}/export"},
    {"GET", "/api/v1/areas/{area}/network"},
    {"GET", "/api/v1/areas/{area}/network/layout"},
    {"GET", "/api/v1/areas/{area}/network/summary"},
    {"GET", "/api/v1/areas/{area}/people/{id}/ego"},
    {"GET", "/api/v1/areas/{area}/me"},
    {"PATCH", "/api/v1/areas/{area}/me/consent"},
    // Surveys (issue 11, docs/surveys.md).
    {"GET", "/api/v1/survey/scales"},
    {"GET", "/api/v1/areas/{area}/survey/instruments"},
    {"POST", "/api/v1/areas/{area}/survey/instruments"},
    {"GET", "/api/v1/areas/{area}/survey/instruments/{id}"},
    {"PATCH", "/api/v1/areas/{area}/survey/instruments/{id}"},
    {"GET", "/api/v1/areas/{area}/survey/waves"},
    {"POST", "/api/v1/areas/{area}/survey/waves"},
    {"GET", "/api/v1/areas/{area}/survey/waves/{id}"},
    {"PATCH", "/api/v1/areas/{area}/survey/waves/{id}"},
    {"GET", "/api/v1/areas/{area}/survey/waves/{id}/report"},
    {"GET", "/api/v1/areas/{area}/survey/waves/{wave}/carry-forward"},
    {"GET", "/api/v1/areas/{area}/survey/waves/{wave}/interviews"},
    {"GET", "/api/v1/areas/{area}/survey/waves/{wave}/interviews/{id}"},
    {"PUT", "/api/v1/areas/{area}/survey/waves/{wave}/interviews/{id}"},
    {"GET", "/api/v1/areas/{area}/survey/waves/{wave}/assignments"},
    {"POST", "/api/v1/areas/{area}/survey/waves/{wave}/assignments"},
    {"DELETE", "/api/v1/areas/{area}/survey/waves/{wave}/assignments/{id}"},
    {"PUT", "/api/v1/areas/{area}/survey/waves/{wave}/visits/{id}"},
    {"GET", "/api/v1/areas/{area}/survey/waves/{wave}/fieldwork"},
    {"POST", "/api/v1/areas/{area}/survey/waves/{wave}/netcanvas"},
    {"GET", "/api/v1/areas/{area}/survey/waves/{wave}/mentions"},
    {"GET", "/api/v1/areas/{area}/survey/mentions/{id}/suggestions"},
    {"POST", "/api/v1/areas/{area}/survey/mentions/{id}/proposal"},
    {"POST", "/api/v1/areas/{area}/survey/mentions/{id}/review"},
};

TEST_F(ApiOpenApi, DocumentListsExactlyTheExpectedOperations) {
  json doc = document();
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["version"], KITH_VERSION);
  std::set<Pair> served = documented(doc);
  for (const auto& op : kExpectedOperations)
    EXPECT_TRUE(served.count(op)) << "the document lacks " << op.first << " " << op.second;
  for (const auto& op : served)
    EXPECT_TRUE(kExpectedOperations.count(op)) << "the document has an unexpected " << op.first << " " << op.second;
  EXPECT_EQ(kExpectedOperations.size(), 84u);
}

// Every operation the server is expected to have really answers (not 404 "no
// route", not 405): the route table agrees with the same hand-written list.
TEST_F(ApiOpenApi, ServerAnswersEveryExpectedOperation) {
  std::string area = create_area("Beeston")["id"];
  for (const auto& [method, path] : kExpectedOperations) {
    std::string concrete = path;
    const std::vector<std::pair<std::string, std::string>> fills = {
        {"area", area}, {"id", "xx_00000000000000000000"}, {"wave", "xx_00000000000000000000"}};
    for (const auto& [name, value] : fills) {
      auto at = concrete.find("{" + name + "}");
      if (at != std::string::npos) concrete.replace(at, name.size() + 2, value);
    }
    std::string body = method == "POST" || method == "PATCH" || method == "PUT" ? "{}" : "";
    HttpReply r = http().send(method, concrete, body, body.empty() ? "" : "application/json");
    ASSERT_NE(r.status, 0) << method << " " << concrete;
    bool no_route = r.status == 404 && r.error_message().rfind(std::string(api::kNoRoutePrefix), 0) == 0;
    EXPECT_FALSE(no_route) << method << " " << concrete << " -> " << r.body;
    EXPECT_NE(r.status, 405) << method << " " << concrete;
    EXPECT_LT(r.status, 500) << method << " " << concrete << " -> " << r.body;
  }
  // And a method outside the list is refused with the list's methods in Allow.
  HttpReply put = http().send("PUT", kApi + "/areas/" + area + "/people", "{}", "application/json");
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.header("Allow"), "GET, POST");
}

TEST_F(ApiOpenApi, EveryDocumentedOperationIsAnswered) {
  json doc = document();
  std::string area = create_area("Gipton")["id"];
  for (const auto& [method, path] : documented(doc)) {
    std::string concrete = path;
    auto fill = [&](const std::string& name, const std::string& value) {
      auto at = concrete.find("{" + name + "}");
      if (at != std::string::npos) concrete.replace(at, name.size() + 2, value);
    };
    fill("area", area);
    fill("id", "xx_00000000000000000000");
    fill("wave", "xx_00000000000000000000");
    std::string body = method == "POST" || method == "PATCH" || method == "PUT" ? "{}" : "";
    HttpReply r = http().send(method, concrete, body, body.empty() ? "" : "application/json");
    ASSERT_NE(r.status, 0) << method << " " << concrete;
    bool no_route = r.status == 404 && r.error_message().rfind(std::string(api::kNoRoutePrefix), 0) == 0;
    EXPECT_FALSE(no_route) << method << " " << concrete << " -> " << r.body;
    EXPECT_NE(r.status, 405) << method << " " << concrete;
    EXPECT_LT(r.status, 500) << method << " " << concrete << " -> " << r.body;
  }
}

TEST_F(ApiOpenApi, SchemasComeFromTheDescriptors) {
  json schemas = document()["components"]["schemas"];
  for (const auto* e : model::all_entities()) {
    std::string name(e->name);
    name[0] = static_cast<char>(std::toupper(name[0]));
    ASSERT_TRUE(schemas.contains(name)) << name;
    ASSERT_TRUE(schemas.contains(name + "Create")) << name;
    ASSERT_TRUE(schemas.contains(name + "Patch")) << name;
    ASSERT_TRUE(schemas.contains(name + "Page")) << name;
    for (const auto& f : e->fields) {
      EXPECT_TRUE(schemas[name]["properties"].contains(std::string(f.name))) << name << "." << f.name;
      EXPECT_TRUE(schemas[name + "Create"]["properties"].contains(std::string(f.name))) << name << "." << f.name;
    }
    EXPECT_EQ(schemas[name + "Create"]["additionalProperties"], false);
  }
  json closeness = schemas["Tie"]["properties"]["closeness"];
  EXPECT_EQ(closeness["type"], "integer");
  EXPECT_EQ(closeness["minimum"], 1);
  EXPECT_EQ(closeness["maximum"], 5);
  json kinds = schemas["Tie"]["properties"]["kind"]["enum"];
  EXPECT_EQ(kinds.size(), model::kTieKinds.size());
  EXPECT_EQ(kinds[0], std::string(model::kTieKinds[0]));
  json required = schemas["TieCreate"]["required"];
  for (const char* f : {"source_id", "target_id", "kind", "closeness", "frequency"})
    EXPECT_NE(std::find(required.begin(), required.end(), f), required.end()) << f;
  EXPECT_EQ(schemas["Person"]["properties"]["display_name"]["maxLength"], 200);
  EXPECT_EQ(schemas["Person"]["properties"]["consent_scope"]["items"]["enum"],
            json({"research", "timebank", "referrals", "suggestions"}));
  EXPECT_EQ(schemas["Group"]["properties"]["lat"]["minimum"], -90.0);
  EXPECT_EQ(schemas["Area"]["properties"]["bbox"]["minItems"], 4);
  EXPECT_EQ(schemas["Error"]["properties"]["error"]["required"], json({"code", "message", "field"}));
}

TEST_F(ApiOpenApi, ListParametersMatchTheEntity) {
  json doc = document();
  auto names = [&](const std::string& path) {
    std::set<std::string> out;
    for (auto& p : doc["paths"][path]["get"]["parameters"])
      if (p["in"] == "query") out.insert(p["name"].get<std::string>());
    return out;
  };
  EXPECT_EQ(names(kApi + "/areas/{area}/ties"), (std::set<std::string>{"limit", "cursor", "kind", "person", "at", "ids"}));
  EXPECT_EQ(names(kApi + "/areas/{area}/people"), (std::set<std::string>{"limit", "cursor", "tag", "q", "consent", "ids"}));
  EXPECT_EQ(names(kApi + "/areas/{area}/affiliations"),
            (std::set<std::string>{"limit", "cursor", "kind", "person", "group", "place", "at", "ids"}));
}

// Written out by hand: the summary takes these, and format is json or csv
// (not the export's list), with CSV among its answers.
TEST_F(ApiOpenApi, SummaryParametersIncludeItsFormat) {
  json doc = document();
  const json op = doc["paths"][kApi + "/areas/{area}/network/summary"]["get"];
  std::set<std::string> names;
  json format;
  for (const auto& p : op["parameters"])
    if (p["in"] == "query") {
      names.insert(p["name"].get<std::string>());
      if (p["name"] == "format") format = p;
    }
  EXPECT_EQ(names, (std::set<std::string>{"at", "kind", "evidence", "min_closeness", "by", "exact", "format"}));
  EXPECT_EQ(format["required"], false);
  EXPECT_EQ(format["schema"]["enum"], json({"json", "csv"}));
  EXPECT_EQ(format["schema"]["default"], "json");
  const json content = op["responses"]["200"]["content"];
  EXPECT_TRUE(content.contains("application/json")) << content;
  EXPECT_TRUE(content.contains("text/csv")) << content;
}

}  // namespace
}  // namespace kith::test
