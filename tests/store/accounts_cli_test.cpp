// `kith user …` as an administrator runs it, against the engine under test:
// what each command prints, its exit code (0 ok, 1 refused, 2 usage), and
// that what it wrote works through domain::Accounts.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "kith/domain/accounts.hpp"
#include "kith/domain/register.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/store.hpp"
#include "support/run_command.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;

class UserCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = test::fresh_db_url(dir_);
    auto demo = kith_run("demo --people 30 --seed 3 --accounts-file '" + dir_.file("demo-accounts.txt") + "'");
    ASSERT_EQ(demo.code, 0) << demo.out;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(demo.out, m, std::regex("\\((ar_[0-9a-z]{20})\\)"))) << demo.out;
    area_ = m[1];
    demo_users_ = kith_run("user list").out;  // the demo's seven accounts
  }

  // `kith ARGS --db DB`, the binary under test.
  test::CommandRun kith_run(const std::string& args) {
    return test::run_command(std::string(KITH_BIN) + " " + args + " --db '" + db_ + "'");
  }
  // The same with `stdin` as standard input.
  test::CommandRun kith_input(const std::string& stdin_text, const std::string& args) {
    return test::run_command("printf '%b' '" + stdin_text + "' | " + std::string(KITH_BIN) + " " + args +
                             " --db '" + db_ + "'");
  }
  // The us_… id in an "Added user" line.
  static std::string id_in(const std::string& out) {
    std::smatch m;
    return std::regex_search(out, m, std::regex("\\((us_[0-9a-z]{20})\\)")) ? std::string(m[1]) : std::string();
  }

  test::TempDir dir_;
  std::string db_, area_, demo_users_;
};

TEST_F(UserCli, AddGrantListTokenResetDisable) {
  auto alice = kith_input("alice-correct-horse\n",
                               "user add --username alice --role admin --all-areas --display-name 'Alice Admin' "
                               "--password-stdin");
  ASSERT_EQ(alice.code, 0) << alice.out;
  const std::string alice_id = id_in(alice.out);
  EXPECT_EQ(alice.out, "Added user alice (" + alice_id + "): admin for all areas\n");
  auto bob = kith_input("bob-battery-staple\n",
                             "user add --username bob --role researcher --area " + area_ + " --password-stdin");
  ASSERT_EQ(bob.code, 0) << bob.out;
  const std::string bob_id = id_in(bob.out);
  EXPECT_EQ(bob.out, "Added user bob (" + bob_id + "): researcher in area " + area_ + "\n");

  auto twice = kith_input("another-long-one\n",
                               "user add --username Bob --role member --area " + area_ + " --password-stdin");
  EXPECT_EQ(twice.code, 1);
  EXPECT_EQ(twice.out, "kith: There is already a user named bob (usernames ignore case) [field: username]\n");

  auto grant = kith_run("user grant --username bob --role link_worker --area " + area_);
  ASSERT_EQ(grant.code, 0) << grant.out;
  EXPECT_EQ(grant.out, "bob is now link_worker in area " + area_ + "\n");

  auto list = kith_run("user list");
  ASSERT_EQ(list.code, 0) << list.out;
  // By username: alice and bob first, then the seven demo accounts (demo3-…).
  const std::string users = "username\tid\tstatus\tdisplay_name\tgrants\n"
                            "alice\t" + alice_id + "\tactive\tAlice Admin\tadmin:all-areas\n"
                            "bob\t" + bob_id + "\tactive\tbob\tresearcher:" + area_ + ",link_worker:" + area_ + "\n";
  EXPECT_EQ(list.out.substr(0, users.size()), users);
  EXPECT_NE(list.out.find("\tDemo link_worker\tlink_worker:" + area_ + "\n"), std::string::npos) << list.out;

  auto token = kith_run("user token --username bob --label 'ci job' --expires-days 30");
  ASSERT_EQ(token.code, 0) << token.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(token.out, m, std::regex("(^|\n)(kith_[A-Za-z0-9_-]{43})\n"))) << token.out;
  const std::string bearer = m[2];
  EXPECT_NE(token.out.find("kith: this token is shown only now; kith keeps only its hash\n"), std::string::npos);
  {
    auto s = store::open_store(db_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    domain::Accounts accounts(**s);
    auto who = accounts.authenticate_token(bearer, now_seconds());
    ASSERT_TRUE(who.ok()) << who.error().message;
    EXPECT_EQ(who->user.id, bob_id);
  }
  auto revoke_token = kith_run("user revoke-token --label 'ci job' --username bob");
  ASSERT_EQ(revoke_token.code, 0) << revoke_token.out;
  EXPECT_EQ(revoke_token.out, "Revoked the token \"ci job\" of bob\n");
  auto revoke_again = kith_run("user revoke-token --label 'ci job' --username bob");
  EXPECT_EQ(revoke_again.code, 1);
  EXPECT_EQ(revoke_again.out, "kith: bob has no live token labelled \"ci job\" [field: label]\n");

  auto reset = kith_input("bob-new-tulip-field\r\n", "user reset-password --username bob --password-stdin");
  ASSERT_EQ(reset.code, 0) << reset.out;
  EXPECT_EQ(reset.out, "Changed the password of bob; their sessions have ended\n");
  {
    auto s = store::open_store(db_);
    ASSERT_TRUE(s.ok());
    domain::Accounts accounts(**s);
    EXPECT_EQ(accounts.authenticate_token(bearer, now_seconds()).error().code, Errc::unauthenticated);
    // The line ending was not part of the password.
    EXPECT_TRUE(accounts.log_in("bob", "bob-new-tulip-field", "192.0.2.1", now_seconds()).ok());
    EXPECT_FALSE(accounts.log_in("bob", "bob-battery-staple", "192.0.2.1", now_seconds()).ok());
  }

  auto disable = kith_run("user disable --username bob");
  ASSERT_EQ(disable.code, 0) << disable.out;
  EXPECT_EQ(disable.out, "Disabled bob; their sessions have ended\n");
  EXPECT_NE(kith_run("user list").out.find("bob\t" + bob_id + "\tdisabled\t"), std::string::npos);
  auto enable = kith_run("user enable --username bob");
  ASSERT_EQ(enable.code, 0) << enable.out;

  auto last_admin = kith_run("user revoke --username alice --role admin --all-areas");
  EXPECT_EQ(last_admin.code, 1);
  EXPECT_EQ(last_admin.out,
            "kith: This would leave no enabled admin for all areas; make another user an admin for all areas first "
            "[field: username]\n");
  auto revoke = kith_run("user revoke --username bob --role link_worker --area " + area_);
  ASSERT_EQ(revoke.code, 0) << revoke.out;
  EXPECT_EQ(revoke.out, "bob is no longer link_worker in area " + area_ + "\n");
}

