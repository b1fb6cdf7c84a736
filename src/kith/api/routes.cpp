#include "kith/api/routes.hpp"

#include <cassert>

namespace kith::api {
namespace {

std::string join(std::string_view a, std::string_view b) { return std::string(a) + std::string(b); }

using domain::Need;

// Reading the register (people, ties, affiliations) is for admins and
// researchers; the directory of groups and places is wider (domain/access.cpp).
Need read_need(const model::Entity& e) {
  return &e == &model::groups() || &e == &model::places() ? Need::directory_read : Need::register_read;
}

void add_area_routes(std::vector<Route>& out, const model::Entity& e) {
  std::string collection = join(kApiPrefix, "/areas"), item = collection + "/{id}";
  out.push_back({"GET", collection, Op::list, &e, "List the areas you hold a role in", list_query_params(e), BodyKind::none,
                 Need::signed_in, AreaFrom::none});
  out.push_back({"POST", collection, Op::create, &e, "Create an area", {}, BodyKind::json, Need::deployment_admin,
                 AreaFrom::none});
  out.push_back({"GET", item, Op::read, &e, "Read one area", {}, BodyKind::none, Need::area_member, AreaFrom::id_param});
  out.push_back({"PATCH", item, Op::update, &e, "Change some fields of an area", {}, BodyKind::json, Need::area_admin,
                 AreaFrom::id_param});
  out.push_back({"DELETE", item, Op::remove, &e, "Delete an area", {}, BodyKind::none, Need::deployment_admin,
                 AreaFrom::id_param});
}

// Everything else lives inside one area.
void add_entity_routes(std::vector<Route>& out, const model::Entity& e) {
  if (!e.area_scoped) return add_area_routes(out, e);
  std::string collection = join(kApiPrefix, "/areas/{area}/") + std::string(e.plural);
  std::string item = collection + "/{id}";
  std::string name(e.name);
  const Need read = read_need(e), write = Need::register_write;
  const AreaFrom in = AreaFrom::area_param;
  out.push_back({"GET", collection, Op::list, &e, "List " + std::string(e.plural), list_query_params(e), BodyKind::none,
                 read, in});
  out.push_back({"POST", collection, Op::create, &e, "Create a " + name, {}, BodyKind::json, write, in});
  out.push_back({"GET", item, Op::read, &e, "Read one " + name, {}, BodyKind::none, read, in});
  out.push_back({"PATCH", item, Op::update, &e, "Change some fields of a " + name, {}, BodyKind::json, write, in});
  out.push_back({"DELETE", item, Op::remove, &e, "Delete a " + name, {}, BodyKind::none, write, in});
}

void add_session_routes(std::vector<Route>& out) {
  out.push_back({"POST", join(kApiPrefix, "/session"), Op::log_in, nullptr,
                 "Log in: sets the kith_session cookie and returns the CSRF token", {}, BodyKind::json, Need::open,
                 AreaFrom::none});
  out.push_back({"GET", join(kApiPrefix, "/session"), Op::who_am_i, nullptr, "Who is logged in, with their roles", {},
                 BodyKind::none, Need::signed_in, AreaFrom::none});
  out.push_back({"DELETE", join(kApiPrefix, "/session"), Op::log_out, nullptr, "Log out of this session", {},
                 BodyKind::none, Need::signed_in, AreaFrom::none});
  out.push_back({"DELETE", join(kApiPrefix, "/sessions"), Op::log_out_everywhere, nullptr,
                 "Log out of every session of this user", {}, BodyKind::none, Need::signed_in, AreaFrom::none});
  out.push_back({"POST", join(kApiPrefix, "/session/password"), Op::change_password, nullptr,
                 "Change your own password: ends your other sessions, keeps this one", {}, BodyKind::json,
                 Need::signed_in, AreaFrom::none});
  out.push_back({"POST", join(kApiPrefix, "/setup"), Op::first_admin, nullptr,
                 "Create the first administrator: only while no account exists, and only from this machine", {},
                 BodyKind::json, Need::open, AreaFrom::none});
}

// A member's own data: the person their grant names, never anyone else's
// record (domain/own_record.hpp).
void add_own_record_routes(std::vector<Route>& out) {
  const AreaFrom in = AreaFrom::area_param;
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/me"), Op::own_record, nullptr,
                 "Your own record in the area: your details, your ties and affiliations, and your consent (members)",
                 {}, BodyKind::none, Need::own_record, in});
  out.push_back({"PATCH", join(kApiPrefix, "/areas/{area}/me/consent"), Op::own_consent, nullptr,
                 "Give or withdraw your own consent, and say what it covers (members)", {}, BodyKind::json,
                 Need::own_record, in});
}

