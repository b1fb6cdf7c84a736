// Every failure answers in the one error shape, names the field at fault, and
// writes nothing (each case lists before and after).
#include "api/api_fixture.hpp"
#include "kith/api/error.hpp"

namespace kith::test {
namespace {

class ApiErrors : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area_ = create_area("Little London")["id"];
    other_area_ = create_area("Burmantofts")["id"];
    ann_ = create_person(area_, "Ann")["id"];
    bob_ = create_person(area_, "Bob")["id"];
    stranger_ = create_person(other_area_, "Sam")["id"];
  }

  // Sends a POST, expects 400 naming `field` (null when empty), and checks that
  // the collection is unchanged.
  void expect_invalid(const std::string& plural, const std::string& body, const json& field,
                      const std::string& content_type = "application/json") {
    auto before = list_all(coll(area_, plural));
    HttpReply r = http().send("POST", coll(area_, plural), body, content_type);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    EXPECT_EQ(r.error_code(), "invalid") << r.body;
    EXPECT_EQ(r.error_field(), field) << r.body;
    EXPECT_FALSE(r.error_message().empty());
    EXPECT_EQ(r.header("Content-Type"), "application/json");
    EXPECT_EQ(list_all(coll(area_, plural)), before) << body;
  }

  json tie_body(json changes = json::object()) {
    json body = {{"source_id", ann_}, {"target_id", bob_}, {"kind", "friend"}, {"closeness", 3},
                 {"frequency", "weekly"}};
    body.update(changes);
    return body;
  }

  std::string area_, other_area_, ann_, bob_, stranger_;
};

TEST_F(ApiErrors, MalformedJsonSaysWhere) {
  auto before = list_all(coll(area_, "people"));
  HttpReply r = http().send("POST", coll(area_, "people"), "{\"display_name\": \"Ada\",", "application/json");
  ASSERT_EQ(r.status, 400) << r.body;
  json j = r.json();
  EXPECT_EQ(j["error"]["code"], "invalid");
  EXPECT_TRUE(j["error"]["field"].is_null());
  EXPECT_FALSE(j["error"].contains("line"));
  EXPECT_NE(r.error_message().find("not valid JSON"), std::string::npos) << r.body;
  EXPECT_NE(r.error_message().find("byte 24"), std::string::npos) << r.body;
  EXPECT_EQ(list_all(coll(area_, "people")), before);
}

TEST_F(ApiErrors, BodiesThatAreNotObjects) {
  expect_invalid("people", "", nullptr);
  expect_invalid("people", "[1, 2]", nullptr);
  expect_invalid("people", "\"Ada\"", nullptr);
  expect_invalid("people", std::string(40, '[') + std::string(40, ']'), nullptr);
}

// Found by tests/fuzz (corpus/request_body/number_overflow.json): a number
// beyond double's range made the JSON parser throw out_of_range, which only
// parse errors were caught for, so the answer was a 500 instead of a 400.
TEST_F(ApiErrors, NumberTooLargeIs400NotA500) {
  expect_invalid("places", R"({"name": "Library", "kind": "library", "lat": 1e999})", nullptr);
  HttpReply r = http().send("POST", area_path(area_) + "/import?format=json",
                            R"({"places": [{"external_id": "l", "name": "Lib", "kind": "library", "lat": 1e999}]})",
                            "application/json");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.error_code(), "invalid") << r.body;
}

TEST_F(ApiErrors, WrongTypeNamesTheField) {
  expect_invalid("people", R"({"display_name": 5})", "display_name");
  expect_invalid("people", R"({"display_name": "Ada", "interests": "gardening"})", "interests");
  expect_invalid("ties", tie_body({{"closeness", "close"}}).dump(), "closeness");
}

TEST_F(ApiErrors, UnknownEnumValue) {
  expect_invalid("groups", R"({"name": "Club", "kind": "spaceship"})", "kind");
  expect_invalid("ties", tie_body({{"frequency", "hourly"}}).dump(), "frequency");
}

TEST_F(ApiErrors, ClosenessOutOfRange) {
  expect_invalid("ties", tie_body({{"closeness", 0}}).dump(), "closeness");
  expect_invalid("ties", tie_body({{"closeness", 6}}).dump(), "closeness");
}

TEST_F(ApiErrors, TieToSelf) { expect_invalid("ties", tie_body({{"target_id", ann_}}).dump(), "target_id"); }

