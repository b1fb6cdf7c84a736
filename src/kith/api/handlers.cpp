#include "kith/api/handlers.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kith/api/codec/audit_json.hpp"
#include "kith/api/codec/consent_json.hpp"
#include "kith/api/codec/import_json.hpp"
#include "kith/api/codec/network_json.hpp"
#include "kith/api/codec/scales_json.hpp"
#include "kith/api/codec/summary_csv.hpp"
#include "kith/api/codec/fieldwork_json.hpp"
#include "kith/api/codec/merge_json.hpp"
#include "kith/api/codec/wave_report_json.hpp"
#include "kith/api/codec/users_json.hpp"
#include "kith/api/error.hpp"
#include "kith/api/openapi.hpp"
#include "kith/api/request_parse.hpp"
#include "kith/api/web_page.hpp"
#include "kith/core/text.hpp"
#include "kith/domain/audit.hpp"
#include "kith/domain/own_record.hpp"
#include "kith/domain/personal_data.hpp"
#include "kith/exchange/exchange.hpp"

namespace kith::api {
namespace {

using nlohmann::json;

std::string record_path(const model::Entity& e, std::string_view area, std::string_view id) {
  std::string base = std::string(kApiPrefix) + "/areas";
  if (!e.area_scoped) return base + "/" + std::string(id);
  return base + "/" + std::string(area) + "/" + std::string(e.plural) + "/" + std::string(id);
}

Reply json_reply(int status, const json& body) { return Reply{status, dump_json(body), "application/json", {}}; }

// A domain answer as the reply, or its error.
Result<Reply> reply_of(int status, const Result<json>& answer) {
  if (!answer) return answer.error();
  return json_reply(status, *answer);
}

const std::string& param(const Call& c, const std::string& name) {
  static const std::string kNone;
  auto it = c.params.find(name);
  return it == c.params.end() ? kNone : it->second;
}

// Areas are addressed by {id}; everything inside an area by {area} and {id}.
std::string area_of_call(const Call& c) { return c.route.entity && !c.route.entity->area_scoped ? "" : param(c, "area"); }

// Who the audit log names for this request: the signed-in user, the route
// (its template, so no ids or query text) and the address it came from.
model::Actor actor(const Call& c) {
  const domain::User* u = c.caller.who ? &c.caller.who->user : nullptr;
  return model::Actor(u ? u->username : std::string("anonymous"), u ? u->id : std::string(),
                      c.route.method + " " + c.route.path, std::string(c.client_address));
}

json user_json(const domain::User& u) {
  json roles = json::array();
  for (const auto& g : u.grants)
    roles.push_back({{"role", domain::role_name(g.role)}, {"area", g.all_areas() ? json(nullptr) : json(g.area_id)}});
  return {{"id", u.id}, {"username", u.username}, {"display_name", u.display_name}, {"roles", std::move(roles)}};
}

struct Login {
  std::string username, password, display_name;
};

// {"username": …, "password": …} and, for the first set-up, "display_name".
Result<Login> login_body(const std::string& body, bool with_display_name) {
  auto j = parse_json_object(body);
  if (!j) return j.error();
  Login l;
  for (const auto& [key, value] : j->items()) {
    std::string* into = key == "username" ? &l.username
                        : key == "password" ? &l.password
                        : key == "display_name" && with_display_name ? &l.display_name
                                                                     : nullptr;
    if (into == nullptr) return invalid(shown(key), "Send only username and password; remove \"" + shown(key) + "\"");
    if (!value.is_string()) return invalid(key, "Send " + key + " as text");
    *into = value.get<std::string>();
  }
  if (l.username.empty()) return invalid("username", "Enter your username");
  if (l.password.empty()) return invalid("password", "Enter your password");
  return l;
}

struct PasswordChange {
  std::string current_password, new_password;
};

// {"current_password": …, "new_password": …}
Result<PasswordChange> password_change_body(const std::string& body) {
  auto j = parse_json_object(body);
  if (!j) return j.error();
  PasswordChange p;
  for (const auto& [key, value] : j->items()) {
    std::string* into = key == "current_password" ? &p.current_password
                        : key == "new_password"   ? &p.new_password
                                                  : nullptr;
    if (into == nullptr)
      return invalid(shown(key), "Send only current_password and new_password; remove \"" + shown(key) + "\"");
    if (!value.is_string()) return invalid(key, "Send " + key + " as text");
    *into = value.get<std::string>();
  }
  return p;
}

// A JSON object of text fields, only those named in `allowed` (a list for
// the message); each missing one is left empty.
Result<std::map<std::string, std::string>> text_fields_body(const std::string& body,
                                                            const std::vector<std::string>& allowed,
                                                            std::string_view allowed_words) {
  auto j = parse_json_object(body);
  if (!j) return j.error();
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : j->items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return invalid(shown(key), "Send only " + std::string(allowed_words) + "; remove \"" + shown(key) + "\"");
    if (!value.is_string()) return invalid(key, "Send " + key + " as text");
    out[key] = value.get<std::string>();
  }
  return out;
}

std::string field_of(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

// {"disabled": true|false}
Result<bool> disabled_body(const std::string& body) {
  auto j = parse_json_object(body);
  if (!j) return j.error();
  for (const auto& [key, value] : j->items())
    if (key != "disabled") return invalid(shown(key), "Send only disabled; remove \"" + shown(key) + "\"");
  auto it = j->find("disabled");
  if (it == j->end() || !it->is_boolean()) return invalid("disabled", "Send disabled as true or false");
  return it->get<bool>();
}

bool is_loopback(std::string_view address) {
  return address == "::1" || address.starts_with("127.") || address.starts_with("::ffff:127.");
}

Result<exchange::Format> format_param(const httplib::Request& req, std::string_view allowed) {
  if (!req.has_param("format")) return invalid("format", "Give the file format: ?format=" + std::string(allowed));
  return exchange::parse_format(req.get_param_value("format"));
}

// ?preview=true|false (default false).
Result<bool> preview_param(const httplib::Request& req) {
  if (!req.has_param("preview")) return false;
  const std::string v = req.get_param_value("preview");
  if (v != "true" && v != "false") return invalid("preview", "Enter preview=true or preview=false");
  return v == "true";
}

// Kumu uploads are two CSV files in one JSON object.
Result<exchange::ImportSource> kumu_source(const std::string& body) {
  auto j = parse_json_object(body);
  if (!j) return j.error();
  exchange::ImportSource src;
  src.format = exchange::Format::kumu;
  for (const auto& [key, value] : j->items()) {
    if (key != "elements" && key != "connections")
      return invalid(shown(key), "A Kumu upload has only \"elements\" and \"connections\"; remove \"" + shown(key) + "\"");
    if (!value.is_string()) return invalid(key, "Send " + key + " as the text of the CSV file");
    (key == "elements" ? src.elements : src.connections) = value.get<std::string>();
  }
  if (!j->contains("elements")) return invalid("elements", "Send the elements CSV as \"elements\"");
  return src;
}

struct ExportFile {
  std::string content_type;
  std::string extension;
};

ExportFile export_file(exchange::Format f) {
  switch (f) {
    case exchange::Format::kumu:
    case exchange::Format::edgelist: return {"text/csv; charset=utf-8", "csv"};
    case exchange::Format::json: return {"application/json", "json"};
    case exchange::Format::graphml: return {"application/graphml+xml", "graphml"};
    case exchange::Format::gexf: return {"application/gexf+xml", "gexf"};
  }
  return {"application/octet-stream", "bin"};
}

// Ids in file names are safe; anything else is dropped.
std::string file_safe(std::string_view s) {
  std::string out;
  for (char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') out += c;
  return out.substr(0, 60);
}

enum class SummaryFormat { json, csv };

// ?format= of a report (the area summary, a wave report): json when absent.
Result<SummaryFormat> summary_format(const httplib::Request& req, std::string_view report) {
  if (!req.has_param("format")) return SummaryFormat::json;
  const std::string f = req.get_param_value("format");
  if (f == "json") return SummaryFormat::json;
  if (f == "csv") return SummaryFormat::csv;
  return invalid("format", "Choose ?format=json or ?format=csv for the " + std::string(report));
}

// kith-AREA-summary[-by-ATTRIBUTE][-at-DAY].csv: says what was asked, so
// several downloads of one area do not overwrite each other.
std::string summary_file_name(std::string_view area, analysis::SummaryBreakdown by, const std::optional<Date>& at) {
  std::string name = "kith-" + file_safe(area) + "-summary";
  if (by != analysis::SummaryBreakdown::none) name += "-by-" + std::string(analysis::breakdown_name(by));
  if (at) name += "-at-" + at->str();
  return name + ".csv";
}

}  // namespace

std::string media_type(const httplib::Request& req) {
  std::string v = req.get_header_value("Content-Type");
  v = v.substr(0, v.find(';'));
  auto first = v.find_first_not_of(" \t"), last = v.find_last_not_of(" \t");
  return first == std::string::npos ? std::string() : ascii_lower(v.substr(first, last - first + 1));
}

Result<Reply> Handlers::handle(const Call& c) {
  KITH_TRY(check_query(c.route, c.req));
  switch (c.route.op) {
    case Op::front_page: return front_page();
    case Op::health: return health();
    case Op::openapi: return json_reply(200, openapi_document());
    case Op::log_in: return log_in(c);
    case Op::who_am_i: return who_am_i(c);
    case Op::log_out: return log_out(c);
    case Op::log_out_everywhere: return log_out_everywhere(c);
    case Op::change_password: return change_password(c);
    case Op::first_admin: return first_admin(c);
    case Op::list: return list(c);
    case Op::create: return create(c);
    case Op::read: return read(c);
    case Op::update: return update(c);
    case Op::remove: return remove(c);
    case Op::import_data: return import_area(c);
    case Op::export_data: return export_area(c);
    case Op::network: return network(c);
    case Op::ego: return ego(c);
    case Op::network_layout: return network_layout(c);
    case Op::network_summary: return network_summary(c);
    case Op::subject_access: return subject_access(c);
    case Op::erase: return erase(c);
    case Op::audit_log: return audit_log(c);
    case Op::own_record: return own_record(c);
    case Op::own_consent: return own_consent(c);
    case Op::area_users: return area_users(c);
    case Op::add_area_user: return add_area_user(c);
    case Op::change_area_user: return change_area_user(c);
    case Op::grant_area_role: return grant_area_role(c);
    case Op::revoke_area_role: return revoke_area_role(c);
    case Op::reset_area_password: return reset_area_password(c);
    case Op::survey_scales: return survey_scales();
    case Op::list_instruments: return list_instruments(c);
    case Op::create_instrument: return create_instrument(c);
    case Op::read_instrument: return read_instrument(c);
    case Op::update_instrument: return update_instrument(c);
    case Op::list_waves: return list_waves(c);
    case Op::create_wave: return create_wave(c);
    case Op::read_wave: return read_wave(c);
    case Op::wave_report: return wave_report(c);
    case Op::carry_forward: return carry_forward(c);
    case Op::update_wave: return update_wave(c);
    case Op::list_interviews: return list_interviews(c);
    case Op::read_interview: return read_interview(c);
    case Op::put_interview: return put_interview(c);
    case Op::list_mentions: return list_mentions(c);
    case Op::mention_suggestions: return mention_suggestions(c);
    case Op::propose_mention: return propose_mention(c);
    case Op::review_mention: return review_mention(c);
    case Op::list_assignments: return list_assignments(c);
    case Op::create_assignment: return create_assignment(c);
    case Op::delete_assignment: return delete_assignment(c);
    case Op::put_visit: return put_visit(c);
    case Op::fieldwork_report: return fieldwork_report(c);
    case Op::list_merges: return list_merges(c);
    case Op::consent_counts: return consent_counts(c);
    case Op::merge_people: return merge_people(c);
    case Op::undo_merge: return undo_merge(c);
    case Op::import_netcanvas: return import_netcanvas(c);
  }
  return internal_error("route has no handler");
}

Result<Reply> Handlers::front_page() {
  auto index = read_index_html(web_dir_);
  return Reply{200, index ? std::move(*index) : std::string(builtin_front_page()), "text/html; charset=utf-8", {}};
}

Result<Reply> Handlers::health() {
  auto version = store_.schema_version();
  if (!version) return Error{Errc::unavailable, "The database cannot be reached: " + version.error().message, {}, 0};
  return json_reply(200, json{{"status", "ok"},
                              {"engine", std::string(store_.engine())},
                              {"schema_version", *version},
                              {"version", KITH_VERSION}});
}

Result<Reply> Handlers::list(const Call& c) {
  const model::Entity& e = *c.route.entity;
  auto q = parse_list_query(e, area_of_call(c), c.req);
  if (!q) return q.error();
  // The list of areas shows only those the user holds a role in.
  if (!e.area_scoped && c.caller.who) {
    domain::VisibleAreas visible = domain::visible_areas(c.caller.who->user);
    if (!visible.all) q->only_ids = std::move(visible.area_ids);
  }
  auto page = register_.list(e, *q, actor(c));
  if (!page) return page.error();
  json items = json::array();
  for (auto& item : page->items) items.push_back(std::move(item));
  return json_reply(200, json{{"items", std::move(items)},
                              {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}});
}

Result<Reply> Handlers::create(const Call& c) {
  const model::Entity& e = *c.route.entity;
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  std::string area = area_of_call(c);
  auto record = register_.create(e, area, *body, actor(c));
  if (!record) return record.error();
  Reply r = json_reply(201, *record);
  r.headers.emplace_back("Location", record_path(e, area, record->value("id", "")));
  return r;
}

Result<Reply> Handlers::read(const Call& c) {
  auto record = register_.get(*c.route.entity, area_of_call(c), param(c, "id"), actor(c));
  if (!record) return record.error();
  return json_reply(200, *record);
}

Result<Reply> Handlers::update(const Call& c) {
  auto patch = parse_json_object(c.body);
  if (!patch) return patch.error();
  auto record = register_.update(*c.route.entity, area_of_call(c), param(c, "id"), *patch, actor(c));
  if (!record) return record.error();
  return json_reply(200, *record);
}

Result<Reply> Handlers::remove(const Call& c) {
  KITH_TRY(register_.remove(*c.route.entity, area_of_call(c), param(c, "id"), actor(c)));
  return Reply{204, {}, {}, {}};
}

Result<Reply> Handlers::import_area(const Call& c) {
  auto format = format_param(c.req, "kumu, edgelist or json");
  if (!format) return format.error();
  std::string media = media_type(c.req);
  exchange::ImportSource src;
  switch (*format) {
    case exchange::Format::kumu: {
      if (media != "application/json") return unsupported_media_error("application/json ({\"elements\": …, \"connections\": …})");
      auto kumu = kumu_source(c.body);
      if (!kumu) return kumu.error();
      src = std::move(*kumu);
      src.name = "elements";
      src.connections_name = "connections";
      break;
    }
    case exchange::Format::edgelist:
      if (media != "text/csv") return unsupported_media_error("text/csv");
      src.format = exchange::Format::edgelist;
      src.name = "edge list";
      src.elements = c.body;
      break;
    case exchange::Format::json: {
      if (media != "application/json") return unsupported_media_error("application/json");
      if (!nesting_within(c.body, kImportJsonDepthMax))
        return invalid({}, "The JSON file nests deeper than " + std::to_string(kImportJsonDepthMax) + " levels");
      src.format = exchange::Format::json;
      src.name = "JSON file";
      src.elements = c.body;
      break;
    }
    case exchange::Format::graphml:
    case exchange::Format::gexf:
      return invalid("format", "GraphML and GEXF files can be exported but not imported; import kumu, edgelist or json");
  }
  auto preview = preview_param(c.req);
  if (!preview) return preview.error();
  auto report = exchange::import_checked(store_, param(c, "area"), src, actor(c), {.preview = *preview});
  if (!report) {
    const Error& e = report.error();
    // A problem with a whole file (its header, a broken quote) is shown as
    // the only row problem, so a page lists every kind of problem one way.
    if (e.code != Errc::invalid || e.file.empty()) return e;
    if (!*preview) return json_reply(400, codec::import_refused_json({e}, 1));
    exchange::ImportReport refused;
    refused.errors = {e};
    refused.errors_total = 1;
    return json_reply(200, codec::import_preview_json(refused));
  }
  if (*preview) return json_reply(200, codec::import_preview_json(*report));
  if (report->errors_total > 0) return json_reply(400, codec::import_refused_json(report->errors, report->errors_total));
  return json_reply(200, report->to_json());
}

Result<Reply> Handlers::export_area(const Call& c) {
  const std::string& area = param(c, "area");
  if (query(c.req, "format") == exchange::kResearchFormatName) {
    if (c.req.has_param("part")) return invalid("part", "?part= is only for format=kumu; remove it");
    auto file = exchange::export_research(store_, area, actor(c));
    if (!file) return file.error();
    Reply r{200, std::move(*file), "application/json", {}};
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"kith-" + file_safe(area) + "-research.json\"");
    return r;
  }
  auto format = format_param(c.req, "kumu, edgelist, json, graphml, gexf or research");
  if (!format) return format.error();
  std::string part = query(c.req, "part");
  std::string suffix(exchange::format_name(*format));
  if (*format == exchange::Format::kumu) {
    if (part != "elements" && part != "connections")
      return invalid("part", "Choose which Kumu file: ?part=elements or ?part=connections");
    suffix = "kumu-" + part;
  } else if (c.req.has_param("part")) {
    return invalid("part", "?part= is only for format=kumu; remove it");
  }
  auto file = exchange::export_data(store_, area, *format, part, actor(c));
  if (!file) return file.error();
  ExportFile kind = export_file(*format);
  Reply r{200, std::move(*file), kind.content_type, {}};
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"kith-" + file_safe(area) + "-" + suffix + "." + kind.extension + "\"");
  return r;
}

