#pragma once
// What a member — a resident signed in with their own account — sees and
// changes of their own data (issue 9). Their own record is the person their
// member grant in the area names (access.hpp, own_person; linked with `kith
// user grant --role member --person`); the routes that call this need
// own_record, which only members meet. docs/security.md says what a member
// sees and can change, for a data-protection officer.
#include <nlohmann/json.hpp>
#include <string_view>

#include "kith/core/result.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/domain/register.hpp"
#include "kith/model/actor.hpp"
#include "kith/store/store.hpp"

namespace kith::domain {

using json = nlohmann::json;

// The member's own data in the area, as one document:
//   {area_id, person, ties, affiliations, consent}
// - person: their record, without notes and external_id (a worker's free
//   text, which may name other people, and another system's case number;
//   both stay available through a subject access request);
// - ties: their live ties, each {id, other_person: {id, display_name}, kind,
//   closeness, frequency, valid_from, valid_to}: nothing of the other person
//   beyond their id and name, and not the tie's notes;
// - affiliations: their live affiliations, each {id, group or place: {id,
//   name}, role, frequency, valid_from, valid_to};
// - consent: {status, date, scope}.
// not_found, in plain words, when their grant in the area names no person or
// the person is no longer in the register. The read is audited (action read
// on the person, the fields returned, counts of ties and affiliations) and
// the row committed before the document is returned.
Result<json> read_own_record(store::Store& s, const User& u, std::string_view area_id, const Actor& who);

// The member gives or withdraws their own consent. `body` is
//   {"status": "given", "scope": ["research", …]}  or  {"status": "withdrawn"}
// with an optional "revision" (the person's, as read: 409 when it changed
// since). Giving needs at least one scope; withdrawing takes none and ends
// every scope. The consent date becomes today (UTC); every other field of
// the body is refused (invalid, naming it). The change is the register's own
// update of the person (Register::update): validated, revision-checked,
// audited with the fields changed, and the area's register revision bumped,
// so analyses, exports and suggestions follow it at once. Returns
// {consent: {status, date, scope}, revision}. not_found as for
// read_own_record.
Result<json> change_own_consent(Register& reg, const User& u, std::string_view area_id, const json& body,
                                const Actor& who);

}  // namespace kith::domain
