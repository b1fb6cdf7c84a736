// Migration 2 (integer keys, search keys) converts a schema-1 database in
// place: every record, id, field value, revision and register_revision
// survives, soft-deleted rows and audit rows included. Rows are written with
// the schema-1 SQL and checked against the same literals, on both engines.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kith/store/migrate.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/store.hpp"
#include "kith/store/value.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using namespace kith::store;
using json = nlohmann::json;

// One schema-1 row: its table, its columns and values as SQL binds them, and
// the record Repository must return for it after the migration.
struct Row {
  const model::Entity* entity;
  std::vector<std::pair<std::string, Value>> columns;
  json expected;
};

const std::string kAt0 = "2025-01-02T03:04:05Z", kAt1 = "2025-02-03T04:05:06Z", kAt2 = "2025-03-04T05:06:07Z";

std::vector<Row> schema1_rows() {
  std::vector<Row> rows;
  rows.push_back({&model::areas(),
                  {{"id", std::string("ar_AAAAAAAAAAAAAAAAAAAA")}, {"external_id", std::string("riverside")},
                   {"name", std::string("Riverside Ålesund")}, {"description", std::string("Naß & Ørsted")},
                   {"bbox", std::string("[-3.2,51.4,-3.1,51.5]")}, {"register_revision", int64_t{17}},
                   {"revision", int64_t{4}}, {"created_at", kAt0}, {"updated_at", kAt1}},
                  {{"id", "ar_AAAAAAAAAAAAAAAAAAAA"}, {"external_id", "riverside"}, {"name", "Riverside Ålesund"},
                   {"description", "Naß & Ørsted"}, {"bbox", {-3.2, 51.4, -3.1, 51.5}}, {"register_revision", 17},
                   {"revision", 4}, {"created_at", kAt0}, {"updated_at", kAt1}}});
  rows.push_back({&model::areas(),
                  {{"id", std::string("ar_BBBBBBBBBBBBBBBBBBBB")}, {"name", std::string("Closed site")},
                   {"register_revision", int64_t{2}}, {"revision", int64_t{2}}, {"created_at", kAt1},
                   {"updated_at", kAt2}, {"deleted_at", kAt2}},
                  {{"id", "ar_BBBBBBBBBBBBBBBBBBBB"}, {"external_id", nullptr}, {"name", "Closed site"},
                   {"description", nullptr}, {"bbox", nullptr}, {"register_revision", 2}, {"revision", 2},
                   {"created_at", kAt1}, {"updated_at", kAt2}, {"deleted_at", kAt2}}});
  auto person = [&](const std::string& id, const std::string& area, const char* ext, const std::string& name,
                    int64_t pseudonym, const char* notes, int64_t revision, const char* deleted) {
    Row r{&model::people(),
          {{"id", id}, {"area_id", area}, {"display_name", name}, {"is_pseudonym", pseudonym},
           {"birth_band", std::string("1950s")}, {"postcode_district", std::string("CF10")},
           {"household", std::string("12 Mill Lane")}, {"interests", std::string("[\"côr\",\"gardening\"]")},
           {"languages", std::string("[\"cy\",\"en\"]")}, {"accessibility_needs", std::string("[]")},
           {"consent_status", std::string("given")}, {"consent_date", std::string("2025-01-01")},
           {"consent_scope", std::string("[\"research\"]")}, {"revision", revision}, {"created_at", kAt0},
           {"updated_at", kAt1}},
          {{"id", id}, {"area_id", area}, {"display_name", name}, {"is_pseudonym", pseudonym != 0},
           {"birth_band", "1950s"}, {"postcode_district", "CF10"}, {"household", "12 Mill Lane"},
           {"interests", {"côr", "gardening"}}, {"languages", {"cy", "en"}}, {"accessibility_needs", json::array()},
           {"notes", notes ? json(notes) : json(nullptr)}, {"consent_status", "given"},
           {"consent_date", "2025-01-01"}, {"consent_scope", {"research"}}, {"revision", revision},
           {"created_at", kAt0}, {"updated_at", kAt1}, {"external_id", ext ? json(ext) : json(nullptr)}}};
    if (ext) r.columns.emplace_back("external_id", std::string(ext));
    if (notes) r.columns.emplace_back("notes", std::string(notes));
    if (deleted) {
      r.columns.emplace_back("deleted_at", std::string(deleted));
      r.expected["deleted_at"] = deleted;
    }
    return r;
  };
  const std::string a = "ar_AAAAAAAAAAAAAAAAAAAA";
  rows.push_back(person("pe_AAAAAAAAAAAAAAAAAAA1", a, "p1", "Łucja Wąsowska-Żak", 0, "Mówi po polsku", 3, nullptr));
  rows.push_back(person("pe_AAAAAAAAAAAAAAAAAAA2", a, "p2", "Søren Kierkegaard", 1, nullptr, 1, nullptr));
  rows.push_back(person("pe_AAAAAAAAAAAAAAAAAAA3", a, nullptr, "Zoë José", 0, "left", 5, kAt2.c_str()));
  rows.push_back({&model::groups(),
                  {{"id", std::string("gr_AAAAAAAAAAAAAAAAAAA1")}, {"area_id", a}, {"external_id", std::string("g1")},
                   {"name", std::string("Côr Meibion")}, {"kind", std::string("club")},
                   {"contact", std::string("côr@example.org")}, {"lat", 51.48}, {"lon", -3.18},
                   {"tags", std::string("[\"music\"]")}, {"revision", int64_t{2}}, {"created_at", kAt0},
                   {"updated_at", kAt1}},
                  {{"id", "gr_AAAAAAAAAAAAAAAAAAA1"}, {"area_id", a}, {"external_id", "g1"}, {"name", "Côr Meibion"},
                   {"kind", "club"}, {"description", nullptr}, {"contact", "côr@example.org"}, {"address", nullptr},
                   {"lat", 51.48}, {"lon", -3.18}, {"tags", {"music"}}, {"revision", 2}, {"created_at", kAt0},
                   {"updated_at", kAt1}}});
  rows.push_back({&model::places(),
                  {{"id", std::string("pl_AAAAAAAAAAAAAAAAAAA1")}, {"area_id", a}, {"name", std::string("The Library")},
                   {"kind", std::string("library")}, {"address", std::string("1 High St")},
                   {"opening_times", std::string("Mo-Fr 09:00-17:00")}, {"tags", std::string("[]")},
                   {"revision", int64_t{1}}, {"created_at", kAt0}, {"updated_at", kAt0}},
                  {{"id", "pl_AAAAAAAAAAAAAAAAAAA1"}, {"area_id", a}, {"external_id", nullptr}, {"name", "The Library"},
                   {"kind", "library"}, {"description", nullptr}, {"address", "1 High St"}, {"lat", nullptr},
                   {"lon", nullptr}, {"opening_times", "Mo-Fr 09:00-17:00"}, {"tags", json::array()},
                   {"revision", 1}, {"created_at", kAt0}, {"updated_at", kAt0}}});
  rows.push_back({&model::ties(),
                  {{"id", std::string("ti_AAAAAAAAAAAAAAAAAAA1")}, {"area_id", a}, {"external_id", std::string("p1|p2")},
                   {"source_id", std::string("pe_AAAAAAAAAAAAAAAAAAA1")},
                   {"target_id", std::string("pe_AAAAAAAAAAAAAAAAAAA2")}, {"kind", std::string("friend")},
                   {"closeness", int64_t{4}}, {"frequency", std::string("weekly")}, {"named_by", std::string("both")},
                   {"evidence", std::string("survey")}, {"valid_from", std::string("2024-01-01")},
                   {"notes", std::string("met at the café")}, {"revision", int64_t{6}}, {"created_at", kAt0},
                   {"updated_at", kAt2}},
                  {{"id", "ti_AAAAAAAAAAAAAAAAAAA1"}, {"area_id", a}, {"external_id", "p1|p2"},
                   {"source_id", "pe_AAAAAAAAAAAAAAAAAAA1"}, {"target_id", "pe_AAAAAAAAAAAAAAAAAAA2"},
                   {"kind", "friend"}, {"closeness", 4}, {"frequency", "weekly"}, {"named_by", "both"},
                   {"evidence", "survey"}, {"valid_from", "2024-01-01"}, {"valid_to", nullptr},
                   {"notes", "met at the café"}, {"revision", 6}, {"created_at", kAt0}, {"updated_at", kAt2}}});
  rows.push_back({&model::ties(),
                  {{"id", std::string("ti_AAAAAAAAAAAAAAAAAAA2")}, {"area_id", a},
                   {"source_id", std::string("pe_AAAAAAAAAAAAAAAAAAA3")},
                   {"target_id", std::string("pe_AAAAAAAAAAAAAAAAAAA1")}, {"kind", std::string("family")},
                   {"closeness", int64_t{5}}, {"frequency", std::string("daily")}, {"named_by", std::string("source")},
                   {"evidence", std::string("manual_entry")}, {"revision", int64_t{2}}, {"created_at", kAt0},
                   {"updated_at", kAt2}, {"deleted_at", kAt2}},
                  {{"id", "ti_AAAAAAAAAAAAAAAAAAA2"}, {"area_id", a}, {"external_id", nullptr},
                   {"source_id", "pe_AAAAAAAAAAAAAAAAAAA3"}, {"target_id", "pe_AAAAAAAAAAAAAAAAAAA1"},
                   {"kind", "family"}, {"closeness", 5}, {"frequency", "daily"}, {"named_by", "source"},
                   {"evidence", "manual_entry"}, {"valid_from", nullptr}, {"valid_to", nullptr}, {"notes", nullptr},
                   {"revision", 2}, {"created_at", kAt0}, {"updated_at", kAt2}, {"deleted_at", kAt2}}});
  rows.push_back({&model::affiliations(),
                  {{"id", std::string("af_AAAAAAAAAAAAAAAAAAA1")}, {"area_id", a}, {"external_id", std::string("a1")},
                   {"person_id", std::string("pe_AAAAAAAAAAAAAAAAAAA2")},
                   {"group_id", std::string("gr_AAAAAAAAAAAAAAAAAAA1")}, {"role", std::string("organiser")},
                   {"frequency", std::string("monthly")}, {"valid_to", std::string("2026-12-31")},
                   {"revision", int64_t{3}}, {"created_at", kAt1}, {"updated_at", kAt1}},
                  {{"id", "af_AAAAAAAAAAAAAAAAAAA1"}, {"area_id", a}, {"external_id", "a1"},
                   {"person_id", "pe_AAAAAAAAAAAAAAAAAAA2"}, {"group_id", "gr_AAAAAAAAAAAAAAAAAAA1"},
                   {"place_id", nullptr}, {"role", "organiser"}, {"frequency", "monthly"}, {"valid_from", nullptr},
                   {"valid_to", "2026-12-31"}, {"notes", nullptr}, {"revision", 3}, {"created_at", kAt1},
                   {"updated_at", kAt1}}});
  rows.push_back({&model::affiliations(),
                  {{"id", std::string("af_AAAAAAAAAAAAAAAAAAA2")}, {"area_id", a},
                   {"person_id", std::string("pe_AAAAAAAAAAAAAAAAAAA3")},
                   {"place_id", std::string("pl_AAAAAAAAAAAAAAAAAAA1")}, {"role", std::string("visitor")},
                   {"notes", std::string("Dydd Llun")}, {"revision", int64_t{2}}, {"created_at", kAt1},
                   {"updated_at", kAt2}, {"deleted_at", kAt2}},
                  {{"id", "af_AAAAAAAAAAAAAAAAAAA2"}, {"area_id", a}, {"external_id", nullptr},
                   {"person_id", "pe_AAAAAAAAAAAAAAAAAAA3"}, {"group_id", nullptr},
                   {"place_id", "pl_AAAAAAAAAAAAAAAAAAA1"}, {"role", "visitor"}, {"frequency", nullptr},
                   {"valid_from", nullptr}, {"valid_to", nullptr}, {"notes", "Dydd Llun"}, {"revision", 2},
                   {"created_at", kAt1}, {"updated_at", kAt2}, {"deleted_at", kAt2}}});
  return rows;
}

