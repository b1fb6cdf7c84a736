#pragma once
// Deterministic ids: the id for a (seed, counter) pair, the same on every
// platform (demo data, the importers' stand-in references, tests). In
// exchange, the lowest layer that sees both core's id encoding and graph's
// splitmix64 (core cannot include graph, and graph includes nothing of kith).
#include <string>
#include <string_view>

namespace kith::exchange {

// An id of the given prefix, valid for core's is_valid_id, from a seed and a counter.
std::string seeded_id(std::string_view prefix, unsigned long long seed, unsigned long long n);

}  // namespace kith::exchange
