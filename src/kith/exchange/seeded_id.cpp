#include "kith/exchange/seeded_id.hpp"

#include <array>
#include <cstdint>

#include "kith/core/ids.hpp"
#include "kith/graph/random.hpp"

namespace kith::exchange {

std::string seeded_id(std::string_view prefix, unsigned long long seed, unsigned long long n) {
  // splitmix64 over (seed, n), each output the next step's state: stable
  // across platforms, no global state.
  std::array<uint8_t, 13> bytes{};
  uint64_t x = seed * 0x9E3779B97F4A7C15ULL + n;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 8 == 0) {
      uint64_t state = x;
      x = graph::splitmix64(state);
    }
    bytes[i] = static_cast<uint8_t>(x >> (8 * (i % 8)));
  }
  return id_from_bytes(prefix, bytes);
}

}  // namespace kith::exchange
