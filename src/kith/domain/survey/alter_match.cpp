#include "kith/domain/survey/alter_match.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>

#include "kith/core/assert.hpp"
#include "kith/domain/survey/name_similarity.hpp"

namespace kith::domain::survey {

namespace {

// Weights of docs/surveys.md: score = kNameWeight * name + kContextWeight *
// min(1, context points).
constexpr double kNameWeight = 0.6;
constexpr double kContextWeight = 0.4;
constexpr double kNamedStreetPoints = 0.4;
constexpr double kRespondentStreetPoints = 0.25;
constexpr double kNeighbourOnStreetPoints = 0.15;
constexpr double kHouseNumberPoints = 0.4;
constexpr double kHouseNumberElsewherePoints = 0.15;
constexpr double kHouseholdPoints = 0.3;
constexpr double kFamilyInHouseholdPoints = 0.2;
constexpr double kNamedGroupPoints = 0.6;
constexpr double kSharedGroupPoints = 0.15;
constexpr double kSharedGroupPointsMax = 0.3;
// How much of the name a part carries when it is the only part said.
constexpr double kFirstNameOnly = 0.7;
constexpr double kSurnameWithTitleOnly = 0.7;
constexpr double kLoneWordAsSurname = 0.6;
constexpr double kInitialMatches = 0.7;
// Group and street words compared as close when Jaro-Winkler is at least this.
constexpr double kCloseWord = 0.92;

template <size_t N>
bool alter_word_in(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

constexpr std::array<std::string_view, 8> kLeadingFillers{"my", "our", "the", "old", "young", "little", "big", "a"};
// Words after which the rest of the mention says where the person is from.
constexpr std::array<std::string_view, 22> kHintStarters{
    "at", "from", "on", "of", "in", "with", "who", "down", "across", "near", "by", "number", "no",
    "round", "up", "over", "opposite", "behind", "lives", "works", "goes", "that"};
constexpr std::array<std::string_view, 14> kHintFillers{"the", "who", "lives", "works", "goes", "that", "to",
                                                        "down", "up", "over", "round", "a", "is", "does"};
constexpr std::array<std::string_view, 7> kGroupPrepositions{"from", "at", "of", "in", "with", "to", "does"};
constexpr std::array<std::string_view, 4> kNeighbourWords{"neighbour", "neighbor", "neighbours", "neighbors"};
constexpr std::array<std::string_view, 5> kFriendWords{"friend", "mate", "pal", "friends", "bestie"};
constexpr std::array<std::string_view, 30> kFamilyWords{
    "mum", "mother", "dad", "father", "sister", "brother", "son", "daughter", "aunt", "auntie",
    "uncle", "cousin", "nan", "nana", "gran", "granny", "grandma", "grandad", "grandpa", "grandson",
    "granddaughter", "niece", "nephew", "husband", "wife", "partner", "sisterinlaw", "brotherinlaw",
    "motherinlaw", "fatherinlaw"};
constexpr std::array<std::string_view, 3> kOtherRelationWords{"carer", "colleague", "vicar"};
// Words that say "what kind of group" rather than which one.
constexpr std::array<std::string_view, 13> kGenericGroupWords{
    "the", "club", "group", "society", "association", "centre", "center", "team", "class", "classes",
    "session", "sessions", "and"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kStreetAbbreviations{{
    {"rd", "road"}, {"st", "street"}, {"ave", "avenue"}, {"av", "avenue"}, {"ln", "lane"}, {"cl", "close"},
    {"dr", "drive"}, {"cres", "crescent"}, {"ter", "terrace"}, {"terr", "terrace"}, {"gdns", "gardens"},
    {"ct", "court"}, {"pl", "place"}, {"gr", "grove"}, {"sq", "square"}, {"wy", "way"}}};
constexpr std::array<std::string_view, 20> kStreetKinds{
    "road", "street", "lane", "close", "avenue", "way", "drive", "crescent", "terrace", "grove",
    "gardens", "court", "place", "square", "rise", "hill", "walk", "row", "mews", "parade"};

std::string_view street_word(std::string_view w) {
  for (const auto& [abbr, full] : kStreetAbbreviations)
    if (w == abbr) return full;
  return w;
}

std::vector<std::string> street_tokens(std::string_view street) {
  std::vector<std::string> out;
  for (auto& w : name_tokens(street)) out.emplace_back(street_word(w));
  return out;
}

std::string join_words(const std::vector<std::string>& words, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

bool starts_with_digit(std::string_view w) { return !w.empty() && w.front() >= '0' && w.front() <= '9'; }

// A mentioned street names a candidate's street when the words are equal,
// when it leaves off the kind ("Elm" for "Elm Road"), or when the whole is
// close (a typo: "Elm Raod").
bool same_street(const std::vector<std::string>& said, const std::vector<std::string>& known) {
  if (said.empty() || known.empty()) return false;
  if (said == known) return true;
  if (said.size() + 1 == known.size() && alter_word_in(kStreetKinds, known.back()) &&
      std::equal(said.begin(), said.end(), known.begin()))
    return true;
  return jaro_winkler(join_words(said, 0, said.size()), join_words(known, 0, known.size())) >= kCloseWord;
}

bool words_alike(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const size_t shorter = std::min(a.size(), b.size());
  if (shorter >= 4 && (a.substr(0, shorter) == b.substr(0, shorter))) return true;  // "allotments"/"allotment"
  return shorter >= 3 && jaro_winkler(a, b) >= kCloseWord;
}

std::vector<std::string> group_content_words(std::string_view name) {
  auto all = name_tokens(name);
  std::vector<std::string> content;
  for (auto& w : all)
    if (!alter_word_in(kGenericGroupWords, w)) content.push_back(w);
  return content.empty() ? all : content;
}

// Every content word of what the respondent said is alike some word of the
// group's or place's name ("the allotments" names "Allotment Society").
bool names_group(const std::vector<std::string>& said, const std::vector<std::string>& words) {
  if (said.empty()) return false;
  return std::all_of(said.begin(), said.end(), [&](const std::string& s) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return words_alike(s, w); });
  });
}

bool same_membership(const Membership& a, const Membership& b) {
  if (!a.id.empty() || !b.id.empty()) return a.id == b.id;
  return name_tokens(a.name) == name_tokens(b.name);
}

Relationship relationship_word(std::string_view w) {
  if (alter_word_in(kNeighbourWords, w)) return Relationship::neighbour;
  if (alter_word_in(kFriendWords, w)) return Relationship::friend_of;
  if (alter_word_in(kFamilyWords, w)) return Relationship::family;
  if (alter_word_in(kOtherRelationWords, w)) return Relationship::other;
  return Relationship::unknown;
}

// The street in the hint words: the words before a street kind ("elm road"),
// back to a preposition, a number or the start.
std::pair<size_t, size_t> find_street(const std::vector<std::string>& hint) {
  for (size_t k = 0; k < hint.size(); ++k) {
    if (!alter_word_in(kStreetKinds, street_word(hint[k]))) continue;
    size_t from = k;
    while (from > 0 && !starts_with_digit(hint[from - 1]) && !alter_word_in(kHintStarters, hint[from - 1]) &&
           !alter_word_in(kHintFillers, hint[from - 1]))
      --from;
    if (from < k) return {from, k + 1};
  }
  return {0, 0};
}

std::string find_house_number(const std::vector<std::string>& hint) {
  for (const auto& w : hint)
    if (starts_with_digit(w)) return w;
  return {};
}

// The words after the first group preposition, leaving out the street, the
// number and fillers, up to the next preposition.
std::string find_group(const std::vector<std::string>& hint, std::pair<size_t, size_t> street) {
  for (size_t i = 0; i < hint.size(); ++i) {
    if (!alter_word_in(kGroupPrepositions, hint[i])) continue;
    std::vector<std::string> words;
    for (size_t j = i + 1; j < hint.size(); ++j) {
      if (j >= street.first && j < street.second) break;
      if (alter_word_in(kHintStarters, hint[j]) && hint[j] != "the") break;
      if (starts_with_digit(hint[j]) || alter_word_in(kHintFillers, hint[j]) || hint[j] == "number") continue;
      words.push_back(hint[j]);
    }
    if (!words.empty()) return join_words(words, 0, words.size());
  }
  return {};
}

struct NameScore {
  double similarity = 0;
  std::vector<std::string> reasons;
};

std::string match_reason(TokenMatchKind kind, std::string_view part, std::string_view said, std::string_view known) {
  switch (kind) {
    case TokenMatchKind::exact: return std::string(part) + " matches";
    case TokenMatchKind::nickname:
      return std::string(part) + " matches as a short form (" + std::string(said) + " for " + std::string(known) + ")";
    case TokenMatchKind::close:
      return std::string(part) + " is close (" + std::string(said) + " for " + std::string(known) + ")";
    case TokenMatchKind::none: break;
  }
  return {};
}

// First name said against the candidate's, an initial ("J") matching its
// first letter.
TokenMatch first_name_match(std::string_view said, std::string_view known) {
  if (said.size() == 1) return known.substr(0, 1) == said ? TokenMatch{TokenMatchKind::exact, kInitialMatches} : TokenMatch{};
  return compare_name_tokens(said, known, true);
}

NameScore name_score(const ReadMention& m, const std::vector<std::string>& c) {
  NameScore out;
  if (m.name_tokens.empty() || c.empty()) return out;
  const std::string& c_first = c.front();
  const std::string& c_last = c.back();
  const bool c_has_surname = c.size() >= 2;
  if (m.name_tokens.size() >= 2) {
    const auto first = first_name_match(m.name_tokens.front(), c_first);
    const auto last = compare_name_tokens(m.name_tokens.back(), c_last, false);
    if (last.kind == TokenMatchKind::none || !c_has_surname) return out;  // another surname: another person
    if (first.kind == TokenMatchKind::none) return out;                   // another first name, same surname
    out.similarity = (first.similarity + last.similarity) / 2.0;
    out.reasons.push_back(m.name_tokens.front().size() == 1 ? "initial matches"
                                                            : match_reason(first.kind, "first name", m.name_tokens.front(), c_first));
    out.reasons.push_back(match_reason(last.kind, "surname", m.name_tokens.back(), c_last));
    return out;
  }
  const std::string& said = m.name_tokens.front();
  if (m.honorific) {
    if (!c_has_surname) return out;
    const auto last = compare_name_tokens(said, c_last, false);
    if (last.kind == TokenMatchKind::none) return out;
    out.similarity = kSurnameWithTitleOnly * last.similarity;
    out.reasons.push_back(match_reason(last.kind, "surname", said, c_last) + "; only the surname was given");
    return out;
  }
  const auto first = compare_name_tokens(said, c_first, true);
  const auto last = c_has_surname ? compare_name_tokens(said, c_last, false) : TokenMatch{};
  const double as_first = kFirstNameOnly * first.similarity;
  const double as_last = kLoneWordAsSurname * last.similarity;
  if (as_first == 0 && as_last == 0) return out;
  if (as_first >= as_last) {
    out.similarity = as_first;
    out.reasons.push_back(match_reason(first.kind, "first name", said, c_first) + "; only a first name was given");
  } else {
    out.similarity = as_last;
    out.reasons.push_back(match_reason(last.kind, "surname", said, c_last) + "; only one name was given");
  }
  return out;
}

double rounded_score(double s) { return std::round(std::clamp(s, 0.0, 1.0) * 10000.0) / 10000.0; }

}  // namespace

ReadMention read_mention(const AlterMention& mention) {
  ReadMention out;
  out.relationship = mention.relationship;
  const auto words = name_tokens(mention.text);
  size_t i = 0;
  for (; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (alter_word_in(kHintStarters, w)) break;
    if (w == "next" && i + 1 < words.size() && words[i + 1] == "door") {
      if (out.relationship == Relationship::unknown) out.relationship = Relationship::neighbour;
      ++i;
      continue;
    }
    if (const auto r = relationship_word(w); r != Relationship::unknown) {
      if (out.relationship == Relationship::unknown) out.relationship = r;
      continue;
    }
    if (is_honorific(w)) {
      out.honorific = true;
      continue;
    }
    if (starts_with_digit(w)) {
      if (out.house_number.empty()) out.house_number = w;
      continue;
    }
    // "old Tom", "the Patels": a filler before the name, but "Mrs Young"
    // and "Mr Little" are surnames, so only when a name word follows.
    const bool name_follows = i + 1 < words.size() && !alter_word_in(kHintStarters, words[i + 1]);
    if (out.name_tokens.empty() && name_follows && alter_word_in(kLeadingFillers, w)) continue;
    out.name_tokens.push_back(w);
  }
  const std::vector<std::string> hint(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
  const auto street = find_street(hint);
  if (!mention.street.empty()) out.street = mention.street;
  else if (street.second > street.first) out.street = join_words(hint, street.first, street.second);
  if (!mention.house_number.empty()) out.house_number = join_words(name_tokens(mention.house_number), 0, name_tokens(mention.house_number).size());
  else if (out.house_number.empty()) out.house_number = find_house_number(hint);
  out.group_or_place = !mention.group_or_place.empty() ? mention.group_or_place : find_group(hint, street);
  for (size_t j = 0; j < hint.size() && out.relationship == Relationship::unknown; ++j) {
    if (hint[j] == "next" && j + 1 < hint.size() && hint[j + 1] == "door") out.relationship = Relationship::neighbour;
  }
  return out;
}

CandidatePool::CandidatePool(std::vector<Candidate> candidates) : candidates_(std::move(candidates)) {
  prepared_.reserve(candidates_.size());
  for (const auto& c : candidates_) {
    Prepared p;
    for (auto& w : name_tokens(c.display_name))
      if (!is_honorific(w)) p.name_tokens.push_back(std::move(w));
    p.street_tokens = street_tokens(c.street);
    const auto number = name_tokens(c.house_number);
    p.house_number = join_words(number, 0, number.size());
    for (const auto& g : c.memberships) p.membership_words.push_back(name_tokens(g.name));
    prepared_.push_back(std::move(p));
  }
  KITH_ASSERT_MSG(prepared_.size() == candidates_.size(), "every candidate is prepared");
}

AlterMatcher::AlterMatcher(std::vector<Candidate> candidates, Respondent respondent)
    : AlterMatcher(std::make_shared<const CandidatePool>(std::move(candidates)), std::move(respondent)) {}

AlterMatcher::AlterMatcher(std::shared_ptr<const CandidatePool> pool, Respondent respondent)
    : pool_(std::move(pool)), respondent_(std::move(respondent)), respondent_street_(street_tokens(respondent_.street)) {
  KITH_ASSERT_MSG(pool_ != nullptr, "a matcher has a pool of candidates");
  shared_with_respondent_.reserve(pool_->candidates_.size());
  for (const auto& c : pool_->candidates_) {
    std::vector<bool> shared;
    shared.reserve(c.memberships.size());
    for (const auto& g : c.memberships)
      shared.push_back(std::any_of(respondent_.memberships.begin(), respondent_.memberships.end(),
                                   [&](const Membership& r) { return same_membership(r, g); }));
    shared_with_respondent_.push_back(std::move(shared));
  }
}

std::vector<Suggestion> AlterMatcher::suggest(const AlterMention& mention, size_t max) const {
  std::vector<Suggestion> out;
  if (max == 0) return out;
  const ReadMention m = read_mention(mention);
  const auto said_street = street_tokens(m.street);
  const auto said_group = group_content_words(m.group_or_place);
  for (size_t k = 0; k < pool_->candidates_.size(); ++k) {
    const Candidate& c = pool_->candidates_[k];
    const CandidatePool::Prepared& p = pool_->prepared_[k];
    const std::vector<bool>& shared_with_respondent = shared_with_respondent_[k];
    if (!respondent_.person_id.empty() && c.id == respondent_.person_id) continue;
    NameScore name = name_score(m, p.name_tokens);
    if (name.similarity < kMinNameSimilarity) continue;
    double points = 0;
    std::vector<std::string>& reasons = name.reasons;
    // Where they live.
    bool street_consistent = false;
    if (!said_street.empty()) {
      if (same_street(said_street, p.street_tokens)) {
        points += kNamedStreetPoints;
        street_consistent = true;
        reasons.push_back("lives on " + c.street + ", as the respondent said");
      }
    } else if (same_street(respondent_street_, p.street_tokens)) {
      points += kRespondentStreetPoints;
      street_consistent = true;
      reasons.push_back("same street as the respondent (" + c.street + ")");
      if (m.relationship == Relationship::neighbour) {
        points += kNeighbourOnStreetPoints;
        reasons.push_back("named as a neighbour");
      }
    }
    if (!m.house_number.empty() && m.house_number == p.house_number) {
      points += street_consistent ? kHouseNumberPoints : kHouseNumberElsewherePoints;
      reasons.push_back(street_consistent || c.street.empty() ? "lives at number " + c.house_number
                                                              : "lives at number " + c.house_number + ", but on " + c.street);
    }
    if (!respondent_.household_id.empty() && c.household_id == respondent_.household_id) {
      points += kHouseholdPoints;
      reasons.push_back("lives in the respondent's household");
      if (m.relationship == Relationship::family) {
        points += kFamilyInHouseholdPoints;
        reasons.push_back("named as family");
      }
    }
    // Groups and places.
    size_t named = c.memberships.size();
    for (size_t g = 0; g < c.memberships.size(); ++g) {
      if (!names_group(said_group, p.membership_words[g])) continue;
      named = g;
      points += kNamedGroupPoints;
      reasons.push_back("goes to " + c.memberships[g].name + ", as the respondent said");
      break;
    }
    double shared = 0;
    for (size_t g = 0; g < c.memberships.size(); ++g) {
      if (g == named || !shared_with_respondent[g] || shared >= kSharedGroupPointsMax) continue;
      shared += kSharedGroupPoints;
      reasons.push_back("both go to " + c.memberships[g].name);
    }
    points += std::min(shared, kSharedGroupPointsMax);
    const double score = rounded_score(kNameWeight * name.similarity + kContextWeight * std::min(1.0, points));
    if (score < kMinScore) continue;
    out.push_back(Suggestion{c.id, score, std::move(reasons)});
  }
  std::sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
    return a.score != b.score ? a.score > b.score : a.candidate_id < b.candidate_id;
  });
  if (out.size() > max) out.resize(max);
  return out;
}

}  // namespace kith::domain::survey
