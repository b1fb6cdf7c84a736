// domain::Accounts against a real store (SQLite, or PostgreSQL when
// KITH_TEST_ENGINE=postgresql): users, grants per area, passwords, log-in,
// lockout, sessions, API tokens, and what lands in the tables. Times are
// passed in, so expiry is checked to the second without waiting.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "support/accounts.hpp"
#include "support/store_query.hpp"
#include "kith/core/ids.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/register.hpp"
#include "kith/domain/secrets.hpp"
#include "kith/store/migrate.hpp"
#include "kith/store/store.hpp"
#include "kith/store/value.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using namespace kith::domain;
using namespace std::chrono_literals;
namespace st = kith::store;
using json = nlohmann::json;

const std::string kAlicePw = "alice-correct-horse", kBobPw = "bob-battery-staple", kCarolPw = "carol-tulip-marble";
const Actor kAdmin{"test-admin"};
// 2026-11-23T00:36:01Z: the tests' clock starts here.
const Seconds kT0 = Seconds{} + 1795394161s;


class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = st::open_store(test::fresh_db_url(dir_));
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s.value());
    accounts_ = std::make_unique<Accounts>(*store_, kith::test::fast_accounts());
    Register reg(*store_);
    for (auto* area : {&area1_, &area2_}) {
      auto a = reg.create(model::areas(), "", {{"name", area == &area1_ ? "Hyde Park" : "Woodhouse"}}, kAdmin);
      ASSERT_TRUE(a.ok()) << a.error().message;
      *area = (*a)["id"].get<std::string>();
    }
  }

  User add(const std::string& name, const std::string& pw, Grant g) {
    auto u = accounts_->add_user({name, "", pw, std::move(g)}, kAdmin);
    EXPECT_TRUE(u.ok()) << name << ": " << (u.ok() ? "" : u.error().message);
    return u.ok() ? *u : User{};
  }
  void add_alice_admin() { add("alice", kAlicePw, {Role::admin, ""}); }

  // Every text value of every row of `table`, as SQL returns them.
  std::vector<std::string> texts_of(const std::string& table) {
    std::vector<std::string> out;
    auto r = store_->read([&](st::Connection& c) -> Result<void> {
      auto stmt = c.prepare("SELECT * FROM " + table);
      if (!stmt) return stmt.error();
      for (;;) {
        auto row = (*stmt)->step();
        if (!row) return row.error();
        if (!*row) break;
        for (int i = 0; i < (*stmt)->column_count(); ++i) out.push_back(st::text_of((*stmt)->column(i)));
      }
      return {};
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return out;
  }
  // One text or integer answer of a query, as text.
  std::string scalar(const std::string& sql, std::initializer_list<st::Value> params = {}) {
    return kith::test::query_text(*store_, sql, params);
  }
  // The audit actions about users, oldest first.
  std::vector<std::string> audit_actions() {
    std::vector<std::string> out;
    auto r = store_->read([&](st::Connection& c) -> Result<void> {
      auto stmt = c.prepare("SELECT action FROM audit_log WHERE entity = 'user' ORDER BY seq");
      if (!stmt) return stmt.error();
      for (;;) {
        auto row = (*stmt)->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back(st::text_of((*stmt)->column(0)));
      }
      return {};
    });
    EXPECT_TRUE(r.ok());
    return out;
  }

  Result<NewSession> log_in(const std::string& name, const std::string& pw, Seconds at,
                            const std::string& from = "192.0.2.1") {
    return accounts_->log_in(name, pw, from, at);
  }

  test::TempDir dir_;
  std::unique_ptr<st::Store> store_;
  std::unique_ptr<Accounts> accounts_;
  std::string area1_, area2_;
};

void expect_error(const Error& e, Errc code, const std::string& field, const std::string& message) {
  EXPECT_EQ(e.code, code) << e.message;
  EXPECT_EQ(e.field, field) << e.message;
  EXPECT_EQ(e.message, message);
}

TEST_F(AccountsTest, DefaultHashIsArgon2idModerateAndVerifies) {
  Accounts production(*store_);  // default options: what kith runs with
  EXPECT_EQ(production.options().password, kPasswordModerate);
  auto u = production.add_user({"alice", "Alice A", kAlicePw, {Role::admin, ""}}, kAdmin);
  ASSERT_TRUE(u.ok()) << u.error().message;
  std::string hash = scalar("SELECT password_hash FROM users WHERE username = ?", {std::string("alice")});
  // m is in KiB: 256 MiB = 262144, 3 passes, one lane.
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=262144,t=3,p=1$", 0), 0u) << hash;
  EXPECT_EQ(hash.find(kAlicePw), std::string::npos);
  EXPECT_TRUE(verify_password(hash, kAlicePw));
  EXPECT_FALSE(verify_password(hash, kBobPw));
}

TEST_F(AccountsTest, ALogInRehashesAPasswordMadeWithOtherLimits) {
  add_alice_admin();  // interactive limits
  Accounts production(*store_);
  auto s = production.log_in("alice", kAlicePw, "192.0.2.1", kT0);
  ASSERT_TRUE(s.ok()) << s.error().message;
  std::string hash = scalar("SELECT password_hash FROM users WHERE username = 'alice'");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=262144,t=3,p=1$", 0), 0u) << hash;
  EXPECT_TRUE(log_in("alice", kAlicePw, kT0 + 1s).ok());
}

// A log-in's audit row names the account by its id and the address it came
// from; a log-out names the account (the address is the API's to pass).
TEST_F(AccountsTest, LogInAndOutRecordTheAccountAndTheAddress) {
  add_alice_admin();
  auto s = log_in("alice", kAlicePw, kT0, "203.0.113.9");
  ASSERT_TRUE(s.ok()) << s.error().message;
  const std::string id = scalar("SELECT public_id FROM users WHERE username = 'alice'");
  EXPECT_EQ(scalar("SELECT actor FROM audit_log WHERE action = 'log_in'"), "alice");
  EXPECT_EQ(scalar("SELECT user_id FROM audit_log WHERE action = 'log_in'"), id);
  EXPECT_EQ(scalar("SELECT client_address FROM audit_log WHERE action = 'log_in'"), "203.0.113.9");
  ASSERT_TRUE(accounts_->log_out(s->token, kT0 + 1s).ok());
  EXPECT_EQ(scalar("SELECT user_id FROM audit_log WHERE action = 'log_out'"), id);
}

TEST_F(AccountsTest, PasswordsTooShortOrCommonAreRefusedAndNothingIsWritten) {
  auto short_pw = accounts_->add_user({"alice", "", "tulip-marbl", {Role::admin, ""}}, kAdmin);
  ASSERT_FALSE(short_pw.ok());
  expect_error(short_pw.error(), Errc::invalid, "password", "Choose a password of at least 12 characters");
  auto common = accounts_->add_user({"alice", "", "Qwerty123456", {Role::admin, ""}}, kAdmin);
  ASSERT_FALSE(common.ok());
  expect_error(common.error(), Errc::invalid, "password",
               "This password is on a list of 49233 common passwords; choose another");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users"), "0");
  add_alice_admin();
  auto reset = accounts_->reset_password("alice", "1qaz2wsx3edc", kAdmin);
  ASSERT_FALSE(reset.ok());
  EXPECT_EQ(reset.error().message, "This password is on a list of 49233 common passwords; choose another");
  EXPECT_TRUE(log_in("alice", kAlicePw, kT0).ok());  // the old password stands
}

TEST_F(AccountsTest, UsernamesAreUniqueWithoutRegardToCase) {
  User alice = add("Alice", kAlicePw, {Role::admin, ""});
  EXPECT_TRUE(is_valid_id(alice.id, "us")) << alice.id;
  EXPECT_EQ(alice.username, "Alice");
  EXPECT_EQ(alice.display_name, "Alice");  // defaults to the username
  auto again = accounts_->add_user({" alice ", "", kBobPw, {Role::researcher, area1_}}, kAdmin);
  ASSERT_FALSE(again.ok());
  expect_error(again.error(), Errc::conflict, "username", "There is already a user named Alice (usernames ignore case)");
  auto found = accounts_->find_user("ALICE");
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->id, alice.id);
  EXPECT_EQ(scalar("SELECT username_key FROM users"), "alice");
  auto bad = accounts_->add_user({"al ice", "", kBobPw, {Role::researcher, area1_}}, kAdmin);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "username");
  auto missing = accounts_->find_user("nobody");
  ASSERT_FALSE(missing.ok());
  expect_error(missing.error(), Errc::not_found, "username", "No user named nobody");
  EXPECT_TRUE(*accounts_->any_account());
}

