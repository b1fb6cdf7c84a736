#include "kith/api/openapi.hpp"

#include <string_view>

#include "kith/analysis/layout.hpp"
#include "kith/api/routes.hpp"
#include "kith/core/text.hpp"
#include "kith/store/repository.hpp"

namespace kith::api {
namespace {

using nlohmann::json;
using model::Entity;
using model::Field;
using model::FieldType;

json schema_ref(std::string_view name) { return json{{"$ref", "#/components/schemas/" + std::string(name)}}; }

json string_enum(const std::vector<std::string_view>& choices) {
  json out = json::array();
  for (auto c : choices) out.push_back(std::string(c));
  return out;
}

// One field's schema, as stored and returned (`nullable` when it may be unset).
json field_schema(const Field& f, bool nullable) {
  json s;
  switch (f.type) {
    case FieldType::text:
      s = {{"type", "string"}};
      if (f.max_len > 0) s["maxLength"] = f.max_len;
      break;
    case FieldType::integer:
      s = {{"type", "integer"}, {"format", "int64"}};
      if (f.min < f.max) { s["minimum"] = static_cast<int64_t>(f.min); s["maximum"] = static_cast<int64_t>(f.max); }
      break;
    case FieldType::real:
      s = {{"type", "number"}, {"format", "double"}};
      if (f.min < f.max) { s["minimum"] = f.min; s["maximum"] = f.max; }
      break;
    case FieldType::boolean: s = {{"type", "boolean"}}; break;
    case FieldType::date: s = {{"type", "string"}, {"format", "date"}}; break;
    case FieldType::enumeration: s = {{"type", "string"}, {"enum", string_enum(f.choices)}}; break;
    case FieldType::tags: {
      json item = {{"type", "string"}};
      if (!f.choices.empty()) item["enum"] = string_enum(f.choices);
      s = {{"type", "array"}, {"items", item}};
      if (f.max_len > 0) s["maxItems"] = f.max_len;
      break;
    }
    case FieldType::bbox:
      s = {{"type", "array"}, {"items", {{"type", "number"}}}, {"minItems", 4}, {"maxItems", 4}};
      break;
    case FieldType::ref:
      s = {{"type", "string"}, {"description", "Id of a " + std::string(f.ref) + " in the same area"}};
      break;
  }
  if (!f.doc.empty()) s["description"] = std::string(f.doc);
  if (!f.default_json.empty()) s["default"] = json::parse(f.default_json);
  if (f.immutable) s["description"] = s.value("description", std::string()) + " (fixed once created)";
  if (nullable && f.type != FieldType::tags) s["nullable"] = true;
  return s;
}

json text_schema(std::string_view description, bool nullable = false) {
  json s = {{"type", "string"}, {"description", std::string(description)}};
  if (nullable) s["nullable"] = true;
  return s;
}

json record_schema(const Entity& e) {
  json props = json::object();
  json required = json::array({"id", "revision", "created_at", "updated_at"});
  props["id"] = text_schema("Opaque id, prefix \"" + std::string(e.id_prefix) + "_\"");
  if (e.area_scoped) {
    props["area_id"] = text_schema("The area this belongs to");
    required.push_back("area_id");
  }
  props["external_id"] = text_schema("Id in the system it was imported from", true);
  props["revision"] = {{"type", "integer"}, {"format", "int64"},
                       {"description", "Bumped by every change; send it back in PATCH to detect conflicts"}};
  props["created_at"] = {{"type", "string"}, {"format", "date-time"}};
  props["updated_at"] = {{"type", "string"}, {"format", "date-time"}};
  if (!e.area_scoped) {
    props["register_revision"] = {{"type", "integer"}, {"format", "int64"},
                                  {"description", "Bumped by every write in the area"}};
    required.push_back("register_revision");
  }
  for (const Field& f : e.fields) {
    props[std::string(f.name)] = field_schema(f, !f.required);
    if (f.required) required.push_back(std::string(f.name));
  }
  return {{"type", "object"}, {"properties", props}, {"required", required}};
}

json create_schema(const Entity& e) {
  json props = json::object();
  json required = json::array();
  props["external_id"] = {{"type", "string"}, {"description", "Id in another system; unique in the area"}};
  for (const Field& f : e.fields) {
    props[std::string(f.name)] = field_schema(f, !f.required);
    if (f.required) required.push_back(std::string(f.name));
  }
  json s = {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
  if (!required.empty()) s["required"] = required;
  return s;
}

json patch_schema(const Entity& e) {
  json props = json::object();
  props["revision"] = {{"type", "integer"}, {"format", "int64"},
                       {"description", "The revision you read; a newer one on the server gives 409"}};
  props["external_id"] = {{"type", "string"}, {"nullable", true}};
  for (const Field& f : e.fields) props[std::string(f.name)] = field_schema(f, !f.required);
  return {{"type", "object"}, {"properties", props}, {"additionalProperties", false}};
}

json page_schema(const Entity& e) {
  return {{"type", "object"},
          {"required", {"items", "next_cursor"}},
          {"properties",
           {{"items", {{"type", "array"}, {"items", schema_ref(schema_name(e))}}},
            {"next_cursor", {{"type", "string"}, {"nullable", true},
                             {"description", "Pass as ?cursor= for the next page; null on the last page"}}}}}};
}

// What log-in, set-up and GET /session answer.
json session_schema() {
  json role = {{"type", "object"},
               {"properties",
                {{"role", {{"type", "string"}}},
                 {"area", {{"type", "string"}, {"nullable", true}, {"description", "null: all areas"}}}}}};
  json user = {{"type", "object"},
               {"properties",
                {{"id", {{"type", "string"}}},
                 {"username", {{"type", "string"}}},
                 {"display_name", {{"type", "string"}}},
                 {"roles", {{"type", "array"}, {"items", role}}}}}};
  json csrf = {{"type", "string"},
               {"nullable", true},
               {"description", "Send as X-CSRF-Token on every change made with the cookie; null for an API token"}};
  return {{"type", "object"}, {"required", {"user", "csrf_token"}}, {"properties", {{"user", user}, {"csrf_token", csrf}}}};
}

// What a member sends to give or withdraw their own consent.
json own_consent_schema() {
  const model::Field* scope = model::people().field("consent_scope");
  return {{"type", "object"},
          {"required", {"status"}},
          {"additionalProperties", false},
          {"properties",
           {{"status", {{"type", "string"}, {"enum", {"given", "withdrawn"}}}},
            {"scope", {{"type", "array"},
                       {"items", {{"type", "string"}, {"enum", string_enum(scope->choices)}}},
                       {"description", "What the consent covers: at least one use when given, none when withdrawn"}}},
            {"revision", {{"type", "integer"}, {"format", "int64"},
                          {"description", "The person's revision you read; a newer one on the server gives 409"}}}}}};
}

// One user as an area's admins see them: only their roles in this area.
json area_user_schema() {
  json nullable_text = {{"type", "string"}, {"nullable", true}};
  json role = {{"type", "object"},
               {"properties",
                {{"role", {{"type", "string"}}},
                 {"all_areas", {{"type", "boolean"}, {"description", "An admin of every area (a deployment administrator)"}}},
                 {"person_id", nullable_text},
                 {"person_name", nullable_text}}}};
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "string"}}},
            {"username", {{"type", "string"}}},
            {"display_name", {{"type", "string"}}},
            {"disabled", {{"type", "boolean"}}},
            {"last_log_in", {{"type", "string"}, {"nullable", true}, {"description", "UTC time their newest session began; null: never"}}},
            {"can_change", {{"type", "boolean"}, {"description", "Whether you may change this account (it works only in areas you administer)"}}},
            {"roles", {{"type", "array"}, {"items", role}}}}}};
}

