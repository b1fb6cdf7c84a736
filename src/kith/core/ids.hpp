#pragma once
// Opaque, stable identifiers: a short prefix naming the kind ("pe" person) and
// 20 Crockford base-32 characters (100 random bits from libsodium).
#include <string>
#include <string_view>

namespace kith {

std::string new_id(std::string_view prefix);
// True when `id` has the given prefix, an underscore and 20 base-32 characters.
bool is_valid_id(std::string_view id, std::string_view prefix);
// The same, deterministically from a seed and a counter (demo data, tests).
std::string seeded_id(std::string_view prefix, unsigned long long seed, unsigned long long n);

}  // namespace kith
