#include "kith/domain/secrets.hpp"

#include <sodium.h>

#include <array>
#include <mutex>

#include "kith/core/assert.hpp"

namespace kith::domain {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    const int started = sodium_init();  // 1 when already started: fine
    KITH_ASSERT_MSG(started >= 0, "libsodium must start before any secret is made or checked");
  });
}

std::string random_secret() {
  ensure_sodium();
  std::array<unsigned char, kSecretBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  char out[sodium_base64_ENCODED_LEN(kSecretBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes.data(), bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  std::string secret(out);
  KITH_ASSERT_MSG(secret.size() == kSecretChars, "32 bytes are 43 base64url characters");
  return secret;
}

std::string one_time_password() {
  ensure_sodium();
  std::string out;
  for (size_t g = 0; g < kOneTimePasswordGroups; ++g) {
    if (g > 0) out += '-';
    for (size_t i = 0; i < kOneTimePasswordGroupChars; ++i)
      // randombytes_uniform has no modulo bias.
      out += kOneTimePasswordAlphabet[randombytes_uniform(static_cast<uint32_t>(kOneTimePasswordAlphabet.size()))];
  }
  return out;
}

bool is_secret_shape(std::string_view s) {
  if (s.size() != kSecretChars) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string token_hash(std::string_view token) {
  ensure_sodium();
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  static_assert(crypto_generichash_BYTES == 32);
  crypto_generichash(digest.data(), digest.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest.data(), digest.size());
  return hex;
}

bool secrets_equal(std::string_view a, std::string_view b) {
  ensure_sodium();
  if (a.size() != b.size() || a.empty()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kith::domain
