// One area's users (issue 10): domain::Accounts' area-scoped calls against a
// real store (SQLite, or PostgreSQL when KITH_TEST_ENGINE=postgresql). The
// list shows only this area's roles; an area admin changes only accounts that
// work in areas they administer; no change leaves an area without an enabled
// admin; nobody disables themselves; one-time passwords log in; every change
// lands in the area's audit log. Expected values are written out by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "support/accounts.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/audit.hpp"
#include "kith/domain/register.hpp"
#include "kith/store/store.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using namespace kith::domain;
namespace st = kith::store;

const std::string kAreaUsersPw = "area-users-tulip-marble";
const Actor kAreaUsersCli{"test-cli"};

class AreaUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = st::open_store(test::fresh_db_url(dir_));
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s.value());
    accounts_ = std::make_unique<Accounts>(*store_, kith::test::fast_accounts());
    Register reg(*store_);
    for (auto* area : {&hyde_, &wood_}) {
      auto a = reg.create(model::areas(), "", {{"name", area == &hyde_ ? "Hyde Park" : "Woodhouse"}}, kAreaUsersCli);
      ASSERT_TRUE(a.ok()) << a.error().message;
      *area = (*a)["id"].get<std::string>();
    }
    auto ann = reg.create(model::people(), hyde_, {{"display_name", "Ann Example"}}, kAreaUsersCli);
    ASSERT_TRUE(ann.ok()) << ann.error().message;
    ann_ = (*ann)["id"].get<std::string>();
    auto wes = reg.create(model::people(), wood_, {{"display_name", "Wes Other"}}, kAreaUsersCli);
    ASSERT_TRUE(wes.ok()) << wes.error().message;
    wes_ = (*wes)["id"].get<std::string>();
  }

  User add(const std::string& name, Grant g) {
    auto u = accounts_->add_user({name, "", kAreaUsersPw, std::move(g)}, kAreaUsersCli);
    EXPECT_TRUE(u.ok()) << name << ": " << (u.ok() ? "" : u.error().message);
    return u.ok() ? *u : User{};
  }
  User reload(const std::string& name) {
    auto u = accounts_->find_user(name);
    EXPECT_TRUE(u.ok());
    return u.ok() ? *u : User{};
  }
  Actor as(const User& u) { return Actor(u.username, u.id); }

  kith::test::TempDir dir_;
  std::unique_ptr<st::Store> store_;
  std::unique_ptr<Accounts> accounts_;
  std::string hyde_, wood_, ann_, wes_;
};

const AreaUser* find_listed(const std::vector<AreaUser>& list, const std::string& username) {
  auto it = std::find_if(list.begin(), list.end(), [&](const AreaUser& u) { return u.username == username; });
  return it == list.end() ? nullptr : &*it;
}

TEST_F(AreaUsersTest, TheListShowsOnlyThisAreasRolesAndWhoTheAdminMayChange) {
  User alice = add("alice", {Role::admin, hyde_});
  add("bob", {Role::researcher, hyde_});
  ASSERT_TRUE(accounts_->grant("bob", {Role::member, wood_, wes_}, kAreaUsersCli).ok());
  add("carol", {Role::member, hyde_, ann_});
  add("dana", {Role::admin, ""});
  add("wendy", {Role::researcher, wood_});
  ASSERT_TRUE(accounts_->log_in("carol", kAreaUsersPw, "192.0.2.7", Seconds{} + std::chrono::seconds(1795394161)).ok());

  auto list = accounts_->area_users(alice, hyde_, as(alice));
  ASSERT_TRUE(list.ok()) << list.error().message;
  std::vector<std::string> names;
  for (const auto& u : *list) names.push_back(u.username);
  EXPECT_EQ(names, (std::vector<std::string>{"alice", "bob", "carol", "dana"}));  // not wendy: no role here

  const AreaUser* bob = find_listed(*list, "bob");
  ASSERT_NE(bob, nullptr);
  ASSERT_EQ(bob->roles.size(), 1u);  // his member grant in Woodhouse is not shown
  EXPECT_EQ(bob->roles[0].role, Role::researcher);
  EXPECT_FALSE(bob->can_change);  // he works in Woodhouse too
  EXPECT_EQ(bob->last_log_in, "");

  const AreaUser* carol = find_listed(*list, "carol");
  ASSERT_NE(carol, nullptr);
  ASSERT_EQ(carol->roles.size(), 1u);
  EXPECT_EQ(carol->roles[0].person_id, ann_);
  EXPECT_EQ(carol->roles[0].person_name, "Ann Example");
  EXPECT_TRUE(carol->can_change);
  EXPECT_EQ(carol->last_log_in, "2026-11-23T00:36:01Z");

  const AreaUser* dana = find_listed(*list, "dana");
  ASSERT_NE(dana, nullptr);
  ASSERT_EQ(dana->roles.size(), 1u);
  EXPECT_TRUE(dana->roles[0].all_areas);
  EXPECT_FALSE(dana->can_change);  // only an all-areas admin changes an all-areas admin

  // The deployment's admin may change everyone listed.
  auto as_dana = accounts_->area_users(reload("dana"), hyde_, kAreaUsersCli);
  ASSERT_TRUE(as_dana.ok());
  for (const auto& u : *as_dana) EXPECT_TRUE(u.can_change) << u.username;
}

