#pragma once
// Alter resolution (issue 11): the people a survey respondent names ("Mary at
// number 12", "Dave from the allotments", "my neighbour Mrs Okafor") matched
// to people already in the register. AlterMatcher suggests candidates, each
// with a score and the reasons in plain words; a researcher confirms one,
// creates a new person, or leaves the name unresolved. Pure: no store, no
// clock, no randomness; the same input gives the same suggestions in the
// same order. docs/surveys.md ("Matching named people to the register") has
// the features, the formula and the measured precision and recall.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace kith::domain::survey {

// What the interview records about a named person's relation to the respondent.
enum class Relationship { unknown, family, friend_of, neighbour, other };

// A person as the respondent named them. Only `text` is required; the hints
// are what the interviewer recorded beside it. Hints left empty are read from
// the text where it says them ("at number 12", "from the allotments", "on Elm
// Road", "my neighbour").
struct AlterMention {
  std::string text;            // as said: "Mary at number 12"
  // Defaulted so a mention can be written as {"Mary at number 12"}.
  std::string street = {};          // "Elm Road"
  std::string house_number = {};    // "12", "12a"
  std::string group_or_place = {};  // "allotments", "St Mark's Church"
  Relationship relationship = Relationship::unknown;
};

// A group or place a person belongs to or goes to: its register id and name.
// Two memberships are the same when their ids are equal (or, both ids empty,
// their folded names).
struct Membership {
  std::string id;
  std::string name;
};

// A register person who could be the one named.
struct Candidate {
  std::string id;            // register person id
  std::string display_name;  // "Mary Okafor"
  std::string street;        // empty when unknown
  std::string house_number;  // empty when unknown
  std::string household_id;  // empty when unknown
  std::vector<Membership> memberships;
};

// The respondent's own context: named people near them count for more.
struct Respondent {
  std::string person_id;  // never suggested as their own alter; may be empty
  std::string street;
  std::string household_id;
  std::vector<Membership> memberships;
};

struct Suggestion {
  std::string candidate_id;
  double score = 0;                  // in [kMinScore, 1]
  std::vector<std::string> reasons;  // for the researcher: "first name matches", "both go to Allotment Society"
};

// The mention's text read into its parts (exposed so the reading is tested
// on its own and shown to a researcher).
struct ReadMention {
  std::vector<std::string> name_tokens;  // folded, honorifics and "my neighbour" removed
  bool honorific = false;                // "Mrs Okafor": a lone token is a surname
  std::string street;                    // hint, else read from the text
  std::string house_number;
  std::string group_or_place;
  Relationship relationship = Relationship::unknown;
};
ReadMention read_mention(const AlterMention& mention);

// The register's people with their names, streets and groups folded once:
// the costly part of matching (Unicode folding of every name), shared by
// every mention asked about while the register does not change.
class CandidatePool {
 public:
  explicit CandidatePool(std::vector<Candidate> candidates);
  const std::vector<Candidate>& candidates() const { return candidates_; }

 private:
  friend class AlterMatcher;
  struct Prepared {
    std::vector<std::string> name_tokens;  // folded, honorifics removed
    std::vector<std::string> street_tokens;
    std::string house_number;  // folded
    std::vector<std::vector<std::string>> membership_words;  // per membership, folded
  };
  std::vector<Candidate> candidates_;
  std::vector<Prepared> prepared_;
};

class AlterMatcher {
 public:
  // Below this score nothing is suggested: the name is then new to the
  // register or left unresolved (docs/surveys.md gives the reasoning).
  static constexpr double kMinScore = 0.35;
  // The name must be at least this alike, whatever the context: a person on
  // the respondent's street with another name is not a match.
  static constexpr double kMinNameSimilarity = 0.45;

  AlterMatcher(std::vector<Candidate> candidates, Respondent respondent);
  // The same, on a pool folded before (and kept, as the pool is shared).
  AlterMatcher(std::shared_ptr<const CandidatePool> pool, Respondent respondent);

  // At most `max` suggestions, best first; equal scores in ascending id order.
  std::vector<Suggestion> suggest(const AlterMention& mention, size_t max) const;

 private:
  std::shared_ptr<const CandidatePool> pool_;
  // Per candidate, per membership: does the respondent go there too?
  std::vector<std::vector<bool>> shared_with_respondent_;
  Respondent respondent_;
  std::vector<std::string> respondent_street_;
};

}  // namespace kith::domain::survey