Result<Reply> Handlers::network(const Call& c) {
  auto q = parse_network_query(c.req, param(c, "area"));
  if (!q) return q.error();
  auto req = parse_metric_request(c.req);
  if (!req) return req.error();
  auto community = parse_community(c.req);
  if (!community) return community.error();
  auto isolation = parse_isolation_param(c.req);
  if (!isolation) return isolation.error();
  auto person_id = parse_person_param(c.req);
  if (!person_id) return person_id.error();
  const std::string& person = *person_id;
  auto result = network_.area_network(*q, actor(c), *req);
  if (!result) return result.error();
  if (!*community && !*isolation && person.empty()) return json_reply(200, codec::area_network_json(**result));
  std::optional<std::vector<size_t>> members;
  if (*community) {
    auto in = analysis::community_members(**result, **community);
    if (!in) return in.error();
    members = std::move(*in);
  }
  if (*isolation) members = analysis::isolation_members(**result, **isolation, members ? &*members : nullptr);
  if (!person.empty()) members = analysis::person_member(**result, person, members ? &*members : nullptr);
  return json_reply(200, codec::area_network_json(**result, &*members));
}

Result<Reply> Handlers::network_layout(const Call& c) {
  auto q = parse_network_query(c.req, param(c, "area"));
  if (!q) return q.error();
  auto req = parse_layout_request(c.req);
  if (!req) return req.error();
  auto result = network_.layout(*q, *req, actor(c));
  if (!result) return result.error();
  return json_reply(200, codec::layout_json(**result));
}

