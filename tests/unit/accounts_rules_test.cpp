// The account rules that need no database: role names, usernames, the
// password policy and its common-password list, Argon2id hashing, the
// secrets' shape and hash, and the UTC timestamps the accounts store.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "kith/api/error.hpp"
#include "kith/core/result.hpp"
#include "kith/core/text.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/access.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/passwords.hpp"
#include "kith/domain/secrets.hpp"

namespace {

using namespace kith;
using namespace kith::domain;
using namespace std::chrono_literals;

TEST(Roles, NamesRoundTripAndUnknownNamesListTheSeven) {
  const char* names[] = {"admin", "researcher", "link_worker", "broker", "coordinator", "commissioner", "member"};
  ASSERT_EQ(kRoles.size(), 7u);
  for (size_t i = 0; i < kRoles.size(); ++i) {
    EXPECT_EQ(role_name(kRoles[i]), names[i]);
    auto back = parse_role(names[i]);
    ASSERT_TRUE(back.ok()) << names[i];
    EXPECT_EQ(*back, kRoles[i]);
  }
  for (const char* wrong : {"Admin", "link-worker", "", "superuser"}) {
    auto r = parse_role(wrong);
    ASSERT_FALSE(r.ok()) << wrong;
    EXPECT_EQ(r.error().code, Errc::invalid);
    EXPECT_EQ(r.error().field, "role");
    EXPECT_EQ(r.error().message,
              "Unknown role; use one of admin, researcher, link_worker, broker, coordinator, commissioner, member");
  }
}

TEST(Roles, HasRoleInAnAreaOrInAllAreas) {
  User u;
  u.grants = {{Role::admin, ""}, {Role::researcher, "ar_1"}};
  EXPECT_TRUE(has_role(u, Role::admin, "ar_1"));
  EXPECT_TRUE(has_role(u, Role::admin, "ar_anything"));
  EXPECT_TRUE(has_role(u, Role::researcher, "ar_1"));
  EXPECT_FALSE(has_role(u, Role::researcher, "ar_2"));
  EXPECT_FALSE(has_role(u, Role::member, "ar_1"));
}

// A member's own record is the person their grant in that area names; only
// members meet own_record, and an all-areas admin is no resident anywhere.
TEST(Roles, OwnRecordIsTheMembersLinkedPersonInThatAreaOnly) {
  User resident;
  resident.grants = {{Role::member, "ar_1", "pe_1"}, {Role::member, "ar_2"}, {Role::researcher, "ar_3"}};
  EXPECT_EQ(own_person(resident, "ar_1"), "pe_1");
  EXPECT_EQ(own_person(resident, "ar_2"), "");  // a member grant that names nobody
  EXPECT_EQ(own_person(resident, "ar_3"), "");  // a researcher there, not a member
  EXPECT_EQ(own_person(resident, "ar_4"), "");
  EXPECT_EQ(roles_meeting(Need::own_record), std::vector<Role>({Role::member}));
  EXPECT_EQ(need_name(Need::own_record), "own_record");
  EXPECT_EQ(decide(resident, Need::own_record, "ar_1", true), Decision::allowed);
  EXPECT_EQ(decide(resident, Need::own_record, "ar_2", true), Decision::allowed);  // the route says there is none
  EXPECT_EQ(decide(resident, Need::own_record, "ar_3", true), Decision::forbidden);
  EXPECT_EQ(decide(resident, Need::own_record, "ar_4", true), Decision::hidden);
  EXPECT_EQ(decide(resident, Need::register_read, "ar_1", false), Decision::forbidden);
  User deployment_admin;
  deployment_admin.grants = {{Role::admin, ""}};
  EXPECT_EQ(decide(deployment_admin, Need::own_record, "ar_1", true), Decision::forbidden);
  EXPECT_EQ(own_person(deployment_admin, "ar_1"), "");
  // A grant's person is part of what it is.
  EXPECT_NE(Grant(Role::member, "ar_1", "pe_1"), Grant(Role::member, "ar_1"));
}

TEST(Usernames, TrimmedAndLimitedToTheirCharacters) {
  EXPECT_EQ(*check_username("  alice \t"), "alice");
  EXPECT_EQ(*check_username("a.b_c-d@example.org"), "a.b_c-d@example.org");
  EXPECT_EQ(*check_username(std::string(64, 'x')), std::string(64, 'x'));
  const std::string rule = "Choose a username of 1 to 64 characters: letters a-z or A-Z, digits 0-9, and . _ - @";
  for (const std::string& bad : {std::string(), std::string("   "), std::string(65, 'x'), std::string("ali ce"),
                                 std::string("al\xc3\xaf" "ce"), std::string("bob!"), std::string("a/b")}) {
    auto r = check_username(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "username");
    EXPECT_EQ(r.error().message, rule);
  }
}

TEST(Usernames, KeyIgnoresCaseAndSurroundingSpace) {
  EXPECT_EQ(username_key("Alice"), "alice");
  EXPECT_EQ(username_key(" ALICE "), "alice");
  EXPECT_EQ(username_key("Bob.Smith@Example.ORG"), "bob.smith@example.org");
  EXPECT_NE(username_key("alice"), username_key("alice2"));
}

TEST(Passwords, LengthCountsCodePointsNotBytes) {
  EXPECT_EQ(utf8_code_points("\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87"), 4u);  // "żółć": 8 bytes
  const std::string short_msg = "Choose a password of at least 12 characters";
  auto eleven = check_password("tulip-marbl");
  ASSERT_FALSE(eleven.ok());
  EXPECT_EQ(eleven.error().field, "password");
  EXPECT_EQ(eleven.error().message, short_msg);
  EXPECT_TRUE(check_password("tulip-marble").ok());  // 12
  // 11 code points in 22 bytes: too short, though over 12 bytes.
  std::string e11;
  for (int i = 0; i < 11; ++i) e11 += "\xc3\xa9";
  ASSERT_EQ(e11.size(), 22u);
  EXPECT_EQ(check_password(e11).error().message, short_msg);
  // "żółćżółćżółć": 12 code points.
  EXPECT_TRUE(check_password("\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87").ok());
}

TEST(Passwords, BoundedInBytesAndUtf8) {
  EXPECT_TRUE(check_password(std::string(1024, 'k')).ok());
  auto too_long = check_password(std::string(1025, 'k'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().message, "Choose a password of at most 1024 bytes");
  auto bad = check_password("twelve chars\xff");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "The password is not valid UTF-8 text");
}

TEST(Passwords, NotTheUsername) {
  auto r = check_password("Alice.Example", "alice.example");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Choose a password that is not the username");
  EXPECT_TRUE(check_password("alice.example", "bob").ok());
}

// The list as committed, counted here without kith's parser.
std::set<std::string> list_on_disk(long& header_count) {
  std::ifstream in(std::string(KITH_SOURCE_DIR) + "/data/common-passwords.txt");
  std::set<std::string> out;
  std::string line;
  header_count = -1;
  while (std::getline(in, line)) {
    if (line.rfind("# count: ", 0) == 0) header_count = std::stol(line.substr(9));
    if (line.rfind("# ", 0) == 0 || line.empty()) continue;
    out.insert(line);
  }
  return out;
}

TEST(CommonPasswords, CompiledInListIsTheCommittedFile) {
  long header_count = 0;
  auto disk = list_on_disk(header_count);
  EXPECT_EQ(header_count, 49233);  // @zxcvbn-ts/language-common 4.1.3, as pinned in the script
  EXPECT_EQ(disk.size(), static_cast<size_t>(header_count));
  EXPECT_EQ(common_password_count(), disk.size());
  std::ifstream in(std::string(KITH_SOURCE_DIR) + "/data/common-passwords.txt");
  std::stringstream whole;
  whole << in.rdbuf();
  EXPECT_EQ(std::string(common_passwords_file()), whole.str());
  for (const auto& p : disk)  // lower-cased, so a lower-cased password is compared with like
    ASSERT_TRUE(std::none_of(p.begin(), p.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) << p;
}

TEST(CommonPasswords, RefusedWhateverTheCaseWithTheListSize) {
  EXPECT_TRUE(is_common_password("password"));
  EXPECT_TRUE(is_common_password("123456"));
  EXPECT_FALSE(is_common_password("tulip-marble-9"));
  const std::string msg = "This password is on a list of 49233 common passwords; choose another";
  for (const char* p : {"qwerty123456", "QWERTY123456", "1Qaz2Wsx3Edc", "qazwsxedcrfv"}) {
    auto r = check_password(p);
    ASSERT_FALSE(r.ok()) << p;
    EXPECT_EQ(r.error().code, Errc::invalid);
    EXPECT_EQ(r.error().field, "password");
    EXPECT_EQ(r.error().message, msg) << p;
  }
}

TEST(PasswordHash, Argon2idRoundTripWithItsLimits) {
  auto h = hash_password("tulip-marble-9", kPasswordInteractive);
  ASSERT_TRUE(h.ok()) << h.error().message;
  // m is in KiB: 64 MiB = 65536, 2 passes, one lane.
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, "tulip-marble-9"));
  EXPECT_FALSE(verify_password(*h, "tulip-marble-8"));
  EXPECT_FALSE(verify_password(*h, ""));
  EXPECT_FALSE(verify_password("not a hash", "tulip-marble-9"));
  EXPECT_FALSE(verify_password("", "tulip-marble-9"));
  auto again = hash_password("tulip-marble-9", kPasswordInteractive);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, *h);  // a new salt each time
  EXPECT_FALSE(needs_rehash(*h, kPasswordInteractive));
  EXPECT_TRUE(needs_rehash(*h, kPasswordModerate));
  EXPECT_TRUE(needs_rehash("not a hash", kPasswordModerate));
}