TEST_F(ApiErrors, TieAcrossAreas) {
  expect_invalid("ties", tie_body({{"target_id", stranger_}}).dump(), "target_id");
  auto other = list_all(coll(other_area_, "ties"));
  EXPECT_TRUE(other.empty());
}

TEST_F(ApiErrors, UnknownField) {
  expect_invalid("people", R"({"display_name": "Ada", "favourite_colour": "blue"})", "favourite_colour");
  expect_invalid("people", R"({"display_name": "Ada", "id": "pe_00000000000000000000"})", "id");
}

TEST_F(ApiErrors, MissingRequiredField) { expect_invalid("groups", R"({"name": "Club"})", "kind"); }

TEST_F(ApiErrors, PatchFailuresChangeNothing) {
  std::string path = coll(area_, "people") + "/" + ann_;
  json before = http().get(path).json();
  HttpReply bad_type = http().patch(path, {{"display_name", 7}});
  EXPECT_EQ(bad_type.status, 400);
  EXPECT_EQ(bad_type.error_field(), "display_name");
  HttpReply malformed = http().send("PATCH", path, "{oops", "application/json");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_TRUE(malformed.error_field().is_null());
  EXPECT_EQ(http().get(path).json(), before);
}

TEST_F(ApiErrors, UnknownIdIsNotFound) {
  for (const std::string& id : {std::string("pe_00000000000000000000"), std::string("nonsense"),
                                std::string("gr_00000000000000000000")}) {
    std::string path = coll(area_, "people") + "/" + id;
    HttpReply r = http().get(path);
    EXPECT_EQ(r.status, 404) << id;
    EXPECT_EQ(r.error_code(), "not_found");
    EXPECT_TRUE(r.error_field().is_null());
    EXPECT_EQ(http().patch(path, {{"notes", "x"}}).status, 404);
    EXPECT_EQ(http().del(path).status, 404);
  }
  EXPECT_EQ(list_all(coll(area_, "people")).size(), 2u);
}

TEST_F(ApiErrors, IdFromAnotherAreaIsNotFound) {
  std::string wrong = coll(area_, "people") + "/" + stranger_;
  EXPECT_EQ(http().get(wrong).status, 404);
  EXPECT_EQ(http().patch(wrong, {{"notes", "moved"}}).status, 404);
  EXPECT_EQ(http().del(wrong).status, 404);
  json still = http().get(coll(other_area_, "people") + "/" + stranger_).json();
  EXPECT_TRUE(still["notes"].is_null());
  EXPECT_EQ(still["revision"], 1);
}

TEST_F(ApiErrors, UnknownAreaIsNotFound) {
  std::string missing = "ar_00000000000000000000";
  EXPECT_EQ(http().get(coll(missing, "people")).status, 404);
  EXPECT_EQ(http().post(coll(missing, "people"), {{"display_name", "Zed"}}).status, 404);
  EXPECT_EQ(http().get(area_path(missing)).status, 404);
}