Result<Reply> Handlers::network_summary(const Call& c) {
  auto q = parse_network_query(c.req, param(c, "area"));
  if (!q) return q.error();
  auto by = analysis::parse_breakdown(c.req.has_param("by") ? c.req.get_param_value("by") : "");
  if (!by) return by.error();
  auto req = parse_metric_request(c.req);
  if (!req) return req.error();
  auto format = summary_format(c.req, "summary");
  if (!format) return format.error();
  auto result = network_.summary(*q, *by, actor(c), *req);
  if (!result) return result.error();
  // Before either encoder, so the JSON and the CSV hide the same people.
  if (!domain::sees_individuals(c.caller.who->user, param(c, "area"))) analysis::keep_aggregates_only(*result);
  if (*format == SummaryFormat::json) return json_reply(200, codec::summary_json(*result));
  Reply r{200, codec::summary_csv(*result), "text/csv; charset=utf-8", {}};
  r.headers.emplace_back("Content-Disposition",
                         "attachment; filename=\"" + summary_file_name(param(c, "area"), *by, q->at) + "\"");
  return r;
}

Result<Reply> Handlers::ego(const Call& c) {
  auto q = parse_network_query(c.req, param(c, "area"));
  if (!q) return q.error();
  auto req = parse_metric_request(c.req);
  if (!req) return req.error();
  auto result = network_.ego(*q, param(c, "id"), actor(c), *req);
  if (!result) return result.error();
  return json_reply(200, codec::ego_json(*result));
}

