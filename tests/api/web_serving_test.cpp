// How `kith serve` serves the built web front end (docs/api.md, "The web
// front end"): the cache rule per file kind, content types, the app-page
// fallback for history-API URLs against the API's and a missing file's 404,
// HEAD, gzip, and that the fallback opens no way out of the folder. Every
// expectation is written out here by hand, not taken from the server.
#include <filesystem>
#include <fstream>

#include "api/api_fixture.hpp"
#include "api/raw_http.hpp"
#include "kith/api/server.hpp"

namespace kith::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kForever = "public, max-age=31536000, immutable";
constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The value of a header in a raw reply's head ("" when absent); fails the test when it appears twice.
std::string header(const RawReply& r, const std::string& name) {
  std::string found;
  int seen = 0;
  size_t at = 0;
  const std::string key = "\r\n" + name + ": ";
  while ((at = r.head.find(key, at)) != std::string::npos) {
    at += key.size();
    found = r.head.substr(at, r.head.find("\r\n", at) - at);
    ++seen;
  }
  EXPECT_LE(seen, 1) << name << " sent " << seen << " times:\n" << r.head;
  return found;
}

RawReply request(int port, const std::string& method, const std::string& target, const std::string& extra = "") {
  return raw_request(port, method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "Connection: close\r\n\r\n");
}

