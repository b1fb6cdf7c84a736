// The Users routes over HTTP (issue 10): an area admin lists the area's users,
// adds one (the one-time password comes back once and logs in), gives and
// takes roles, disables (the user's session is refused at once) and enables,
// and resets a password. Every refusal answers with its status and the field
// it names; other roles get the gate's 403.
#include "api/api_fixture.hpp"
#include "kith/domain/register.hpp"
#include "kith/store/store.hpp"

namespace kith::test {
namespace {

class AreaUsersApi : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area_ = create_area("Hyde Park")["id"];
    other_ = create_area("Woodhouse")["id"];
    person_ = create_person(area_, "Ann Example")["id"];
    admin_token_ = add_user_with_token(db_.url, "hyde_admin", "admin", area_);
  }
  std::string users() const { return kApi + "/areas/" + area_ + "/users"; }
  std::string user(const std::string& name) const { return users() + "/" + name; }
  HttpClient as(const std::string& token) {
    HttpClient c = server().client();
    c.use_token(token);
    return c;
  }
  HttpClient area_admin() { return as(admin_token_); }
  // Signs in with a password and returns a client carrying that session.
  HttpClient signed_in(const std::string& username, const std::string& password, int want = 200) {
    HttpClient c = server().client();
    c.anonymous();
    HttpReply r = c.post(kApi + "/session", {{"username", username}, {"password", password}});
    EXPECT_EQ(r.status, want) << r.body;
    if (r.status == 200) {
      std::string cookie = r.header("Set-Cookie");
      auto start = cookie.find('=') + 1;
      c.use_session(cookie.substr(start, cookie.find(';') - start), r.json()["csrf_token"].get<std::string>());
    }
    return c;
  }
  static json find_user(const json& list, const std::string& username) {
    for (const auto& u : list["items"])
      if (u["username"] == username) return u;
    return nullptr;
  }
  std::string area_, other_, person_, admin_token_;
};

TEST_F(AreaUsersApi, TheAreaAdminListsAddsChangesAndResetsAUser) {
  HttpClient c = area_admin();
  HttpReply added = c.post(users(), {{"username", "ned"}, {"display_name", "Ned Newman"}, {"role", "researcher"}});
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string password = added.json()["password"];
  EXPECT_EQ(added.json()["user"]["username"], "ned");
  EXPECT_EQ(password.size(), 23u);  // xxxxx-xxxxx-xxxxx-xxxxx

  HttpReply list = c.get(users());
  ASSERT_EQ(list.status, 200) << list.body;
  json ned = find_user(list.json(), "ned");
  ASSERT_TRUE(ned.is_object()) << list.body;
  EXPECT_EQ(ned["display_name"], "Ned Newman");
  EXPECT_EQ(ned["disabled"], false);
  EXPECT_EQ(ned["last_log_in"], nullptr);
  EXPECT_EQ(ned["can_change"], true);
  EXPECT_EQ(ned["roles"], json::parse(R"([{"role":"researcher","all_areas":false,"person_id":null,"person_name":null}])"));
  EXPECT_EQ(list.body.find("password"), std::string::npos);  // no hash, no password
  EXPECT_EQ(list.body.find("argon2"), std::string::npos);
  // The all-areas admin is listed as such; the area admin may not change them.
  json admin = find_user(list.json(), "admin");
  ASSERT_TRUE(admin.is_object());
  EXPECT_EQ(admin["roles"][0]["all_areas"], true);
  EXPECT_EQ(admin["can_change"], false);

  HttpReply grant = c.post(user("ned") + "/roles", {{"role", "member"}, {"person_id", person_}});
  EXPECT_EQ(grant.status, 204) << grant.body;
  HttpReply revoke = c.del(user("ned") + "/roles/researcher");
  EXPECT_EQ(revoke.status, 204) << revoke.body;
  ned = find_user(c.get(users()).json(), "ned");
  EXPECT_EQ(ned["roles"], json::parse(R"([{"role":"member","all_areas":false,"person_id":")" + person_ +
                                      R"(","person_name":"Ann Example"}])"));

  // The one-time password signs in; a reset ends that session and replaces it.
  HttpClient as_ned = signed_in("ned", password);
  EXPECT_EQ(as_ned.get(kApi + "/session").status, 200);
  EXPECT_NE(find_user(c.get(users()).json(), "ned")["last_log_in"], nullptr);
  HttpReply reset = c.post(user("ned") + "/password", json::object());
  ASSERT_EQ(reset.status, 200) << reset.body;
  const std::string fresh = reset.json()["password"];
  EXPECT_NE(fresh, password);
  EXPECT_EQ(as_ned.get(kApi + "/session").status, 401);
  signed_in("ned", password, 401);
  signed_in("ned", fresh);
}

