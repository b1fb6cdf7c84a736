#include "kith/model/validate.hpp"

#include "kith/core/text.hpp"

#include <map>
#include <mutex>

#include <array>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"

namespace kith::model {
namespace {

using model::Entity;
using model::Field;
using model::FieldType;

constexpr size_t kTagBytesMax = 64;
constexpr size_t kExternalIdBytesMax = 200;
// Text fields at least this long are free text (notes, addresses), where line
// breaks and tabs are part of the content; shorter ones are single-line labels.
constexpr size_t kLongTextBytesMin = 500;
// 2^63: doubles at or beyond this cannot be converted to int64_t.
constexpr double kInt64Limit = 9223372036854775808.0;

// Columns the server owns. A client that loads a record, edits it and sends
// it back as a patch carries these along; they are harmless while unchanged.
constexpr std::array<std::string_view, 5> kEchoedServerFields = {"id", "area_id", "created_at", "updated_at",
                                                                 "register_revision"};

bool is_echoed_server_field(std::string_view k) {
  for (auto s : kEchoedServerFields)
    if (s == k) return true;
  return false;
}

// C0 controls, DEL and C1 controls (U+0080..U+009F, encoded C2 80..C2 9F).
// Assumes valid UTF-8, so a 0xC2 byte is always a lead byte.
bool has_control(std::string_view s, bool allow_layout) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (allow_layout && (b == '\n' || b == '\t')) continue;
    if (b < 0x20 || b == 0x7F) return true;
    if (b == 0xC2 && i + 1 < s.size()) {
      auto n = static_cast<unsigned char>(s[i + 1]);
      if (n >= 0x80 && n <= 0x9F) return true;
    }
  }
  return false;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

namespace {

// Browsers send line breaks in text areas as CR LF; store them as LF.
std::string normalise_newlines(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += s[i];
  }
  return out;
}

std::string number_text(double v) {
  char buf[32];
  if (v == std::trunc(v) && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
  else
    std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (auto s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

std::string name_of(const Field& f) { return std::string(f.name); }
bool has_range(const Field& f) { return f.min < f.max; }

std::string ref_prefix(const Field& f) {
  const Entity* target = model::find_entity_by_name(f.ref);
  assert(target && "a ref field names a known entity");
  return target ? std::string(target->id_prefix) : std::string();
}

// What to enter, in words: used for wrong values and for missing required ones.
std::string hint(const Field& f) {
  std::string n = name_of(f);
  switch (f.type) {
    case FieldType::text: return "Enter " + n + " as text";
    case FieldType::integer:
      return has_range(f) ? "Enter " + n + " as a whole number from " + number_text(f.min) + " to " +
                                number_text(f.max)
                          : "Enter " + n + " as a whole number";
    case FieldType::real:
      return has_range(f) ? "Enter " + n + " as a number from " + number_text(f.min) + " to " + number_text(f.max)
                          : "Enter " + n + " as a number";
    case FieldType::boolean: return "Enter " + n + " as true or false";
    case FieldType::date: return "Enter " + n + " as a date in the form YYYY-MM-DD, such as 2025-03-31";
    case FieldType::enumeration: return "Choose " + n + " from: " + join(f.choices);
    case FieldType::tags:
      return f.choices.empty() ? "Enter " + n + " as a list of short text tags"
                               : "Enter " + n + " as a list drawn from: " + join(f.choices);
    case FieldType::bbox: return "Enter " + n + " as [west, south, east, north] in degrees";
    case FieldType::ref:
      return "Enter " + n + " as the id of a " + std::string(f.ref) + " (" + ref_prefix(f) +
             "_ followed by 20 letters and digits)";
  }
  return "Enter " + n;
}

Error wrong(const Field& f) { return invalid(name_of(f), hint(f)); }

// Shared by text fields, tags and external_id: a string that is valid UTF-8,
// free of control characters, trimmed.
Result<std::string> clean_string(const std::string& field, const std::string& s, bool allow_layout,
                                 std::string_view what) {
  if (!valid_utf8(s)) return invalid(field, std::string(what) + " is not valid UTF-8 text");
  std::string t = trim(allow_layout ? normalise_newlines(s) : s);
  if (has_control(t, allow_layout))
    return invalid(field, "Remove control characters from " + std::string(what) +
                              (allow_layout ? " (line breaks and tabs are fine)" : ""));
  return t;
}

Result<json> check_text(const Field& f, const json& v) {
  if (!v.is_string()) return wrong(f);
  bool long_text = f.max_len >= kLongTextBytesMin;
  auto t = clean_string(name_of(f), v.get_ref<const std::string&>(), long_text, f.name);
  if (!t) return t.error();
  if (t->empty()) {
    if (f.required) return invalid(name_of(f), "Enter " + name_of(f) + "; it cannot be blank");
    return json(nullptr);  // blank optional text means "not recorded"
  }
  if (f.max_len > 0 && t->size() > f.max_len)
    return invalid(name_of(f), "Shorten " + name_of(f) + " to at most " + std::to_string(f.max_len) +
                                   " bytes (accented letters and symbols take 2 to 4 bytes each)");
  return json(std::move(t.value()));
}

Result<json> check_integer(const Field& f, const json& v) {
  if (v.is_boolean() || !v.is_number()) return wrong(f);
  int64_t n = 0;
  if (v.is_number_unsigned()) {
    auto u = v.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return wrong(f);
    n = static_cast<int64_t>(u);
  } else if (v.is_number_integer()) {
    n = v.get<int64_t>();
  } else {
    double d = v.get<double>();
    if (!std::isfinite(d) || d != std::trunc(d) || std::fabs(d) >= kInt64Limit) return wrong(f);
    n = static_cast<int64_t>(d);
  }
  if (has_range(f) && (static_cast<double>(n) < f.min || static_cast<double>(n) > f.max)) return wrong(f);
  return json(n);
}

Result<json> check_real(const Field& f, const json& v) {
  if (v.is_boolean() || !v.is_number()) return wrong(f);
  double d = v.get<double>();
  if (!std::isfinite(d)) return wrong(f);
  if (has_range(f) && (d < f.min || d > f.max)) return wrong(f);
  return json(d);
}

Result<json> check_enumeration(const Field& f, const json& v) {
  if (!v.is_string()) return wrong(f);
  const auto& s = v.get_ref<const std::string&>();
  for (auto c : f.choices)
    if (c == s) return json(s);
  return wrong(f);
}

Result<json> check_date(const Field& f, const json& v) {
  if (!v.is_string()) return wrong(f);
  auto d = parse_date(v.get_ref<const std::string&>());
  if (!d) return wrong(f);
  return json(d->str());
}

bool is_choice(const Field& f, std::string_view s) {
  for (auto c : f.choices)
    if (c == s) return true;
  return false;
}

Result<json> check_tags(const Field& f, const json& v) {
  std::string n = name_of(f);
  if (!v.is_array()) return wrong(f);
  if (f.max_len > 0 && v.size() > f.max_len)
    return invalid(n, "Give at most " + std::to_string(f.max_len) + " entries in " + n);
  json out = json::array();
  std::set<std::string> seen;
  for (const auto& item : v) {
    if (!item.is_string()) return invalid(n, "Each entry in " + n + " must be text");
    auto t = clean_string(n, item.get_ref<const std::string&>(), false, "each entry in " + n);
    if (!t) return t.error();
    if (t->empty() || t->size() > kTagBytesMax)
      return invalid(n, "Each entry in " + n + " must be 1 to " + std::to_string(kTagBytesMax) + " bytes long");
    if (!f.choices.empty() && !is_choice(f, *t)) return wrong(f);
    if (!seen.insert(*t).second) return invalid(n, "'" + *t + "' appears more than once in " + n);
    out.push_back(std::move(t.value()));
  }
  return out;
}

Result<json> check_bbox(const Field& f, const json& v) {
  std::string n = name_of(f);
  if (!v.is_array() || v.size() != 4) return wrong(f);
  std::array<double, 4> c{};
  for (size_t i = 0; i < 4; ++i) {
    if (v[i].is_boolean() || !v[i].is_number()) return wrong(f);
    c[i] = v[i].get<double>();
    if (!std::isfinite(c[i])) return wrong(f);
  }
  auto [west, south, east, north] = c;
  if (west < -180 || west > 180 || east < -180 || east > 180)
    return invalid(n, "In " + n + ", west and east are longitudes from -180 to 180");
  if (south < -90 || south > 90 || north < -90 || north > 90)
    return invalid(n, "In " + n + ", south and north are latitudes from -90 to 90");
  if (!(south < north)) return invalid(n, "In " + n + ", south must be less than north");
  if (!(west < east)) return invalid(n, "In " + n + ", west must be less than east");
  return json::array({west, south, east, north});
}

Result<json> check_ref(const Field& f, const json& v) {
  if (!v.is_string() || !is_valid_id(v.get_ref<const std::string&>(), ref_prefix(f))) return wrong(f);
  return v;
}

// A present, non-null value of field f, normalised.
Result<json> check_value(const Field& f, const json& v) {
  switch (f.type) {
    case FieldType::text: return check_text(f, v);
    case FieldType::integer: return check_integer(f, v);
    case FieldType::real: return check_real(f, v);
    case FieldType::boolean: return v.is_boolean() ? Result<json>(v) : Result<json>(wrong(f));
    case FieldType::date: return check_date(f, v);
    case FieldType::enumeration: return check_enumeration(f, v);
    case FieldType::tags: return check_tags(f, v);
    case FieldType::bbox: return check_bbox(f, v);
    case FieldType::ref: return check_ref(f, v);
  }
  return wrong(f);
}

// Defaults are parsed once per field, not once per imported row.
const json& parsed_default(const Field& f) {
  static std::mutex mu;
  static std::map<const Field*, json> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(&f);
  if (it == cache.end()) it = cache.emplace(&f, json::parse(f.default_json)).first;
  return it->second;
}

// Absent or null: the default when there is one, an error when required,
// otherwise null. Blank required text also fails here.
Result<json> resolve(const Field& f, const json* v) {
  if (v && !v->is_null()) return check_value(f, *v);
  if (!f.default_json.empty()) return parsed_default(f);
  if (f.required) return invalid(name_of(f), name_of(f) + " is required. " + hint(f));
  return json(nullptr);
}

Result<json> check_external_id(const json* v) {
  if (!v || v->is_null()) return json(nullptr);
  const std::string field = "external_id";
  const std::string hint_text =
      "Enter external_id as text of 1 to " + std::to_string(kExternalIdBytesMax) + " bytes, or leave it out";
  if (!v->is_string()) return invalid(field, hint_text);
  auto t = clean_string(field, v->get_ref<const std::string&>(), false, field);
  if (!t) return t.error();
  if (t->empty() || t->size() > kExternalIdBytesMax) return invalid(field, hint_text);
  return json(std::move(t.value()));
}

bool is_set(const json& rec, std::string_view k) {
  auto it = rec.find(k);
  return it != rec.end() && !it->is_null();
}

bool is_outward_code(std::string_view s) {
  auto alpha = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0, letters = 0;
  while (i < s.size() && alpha(s[i]) && letters < 2) ++i, ++letters;
  if (letters == 0 || i >= s.size() || !digit(s[i])) return false;
  ++i;
  if (i < s.size() && (alpha(s[i]) || digit(s[i]))) ++i;
  return i == s.size();
}

Result<void> check_person_rules(json& rec) {
  if (is_set(rec, "postcode_district")) {
    std::string pc = rec["postcode_district"].get<std::string>();
    for (char& c : pc)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!is_outward_code(pc))
      return invalid("postcode_district",
                     "Enter postcode_district as the first half of a UK postcode, such as LS6 or CF10");
    rec["postcode_district"] = pc;
  }
  std::string status = is_set(rec, "consent_status") ? rec["consent_status"].get<std::string>() : "not_asked";
  bool decided = status == "given" || status == "refused" || status == "withdrawn";
  if (decided && !is_set(rec, "consent_date"))
    return invalid("consent_date", "Enter consent_date: the day consent was " + status);
  bool has_scope = is_set(rec, "consent_scope") && !rec["consent_scope"].empty();
  if (has_scope && status != "given")
    return invalid("consent_scope", "Leave consent_scope empty unless consent_status is given");
  return {};
}

// Rules that involve more than one field of the same record.
Result<void> check_record_rules(const Entity& e, json& rec) {
  if (e.name == "tie" && is_set(rec, "source_id") && rec["source_id"] == rec["target_id"])
    return invalid("target_id", "A tie must join two different people");
  if (e.dated && is_set(rec, "valid_from") && is_set(rec, "valid_to") &&
      rec["valid_to"].get<std::string>() < rec["valid_from"].get<std::string>())
    return invalid("valid_to", "valid_to must be on or after valid_from");
  if (e.name == "affiliation") {
    bool group = is_set(rec, "group_id"), place = is_set(rec, "place_id");
    if (group && place) return invalid("group_id", "Give group_id or place_id, not both");
    if (!group && !place) return invalid("group_id", "Give group_id or place_id: where this person takes part");
  }
  if (e.name == "person") return check_person_rules(rec);
  return {};
}

Error unknown_field(const std::string& k) { return invalid(k, "Unknown field '" + k + "'"); }

Result<int64_t> check_revision(const json& v) {
  bool whole = v.is_number_integer();  // true for unsigned too, never for booleans or 2.5
  bool fits = whole && (v.is_number_unsigned() ? v.get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)
                                               : v.get<int64_t>() >= 1);
  if (!fits || v.get<int64_t>() < 1)
    return invalid("revision", "Enter revision as the whole number from the record you loaded");
  return v.get<int64_t>();
}

// Fills, checks and normalises every user field of `rec` in place, then
// external_id and the record rules.
Result<void> check_all(const Entity& e, json& rec) {
  for (const auto& f : e.fields) {
    auto it = rec.find(f.name);
    auto v = resolve(f, it == rec.end() ? nullptr : &*it);
    if (!v) return v.error();
    rec[std::string(f.name)] = std::move(v.value());
  }
  auto it = rec.find("external_id");
  auto ext = check_external_id(it == rec.end() ? nullptr : &*it);
  if (!ext) return ext.error();
  rec["external_id"] = std::move(ext.value());
  return check_record_rules(e, rec);
}

}  // namespace

Result<json> validate_create(const Entity& e, const json& body) {
  if (!body.is_object()) return invalid("", "Send the " + std::string(e.name) + " as a JSON object");
  for (const auto& [k, v] : body.items()) {
    if (e.field(k) || k == "external_id") continue;
    if (is_echoed_server_field(k) || k == "revision")
      return invalid(k, "The server sets " + k + "; leave it out when creating a " + std::string(e.name));
    return unknown_field(k);
  }
  json rec = json::object();
  for (const auto& f : e.fields) {
    auto it = body.find(f.name);
    if (it != body.end()) rec[std::string(f.name)] = *it;
  }
  if (body.contains("external_id")) rec["external_id"] = body["external_id"];
  KITH_TRY(check_all(e, rec));
  return rec;
}

Result<json> validate_patch(const Entity& e, const json& current, const json& patch) {
  if (!current.is_object()) return internal_error("validate_patch: the stored record is not an object");
  if (!patch.is_object()) return invalid("", "Send the changes to the " + std::string(e.name) + " as a JSON object");
  json rec = current;
  for (const auto& [k, v] : patch.items()) {
    if (k == "revision") {
      auto r = check_revision(v);
      if (!r) return r.error();
      rec["revision"] = *r;
      continue;
    }
    if (k == "external_id") {
      rec[k] = v;
      continue;
    }
    auto cur = current.find(k);
    bool unchanged = cur != current.end() && *cur == v;
    if (is_echoed_server_field(k) && cur != current.end()) {
      if (!unchanged) return invalid(k, "The server sets " + k + "; it cannot be changed");
      continue;
    }
    const Field* f = e.field(k);
    if (!f) return unknown_field(k);
    if (f->immutable && !unchanged)
      return invalid(k, k + " cannot be changed once the " + std::string(e.name) + " exists; create a new " +
                            std::string(e.name) + " instead");
    rec[k] = v;
  }
  KITH_TRY(check_all(e, rec));
  return rec;
}

}  // namespace kith::model