Result<Reply> Handlers::subject_access(const Call& c) {
  auto doc = domain::subject_access(store_, param(c, "area"), param(c, "id"), actor(c));
  if (!doc) return doc.error();
  return json_reply(200, *doc);
}

Result<Reply> Handlers::audit_log(const Call& c) {
  domain::AuditQuery q;
  q.area_id = param(c, "area");
  q.person_id = query(c.req, "person");
  q.user_id = query(c.req, "user");
  q.from = query(c.req, "from");
  q.to = query(c.req, "to");
  q.cursor = query(c.req, "cursor");
  if (c.req.has_param("limit")) {
    auto limit = store::parse_page_limit(c.req.get_param_value("limit"));
    if (!limit) return limit.error();
    q.limit = *limit;
  }
  auto page = domain::AuditLog(store_).query(q);
  if (!page) return page.error();
  json entries = json::array();
  for (const auto& row : page->entries) entries.push_back(codec::audit_row_json(row));
  return json_reply(200, json{{"items", std::move(entries)},
                              {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}});
}

Result<Reply> Handlers::erase(const Call& c) {
  auto report = domain::erase_person(store_, param(c, "area"), param(c, "id"), actor(c));
  if (!report) return report.error();
  return json_reply(200, report->to_json());
}

Result<Reply> Handlers::own_record(const Call& c) {
  auto doc = domain::read_own_record(store_, c.caller.who->user, param(c, "area"), actor(c));
  if (!doc) return doc.error();
  return json_reply(200, *doc);
}