TEST(Secrets, ShapeAndHash) {
  std::set<std::string> seen;
  const std::regex shape("[A-Za-z0-9_-]{43}");
  for (int i = 0; i < 200; ++i) {
    auto s = random_secret();
    EXPECT_TRUE(std::regex_match(s, shape)) << s;
    EXPECT_TRUE(is_secret_shape(s));
    EXPECT_TRUE(seen.insert(s).second);
  }
  EXPECT_FALSE(is_secret_shape(std::string(42, 'a')));
  EXPECT_FALSE(is_secret_shape(std::string(44, 'a')));
  EXPECT_FALSE(is_secret_shape(std::string(42, 'a') + "="));
  EXPECT_FALSE(is_secret_shape(std::string(42, 'a') + "+"));
  // BLAKE2b-256("abc"), RFC 7693's test input, from Python's hashlib.blake2b(b"abc", digest_size=32).
  EXPECT_EQ(token_hash("abc"), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(UtcTime, FormatsAndParsesStrictly) {
  EXPECT_EQ(format_utc_iso(Seconds{} + 1795394161s), "2026-11-23T00:36:01Z");  // calendar.timegm
  EXPECT_EQ(format_utc_iso(Seconds{} + 951868799s), "2000-02-29T23:59:59Z");
  EXPECT_EQ(format_utc_iso(Seconds{}), "1970-01-01T00:00:00Z");
  auto t = parse_utc_iso("2026-11-23T00:36:01Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->time_since_epoch().count(), 1795394161);
  for (const char* bad : {"2026-11-23 00:36:01Z", "2026-11-23T00:36:01", "2026-02-30T00:00:00Z",
                          "2026-11-23T24:00:00Z", "2026-11-23T00:60:00Z", "2026-11-23T00:00:60Z", "2026-11-23",
                          "2026-11-23T0a:00:00Z"})
    EXPECT_FALSE(parse_utc_iso(bad).has_value()) << bad;
  auto now = now_seconds();
  EXPECT_EQ(parse_utc_iso(format_utc_iso(now)), now);
  // Fixed width: text order is time order (the SQL compares them as text).
  EXPECT_LT(format_utc_iso(Seconds{} + 951868799s), format_utc_iso(Seconds{} + 1795394161s));
}

TEST(Errors, AccountCodesHaveNamesAndStatuses) {
  EXPECT_EQ(errc_name(Errc::unauthenticated), "unauthenticated");
  EXPECT_EQ(errc_name(Errc::too_many_requests), "too_many_requests");
  EXPECT_EQ(api::http_status(Errc::unauthenticated), 401);
  EXPECT_EQ(api::http_status(Errc::too_many_requests), 429);
  EXPECT_EQ(errc_name(Errc::forbidden), "forbidden");
  EXPECT_EQ(api::http_status(Errc::forbidden), 403);
}

}  // namespace
