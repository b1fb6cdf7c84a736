// A member's grant linked to their own person of the register (schema 7),
// against a real store (SQLite, or PostgreSQL when KITH_TEST_ENGINE=
// postgresql): what links and what is refused, naming person_id; what the
// audit log says; and a schema-6 database whose grants all survive the
// migration. Expected values are written out by hand.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "support/accounts.hpp"
#include "support/store_query.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/register.hpp"
#include "kith/store/migrate.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/store.hpp"
#include "kith/store/value.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using namespace kith::domain;
namespace st = kith::store;
using json = nlohmann::json;

const std::string kPw = "mia-correct-horse-1";
const Actor kLinkAdmin{"test-admin"};


// One text or integer answer of a query, as text ("<no row>" without one).
std::string scalar(st::Store& s, const std::string& sql, std::initializer_list<st::Value> params = {}) {
  return kith::test::query_text(s, sql, params);
}

class MemberLink : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = st::open_store(test::fresh_db_url(dir_));
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s.value());
    accounts_ = std::make_unique<Accounts>(*store_, kith::test::fast_accounts());
    reg_ = std::make_unique<Register>(*store_);
    area_ = make(model::areas(), "", {{"name", "Hyde Park"}});
    other_area_ = make(model::areas(), "", {{"name", "Woodhouse"}});
    mia_ = make(model::people(), area_, {{"display_name", "Mia Resident"}});
    gone_ = make(model::people(), area_, {{"display_name", "Gone Away"}});
    elsewhere_ = make(model::people(), other_area_, {{"display_name", "Eli Elsewhere"}});
    ASSERT_TRUE(reg_->remove(model::people(), area_, gone_, kLinkAdmin).ok());
  }

  std::string make(const model::Entity& e, const std::string& area, const json& body) {
    auto r = reg_->create(e, area, body, kLinkAdmin);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? (*r)["id"].get<std::string>() : std::string();
  }

  // The refusal of adding a user with this grant; nothing is written.
  Error refused_add(const std::string& name, const Grant& g) {
    auto u = accounts_->add_user({name, "", kPw, g}, kLinkAdmin);
    EXPECT_FALSE(u.ok()) << name;
    EXPECT_EQ(accounts_->find_user(name).error().code, Errc::not_found) << name << " was added after all";
    return u.ok() ? Error{} : u.error();
  }

  test::TempDir dir_;
  std::unique_ptr<st::Store> store_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<Register> reg_;
  std::string area_, other_area_, mia_, gone_, elsewhere_;
};

TEST_F(MemberLink, AMemberIsLinkedToTheirPersonAndTheAuditRowNamesThem) {
  auto added = accounts_->add_user({"mia", "", kPw, {Role::member, area_, mia_}}, kLinkAdmin);
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(added->grants, std::vector<Grant>({{Role::member, area_, mia_}}));
  EXPECT_EQ(accounts_->find_user("mia")->grants, std::vector<Grant>({{Role::member, area_, mia_}}));
  auto users = accounts_->list_users();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].grants, std::vector<Grant>({{Role::member, area_, mia_}}));
  EXPECT_EQ(scalar(*store_, "SELECT person_id FROM audit_log WHERE action = 'add_user'"), mia_);
  EXPECT_EQ(scalar(*store_, "SELECT detail FROM audit_log WHERE action = 'add_user'"),
            json({{"area_id", area_},
                  {"display_name", "mia"},
                  {"person_id", mia_},
                  {"role", "member"},
                  {"username", "mia"}})
                .dump());
}

TEST_F(MemberLink, GrantLinksAndRevokeSaysWhomTheEndedLinkWasAbout) {
  ASSERT_TRUE(accounts_->add_user({"ben", "", kPw, {Role::researcher, area_}}, kLinkAdmin).ok());
  ASSERT_TRUE(accounts_->grant("ben", {Role::member, area_, mia_}, kLinkAdmin).ok());
  EXPECT_EQ(accounts_->find_user("ben")->grants,
            std::vector<Grant>({{Role::researcher, area_}, {Role::member, area_, mia_}}));
  // One member grant an area: linking again, to anyone, is the same grant twice.
  auto again = accounts_->grant("ben", {Role::member, area_}, kLinkAdmin);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(again.error().message, "ben is already member in area " + area_);
  // Revoking names only role and area; the audit row still names the person.
  ASSERT_TRUE(accounts_->revoke("ben", {Role::member, area_}, kLinkAdmin).ok());
  EXPECT_EQ(accounts_->find_user("ben")->grants, std::vector<Grant>({{Role::researcher, area_}}));
  EXPECT_EQ(scalar(*store_, "SELECT person_id FROM audit_log WHERE action = 'revoke'"), mia_);
  EXPECT_EQ(scalar(*store_, "SELECT detail FROM audit_log WHERE action = 'revoke'"),
            json({{"area_id", area_}, {"person_id", mia_}, {"role", "member"}, {"username", "ben"}}).dump());
  // A member grant naming nobody is allowed: it sees no record of its own.
  ASSERT_TRUE(accounts_->grant("ben", {Role::member, area_}, kLinkAdmin).ok());
  EXPECT_EQ(scalar(*store_, "SELECT COUNT(*) FROM user_roles WHERE role = 'member' AND person_id IS NULL"), "1");
}

