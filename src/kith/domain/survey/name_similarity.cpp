#include "kith/domain/survey/name_similarity.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "kith/model/fold.hpp"

namespace kith::domain::survey {

namespace {

// UTF-8 to code points. Input is folded text from utf8proc or valid UTF-8
// (checked by the caller's validation); a byte that cannot start a sequence
// is kept as its own code point rather than dropped, so nothing vanishes.
std::u32string decode_utf8_code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + len > s.size() || len == 1) {
      out.push_back(b);
      ++i;
      continue;
    }
    char32_t cp = b & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// The short forms of common English first names, each with the full name it
// stands for. A short form may stand for two names ("pat"): two names match
// when they share a full name. The table is docs/surveys.md's.
constexpr std::array<std::pair<std::string_view, std::string_view>, 54> kShortForms{{
    {"dave", "david"},        {"davy", "david"},        {"davey", "david"},
    {"bob", "robert"},        {"bobby", "robert"},      {"rob", "robert"},      {"robbie", "robert"},
    {"bert", "robert"},       {"liz", "elizabeth"},     {"lizzie", "elizabeth"}, {"beth", "elizabeth"},
    {"betty", "elizabeth"},   {"libby", "elizabeth"},   {"eliza", "elizabeth"},
    {"sue", "susan"},         {"susie", "susan"},       {"suzy", "susan"},
    {"mike", "michael"},      {"mick", "michael"},      {"micky", "michael"},   {"mickey", "michael"},
    {"bill", "william"},      {"billy", "william"},     {"will", "william"},    {"willie", "william"},
    {"jim", "james"},         {"jimmy", "james"},       {"jamie", "james"},
    {"kate", "katherine"},    {"kath", "katherine"},    {"kathy", "katherine"}, {"katie", "katherine"},
    {"catherine", "katherine"}, {"kathryn", "katherine"}, {"cathy", "katherine"},
    {"tom", "thomas"},        {"tommy", "thomas"},
    {"pat", "patricia"},      {"patty", "patricia"},    {"trish", "patricia"},
    {"pat", "patrick"},       {"paddy", "patrick"},
    {"maggie", "margaret"},   {"peggy", "margaret"},    {"meg", "margaret"},
    {"rick", "richard"},      {"dick", "richard"},      {"rich", "richard"},
    {"tony", "anthony"},      {"joe", "joseph"},        {"chris", "christopher"},
    {"ted", "edward"},        {"andy", "andrew"},       {"drew", "andrew"},
}};

// The full names a folded first name may stand for: itself, and every full
// name it is a short form of.
std::vector<std::string_view> full_first_names(std::string_view name) {
  std::vector<std::string_view> out{name};
  for (const auto& [short_form, full] : kShortForms)
    if (short_form == name) out.push_back(full);
  return out;
}

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

double jaro(std::u32string_view a, std::u32string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t window = std::max(a.size(), b.size()) / 2 == 0 ? 0 : std::max(a.size(), b.size()) / 2 - 1;
  std::vector<bool> a_matched(a.size(), false), b_matched(b.size(), false);
  size_t matches = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(b.size(), i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (b_matched[j] || a[i] != b[j]) continue;
      a_matched[i] = b_matched[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  // Transpositions: matched characters of a and b read in order, counting
  // the positions where they differ; half of that count is t.
  size_t out_of_order = 0;
  for (size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!a_matched[i]) continue;
    while (!b_matched[j]) ++j;
    if (a[i] != b[j]) ++out_of_order;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double t = static_cast<double>(out_of_order) / 2.0;
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + (m - t) / m) / 3.0;
}

double jaro_winkler(std::u32string_view a, std::u32string_view b) {
  const double j = jaro(a, b);
  size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return j + static_cast<double>(prefix) * 0.1 * (1.0 - j);
}

double jaro_winkler(std::string_view a_utf8, std::string_view b_utf8) {
  return jaro_winkler(decode_utf8_code_points(a_utf8), decode_utf8_code_points(b_utf8));
}

std::vector<std::string> name_tokens(std::string_view text) {
  const std::string folded = model::fold_for_search(text);
  std::vector<std::string> tokens;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) tokens.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < folded.size(); ++i) {
    const auto c = static_cast<unsigned char>(folded[i]);
    if (is_word_byte(c)) {
      word.push_back(static_cast<char>(c));
    } else if ((c == '\'' || c == '-') && !word.empty() && i + 1 < folded.size() &&
               is_word_byte(static_cast<unsigned char>(folded[i + 1]))) {
      continue;  // inside a word: "o'brien", "smith-jones"
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

bool is_honorific(std::string_view t) {
  static constexpr std::array<std::string_view, 9> kTitles{"mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "rev", "prof"};
  return std::find(kTitles.begin(), kTitles.end(), t) != kTitles.end();
}

bool same_first_name_by_nickname(std::string_view a, std::string_view b) {
  const auto fa = full_first_names(a);
  const auto fb = full_first_names(b);
  for (auto x : fa)
    if (std::find(fb.begin(), fb.end(), x) != fb.end()) return true;
  return false;
}

TokenMatch compare_name_tokens(std::string_view a, std::string_view b, bool nicknames) {
  if (a.empty() || b.empty()) return {};
  if (a == b) return {TokenMatchKind::exact, 1.0};
  if (nicknames && same_first_name_by_nickname(a, b)) return {TokenMatchKind::nickname, 0.9};
  // A typo needs something to be a typo of: one- and two-letter tokens
  // (initials) are never "close" to another.
  const std::u32string ca = decode_utf8_code_points(a), cb = decode_utf8_code_points(b);
  if (ca.size() < 3 || cb.size() < 3) return {};
  const double jw = jaro_winkler(ca, cb);
  if (jw >= kCloseJaroWinkler) return {TokenMatchKind::close, 0.8 * jw};
  return {};
}

}  // namespace kith::domain::survey
