// Alter resolution (src/kith/domain/survey): the string similarity against
// the worked examples of its published source, each feature of the score on
// its own against values worked by hand from docs/surveys.md's formula, and
// a hand-written neighbourhood (tests/fixtures/survey) whose true matches are
// known, from which precision and recall are measured and printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <iterator>
#include <string>
#include <vector>

#include "kith/domain/survey/alter_match.hpp"
#include "kith/domain/survey/name_similarity.hpp"
#include "kith/exchange/csv.hpp"

namespace kith::alter_match_test {

namespace s = kith::domain::survey;

// Winkler (1990), "String comparator metrics and enhanced decision rules in
// the Fellegi-Sunter model of record linkage", Table 2, worked again here:
// MARTHA/MARHTA: 6 matches, T and H out of order (t = 1), window 2:
//   jaro = (6/6 + 6/6 + 5/6) / 3 = 0.94444; prefix MAR (3): + 0.3 * 0.05556 = 0.96111.
// DWAYNE/DUANE: matches D, A, N, E (W and Y unmatched), t = 0, window 2:
//   jaro = (4/6 + 4/5 + 4/4) / 3 = 0.82222; prefix D (1): + 0.1 * 0.17778 = 0.84000.
// DIXON/DICKSONX: matches D, I, O, N (X at 2 and 7 is outside the window 3):
//   jaro = (4/5 + 4/8 + 4/4) / 3 = 0.76667; prefix DI (2): + 0.2 * 0.23333 = 0.81333.
TEST(AlterMatch, JaroWinklerAsPublished) {
  EXPECT_NEAR(s::jaro(U"martha", U"marhta"), 0.944444, 1e-6);
  EXPECT_NEAR(s::jaro_winkler(U"martha", U"marhta"), 0.961111, 1e-6);
  EXPECT_NEAR(s::jaro(U"dwayne", U"duane"), 0.822222, 1e-6);
  EXPECT_NEAR(s::jaro_winkler(U"dwayne", U"duane"), 0.840000, 1e-6);
  EXPECT_NEAR(s::jaro(U"dixon", U"dicksonx"), 0.766667, 1e-6);
  EXPECT_NEAR(s::jaro_winkler(U"dixon", U"dicksonx"), 0.813333, 1e-6);
  // Symmetric, 1 for equal, 0 for nothing in common, both empty equal.
  EXPECT_NEAR(s::jaro_winkler(U"marhta", U"martha"), 0.961111, 1e-6);
  EXPECT_EQ(s::jaro_winkler(U"okafor", U"okafor"), 1.0);
  EXPECT_EQ(s::jaro(U"abc", U"xyz"), 0.0);
  EXPECT_EQ(s::jaro(U"", U""), 1.0);
  EXPECT_EQ(s::jaro(U"", U"a"), 0.0);
  // Typos that count as close and a different name that does not:
  // okafor/okafur: 5 of 6 match, jaro 0.88889, prefix 4: 0.93333.
  // jon/john: 3 matches, jaro (1 + 3/4 + 1)/3 = 0.91667, prefix 2: 0.93333.
  // mary/mark: 3 matches, jaro 0.83333, prefix 3: 0.88333 (< 0.9).
  EXPECT_NEAR(s::jaro_winkler("okafor", "okafur"), 0.933333, 1e-6);
  EXPECT_NEAR(s::jaro_winkler("jon", "john"), 0.933333, 1e-6);
  EXPECT_NEAR(s::jaro_winkler("mary", "mark"), 0.883333, 1e-6);
}

TEST(AlterMatch, SimilarityCountsCodePointsNotBytes) {
  // "josé" is 4 code points (5 bytes): 3 match, jaro 0.83333, prefix 3: 0.88333.
  EXPECT_NEAR(s::jaro_winkler("josé", "jose"), 0.883333, 1e-6);
  EXPECT_EQ(s::jaro_winkler("ŁUCJA", "ŁUCJA"), 1.0);
}

TEST(AlterMatch, NameTokensFoldCaseAccentsAndPunctuation) {
  EXPECT_EQ(s::name_tokens("Mrs O'Brien-Smith, JOSÉ  Martínez."),
            (std::vector<std::string>{"mrs", "obriensmith", "jose", "martinez"}));
  EXPECT_EQ(s::name_tokens("Zoë"), (std::vector<std::string>{"zoe"}));
  EXPECT_EQ(s::name_tokens("ŁUCJA"), (std::vector<std::string>{"łucja"}));
  EXPECT_TRUE(s::name_tokens("").empty());
  EXPECT_TRUE(s::name_tokens(" - ' , ").empty());
}

TEST(AlterMatch, NicknameTable) {
  const std::pair<const char*, const char*> pairs[] = {
      {"dave", "david"}, {"bob", "robert"}, {"liz", "elizabeth"}, {"sue", "susan"}, {"mike", "michael"},
      {"bill", "william"}, {"jim", "james"}, {"kate", "katherine"}, {"tom", "thomas"}, {"pat", "patricia"}};
  for (auto [a, b] : pairs) {
    EXPECT_TRUE(s::same_first_name_by_nickname(a, b)) << a << "/" << b;
    EXPECT_TRUE(s::same_first_name_by_nickname(b, a)) << b << "/" << a;
  }
  EXPECT_TRUE(s::same_first_name_by_nickname("pat", "patrick"));      // one short form, two names
  EXPECT_FALSE(s::same_first_name_by_nickname("patricia", "patrick"));  // ... which are not each other
  EXPECT_TRUE(s::same_first_name_by_nickname("bob", "rob"));           // two short forms of Robert
  EXPECT_FALSE(s::same_first_name_by_nickname("mary", "david"));
  EXPECT_EQ(s::compare_name_tokens("dave", "david", true).kind, s::TokenMatchKind::nickname);
  EXPECT_EQ(s::compare_name_tokens("dave", "david", false).kind, s::TokenMatchKind::none);  // surnames: none
  EXPECT_EQ(s::compare_name_tokens("mary", "mark", true).kind, s::TokenMatchKind::none);
  EXPECT_NEAR(s::compare_name_tokens("okafur", "okafor", false).similarity, 0.8 * 0.933333, 1e-6);
  EXPECT_EQ(s::compare_name_tokens("j", "jo", true).kind, s::TokenMatchKind::none);  // no typo of an initial
}

TEST(AlterMatch, ReadsTheHintsOutOfWhatWasSaid) {
  auto m = s::read_mention({"Mary at number 12"});
  EXPECT_EQ(m.name_tokens, std::vector<std::string>{"mary"});
  EXPECT_EQ(m.house_number, "12");
  EXPECT_EQ(m.group_or_place, "");
  m = s::read_mention({"Dave from the allotments"});
  EXPECT_EQ(m.name_tokens, std::vector<std::string>{"dave"});
  EXPECT_EQ(m.group_or_place, "allotments");
  m = s::read_mention({"my neighbour Mrs Okafor"});
  EXPECT_EQ(m.name_tokens, std::vector<std::string>{"okafor"});
  EXPECT_TRUE(m.honorific);
  EXPECT_EQ(m.relationship, s::Relationship::neighbour);
  m = s::read_mention({"Jean from church on Elm Rd"});
  EXPECT_EQ(m.street, "elm rd");
  EXPECT_EQ(m.group_or_place, "church");
  EXPECT_EQ(s::read_mention({"old Tom Baker"}).name_tokens, (std::vector<std::string>{"tom", "baker"}));
  EXPECT_EQ(s::read_mention({"Mrs Young"}).name_tokens, std::vector<std::string>{"young"});
  EXPECT_EQ(s::read_mention({"Mr Little from the pub"}).name_tokens, std::vector<std::string>{"little"});
  m = s::read_mention({"Olu next door"});
  EXPECT_EQ(m.relationship, s::Relationship::neighbour);
  EXPECT_EQ(m.name_tokens, std::vector<std::string>{"olu"});
  // What the interviewer recorded wins over what the text says.
  m = s::read_mention({"Mary at number 12", "Mill Lane", "4", "Choir", s::Relationship::family});
  EXPECT_EQ(m.street, "Mill Lane");
  EXPECT_EQ(m.house_number, "4");
  EXPECT_EQ(m.group_or_place, "Choir");
  EXPECT_EQ(m.relationship, s::Relationship::family);
}

// One candidate, one respondent, one feature at a time. Expected scores are
// 0.6 * name + 0.4 * min(1, context points), docs/surveys.md.
s::Candidate mary_okafor() { return {"pe_1", "Mary Okafor", "Oak Close", "12", "hh_9", {}}; }
s::Respondent respondent() { return {"pe_r", "Elm Road", "hh_1", {{"gr_2", "Bowls Club"}}}; }

double only_score(const s::Candidate& c, const s::AlterMention& m, s::Respondent r = respondent()) {
  const auto out = s::AlterMatcher(std::vector<s::Candidate>{c}, std::move(r)).suggest(m, 5);
  return out.size() == 1 ? out[0].score : -1.0;
}

TEST(AlterMatch, EachFeatureAlone) {
  auto c = mary_okafor();
  EXPECT_DOUBLE_EQ(only_score(c, {"Mary Okafor"}), 0.6);  // full name, no context
  EXPECT_DOUBLE_EQ(only_score(c, {"Mary"}), 0.42);        // first name only: 0.6 * 0.7
  EXPECT_DOUBLE_EQ(only_score(c, {"Mrs Okafor"}), 0.42);  // surname with a title: 0.6 * 0.7
  EXPECT_DOUBLE_EQ(only_score(c, {"Okafor"}), 0.36);      // a lone word as a surname: 0.6 * 0.6
  EXPECT_DOUBLE_EQ(only_score(c, {"Mary Okafur"}), 0.524);  // 0.6 * (1 + 0.8 * 0.93333) / 2
  auto on_street = c;
  on_street.street = "Elm Road";
  EXPECT_DOUBLE_EQ(only_score(on_street, {"Mary"}), 0.52);                             // + 0.4 * 0.25
  EXPECT_DOUBLE_EQ(only_score(on_street, {"Mary", "", "", "", s::Relationship::neighbour}), 0.58);  // + 0.4 * 0.4
  EXPECT_DOUBLE_EQ(only_score(on_street, {"Mary at number 12"}), 0.68);                // + 0.4 * (0.25 + 0.4)
  EXPECT_DOUBLE_EQ(only_score(c, {"Mary at number 12"}), 0.48);                        // number, another street: + 0.4 * 0.15
  EXPECT_DOUBLE_EQ(only_score(c, {"Mary on Oak Close"}), 0.58);                        // named street: + 0.4 * 0.4
  EXPECT_DOUBLE_EQ(only_score(c, {"Mary", "Oak Cl"}), 0.58);
  auto household = c;
  household.household_id = "hh_1";
  EXPECT_DOUBLE_EQ(only_score(household, {"Mary"}), 0.54);                                   // + 0.4 * 0.3
  EXPECT_DOUBLE_EQ(only_score(household, {"my sister Mary"}), 0.62);                         // + 0.4 * 0.5
  auto grouped = c;
  grouped.memberships = {{"gr_1", "Allotment Society"}};
  EXPECT_DOUBLE_EQ(only_score(grouped, {"Mary from the allotments"}), 0.66);  // + 0.4 * 0.6
  EXPECT_DOUBLE_EQ(only_score(grouped, {"Mary from the choir"}), 0.42);       // not her group: nothing added
  auto shared = c;
  shared.memberships = {{"gr_2", "Bowls Club"}};
  EXPECT_DOUBLE_EQ(only_score(shared, {"Mary"}), 0.48);  // + 0.4 * 0.15
  auto david = c;
  david.display_name = "David Okafor";
  EXPECT_DOUBLE_EQ(only_score(david, {"Dave"}), 0.378);  // 0.6 * 0.7 * 0.9
  const auto out = s::AlterMatcher(std::vector<s::Candidate>{shared}, respondent()).suggest({"Mary"}, 5);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].reasons, (std::vector<std::string>{"first name matches; only a first name was given",
                                                      "both go to Bowls Club"}));
}