Result<Reply> Handlers::own_consent(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  auto changed = domain::change_own_consent(register_, c.caller.who->user, param(c, "area"), *body, actor(c));
  if (!changed) return changed.error();
  return json_reply(200, *changed);
}

Result<Reply> Handlers::area_users(const Call& c) {
  auto users = accounts_.area_users(c.caller.who->user, param(c, "area"), actor(c));
  if (!users) return users.error();
  json items = json::array();
  for (const auto& u : *users) items.push_back(codec::area_user_json(u));
  return json_reply(200, json{{"items", std::move(items)}});
}

Result<Reply> Handlers::add_area_user(const Call& c) {
  auto body = text_fields_body(c.body, {"username", "display_name", "role", "person_id"},
                               "username, display_name, role and person_id");
  if (!body) return body.error();
  domain::NewAreaUser u{field_of(*body, "username"), field_of(*body, "display_name"), field_of(*body, "role"),
                        field_of(*body, "person_id")};
  auto added = accounts_.add_area_user(c.caller.who->user, param(c, "area"), u, actor(c));
  if (!added) return added.error();
  return json_reply(201, codec::one_time_password_json(*added));
}

Result<Reply> Handlers::change_area_user(const Call& c) {
  auto disabled = disabled_body(c.body);
  if (!disabled) return disabled.error();
  KITH_TRY(accounts_.set_disabled_in_area(c.caller.who->user, param(c, "area"), param(c, "username"), *disabled,
                                          actor(c)));
  return Reply{204, {}, {}, {}};
}