TEST_F(AccountsTest, AFreshDeploymentHasNoAccount) { EXPECT_FALSE(*accounts_->any_account()); }

TEST_F(AccountsTest, GrantsArePerAreaAndOnlyAdminsCoverAllAreas) {
  add_alice_admin();
  add("bob", kBobPw, {Role::researcher, area1_});
  ASSERT_TRUE(accounts_->grant("bob", {Role::link_worker, area2_}, kAdmin).ok());
  ASSERT_TRUE(accounts_->grant("BOB", {Role::researcher, area2_}, kAdmin).ok());

  auto twice = accounts_->grant("bob", {Role::researcher, area1_}, kAdmin);
  ASSERT_FALSE(twice.ok());
  expect_error(twice.error(), Errc::conflict, "role", "bob is already researcher in area " + area1_);
  auto everywhere = accounts_->grant("bob", {Role::researcher, ""}, kAdmin);
  ASSERT_FALSE(everywhere.ok());
  expect_error(everywhere.error(), Errc::invalid, "area_id",
               "Only the admin role can be granted for all areas; give the area for the role researcher");
  const std::string nowhere = "ar_" + std::string(20, '0');
  auto missing = accounts_->grant("bob", {Role::broker, nowhere}, kAdmin);
  ASSERT_FALSE(missing.ok());
  expect_error(missing.error(), Errc::not_found, "area_id", "No area with id " + nowhere);
  auto malformed = accounts_->grant("bob", {Role::broker, "Hyde Park"}, kAdmin);
  ASSERT_FALSE(malformed.ok());
  expect_error(malformed.error(), Errc::not_found, "area_id", "No area with that id");

  auto bob = accounts_->find_user("bob");
  ASSERT_TRUE(bob.ok());
  // By role in kRoles' order (researcher before link_worker), then area id.
  std::vector<Grant> want = {{Role::researcher, std::min(area1_, area2_)},
                             {Role::researcher, std::max(area1_, area2_)},
                             {Role::link_worker, area2_}};
  EXPECT_EQ(bob->grants, want);
  EXPECT_TRUE(has_role(*bob, Role::link_worker, area2_));
  EXPECT_FALSE(has_role(*bob, Role::link_worker, area1_));
  EXPECT_FALSE(has_role(*bob, Role::admin, area1_));

  ASSERT_TRUE(accounts_->revoke("bob", {Role::researcher, area2_}, kAdmin).ok());
  auto not_held = accounts_->revoke("bob", {Role::researcher, area2_}, kAdmin);
  ASSERT_FALSE(not_held.ok());
  expect_error(not_held.error(), Errc::not_found, "role", "bob is not researcher in area " + area2_);

  auto users = accounts_->list_users();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].username, "alice");
  EXPECT_EQ((*users)[0].grants, std::vector<Grant>({{Role::admin, ""}}));
  EXPECT_EQ((*users)[1].grants, std::vector<Grant>({{Role::researcher, area1_}, {Role::link_worker, area2_}}));
  EXPECT_EQ(audit_actions(), std::vector<std::string>({"add_user", "add_user", "grant", "grant", "revoke"}));
  EXPECT_EQ(scalar("SELECT area_id FROM audit_log WHERE action = 'revoke'"), area2_);
}