json new_area_user_schema() {
  return {{"type", "object"},
          {"required", {"username", "role"}},
          {"additionalProperties", false},
          {"properties",
           {{"username", {{"type", "string"}}},
            {"display_name", {{"type", "string"}, {"description", "Empty: the username"}}},
            {"role", {{"type", "string"}}},
            {"person_id", {{"type", "string"}, {"description", "For a member: the person of this area's register the account is"}}}}}};
}

json one_time_password_schema() {
  return {{"type", "object"},
          {"required", {"user", "password"}},
          {"properties",
           {{"user", {{"type", "object"}}},
            {"password", {{"type", "string"}, {"description", "Shown once, never stored; the user changes it on the Account page"}}}}}};
}

json shared_schemas() {
  json counts = {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}},
                 {"description", "By entity plural, e.g. {\"people\": 12}"}};
  return {
      {"Error",
       {{"type", "object"},
        {"required", {"error"}},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"required", {"code", "message", "field"}},
            {"properties",
             {{"code", {{"type", "string"},
                        {"enum", {"invalid", "not_found", "conflict", "too_large", "unsupported_media_type",
                                  "unavailable", "internal", "method_not_allowed", "unauthenticated",
                                  "forbidden", "too_many_requests", "misdirected", "storage_full"}}}},
              {"message", {{"type", "string"}, {"description", "What went wrong and what to do, in plain words"}}},
              {"field", {{"type", "string"}, {"nullable", true}, {"description", "The field or column at fault"}}},
              {"line", {{"type", "integer"}, {"description", "1-based line of an imported file"}}}}}}}}}}},
      {"LogIn",
       {{"type", "object"},
        {"required", {"username", "password"}},
        {"additionalProperties", false},
        {"properties", {{"username", {{"type", "string"}}}, {"password", {{"type", "string"}}},
                        {"display_name", {{"type", "string"}, {"description", "Only for /setup"}}}}}}},
      {"Session", session_schema()},
      {"OwnConsent", own_consent_schema()},
      {"AreaUser", area_user_schema()},
      {"NewAreaUser", new_area_user_schema()},
      {"OneTimePassword", one_time_password_schema()},
      {"Health",
       {{"type", "object"},
        {"required", {"status", "engine", "schema_version", "version"}},
        {"properties",
         {{"status", {{"type", "string"}, {"enum", {"ok"}}}},
          {"engine", {{"type", "string"}, {"enum", {"sqlite", "postgresql"}}}},
          {"schema_version", {{"type", "integer"}}},
          {"version", {{"type", "string"}}}}}}},
      {"ImportReport",
       {{"type", "object"},
        {"properties",
         {{"rows", {{"type", "integer"}, {"description", "Data rows read"}}},
          {"added", counts}, {"updated", counts}, {"unchanged", counts}}}}},
      {"KumuImport",
       {{"type", "object"},
        {"required", {"elements"}},
        {"additionalProperties", false},
        {"properties",
         {{"elements", {{"type", "string"}, {"description", "The Kumu elements CSV, as text"}}},
          {"connections", {{"type", "string"}, {"description", "The Kumu connections CSV, as text"}}}}}}},
  };
}