// One pool folded once serves respondents with different groups: what the
// respondent shares is worked out per matcher, not kept in the pool. Mary
// goes to the Bowls Club; the first respondent does too (0.42 + 0.4 * 0.15),
// the second does not (0.42, first name only), as EachFeatureAlone works out.
TEST(AlterMatch, OnePoolServesEveryRespondent) {
  auto mary = mary_okafor();
  mary.memberships = {{"gr_2", "Bowls Club"}};
  const auto pool = std::make_shared<const s::CandidatePool>(std::vector<s::Candidate>{mary});
  const s::Respondent bowls = respondent();
  const s::Respondent other{"pe_q", "Elm Road", "hh_1", {{"gr_7", "Choir"}}};
  const auto a = s::AlterMatcher(pool, bowls).suggest({"Mary"}, 5);
  const auto b = s::AlterMatcher(pool, other).suggest({"Mary"}, 5);
  const auto a_again = s::AlterMatcher(pool, bowls).suggest({"Mary"}, 5);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  ASSERT_EQ(a_again.size(), 1u);
  EXPECT_DOUBLE_EQ(a[0].score, 0.48);
  EXPECT_DOUBLE_EQ(b[0].score, 0.42);
  EXPECT_DOUBLE_EQ(a_again[0].score, 0.48);
  EXPECT_EQ(pool->candidates().size(), 1u);
  // The respondent is never their own alter, from a pool as from a list.
  const s::Respondent herself{"pe_1", "Oak Close", "hh_9", {}};
  EXPECT_TRUE(s::AlterMatcher(pool, herself).suggest({"Mary"}, 5).empty());
}