TEST_F(AccountsTest, AGrantInADeletedAreaCanBeRevokedButNotMade) {
  add("bob", kBobPw, {Role::researcher, area2_});
  Register reg(*store_);
  ASSERT_TRUE(reg.remove(model::areas(), "", area2_, kAdmin).ok());
  auto grant = accounts_->grant("bob", {Role::member, area2_}, kAdmin);
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code, Errc::not_found);
  EXPECT_TRUE(accounts_->revoke("bob", {Role::researcher, area2_}, kAdmin).ok());
  EXPECT_TRUE(accounts_->find_user("bob")->grants.empty());
}

TEST_F(AccountsTest, TheLastEnabledAllAreasAdminStays) {
  add_alice_admin();
  add("bob", kBobPw, {Role::admin, area1_});  // an area admin does not count
  const std::string why =
      "This would leave no enabled admin for all areas; make another user an admin for all areas first";
  auto revoke = accounts_->revoke("alice", {Role::admin, ""}, kAdmin);
  ASSERT_FALSE(revoke.ok());
  expect_error(revoke.error(), Errc::conflict, "username", why);
  auto disable = accounts_->disable("alice", kAdmin);
  ASSERT_FALSE(disable.ok());
  EXPECT_EQ(disable.error().message, why);
  EXPECT_FALSE(accounts_->find_user("alice")->disabled);  // rolled back
  EXPECT_EQ(accounts_->find_user("alice")->grants.size(), 1u);

  add("carol", kCarolPw, {Role::admin, ""});
  ASSERT_TRUE(accounts_->revoke("alice", {Role::admin, ""}, kAdmin).ok());
  auto last = accounts_->disable("carol", kAdmin);
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().message, why);
  ASSERT_TRUE(accounts_->grant("alice", {Role::admin, ""}, kAdmin).ok());
  EXPECT_TRUE(accounts_->disable("carol", kAdmin).ok());
}