// kith demo makes one account a role in the demo area, each password drawn at
// random, shown once and filed where only the owner can read it.
TEST_F(UserCli, DemoMakesOneAccountARoleWithRandomPasswords) {
  const std::string file = dir_.file("demo-accounts.txt");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::ifstream in(file);
  std::string line;
  std::map<std::string, std::pair<std::string, std::string>> filed;  // username -> role, password
  std::map<std::string, std::string> person_of;                      // username -> linked person, if any
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("username\t", 0) == 0) continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(
        line, m,
        std::regex("(demo3-[a-z_]+)\t([a-z_]+)\t([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})\t(pe_[a-z0-9]+)?")))
        << line;
    filed[m[1]] = {m[2], m[3]};
    if (m[4].matched) person_of[m[1]] = m[4];
  }
  // Only the member is linked to a person, one the demo area holds.
  ASSERT_EQ(person_of.size(), 1u);
  ASSERT_EQ(person_of.begin()->first, "demo3-member");
  const std::vector<std::string> roles = {"admin",       "researcher",   "link_worker", "broker",
                                          "coordinator", "commissioner", "member"};
  ASSERT_EQ(filed.size(), roles.size());
  auto s = store::open_store(db_);
  ASSERT_TRUE(s.ok()) << s.error().message;
  domain::Accounts accounts(**s);
  std::set<std::string> passwords;
  for (const auto& role : roles) {
    SCOPED_TRACE(role);
    auto it = filed.find("demo3-" + role);
    ASSERT_NE(it, filed.end());
    EXPECT_EQ(it->second.first, role);
    passwords.insert(it->second.second);
    auto in_area = accounts.log_in(it->first, it->second.second, "192.0.2.7", now_seconds());
    ASSERT_TRUE(in_area.ok()) << in_area.error().message;
    ASSERT_EQ(in_area->user.grants.size(), 1u);
    EXPECT_EQ(in_area->user.grants[0].area_id, area_);  // the demo area, never all areas
    EXPECT_EQ(in_area->user.grants[0].person_id, role == "member" ? person_of["demo3-member"] : "");
  }
  EXPECT_EQ(passwords.size(), roles.size());
  // Made quickly with interactive limits, each hash is moderate after its first log-in.
  auto hash = (*s)->read([&](store::Connection& c) -> Result<void> {
    auto st = c.prepare("SELECT password_hash FROM users WHERE username = 'demo3-member'");
    if (!st) return st.error();
    auto row = (*st)->step();
    if (!row) return row.error();
    EXPECT_TRUE(*row);
    const std::string h = std::get<std::string>((*st)->column(0));
    EXPECT_EQ(h.rfind("$argon2id$v=19$m=262144,t=3,", 0), 0u) << h;  // libsodium's moderate: 256 MiB, 3 passes
    (*st)->reset();
    return {};
  });
  EXPECT_TRUE(hash.ok()) << hash.error().message;
  // Another demo database gets other passwords: none is fixed.
  test::TempDir other;
  auto again = test::run_command(std::string(KITH_BIN) + " demo --people 30 --seed 3 --db '" + other.file("k.db") + "'");
  ASSERT_EQ(again.code, 0) << again.out;
  for (const auto& p : passwords) EXPECT_EQ(again.out.find(p), std::string::npos) << p;
  EXPECT_NE(again.out.find(other.file("demo-accounts.txt")), std::string::npos) << again.out;
}

