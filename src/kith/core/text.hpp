#pragma once
// Byte-level checks of untrusted text, shared by the CSV reader, record
// validation, the JSON import reader and request-body decoding.
#include <cstddef>
#include <string>
#include <string_view>

namespace kith {

// Length of the longest prefix of `s` that is strict UTF-8: no overlong
// forms, no surrogates, nothing above U+10FFFF, no truncated sequence.
size_t valid_utf8_prefix(std::string_view s);
inline bool valid_utf8(std::string_view s) { return valid_utf8_prefix(s) == s.size(); }

// Unicode code points in `s`, which must be valid UTF-8 (each byte that is
// not a continuation byte starts one): what a length rule on text counts.
size_t utf8_code_points(std::string_view s);

// The offset of the first '{' or '[' (outside strings) that nests deeper than
// `depth_max`, or npos. Bounds a JSON parser's recursion before it starts.
size_t json_too_deep_at(std::string_view s, int depth_max);

// `s` with A–Z made a–z and every other byte kept: for names that are ASCII
// by protocol (HTTP methods, hosts, media types), whatever the locale.
std::string ascii_lower(std::string_view s);

}  // namespace kith