TEST_F(AccountsTest, WrongPasswordAndUnknownUserAreOneErrorAndAsSlow) {
  add_alice_admin();
  auto wrong = log_in("alice", "not-alices-password", kT0);
  auto unknown = log_in("mallory", "not-alices-password", kT0);
  auto unknown_shape = log_in("not a username!", "x", kT0);
  for (const auto* r : {&wrong, &unknown, &unknown_shape}) {
    ASSERT_FALSE(r->ok());
    expect_error(r->error(), Errc::unauthenticated, "", "The username or password is wrong");
  }
  // Each attempt verifies one hash of the same cost, a real or a dummy one;
  // the quickest of three of each compared, as noise only adds time.
  auto quickest = [&](const std::string& name) {
    auto best = std::chrono::steady_clock::duration::max();
    for (int i = 0; i < 3; ++i) {
      auto start = std::chrono::steady_clock::now();
      EXPECT_FALSE(log_in(name, "not-alices-password", kT0 + 1s, "198.51.100.7").ok());
      best = std::min(best, std::chrono::steady_clock::now() - start);
    }
    return std::chrono::duration<double>(best).count();
  };
  double known = quickest("alice"), absent = quickest("mallory");
  EXPECT_GT(absent, 0.5 * known) << "unknown " << absent << " s, wrong password " << known << " s";
  EXPECT_GT(known, 0.5 * absent) << "unknown " << absent << " s, wrong password " << known << " s";
}

TEST_F(AccountsTest, TenFailuresLockTheUsernameForTheRestOfFifteenMinutes) {
  add_alice_admin();
  for (int i = 0; i < 10; ++i) {
    auto r = log_in("alice", "wrong-password-" + std::to_string(i), kT0 + std::chrono::seconds(i),
                    "198.51.100." + std::to_string(i));  // ten addresses: only the username counts
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::unauthenticated) << i;
  }
  // The 10th newest failure is the first, at kT0: the lockout ends at kT0 + 15 min.
  auto locked = log_in("Alice", kAlicePw, kT0 + 10s, "203.0.113.5");
  ASSERT_FALSE(locked.ok());
  expect_error(locked.error(), Errc::too_many_requests, "",
               "Too many failed log-ins for this username or from this address; try again in 15 minutes");
  EXPECT_EQ(*accounts_->retry_after("alice", "203.0.113.5", kT0 + 10s), 890s);
  EXPECT_EQ(*accounts_->retry_after("alice", "203.0.113.5", kT0 + 899s), 1s);
  EXPECT_EQ(*accounts_->retry_after("bob", "203.0.113.5", kT0 + 10s), 0s);
  // Locked-out attempts are not counted: they do not push the end back.
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(log_in("alice", kAlicePw, kT0 + 600s).ok());
  auto late = log_in("alice", kAlicePw, kT0 + 899s);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().message,
            "Too many failed log-ins for this username or from this address; try again in 1 minute");
  // At kT0 + 900 s the first failure has left the window: nine remain.
  EXPECT_EQ(*accounts_->retry_after("alice", "203.0.113.5", kT0 + 900s), 0s);
  auto open = log_in("alice", kAlicePw, kT0 + 900s);
  ASSERT_TRUE(open.ok()) << open.error().message;
}

TEST_F(AccountsTest, TenFailuresFromOneAddressLockThatAddress) {
  add_alice_admin();
  for (int i = 0; i < 10; ++i)
    EXPECT_FALSE(log_in("guess" + std::to_string(i), "whatever-it-is", kT0 + std::chrono::seconds(i), "198.51.100.9").ok());
  auto from_there = log_in("alice", kAlicePw, kT0 + 60s, "198.51.100.9");
  ASSERT_FALSE(from_there.ok());
  EXPECT_EQ(from_there.error().code, Errc::too_many_requests);
  EXPECT_EQ(*accounts_->retry_after("alice", "198.51.100.9", kT0 + 60s), 840s);
  EXPECT_TRUE(log_in("alice", kAlicePw, kT0 + 60s, "198.51.100.10").ok());
}

TEST_F(AccountsTest, ASuccessfulLogInIsNotCountedAsAFailure) {
  add_alice_admin();
  for (int i = 0; i < 9; ++i) EXPECT_FALSE(log_in("alice", "wrong-password-x", kT0 + std::chrono::seconds(i)).ok());
  ASSERT_TRUE(log_in("alice", kAlicePw, kT0 + 20s).ok());
  // Nine failures and one success: the next log-in is still open.
  EXPECT_TRUE(log_in("alice", kAlicePw, kT0 + 21s).ok());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM login_failures"), "9");
  EXPECT_FALSE(log_in("alice", "wrong-password-x", kT0 + 22s).ok());  // the tenth
  EXPECT_EQ(log_in("alice", kAlicePw, kT0 + 23s).error().code, Errc::too_many_requests);
}