Result<Reply> Handlers::grant_area_role(const Call& c) {
  auto body = text_fields_body(c.body, {"role", "person_id"}, "role and person_id");
  if (!body) return body.error();
  KITH_TRY(accounts_.grant_in_area(c.caller.who->user, param(c, "area"), param(c, "username"),
                                   field_of(*body, "role"), field_of(*body, "person_id"), actor(c)));
  return Reply{204, {}, {}, {}};
}

Result<Reply> Handlers::revoke_area_role(const Call& c) {
  KITH_TRY(accounts_.revoke_in_area(c.caller.who->user, param(c, "area"), param(c, "username"), param(c, "role"),
                                    actor(c)));
  return Reply{204, {}, {}, {}};
}

Result<Reply> Handlers::reset_area_password(const Call& c) {
  auto reset = accounts_.reset_password_in_area(c.caller.who->user, param(c, "area"), param(c, "username"), actor(c));
  if (!reset) return reset.error();
  return json_reply(200, codec::one_time_password_json(*reset));
}

Reply Handlers::session_reply(int status, const domain::User& u, std::string_view csrf, std::string_view token) {
  Reply r = json_reply(status, {{"user", user_json(u)}, {"csrf_token", csrf.empty() ? json(nullptr) : json(csrf)}});
  if (!token.empty())
    r.headers.emplace_back("Set-Cookie",
                           session_cookie(token, sessions_.secure_cookies, accounts_.options().session_absolute));
  return r;
}

Result<Reply> Handlers::log_in(const Call& c) {
  auto body = login_body(c.body, false);
  if (!body) return body.error();
  auto session = accounts_.log_in(body->username, body->password, c.client_address, c.now);
  if (!session) {
    if (session.error().code != Errc::too_many_requests) return session.error();
    // Locked out: say when to come back (Retry-After, in seconds).
    auto wait = accounts_.retry_after(body->username, c.client_address, c.now);
    Reply r = json_reply(429, error_json(session.error()));
    r.headers.emplace_back("Retry-After", std::to_string(wait ? std::max<int64_t>(1, wait->count()) : 60));
    return r;
  }
  return session_reply(200, session->user, session->csrf_token, session->token);
}

Result<Reply> Handlers::who_am_i(const Call& c) {
  const domain::Authenticated& who = *c.caller.who;
  return session_reply(200, who.user, who.csrf_token, {});
}

Result<Reply> Handlers::log_out(const Call& c) {
  if (c.caller.session_token.empty())
    return invalid({}, "An API token is not a session; revoke it with kith user revoke-token");
  KITH_TRY(accounts_.log_out(c.caller.session_token, c.now));
  Reply r{204, {}, {}, {}};
  r.headers.emplace_back("Set-Cookie", session_cookie({}, sessions_.secure_cookies, {}));
  return r;
}

Result<Reply> Handlers::log_out_everywhere(const Call& c) {
  auto ended = accounts_.log_out_everywhere(c.caller.who->user.username, c.now);
  if (!ended) return ended.error();
  Reply r{204, {}, {}, {}};
  if (!c.caller.session_token.empty())
    r.headers.emplace_back("Set-Cookie", session_cookie({}, sessions_.secure_cookies, {}));
  return r;
}

