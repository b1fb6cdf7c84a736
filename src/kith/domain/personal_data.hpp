#pragma once
// A person's rights over what the register holds about them (UK GDPR
// articles 15 and 17): subject access gathers everything held about one
// person into one document; erasure removes everything that identifies them
// and keeps the anonymous structure (the row, its id, the existence, kind
// and closeness of their ties) so an area's counts still add up. Both are
// audited; docs/security.md ("Subject access and erasure") is the account
// for a data-protection officer.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/store.hpp"

namespace kith::domain {

using json = nlohmann::json;

// The display name an erased person is left with.
inline constexpr std::string_view kErasedDisplayName = "Erased person";

// One JSON document: {person, ties, affiliations, consent, audit,
// generated_at, area_id, person_id, merged_records}, merged_records holding
// the same document for each other record that is this person by a standing
// merge (domain/merges.hpp). Soft-deleted records are data still
// held, so they are included, each record marked "deleted": true/false.
// Other people at the far end of a tie are given by id only (their data is
// theirs). Audit rows are those whose entity is the person or one of their
// ties or affiliations. The access is itself audited ("subject_access"), in
// the same transaction. not_found when the person is not in the area
// (including soft-deleted people, who are still held and so are reported).
Result<json> subject_access(store::Store& s, std::string_view area_id, std::string_view person_id,
                            const model::Actor& who);

struct ErasureReport {
  std::string person_id;
  bool already_erased = false;  // nothing left to remove: nothing written but the audit row
  int64_t ties = 0;             // ties whose free text or external id was removed
  int64_t affiliations = 0;     // likewise
  int64_t accounts_unlinked = 0;  // member accounts whose link to the person ended
  int64_t survey_records = 0;     // interviews and named-person rows that lost what identified them
  int64_t merge_reasons = 0;      // merges of theirs whose written reason was removed
  std::vector<std::string> merged_records;  // the other records of this person by merges, erased too
  // {person_id, already_erased, ties, affiliations, accounts_unlinked, survey_records, merge_reasons, merged_records}
  json to_json() const;
};

// In one transaction: overwrites every identifying field of the person (see
// personal_data.cpp, erased_person_value, for the decision on each field),
// removes the free text and external ids of their ties and affiliations
// (soft-deleted ones too), withdraws consent (so analyses and exports leave
// them out), bumps the area's register_revision and audits "erase" with
// counts only. The old values are kept nowhere, not in the audit log either:
// there is no undoing it. Erasing again is not an error: the report says
// already_erased and only the audit row is written. not_found as for
// subject_access. Every record that is the same person by a standing merge
// (domain/merges.hpp: the survivor and all merged into it) is erased in the
// same transaction, each with its own audit row; the counts are the asked
// record's, already_erased too.
Result<ErasureReport> erase_person(store::Store& s, std::string_view area_id, std::string_view person_id,
                                   const model::Actor& who);

}  // namespace kith::domain
