#pragma once
// How alike two names are, for matching the people a survey respondent names
// to the register (alter_match.hpp). Names are compared as folded tokens
// (model::fold_for_search: case folded, accents stripped, so "José" is
// "jose"); a token is one word of a name with apostrophes and hyphens removed
// ("O'Brien" is "obrien").
#include <string>
#include <string_view>
#include <vector>

namespace kith::domain::survey {

// The Jaro similarity of two strings of code points (Jaro 1989, as restated in
// Winkler 1990, "String comparator metrics and enhanced decision rules in the
// Fellegi-Sunter model of record linkage"): 1 for equal strings, 0 when no
// character matches within the window max(|a|,|b|)/2 - 1.
double jaro(std::u32string_view a, std::u32string_view b);
// Jaro-Winkler (Winkler 1990): jaro + l * 0.1 * (1 - jaro), l the length of
// the common prefix, at most 4. Both take UTF-8 (decoded to code points, so
// "é" is one character).
double jaro_winkler(std::u32string_view a, std::u32string_view b);
double jaro_winkler(std::string_view a_utf8, std::string_view b_utf8);

// The words of a name or phrase, folded: letters and digits kept, apostrophes
// and hyphens inside a word dropped ("Smith-Jones" is "smithjones"), any
// other punctuation or space splitting words.
std::vector<std::string> name_tokens(std::string_view text);

// True for the courtesy titles a respondent puts before a surname: mr, mrs,
// ms, miss, mx, dr, doctor, rev, prof (folded, with or without a full stop).
bool is_honorific(std::string_view folded_token);

// True when one folded first name is a short form of the other, or both are
// short forms of the same name, in the table of docs/surveys.md ("dave" and
// "david", "pat" and "patricia", "pat" and "patrick").
bool same_first_name_by_nickname(std::string_view a, std::string_view b);

// How two folded name tokens compare, strongest first.
enum class TokenMatchKind { exact, nickname, close, none };
struct TokenMatch {
  TokenMatchKind kind = TokenMatchKind::none;
  double similarity = 0;  // 1 exact, 0.9 nickname, 0.8 x Jaro-Winkler when close, 0 otherwise
};
// Jaro-Winkler of at least this makes two different tokens "close" (a small
// typo: "okafor"/"okafur" 0.933, "jon"/"john" 0.933); "mary"/"mark" is
// 0.883 and is not.
inline constexpr double kCloseJaroWinkler = 0.9;
// `nicknames` is for first names only: surnames have no short forms.
TokenMatch compare_name_tokens(std::string_view a, std::string_view b, bool nicknames);

}  // namespace kith::domain::survey
