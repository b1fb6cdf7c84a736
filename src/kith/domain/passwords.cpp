#include "kith/domain/passwords.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <string>
#include <unordered_set>

#include "kith/core/assert.hpp"
#include "kith/core/text.hpp"
#include "kith/domain/secrets.hpp"

namespace kith::domain {
namespace {

static_assert(kPasswordModerate.opslimit == crypto_pwhash_OPSLIMIT_MODERATE);
static_assert(kPasswordModerate.memlimit == crypto_pwhash_MEMLIMIT_MODERATE);
static_assert(kPasswordInteractive.opslimit == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(kPasswordInteractive.memlimit == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(kPasswordMaxBytes <= crypto_pwhash_PASSWD_MAX);

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The list's entries, read once from the compiled-in file. The views point
// into the file's text, which lives as long as the program.
std::unordered_set<std::string_view> read_common_passwords() {
  std::unordered_set<std::string_view> out;
  std::string_view file = common_passwords_file();
  out.reserve(file.size() / 8);
  for (size_t at = 0; at < file.size();) {
    size_t end = file.find('\n', at);
    if (end == std::string_view::npos) end = file.size();
    std::string_view line = file.substr(at, end - at);
    if (!line.empty() && !line.starts_with("# ")) out.insert(line);
    at = end + 1;
  }
  KITH_ASSERT_MSG(!out.empty(), "the compiled-in common-password list has entries");
  return out;
}

const std::unordered_set<std::string_view>& common_passwords() {
  static const std::unordered_set<std::string_view> set = read_common_passwords();
  return set;
}

}  // namespace

bool is_common_password(std::string_view password) {
  return common_passwords().contains(ascii_lower(password));
}

size_t common_password_count() { return common_passwords().size(); }

Result<void> check_password(std::string_view password, std::string_view username) {
  if (password.size() > kPasswordMaxBytes)
    return invalid("password", fmt::format("Choose a password of at most {} bytes", kPasswordMaxBytes));
  if (!valid_utf8(password)) return invalid("password", "The password is not valid UTF-8 text");
  if (utf8_code_points(password) < kPasswordMinChars)
    return invalid("password", fmt::format("Choose a password of at least {} characters", kPasswordMinChars));
  if (!username.empty() && ascii_lower(password) == ascii_lower(username))
    return invalid("password", "Choose a password that is not the username");
  if (is_common_password(password))
    return invalid("password", fmt::format("This password is on a list of {} common passwords; choose another",
                                           common_password_count()));
  return {};
}

Result<std::string> hash_password(std::string_view password, PasswordLimits limits) {
  KITH_ASSERT_MSG(password.size() <= kPasswordMaxBytes, "check_password bounds a password before it is hashed");
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), limits.opslimit, limits.memlimit) != 0)
    return internal_error(fmt::format("Not enough memory to hash a password (Argon2id needs {} MiB)",
                                      limits.memlimit >> 20));
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  // crypto_pwhash_str_verify reads a NUL-terminated string.
  std::string stored(hash);
  if (stored.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view hash, PasswordLimits limits) {
  ensure_sodium();
  std::string stored(hash);
  // 1: other limits; -1: not an Argon2id hash at all. Either way, hash again.
  return crypto_pwhash_str_needs_rehash(stored.c_str(), limits.opslimit, limits.memlimit) != 0;
}

}  // namespace kith::domain
