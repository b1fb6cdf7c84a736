// Shared by the importers: cells to JSON values, names, errors, checking.
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "kith/exchange/exchange_model.hpp"
#include "kith/exchange/seeded_id.hpp"
#include "kith/model/validate.hpp"

namespace kith::exchange::batch {
namespace {


char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ci(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string file_of(const Batch& b, const Origin& o) { return o.in_links_file ? b.links_file : b.nodes_file; }

// Fixed, valid ids that stand in for references while a record is checked.
const std::string& stand_in_id(std::string_view prefix, int n) {
  static const std::string person1 = seeded_id("pe", 0x6b697468, 1);
  static const std::string person2 = seeded_id("pe", 0x6b697468, 2);
  static const std::string group = seeded_id("gr", 0x6b697468, 3);
  static const std::string place = seeded_id("pl", 0x6b697468, 4);
  if (prefix == "pe") return n == 1 ? person1 : person2;
  return prefix == "gr" ? group : place;
}

}  // namespace

const model::Entity& entity_of(Kind k) {
  switch (k) {
    case Kind::person: return model::people();
    case Kind::group: return model::groups();
    case Kind::place: return model::places();
    case Kind::tie: return model::ties();
    case Kind::affiliation: return model::affiliations();
  }
  assert(false && "every kind has an entity");
  return model::people();
}

std::string_view kind_label(Kind k) { return entity_of(k).name; }

Error error_at(const Batch& b, const Origin& o, Kind k, std::string_view column, std::string_view reason) {
  std::string file = file_of(b, o);
  Error e;
  if (o.index >= 0) {
    std::string path = std::string(entity_of(k).plural) + "[" + std::to_string(o.index) + "]";
    if (!column.empty()) path += "." + std::string(column);
    e = invalid(path, file + ": " + path + ": " + std::string(reason));
  } else if (o.line <= 0) {
    e = invalid(std::string(column), file + ": " + std::string(reason));
  } else {
    std::string msg = file + " line " + std::to_string(o.line);
    if (!column.empty()) msg += ", column " + std::string(column);
    e = invalid(std::string(column), msg + ": " + std::string(reason));
    e.line = o.line;
  }
  e.file = std::move(file);
  e.reason = std::string(reason);
  return e;
}

Error validation_error(const Batch& b, const Origin& o, Kind k, const Error& e) {
  if (e.code != Errc::invalid) return e;
  std::string column = e.field;
  if (o.index < 0) {
    const auto& columns = o.in_links_file || k == Kind::tie || k == Kind::affiliation ? b.link_columns : b.node_columns;
    auto it = columns.find(e.field);
    if (it != columns.end()) column = it->second;
  }
  return error_at(b, o, k, column, e.message);
}

std::string normalise_name(std::string_view s) {
  std::string t = trim(s), out;
  out.reserve(t.size());
  for (char c : t) {
    if (c == ' ' || c == '-' || c == '_') {
      if (out.empty() || out.back() != '_') out += '_';
    } else {
      out += lower(c);
    }
  }
  return out;
}

Result<int64_t> parse_whole(std::string_view s) {
  std::string t = trim(s);
  if (!t.empty() && t[0] == '+') t.erase(0, 1);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size())
    return invalid("", "'" + std::string(s) + "' is not a whole number");
  return n;
}

namespace {

Result<json> parse_real(std::string_view s) {
  std::string t = trim(s);
  double d = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(d))
    return invalid("", "'" + std::string(s) + "' is not a number");
  return json(d);
}

Result<json> parse_boolean(std::string_view s) {
  std::string t = trim(s);
  for (auto yes : {"true", "yes", "y", "1"})
    if (equals_ci(t, yes)) return json(true);
  for (auto no : {"false", "no", "n", "0"})
    if (equals_ci(t, no)) return json(false);
  return invalid("", "'" + std::string(s) + "' is not true or false (yes and no also work)");
}

// Kumu writes lists in one cell separated by "|".
json split_tags(std::string_view s) {
  json out = json::array();
  size_t start = 0;
  for (;;) {
    size_t bar = s.find('|', start);
    std::string part = trim(s.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (!part.empty()) out.push_back(std::move(part));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

}  // namespace

Result<json> cell_value(const model::Field& f, std::string_view cell) {
  using model::FieldType;
  if (trim(cell).empty()) return json(nullptr);
  switch (f.type) {
    case FieldType::text: return json(std::string(cell));
    case FieldType::date: return json(trim(cell));
    case FieldType::integer: {
      auto n = parse_whole(cell);
      if (!n) return n.error();
      return json(*n);
    }
    case FieldType::real: return parse_real(cell);
    case FieldType::boolean: return parse_boolean(cell);
    case FieldType::enumeration: return json(normalise_name(cell));
    case FieldType::tags: return split_tags(cell);
    case FieldType::bbox:
    case FieldType::ref: break;
  }
  return invalid("", "this column cannot be imported from CSV");
}

Result<std::string> clean_external_id(std::string_view s) {
  std::string t = trim(s);
  if (t.empty()) return invalid("external_id", "Enter an ID; it cannot be blank");
  if (t.size() > kExternalIdBytesMax)
    return invalid("external_id", "Shorten the ID to at most " + std::to_string(kExternalIdBytesMax) + " bytes");
  for (char c : t) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return invalid("external_id", "Remove control characters from the ID");
  }
  return t;
}

json with_stand_in_refs(Kind k, EndKind to_kind, json body) {
  if (k == Kind::tie) {
    body["source_id"] = stand_in_id("pe", 1);
    body["target_id"] = stand_in_id("pe", 2);
  } else if (k == Kind::affiliation) {
    body["person_id"] = stand_in_id("pe", 1);
    if (to_kind == EndKind::place) body["place_id"] = stand_in_id("pl", 0);
    else body["group_id"] = stand_in_id("gr", 0);
  }
  return body;
}

Result<uint32_t> check_values(Batch& b, Kind k, json body) {
  const model::Entity& e = entity_of(k);
  auto rec = validate_create(e, body);
  if (!rec) return rec.error();
  store::FieldValues values;
  values.reserve(e.fields.size());
  for (const auto& f : e.fields) {
    if (f.type == model::FieldType::ref) values.emplace_back();  // filled in when written
    else values.push_back(store::to_column(f, (*rec)[std::string(f.name)]));
  }
  assert(b.values.size() < UINT32_MAX);
  b.values.push_back(std::move(values));
  return static_cast<uint32_t>(b.values.size() - 1);
}

void append_cell_key(std::string& key, std::string_view cell) {
  key += std::to_string(cell.size());
  key += ':';
  key.append(cell);
}

std::vector<std::string_view> split_cell_key(std::string_view key) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < key.size()) {
    size_t colon = key.find(':', i);
    assert(colon != std::string_view::npos);
    size_t n = 0;
    std::from_chars(key.data() + i, key.data() + colon, n);
    out.push_back(key.substr(colon + 1, n));
    i = colon + 1 + n;
  }
  return out;
}

}  // namespace kith::exchange::batch