Result<void> insert_schema1(Connection& c, const Row& r) {
  std::string cols, marks;
  std::vector<Value> values;
  for (const auto& [name, v] : r.columns) {
    cols += (cols.empty() ? "" : ", ") + name;
    marks += marks.empty() ? "?" : ", ?";
    values.push_back(v);
  }
  auto n = execute(c, "INSERT INTO " + std::string(r.entity->plural) + " (" + cols + ") VALUES (" + marks + ")",
                   values);
  if (!n) return n.error();
  return {};
}

int64_t one_integer(Store& s, const std::string& sql) {
  int64_t out = -1;
  auto r = s.read([&](Connection& c) -> Result<void> {
    auto st = c.prepare(sql);
    if (!st) return st.error();
    auto row = (*st)->step();
    if (!row) return row.error();
    if (*row) out = integer_of((*st)->column(0));
    (*st)->reset();
    return {};
  });
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return out;
}

TEST(Migration2, ConvertsASchema1DatabaseInPlace) {
  test::TempDir dir;
  const std::string url = test::fresh_db_url(dir);
  {
    auto s = open_store(url, StoreOptions{.pool_size = 1, .migrate = false});
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto ran = migrate_store_to(**s, 1);
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_EQ(*ran, 1);
    EXPECT_EQ(*(*s)->schema_version(), 1);
    auto wrote = (*s)->write([&](Connection& c) -> Result<void> {
      for (const Row& r : schema1_rows()) KITH_TRY(insert_schema1(c, r));
      for (int seq = 1; seq <= 3; ++seq)
        KITH_TRY(execute(c, "INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, area_id, detail) "
                            "VALUES (?, ?, 'ana', 'update', 'person', 'pe_AAAAAAAAAAAAAAAAAAA1', "
                            "'ar_AAAAAAAAAAAAAAAAAAAA', ?)",
                         {int64_t{seq}, kAt0, "change " + std::to_string(seq)}));
      return {};
    });
    ASSERT_TRUE(wrote.ok()) << wrote.error().message;
  }
  auto s = open_store(url, StoreOptions{.pool_size = 1, .migrate = false});
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto ran = (*s)->migrate();
  ASSERT_TRUE(ran.ok()) << ran.error().message;
  EXPECT_EQ(*ran, static_cast<int>(migrations().size()) - 1);  // 2 and every later one
  EXPECT_EQ(*(*s)->schema_version(), migrations().back().version);

  for (const Row& r : schema1_rows()) {
    json got;
    auto read = (*s)->read([&](Connection& c) -> Result<void> {
      auto g = Repository(c).get(*r.entity, r.expected["id"].get<std::string>(), true);
      if (!g) return g.error();
      got = *g;
      return {};
    });
    ASSERT_TRUE(read.ok()) << r.expected["id"] << ": " << read.error().message;
    EXPECT_EQ(got, r.expected) << r.entity->plural;
  }
  // Nothing more and nothing less than was written.
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM areas"), 2);
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM people"), 3);
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM groups"), 1);
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM places"), 1);
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM ties"), 2);
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM affiliations"), 2);
  // References are integer row ids now: every end joins back to its row.
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM ties t JOIN people p ON p.id = t.source_id "
                             "JOIN people q ON q.id = t.target_id JOIN areas a ON a.id = t.area_id"),
            2);
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM people WHERE area_id = "
                             "(SELECT id FROM areas WHERE public_id = 'ar_AAAAAAAAAAAAAAAAAAAA')"),
            3);
  // Audit rows are kept as they were.
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM audit_log WHERE actor = 'ana' AND entity_id = "
                             "'pe_AAAAAAAAAAAAAAAAAAA1' AND area_id = 'ar_AAAAAAAAAAAAAAAAAAAA' AND at = '" +
                                 kAt0 + "'"),
            3);
  EXPECT_EQ(one_integer(**s, "SELECT COUNT(*) FROM audit_log WHERE detail = 'change 2' AND seq = 2"), 1);
  // The search keys were filled for the rows already there.
  auto find = [&](const std::string& text) {
    std::vector<std::string> ids;
    auto r = (*s)->read([&](Connection& c) -> Result<void> {
      ListQuery q;
      q.area_id = "ar_AAAAAAAAAAAAAAAAAAAA";
      q.text = text;
      auto page = Repository(c).list(model::people(), q);
      if (!page) return page.error();
      for (const auto& item : page->items) ids.push_back(item["id"]);
      return {};
    });
    EXPECT_TRUE(r.ok());
    return ids;
  };
  EXPECT_EQ(find("ŁUCJA"), std::vector<std::string>{"pe_AAAAAAAAAAAAAAAAAAA1"});
  EXPECT_EQ(find("SØREN"), std::vector<std::string>{"pe_AAAAAAAAAAAAAAAAAAA2"});
  EXPECT_EQ(find("mowi po"), std::vector<std::string>{"pe_AAAAAAAAAAAAAAAAAAA1"});  // notes, marks ignored
  EXPECT_EQ(find("zoe"), std::vector<std::string>{});  // soft-deleted rows stay out of lists
}

}  // namespace