TEST(AlterMatch, MinimumScoreAndNameGate) {
  s::Candidate john{"pe_1", "John Smith", "Oak Close", "", "", {}};
  // jon for john, first name only: 0.6 * 0.7 * 0.8 * 0.93333 = 0.3136 < 0.35.
  EXPECT_EQ(only_score(john, {"Jon"}), -1.0);
  john.street = "Elm Road";
  EXPECT_DOUBLE_EQ(only_score(john, {"Jon"}), 0.4136);  // + 0.4 * 0.25 reaches it
  // Another name, however close the person lives: nothing.
  john.household_id = "hh_1";
  EXPECT_EQ(only_score(john, {"Mary"}), -1.0);
  EXPECT_EQ(only_score(john, {"Mary Smith"}), -1.0);  // surname alone does not carry a full name
  EXPECT_EQ(only_score(john, {"John Jones"}), -1.0);  // nor first name with another surname
  // The respondent is never their own alter.
  EXPECT_EQ(only_score(john, {"John Smith"}, {"pe_1", "Elm Road", "", {}}), -1.0);
}

TEST(AlterMatch, DeterministicTiesByIdWhateverTheOrder) {
  std::vector<s::Candidate> people{{"pe_c", "Mary Jones", "", "", "", {}},
                                   {"pe_a", "Mary Smith", "", "", "", {}},
                                   {"pe_b", "Mary Okafor", "Elm Road", "", "", {}}};
  const auto first = s::AlterMatcher(people, respondent()).suggest({"Mary"}, 10);
  std::reverse(people.begin(), people.end());
  const auto again = s::AlterMatcher(people, respondent()).suggest({"Mary"}, 10);
  ASSERT_EQ(first.size(), 3u);
  ASSERT_EQ(again.size(), 3u);
  const std::vector<std::string> order{"pe_b", "pe_a", "pe_c"};  // 0.52, then the 0.42s by id
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(first[i].candidate_id, order[i]);
    EXPECT_EQ(again[i].candidate_id, order[i]);
    EXPECT_EQ(first[i].score, again[i].score);
    EXPECT_EQ(first[i].reasons, again[i].reasons);
  }
  const auto two = s::AlterMatcher(people, respondent()).suggest({"Mary"}, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[1].candidate_id, "pe_a");
}

