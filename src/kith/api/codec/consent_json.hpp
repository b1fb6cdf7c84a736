#pragma once
// Where an area's consent stands (store::ConsentCounts) as JSON, for the
// Consent page's counts: GET …/areas/{area}/consent.
#include <nlohmann/json.hpp>

#include "kith/store/repository.hpp"

namespace kith::api::codec {

// {"people": N, "by_status": {"not_asked": n, "given": n, "refused": n,
// "withdrawn": n}, "given_for": {"research": n, "timebank": n, "referrals": n,
// "suggestions": n}}: every key present, zero when none.
nlohmann::json consent_counts_json(const store::ConsentCounts& c);

}  // namespace kith::api::codec