TEST_F(AccountsTest, SessionsEndAfterThirtyIdleMinutes) {
  add_alice_admin();
  auto s = log_in("alice", kAlicePw, kT0);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->user.username, "alice");
  EXPECT_TRUE(is_secret_shape(s->token));
  EXPECT_TRUE(is_secret_shape(s->csrf_token));
  EXPECT_NE(s->token, s->csrf_token);

  auto a = accounts_->authenticate_session(s->token, kT0 + 29min);  // touches: last seen kT0 + 29 min
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_TRUE(a->via_session);
  EXPECT_EQ(a->csrf_token, s->csrf_token);
  EXPECT_EQ(a->user.grants, std::vector<Grant>({{Role::admin, ""}}));
  EXPECT_EQ(scalar("SELECT last_seen_at FROM sessions"), "2026-11-23T01:05:01Z");
  ASSERT_TRUE(accounts_->authenticate_session(s->token, kT0 + 29min + 29min + 59s).ok());
  auto idle = accounts_->authenticate_session(s->token, kT0 + 29min + 29min + 59s + 30min);
  ASSERT_FALSE(idle.ok());
  expect_error(idle.error(), Errc::unauthenticated, "", "This session expired after 30 minutes without use; log in again");
  // Ended for good: an earlier clock does not bring it back.
  auto after = accounts_->authenticate_session(s->token, kT0 + 30min);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().message, "This session has ended; log in again");
}

TEST_F(AccountsTest, LastSeenIsWrittenAtMostOnceAMinute) {
  add_alice_admin();
  auto s = log_in("alice", kAlicePw, kT0);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(accounts_->authenticate_session(s->token, kT0 + 59s).ok());  // not written
  EXPECT_EQ(scalar("SELECT last_seen_at FROM sessions"), "2026-11-23T00:36:01Z");
  // So idleness counts from kT0: 30 minutes after it, the session is over.
  EXPECT_FALSE(accounts_->authenticate_session(s->token, kT0 + 30min).ok());
}

TEST_F(AccountsTest, SessionsEndTwelveHoursAfterLogInHoweverBusy) {
  add_alice_admin();
  auto s = log_in("alice", kAlicePw, kT0);
  ASSERT_TRUE(s.ok());
  for (auto t = kT0 + 20min; t < kT0 + 12h; t += 20min)
    ASSERT_TRUE(accounts_->authenticate_session(s->token, t).ok()) << format_utc_iso(t);
  ASSERT_TRUE(accounts_->authenticate_session(s->token, kT0 + 12h - 1s).ok());
  auto over = accounts_->authenticate_session(s->token, kT0 + 12h);
  ASSERT_FALSE(over.ok());
  expect_error(over.error(), Errc::unauthenticated, "", "This session expired 12 hours after log-in; log in again");
  EXPECT_NE(scalar("SELECT ended_at FROM sessions"), "");
}

TEST_F(AccountsTest, ExpiryTimesComeFromTheOptions) {
  AccountOptions o = kith::test::fast_accounts();
  o.session_idle = 5min;
  o.session_absolute = 1h;
  o.session_touch = 0s;
  Accounts short_lived(*store_, o);
  add_alice_admin();
  auto s = short_lived.log_in("alice", kAlicePw, "192.0.2.1", kT0);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(short_lived.authenticate_session(s->token, kT0 + 4min + 59s).ok());
  ASSERT_TRUE(short_lived.authenticate_session(s->token, kT0 + 9min + 58s).ok());
  auto idle = short_lived.authenticate_session(s->token, kT0 + 14min + 58s);
  ASSERT_FALSE(idle.ok());
  EXPECT_EQ(idle.error().message, "This session expired after 5 minutes without use; log in again");
}

