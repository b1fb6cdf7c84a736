#pragma once
// The SQL behind a person's rights over their data (domain/personal_data.hpp):
// finding everything held about one person, soft-deleted rows included, and
// overwriting a record in place for erasure. Callers hold the transaction.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/connection.hpp"

namespace kith::store {

// A person's ties or affiliations are bounded: past this many, a subject
// access or erasure is refused (too_large) rather than run without limit.
inline constexpr int64_t kPersonLinksMax = 100'000;
// Audit rows returned about one person, at most.
inline constexpr int64_t kPersonAuditRowsMax = 100'000;

// Public ids of the ties (source or target) or affiliations (person) of the
// person, soft-deleted ones included, in id order.
Result<std::vector<std::string>> link_ids_of_person(Connection& c, const model::Entity& links,
                                                    std::string_view person_id);

// The audit rows whose entity_id is the person or one of their ties or
// affiliations (soft-deleted ones included), in seq order. Each row is
// {seq, at, actor, action, entity, entity_id, area_id, detail}.
Result<std::vector<nlohmann::json>> audit_rows_about_person(Connection& c, std::string_view person_id);

// Writes every field of `record` and its external_id over the row with
// record["id"], whether or not it is soft-deleted (erasure reaches deleted
// rows too), refreshes the search key, bumps revision and updated_at.
// Unlike Repository::update there is no revision check: the caller holds the
// write transaction and has just read the row. not_found when absent.
Result<void> overwrite_record(Connection& c, const model::Entity& e, const nlohmann::json& record);

// Ends every member account's link to the person (user_roles.person_id set
// to NULL; the grant itself stays): an erased person's record is a stand-in,
// and an account tied to it would both identify them and let the account
// give consent again for the anonymous row. How many grants were unlinked.
Result<int64_t> unlink_member_accounts(Connection& c, std::string_view person_id);

}  // namespace kith::store
