#include "kith/domain/demo/demo_accounts.hpp"

#include <sodium.h>

#include <set>

#include "kith/core/assert.hpp"

namespace kith::domain {

std::string demo_password() {
  KITH_ASSERT_MSG(sodium_init() >= 0, "libsodium must start to draw passwords");
  std::string out;
  for (int group = 0; group < 4; ++group) {
    if (group > 0) out += '-';
    for (int i = 0; i < 4; ++i)
      out += kDemoPasswordAlphabet[randombytes_uniform(static_cast<uint32_t>(kDemoPasswordAlphabet.size()))];
  }
  return out;
}

std::string demo_member_person(const DemoData& data) {
  std::set<std::string> tied;
  for (const auto& t : data.ties) {
    tied.insert(t.value("source_id", ""));
    tied.insert(t.value("target_id", ""));
  }
  for (const auto& p : data.people) {
    std::string id = p.value("id", "");
    if (p.value("consent_status", "") == "given" && tied.count(id)) return id;
  }
  return {};
}

Result<std::vector<DemoAccount>> create_demo_accounts(Accounts& accounts, std::string_view area_id, uint64_t seed,
                                                      std::string_view member_person_id, const Actor& who) {
  std::vector<DemoAccount> out;
  for (Role role : kRoles) {
    DemoAccount a{"demo" + std::to_string(seed) + "-" + std::string(role_name(role)), role, demo_password(),
                  role == Role::member ? std::string(member_person_id) : std::string()};
    NewUser u{a.username, "Demo " + std::string(role_name(role)), a.password,
              Grant{role, std::string(area_id), a.person_id}};
    auto made = accounts.add_user(u, who);
    if (!made) {
      if (made.error().code != Errc::conflict) return made.error();
      return conflict("This database already holds the demo accounts for seed " + std::to_string(seed) +
                          "; choose another --seed or a fresh database",
                      "seed");
    }
    out.push_back(std::move(a));
  }
  return out;
}

std::string demo_accounts_text(const std::vector<DemoAccount>& accounts, std::string_view area_name,
                               std::string_view area_id) {
  std::string out = "# kith demo accounts for \"" + std::string(area_name) + "\" (" + std::string(area_id) +
                    ")\n"
                    "# Each password was drawn at random and is shown only here. Anyone who reads this file can\n"
                    "# sign in: keep it private, and delete it once you have changed or noted the passwords\n"
                    "# (kith user reset-password --username NAME --password-stdin).\n"
                    "# The member account is linked to one person of the area: its \"my record\" page shows theirs.\n"
                    "username\trole\tpassword\tperson\n";
  for (const auto& a : accounts) {
    out += a.username + "\t" + std::string(role_name(a.role)) + "\t" + a.password + "\t" + a.person_id + "\n";
  }
  return out;
}

}  // namespace kith::domain
