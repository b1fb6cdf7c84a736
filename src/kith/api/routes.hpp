#pragma once
// The route table: every path the server answers, described once. The server
// dispatches from it and the OpenAPI document is generated from it, so the two
// cannot drift (tests/api checks both ways).
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kith/domain/access.hpp"
#include "kith/model/schema.hpp"

namespace kith::api {

enum class Op {
  front_page, health, openapi, log_in, who_am_i, log_out, log_out_everywhere, change_password, first_admin,
  list, create, read, update, remove, import_data, export_data, network, network_layout, network_summary, ego,
  subject_access, erase, audit_log, own_record, own_consent, area_users, add_area_user, change_area_user,
  grant_area_role, revoke_area_role, reset_area_password, survey_scales, list_instruments, create_instrument,
  read_instrument, update_instrument, list_waves, create_wave, read_wave, update_wave, list_interviews,
  read_interview, put_interview, list_mentions, mention_suggestions, propose_mention, review_mention, wave_report, carry_forward,
  list_assignments, create_assignment, delete_assignment, put_visit, fieldwork_report, list_merges, merge_people, consent_counts,
  undo_merge, import_netcanvas
};

// How a route finds the area its access is checked in.
enum class AreaFrom { none, area_param, id_param };  // none; {area}; {id} (an area itself)

// What a route reads from the request body, and so its size limit and media types.
enum class BodyKind { none, json, import, xml };  // xml: a Network Canvas GraphML export

inline constexpr size_t kJsonBodyBytesMax = 1u << 20;     // records are small
inline constexpr size_t kImportBodyBytesMax = 256u << 20;  // a whole area's files
inline constexpr size_t kQueryTextBytesMax = 200;          // ?q= and ?tag= values
inline constexpr std::string_view kApiPrefix = "/api/v1";

struct Route {
  std::string method;                // "GET", "POST", "PATCH", "DELETE"
  std::string path;                  // "/api/v1/areas/{area}/people/{id}"
  Op op = Op::health;
  const model::Entity* entity = nullptr;  // for list/create/read/update/remove
  std::string summary;
  std::vector<std::string> query;    // query parameters the route accepts
  BodyKind body = BodyKind::none;
  // Access (issue 9): what the caller needs, and where the area is. Every
  // route states both; the server checks them before the handler runs.
  domain::Need need = domain::Need::signed_in;
  AreaFrom area = AreaFrom::none;
  // Names one record: a path with an {id}, or the caller's own record (a
  // member's), so a user with no role in the area is told "not found".
  bool addresses_record() const;
};

const std::vector<Route>& routes();

// Query parameters a list of `e` accepts (only the filters the entity supports).
std::vector<std::string> list_query_params(const model::Entity& e);

// The path parameter names of a pattern, in order: {"area", "id"}.
std::vector<std::string> path_params(std::string_view pattern);

struct RouteMatch {
  const Route* route = nullptr;              // set when method and path match
  std::map<std::string, std::string> params; // path parameters by name
  std::vector<std::string> allowed;          // methods the path answers (for 405)
};
// HEAD is answered as GET.
RouteMatch match_route(std::string_view method, std::string_view path);

}  // namespace kith::api