TEST_F(AccountsTest, LogOutEndsOneSessionAndEverywhereEndsAll) {
  add_alice_admin();
  auto one = log_in("alice", kAlicePw, kT0), two = log_in("alice", kAlicePw, kT0 + 1s);
  auto three = log_in("alice", kAlicePw, kT0 + 2s);
  ASSERT_TRUE(one.ok() && two.ok() && three.ok());
  ASSERT_TRUE(accounts_->log_out(one->token, kT0 + 3s).ok());
  EXPECT_FALSE(accounts_->authenticate_session(one->token, kT0 + 4s).ok());
  EXPECT_TRUE(accounts_->authenticate_session(two->token, kT0 + 4s).ok());
  EXPECT_TRUE(accounts_->log_out(one->token, kT0 + 5s).ok());            // again: no error
  EXPECT_TRUE(accounts_->log_out("not-a-session", kT0 + 5s).ok());
  auto ended = accounts_->log_out_everywhere("alice", kT0 + 6s);
  ASSERT_TRUE(ended.ok());
  EXPECT_EQ(*ended, 2);
  EXPECT_FALSE(accounts_->authenticate_session(two->token, kT0 + 7s).ok());
  EXPECT_FALSE(accounts_->authenticate_session(three->token, kT0 + 7s).ok());
  EXPECT_EQ(audit_actions(),
            std::vector<std::string>({"add_user", "log_in", "log_in", "log_in", "log_out", "log_out_everywhere"}));
}

TEST_F(AccountsTest, ResetPasswordEndsEverySession) {
  add_alice_admin();
  auto one = log_in("alice", kAlicePw, kT0), two = log_in("alice", kAlicePw, kT0 + 1s);
  ASSERT_TRUE(one.ok() && two.ok());
  const std::string fresh = "alice-new-tulip-field";
  ASSERT_TRUE(accounts_->reset_password("alice", fresh, kAdmin).ok());
  EXPECT_FALSE(accounts_->authenticate_session(one->token, kT0 + 2s).ok());
  EXPECT_FALSE(accounts_->authenticate_session(two->token, kT0 + 2s).ok());
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL"), "0");
  EXPECT_EQ(log_in("alice", kAlicePw, kT0 + 3s).error().code, Errc::unauthenticated);
  EXPECT_TRUE(log_in("alice", fresh, kT0 + 4s).ok());
  auto self = accounts_->reset_password("alice", "ALICE", kAdmin);
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().field, "password");
}

TEST_F(AccountsTest, DisableEndsSessionsRefusesLogInAndKeepsGrantsAndTokens) {
  add_alice_admin();
  add("bob", kBobPw, {Role::researcher, area1_});
  auto s = log_in("bob", kBobPw, kT0);
  ASSERT_TRUE(s.ok());
  auto token = accounts_->issue_token("bob", "laptop", std::nullopt, kAdmin);
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(accounts_->disable("bob", kAdmin).ok());
  EXPECT_FALSE(accounts_->authenticate_session(s->token, kT0 + 1s).ok());
  auto via_token = accounts_->authenticate_token(*token, now_seconds());
  ASSERT_FALSE(via_token.ok());
  expect_error(via_token.error(), Errc::unauthenticated, "", "The account of this API token is disabled");
  auto refused = log_in("bob", kBobPw, kT0 + 2s);
  ASSERT_FALSE(refused.ok());
  expect_error(refused.error(), Errc::unauthenticated, "", "This account is disabled; ask an administrator to enable it");
  EXPECT_EQ(log_in("bob", "wrong-password-x", kT0 + 3s).error().message, "The username or password is wrong");
  auto bob = accounts_->find_user("bob");
  EXPECT_TRUE(bob->disabled);
  EXPECT_EQ(bob->grants, std::vector<Grant>({{Role::researcher, area1_}}));
  ASSERT_TRUE(accounts_->disable("bob", kAdmin).ok());  // already: nothing changes
  ASSERT_TRUE(accounts_->enable("bob", kAdmin).ok());
  EXPECT_TRUE(accounts_->authenticate_token(*token, now_seconds()).ok());
  EXPECT_TRUE(log_in("bob", kBobPw, kT0 + 4s).ok());
  EXPECT_EQ(audit_actions(), std::vector<std::string>({"add_user", "add_user", "log_in", "issue_token", "disable",
                                                       "enable", "log_in"}));
}