TEST_F(ApiErrors, StaleRevisionConflicts) {
  std::string path = coll(area_, "people") + "/" + ann_;
  ASSERT_EQ(http().patch(path, {{"notes", "first"}, {"revision", 1}}).status, 200);
  HttpReply stale = http().patch(path, {{"notes", "second"}, {"revision", 1}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.error_code(), "conflict");
  EXPECT_EQ(stale.error_field(), "revision");
  json now = http().get(path).json();
  EXPECT_EQ(now["notes"], "first");
  EXPECT_EQ(now["revision"], 2);
}

TEST_F(ApiErrors, DuplicateExternalIdConflicts) {
  ASSERT_EQ(http().post(coll(area_, "people"), {{"display_name", "Cy"}, {"external_id", "x-1"}}).status, 201);
  auto before = list_all(coll(area_, "people"));
  HttpReply dup = http().post(coll(area_, "people"), {{"display_name", "Di"}, {"external_id", "x-1"}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.error_field(), "external_id");
  EXPECT_EQ(list_all(coll(area_, "people")), before);
}

TEST_F(ApiErrors, OversizedBodyIs413AndTheServerCarriesOn) {
  auto before = list_all(coll(area_, "people"));
  json big = {{"display_name", "Ada"}, {"notes", std::string(size_t{1} << 20, 'x')}};
  HttpReply r = http().post(coll(area_, "people"), big);
  EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
  EXPECT_EQ(r.error_code(), "too_large");
  EXPECT_TRUE(r.error_field().is_null());
  EXPECT_EQ(list_all(coll(area_, "people")), before);
  EXPECT_EQ(http().get(kApi + "/health").status, 200);
  // The same size is fine where whole files are expected: it fails as CSV, not as size.
  HttpReply import = http().send("POST", area_path(area_) + "/import?format=edgelist",
                                 std::string(size_t{2} << 20, 'x'), "text/csv");
  EXPECT_EQ(import.status, 400) << import.body.substr(0, 300);
}

TEST_F(ApiErrors, WrongContentTypeIs415) {
  auto before = list_all(coll(area_, "people"));
  HttpReply text = http().send("POST", coll(area_, "people"), R"({"display_name": "Ada"})", "text/plain");
  EXPECT_EQ(text.status, 415) << text.body;
  EXPECT_EQ(text.error_code(), "unsupported_media_type");
  HttpReply form = http().send("PATCH", coll(area_, "people") + "/" + ann_, "display_name=Ada",
                               "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 415) << form.body;
  HttpReply none = http().send("POST", coll(area_, "people"), R"({"display_name": "Ada"})", "");
  EXPECT_EQ(none.status, 415) << none.body;
  HttpReply csv_as_json = http().send("POST", area_path(area_) + "/import?format=edgelist", "source,target\na,b\n",
                                      "application/json");
  EXPECT_EQ(csv_as_json.status, 415) << csv_as_json.body;
  EXPECT_EQ(list_all(coll(area_, "people")), before);
  // A charset parameter is fine.
  EXPECT_EQ(http().send("POST", coll(area_, "people"), R"({"display_name": "Ada"})",
                        "application/json; charset=utf-8").status, 201);
}

TEST_F(ApiErrors, UnknownRouteIs404Json) {
  for (const std::string& path : {kApi + "/nope", kApi + "/areas/" + area_ + "/friends", std::string("/api/v2/health"),
                                  kApi + "/areas/", "/" + std::string(6000, 'a')}) {
    HttpReply r = http().get(path);
    EXPECT_EQ(r.status, 404) << path.substr(0, 80);
    EXPECT_EQ(r.error_code(), "not_found");
    EXPECT_EQ(r.error_message().rfind(std::string(api::kNoRoutePrefix), 0), 0u) << r.body.substr(0, 200);
  }
}

TEST_F(ApiErrors, WrongMethodIs405WithAllow) {
  HttpReply put = http().send("PUT", kApi + "/areas", R"({"name": "x"})", "application/json");
  EXPECT_EQ(put.status, 405) << put.body;
  EXPECT_EQ(put.error_code(), "method_not_allowed");
  EXPECT_EQ(put.header("Allow"), "GET, POST");
  HttpReply del = http().del(kApi + "/health");
  EXPECT_EQ(del.status, 405);
  EXPECT_EQ(del.header("Allow"), "GET");
  HttpReply post = http().send("POST", coll(area_, "people") + "/" + ann_, "{}", "application/json");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("Allow"), "GET, PATCH, DELETE");
  EXPECT_EQ(list_all(kApi + "/areas").size(), 2u);
}

TEST_F(ApiErrors, ResponsesAreNotCached) {
  HttpReply r = http().get(coll(area_, "people"));
  EXPECT_EQ(r.header("Cache-Control"), "no-store");
  EXPECT_EQ(r.header("X-Content-Type-Options"), "nosniff");
}

TEST_F(ApiErrors, RequestLogHasNoQueryStrings) {
  ASSERT_EQ(http().get(coll(area_, "people") + "?q=Ann").status, 200);
  EXPECT_EQ(http().get(kApi + "/nope").status, 404);
  // A request's line is written after its response is sent: stop the server to have them all.
  server().terminate();
  ASSERT_EQ(server().wait_exit(), 0);
  std::string log = server().log();
  EXPECT_NE(log.find("request method=GET path=" + coll(area_, "people") + " status=200 duration_us="),
            std::string::npos) << log;
  EXPECT_NE(log.find("path=/api/v1/nope status=404"), std::string::npos) << log;
  EXPECT_EQ(log.find("q=Ann"), std::string::npos) << log;
  EXPECT_EQ(log.find("Ann"), std::string::npos) << log;
}

}  // namespace
}  // namespace kith::test