TEST_F(MemberLink, APersonForAnotherRoleIsRefusedNamingTheField) {
  Error e = refused_add("rae", {Role::researcher, area_, mia_});
  EXPECT_EQ(e.code, Errc::invalid);
  EXPECT_EQ(e.field, "person_id");
  EXPECT_EQ(e.message, "Only a member's grant is linked to a person; leave out the person for the role researcher");
  ASSERT_TRUE(accounts_->add_user({"ben", "", kPw, {Role::researcher, area_}}, kLinkAdmin).ok());
  auto g = accounts_->grant("ben", {Role::link_worker, area_, mia_}, kLinkAdmin);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().field, "person_id");
  EXPECT_EQ(g.error().message,
            "Only a member's grant is linked to a person; leave out the person for the role link_worker");
  EXPECT_EQ(accounts_->find_user("ben")->grants.size(), 1u);
}

TEST_F(MemberLink, APersonOfAnotherAreaOrDeletedOrUnknownIsRefusedNamingTheField) {
  Error other = refused_add("mia", {Role::member, area_, elsewhere_});
  EXPECT_EQ(other.code, Errc::invalid);
  EXPECT_EQ(other.field, "person_id");
  EXPECT_EQ(other.message, "Person " + elsewhere_ + " is in another area, not in " + area_ +
                               "; link a member to a person of the area of their grant");

  Error deleted = refused_add("mia", {Role::member, area_, gone_});
  EXPECT_EQ(deleted.code, Errc::invalid);
  EXPECT_EQ(deleted.field, "person_id");
  EXPECT_EQ(deleted.message, "Person " + gone_ + " was deleted from the register; link a person who is still in it");

  Error unknown = refused_add("mia", {Role::member, area_, "pe_00000000000000000000"});
  EXPECT_EQ(unknown.code, Errc::not_found);
  EXPECT_EQ(unknown.field, "person_id");
  EXPECT_EQ(unknown.message, "No person with id pe_00000000000000000000 in the register");

  Error malformed = refused_add("mia", {Role::member, area_, "Mia Resident"});
  EXPECT_EQ(malformed.code, Errc::not_found);
  EXPECT_EQ(malformed.field, "person_id");
  EXPECT_EQ(malformed.message, "No person with that id in the register (a person's id starts pe_)");

  // The same checks when granting.
  ASSERT_TRUE(accounts_->add_user({"ben", "", kPw, {Role::researcher, area_}}, kLinkAdmin).ok());
  for (const std::string& wrong : {elsewhere_, gone_, std::string("pe_00000000000000000000")}) {
    auto g = accounts_->grant("ben", {Role::member, area_, wrong}, kLinkAdmin);
    ASSERT_FALSE(g.ok()) << wrong;
    EXPECT_EQ(g.error().field, "person_id") << wrong;
  }
  EXPECT_EQ(accounts_->find_user("ben")->grants, std::vector<Grant>({{Role::researcher, area_}}));
  EXPECT_EQ(scalar(*store_, "SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND action = 'grant'"), "0");
}