json error_response(std::string_view description) {
  return {{"description", std::string(description)},
          {"content", {{"application/json", {{"schema", schema_ref("Error")}}}}}};
}

json json_response(std::string_view description, json schema) {
  return {{"description", std::string(description)}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json path_parameter(const std::string& name) {
  std::string doc = name == "area"       ? "Id of the area"
                    : name == "username" ? "The user's username (any case)"
                    : name == "role"     ? "A role name: admin, researcher, link_worker, broker, coordinator, "
                                           "commissioner or member"
                                         : "Id of the record";
  return {{"name", name}, {"in", "path"}, {"required", true}, {"description", doc}, {"schema", {{"type", "string"}}}};
}

json query_parameter(const std::string& name, const Route& r) {
  const Entity* e = r.entity;
  json p = {{"name", name}, {"in", "query"}, {"required", false}};
  if (name == "format" && (r.op == Op::network_summary || r.op == Op::wave_report)) {
    p["description"] = "json, or csv: one row per figure for a spreadsheet, with the same suppression "
                       "(docs/metrics.md)";
    p["schema"] = {{"type", "string"}, {"enum", {"json", "csv"}}, {"default", "json"}};
  } else if (name == "consent_scope") {
    p["required"] = true;
    p["description"] = "What the respondents' consent covers, comma-separated: research, timebank, referrals, "
                       "suggestions (docs/surveys.md, \"Network Canvas interviews\")";
    p["schema"] = {{"type", "string"}};
  } else if (name == "generator") {
    p["description"] = "The instrument's name question the people named answer (default: its first)";
    p["schema"] = {{"type", "string"}};
  } else if (name == "node_type") {
    p["description"] = "The Network Canvas node type of the people named";
    p["schema"] = {{"type", "string"}, {"default", "Person"}};
  } else if (name == "limit") {
    p["description"] = "Items per page";
    p["schema"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", store::kPageLimitMax},
                   {"default", store::kPageLimitDefault}};
  } else if (name == "cursor") {
    p["description"] = "next_cursor from the previous page";
    p["schema"] = {{"type", "string"}};
  } else if (name == "kind" && e) {
    p["description"] = "Only records whose " + std::string(e->kind_field) + " is this";
    p["schema"] = {{"type", "string"}, {"enum", string_enum(e->field(e->kind_field)->choices)}};
  } else if (name == "kind") {
    p["description"] = "Only ties of these kinds, comma-separated";
    p["schema"] = {{"type", "string"}};
  } else if (name == "min_closeness") {
    p["description"] = "Only ties at least this close (1 to 5)";
    p["schema"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}, {"default", 1}};
  } else if (name == "exact") {
    p["description"] = "Exact betweenness even above the server's size limit (approximate there by default; "
                       "graph.betweenness_method says which was used, with its epsilon and delta)";
    p["schema"] = {{"type", "boolean"}, {"default", false}};
  } else if (name == "seed") {
    p["description"] = "Seed of the layout's starting positions: the same seed gives the same positions";
    p["schema"] = {{"type", "integer"}, {"minimum", 0}, {"default", 1}};
  } else if (name == "iterations") {
    p["description"] = "ForceAtlas2 iterations";
    p["schema"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", analysis::kLayoutIterationsMax},
                   {"default", analysis::kLayoutIterationsDefault}};
  } else if (name == "community") {
    p["description"] = "Only this community's people (a number from the aggregated layout)";
    p["schema"] = {{"type", "integer"}, {"minimum", 0}};
  } else if (name == "isolation") {
    p["description"] = "Only the people in this isolation class (with community=, those of that community)";
    p["schema"] = {{"type", "string"}, {"enum", {"no_ties", "one_tie", "no_weekly_contact", "family_only_ties"}}};
  } else if (name == "by") {
    p["description"] = "Also give the measures for each value of this person attribute";
    p["schema"] = {{"type", "string"}, {"enum", {"birth_band", "postcode_district"}}};
  } else if (name == "tag" && e) {
    p["description"] = "Only records whose " + std::string(e->tag_field) + " include this";
    p["schema"] = {{"type", "string"}, {"maxLength", kQueryTextBytesMax}};
  } else if (name == "q") {
    p["description"] = "Text to look for (any case) in the record's names and notes";
    p["schema"] = {{"type", "string"}, {"maxLength", kQueryTextBytesMax}};
  } else if (name == "person") {
    p["description"] = "Only records that involve this person id";
    p["schema"] = {{"type", "string"}};
  } else if (name == "at") {
    p["description"] = "Only records valid on this day";
    p["schema"] = {{"type", "string"}, {"format", "date"}};
  } else if (name == "format") {
    p["required"] = true;
    p["description"] = "File format";
    p["schema"] = {{"type", "string"}, {"enum", {"kumu", "edgelist", "json", "graphml", "gexf", "research"}}};
  } else if (name == "user") {
    p["description"] = "Only entries by this account (us_…)";
    p["schema"] = {{"type", "string"}};
  } else if (name == "from" || name == "to") {
    p["description"] = name == "from" ? "Entries at or after this day or UTC time"
                                      : "Entries at or before this UTC time, or through this day";
    p["schema"] = {{"type", "string"}, {"description", "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ"}};
  } else if (name == "part") {
    p["description"] = "For format=kumu: which of the two files";
    p["schema"] = {{"type", "string"}, {"enum", {"elements", "connections"}}};
  } else if (name == "preview") {
    p["description"] = "Check every row and count what the import would do, writing nothing";
    p["schema"] = {{"type", "boolean"}, {"default", false}};
  } else if (name == "group" || name == "place") {
    p["description"] = "Only affiliations with this " + name + " id (its members or visitors)";
    p["schema"] = {{"type", "string"}};
  } else if (name == "consent") {
    p["description"] = "Only people whose consent_status is this";
    p["schema"] = {{"type", "string"}, {"enum", string_enum(model::people().field("consent_status")->choices)}};
  } else if (name == "ids") {
    p["description"] = "Only these records, by id, comma-separated (1 to 200), in the list's order";
    p["schema"] = {{"type", "string"}};
  } else if (name == "evidence") {
    p["description"] = "Only ties known this way (their evidence), comma-separated";
    p["schema"] = {{"type", "string"}};
  }
  return p;
}

std::string capitalised(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// listPeople, createPerson, …: stable names for generated clients.
std::string operation_id(const Route& r) {
  switch (r.op) {
    case Op::front_page: return "frontPage";
    case Op::health: return "health";
    case Op::openapi: return "openapi";
    case Op::log_in: return "logIn";
    case Op::who_am_i: return "readSession";
    case Op::log_out: return "logOut";
    case Op::log_out_everywhere: return "logOutEverywhere";
    case Op::change_password: return "changeOwnPassword";
    case Op::first_admin: return "createFirstAdmin";
    case Op::list: return "list" + capitalised(r.entity->plural);
    case Op::create: return "create" + capitalised(r.entity->name);
    case Op::read: return "read" + capitalised(r.entity->name);
    case Op::update: return "update" + capitalised(r.entity->name);
    case Op::remove: return "delete" + capitalised(r.entity->name);
    case Op::import_data: return "importArea";
    case Op::export_data: return "exportArea";
    case Op::network: return "areaNetwork";
    case Op::ego: return "personEgoNetwork";
    case Op::network_summary: return "areaNetworkSummary";
    case Op::network_layout: return "areaNetworkLayout";
    case Op::subject_access: return "personSubjectAccess";
    case Op::erase: return "erasePerson";
    case Op::audit_log: return "areaAuditLog";
    case Op::own_record: return "readOwnRecord";
    case Op::own_consent: return "changeOwnConsent";
    case Op::area_users: return "listAreaUsers";
    case Op::add_area_user: return "addAreaUser";
    case Op::change_area_user: return "changeAreaUser";
    case Op::grant_area_role: return "grantAreaRole";
    case Op::revoke_area_role: return "revokeAreaRole";
    case Op::reset_area_password: return "resetAreaUserPassword";
    case Op::survey_scales: return "listSurveyScales";
    case Op::list_instruments: return "listSurveyInstruments";
    case Op::create_instrument: return "createSurveyInstrument";
    case Op::read_instrument: return "readSurveyInstrument";
    case Op::update_instrument: return "updateSurveyInstrument";
    case Op::list_waves: return "listSurveyWaves";
    case Op::create_wave: return "createSurveyWave";
    case Op::read_wave: return "readSurveyWave";
    case Op::wave_report: return "surveyWaveReport";
    case Op::carry_forward: return "surveyCarryForward";
    case Op::update_wave: return "updateSurveyWave";
    case Op::list_interviews: return "listInterviews";
    case Op::read_interview: return "readInterview";
    case Op::put_interview: return "putInterview";
    case Op::list_mentions: return "listSurveyMentions";
    case Op::mention_suggestions: return "surveyMentionSuggestions";
    case Op::propose_mention: return "proposeSurveyMention";
    case Op::review_mention: return "reviewSurveyMention";
    case Op::list_assignments: return "listSurveyAssignments";
    case Op::create_assignment: return "createSurveyAssignment";
    case Op::delete_assignment: return "deleteSurveyAssignment";
    case Op::put_visit: return "putSurveyVisit";
    case Op::fieldwork_report: return "surveyFieldworkReport";
    case Op::list_merges: return "listMerges";
    case Op::consent_counts: return "countConsent";
    case Op::merge_people: return "mergePeople";
    case Op::undo_merge: return "undoMerge";
    case Op::import_netcanvas: return "importNetworkCanvas";
  }
  return "unknown";
}

// What the route needs (issue 9): the security schemes, and the answers
// for no log-in, a missing CSRF token or role, and too many requests.
void add_access(json& op, json& responses, const Route& r) {
  op["x-kith-need"] = std::string(domain::need_name(r.need));
  if (r.need == domain::Need::open) {
    op["security"] = json::array();
    return;
  }
  op["security"] = json::array({{{"session", json::array()}}, {{"bearer", json::array()}}});
  responses["401"] = error_response("Log in first, or send Authorization: Bearer with an API token");
  responses["403"] = error_response(r.method == "GET" ? "Your roles do not allow this in this area"
                                                      : "Your roles do not allow this in this area, or the "
                                                        "X-CSRF-Token header is missing or wrong (cookie sessions)");
  if (r.addresses_record()) {
    // The gate's 404 joins the handler's own, when the route has one.
    std::string said = responses.contains("404") ? responses["404"].value("description", std::string()) : "";
    responses["404"] = error_response(said.empty() ? "No such record in an area you hold a role in"
                                                   : said + "; or no such record in an area you hold a role in");
  }
  responses["429"] = error_response("Too many requests from this address or session; Retry-After says when");
}

json operation(const Route& r) {
  json op = {{"summary", r.summary}, {"operationId", operation_id(r)}};
  json params = json::array();
  for (const auto& name : path_params(r.path)) params.push_back(path_parameter(name));
  for (const auto& name : r.query) params.push_back(query_parameter(name, r));
  if (!params.empty()) op["parameters"] = params;
  if (r.entity) op["tags"] = {std::string(r.entity->plural)};
  json responses = json::object();
  const std::string rec = r.entity ? schema_name(*r.entity) : "";
  switch (r.op) {
    case Op::front_page:
      responses["200"] = {{"description", "The web page"}, {"content", {{"text/html", {{"schema", {{"type", "string"}}}}}}}};
      break;
    case Op::health:
      responses["200"] = json_response("The server is up", schema_ref("Health"));
      responses["503"] = error_response("The database cannot be reached");
      break;
    case Op::openapi:
      responses["200"] = json_response("This document", {{"type", "object"}});
      break;
    case Op::log_in:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", schema_ref("LogIn")}}}}}};
      responses["200"] = json_response("Logged in; the kith_session cookie is set", schema_ref("Session"));
      responses["401"] = error_response("The username or password is wrong (one answer for both)");
      responses["429"] = error_response("Too many failed log-ins lately; Retry-After says when to try again");
      break;
    case Op::who_am_i:
      responses["200"] = json_response("Who is logged in, with their roles", schema_ref("Session"));
      break;
    case Op::log_out:
    case Op::log_out_everywhere:
      responses["204"] = {{"description", "Logged out; the cookie is cleared"}};
      break;
    case Op::change_password:
      op["requestBody"] = {{"required", true},
                           {"content",
                            {{"application/json",
                              {{"schema",
                                {{"type", "object"},
                                 {"required", {"current_password", "new_password"}},
                                 {"additionalProperties", false},
                                 {"properties",
                                  {{"current_password", {{"type", "string"}}}, {"new_password", {{"type", "string"}}}}}}}}}}}};
      responses["204"] = {{"description", "Changed; every other session of the user has ended, this one stays"}};
      responses["400"] = error_response("current_password is wrong, or new_password breaks the password rules");
      responses["429"] = error_response("Too many failed log-ins lately; Retry-After says when to try again");
      break;
    case Op::first_admin:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", schema_ref("LogIn")}}}}}};
      responses["201"] = json_response("The first administrator, logged in", schema_ref("Session"));
      responses["403"] = error_response("Accounts exist already, or the request is not from this machine");
      break;
    case Op::list:
      responses["200"] = json_response("One page of records", schema_ref(rec + "Page"));
      responses["400"] = error_response("A query parameter is wrong");
      responses["404"] = error_response("No such area");
      break;
    case Op::create:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", schema_ref(rec + "Create")}}}}}};
      responses["201"] = json_response("Created", schema_ref(rec));
      responses["201"]["headers"] = {{"Location", {{"description", "The new record's URL"}, {"schema", {{"type", "string"}}}}}};
      break;
    case Op::read:
      responses["200"] = json_response("The record", schema_ref(rec));
      responses["404"] = error_response("No such record in this area");
      break;
    case Op::update:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", schema_ref(rec + "Patch")}}}}}};
      responses["200"] = json_response("The changed record", schema_ref(rec));
      responses["404"] = error_response("No such record in this area");
      responses["409"] = error_response("The record changed since the revision you sent");
      break;
    case Op::remove:
      responses["204"] = {{"description", "Deleted"}};
      responses["404"] = error_response("No such record in this area");
      break;
    case Op::import_data:
      op["requestBody"] = {{"required", true},
                           {"content",
                            {{"application/json", {{"schema", {{"oneOf", {schema_ref("KumuImport"), {{"type", "object"}}}}}}}},
                             {"text/csv", {{"schema", {{"type", "string"}}}}}}}};
      responses["200"] = json_response("Imported", schema_ref("ImportReport"));
      responses["404"] = error_response("No such area");
      responses["409"] = error_response("The file conflicts with the register");
      break;
    case Op::network_summary:
      responses["200"] = json_response("Area-level measures (docs/metrics.md); with format=csv, the same figures as "
                                       "a CSV attachment, one row per figure",
                                       {{"type", "object"}});
      responses["200"]["content"]["text/csv"] = {{"schema", {{"type", "string"}}}};
      responses["400"] = error_response("at, kind, min_closeness, by or format is wrong");
      responses["404"] = error_response("No such area");
      break;
    case Op::network_layout:
      responses["200"] = json_response("Positions of the people and their ties, or of the communities above the "
                                       "server's size limit (docs/api.md, docs/layout.md)",
                                       {{"type", "object"}});
      responses["400"] = error_response("at, kind, min_closeness, seed, iterations or community is wrong");
      responses["404"] = error_response("No such area or community");
      break;
    case Op::ego:
      responses["200"] = json_response("The person's ego network (docs/metrics.md)", {{"type", "object"}});
      responses["400"] = error_response("at, kind or min_closeness is wrong");
      responses["404"] = error_response("No such area or person");
      break;
    case Op::network:
      responses["200"] = json_response("Per-person metrics and a graph summary (docs/metrics.md)",
                                       {{"type", "object"}});
      responses["400"] = error_response("at, kind or min_closeness is wrong");
      responses["404"] = error_response("No such area");
      break;
    case Op::audit_log:
      responses["200"] = json_response("One page of audit entries, newest first", {{"type", "object"}});
      responses["400"] = error_response("person, user, from, to, cursor or limit is wrong (field names it)");
      responses["404"] = error_response("No such area");
      break;
    case Op::subject_access:
      responses["200"] = json_response("The person's record, ties, affiliations, consent and the audit entries about them",
                                       {{"type", "object"}});
      responses["404"] = error_response("No such person in this area");
      break;
    case Op::erase:
      responses["200"] = json_response("What was erased", {{"type", "object"}});
      responses["404"] = error_response("No such person in this area");
      break;
    case Op::own_record:
      responses["200"] = json_response("Your record, your ties (the other person by id and name only), your "
                                       "affiliations and your consent",
                                       {{"type", "object"}});
      responses["404"] = error_response("Your account is linked to no person of this area's register");
      break;
    case Op::own_consent:
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", schema_ref("OwnConsent")}}}}}};
      responses["200"] = json_response("Your consent as now recorded, and the person's new revision",
                                       {{"type", "object"}});
      responses["404"] = error_response("Your account is linked to no person of this area's register");
      responses["409"] = error_response("Your record changed since the revision you sent");
      break;
    case Op::area_users:
      responses["200"] = json_response("The area's users, by username", {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", schema_ref("AreaUser")}}}}}});
      responses["404"] = error_response("No such area");
      break;
    case Op::add_area_user:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", schema_ref("NewAreaUser")}}}}}};
      responses["201"] = json_response("Added; pass the one-time password on, once", schema_ref("OneTimePassword"));
      responses["409"] = error_response("The username is taken (usernames ignore case)");
      break;
    case Op::change_area_user:
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}, {"required", {"disabled"}}, {"additionalProperties", false}, {"properties", {{"disabled", {{"type", "boolean"}}}}}}}}}}}};
      responses["204"] = {{"description", "Done; list the users again to see the change"}};
      responses["403"] = error_response("The account also works in an area you do not administer");
      responses["404"] = error_response("No such user in this area");
      responses["409"] = error_response("Disabling yourself, or the area's last enabled admin");
      break;
    case Op::grant_area_role:
      op["requestBody"] = {{"required", true},
                           {"content", {{"application/json", {{"schema", {{"type", "object"}, {"required", {"role"}}, {"additionalProperties", false}, {"properties", {{"role", {{"type", "string"}}}, {"person_id", {{"type", "string"}, {"description", "For a member: the person of this area's register the account is"}}}}}}}}}}}};
      responses["204"] = {{"description", "Done; list the users again to see the change"}};
      responses["403"] = error_response("The account also works in an area you do not administer");
      responses["404"] = error_response("No such user, or no such person in this area");
      responses["409"] = error_response("The user holds the role here already");
      break;
    case Op::revoke_area_role:
      responses["204"] = {{"description", "Done; list the users again to see the change"}};
      responses["400"] = error_response("No such role (field role)");
      responses["403"] = error_response("The account also works in an area you do not administer");
      responses["404"] = error_response("No such user in this area, or they do not hold the role here");
      responses["409"] = error_response("The area's last enabled admin, or the user's only role here");
      break;
    case Op::reset_area_password:
      responses["200"] = json_response("The new one-time password, once; the user's sessions have ended", schema_ref("OneTimePassword"));
      responses["403"] = error_response("The account also works in an area you do not administer");
      responses["404"] = error_response("No such user in this area");
      break;
    case Op::survey_scales:
      responses["200"] = json_response("Every scale kith scores (docs/measures.md)", {{"type", "object"}});
      break;
    case Op::list_instruments:
    case Op::list_waves:
      responses["200"] = json_response("Every one in the area (docs/surveys.md)", {{"type", "object"}});
      responses["404"] = error_response("No such area");
      break;
    case Op::create_instrument:
    case Op::create_wave:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
      responses["201"] = json_response("Made (docs/surveys.md)", {{"type", "object"}});
      break;
    case Op::read_instrument:
    case Op::read_wave:
      responses["200"] = json_response("The instrument or wave (docs/surveys.md)", {{"type", "object"}});
      responses["404"] = error_response("No such instrument or wave in this area");
      break;
    case Op::update_instrument:
    case Op::update_wave:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
      responses["200"] = json_response("As changed", {{"type", "object"}});
      responses["404"] = error_response("No such instrument or wave in this area");
      responses["409"] = error_response(
          "The instrument is published and cannot change, or the draft changed since the revision the change "
          "names (field revision)");
      break;
    case Op::wave_report:
      responses["200"] = json_response("The wave report (docs/surveys.md, \"The wave report\"); with format=csv, the "
                                       "same figures as a CSV attachment, one row per figure",
                                       {{"type", "object"}});
      responses["200"]["content"]["text/csv"] = {{"schema", {{"type", "string"}}}};
      responses["400"] = error_response("format is not json or csv");
      responses["404"] = error_response("No such wave in this area");
      break;
    case Op::carry_forward:
      responses["200"] = json_response("The wave before (null for a baseline) and its respondents with the names "
                                       "they gave (docs/surveys.md, \"Carrying names forward\")",
                                       {{"type", "object"}});
      responses["404"] = error_response("No such wave in this area");
      break;
    case Op::list_interviews:
      responses["200"] = json_response("The wave's interviews without their answers", {{"type", "object"}});
      responses["404"] = error_response("No such wave in this area");
      break;
    case Op::read_interview:
      responses["200"] = json_response("The interview with its answers and scores", {{"type", "object"}});
      responses["404"] = error_response("No such wave or interview in this area");
      break;
    case Op::put_interview:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
      responses["200"] = json_response("Changed, or this batch was received before (repeat: true)", {{"type", "object"}});
      responses["201"] = json_response("A new interview", {{"type", "object"}});
      responses["404"] = error_response("No such wave in this area");
      responses["409"] = error_response("Changed on another device since base_revision (the server's copy and what "
                                        "differs come with it), or the interview or wave is closed");
      break;
    case Op::list_mentions:
      responses["200"] = json_response("The wave's named people with their resolution", {{"type", "object"}});
      responses["400"] = error_response("status is not open, proposed or confirmed");
      responses["404"] = error_response("No such wave in this area");
      break;
    case Op::mention_suggestions:
      responses["200"] = json_response("Candidates with scores and reasons (docs/surveys.md)", {{"type", "object"}});
      responses["404"] = error_response("No such named person in this area");
      break;
    case Op::propose_mention:
    case Op::review_mention:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
      responses["200"] = json_response("The named person as now resolved", {{"type", "object"}});
      responses["404"] = error_response("No such named person in this area");
      responses["409"] = error_response("It changed since the revision you sent, or is not in the state this needs");
      break;
    case Op::list_assignments:
      responses["200"] = json_response("items: the assignments; interviewers: who may be given one", {{"type", "object"}});
      responses["404"] = error_response("No such wave in this area");
      break;
    case Op::create_assignment:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
      responses["201"] = json_response("The assignment (docs/surveys.md, \"Fieldwork\")", {{"type", "object"}});
      responses["404"] = error_response("No such wave in this area");
      responses["409"] = error_response("The street or household is assigned already, or the wave is closed");
      break;
    case Op::delete_assignment:
      responses["204"] = {{"description", "Taken back"}};
      responses["404"] = error_response("No such wave or assignment in this area");
      responses["409"] = error_response("The wave is closed");
      break;
    case Op::put_visit:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
      responses["200"] = json_response("Received before (repeat: true)", {{"type", "object"}});
      responses["201"] = json_response("A new visit", {{"type", "object"}});
      responses["404"] = error_response("No such wave in this area");
      responses["409"] = error_response("The key was used for another household or outcome, or the wave is closed");
      break;
    case Op::fieldwork_report:
      responses["200"] = json_response("Coverage by street, rates and interviewers' progress (docs/surveys.md, "
                                       "\"Fieldwork\")",
                                       {{"type", "object"}});
      responses["404"] = error_response("No such wave in this area");
      break;
    case Op::import_netcanvas:
      op["requestBody"] = {{"required", true},
                           {"content",
                            {{"application/graphml+xml", {{"schema", {{"type", "string"}}}}},
                             {"application/xml", {{"schema", {{"type", "string"}}}}}}}};
      responses["200"] = json_response("How many interviews and names came in, and what was left out", {{"type", "object"}});
      responses["404"] = error_response("No such wave in this area");
      responses["409"] = error_response("The wave is closed");
      break;
    case Op::consent_counts:
      responses["200"] = json_response(
          "people, by_status (each consent status) and given_for (each use, of those who gave consent): counts "
          "of the people whose name, household or notes match q (everyone without it)",
          {{"type", "object"}});
      break;
    case Op::list_merges:
      responses["200"] = json_response("items: the area's merges, newest first (docs/merges.md)",
                                       {{"type", "object"}});
      break;
    case Op::merge_people:
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
      responses["201"] = json_response("The merge, with how many records moved", {{"type", "object"}});
      responses["409"] = error_response("A record was merged into another already, or is erased");
      break;
    case Op::undo_merge:
      responses["200"] = json_response("The merge, undone; left_behind counts records changed since", {{"type", "object"}});
      responses["404"] = error_response("No such merge in this area");
      responses["409"] = error_response("Undone already, the kept record was merged on since, or the person was erased");
      break;
    case Op::export_data:
      responses["200"] = {{"description", "The file, as an attachment"},
                          {"content",
                           {{"text/csv", {{"schema", {{"type", "string"}}}}},
                            {"application/json", {{"schema", {{"type", "object"}}}}},
                            {"application/graphml+xml", {{"schema", {{"type", "string"}}}}},
                            {"application/gexf+xml", {{"schema", {{"type", "string"}}}}}}}};
      responses["400"] = error_response("format or part is wrong");
      responses["404"] = error_response("No such area");
      break;
  }
  if (r.body != BodyKind::none) {
    responses["400"] = error_response("The body is not valid JSON, or a field is wrong (field names it)");
    responses["413"] = error_response("The body is too large");
    responses["415"] = error_response("The body has the wrong Content-Type");
    if (r.op != Op::update && !responses.contains("404")) responses["404"] = error_response("No such area");
  }
  if (r.op == Op::create) responses["409"] = error_response("external_id is already used in this area");
  add_access(op, responses, r);
  responses["500"] = error_response("Something went wrong in the server");
  op["responses"] = responses;
  return op;
}

json build_document() {
  json paths = json::object();
  for (const Route& r : routes()) paths[r.path][ascii_lower(r.method)] = operation(r);
  json schemas = shared_schemas();
  for (const Entity* e : model::all_entities()) {
    std::string name = schema_name(*e);
    schemas[name] = record_schema(*e);
    schemas[name + "Create"] = create_schema(*e);
    schemas[name + "Patch"] = patch_schema(*e);
    schemas[name + "Page"] = page_schema(*e);
  }
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "kith"},
            {"version", KITH_VERSION},
            {"description",
             "The community register: areas, people, groups, places, ties and affiliations. Every route but "
             "health, this document, log-in and first set-up needs a session (the kith_session cookie from POST "
             "/api/v1/session, with X-CSRF-Token on changes) or an API token (Authorization: Bearer). "
             "x-kith-need names what each operation needs; docs/security.md says which roles meet it."}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas},
            {"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "kith_session"}}},
              {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace

std::string schema_name(const Entity& e) { return capitalised(e.name); }

const json& openapi_document() {
  static const json doc = build_document();
  return doc;
}

}  // namespace kith::api
