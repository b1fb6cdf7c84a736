#pragma once
// One account a role in the demo area, so every page of kith can be tried as
// each kind of user. There is no fixed demo password anywhere: each is drawn
// at random when the accounts are made and handed back once, for the caller
// to print and write to a file only its owner can read.
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/demo/demo.hpp"

namespace kith::domain {

struct DemoAccount {
  std::string username;  // "demo<seed>-<role>", e.g. demo1-link_worker
  Role role = Role::member;
  std::string password;  // shown once
  std::string person_id;  // the member's own person; empty for other roles
};

// Characters of a demo password: four groups of four from an alphabet
// without look-alikes (no 0/o, 1/l/i), about 79 random bits.
inline constexpr std::string_view kDemoPasswordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
std::string demo_password();

// The demo person the member account is linked to, so its "my record" page
// shows a resident with ties: the first who gave consent and has a tie.
std::string demo_member_person(const DemoData& data);

// Adds the seven accounts (roles in the demo area only, never all areas); the
// member account is linked to `member_person_id` (empty: none).
// conflict when the database already holds this seed's demo accounts.
Result<std::vector<DemoAccount>> create_demo_accounts(Accounts& accounts, std::string_view area_id, uint64_t seed,
                                                      std::string_view member_person_id, const Actor& who);

// The file kith demo writes: who, which role, which password, and a warning.
std::string demo_accounts_text(const std::vector<DemoAccount>& accounts, std::string_view area_name,
                               std::string_view area_id);

}  // namespace kith::domain