// One area's user accounts, for its admins (the Users page, issue 10); the
// rules (other areas' users, the last admin) are domain/accounts.hpp's.
void add_area_user_routes(std::vector<Route>& out) {
  const AreaFrom in = AreaFrom::area_param;
  const Need need = Need::area_admin;
  const std::string users = join(kApiPrefix, "/areas/{area}/users"), user = users + "/{username}";
  out.push_back({"GET", users, Op::area_users, nullptr,
                 "The users holding a role in this area: their roles here and when they last logged in", {},
                 BodyKind::none, need, in});
  out.push_back({"POST", users, Op::add_area_user, nullptr,
                 "Add a user with a role in this area; answers a one-time password, once", {}, BodyKind::json, need,
                 in});
  out.push_back({"PATCH", user, Op::change_area_user, nullptr,
                 "Disable a user (ends their sessions) or enable them again", {}, BodyKind::json, need, in});
  out.push_back({"POST", user + "/roles", Op::grant_area_role, nullptr, "Give a user a role in this area", {},
                 BodyKind::json, need, in});
  out.push_back({"DELETE", user + "/roles/{role}", Op::revoke_area_role, nullptr,
                 "Take a role in this area away from a user", {}, BodyKind::none, need, in});
  out.push_back({"POST", user + "/password", Op::reset_area_password, nullptr,
                 "Reset a user's password to a new one-time password, answered once; ends their sessions", {},
                 BodyKind::none, need, in});
}

// Surveys (issue 11): instruments, waves and the interviews a device sends,
// for the area's admins and researchers (domain/survey/surveys.hpp).
void add_survey_routes(std::vector<Route>& out) {
  const AreaFrom in = AreaFrom::area_param;
  const Need need = Need::survey;
  const std::string base = join(kApiPrefix, "/areas/{area}/survey");
  const std::string instruments = base + "/instruments", waves = base + "/waves";
  const std::string interviews = waves + "/{wave}/interviews";
  out.push_back({"GET", join(kApiPrefix, "/survey/scales"), Op::survey_scales, nullptr,
                 "The validated scales kith scores: items as their publishers word them, answer codes and sources",
                 {}, BodyKind::none, Need::signed_in, AreaFrom::none});
  out.push_back({"GET", instruments, Op::list_instruments, nullptr, "The area's survey instruments, every version", {},
                 BodyKind::none, need, in});
  out.push_back({"POST", instruments, Op::create_instrument, nullptr,
                 "Make a survey instrument (a draft, the next version of its name)", {}, BodyKind::json, need, in});
  out.push_back({"GET", instruments + "/{id}", Op::read_instrument, nullptr, "One survey instrument with its sections",
                 {}, BodyKind::none, need, in});
  out.push_back({"PATCH", instruments + "/{id}", Op::update_instrument, nullptr,
                 "Change a draft instrument, or publish it (then it never changes)", {}, BodyKind::json, need, in});
  // No personal data in the list, and a commissioner needs it to find a wave's report.
  out.push_back({"GET", waves, Op::list_waves, nullptr, "The area's survey waves: baseline, follow-up 1, …", {},
                 BodyKind::none, Need::aggregates, in});
  out.push_back({"POST", waves, Op::create_wave, nullptr, "Start a survey wave with a published instrument", {},
                 BodyKind::json, need, in});
  out.push_back({"GET", waves + "/{id}", Op::read_wave, nullptr,
                 "One wave with its instrument and the area's groups and places: what a device keeps to work offline",
                 {}, BodyKind::none, need, in});
  out.push_back({"PATCH", waves + "/{id}", Op::update_wave, nullptr, "Rename, close or reopen a wave", {},
                 BodyKind::json, need, in});
  out.push_back({"GET", waves + "/{id}/report", Op::wave_report, nullptr,
                 "What the wave found and what changed since the wave before: response, coverage, wellbeing by "
                 "contacts, ties and people gained and lost (aggregates only, small numbers withheld, for a "
                 "commissioner); ?format=csv",
                 {"format"}, BodyKind::none, Need::aggregates, in});
  out.push_back({"GET", waves + "/{wave}/carry-forward", Op::carry_forward, nullptr,
                 "At a follow-up wave, each respondent of the wave before with the names they gave then, to ask "
                 "after them first",
                 {}, BodyKind::none, need, in});
  out.push_back({"GET", interviews, Op::list_interviews, nullptr, "The wave's interviews, without their answers", {},
                 BodyKind::none, need, in});
  out.push_back({"GET", interviews + "/{id}", Op::read_interview, nullptr, "One interview with its answers and scores",
                 {}, BodyKind::none, need, in});
  out.push_back({"PUT", interviews + "/{id}", Op::put_interview, nullptr,
                 "Send an interview from a device, keyed by the device: a batch sent again changes nothing; a copy "
                 "changed elsewhere is a conflict",
                 {}, BodyKind::json, need, in});
  const std::string assignments = waves + "/{wave}/assignments";
  out.push_back({"GET", assignments, Op::list_assignments, nullptr,
                 "The streets and households given to interviewers in the wave, and who may be given one", {},
                 BodyKind::none, need, in});
  out.push_back({"POST", assignments, Op::create_assignment, nullptr,
                 "Give a street, or one household, to an interviewer", {}, BodyKind::json, need, in});
  out.push_back({"DELETE", assignments + "/{id}", Op::delete_assignment, nullptr, "Take an assignment back", {},
                 BodyKind::none, need, in});
  out.push_back({"PUT", waves + "/{wave}/visits/{id}", Op::put_visit, nullptr,
                 "Record a doorstep visit that did not become an interview, keyed by the device: sent again, it is "
                 "the same visit",
                 {}, BodyKind::json, need, in});
  out.push_back({"POST", waves + "/{wave}/netcanvas", Op::import_netcanvas, nullptr,
                 "Import interviews exported from Network Canvas (its GraphML), all or nothing: each session a "
                 "completed interview; a session imported before adds nothing",
                 {"consent_scope", "generator", "node_type"}, BodyKind::xml, need, in});
  out.push_back({"GET", waves + "/{wave}/fieldwork", Op::fieldwork_report, nullptr,
                 "Coverage by street, response and refusal rates, and each interviewer's progress", {},
                 BodyKind::none, need, in});
  const std::string mention = base + "/mentions/{id}";
  out.push_back({"GET", waves + "/{wave}/mentions", Op::list_mentions, nullptr,
                 "The people respondents named in the wave and how each was resolved: the review queue",
                 {"status"}, BodyKind::none, need, in});
  out.push_back({"GET", mention + "/suggestions", Op::mention_suggestions, nullptr,
                 "Who in the register a named person may be, best first, with the reasons", {}, BodyKind::none, need,
                 in});
  out.push_back({"POST", mention + "/proposal", Op::propose_mention, nullptr,
                 "Propose who a named person is: a register person, a new person, or nobody yet", {}, BodyKind::json,
                 need, in});
  out.push_back({"POST", mention + "/review", Op::review_mention, nullptr,
                 "Confirm another researcher's proposal (a person becomes a survey tie) or send it back", {},
                 BodyKind::json, need, in});
}