TEST_F(UserCli, RefusedPasswordsAndGrantsExitOneWithTheReason) {
  auto short_pw = kith_input("tulip-marbl\n", "user add --username carol --role admin --all-areas --password-stdin");
  EXPECT_EQ(short_pw.code, 1);
  EXPECT_EQ(short_pw.out, "kith: Choose a password of at least 12 characters [field: password]\n");
  auto common = kith_input("qwerty123456\n", "user add --username carol --role admin --all-areas --password-stdin");
  EXPECT_EQ(common.code, 1);
  EXPECT_EQ(common.out,
            "kith: This password is on a list of 49233 common passwords; choose another [field: password]\n");
  auto all_areas = kith_input("carol-tulip-marble\n",
                                   "user add --username carol --role researcher --all-areas --password-stdin");
  EXPECT_EQ(all_areas.code, 1);
  EXPECT_EQ(all_areas.out,
            "kith: Only the admin role can be granted for all areas; give the area for the role researcher "
            "[field: area_id]\n");
  auto nobody = kith_run("user disable --username nobody");
  EXPECT_EQ(nobody.code, 1);
  EXPECT_EQ(nobody.out, "kith: No user named nobody [field: username]\n");
  EXPECT_EQ(kith_run("user list").out, demo_users_);  // nothing was added
}

