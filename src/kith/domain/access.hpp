#pragma once
// Who may do what, by role and area (issue 9). Every HTTP route names one Need
// in the route table (api/routes.cpp); this file says which roles meet each
// need, and so is the one place the access policy lives. docs/security.md
// describes it for a data-protection officer; tests/api/authz_matrix.txt lists
// the outcome of every route for every role, and the matrix test checks it.
#include <string_view>
#include <vector>

#include "kith/domain/accounts.hpp"

namespace kith::domain {

// What a route needs. Area-bound needs are checked against the area the route
// names; the rest are not about one area.
enum class Need {
  open,            // anyone, signed in or not: health, the API description, log-in, first set-up
  signed_in,       // any signed-in user: their own session; the list of areas (only theirs are listed)
  area_member,     // any role in the area: read the area's own record
  area_admin,      // admin of the area: change the area; its audit log; subject access and erasure
  deployment_admin,  // an all-areas admin: create and delete areas
  register_read,   // people, ties, affiliations: read and list; exports (named, and the research one)
  register_write,  // people, ties, affiliations, groups, places: create, change, delete; import
  directory_read,  // groups and places (the community asset directory): read and list
  network_detail,  // per-person network metrics, ego networks, full exports with names
  aggregates,      // area-level figures with small counts suppressed
  own_record,      // a member (a resident): their own record, ties, affiliations and consent
  survey           // survey instruments, waves and interviews (fieldwork): admins and researchers
};
std::string_view need_name(Need n);  // "register_read", ...

// The roles that meet an area-bound need in their area (an all-areas grant
// meets it in every area). Empty for open and signed_in, and for
// deployment_admin, which only an all-areas admin grant meets. own_record is
// met by member alone: an all-areas admin is no resident of any area.
std::vector<Role> roles_meeting(Need n);

// What a signed-in user may do with a route that needs `n`, in `area_id`
// (empty when the route names no area).
enum class Decision {
  allowed,
  forbidden,  // 403: the user may know the area exists but may not do this
  hidden      // 404: a record in an area the user holds no role in (so its ids cannot be probed)
};
// `addresses_record` is true when the route names one record (a path with an
// {id}, an area itself, or the caller's own record): a user with no role in
// that area is told "not found", as for an id that does not exist.
Decision decide(const User& u, Need n, std::string_view area_id, bool addresses_record);

// Whether the user holds any role in the area (or an all-areas grant).
bool has_any_role_in(const User& u, std::string_view area_id);

// The areas whose records the user may list: empty with `all` set for an
// all-areas grant, else the areas of their grants.
struct VisibleAreas {
  bool all = false;
  std::vector<std::string> area_ids;  // sorted, unique
};
VisibleAreas visible_areas(const User& u);

// Whether the user may see named people and their identifiers in the area's
// figures (brokers, venues' members): not a commissioner-only view.
bool sees_individuals(const User& u, std::string_view area_id);

// The person (pe_…) whose own record the user may see and change in the area:
// the one their member grant there names. Empty when they hold no member
// grant in the area, or one that names nobody.
std::string own_person(const User& u, std::string_view area_id);

}  // namespace kith::domain