TEST_F(AccountsTest, TokensAuthenticateUntilRevokedOrExpired) {
  add("bob", kBobPw, {Role::researcher, area1_});
  auto token = accounts_->issue_token("bob", " ci job ", std::nullopt, kAdmin);
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_TRUE(std::regex_match(*token, std::regex("kith_[A-Za-z0-9_-]{43}"))) << *token;
  auto who = accounts_->authenticate_token(*token, now_seconds() + std::chrono::days(3650));
  ASSERT_TRUE(who.ok()) << who.error().message;
  EXPECT_EQ(who->user.username, "bob");
  EXPECT_FALSE(who->via_session);
  EXPECT_EQ(who->csrf_token, "");
  EXPECT_EQ(scalar("SELECT label FROM api_tokens"), "ci job");  // trimmed

  auto dup = accounts_->issue_token("bob", "ci job", std::nullopt, kAdmin);
  ASSERT_FALSE(dup.ok());
  expect_error(dup.error(), Errc::conflict, "label",
               "bob already has a token labelled \"ci job\"; revoke it or choose another label");
  ASSERT_TRUE(accounts_->revoke_token("bob", "ci job", kAdmin).ok());
  auto revoked = accounts_->authenticate_token(*token, now_seconds());
  ASSERT_FALSE(revoked.ok());
  expect_error(revoked.error(), Errc::unauthenticated, "", "This API token is not valid: it was revoked or never issued");
  auto again = accounts_->revoke_token("bob", "ci job", kAdmin);
  ASSERT_FALSE(again.ok());
  expect_error(again.error(), Errc::not_found, "label", "bob has no live token labelled \"ci job\"");
  auto reissued = accounts_->issue_token("bob", "ci job", 1, kAdmin);  // the label is free again
  ASSERT_TRUE(reissued.ok());
  EXPECT_NE(*reissued, *token);

  // Expiring in a day: good just before, refused from then on.
  const std::string expires = scalar("SELECT expires_at FROM api_tokens WHERE revoked_at IS NULL");
  auto expires_at = parse_utc_iso(expires);
  ASSERT_TRUE(expires_at.has_value()) << expires;
  EXPECT_LE(*expires_at - now_seconds(), std::chrono::days(1));
  EXPECT_GT(*expires_at - now_seconds(), std::chrono::days(1) - 60s);
  EXPECT_TRUE(accounts_->authenticate_token(*reissued, *expires_at - 1s).ok());
  auto expired = accounts_->authenticate_token(*reissued, *expires_at);
  ASSERT_FALSE(expired.ok());
  expect_error(expired.error(), Errc::unauthenticated, "", "This API token expired at " + expires);

  for (const std::string& bad : {std::string(), std::string("kith_"), "kith_" + std::string(42, 'a'),
                                 "Bearer " + *reissued, reissued->substr(5)})
    EXPECT_EQ(accounts_->authenticate_token(bad, now_seconds()).error().code, Errc::unauthenticated) << bad;
  auto never_issued = accounts_->authenticate_token("kith_" + std::string(43, 'a'), now_seconds());
  EXPECT_EQ(never_issued.error().message, "This API token is not valid: it was revoked or never issued");
  EXPECT_EQ(accounts_->issue_token("bob", "x", 0, kAdmin).error().field, "expires_days");
  EXPECT_EQ(accounts_->issue_token("bob", "x", 3651, kAdmin).error().field, "expires_days");
  EXPECT_EQ(accounts_->issue_token("bob", "  ", std::nullopt, kAdmin).error().field, "label");
  EXPECT_EQ(accounts_->issue_token("nobody", "x", std::nullopt, kAdmin).error().code, Errc::not_found);
}

TEST_F(AccountsTest, AnExpiredTokenFreesItsLabel) {
  add("bob", kBobPw, {Role::researcher, area1_});
  ASSERT_TRUE(accounts_->issue_token("bob", "ci", 1, kAdmin).ok());
  // Made to have expired an hour ago, as if a day had passed.
  ASSERT_TRUE(store_->write([&](st::Connection& c) -> Result<void> {
    auto n = st::execute(c, "UPDATE api_tokens SET expires_at = ?", {format_utc_iso(now_seconds() - 1h)});
    if (!n) return n.error();
    return {};
  }).ok());
  auto next = accounts_->issue_token("bob", "ci", std::nullopt, kAdmin);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NOT NULL"), "1");
  EXPECT_TRUE(accounts_->authenticate_token(*next, now_seconds()).ok());
}

