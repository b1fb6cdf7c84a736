#pragma once
// Shared by personal_data_test.cpp and research_export_test.cpp: an area
// built through the register, and reads straight from the database that
// bypass it (to prove what is, and is not, stored).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "kith/domain/register.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/store.hpp"
#include "kith/store/value.hpp"
#include "support/test_support.hpp"

namespace kith::test {

class PersonalDataFixture : public ::testing::Test {
 protected:
  using json = nlohmann::json;

  void SetUp() override {
    url_ = fresh_db_url(dir_);
    auto s = store::open_store(url_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s.value());
    reg_ = std::make_unique<domain::Register>(*store_);
    area_ = id_of(make(model::areas(), "", {{"name", "Hyde Park"}}));
    other_ = id_of(make(model::areas(), "", {{"name", "Woodhouse"}}));
  }

  static std::string id_of(const json& rec) { return rec.value("id", ""); }

  json make(const model::Entity& e, const std::string& area, const json& body) {
    auto r = reg_->create(e, area, body, who_);
    EXPECT_TRUE(r.ok()) << e.name << ": " << (r.ok() ? "" : r.error().field + ": " + r.error().message);
    return r.ok() ? *r : json::object();
  }
  std::string person(const std::string& area, json body) { return id_of(make(model::people(), area, body)); }
  std::string tie(const std::string& a, const std::string& b, json extra = json::object()) {
    json body{{"source_id", a}, {"target_id", b}, {"kind", "neighbour"}, {"closeness", 3}, {"frequency", "weekly"}};
    body.update(extra);
    return id_of(make(model::ties(), area_, body));
  }
  json fetch(const model::Entity& e, const std::string& id) {
    json out;
    auto r = store_->read([&](store::Connection& c) -> Result<void> {
      auto got = store::Repository(c).get(e, id, /*include_deleted=*/true);
      if (!got) return got.error();
      out = std::move(got.value());
      return {};
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return out;
  }
  int64_t register_revision(const std::string& area) {
    int64_t n = -1;
    auto r = store_->read([&](store::Connection& c) -> Result<void> {
      auto got = store::Repository(c).register_revision(area);
      if (!got) return got.error();
      n = *got;
      return {};
    });
    EXPECT_TRUE(r.ok());
    return n;
  }

  // Every value of every column of every row of `table`, as text.
  std::vector<std::string> cells(const std::string& table, const std::string& where = "",
                                 std::initializer_list<store::Value> params = {}) {
    std::vector<std::string> out;
    auto r = store_->read([&](store::Connection& c) -> Result<void> {
      auto st = c.prepare("SELECT * FROM " + table + (where.empty() ? "" : " WHERE " + where));
      if (!st) return st.error();
      int i = 1;
      for (const auto& p : params) (*st)->bind(i++, p);
      for (;;) {
        auto more = (*st)->step();
        if (!more) return more.error();
        if (!*more) break;
        for (int col = 0; col < (*st)->column_count(); ++col) out.push_back(store::text_of((*st)->column(col)));
      }
      (*st)->reset();
      return {};
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return out;
  }
  int64_t count(const std::string& table, const std::string& where, std::initializer_list<store::Value> params) {
    int64_t rows = 0;
    auto r = store_->read([&](store::Connection& c) -> Result<void> {
      auto st = c.prepare("SELECT COUNT(*) FROM " + table + " WHERE " + where);
      if (!st) return st.error();
      int i = 1;
      for (const auto& p : params) (*st)->bind(i++, p);
      auto row = (*st)->step();
      if (!row) return row.error();
      rows = *row ? store::integer_of((*st)->column(0)) : -1;
      (*st)->reset();
      return {};
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return rows;
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<domain::Register> reg_;
  model::Actor who_{"worker-7"};
  std::string area_, other_;
};

}  // namespace kith::test