TEST(AlterMatch, EmptyInputs) {
  EXPECT_TRUE(s::AlterMatcher(std::vector<s::Candidate>{}, s::Respondent{}).suggest({"Mary"}, 5).empty());
  const s::AlterMatcher one(std::vector<s::Candidate>{mary_okafor()}, s::Respondent{});
  EXPECT_TRUE(one.suggest({""}, 5).empty());
  EXPECT_TRUE(one.suggest({"  ,  "}, 5).empty());
  EXPECT_TRUE(one.suggest({"my neighbour"}, 5).empty());
  EXPECT_TRUE(one.suggest({"Mary"}, 0).empty());
  EXPECT_EQ(one.suggest({"Mary"}, 5).size(), 1u);  // an empty respondent adds nothing, takes nothing
  EXPECT_TRUE(s::AlterMatcher({{"pe_1", "", "", "", "", {}}}, {}).suggest({"Mary"}, 5).empty());
}

TEST(AlterMatch, UnicodeNames) {
  s::Candidate jose{"pe_1", "José Martínez", "", "", "", {}};
  EXPECT_DOUBLE_EQ(only_score(jose, {"JOSE"}), 0.42);
  EXPECT_DOUBLE_EQ(only_score(jose, {"josé martinez"}), 0.6);
  EXPECT_DOUBLE_EQ(only_score({"pe_2", "Zoe Lee", "", "", "", {}}, {"Zoë"}), 0.42);
  EXPECT_DOUBLE_EQ(only_score({"pe_3", "Łucja Nowak", "", "", "", {}}, {"ŁUCJA NOWAK"}), 0.6);
  EXPECT_DOUBLE_EQ(only_score({"pe_4", "Michael O'Brien", "", "", "", {}}, {"Mike OBrien"}), 0.57);  // (0.9 + 1) / 2
  // Bytes that are not UTF-8 are words like any other, never a crash.
  EXPECT_DOUBLE_EQ(only_score({"pe_5", "Mary \xff\xfe", "", "", "", {}}, {"MARY"}), 0.42);
  EXPECT_EQ(only_score({"pe_5", "Mary \xff\xfe", "", "", "", {}}, {"\xc3"}), -1.0);
}

