#pragma once
// A fresh database and a real `kith serve` per test, plus helpers that speak
// the API and assert as they go.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/server.hpp"
#include "support/test_support.hpp"

namespace kith::test {

using nlohmann::json;

inline const std::string kApi = "/api/v1";

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = fresh_admin_db(dir_);
    server_ = std::make_unique<ServerProcess>(db_.url);
    server_->use_token(db_.token);  // the all-areas admin, unless a test says otherwise
    http_ = std::make_unique<HttpClient>(server_->client());
  }

  HttpClient& http() { return *http_; }
  ServerProcess& server() { return *server_; }

  static std::string area_path(const std::string& area) { return kApi + "/areas/" + area; }
  static std::string coll(const std::string& area, const std::string& plural) {
    return kApi + "/areas/" + area + "/" + plural;
  }

  // POSTs and insists on 201; returns the record.
  json create(const std::string& path, const json& body) {
    HttpReply r = http().post(path, body);
    EXPECT_EQ(r.status, 201) << path << " " << body.dump() << " -> " << r.body;
    return r.status == 201 ? r.json() : json::object();
  }
  json create_area(const std::string& name) { return create(kApi + "/areas", {{"name", name}}); }
  json create_person(const std::string& area, const std::string& name, json extra = json::object()) {
    extra["display_name"] = name;
    return create(coll(area, "people"), extra);
  }
  json create_tie(const std::string& area, const std::string& a, const std::string& b, json extra = json::object()) {
    json body = {{"source_id", a}, {"target_id", b}, {"kind", "friend"}, {"closeness", 3}, {"frequency", "weekly"}};
    body.update(extra);
    return create(coll(area, "ties"), body);
  }

  // Every item of a list, following cursors (bounded).
  std::vector<json> list_all(const std::string& path) {
    std::vector<json> out;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
      std::string sep = path.find('?') == std::string::npos ? "?" : "&";
      HttpReply r = http().get(path + sep + "limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor));
      EXPECT_EQ(r.status, 200) << path << " -> " << r.body;
      if (r.status != 200) break;
      json j = r.json();
      for (auto& item : j["items"]) out.push_back(item);
      if (j["next_cursor"].is_null()) break;
      cursor = j["next_cursor"].get<std::string>();
    }
    return out;
  }

  static std::vector<std::string> ids(const std::vector<json>& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i["id"].get<std::string>());
    return out;
  }

  TempDir dir_;
  AdminDb db_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> http_;
};

}  // namespace kith::test