// The BLAKE2b-256 hex of a token, computed here with libsodium directly.
std::string blake2b_hex(const std::string& token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

TEST_F(AccountsTest, TokensAndPasswordsAreStoredOnlyHashed) {
  add_alice_admin();
  auto s = log_in("alice", kAlicePw, kT0);
  ASSERT_TRUE(s.ok());
  auto token = accounts_->issue_token("alice", "backup job", 30, kAdmin);
  ASSERT_TRUE(token.ok());
  const std::string token_secret = token->substr(5);  // without the kith_ prefix
  for (const std::string table : {"users", "sessions", "api_tokens", "audit_log", "login_failures"}) {
    for (const auto& value : texts_of(table)) {
      EXPECT_EQ(value.find(s->token), std::string::npos) << table << ": " << value;
      EXPECT_EQ(value.find(token_secret), std::string::npos) << table << ": " << value;
      EXPECT_EQ(value.find(kAlicePw), std::string::npos) << table << ": " << value;
    }
  }
  EXPECT_EQ(scalar("SELECT token_hash FROM sessions"), blake2b_hex(s->token));
  EXPECT_EQ(scalar("SELECT token_hash FROM api_tokens"), blake2b_hex(*token));
  EXPECT_EQ(scalar("SELECT csrf_token FROM sessions"), s->csrf_token);  // not a credential alone
}

TEST_F(AccountsTest, AddUserRefusesAMissingAreaAndWritesNothing) {
  auto r = accounts_->add_user({"bob", "", kBobPw, {Role::researcher, "ar_" + std::string(20, '1')}}, kAdmin);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::not_found);
  EXPECT_EQ(r.error().field, "area_id");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users"), "0");
  EXPECT_TRUE(audit_actions().empty());
  auto display = accounts_->add_user({"bob", "Bob\nSmith", kBobPw, {Role::researcher, area1_}}, kAdmin);
  ASSERT_FALSE(display.ok());
  EXPECT_EQ(display.error().field, "display_name");
  auto blank = accounts_->add_user({"bob", "   ", kBobPw, {Role::researcher, area1_}}, kAdmin);
  ASSERT_TRUE(blank.ok()) << blank.error().message;
  EXPECT_EQ(blank->display_name, "bob");
  auto named = accounts_->add_user({"carol", " Carol  C. ", kCarolPw, {Role::member, area1_}}, kAdmin);
  ASSERT_TRUE(named.ok()) << named.error().message;
  EXPECT_EQ(named->display_name, "Carol  C.");
}

TEST_F(AccountsTest, EveryAccountChangeIsAudited) {
  add_alice_admin();
  add("bob", kBobPw, {Role::researcher, area1_});
  ASSERT_TRUE(accounts_->grant("bob", {Role::broker, area2_}, kAdmin).ok());
  ASSERT_TRUE(accounts_->revoke("bob", {Role::broker, area2_}, kAdmin).ok());
  ASSERT_TRUE(accounts_->reset_password("bob", "bob-new-password-1", kAdmin).ok());
  ASSERT_TRUE(accounts_->issue_token("bob", "t", std::nullopt, kAdmin).ok());
  ASSERT_TRUE(accounts_->revoke_token("bob", "t", kAdmin).ok());
  ASSERT_TRUE(accounts_->disable("bob", kAdmin).ok());
  ASSERT_TRUE(accounts_->enable("bob", kAdmin).ok());
  EXPECT_EQ(audit_actions(), std::vector<std::string>({"add_user", "add_user", "grant", "revoke", "reset_password",
                                                       "issue_token", "revoke_token", "disable", "enable"}));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND actor = 'test-admin'"), "9");
  auto bob = accounts_->find_user("bob");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE entity_id = ?", {bob->id}), "8");
  EXPECT_EQ(scalar("SELECT detail FROM audit_log WHERE action = 'grant'"),
            json({{"area_id", area2_}, {"role", "broker"}, {"username", "bob"}}).dump());
}

// The schema before accounts (4), with an area in it, migrates to 5, and the
// area can be granted.
TEST(AccountsMigration, TheSchemaBeforeAccountsGainsThem) {
  test::TempDir dir;
  std::string url = test::fresh_db_url(dir);
  std::string area;
  {
    st::StoreOptions o;
    o.migrate = false;
    auto s = st::open_store(url, o);
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_TRUE(st::migrate_store_to(**s, 4).ok());
    EXPECT_EQ(*(*s)->schema_version(), 4);
    // Straight into the table: Register would write an audit row with the
    // columns of schema 6, which this database does not have yet.
    area = new_id(model::areas().id_prefix);
    auto a = (*s)->write([&](st::Connection& c) {
      return st::Repository(c).insert(model::areas(), {{"id", area}, {"name", "Hyde Park"}, {"register_revision", 0},
                                                       {"revision", 1}, {"created_at", "2026-11-23T00:00:00Z"},
                                                       {"updated_at", "2026-11-23T00:00:00Z"}});
    });
    ASSERT_TRUE(a.ok()) << a.error().message;
  }
  auto s = st::open_store(url);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(*(*s)->schema_version(), st::migrations().back().version);
  Accounts accounts(**s, kith::test::fast_accounts());
  auto u = accounts.add_user({"bob", "", kBobPw, {Role::researcher, area}}, kAdmin);
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->grants, std::vector<Grant>({{Role::researcher, area}}));
}

}  // namespace