// About 300 KB of script that compresses as a real bundle does: varied identifiers, repeated structure.
std::string bundle_text() {
  std::string js;
  for (int i = 0; js.size() < 300'000; ++i)
    js += "function render" + std::to_string(i) + "(props){const n=props.items.length*" + std::to_string(i % 97) +
          ";return h('li',{class:'row-" + std::to_string(i % 13) + "'},n>" + std::to_string(i * 7 % 1000) +
          "?props.label:null)}\n";
  return js;
}

void write(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

const std::string kIndex =
    "<!doctype html><html lang=\"en-GB\"><head><title>kith</title>"
    "<script type=\"module\" src=\"/assets/index-B1x_9aQz.js\"></script></head><body>INDEX-MARK</body></html>";

// A built front end as Vite lays it out, next to a secret that must stay unread.
class WebServing : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dist = dir_.file("site/web/dist");
    write(dist + "/index.html", kIndex);
    write(dist + "/assets/index-B1x_9aQz.js", bundle_);
    write(dist + "/assets/index-B1x_9aQz.js.map", "{\"version\":3,\"sources\":[]}");
    write(dist + "/assets/index-Cq-7_Zr0.css", "main{margin:0}");
    write(dist + "/assets/logo-0aZ9_-xY.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    write(dist + "/assets/inter-DkF3a9b2.woff2", std::string("wOF2\0\0\0\0", 8));
    write(dist + "/assets/chart-AAAAAAAA.png", std::string("\x89PNG\r\n\x1a\n", 8));
    write(dist + "/assets/app.js", "console.log('not hashed')");
    write(dist + "/favicon.ico", std::string("\0\0\1\0", 4));
    write(dist + "/manifest.webmanifest", "{\"name\":\"kith\"}");
    write(dist + "/robots.txt", "User-agent: *\nDisallow: /\n");
    write(dist + "/data.json", "{\"a\":1}");
    write(dir_.file("site/web/secret"), "SECRET-MARK one level up, no extension");
    server_ = std::make_unique<ServerProcess>(fresh_db_url(dir_), std::vector<std::string>{"--web-dir", dist});
  }
  int port() const { return server_->port(); }

  TempDir dir_;
  std::string bundle_ = bundle_text();
  std::unique_ptr<ServerProcess> server_;
};

TEST(WebRules, HashedAssetsAreNamedAfterTheirContent) {
  for (const char* path : {"/assets/index-B1x_9aQz.js", "/assets/index-Cq-7_Zr0.css", "/assets/logo-0aZ9_-xY.svg",
                           "/assets/preact.module-AbCdEfGh.js", "/assets/index-B1x_9aQz.js.map",
                           "/assets/a-b-c-12345678.woff2", "/assets/x--_______.png"})
    EXPECT_TRUE(api::is_hashed_asset(path)) << path;
  for (const char* path : {"/assets/app.js", "/assets/some-library.js", "/assets/index-B1x_9aQ.js",  // 7 characters
                           "/assets/index_B1x_9aQz.js", "/assets/-B1x_9aQz.js",  // no '-' before it; no name
                           "/assets/index-B1x_9aQz", "/assets/index-B1x_9aQz.", "/assets/index-B1x.9aQz.js",
                           "/assets/sub/index-B1x_9aQz.js", "/index-B1x_9aQz.js", "/static/index-B1x_9aQz.js",
                           "/assets/index-B1x_9aQz.js/", "/assets/.map", "/assets/x-B1x_9aQz.map", "/assets/"})
    EXPECT_FALSE(api::is_hashed_asset(path)) << path;
}

TEST(WebRules, AppPagesAreExtensionlessPathsOutsideTheApiAndAssets) {
  for (const char* path : {"/", "/sign-in", "/areas/ar_1/people", "/areas/ar_1/people/pe_2/edit", "/account",
                           "/areas/ar_1/people/", "/apis", "/api-docs", "/assets-list", "/areas//x"})
    EXPECT_TRUE(api::is_app_page(path)) << path;
  for (const char* path : {"/api", "/api/", "/api/v1/nowhere", "/assets", "/assets/", "/assets/index-B1x_9aQz",
                           "/favicon.ico", "/areas/ar_1/people.csv", "/areas/../secret", "/./x", "/a/..",
                           "/a\\b", "", "areas/1", "/sign-in.html", "/.env"})
    EXPECT_FALSE(api::is_app_page(path)) << path;
}

TEST(WebRules, OnlyGzipIsOffered) {
  EXPECT_EQ(api::accepted_encoding("gzip, deflate, br, zstd"), "gzip");  // Chromium's
  EXPECT_EQ(api::accepted_encoding("br"), "");
  EXPECT_EQ(api::accepted_encoding(""), "");
  EXPECT_EQ(api::accepted_encoding("identity"), "");
  EXPECT_EQ(api::accepted_encoding("GZip;q=0.5"), "gzip");
  EXPECT_EQ(api::accepted_encoding("x-gzip"), "gzip");
  EXPECT_EQ(api::accepted_encoding("gzip;q=0"), "");
  EXPECT_EQ(api::accepted_encoding("gzip; q=0.000, br"), "");
  EXPECT_EQ(api::accepted_encoding("br, *"), "gzip");
  EXPECT_EQ(api::accepted_encoding("*;q=0"), "");
  EXPECT_EQ(api::accepted_encoding("gzip;q=0, *"), "");  // named and refused: * does not bring it back
  EXPECT_EQ(api::accepted_encoding("gzip;q=0.001"), "gzip");
}

TEST_F(WebServing, HashedAssetsAreCachedForAYearAndEverythingElseNever) {
  for (const char* path : {"/assets/index-B1x_9aQz.js", "/assets/index-B1x_9aQz.js.map", "/assets/index-Cq-7_Zr0.css",
                           "/assets/logo-0aZ9_-xY.svg", "/assets/inter-DkF3a9b2.woff2", "/assets/chart-AAAAAAAA.png"}) {
    RawReply r = request(port(), "GET", path);
    EXPECT_EQ(r.status, 200) << path << "\n" << r.head;
    EXPECT_EQ(header(r, "Cache-Control"), kForever) << path;
    EXPECT_EQ(header(r, "Vary"), "Accept-Encoding") << path;
    EXPECT_EQ(header(r, "Content-Security-Policy"), kCsp) << path;
    EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(header(r, "X-Frame-Options"), "DENY") << path;
  }
  for (const char* path : {"/", "/index.html", "/assets/app.js", "/favicon.ico", "/robots.txt", "/manifest.webmanifest",
                           "/areas/ar_1/people", "/api/v1/health", "/api/v1/nowhere", "/assets/gone-B1x_9aQz.js"}) {
    RawReply r = request(port(), "GET", path);
    EXPECT_EQ(header(r, "Cache-Control"), "no-store") << path << "\n" << r.head;
    EXPECT_EQ(header(r, "Content-Security-Policy"), kCsp) << path;
    EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff") << path;
  }
}

TEST_F(WebServing, EachKindOfFileHasItsContentType) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"/", "text/html; charset=utf-8"},
      {"/index.html", "text/html; charset=utf-8"},
      {"/assets/index-B1x_9aQz.js", "text/javascript; charset=utf-8"},
      {"/assets/index-B1x_9aQz.js.map", "application/json"},
      {"/assets/index-Cq-7_Zr0.css", "text/css; charset=utf-8"},
      {"/assets/logo-0aZ9_-xY.svg", "image/svg+xml"},
      {"/assets/inter-DkF3a9b2.woff2", "font/woff2"},
      {"/assets/chart-AAAAAAAA.png", "image/png"},
      {"/favicon.ico", "image/x-icon"},
      {"/manifest.webmanifest", "application/manifest+json"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/data.json", "application/json"},
  };
  for (const auto& [path, type] : expected) {
    RawReply r = request(port(), "GET", path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(header(r, "Content-Type"), type) << path;
  }
  EXPECT_EQ(request(port(), "GET", "/assets/index-B1x_9aQz.js").body, bundle_);
  EXPECT_EQ(request(port(), "GET", "/robots.txt").body, "User-agent: *\nDisallow: /\n");
}

