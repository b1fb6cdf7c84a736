#include "kith/core/ids.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <vector>

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

std::vector<std::string> new_sorted_ids(std::string_view prefix, size_t n) {
  // The alphabet is in ascending character order and the bits are spelled
  // most significant first, so ids sort as their bytes do: the bytes are
  // sorted as two integers, then spelled.
  struct Key {
    uint64_t hi;  // bytes 0-7, big-endian
    uint64_t lo;  // bytes 8-12
    bool operator<(const Key& o) const { return hi != o.hi ? hi < o.hi : lo < o.lo; }
  };
  if (n == 0) return {};  // (libsodium's buffers must not be null, as an empty vector's are)
  ensure_sodium();
  // One system call for a seed, then ChaCha20 from it (libsodium's
  // deterministic generator): as unpredictable as drawing each id, without
  // a system call per 256 bytes.
  std::array<uint8_t, randombytes_SEEDBYTES> seed{};
  randombytes_buf(seed.data(), seed.size());
  std::vector<uint8_t> drawn(13 * n);
  randombytes_buf_deterministic(drawn.data(), drawn.size(), seed.data());
  sodium_memzero(seed.data(), seed.size());
  std::vector<Key> keys(n);
  std::array<uint8_t, 13> bytes{};
  for (size_t j = 0; j < n; ++j) {
    Key& k = keys[j];
    std::copy_n(drawn.begin() + static_cast<std::ptrdiff_t>(13 * j), 13, bytes.begin());
    k.hi = 0;
    k.lo = 0;
    for (size_t i = 0; i < 8; ++i) k.hi = (k.hi << 8) | bytes[i];
    for (size_t i = 8; i < 13; ++i) k.lo = (k.lo << 8) | bytes[i];
  }
  sodium_memzero(drawn.data(), drawn.size());
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> ids;
  ids.reserve(n);
  for (const Key& k : keys) {
    for (size_t i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(k.hi >> (8 * (7 - i)));
    for (size_t i = 8; i < 13; ++i) bytes[i] = static_cast<uint8_t>(k.lo >> (8 * (12 - i)));
    ids.push_back(id_from_bytes(prefix, bytes));
  }
  sodium_memzero(bytes.data(), bytes.size());
  sodium_memzero(keys.data(), keys.size() * sizeof(Key));
  return ids;
}

bool is_valid_id(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + kIdChars) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  for (char ch : id.substr(prefix.size() + 1))
    if (kAlphabet.find(ch) == std::string_view::npos) return false;
  return true;
}

}  // namespace kith
