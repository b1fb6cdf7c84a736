#pragma once
// Opaque, stable identifiers: a short prefix naming the kind ("pe" person) and
// 20 Crockford base-32 characters (100 random bits from libsodium).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kith {

std::string new_id(std::string_view prefix);
// n fresh ids in ascending order, as new_id draws them: for bulk inserts that
// hand them out in row order, so the index on public ids is built from
// sorted input.
std::vector<std::string> new_sorted_ids(std::string_view prefix, size_t n);
// True when `id` has the given prefix, an underscore and 20 base-32 characters.
bool is_valid_id(std::string_view id, std::string_view prefix);
// The id that 13 given bytes spell (100 of their 104 bits): for ids made
// deterministically elsewhere, e.g. exchange/seeded_id.hpp's from a seed.
std::string id_from_bytes(std::string_view prefix, const std::array<uint8_t, 13>& bytes);

}  // namespace kith
