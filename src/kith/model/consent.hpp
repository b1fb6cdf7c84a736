#pragma once
// What a person's recorded consent lets kith do with their data. The register
// holds one consent a person (consent_status, consent_date, consent_scope);
// every use of the data that a scope names asks here first, so withdrawing
// consent takes effect everywhere at once (analyses, exports, suggestions).
#include <string>
#include <string_view>
#include <vector>

namespace kith::model {

// The uses a person can consent to: research (analyses and exports of the
// area's network), timebank, referrals (sharing with a referral's partner),
// suggestions (being suggested to other people as a contact).
inline constexpr std::string_view kResearchScope = "research";

// Refused or withdrawn consent rules every use out, and consent given for
// named scopes rules out what they do not name. Consent not yet asked, or
// given with no scope recorded (an import with a Consent Status column only),
// leaves the person in: the register holds them on the basis the survey that
// met them recorded, and a worker asks at the next contact.
bool consent_allows(std::string_view status, const std::vector<std::string>& scopes, std::string_view use);

// The same from a person's consent_scope as stored: a JSON array of scope names.
bool consent_allows_json(std::string_view status, std::string_view scopes_json, std::string_view use);

}  // namespace kith::model
