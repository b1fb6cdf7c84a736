#pragma once
// Resolving the people respondents name (issue 11, "alter resolution"). Each
// name given in a completed interview is a mention. kith suggests who it may
// be (AlterMatcher: name, street, household, shared groups, with the reasons);
// a researcher proposes a resolution — a person of the register, a new person,
// or nobody (left unresolved) — and a second researcher confirms it or sends
// it back: the review queue. Nobody confirms their own proposal.
//
// A confirmed person becomes a tie from the respondent, with evidence
// "survey" from the wave's fieldwork date, so the network engine sees the
// network as each wave saw it. A new person is held under a pseudonym (the
// initials said, and the street where one is known) with consent not asked:
// they named nobody and agreed to nothing, so the register keeps no more of
// them until they consent themselves. docs/surveys.md has the rules.
#include <nlohmann/json.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/store.hpp"

namespace kith::domain::survey {

inline constexpr size_t kSuggestionsMax = 5;
// Suggestions read the whole area's register; past this many people the
// researcher searches the People page instead (a bound, not a silent cut).
inline constexpr size_t kSuggestionCandidatesMax = 100'000;

// When the interview did not ask (or the respondent did not say) how close
// or how often, the tie records the middle closeness and the rarest contact,
// and its notes say so: the register needs a value, and these understate
// rather than overstate the tie.
inline constexpr int kUnstatedCloseness = 3;
inline constexpr std::string_view kUnstatedFrequency = "less_often";
inline constexpr std::string_view kUnstatedKind = "acquaintance";

// "Mary at number 12" on Elm Road: "M. (Elm Road)". The initials of the name
// words read from what was said, and the street where one is known.
std::string pseudonym_for(std::string_view said, std::string_view street);

// "12 Elm Road" → {"12", "Elm Road"}; a household with no leading number is all street.
struct Address {
  std::string house_number, street;
};
Address split_household(std::string_view household);

// The area's people folded for matching, kept per area while its register
// revision stands (mentions.cpp): every change to people, groups, places,
// memberships, merges and erasure moves that revision, so a kept pool never
// names someone the register no longer holds as it was.
class SuggestionPools;

class Mentions {
 public:
  explicit Mentions(store::Store& s);

  // The wave's mentions with `status` (open, proposed, confirmed; all when
  // empty), with the respondent's name: the review queue. Audited.
  Result<nlohmann::json> list(std::string_view area_id, std::string_view wave_id, std::string_view status,
                              const model::Actor& who);
  // Who the mention may be, best first, with reasons. Audited.
  Result<nlohmann::json> suggestions(std::string_view area_id, std::string_view mention_id, const model::Actor& who);
  // {"revision", "resolution": "person"|"new_person"|"unresolved", "person_id"}: an open mention becomes proposed.
  Result<nlohmann::json> propose(std::string_view area_id, std::string_view mention_id, const nlohmann::json& body,
                                 const model::Actor& who);
  // {"revision", "decision": "confirm"|"return"}: by someone other than the proposer.
  Result<nlohmann::json> review(std::string_view area_id, std::string_view mention_id, const nlohmann::json& body,
                                const model::Actor& who);

 private:
  store::Store& store_;
  std::shared_ptr<SuggestionPools> pools_;  // shared by copies; one per server
};

}  // namespace kith::domain::survey