TEST_F(AreaUsersTest, AnAddedUserGetsAReadableOneTimePasswordThatLogsIn) {
  User alice = add("alice", {Role::admin, hyde_});
  auto added = accounts_->add_area_user(alice, hyde_, {"Ned", "Ned Newman", "link_worker", ""}, as(alice));
  ASSERT_TRUE(added.ok()) << added.error().message;
  // Four groups of five from a-z and 2-9 without o, l, i, 0 and 1.
  EXPECT_TRUE(std::regex_match(added->password, std::regex("[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}")))
      << added->password;
  EXPECT_EQ(added->user.display_name, "Ned Newman");
  ASSERT_EQ(added->user.grants.size(), 1u);
  EXPECT_EQ(added->user.grants[0], (Grant{Role::link_worker, hyde_}));
  EXPECT_TRUE(accounts_->log_in("ned", added->password, "192.0.2.8", now_seconds()).ok());

  auto second = accounts_->add_area_user(alice, hyde_, {"ned2", "", "admin", ""}, as(alice));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_NE(second->password, added->password);
}

TEST_F(AreaUsersTest, BadValuesNameTheirField) {
  User alice = add("alice", {Role::admin, hyde_});
  add("bob", {Role::researcher, hyde_});
  struct Case {
    NewAreaUser u;
    Errc code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{"ned", "", "boss", ""}, Errc::invalid, "role"},
      {{"ned name", "", "researcher", ""}, Errc::invalid, "username"},
      {{"BOB", "", "researcher", ""}, Errc::conflict, "username"},  // usernames ignore case
      {{"ned", "line\none", "researcher", ""}, Errc::invalid, "display_name"},
      {{"ned", "", "researcher", ann_}, Errc::invalid, "person_id"},  // only members are linked
      {{"ned", "", "member", wes_}, Errc::invalid, "person_id"},      // a person of another area
      {{"ned", "", "member", "pe_nobody"}, Errc::not_found, "person_id"},
  };
  for (const auto& c : cases) {
    auto r = accounts_->add_area_user(alice, hyde_, c.u, as(alice));
    ASSERT_FALSE(r.ok()) << c.u.username << " " << c.u.role;
    EXPECT_EQ(r.error().code, c.code) << r.error().message;
    EXPECT_EQ(r.error().field, c.field) << r.error().message;
  }
  EXPECT_EQ(accounts_->find_user("ned").error().code, Errc::not_found);  // nothing was added

  auto unknown = accounts_->grant_in_area(alice, hyde_, "nobody", "researcher", "", as(alice));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, Errc::not_found);
  EXPECT_EQ(unknown.error().field, "username");
  auto bad_role = accounts_->revoke_in_area(alice, hyde_, "bob", "boss", as(alice));
  ASSERT_FALSE(bad_role.ok());
  EXPECT_EQ(bad_role.error().field, "role");
}