std::vector<Route> build_routes() {
  std::vector<Route> out;
  const AreaFrom in = AreaFrom::area_param;
  out.push_back({"GET", "/", Op::front_page, nullptr, "The web page", {}, BodyKind::none, Need::open, AreaFrom::none});
  out.push_back({"GET", join(kApiPrefix, "/health"), Op::health, nullptr, "Is the server up, and on which database", {},
                 BodyKind::none, Need::open, AreaFrom::none});
  out.push_back({"GET", join(kApiPrefix, "/openapi.json"), Op::openapi, nullptr, "This API as OpenAPI 3", {},
                 BodyKind::none, Need::open, AreaFrom::none});
  add_session_routes(out);
  for (const model::Entity* e : model::all_entities()) add_entity_routes(out, *e);
  out.push_back({"POST", join(kApiPrefix, "/areas/{area}/import"), Op::import_data, nullptr,
                 "Import a file into an area, all or nothing; ?preview=true checks every row and counts, writing nothing", {"format", "preview"}, BodyKind::import, Need::register_write, in});
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/export"), Op::export_data, nullptr,
                 "Export an area as a file", {"format", "part"}, BodyKind::none, Need::register_read, in});
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/network"), Op::network, nullptr,
                 "Network metrics of every person in the area, from their ties, or of one community's people with "
                 "?community=, of the people in one isolation class with ?isolation=, or of one person with ?person=",
                 {"at", "kind", "evidence", "min_closeness", "exact", "community", "isolation", "person"},
                 BodyKind::none, Need::network_detail, in});
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/network/layout"), Op::network_layout, nullptr,
                 "Positions to draw the network by (ForceAtlas2); above the server's size limit its communities, "
                 "or one community's people with ?community=",
                 {"at", "kind", "evidence", "min_closeness", "seed", "iterations", "community"}, BodyKind::none,
                 Need::network_detail, in});
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/network/summary"), Op::network_summary, nullptr,
                 "Area-level measures: isolation, brokers, communities, what brings people together, by a person "
                 "attribute when asked (small counts suppressed); as JSON, or as CSV for a spreadsheet",
                 {"at", "kind", "evidence", "min_closeness", "by", "exact", "format"}, BodyKind::none, Need::aggregates, in});
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/people/{id}/ego"), Op::ego, nullptr,
                 "One person's ego network: contacts, density, tie kinds, weekly contact, constraint",
                 {"at", "kind", "evidence", "min_closeness", "exact"}, BodyKind::none, Need::network_detail, in});
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/audit"), Op::audit_log, nullptr,
                 "The area's audit log, newest first: who read or changed what, about whom, when and from where",
                 {"person", "user", "from", "to", "cursor", "limit"}, BodyKind::none, Need::area_admin, in});
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/people/{id}/subject-access"), Op::subject_access, nullptr,
                 "Everything held about one person, as one document (a subject access request)", {}, BodyKind::none,
                 Need::area_admin, in});
  out.push_back({"POST", join(kApiPrefix, "/areas/{area}/people/{id}/erase"), Op::erase, nullptr,
                 "Erase a person: every identifying field goes, for good; the anonymous structure stays", {},
                 BodyKind::none, Need::area_admin, in});
  out.push_back({"GET", join(kApiPrefix, "/areas/{area}/consent"), Op::consent_counts, nullptr,
                 "Where the area's consent stands: how many people hold each consent status, and of those who gave "
                 "it, how many for each use; with ?q=, of the people the same search of the people list finds",
                 {"q"}, BodyKind::none, Need::register_read, in});
  const std::string merges = join(kApiPrefix, "/areas/{area}/merges");
  out.push_back({"GET", merges, Op::list_merges, nullptr,
                 "The area's merges of two records of one person, newest first, standing and undone; with "
                 "?person=, those that kept or merged that person",
                 {"person"}, BodyKind::none, Need::register_read, in});
  out.push_back({"POST", merges, Op::merge_people, nullptr,
                 "Merge two records of one person: the kept one takes over the other's ties, affiliations and survey "
                 "records; logged, and can be undone",
                 {}, BodyKind::json, Need::register_write, in});
  out.push_back({"POST", merges + "/{id}/undo", Op::undo_merge, nullptr,
                 "Undo a merge: what it moved goes back and the merged record returns", {}, BodyKind::none,
                 Need::register_write, in});
  add_area_user_routes(out);
  add_own_record_routes(out);
  add_survey_routes(out);
  return out;
}

