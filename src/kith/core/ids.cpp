#include "kith/core/ids.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <stdexcept>

namespace kith {
namespace {

constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";  // Crockford, lower case
constexpr int kIdChars = 20;

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  });
}

}  // namespace

std::string id_from_bytes(std::string_view prefix, const std::array<uint8_t, 13>& bytes) {
  std::string out(prefix);
  out += '_';
  // 20 characters x 5 bits = 100 bits taken from the 104 available.
  uint32_t acc = 0;
  int bits = 0;
  size_t i = 0;
  for (int c = 0; c < kIdChars; ++c) {
    if (bits < 5) {
      acc = (acc << 8) | bytes[i++];
      bits += 8;
    }
    out += kAlphabet[(acc >> (bits - 5)) & 31u];
    bits -= 5;
  }
  return out;
}

std::string new_id(std::string_view prefix) {
  // Random bytes are drawn 4 KiB at a time per thread: one system call per
  // ~300 ids instead of one each (imports make a million).
  thread_local std::array<uint8_t, 4095> pool{};
  thread_local size_t used = pool.size();
  std::array<uint8_t, 13> bytes{};
  if (used + bytes.size() > pool.size()) {
    ensure_sodium();
    randombytes_buf(pool.data(), pool.size());
    used = 0;
  }
  std::copy_n(pool.begin() + static_cast<std::ptrdiff_t>(used), bytes.size(), bytes.begin());
  sodium_memzero(pool.data() + used, bytes.size());
  used += bytes.size();
  return id_from_bytes(prefix, bytes);
}

bool is_valid_id(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + kIdChars) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  for (char ch : id.substr(prefix.size() + 1))
    if (kAlphabet.find(ch) == std::string_view::npos) return false;
  return true;
}

}  // namespace kith