TEST_F(AreaUsersApi, ADisabledUsersSessionIsRefusedAtOnceAndEnablingLetsThemBack) {
  HttpClient c = area_admin();
  HttpReply added = c.post(users(), {{"username", "ned"}, {"role", "researcher"}});
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string password = added.json()["password"];
  HttpClient as_ned = signed_in("ned", password);
  ASSERT_EQ(as_ned.get(kApi + "/areas/" + area_ + "/people").status, 200);

  HttpReply off = c.patch(user("ned"), {{"disabled", true}});
  EXPECT_EQ(off.status, 204) << off.body;
  EXPECT_EQ(as_ned.get(kApi + "/areas/" + area_ + "/people").status, 401);
  EXPECT_EQ(find_user(c.get(users()).json(), "ned")["disabled"], true);
  signed_in("ned", password, 401);

  HttpReply on = c.patch(user("ned"), {{"disabled", false}});
  EXPECT_EQ(on.status, 204) << on.body;
  signed_in("ned", password);

  HttpReply bad = c.patch(user("ned"), {{"disabled", "yes"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_field(), "disabled");
}

TEST_F(AreaUsersApi, EveryRefusalSaysWhyAndNamesItsField) {
  HttpClient c = area_admin();
  add_user_with_token(db_.url, "both", "researcher", area_);
  ASSERT_EQ(http().post(kApi + "/areas/" + other_ + "/users/both/roles", {{"role", "researcher"}}).status, 204);

  struct Case {
    std::string method, path;
    json body;
    int status;
    std::string field;  // "" for none
  };
  const std::vector<Case> cases = {
      {"POST", users(), {{"username", "ned"}, {"role", "boss"}}, 400, "role"},
      {"POST", users(), {{"username", "not ok"}, {"role", "researcher"}}, 400, "username"},
      {"POST", users(), {{"username", "HYDE_ADMIN"}, {"role", "researcher"}}, 409, "username"},
      {"POST", users(), {{"username", "ned"}, {"role", "researcher"}, {"display_name", std::string(201, 'x')}}, 400,
       "display_name"},
      {"POST", users(), {{"username", "ned"}, {"role", "researcher"}, {"person_id", person_}}, 400, "person_id"},
      {"POST", users(), {{"username", "ned"}, {"role", "member"}, {"person_id", "pe_nobody"}}, 404, "person_id"},
      {"POST", users(), {{"username", "ned"}, {"role", "member"}, {"extra", "x"}}, 400, "extra"},
      {"POST", user("nobody") + "/roles", {{"role", "researcher"}}, 404, "username"},
      {"DELETE", user("hyde_admin") + "/roles/boss", nullptr, 400, "role"},
      {"DELETE", user("hyde_admin") + "/roles/admin", nullptr, 409, "role"},  // their only role here
      {"PATCH", user("hyde_admin"), {{"disabled", true}}, 409, "username"},   // yourself
      {"PATCH", user("both"), {{"disabled", true}}, 403, "username"},         // works in Woodhouse too
      {"POST", user("both") + "/password", nullptr, 403, "username"},
      {"PATCH", user("admin"), {{"disabled", true}}, 403, "username"},        // an all-areas admin
      {"PATCH", user("nobody"), {{"disabled", true}}, 404, "username"},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.method + " " + k.path + " " + k.body.dump());
    HttpReply r = k.body.is_null() ? c.send(k.method, k.path, "", "") : c.send(k.method, k.path, k.body.dump(), "application/json");
    EXPECT_EQ(r.status, k.status) << r.body;
    EXPECT_EQ(r.error_field(), k.field.empty() ? json(nullptr) : json(k.field)) << r.body;
  }
  HttpReply other = c.patch(user("both"), {{"disabled", true}});
  EXPECT_EQ(other.error_message(),
            "This account also works in another area; ask an administrator of every area it works in");
  EXPECT_EQ(c.get(users()).json()["items"].size(), 3u);  // admin, both, hyde_admin: nothing was added
}

TEST_F(AreaUsersApi, OnlyTheAreasAdminsReachTheRoutes) {
  const std::string researcher = add_user_with_token(db_.url, "res", "researcher", area_);
  const std::string other_admin = add_user_with_token(db_.url, "wood_admin", "admin", other_);
  for (const std::string& token : {researcher, other_admin}) {
    HttpClient c = as(token);
    HttpReply list = c.get(users());
    EXPECT_EQ(list.status, 403) << list.body;
    EXPECT_EQ(list.error_message().rfind("Your roles do not allow this", 0), 0u) << list.body;
    EXPECT_EQ(c.post(users(), {{"username", "ned"}, {"role", "researcher"}}).status, 403);
    EXPECT_EQ(c.patch(user("res"), {{"disabled", true}}).status, 403);
  }
  EXPECT_EQ(http().get(users()).status, 200);  // the all-areas admin
}

// Without an all-areas admin (who counts as an admin of every area), the
// area's one admin cannot drop the role or disable themselves.
TEST(AreaUsersLastAdmin, TheAreasOnlyAdminStays) {
  TempDir dir;
  const std::string url = fresh_db_url(dir);
  std::string area;
  {
    auto s = store::open_store(url);
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto a = domain::Register(**s).create(model::areas(), "", {{"name", "Hyde Park"}}, model::Actor("test"));
    ASSERT_TRUE(a.ok()) << a.error().message;
    area = (*a)["id"].get<std::string>();
  }
  const std::string token = add_user_with_token(url, "solo", "admin", area);
  ServerProcess server(url);
  HttpClient c = server.client();
  c.use_token(token);
  const std::string solo = kApi + "/areas/" + area + "/users/solo";
  ASSERT_EQ(c.post(solo + "/roles", {{"role", "researcher"}}).status, 204);
  HttpReply last = c.del(solo + "/roles/admin");
  EXPECT_EQ(last.status, 409) << last.body;
  EXPECT_EQ(last.error_field(), "role");
  EXPECT_EQ(last.error_message(),
            "This is the last enabled admin of area " + area + "; make another user an admin of the area first");
  HttpReply self = c.patch(solo, {{"disabled", true}});
  EXPECT_EQ(self.status, 409) << self.body;
  EXPECT_EQ(self.error_message(), "You cannot disable your own account; another admin of the area can");
  EXPECT_EQ(c.get(kApi + "/areas/" + area + "/users").status, 200);  // still their admin
}

}  // namespace
}  // namespace kith::test