// Splits "/a/b/c" into {"a","b","c"}; "/" gives {""}.
std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path[0] != '/') return out;
  size_t start = 1;
  for (;;) {
    size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool is_param(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }

// Matches one pattern against a path, filling `params`.
bool matches(std::string_view pattern, std::string_view path, std::map<std::string, std::string>& params) {
  auto want = segments(pattern), got = segments(path);
  if (want.size() != got.size() || want.empty()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (is_param(want[i])) {
      if (got[i].empty()) return false;
      found.emplace(std::string(want[i].substr(1, want[i].size() - 2)), std::string(got[i]));
    } else if (want[i] != got[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

std::vector<std::string> list_query_params(const model::Entity& e) {
  std::vector<std::string> q = {"limit", "cursor"};
  if (!e.kind_field.empty()) q.push_back("kind");
  if (!e.tag_field.empty()) q.push_back("tag");
  if (!e.text_fields.empty()) q.push_back("q");
  if (!e.person_refs.empty()) q.push_back("person");
  if (e.field("group_id")) q.push_back("group");
  if (e.field("place_id")) q.push_back("place");
  if (e.field("consent_status")) q.push_back("consent");
  if (e.dated) q.push_back("at");
  if (e.area_scoped) q.push_back("ids");
  return q;
}

bool Route::addresses_record() const {
  return path.find("/{id}") != std::string::npos || need == Need::own_record;
}

const std::vector<Route>& routes() {
  static const std::vector<Route> table = build_routes();
  return table;
}

std::vector<std::string> path_params(std::string_view pattern) {
  std::vector<std::string> out;
  for (auto seg : segments(pattern))
    if (is_param(seg)) out.emplace_back(seg.substr(1, seg.size() - 2));
  return out;
}

RouteMatch match_route(std::string_view method, std::string_view path) {
  std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  RouteMatch m;
  for (const Route& r : routes()) {
    std::map<std::string, std::string> params;
    if (!matches(r.path, path, params)) continue;
    m.allowed.push_back(r.method);
    if (r.method == wanted && m.route == nullptr) {
      m.route = &r;
      m.params = std::move(params);
    }
  }
  assert(m.route == nullptr || !m.allowed.empty());
  return m;
}

}  // namespace kith::api