Result<Reply> Handlers::change_password(const Call& c) {
  auto body = password_change_body(c.body);
  if (!body) return body.error();
  auto changed = accounts_.change_own_password(c.caller.who->user.username, body->current_password, body->new_password,
                                               c.caller.session_token, c.client_address, c.now, actor(c));
  if (!changed) {
    if (changed.error().code != Errc::too_many_requests) return changed.error();
    auto wait = accounts_.retry_after(c.caller.who->user.username, c.client_address, c.now);
    Reply r = json_reply(429, error_json(changed.error()));
    r.headers.emplace_back("Retry-After", std::to_string(wait ? std::max<int64_t>(1, wait->count()) : 60));
    return r;
  }
  return Reply{204, {}, {}, {}};
}

// The one-time set-up: only while no account exists, and only from this
// machine, so nobody on the network can claim a fresh deployment.
Result<Reply> Handlers::first_admin(const Call& c) {
  if (!is_loopback(c.client_address))
    return Error{Errc::forbidden, "The first administrator can be set up only from the server's own machine", {}, 0};
  auto body = login_body(c.body, true);
  if (!body) return body.error();
  domain::NewUser u{body->username, body->display_name, body->password, {}};
  auto added = accounts_.add_first_admin(u, model::Actor("setup", {}, c.route.method + " " + c.route.path, std::string(c.client_address)));
  if (!added) return added.error();
  auto session = accounts_.log_in(body->username, body->password, c.client_address, c.now);
  if (!session) return session.error();
  return session_reply(201, session->user, session->csrf_token, session->token);
}

// ---- surveys (issue 11): the rules are domain/survey/surveys.hpp's ----------

Result<Reply> Handlers::survey_scales() { return json_reply(200, codec::scales_json()); }

Result<Reply> Handlers::list_instruments(const Call& c) { return reply_of(200, surveys_.list_instruments(param(c, "area"))); }

Result<Reply> Handlers::create_instrument(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  return reply_of(201, surveys_.create_instrument(param(c, "area"), *body, actor(c)));
}

Result<Reply> Handlers::read_instrument(const Call& c) {
  return reply_of(200, surveys_.get_instrument(param(c, "area"), param(c, "id")));
}

Result<Reply> Handlers::update_instrument(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  return reply_of(200, surveys_.update_instrument(param(c, "area"), param(c, "id"), *body, actor(c)));
}

Result<Reply> Handlers::list_waves(const Call& c) { return reply_of(200, surveys_.list_waves(param(c, "area"))); }

Result<Reply> Handlers::create_wave(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  return reply_of(201, surveys_.create_wave(param(c, "area"), *body, actor(c)));
}

Result<Reply> Handlers::read_wave(const Call& c) {
  return reply_of(200, surveys_.get_wave(param(c, "area"), param(c, "id")));
}

Result<Reply> Handlers::update_wave(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  return reply_of(200, surveys_.update_wave(param(c, "area"), param(c, "id"), *body, actor(c)));
}

// The wave report: researchers see who changed; a viewer who may see no
// individual gets the aggregates with small numbers withheld, in JSON or CSV.
Result<Reply> Handlers::wave_report(const Call& c) {
  auto format = summary_format(c.req, "wave report");
  if (!format) return format.error();
  auto report = wave_reports_.report(param(c, "area"), param(c, "id"), actor(c));
  if (!report) return report.error();
  // Before either encoder, so the JSON and the CSV hide the same people.
  if (!domain::sees_individuals(c.caller.who->user, param(c, "area"))) analysis::keep_aggregates_only(*report);
  if (*format == SummaryFormat::json) return json_reply(200, codec::wave_report_json(*report));
  Reply r{200, codec::wave_report_csv(*report), "text/csv; charset=utf-8", {}};
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"kith-" + file_safe(param(c, "area")) +
                                                    "-wave-" + std::to_string(report->ordinal) + "-report.csv\"");
  return r;
}

Result<Reply> Handlers::carry_forward(const Call& c) {
  return reply_of(200, surveys_.carry_forward(param(c, "area"), param(c, "wave"), actor(c)));
}

Result<Reply> Handlers::list_interviews(const Call& c) {
  return reply_of(200, surveys_.list_interviews(param(c, "area"), param(c, "wave"), actor(c)));
}

Result<Reply> Handlers::read_interview(const Call& c) {
  return reply_of(200, surveys_.get_interview(param(c, "area"), param(c, "wave"), param(c, "id"), actor(c)));
}

