#pragma once
// Account settings for tests: Argon2id's INTERACTIVE limits, so the suites
// that make many accounts stay fast (production hashes use MODERATE).
#include "kith/domain/accounts.hpp"
#include "kith/domain/passwords.hpp"

namespace kith::test {

inline domain::AccountOptions fast_accounts() {
  domain::AccountOptions o;
  o.password = domain::kPasswordInteractive;
  return o;
}

}  // namespace kith::test