// --person links a member to their own person of the area; a person of
// another area, a deleted or unknown one, or a person for another role is
// refused (exit 1), naming the field, and nothing is written.
TEST_F(UserCli, AMemberIsLinkedToTheirPersonAndWrongPeopleAreRefused) {
  std::string person, gone, elsewhere;
  {
    auto s = store::open_store(db_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    domain::Register reg(**s);
    const model::Actor who("cli-test");
    store::ListQuery q;
    q.area_id = area_;
    q.limit = 2;
    auto page = reg.list(model::people(), q, who);
    ASSERT_TRUE(page.ok() && page->items.size() == 2u);
    person = page->items[0]["id"];
    gone = page->items[1]["id"];
    ASSERT_TRUE(reg.remove(model::people(), area_, gone, who).ok());
    auto other = reg.create(model::areas(), "", {{"name", "Elsewhere"}}, who);
    ASSERT_TRUE(other.ok());
    auto far = reg.create(model::people(), (*other)["id"].get<std::string>(), {{"display_name", "Far Away"}}, who);
    ASSERT_TRUE(far.ok());
    elsewhere = (*far)["id"];
  }
  const std::string before = kith_run("user list").out;
  const std::string pw = "mia-correct-horse\n";
  const std::string member_in_area = "--role member --area " + area_;

  auto researcher = kith_input(pw, "user add --username rae --role researcher --area " + area_ + " --person " +
                                       person + " --password-stdin");
  EXPECT_EQ(researcher.code, 1);
  EXPECT_EQ(researcher.out,
            "kith: Only a member's grant is linked to a person; leave out the person for the role researcher "
            "[field: person_id]\n");
  auto broker = kith_run("user grant --username demo3-member --role broker --area " + area_ + " --person " + person);
  EXPECT_EQ(broker.code, 1);
  EXPECT_EQ(broker.out,
            "kith: Only a member's grant is linked to a person; leave out the person for the role broker "
            "[field: person_id]\n");
  auto other_area = kith_input(pw, "user add --username mia " + member_in_area + " --person " + elsewhere +
                                       " --password-stdin");
  EXPECT_EQ(other_area.code, 1);
  EXPECT_EQ(other_area.out, "kith: Person " + elsewhere + " is in another area, not in " + area_ +
                                "; link a member to a person of the area of their grant [field: person_id]\n");
  auto deleted = kith_run("user grant --username demo3-researcher " + member_in_area + " --person " + gone);
  EXPECT_EQ(deleted.code, 1);
  EXPECT_EQ(deleted.out, "kith: Person " + gone +
                             " was deleted from the register; link a person who is still in it [field: person_id]\n");
  auto unknown = kith_input(pw, "user add --username mia " + member_in_area +
                                    " --person pe_00000000000000000000 --password-stdin");
  EXPECT_EQ(unknown.code, 1);
  EXPECT_EQ(unknown.out, "kith: No person with id pe_00000000000000000000 in the register [field: person_id]\n");
  EXPECT_EQ(kith_run("user revoke --username demo3-member " + member_in_area + " --person " + person).code, 2)
      << "revoke takes the role away whatever person it names: it has no --person";
  EXPECT_EQ(kith_run("user list").out, before);  // nothing was written

  auto mia = kith_input(pw, "user add --username mia " + member_in_area + " --person " + person + " --password-stdin");
  ASSERT_EQ(mia.code, 0) << mia.out;
  const std::string mia_id = id_in(mia.out);
  EXPECT_EQ(mia.out, "Added user mia (" + mia_id + "): member in area " + area_ + ", linked to person " + person + "\n");
  auto grant = kith_run("user grant --username demo3-researcher " + member_in_area + " --person " + person);
  ASSERT_EQ(grant.code, 0) << grant.out;
  EXPECT_EQ(grant.out, "demo3-researcher is now member in area " + area_ + ", linked to person " + person + "\n");
  auto list = kith_run("user list");
  EXPECT_NE(list.out.find("\nmia\t" + mia_id + "\tactive\tmia\tmember:" + area_ + ":" + person + "\n"),
            std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find("\tDemo researcher\tresearcher:" + area_ + ",member:" + area_ + ":" + person + "\n"),
            std::string::npos)
      << list.out;
  // Grants without a person print as they always have.
  EXPECT_NE(list.out.find("\tDemo broker\tbroker:" + area_ + "\n"), std::string::npos) << list.out;
  auto revoke = kith_run("user revoke --username demo3-researcher " + member_in_area);
  ASSERT_EQ(revoke.code, 0) << revoke.out;
  EXPECT_EQ(revoke.out, "demo3-researcher is no longer member in area " + area_ + "\n");
}

TEST_F(UserCli, UsageErrorsExitTwo) {
  const std::string pw = "carol-tulip-marble\n";
  // No password on the command line, ever: --password-stdin is required.
  EXPECT_EQ(kith_input(pw, "user add --username carol --role admin --all-areas").code, 2);
  auto both = kith_input(pw, "user add --username carol --role admin --all-areas --area " + area_ +
                                      " --password-stdin");
  EXPECT_EQ(both.code, 2) << both.out;
  auto neither = kith_input(pw, "user add --username carol --role admin --password-stdin");
  EXPECT_EQ(neither.code, 2);
  EXPECT_EQ(neither.out, "kith: Give either --area AREA_ID or --all-areas (admins only)\n");
  auto role = kith_run("user grant --username carol --role wizard --area " + area_);
  EXPECT_EQ(role.code, 2);
  EXPECT_EQ(role.out,
            "kith: --role: Unknown role; use one of admin, researcher, link_worker, broker, coordinator, "
            "commissioner, member\n");
  auto empty = kith_input("", "user add --username carol --role admin --all-areas --password-stdin");
  EXPECT_EQ(empty.code, 2);
  EXPECT_EQ(empty.out, "kith: --password-stdin reads the password from standard input, which was empty\n");
  EXPECT_EQ(kith_run("user token --username carol --label x --expires-days 0").code, 2);
  EXPECT_EQ(kith_run("user token --username carol").code, 2);  // --label is required
  EXPECT_EQ(kith_run("user").code, 2);
  auto help = test::run_command(std::string(KITH_BIN) + " user add --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--password-stdin"), std::string::npos);
  EXPECT_EQ(kith_run("user list").out, demo_users_);  // nothing was added
}

}  // namespace
