// The API as data: every tests/fixtures/api/*.json holds one request and the
// reply expected for it, against a small known register made fresh for each
// case (tests/fixtures/api/README.md describes both, and the placeholders).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "api/api_fixture.hpp"
#include "api/raw_http.hpp"

namespace kith::test {
namespace {

namespace fs = std::filesystem;
using Names = std::map<std::string, std::string>;  // placeholder -> value

std::string substitute(std::string s, const Names& names) {
  for (const auto& [key, value] : names) {
    const std::string token = "{" + key + "}";
    for (size_t at = s.find(token); at != std::string::npos; at = s.find(token, at + value.size()))
      s.replace(at, token.size(), value);
  }
  return s;
}

json substitute(const json& j, const Names& names) {
  if (j.is_string()) return substitute(j.get<std::string>(), names);
  if (j.is_array()) {
    json out = json::array();
    for (const auto& v : j) out.push_back(substitute(v, names));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items()) out[k] = substitute(v, names);
    return out;
  }
  return j;
}

// Does `got` match `want`? Placeholders in `want`: "<any>", "<string>",
// "<number>", "<id>" (any kith id), "<id:pe>" (an id with that prefix).
// Objects: with subset, only `want`'s keys are checked; otherwise the key sets
// must be equal. Arrays: same length, elements matched in any order.
bool matches(const json& want, const json& got, bool subset, std::string& why, const std::string& at) {
  static const std::regex any_id("^[a-z]{2}_[0-9a-hjkmnp-tv-z]{20}$");
  if (want.is_string()) {
    const std::string w = want.get<std::string>();
    if (w == "<any>") return true;
    if (w == "<string>" && got.is_string()) return true;
    if (w == "<number>" && got.is_number()) return true;
    if (w == "<id>" || w.rfind("<id:", 0) == 0) {
      bool ok = got.is_string() && std::regex_match(got.get<std::string>(), any_id) &&
                (w == "<id>" || got.get<std::string>().rfind(w.substr(4, w.size() - 5) + "_", 0) == 0);
      if (!ok) why = at + ": expected " + w + ", got " + got.dump();
      return ok;
    }
  }
  if (want.is_object()) {
    if (!got.is_object()) return why = at + ": expected an object, got " + got.dump(), false;
    for (const auto& [k, v] : want.items()) {
      if (!got.contains(k)) return why = at + ": missing key \"" + k + "\"", false;
      if (!matches(v, got[k], subset, why, at + "." + k)) return false;
    }
    if (!subset)
      for (const auto& [k, v] : got.items())
        if (!want.contains(k)) return why = at + ": unexpected key \"" + k + "\"", false;
    return true;
  }
  if (want.is_array()) {
    if (!got.is_array() || got.size() != want.size())
      return why = at + ": expected " + std::to_string(want.size()) + " elements, got " + got.dump(), false;
    std::vector<bool> used(got.size(), false);
    for (size_t i = 0; i < want.size(); ++i) {
      bool found = false;
      for (size_t j = 0; j < got.size() && !found; ++j) {
        std::string ignored;
        if (!used[j] && matches(want[i], got[j], subset, ignored, at)) used[j] = found = true;
      }
      if (!found) return why = at + ": nothing matches " + want[i].dump() + " in " + got.dump(), false;
    }
    return true;
  }
  if (want != got) return why = at + ": expected " + want.dump() + ", got " + got.dump(), false;
  return true;
}

std::map<std::string, std::string> parse_headers(const std::string& head) {
  std::map<std::string, std::string> out;
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);  // status line
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    out[name] = line.substr(line.find_first_not_of(' ', colon + 1));
  }
  return out;
}

class ApiFixtures : public ApiTest {
 protected:
  // The known register (README.md): one area, three people, two ties.
  Names make_register() {
    Names n;
    n["area"] = create_area("Fixture Town")["id"];
    n["ann"] = create_person(n["area"], "Ann Archer", {{"interests", {"gardening", "choir"}}})["id"];
    n["bob"] = create_person(n["area"], "Bob Baker", {{"interests", {"choir"}}})["id"];
    n["cat"] = create_person(n["area"], "Cat Cooper")["id"];
    n["ann_bob"] = create_tie(n["area"], n["ann"], n["bob"], {{"kind", "friend"}, {"closeness", 4}})["id"];
    n["bob_cat"] = create_tie(n["area"], n["bob"], n["cat"], {{"kind", "neighbour"}, {"closeness", 2},
                                                              {"frequency", "monthly"}})["id"];
    n["port"] = std::to_string(server().port());
    return n;
  }