TEST_F(AreaUsersTest, AnAreaAdminCannotChangeAnAccountThatWorksInAnotherArea) {
  User alice = add("alice", {Role::admin, hyde_});
  add("bob", {Role::researcher, hyde_});
  ASSERT_TRUE(accounts_->grant("bob", {Role::researcher, wood_}, kAreaUsersCli).ok());
  add("wendy", {Role::researcher, wood_});
  const std::string said = "This account also works in another area; ask an administrator of every area it works in";
  std::vector<Result<void>> tries;
  tries.push_back(accounts_->grant_in_area(alice, hyde_, "bob", "link_worker", "", as(alice)));
  tries.push_back(accounts_->revoke_in_area(alice, hyde_, "bob", "researcher", as(alice)));
  tries.push_back(accounts_->set_disabled_in_area(alice, hyde_, "bob", true, as(alice)));
  tries.push_back(accounts_->grant_in_area(alice, hyde_, "wendy", "researcher", "", as(alice)));  // no taking over
  auto reset = accounts_->reset_password_in_area(alice, hyde_, "bob", as(alice));
  tries.push_back(reset.ok() ? Result<void>{} : Result<void>(reset.error()));
  for (const auto& t : tries) {
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, Errc::forbidden);
    EXPECT_EQ(t.error().message, said);
  }
  EXPECT_FALSE(reload("bob").disabled);
  EXPECT_EQ(reload("bob").grants.size(), 2u);
  EXPECT_TRUE(accounts_->log_in("bob", kAreaUsersPw, "192.0.2.9", now_seconds()).ok());  // password unchanged

  // An admin of both areas may.
  ASSERT_TRUE(accounts_->grant("alice", {Role::admin, wood_}, kAreaUsersCli).ok());
  EXPECT_TRUE(accounts_->set_disabled_in_area(reload("alice"), hyde_, "bob", true, as(alice)).ok());
}

TEST_F(AreaUsersTest, NoChangeLeavesTheAreaWithoutAnEnabledAdmin) {
  User alice = add("alice", {Role::admin, hyde_});
  ASSERT_TRUE(accounts_->grant("alice", {Role::researcher, hyde_}, kAreaUsersCli).ok());
  alice = reload("alice");
  add("bob", {Role::researcher, hyde_});

  // Alice is the area's only admin: she cannot drop the role, from the page or the CLI.
  auto self = accounts_->revoke_in_area(alice, hyde_, "alice", "admin", as(alice));
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, Errc::conflict);
  EXPECT_EQ(self.error().message, "This is the last enabled admin of area " + hyde_ +
                                      "; make another user an admin of the area first");
  EXPECT_EQ(accounts_->revoke("alice", {Role::admin, hyde_}, kAreaUsersCli).error().code, Errc::conflict);
  EXPECT_EQ(accounts_->disable("alice", kAreaUsersCli).error().code, Errc::conflict);
  EXPECT_TRUE(has_role(reload("alice"), Role::admin, hyde_));
  EXPECT_FALSE(reload("alice").disabled);

  // A disabled second admin does not count; an enabled one does.
  ASSERT_TRUE(accounts_->grant_in_area(alice, hyde_, "bob", "admin", "", as(alice)).ok());
  ASSERT_TRUE(accounts_->set_disabled_in_area(alice, hyde_, "bob", true, as(alice)).ok());
  EXPECT_EQ(accounts_->revoke_in_area(alice, hyde_, "alice", "admin", as(alice)).error().code, Errc::conflict);
  ASSERT_TRUE(accounts_->set_disabled_in_area(alice, hyde_, "bob", false, as(alice)).ok());
  EXPECT_TRUE(accounts_->revoke_in_area(alice, hyde_, "alice", "admin", as(alice)).ok());
  EXPECT_FALSE(has_role(reload("alice"), Role::admin, hyde_));
}

TEST_F(AreaUsersTest, AnAllAreasAdminCountsAsAnAdminOfEveryArea) {
  add("dana", {Role::admin, ""});
  User alice = add("alice", {Role::admin, hyde_});
  ASSERT_TRUE(accounts_->grant("alice", {Role::researcher, hyde_}, kAreaUsersCli).ok());
  EXPECT_TRUE(accounts_->revoke_in_area(reload("alice"), hyde_, "alice", "admin", as(alice)).ok());
}

