// The edges of the API a hostile client or web page can reach: the Host check
// against DNS rebinding, cursors, and the static files of the web front end.
#include <filesystem>
#include <fstream>

#include "api/api_fixture.hpp"
#include "api/raw_http.hpp"

namespace kith::test {
namespace {

std::string error_code_of(const std::string& body) {
  auto j = json::parse(body, nullptr, false);
  return j.is_object() && j.contains("error") && j["error"].is_object() ? j["error"].value("code", "") : "";
}

TEST_F(ApiTest, HostHeaderMustNameThisServer) {
  const int port = server().port();
  const std::string p = std::to_string(port);
  for (const std::string& host : std::vector<std::string>{"127.0.0.1:" + p, "127.0.0.1", "localhost", "localhost:" + p, "LocalHost:" + p}) {
    RawReply r = raw_get(port, kApi + "/health", host);
    EXPECT_EQ(r.status, 200) << "Host: " << host << "\n" << r.head << r.body;
  }
  for (const std::string& host : std::vector<std::string>{"evil.example", "evil.example:" + p, "127.0.0.1.evil.example", "localhost.evil.example",
                                 "127.0.0.2:" + p, "127.0.0.1:x", "127.0.0.1:" + p + ":1", "[::1]:" + p, "@localhost"}) {
    RawReply r = raw_get(port, kApi + "/health", host);
    EXPECT_EQ(r.status, 421) << "Host: " << host << "\n" << r.head << r.body;
    EXPECT_EQ(error_code_of(r.body), "misdirected") << "Host: " << host << " " << r.body;
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_TRUE(j["error"]["field"].is_null());
    EXPECT_FALSE(j["error"].value("message", "").empty());
  }
  // HTTP/1.1 requires a Host header: a request without one, or with two, is malformed (400).
  RawReply none = raw_get(port, kApi + "/health", "");
  EXPECT_EQ(none.status, 400) << none.head << none.body;
  EXPECT_EQ(error_code_of(none.body), "invalid");
  RawReply two = raw_request(port, "GET " + kApi + "/health HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n"
                                   "Connection: close\r\n\r\n");
  EXPECT_EQ(two.status, 400) << two.head << two.body;
}

TEST_F(ApiTest, MisdirectedWritesChangeNothing) {
  const int port = server().port();
  std::string body = R"({"name":"Rebound"})";
  RawReply r = raw_request(port, "POST " + kApi + "/areas HTTP/1.1\r\nHost: evil.example:" +
                                     std::to_string(port) + "\r\nContent-Type: application/json\r\nContent-Length: " +
                                     std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_EQ(r.status, 421) << r.head << r.body;
  EXPECT_TRUE(list_all(kApi + "/areas").empty());
  // The same request for an allowed host does write: the refusal above was the Host check.
  RawReply ok = raw_request(port, "POST " + kApi + "/areas HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " +
                                  db_.token + "\r\nContent-Type: "
                                  "application/json\r\nContent-Length: " + std::to_string(body.size()) +
                                  "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_EQ(ok.status, 201) << ok.head << ok.body;
  EXPECT_EQ(list_all(kApi + "/areas").size(), 1u);
}

TEST(ApiHostNames, HostNameOptionAddsNamesAndOnlyThose) {
  TempDir dir;
  ServerProcess server(fresh_db_url(dir), {"--host-name", "kith.example.org", "--host-name", "Proxy.Local"});
  const int port = server.port();
  for (const std::string& host : std::vector<std::string>{"kith.example.org", "kith.example.org:443", "proxy.local", "PROXY.LOCAL:8080",
                                 "localhost", "127.0.0.1:" + std::to_string(port)})
    EXPECT_EQ(raw_get(port, kApi + "/health", host).status, 200) << "Host: " << host;
  for (const std::string& host : std::vector<std::string>{"example.org", "evil.kith.example.org", "kith.example.org.evil", "proxy"})
    EXPECT_EQ(raw_get(port, kApi + "/health", host).status, 421) << "Host: " << host;
}

TEST_F(ApiTest, CursorsThatWereNeverIssuedAreRefused) {
  std::string area = create_area("Chapel Allerton")["id"];
  for (int i = 0; i < 3; ++i) create_person(area, "P" + std::to_string(i));
  HttpReply first = http().get(coll(area, "people") + "?limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  std::string issued = first.json()["next_cursor"];
  HttpReply second = http().get(coll(area, "people") + "?limit=2&cursor=" + issued);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["items"].size(), 1u);

  // Another entity's id, garbage, SQL, an empty value, an id one character short or long, lower-case prefix swapped.
  std::string person_like = issued, area_like = area;
  const std::vector<std::string> bad = {"",           "abc",        "%27%20OR%201%3D1--", "pe_",
                                        area_like,    person_like.substr(0, person_like.size() - 1),
                                        person_like + "0", "PE" + person_like.substr(2), "pe_" + std::string(20, '!'),
                                        std::string(300, 'a')};
  for (const auto& cursor : bad) {
    HttpReply r = http().get(coll(area, "people") + "?cursor=" + cursor);
    EXPECT_EQ(r.status, 400) << "cursor=" << cursor << " -> " << r.body;
    EXPECT_EQ(r.error_field(), "cursor") << "cursor=" << cursor << " -> " << r.body;
  }
  // A person's id is not an area cursor either.
  HttpReply areas = http().get(kApi + "/areas?cursor=" + issued);
  EXPECT_EQ(areas.status, 400) << areas.body;
  EXPECT_EQ(areas.error_field(), "cursor");
}

// A web front end folder next to a secret; no request may read the secret.
class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    fs::create_directories(dir_.file("site/web/dist/assets"));
    std::ofstream(dir_.file("site/web/dist/index.html")) << "<!doctype html><title>front</title>INDEX-MARK";
    std::ofstream(dir_.file("site/web/dist/assets/app.js")) << "console.log('APP-MARK')";
    std::ofstream(dir_.file("site/web/secret.txt")) << "SECRET-MARK one level up";
    std::ofstream(dir_.file("site/secret.txt")) << "SECRET-MARK two levels up";
    server_ = std::make_unique<ServerProcess>(fresh_db_url(dir_), std::vector<std::string>{"--web-dir",
                                                                                          dir_.file("site/web/dist")});
  }
  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(StaticFiles, ServesTheFolderAndNothingOutsideIt) {
  const int port = server_->port();
  // The folder is served: without this the refusals below would prove nothing.
  RawReply app = raw_get(port, "/assets/app.js", "localhost");
  EXPECT_EQ(app.status, 200) << app.head;
  EXPECT_NE(app.body.find("APP-MARK"), std::string::npos);
  EXPECT_NE(raw_get(port, "/", "localhost").body.find("INDEX-MARK"), std::string::npos);
  EXPECT_NE(raw_get(port, "/assets/../index.html", "localhost").body.find("INDEX-MARK"), std::string::npos);

  const std::string abs = dir_.file("site/secret.txt");
  const std::vector<std::string> attacks = {
      "/../secret.txt",           "/../../secret.txt",          "/%2e%2e/secret.txt",        "/%2E%2E/%2e%2e/secret.txt",
      "/..%2fsecret.txt",         "/..%2f..%2fsecret.txt",      "/%2e%2e%2f%2e%2e%2fsecret.txt",
      "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/./../secret.txt",     "/..\\secret.txt",
      "/..%5csecret.txt",         "/%252e%252e/secret.txt",     "/.../secret.txt",           "/assets/..%00/../secret.txt",
      "/../secret.txt%00.js",     "/index.html%00/../../secret.txt", abs,                      "/" + abs,
      "//" + abs.substr(1),       "/%2f" + abs.substr(1),       "/..;/secret.txt",           "../secret.txt",
      "http://localhost/../secret.txt", "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt",
  };
  for (const auto& target : attacks) {
    RawReply r = raw_get(port, target, "localhost");
    EXPECT_EQ(r.body.find("SECRET-MARK"), std::string::npos) << target << " read the secret:\n" << r.head;
    EXPECT_NE(r.status, 200) << target << " -> " << r.head << "\n" << r.body.substr(0, 200);
  }
  // An encoded NUL is refused outright rather than cut short by the file system.
  RawReply nul = raw_get(port, "/assets/app.js%00.html", "localhost");
  EXPECT_EQ(nul.status, 400) << nul.head << nul.body;
  EXPECT_EQ(nul.body.find("APP-MARK"), std::string::npos);
  // The Host check covers the static files as well.
  EXPECT_EQ(raw_get(port, "/assets/app.js", "evil.example").status, 421);
}

// Written out here, not taken from the server: what a browser must be told on
// every answer (issue 9, hardening).
void expect_security_headers(const std::string& head, const std::string& what) {
  SCOPED_TRACE(what);
  auto header = [&](const std::string& name) {
    auto at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return std::string();
    at += name.size() + 4;
    return head.substr(at, head.find("\r\n", at) - at);
  };
  const std::string csp = header("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << head;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << head;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << head;
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << head;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << head;
  EXPECT_EQ(header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(header("X-Frame-Options"), "DENY");
  EXPECT_EQ(header("Cache-Control"), "no-store");
}

TEST_F(StaticFiles, EveryAnswerCarriesTheSecurityHeaders) {
  const int port = server_->port();
  expect_security_headers(raw_get(port, "/", "localhost").head, "the page");
  expect_security_headers(raw_get(port, "/assets/app.js", "localhost").head, "a script");
  expect_security_headers(raw_get(port, "/api/v1/health", "localhost").head, "an API answer");
  expect_security_headers(raw_get(port, "/api/v1/areas/ar_00000000000000000000", "localhost").head, "a 404");
  expect_security_headers(raw_get(port, "/nowhere.html", "localhost").head, "a missing file");
}

}  // namespace
}  // namespace kith::test
