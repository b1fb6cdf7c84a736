#pragma once
// The random secrets accounts hand out and how they are stored: session and
// API tokens are 256 random bits (libsodium's generator), shown once as
// base64url; only a BLAKE2b-256 hash of each is kept (crypto_generichash).
// A token's hash needs no salt or slow function: it is as unguessable as
// the token itself.
#include <cstddef>
#include <string>
#include <string_view>

namespace kith::domain {

inline constexpr size_t kSecretBytes = 32;       // 256 bits
inline constexpr size_t kSecretChars = 43;       // base64url of 32 bytes, no padding
inline constexpr std::string_view kApiTokenPrefix = "kith_";

// sodium_init once per process (thread-safe); aborts if libsodium cannot start.
void ensure_sodium();
// kSecretChars characters of base64url (A-Z a-z 0-9 - _) from kSecretBytes random bytes.
std::string random_secret();
// A one-time password an administrator hands to a new user (or after a
// reset), to be changed on the Account page: kOneTimePasswordGroups groups
// of kOneTimePasswordGroupChars characters joined by "-", e.g.
// "k7mq2-xp4rt-9hw3c-fnj6e". The characters are lower-case letters and
// digits without the ones read aloud or copied by hand wrongly (0 o 1 l i),
// so it is easy to pass on; 20 picks from 31 characters are 99 random bits.
inline constexpr std::string_view kOneTimePasswordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
inline constexpr size_t kOneTimePasswordGroups = 4;
inline constexpr size_t kOneTimePasswordGroupChars = 5;
std::string one_time_password();
// True when `s` has the shape random_secret() makes.
bool is_secret_shape(std::string_view s);
// Lower-case hex of the BLAKE2b-256 hash of `token`: what sessions and
// api_tokens store in token_hash.
std::string token_hash(std::string_view token);
// Compares two secrets in time that does not depend on where they differ
// (sodium_memcmp), so a CSRF token cannot be guessed a byte at a time.
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace kith::domain
