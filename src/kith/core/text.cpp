#include "kith/core/text.hpp"

#include <cstdint>

#include "kith/core/assert.hpp"

namespace kith {

size_t valid_utf8_prefix(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int extra = 0;
    uint32_t cp = 0, min_cp = 0;
    if ((b & 0xE0) == 0xC0) { extra = 1; cp = b & 0x1Fu; min_cp = 0x80; }
    else if ((b & 0xF0) == 0xE0) { extra = 2; cp = b & 0x0Fu; min_cp = 0x800; }
    else if ((b & 0xF8) == 0xF0) { extra = 3; cp = b & 0x07u; min_cp = 0x10000; }
    else return i;
    if (i + extra >= n) return i;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += extra + 1;
  }
  return n;
}

size_t utf8_code_points(std::string_view s) {
  KITH_ASSERT_MSG(valid_utf8(s), "utf8_code_points counts only valid UTF-8");
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

size_t json_too_deep_at(std::string_view s, int depth_max) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') { if (++depth > depth_max) return i; }
    else if (c == '}' || c == ']') --depth;
  }
  return std::string_view::npos;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace kith