  std::string request_bytes(const json& req, const Names& names) {
    std::string method = req.at("method"), path = substitute(req.at("path").get<std::string>(), names);
    std::string body;
    if (req.contains("body")) body = substitute(req["body"], names).dump();
    if (req.contains("body_text")) body = substitute(req["body_text"].get<std::string>(), names);
    if (req.contains("body_repeat"))
      body = std::string(req["body_repeat"].value("count", size_t{0}), req["body_repeat"].value("char", "a")[0]);
    json headers = req.contains("headers") ? req["headers"] : json::object();
    if (!headers.contains("Host")) headers["Host"] = "localhost:" + names.at("port");
    // The admin's API token unless the case sends its own (or null: none).
    if (!headers.contains("Authorization")) headers["Authorization"] = "Bearer " + db_.token;
    if (!headers.contains("Content-Type") && req.contains("body")) headers["Content-Type"] = "application/json";
    std::string out = method + " " + path + " HTTP/1.1\r\n";
    for (const auto& [k, v] : headers.items())
      if (!v.is_null()) out += k + ": " + substitute(v.get<std::string>(), names) + "\r\n";
    if (!body.empty() || method == "POST" || method == "PATCH") out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n" + body;
    return out;
  }
};

TEST_F(ApiFixtures, EveryCaseGetsItsExpectedReply) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(std::string(KITH_FIXTURES) + "/api"))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 15u);
  std::set<int> statuses;
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    std::ifstream in(file);
    json c = json::parse(in);
    ASSERT_TRUE(c.contains("request") && c.contains("expect")) << "a case needs \"request\" and \"expect\"";
    Names names = make_register();
    RawReply r = raw_request(server().port(), request_bytes(c["request"], names));
    const json& want = c["expect"];
    ASSERT_EQ(r.status, want.at("status").get<int>()) << r.head << "\n" << r.body.substr(0, 500);
    statuses.insert(r.status);
    auto headers = parse_headers(r.head);
    const json want_headers = want.contains("headers") ? want["headers"] : json::object();
    for (const auto& [name, value] : want_headers.items()) {
      std::string lname = name;
      std::transform(lname.begin(), lname.end(), lname.begin(), [](unsigned char ch) { return std::tolower(ch); });
      ASSERT_TRUE(headers.count(lname)) << "no " << name << " header in\n" << r.head;
      std::string why;
      EXPECT_TRUE(matches(substitute(value, names), headers[lname], false, why, name)) << why;
    }
    if (want.contains("body") || want.contains("body_subset")) {
      bool subset = want.contains("body_subset");
      json got = json::parse(r.body, nullptr, false);
      ASSERT_FALSE(got.is_discarded()) << "not JSON: " << r.body.substr(0, 300);
      std::string why;
      EXPECT_TRUE(matches(substitute(subset ? want["body_subset"] : want["body"], names), got, subset, why, "body"))
          << why << "\nbody: " << r.body.substr(0, 1000);
    }
    if (want.contains("body_empty")) { EXPECT_TRUE(r.body.empty()) << r.body; }
    // A follow-up GET whose reply must match too (did the write land, or not?).
    if (c.contains("then")) {
      RawReply after = raw_request(server().port(), request_bytes(c["then"]["request"], names));
      ASSERT_EQ(after.status, c["then"]["expect"].at("status").get<int>()) << after.body.substr(0, 500);
      if (c["then"]["expect"].contains("body_subset")) {
        std::string why;
        EXPECT_TRUE(matches(substitute(c["then"]["expect"]["body_subset"], names), json::parse(after.body), true, why,
                            "then.body"))
            << why << "\nbody: " << after.body.substr(0, 1000);
      }
    }
  }
  // The cases cover every error status the API promises, and successes.
  for (int s : {200, 201, 204, 400, 401, 404, 405, 409, 413, 415, 421})
    EXPECT_TRUE(statuses.count(s)) << "no case answers " << s;
}

}  // namespace
}  // namespace kith::test