// The database itself keeps a person off every grant but a member's.
TEST_F(MemberLink, TheSchemaRefusesAPersonOnAGrantOfAnotherRole) {
  ASSERT_TRUE(accounts_->add_user({"ben", "", kPw, {Role::researcher, area_}}, kLinkAdmin).ok());
  auto r = store_->write([&](st::Connection& c) -> Result<void> {
    auto n = st::execute(c, "UPDATE user_roles SET person_id = (SELECT id FROM people WHERE public_id = ?)", {mia_});
    if (!n) return n.error();
    return {};
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(scalar(*store_, "SELECT COUNT(*) FROM user_roles WHERE person_id IS NOT NULL"), "0");
}

// ---- migration 7 -----------------------------------------------------------

// Straight into the schema-6 tables: Accounts would write the columns of
// schema 7, which this database does not have yet.
Result<void> insert_user_at_schema6(st::Connection& c, const std::string& id, const std::string& name) {
  auto n = st::execute(c,
                       "INSERT INTO users (public_id, username, username_key, display_name, password_hash, disabled, "
                       "password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, "
                       "'$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', 0, '2026-01-01T00:00:00Z', "
                       "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                       {id, name, name, "User " + name});
  if (!n) return n.error();
  return {};
}

Result<void> insert_grant_at_schema6(st::Connection& c, const std::string& user, const std::string& role,
                                     const std::string& area) {
  auto n = area.empty()
               ? st::execute(c,
                             "INSERT INTO user_roles (user_id, role, area_id, created_at) VALUES ((SELECT id FROM "
                             "users WHERE public_id = ?), ?, NULL, '2026-01-02T00:00:00Z')",
                             {user, role})
               : st::execute(c,
                             "INSERT INTO user_roles (user_id, role, area_id, created_at) VALUES ((SELECT id FROM "
                             "users WHERE public_id = ?), ?, (SELECT id FROM areas WHERE public_id = ?), "
                             "'2026-01-02T00:00:00Z')",
                             {user, role, area});
  if (!n) return n.error();
  return {};
}

Result<void> insert_at_schema6(st::Connection& c, const model::Entity& e, json rec) {
  rec["revision"] = 1;
  rec["created_at"] = "2026-01-01T00:00:00Z";
  rec["updated_at"] = "2026-01-01T00:00:00Z";
  return st::Repository(c).insert(e, rec);
}

TEST(MemberMigration, EveryGrantOfASchema6DatabaseSurvivesSchema7) {
  test::TempDir dir;
  const std::string url = test::fresh_db_url(dir);
  const std::string a = "ar_aaaaaaaaaaaaaaaaaaaa", closed = "ar_cccccccccccccccccccc";
  const std::string person = "pe_aaaaaaaaaaaaaaaaaaaa";
  const std::string ana = "us_aaaaaaaaaaaaaaaaaaaa", ben = "us_bbbbbbbbbbbbbbbbbbbb", cat = "us_cccccccccccccccccccc";
  {
    auto s = st::open_store(url, st::StoreOptions{.pool_size = 1, .migrate = false});
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_TRUE(st::migrate_store_to(**s, 6).ok());
    ASSERT_EQ(*(*s)->schema_version(), 6);
    auto wrote = (*s)->write([&](st::Connection& c) -> Result<void> {
      KITH_TRY(insert_at_schema6(c, model::areas(), {{"id", a}, {"name", "Hyde Park"}, {"register_revision", 0}}));
      KITH_TRY(insert_at_schema6(c, model::areas(), {{"id", closed}, {"name", "Closed"}, {"register_revision", 0}}));
      KITH_TRY(insert_at_schema6(c, model::people(), {{"id", person}, {"area_id", a}, {"display_name", "Mia"}}));
      KITH_TRY(st::execute(c, "UPDATE areas SET deleted_at = '2026-01-03T00:00:00Z' WHERE public_id = ?", {closed}));
      KITH_TRY(insert_user_at_schema6(c, ana, "ana"));
      KITH_TRY(insert_user_at_schema6(c, ben, "ben"));
      KITH_TRY(insert_user_at_schema6(c, cat, "cat"));
      KITH_TRY(insert_grant_at_schema6(c, ana, "admin", ""));
      KITH_TRY(insert_grant_at_schema6(c, ben, "researcher", a));
      KITH_TRY(insert_grant_at_schema6(c, ben, "member", a));
      KITH_TRY(insert_grant_at_schema6(c, cat, "member", closed));  // a grant kept after its area was deleted
      return {};
    });
    ASSERT_TRUE(wrote.ok()) << wrote.error().message;
  }
  auto s = st::open_store(url);  // migrates
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(*(*s)->schema_version(), st::migrations().back().version);  // every later migration ran too
  EXPECT_GE(st::migrations().back().version, 7);
  EXPECT_EQ(scalar(**s, "SELECT COUNT(*) FROM user_roles"), "4");
  EXPECT_EQ(scalar(**s, "SELECT COUNT(*) FROM user_roles WHERE person_id IS NULL"), "4");

  Accounts accounts(**s, kith::test::fast_accounts());
  auto users = accounts.list_users();
  ASSERT_TRUE(users.ok()) << users.error().message;
  ASSERT_EQ(users->size(), 3u);
  EXPECT_EQ((*users)[0].id, ana);
  EXPECT_EQ((*users)[0].grants, std::vector<Grant>({{Role::admin, ""}}));
  EXPECT_EQ((*users)[1].id, ben);
  EXPECT_EQ((*users)[1].grants, std::vector<Grant>({{Role::researcher, a}, {Role::member, a}}));
  EXPECT_EQ((*users)[2].id, cat);
  EXPECT_EQ((*users)[2].grants, std::vector<Grant>({{Role::member, closed}}));

  // The old member grant can be linked now: revoked, and granted with the person.
  ASSERT_TRUE(accounts.revoke("ben", {Role::member, a}, kLinkAdmin).ok());
  auto linked = accounts.grant("ben", {Role::member, a, person}, kLinkAdmin);
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  EXPECT_EQ(accounts.find_user("ben")->grants, std::vector<Grant>({{Role::researcher, a}, {Role::member, a, person}}));
  // The deleted area's grant can still be revoked, as before.
  ASSERT_TRUE(accounts.revoke("cat", {Role::member, closed}, kLinkAdmin).ok());
  EXPECT_TRUE(accounts.find_user("cat")->grants.empty());
}

}  // namespace
