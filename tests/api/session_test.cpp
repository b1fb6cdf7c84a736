// Log-in over HTTP (issue 9): the session cookie and its flags, the CSRF
// token on changes made with the cookie, one answer for a wrong password and
// an unknown user, the lockout's 429 with Retry-After, log-out here and
// everywhere, API tokens without CSRF, and the first administrator's set-up.
#include "api/api_fixture.hpp"
#include "api/raw_http.hpp"
#include "support/run_command.hpp"
#include "support/store_query.hpp"
#include "kith/store/store.hpp"

namespace kith::test {
namespace {

struct LoggedIn {
  std::string token, csrf, set_cookie;
  json body;
};

// The cookie's value out of a Set-Cookie header.
std::string cookie_token(const std::string& set_cookie) {
  const std::string key = "kith_session=";
  auto at = set_cookie.find(key);
  if (at == std::string::npos) return {};
  auto end = set_cookie.find(';', at);
  return set_cookie.substr(at + key.size(), end == std::string::npos ? std::string::npos : end - at - key.size());
}

class Sessions : public ApiTest {
 protected:
  LoggedIn log_in(const std::string& username, const std::string& password) {
    HttpClient c = server().client();
    c.anonymous();
    HttpReply r = c.post(kApi + "/session", {{"username", username}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.body;
    LoggedIn out;
    if (r.status != 200) return out;
    out.body = r.json();
    out.set_cookie = r.header("Set-Cookie");
    out.token = cookie_token(out.set_cookie);
    out.csrf = out.body["csrf_token"].get<std::string>();
    return out;
  }
  HttpClient as_session(const LoggedIn& s, bool with_csrf = true) {
    HttpClient c = server().client();
    c.use_session(s.token, with_csrf ? s.csrf : "");
    return c;
  }
};

TEST_F(Sessions, LogInSetsAStrictHttpOnlyCookieAndSaysWhoAndWhichRoles) {
  LoggedIn s = log_in("admin", kTestPassword);
  EXPECT_EQ(s.token.size(), 43u) << s.set_cookie;
  for (const char* flag : {"HttpOnly", "SameSite=Strict", "Path=/"})
    EXPECT_NE(s.set_cookie.find(flag), std::string::npos) << flag << " missing from " << s.set_cookie;
  EXPECT_EQ(s.set_cookie.find("Secure"), std::string::npos) << "no --secure-cookies, no TLS: " << s.set_cookie;
  EXPECT_EQ(s.body["user"]["username"], "admin");
  EXPECT_EQ(s.body["user"]["roles"], json::parse(R"([{"role": "admin", "area": null}])"));
  EXPECT_EQ(s.csrf.size(), 43u);
  HttpReply me = as_session(s).get(kApi + "/session");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["user"]["username"], "admin");
  EXPECT_EQ(me.json()["csrf_token"], s.csrf);
}

TEST_F(Sessions, SecureCookiesOptionMarksTheCookieSecure) {
  ServerProcess secure(db_.url, {"--secure-cookies"});
  HttpClient c = secure.client();
  HttpReply r = c.post(kApi + "/session", {{"username", "admin"}, {"password", kTestPassword}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("Set-Cookie").find("; Secure"), std::string::npos) << r.header("Set-Cookie");
}

TEST_F(Sessions, ChangesWithTheCookieNeedTheCsrfTokenReadsDoNot) {
  LoggedIn s = log_in("admin", kTestPassword);
  std::string area = create_area("Harehills")["id"];
  HttpClient no_csrf = as_session(s, false);
  EXPECT_EQ(no_csrf.get(coll(area, "people")).status, 200);
  HttpReply refused = no_csrf.post(coll(area, "people"), {{"display_name", "Forged"}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(refused.error_code(), "forbidden");
  EXPECT_NE(refused.error_message().find("X-CSRF-Token"), std::string::npos) << refused.body;
  HttpClient wrong = server().client();
  wrong.use_session(s.token, std::string(43, 'A'));
  EXPECT_EQ(wrong.post(coll(area, "people"), {{"display_name", "Forged"}}).status, 403);
  EXPECT_TRUE(list_all(coll(area, "people")).empty()) << "a refused change wrote nothing";
  HttpReply made = as_session(s).post(coll(area, "people"), {{"display_name", "Real"}});
  EXPECT_EQ(made.status, 201) << made.body;
  // An API token needs no CSRF header: scripts are not browsers.
  EXPECT_EQ(http().post(coll(area, "people"), {{"display_name", "Scripted"}}).status, 201);
}

TEST_F(Sessions, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  HttpClient c = server().client();
  c.anonymous();
  HttpReply wrong = c.post(kApi + "/session", {{"username", "admin"}, {"password", "not the password at all"}});
  HttpReply unknown = c.post(kApi + "/session", {{"username", "nobody"}, {"password", "not the password at all"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_TRUE(wrong.header("Set-Cookie").empty());
}

TEST_F(Sessions, TenFailuresLockTheAccountWith429AndRetryAfter) {
  HttpClient c = server().client();
  c.anonymous();
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(c.post(kApi + "/session", {{"username", "admin"}, {"password", "wrong password " + std::to_string(i)}}).status,
              401);
  HttpReply locked = c.post(kApi + "/session", {{"username", "admin"}, {"password", kTestPassword}});
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_EQ(locked.error_code(), "too_many_requests");
  ASSERT_FALSE(locked.header("Retry-After").empty());
  const int wait = std::stoi(locked.header("Retry-After"));
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 15 * 60);
  // The lock does not tell whether the name exists: an unknown one from this address is locked alike.
  HttpReply unknown = c.post(kApi + "/session", {{"username", "nobody"}, {"password", kTestPassword}});
  EXPECT_EQ(unknown.status, 429);
  // API tokens still work: the lockout is about log-ins.
  EXPECT_EQ(http().get(kApi + "/areas").status, 200);
}

TEST_F(Sessions, LogOutEndsTheSessionAndClearsTheCookie) {
  LoggedIn s = log_in("admin", kTestPassword);
  HttpClient c = as_session(s);
  HttpReply out = c.del(kApi + "/session");
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos) << out.header("Set-Cookie");
  HttpReply after = c.get(kApi + "/session");
  EXPECT_EQ(after.status, 401) << after.body;
}

TEST_F(Sessions, LogOutEverywhereEndsEverySessionOfTheUser) {
  LoggedIn one = log_in("admin", kTestPassword), two = log_in("admin", kTestPassword);
  EXPECT_NE(one.token, two.token);
  EXPECT_EQ(as_session(one).del(kApi + "/sessions").status, 204);
  EXPECT_EQ(as_session(one).get(kApi + "/session").status, 401);
  EXPECT_EQ(as_session(two).get(kApi + "/session").status, 401);
  EXPECT_EQ(http().get(kApi + "/session").status, 200) << "API tokens are not sessions";
}

TEST_F(Sessions, OnlyTheOpenRoutesAnswerWithoutCredentials) {
  HttpClient c = server().client();
  c.anonymous();
  EXPECT_EQ(c.get(kApi + "/health").status, 200);
  EXPECT_EQ(c.get(kApi + "/openapi.json").status, 200);
  EXPECT_EQ(c.get(kApi + "/areas").status, 401);
  EXPECT_EQ(c.get(kApi + "/session").status, 401);
  HttpReply malformed = c.send("GET", kApi + "/areas", "", "");
  EXPECT_EQ(malformed.status, 401);
}

TEST_F(Sessions, AMalformedAuthorizationHeaderIsRefused) {
  for (const std::string& value : {std::string("Basic YWRtaW46YWRtaW4="), std::string("Bearer"), std::string("Bearer "),
                                   std::string("Token ") + db_.token, db_.token}) {
    httplib::Client raw("127.0.0.1", server().port());
    auto res = raw.Get((kApi + "/areas").c_str(), httplib::Headers{{"Authorization", value}});
    ASSERT_TRUE(res) << value;
    EXPECT_EQ(res->status, 401) << value << " -> " << res->body;
  }
}

// The one-time set-up page's route: only while no account exists.
TEST(FirstAdmin, SetUpWorksOnceOnAnEmptyDeploymentFromThisMachine) {
  TempDir dir;
  ServerProcess server(fresh_db_url(dir));
  HttpClient c = server.client();
  json body = {{"username", "first"}, {"password", kTestPassword}, {"display_name", "First Admin"}};
  HttpReply made = c.post(kApi + "/setup", body);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.json()["user"]["roles"], json::parse(R"([{"role": "admin", "area": null}])"));
  EXPECT_FALSE(made.header("Set-Cookie").empty());
  HttpReply again = c.post(kApi + "/setup", {{"username", "second"}, {"password", kTestPassword}});
  EXPECT_EQ(again.status, 403) << again.body;
  EXPECT_EQ(again.error_code(), "forbidden");
  HttpReply weak = HttpClient("127.0.0.1", server.port()).post(kApi + "/setup", {{"username", "x"}, {"password", "short"}});
  EXPECT_EQ(weak.status, 400) << "the body is checked before the state";
}

TEST(FirstAdmin, AWeakPasswordIsRefusedAndNothingIsCreated) {
  TempDir dir;
  ServerProcess server(fresh_db_url(dir));
  HttpClient c = server.client();
  HttpReply weak = c.post(kApi + "/setup", {{"username", "first"}, {"password", "password1234"}});
  EXPECT_EQ(weak.status, 400) << weak.body;
  EXPECT_EQ(weak.error_field(), "password");
  HttpReply ok = c.post(kApi + "/setup", {{"username", "first"}, {"password", kTestPassword}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

}  // namespace
}  // namespace kith::test

namespace kith::test {
namespace {

// Rate limits (tiny ones here, so the test is quick): per address on every
// API route, and per account once signed in; 429 says when to come back.
TEST_F(Sessions, RequestsOverTheRateLimitGet429WithRetryAfter) {
  ServerProcess limited(db_.url, {"--rate-limit-address", "5"});
  HttpClient c = limited.client();
  // The start-up probe spent some of the five; whatever is left is served, then 429s only.
  int served = 0;
  HttpReply over;
  for (int i = 0; i < 10 && over.status != 429; ++i) {
    HttpReply r = c.get(kApi + "/health");
    if (r.status == 200) ++served;
    else over = r;
  }
  EXPECT_GE(served, 1);
  EXPECT_LE(served, 5);
  EXPECT_EQ(c.get(kApi + "/health").status, 429) << "still over";
  EXPECT_EQ(over.status, 429) << over.body;
  EXPECT_EQ(over.error_code(), "too_many_requests");
  EXPECT_NE(over.error_message().find("this address"), std::string::npos) << over.body;
  ASSERT_FALSE(over.header("Retry-After").empty());
  EXPECT_GE(std::stoi(over.header("Retry-After")), 1);
}

TEST_F(Sessions, EachAccountHasItsOwnLimit) {
  ServerProcess limited(db_.url, {"--rate-limit-account", "3"});
  HttpClient admin = limited.client();
  admin.use_token(db_.token);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(admin.get(kApi + "/areas").status, 200) << i;
  HttpReply over = admin.get(kApi + "/areas");
  EXPECT_EQ(over.status, 429) << over.body;
  EXPECT_NE(over.error_message().find("this account"), std::string::npos) << over.body;
  // The same address without the account is not held back by it.
  HttpClient anon = limited.client();
  EXPECT_EQ(anon.get(kApi + "/health").status, 200);
}

// Behind a reverse proxy every connection comes from the proxy. From a proxy
// named with --trusted-proxy, the client is the right-most X-Forwarded-For
// address (what the proxy appended; entries left of it are the client's own
// say-so): in the audit log and for the per-address limit. From anyone else
// the header is ignored.
TEST_F(Sessions, ATrustedProxysForwardedForNamesTheClient) {
  const std::string area = create_area("Armley")["id"];
  ServerProcess proxied(db_.url, {"--trusted-proxy", "127.0.0.1", "--rate-limit-address", "4"});
  auto create_through = [&](int port, const std::string& forwarded, const std::string& name) {
    const std::string body = json{{"display_name", name}}.dump();
    return raw_request(port, "POST " + coll(area, "people") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                 "Authorization: Bearer " + db_.token + "\r\nContent-Type: application/json\r\n" +
                                 (forwarded.empty() ? "" : "X-Forwarded-For: " + forwarded + "\r\n") +
                                 "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
                                 body);
  };
  auto newest_address = [&]() {
    HttpReply log = http().get(area_path(area) + "/audit?limit=1");
    EXPECT_EQ(log.status, 200) << log.body;
    const json items = log.json()["items"];
    return items.empty() ? std::string() : items[0]["client_address"].get<std::string>();
  };
  ASSERT_EQ(create_through(proxied.port(), "198.51.100.7, 203.0.113.9", "Via Proxy").status, 201);
  EXPECT_EQ(newest_address(), "203.0.113.9");
  // Not an address: the proxy's own address stands in.
  ASSERT_EQ(create_through(proxied.port(), "203.0.113.9, not-an-address", "Odd Header").status, 201);
  EXPECT_EQ(newest_address(), "127.0.0.1");
  // The default server trusts no proxy: the header is ignored.
  ASSERT_EQ(create_through(server().port(), "203.0.113.9", "No Proxy").status, 201);
  EXPECT_EQ(newest_address(), "127.0.0.1");

  // Each forwarded client has its own limit: 203.0.113.50 runs out, 203.0.113.51 does not.
  int status = 0;
  for (int i = 0; i < 6 && status != 429; ++i) status = create_through(proxied.port(), "203.0.113.50", "Busy").status;
  EXPECT_EQ(status, 429);
  EXPECT_EQ(create_through(proxied.port(), "203.0.113.51", "Other Client").status, 201);
}

TEST(ClientAddressOption, ATrustedProxyMustBeAnAddress) {
  auto r = run_command(std::string(KITH_BIN) + " serve --db /nonexistent/x.db --trusted-proxy proxy.example");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--trusted-proxy takes an IP address, not 'proxy.example'"), std::string::npos) << r.out;
}


// ---- changing your own password (POST /api/v1/session/password) -------------

const std::string kNewPassword = "a quite different phrase 42";

TEST_F(Sessions, ChangingYourPasswordKeepsThisSessionEndsTheOthersAndTheNewOneLogsIn) {
  LoggedIn here = log_in("admin", kTestPassword), other = log_in("admin", kTestPassword);
  HttpReply r = as_session(here).post(kApi + "/session/password",
                                      {{"current_password", kTestPassword}, {"new_password", kNewPassword}});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(r.body.empty()) << r.body;
  EXPECT_EQ(as_session(here).get(kApi + "/session").status, 200) << "this session stays";
  EXPECT_EQ(as_session(other).get(kApi + "/session").status, 401) << "every other session ends";
  HttpClient c = server().client();
  c.anonymous();
  EXPECT_EQ(c.post(kApi + "/session", {{"username", "admin"}, {"password", kTestPassword}}).status, 401);
  log_in("admin", kNewPassword);
}

TEST_F(Sessions, ChangingYourPasswordIsAuditedWithoutEitherPassword) {
  LoggedIn here = log_in("admin", kTestPassword);
  ASSERT_EQ(as_session(here).post(kApi + "/session/password",
                                  {{"current_password", kTestPassword}, {"new_password", kNewPassword}}).status, 204);
  auto s = store::open_store(db_.url);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(query_text(**s, "SELECT COUNT(*) FROM audit_log WHERE action = 'change_password' AND entity = 'user' "
                            "AND actor = 'admin' AND route = 'POST /api/v1/session/password'"), "1");
  const std::string detail = query_text(**s, "SELECT detail FROM audit_log WHERE action = 'change_password'");
  EXPECT_NE(detail.find("\"sessions_ended\":0"), std::string::npos) << detail;
  for (const std::string& secret : {std::string(kTestPassword), kNewPassword}) {
    EXPECT_EQ(query_text(**s, "SELECT COUNT(*) FROM audit_log WHERE COALESCE(detail, '') LIKE ? OR COALESCE(fields, '') LIKE ?",
                         {store::Value(std::string("%") + secret + "%"), store::Value(std::string("%") + secret + "%")}),
              "0");
    EXPECT_EQ(query_text(**s, "SELECT COUNT(*) FROM users WHERE password_hash LIKE ?",
                         {store::Value(std::string("%") + secret + "%")}), "0");
  }
}

TEST_F(Sessions, AWrongCurrentPasswordNamesItsFieldAndCountsTowardsTheLockout) {
  LoggedIn here = log_in("admin", kTestPassword);
  for (int i = 0; i < 10; ++i) {
    HttpReply r = as_session(here).post(kApi + "/session/password",
                                        {{"current_password", "wrong " + std::to_string(i)}, {"new_password", kNewPassword}});
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["error"]["field"], "current_password");
    EXPECT_EQ(r.json()["error"]["message"], "Your current password is wrong");
  }
  // Ten failures lock the name: a log-in, even with the right password, waits.
  HttpClient c = server().client();
  c.anonymous();
  EXPECT_EQ(c.post(kApi + "/session", {{"username", "admin"}, {"password", kTestPassword}}).status, 429);
  HttpReply locked = as_session(here).post(kApi + "/session/password",
                                           {{"current_password", kTestPassword}, {"new_password", kNewPassword}});
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_FALSE(locked.header("Retry-After").empty());
}

TEST_F(Sessions, ANewPasswordIsCheckedByThePasswordRulesNamingNewPassword) {
  LoggedIn here = log_in("admin", kTestPassword);
  struct Case { json body; std::string field, message_part; };
  const std::vector<Case> cases = {
      {{{"current_password", kTestPassword}, {"new_password", "short"}}, "new_password", "12"},
      {{{"current_password", kTestPassword}, {"new_password", "PASSWORD1234"}}, "new_password", "common passwords"},
      {{{"current_password", kTestPassword}}, "new_password", "new password"},
      {{{"new_password", kNewPassword}}, "current_password", "current password"},
      {{{"current_password", kTestPassword}, {"new_password", 12}}, "new_password", "as text"},
      {{{"current_password", kTestPassword}, {"new_password", kNewPassword}, {"password", "x"}}, "password", "remove"},
  };
  for (const Case& k : cases) {
    HttpReply r = as_session(here).post(kApi + "/session/password", k.body);
    ASSERT_EQ(r.status, 400) << k.body.dump() << " -> " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], k.field) << r.body;
    EXPECT_NE(r.json()["error"]["message"].get<std::string>().find(k.message_part), std::string::npos) << r.body;
  }
  // Nothing changed: the old password still logs in, the session still works.
  EXPECT_EQ(as_session(here).get(kApi + "/session").status, 200);
  log_in("admin", kTestPassword);
}

TEST_F(Sessions, ChangingYourPasswordWithTheCookieNeedsTheCsrfToken) {
  LoggedIn here = log_in("admin", kTestPassword);
  HttpReply r = as_session(here, false).post(kApi + "/session/password",
                                             {{"current_password", kTestPassword}, {"new_password", kNewPassword}});
  EXPECT_EQ(r.status, 403) << r.body;
  log_in("admin", kTestPassword);
}

}  // namespace
}  // namespace kith::test
