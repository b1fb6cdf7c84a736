#include "kith/domain/access.hpp"

#include <algorithm>

#include "kith/core/assert.hpp"

namespace kith::domain {

std::string_view need_name(Need n) {
  switch (n) {
    case Need::open: return "open";
    case Need::signed_in: return "signed_in";
    case Need::area_member: return "area_member";
    case Need::area_admin: return "area_admin";
    case Need::deployment_admin: return "deployment_admin";
    case Need::register_read: return "register_read";
    case Need::register_write: return "register_write";
    case Need::directory_read: return "directory_read";
    case Need::network_detail: return "network_detail";
    case Need::aggregates: return "aggregates";
    case Need::own_record: return "own_record";
    case Need::survey: return "survey";
  }
  KITH_ASSERT(false && "unknown Need");
  return "";
}

// The policy. Link workers, brokers and coordinators see the directory of
// groups and places but no whole register or network (their own caseloads,
// time banks and circles come with later issues); commissioners see only
// aggregates; members (residents) see the area's own record and their own
// record (own_record), never the register: their own record is the one person
// their grant names (own_person), and only they meet own_record, so no worker
// reaches a person's data through the member routes.
std::vector<Role> roles_meeting(Need n) {
  switch (n) {
    case Need::open:
    case Need::signed_in:
    case Need::deployment_admin: return {};
    case Need::area_member: return {kRoles.begin(), kRoles.end()};
    case Need::area_admin: return {Role::admin};
    case Need::register_read:
    case Need::register_write:
    case Need::network_detail:
    case Need::survey: return {Role::admin, Role::researcher};
    case Need::directory_read:
      return {Role::admin, Role::researcher, Role::link_worker, Role::broker, Role::coordinator};
    case Need::aggregates: return {Role::admin, Role::researcher, Role::commissioner};
    case Need::own_record: return {Role::member};
  }
  KITH_ASSERT(false && "unknown Need");
  return {};
}

bool has_any_role_in(const User& u, std::string_view area_id) {
  return std::any_of(u.grants.begin(), u.grants.end(),
                     [&](const Grant& g) { return g.all_areas() || g.area_id == area_id; });
}

namespace {

bool is_deployment_admin(const User& u) {
  return std::any_of(u.grants.begin(), u.grants.end(),
                     [](const Grant& g) { return g.role == Role::admin && g.all_areas(); });
}

bool meets(const User& u, Need n, std::string_view area_id) {
  auto roles = roles_meeting(n);
  return std::any_of(roles.begin(), roles.end(), [&](Role r) { return has_role(u, r, area_id); });
}

}  // namespace

Decision decide(const User& u, Need n, std::string_view area_id, bool addresses_record) {
  if (n == Need::open || n == Need::signed_in) return Decision::allowed;
  const bool ok = n == Need::deployment_admin ? is_deployment_admin(u) : meets(u, n, area_id);
  if (ok) return Decision::allowed;
  if (addresses_record && !area_id.empty() && !has_any_role_in(u, area_id)) return Decision::hidden;
  return Decision::forbidden;
}

VisibleAreas visible_areas(const User& u) {
  VisibleAreas v;
  for (const Grant& g : u.grants) {
    if (g.all_areas()) {
      v.all = true;
      v.area_ids.clear();
      return v;
    }
    v.area_ids.push_back(g.area_id);
  }
  std::sort(v.area_ids.begin(), v.area_ids.end());
  v.area_ids.erase(std::unique(v.area_ids.begin(), v.area_ids.end()), v.area_ids.end());
  return v;
}

bool sees_individuals(const User& u, std::string_view area_id) { return meets(u, Need::network_detail, area_id); }

std::string own_person(const User& u, std::string_view area_id) {
  for (const Grant& g : u.grants)
    if (g.role == Role::member && !g.all_areas() && g.area_id == area_id) return g.person_id;
  return {};
}

}  // namespace kith::domain