TEST_F(WebServing, AppUrlsOpenTheAppButMissingFilesAndApiRoutesStay404) {
  for (const char* path : {"/areas/ar_1/people", "/areas/ar_1/people/", "/sign-in", "/sign-in?next=%2Faccount",
                           "/areas/ar_1/people/pe_2/edit", "/account"}) {
    RawReply r = request(port(), "GET", path);
    EXPECT_EQ(r.status, 200) << path << "\n" << r.head;
    EXPECT_EQ(r.body, kIndex) << path;
    EXPECT_EQ(header(r, "Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(header(r, "Cache-Control"), "no-store") << path;
    EXPECT_EQ(header(r, "Content-Security-Policy"), kCsp) << path;
  }
  // An API route that does not exist, a script or picture that does not, or a
  // page asked with another method: the JSON 404, never the page.
  const std::vector<std::pair<std::string, std::string>> not_found = {
      {"GET", "/api/v1/nowhere"}, {"GET", "/api"},           {"GET", "/api/"},
      {"GET", "/api/v2/areas"},   {"GET", "/assets/gone-B1x_9aQz.js"}, {"GET", "/assets/app2.js"},
      {"GET", "/assets/folder"},  {"GET", "/assets/"},       {"GET", "/nowhere.html"},
      {"GET", "/favicon2.ico"},   {"GET", "/areas/ar_1/people.csv"},  {"GET", "/areas/%2e%2e/sign-in"},
      {"POST", "/areas/ar_1/people"}, {"DELETE", "/account"},
  };
  for (const auto& [method, path] : not_found) {
    RawReply r = request(port(), method, path, method == "GET" ? "" : "Content-Length: 0\r\n");
    EXPECT_EQ(r.status, 404) << method << " " << path << "\n" << r.head << "\n" << r.body.substr(0, 200);
    EXPECT_EQ(header(r, "Content-Type"), "application/json") << method << " " << path;
    EXPECT_EQ(r.body.find("INDEX-MARK"), std::string::npos) << method << " " << path;
    auto j = json::parse(r.body, nullptr, false);
    EXPECT_TRUE(j.is_object() && j.contains("error")) << method << " " << path << " " << r.body;
  }
}

TEST_F(WebServing, HeadAnswersAsGetWithoutTheBody) {
  RawReply page = request(port(), "HEAD", "/areas/ar_1/people");
  EXPECT_EQ(page.status, 200) << page.head;
  EXPECT_TRUE(page.body.empty());
  EXPECT_EQ(header(page, "Content-Length"), std::to_string(kIndex.size()));
  EXPECT_EQ(header(page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(header(page, "Cache-Control"), "no-store");

  RawReply script = request(port(), "HEAD", "/assets/index-B1x_9aQz.js");
  EXPECT_EQ(script.status, 200) << script.head;
  EXPECT_TRUE(script.body.empty());
  EXPECT_EQ(header(script, "Content-Length"), std::to_string(bundle_.size()));
  EXPECT_EQ(header(script, "Cache-Control"), kForever);

  RawReply missing = request(port(), "HEAD", "/assets/gone-B1x_9aQz.js");
  EXPECT_EQ(missing.status, 404) << missing.head;
  EXPECT_NE(header(missing, "Cache-Control"), kForever);
}

TEST_F(WebServing, ScriptsGoOutGzippedWhenTheBrowserAcceptsIt) {
  RawReply plain = request(port(), "GET", "/assets/index-B1x_9aQz.js");
  EXPECT_EQ(header(plain, "Content-Encoding"), "");
  EXPECT_EQ(plain.body, bundle_);

  RawReply zipped = request(port(), "GET", "/assets/index-B1x_9aQz.js", "Accept-Encoding: gzip, deflate, br, zstd\r\n");
  EXPECT_EQ(zipped.status, 200);
  EXPECT_EQ(header(zipped, "Content-Encoding"), "gzip") << zipped.head;
  EXPECT_EQ(header(zipped, "Cache-Control"), kForever);
  ASSERT_GE(zipped.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(zipped.body[0]), 0x1f);  // the gzip magic number
  EXPECT_EQ(static_cast<unsigned char>(zipped.body[1]), 0x8b);
  EXPECT_LT(zipped.body.size(), bundle_.size() / 4) << "sent " << zipped.body.size() << " of " << bundle_.size();
  std::string unzipped;
  httplib::detail::gzip_decompressor inflate;
  ASSERT_TRUE(inflate.decompress(zipped.body.data(), zipped.body.size(), [&](const char* data, size_t n) {
    unzipped.append(data, n);
    return true;
  }));
  EXPECT_EQ(unzipped, bundle_);

  RawReply css = request(port(), "GET", "/assets/index-Cq-7_Zr0.css", "Accept-Encoding: gzip\r\n");
  EXPECT_EQ(header(css, "Content-Encoding"), "gzip");
  // A client that takes brotli only, or refuses gzip, gets the bytes as they are.
  for (const char* accept : {"br", "gzip;q=0, br", "identity"}) {
    RawReply r = request(port(), "GET", "/assets/index-B1x_9aQz.js", std::string("Accept-Encoding: ") + accept + "\r\n");
    EXPECT_EQ(header(r, "Content-Encoding"), "") << accept;
    EXPECT_EQ(r.body, bundle_) << accept;
  }
}

TEST_F(WebServing, TheFallbackOpensNoWayOutOfTheFolder) {
  for (const char* target : {"/../secret", "/%2e%2e/secret", "/assets/../../secret", "/areas/../../secret",
                             "/..%2fsecret", "/%2e%2e%2f%2e%2e%2fsecret", "/..\\secret", "/..%5csecret"}) {
    RawReply r = request(port(), "GET", target);
    EXPECT_EQ(r.body.find("SECRET-MARK"), std::string::npos) << target << " read the secret";
    EXPECT_EQ(r.body.find("INDEX-MARK"), std::string::npos) << target << " was answered with the page";
    EXPECT_NE(r.status, 200) << target << "\n" << r.head;
  }
  EXPECT_EQ(raw_get(port(), "/areas/ar_1/people", "evil.example").status, 421);  // the Host check still comes first
}

// Without an index.html there is no app to open: a deep link is the JSON 404 and / the built-in page.
TEST(WebServingWithoutApp, DeepLinksAre404AndTheFrontPageIsBuiltIn) {
  TempDir dir;
  fs::create_directories(dir.file("empty"));
  ServerProcess server(fresh_db_url(dir), {"--web-dir", dir.file("empty")});
  RawReply deep = request(server.port(), "GET", "/areas/ar_1/people");
  EXPECT_EQ(deep.status, 404) << deep.head;
  EXPECT_EQ(header(deep, "Content-Type"), "application/json");
  RawReply front = request(server.port(), "GET", "/");
  EXPECT_EQ(front.status, 200);
  EXPECT_EQ(header(front, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(header(front, "Cache-Control"), "no-store");
}

}  // namespace
}  // namespace kith::test