// The fixture: a hand-written register of 64 people on six streets (two
// Marys at number 12 of different streets, a Dave and a David, three Okafors
// in one household, Murphys, Morgans, Patels) and 69 mentions by six
// respondents with the person each one meant, or none.
std::vector<std::vector<std::string>> read_csv(const std::string& name) {
  std::ifstream in(std::string(KITH_FIXTURES) + "/survey/" + name, std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  exchange::csv::Reader reader(text, name);
  std::vector<std::vector<std::string>> rows;
  bool header = true;
  for (;;) {
    auto more = reader.next();
    if (!more.ok()) ADD_FAILURE() << more.error().message;
    if (!more.ok() || !*more) break;
    if (header) {
      header = false;
      continue;
    }
    rows.emplace_back(reader.fields().begin(), reader.fields().end());
  }
  return rows;
}

// The group ids of a register row, "g_choir;g_walk".
std::vector<std::string> membership_ids(std::string_view cell) {
  std::vector<std::string> out;
  while (!cell.empty()) {
    const size_t end = std::min(cell.find(';'), cell.size());
    if (end > 0) out.emplace_back(cell.substr(0, end));
    cell.remove_prefix(std::min(end + 1, cell.size()));
  }
  return out;
}

s::Relationship relationship_cell(const std::string& s) {
  if (s == "family") return s::Relationship::family;
  if (s == "friend") return s::Relationship::friend_of;
  if (s == "neighbour") return s::Relationship::neighbour;
  return s::Relationship::unknown;
}

TEST(AlterMatch, FixturePrecisionAndRecall) {
  std::map<std::string, std::string> group_names;
  for (const auto& g : read_csv("groups.csv")) {
    ASSERT_EQ(g.size(), 2u);
    group_names[g[0]] = g[1];
  }
  std::vector<s::Candidate> people;
  for (const auto& r : read_csv("register.csv")) {
    ASSERT_EQ(r.size(), 6u) << r[0];
    s::Candidate c{r[0], r[1], r[2], r[3], r[4], {}};
    for (const auto& g : membership_ids(r[5])) {
      ASSERT_TRUE(group_names.count(g)) << r[0] << " " << g;
      c.memberships.push_back({g, group_names[g]});
    }
    people.push_back(std::move(c));
  }
  ASSERT_GE(people.size(), 60u);
  const auto mentions = read_csv("mentions.csv");
  ASSERT_GE(mentions.size(), 40u);

  int with_truth = 0, without_truth = 0, suggested = 0;
  int top1_right = 0, top3_right = 0, none_right = 0;
  for (const auto& row : mentions) {
    ASSERT_EQ(row.size(), 7u) << row[1];
    const auto who = std::find_if(people.begin(), people.end(), [&](const s::Candidate& c) { return c.id == row[0]; });
    ASSERT_NE(who, people.end()) << row[0];
    const s::AlterMatcher matcher(people, {who->id, who->street, who->household_id, who->memberships});
    const auto out = matcher.suggest({row[1], row[2], row[3], row[4], relationship_cell(row[5])}, 3);
    const std::string& truth = row[6];
    if (!out.empty()) ++suggested;
    if (truth.empty()) {
      ++without_truth;
      if (out.empty()) ++none_right;
      else std::cout << "  no true match, suggested " << out[0].candidate_id << ": " << row[1] << "\n";
      continue;
    }
    ++with_truth;
    const bool first = !out.empty() && out[0].candidate_id == truth;
    const bool in3 = std::any_of(out.begin(), out.end(), [&](const s::Suggestion& x) { return x.candidate_id == truth; });
    top1_right += first;
    top3_right += in3;
    if (!first)
      std::cout << "  top suggestion not " << truth << " (" << (out.empty() ? "none" : out[0].candidate_id)
                << (in3 ? ", in top 3" : "") << "): " << row[1] << "\n";
  }
  // Precision: of the mentions given any suggestion, the share whose top
  // (or top 3) holds the person meant. Recall: of the mentions that have a
  // true match, the share found at the top (or in the top 3).
  const double p1 = static_cast<double>(top1_right) / suggested;
  const double r1 = static_cast<double>(top1_right) / with_truth;
  const double p3 = static_cast<double>(top3_right) / suggested;
  const double r3 = static_cast<double>(top3_right) / with_truth;
  std::cout << std::fixed << std::setprecision(3) << "alter resolution on tests/fixtures/survey: " << mentions.size()
            << " mentions (" << with_truth << " with a true match, " << without_truth << " without), "
            << people.size() << " people\n"
            << "  top suggestion: precision " << p1 << ", recall " << r1 << "\n"
            << "  top 3:          precision " << p3 << ", recall " << r3 << "\n"
            << "  no true match and nothing suggested: " << none_right << " of " << without_truth << "\n";
  // Thresholds. A researcher confirms the top suggestion: if it were wrong
  // more than one time in ten, every suggestion would have to be checked
  // against the register by hand, the work this saves; so the top
  // suggestion's precision and recall must be at least 0.9. The review
  // screen shows three, so the person meant must be among them at least 95
  // times in 100. Measured (docs/surveys.md): 0.969 and 1.000; the two misses
  // at the top are "Mrs Okafor" and "Mrs Morgan" in households of one
  // surname, where the register does not say who is a Mrs. Without the
  // nickname table 17 more mentions miss (top recall 0.708, tried), so the
  // thresholds fail when a feature stops working. A name with no one in the register behind it
  // must get nothing, every time.
  EXPECT_GE(p1, 0.9);
  EXPECT_GE(r1, 0.9);
  EXPECT_GE(p3, 0.95);
  EXPECT_GE(r3, 0.95);
  EXPECT_EQ(none_right, without_truth);
}

}  // namespace kith::alter_match_test