TEST_F(AreaUsersTest, NobodyDisablesThemselvesAndTheOnlyRoleHereStays) {
  User alice = add("alice", {Role::admin, hyde_});
  add("bob", {Role::admin, hyde_});
  auto self = accounts_->set_disabled_in_area(alice, hyde_, "Alice", true, as(alice));
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, Errc::conflict);
  EXPECT_EQ(self.error().message, "You cannot disable your own account; another admin of the area can");
  EXPECT_FALSE(reload("alice").disabled);

  auto only = accounts_->revoke_in_area(alice, hyde_, "bob", "admin", as(alice));
  ASSERT_FALSE(only.ok());
  EXPECT_EQ(only.error().code, Errc::conflict);
  EXPECT_EQ(only.error().field, "role");
  EXPECT_TRUE(has_role(reload("bob"), Role::admin, hyde_));  // rolled back
}

TEST_F(AreaUsersTest, DisablingEndsSessionsAtOnceAndAResetPasswordReplacesTheOld) {
  User alice = add("alice", {Role::admin, hyde_});
  add("bob", {Role::researcher, hyde_});
  const Seconds now = now_seconds();
  auto session = accounts_->log_in("bob", kAreaUsersPw, "192.0.2.10", now);
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(accounts_->authenticate_session(session->token, now).ok());
  ASSERT_TRUE(accounts_->set_disabled_in_area(alice, hyde_, "bob", true, as(alice)).ok());
  EXPECT_EQ(accounts_->authenticate_session(session->token, now).error().code, Errc::unauthenticated);
  EXPECT_EQ(accounts_->log_in("bob", kAreaUsersPw, "192.0.2.10", now).error().code, Errc::unauthenticated);
  ASSERT_TRUE(accounts_->set_disabled_in_area(alice, hyde_, "bob", false, as(alice)).ok());

  auto again = accounts_->log_in("bob", kAreaUsersPw, "192.0.2.10", now);
  ASSERT_TRUE(again.ok());
  auto reset = accounts_->reset_password_in_area(alice, hyde_, "bob", as(alice));
  ASSERT_TRUE(reset.ok()) << reset.error().message;
  EXPECT_EQ(accounts_->authenticate_session(again->token, now).error().code, Errc::unauthenticated);
  EXPECT_EQ(accounts_->log_in("bob", kAreaUsersPw, "192.0.2.10", now).error().code, Errc::unauthenticated);
  EXPECT_TRUE(accounts_->log_in("bob", reset->password, "192.0.2.10", now).ok());
}

TEST_F(AreaUsersTest, EveryChangeAndTheListAreInTheAreasAuditLog) {
  User alice = add("alice", {Role::admin, hyde_});
  ASSERT_TRUE(accounts_->add_area_user(alice, hyde_, {"ned", "", "researcher", ""}, as(alice)).ok());
  ASSERT_TRUE(accounts_->grant_in_area(alice, hyde_, "ned", "member", ann_, as(alice)).ok());
  ASSERT_TRUE(accounts_->revoke_in_area(alice, hyde_, "ned", "researcher", as(alice)).ok());
  ASSERT_TRUE(accounts_->set_disabled_in_area(alice, hyde_, "ned", true, as(alice)).ok());
  ASSERT_TRUE(accounts_->set_disabled_in_area(alice, hyde_, "ned", false, as(alice)).ok());
  auto reset = accounts_->reset_password_in_area(alice, hyde_, "ned", as(alice));
  ASSERT_TRUE(reset.ok());
  ASSERT_TRUE(accounts_->area_users(alice, hyde_, as(alice)).ok());

  AuditQuery q;
  q.area_id = hyde_;
  q.user_id = alice.id;
  auto page = AuditLog(*store_).query(q);
  ASSERT_TRUE(page.ok()) << page.error().message;
  std::vector<std::string> actions;
  for (const auto& row : page->entries) {
    EXPECT_EQ(row.entry.entity, "user");
    EXPECT_EQ(row.entry.detail.find(reset->password), std::string::npos);  // never the password
    actions.push_back(row.entry.action);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"list", "reset_password", "enable", "disable", "revoke", "grant",
                                               "add_user"}));
}

}  // namespace