Result<Reply> Handlers::put_interview(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  auto put = surveys_.put_interview(param(c, "area"), param(c, "wave"), param(c, "id"), *body, actor(c));
  if (!put) return put.error();
  using Kind = domain::survey::PutOutcome::Kind;
  if (put->kind == Kind::conflict) {
    Error e = conflict("This interview was changed on another device since this one last saw it");
    json out = error_json(e);
    out["server"] = put->interview;
    out["differs"] = put->differs;
    return json_reply(409, out);
  }
  return json_reply(put->kind == Kind::created ? 201 : 200,
                    json{{"interview", put->interview}, {"repeat", put->kind == Kind::repeat}});
}

Result<Reply> Handlers::list_mentions(const Call& c) {
  const std::string status = c.req.has_param("status") ? c.req.get_param_value("status") : "";
  return reply_of(200, mentions_.list(param(c, "area"), param(c, "wave"), status, actor(c)));
}

Result<Reply> Handlers::mention_suggestions(const Call& c) {
  return reply_of(200, mentions_.suggestions(param(c, "area"), param(c, "id"), actor(c)));
}

Result<Reply> Handlers::propose_mention(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  return reply_of(200, mentions_.propose(param(c, "area"), param(c, "id"), *body, actor(c)));
}

Result<Reply> Handlers::review_mention(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  return reply_of(200, mentions_.review(param(c, "area"), param(c, "id"), *body, actor(c)));
}

Result<Reply> Handlers::list_assignments(const Call& c) {
  return reply_of(200, fieldwork_.list_assignments(param(c, "area"), param(c, "wave")));
}

Result<Reply> Handlers::create_assignment(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  return reply_of(201, fieldwork_.assign(param(c, "area"), param(c, "wave"), *body, actor(c)));
}

Result<Reply> Handlers::delete_assignment(const Call& c) {
  KITH_TRY(fieldwork_.unassign(param(c, "area"), param(c, "wave"), param(c, "id"), actor(c)));
  return Reply{204, {}, {}, {}};
}

Result<Reply> Handlers::put_visit(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  auto visit = fieldwork_.record_visit(param(c, "area"), param(c, "wave"), param(c, "id"), *body, actor(c));
  if (!visit) return visit.error();
  return json_reply(visit->created ? 201 : 200, json{{"visit", visit->visit}, {"repeat", !visit->created}});
}

Result<Reply> Handlers::fieldwork_report(const Call& c) {
  auto report = fieldwork_.report(param(c, "area"), param(c, "wave"));
  if (!report) return report.error();
  return json_reply(200, codec::fieldwork_json(*report));
}

Result<Reply> Handlers::consent_counts(const Call& c) {
  // The people list's own reading of ?q= (the route takes no other filter),
  // so the counts and the list agree.
  auto q = parse_list_query(model::people(), param(c, "area"), c.req);
  if (!q) return q.error();
  auto counts = register_.consent_counts(*q);
  if (!counts) return counts.error();
  return json_reply(200, codec::consent_counts_json(*counts));
}

Result<Reply> Handlers::list_merges(const Call& c) {
  const std::string person = c.req.has_param("person") ? c.req.get_param_value("person") : std::string();
  auto merges = merges_.list(param(c, "area"), person);
  if (!merges) return merges.error();
  return json_reply(200, codec::merges_json(*merges));
}

Result<Reply> Handlers::merge_people(const Call& c) {
  auto body = parse_json_object(c.body);
  if (!body) return body.error();
  auto made = merges_.merge(param(c, "area"), *body, actor(c));
  if (!made) return made.error();
  return json_reply(201, codec::merge_json(*made));
}

Result<Reply> Handlers::undo_merge(const Call& c) {
  auto undone = merges_.undo(param(c, "area"), param(c, "id"), actor(c));
  if (!undone) return undone.error();
  return json_reply(200, codec::merge_json(*undone));
}

Result<Reply> Handlers::import_netcanvas(const Call& c) {
  domain::survey::NetcanvasOptions options;
  options.file_name = "the Network Canvas file";
  options.generator = c.req.get_param_value("generator");
  if (c.req.has_param("node_type")) options.node_type = c.req.get_param_value("node_type");
  options.consent_scope = domain::survey::consent_scope_words(c.req.get_param_value("consent_scope"));
  if (c.body.empty()) return invalid("file", "Send the GraphML file Network Canvas exported as the body");
  auto sessions = exchange::netcanvas::read_graphml(c.body, options.file_name);
  if (!sessions) return sessions.error();
  auto done = surveys_.import_netcanvas(param(c, "area"), param(c, "wave"), *sessions, options, actor(c));
  if (!done) return done.error();
  return json_reply(200, codec::netcanvas_import_json(*done));
}

}  // namespace kith::api
