// JSON: {"people":[…],"groups":[…],"places":[…],"ties":[…],"affiliations":[…]}
// with records as in the API plus a required external_id. Ties name their
// people by external id in "source"/"target"; affiliations in "person" and
// "group" or "place".
#include <unordered_map>

#include "kith/core/text.hpp"
#include "kith/exchange/exchange_model.hpp"

namespace kith::exchange::batch {
namespace {

constexpr std::pair<std::string_view, Kind> kSections[] = {{"people", Kind::person},
                                                           {"groups", Kind::group},
                                                           {"places", Kind::place},
                                                           {"ties", Kind::tie},
                                                           {"affiliations", Kind::affiliation}};

// Records are flat and the file nests a few levels; deeper input is refused
// before parsing, since copying and printing a JSON value recurse once a level
// (a file of 100 000 '[' would overflow the stack). The API checks the same bound.
constexpr int kNestingMax = 64;

// Offset of the first bracket (outside strings) that nests deeper than
// depth_max, or npos.
long line_of_offset(std::string_view text, size_t offset) {
  long line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

// A problem with the file as a whole: "name line N: reason" (or "name: reason").
Error whole_file_error(const std::string& name, long line, std::string field, std::string reason) {
  Error e = invalid(std::move(field), name + (line > 0 ? " line " + std::to_string(line) : "") + ": " + reason);
  e.line = line;
  e.file = name;
  e.reason = std::move(reason);
  return e;
}

FieldMask provided_fields(const model::Entity& e, const json& body) {
  FieldMask m = 0;
  for (size_t i = 0; i < e.fields.size(); ++i)
    if (body.contains(e.fields[i].name)) m |= bit(i);
  return m;
}

// Takes `key` out of the body as a cleaned external id.
Result<std::string> take_ref(json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return invalid(key, std::string("Enter ") + key + " as an external id");
  if (!it->is_string()) return invalid(key, std::string("Enter ") + key + " as an external id (text)");
  auto ext = clean_external_id(it->get_ref<const std::string&>());
  body.erase(it);
  if (!ext) return invalid(key, ext.error().message);
  return ext;
}

Result<void> refuse_internal_refs(const model::Entity& e, const json& body) {
  for (const auto& f : e.fields)
    if (f.type == model::FieldType::ref && body.contains(f.name))
      return invalid(std::string(f.name), "Refer to records by external id: use " +
                                              std::string(f.name.substr(0, f.name.size() - 3)) + " instead of " +
                                              std::string(f.name));
  return {};
}

struct JsonReader {
  explicit JsonReader(Batch& batch) : b(batch) {}
  Batch& b;
  std::unordered_map<std::string, int64_t> seen[kKinds];  // external id -> array position

  Result<std::string> external_id(Kind k, const Origin& o, json& body) {
    auto it = body.find("external_id");
    if (it == body.end() || !it->is_string())
      return error_at(b, o, k, "external_id", "Enter external_id: a stable id for this record, as text");
    auto ext = clean_external_id(it->get_ref<const std::string&>());
    if (!ext) return error_at(b, o, k, "external_id", ext.error().message);
    body.erase(it);
    auto [pos, fresh] = seen[static_cast<int>(k)].emplace(*ext, o.index);
    if (!fresh)
      return error_at(b, o, k, "external_id",
                      "'" + *ext + "' is also the external_id of " + std::string(entity_of(k).plural) + "[" +
                          std::to_string(pos->second) + "]");
    return ext;
  }

  Result<void> node(Kind k, const Origin& o, json body) {
    Node n;
    n.kind = k;
    n.origin = o;
    auto ext = external_id(k, o, body);
    if (!ext) return ext.error();
    n.external_id = std::move(*ext);
    n.provided = provided_fields(entity_of(k), body);
    auto values = check_values(b, k, std::move(body));
    if (!values) {
      b.refused_ids.insert(n.external_id);
      return validation_error(b, o, k, values.error());
    }
    n.values = *values;
    b.nodes.push_back(std::move(n));
    return {};
  }

  Result<void> link(Kind k, const Origin& o, json body) {
    const model::Entity& e = entity_of(k);
    Link l;
    l.decided = true;
    l.kind = k;
    l.origin = o;
    auto ext = external_id(k, o, body);
    if (!ext) return ext.error();
    l.external_id = std::move(*ext);
    if (auto r = refuse_internal_refs(e, body); !r) return validation_error(b, o, k, r.error());
    const char* from_key = k == Kind::tie ? "source" : "person";
    auto from = take_ref(body, from_key);
    if (!from) return validation_error(b, o, k, from.error());
    l.from = std::move(*from);
    l.from_kind = EndKind::person;
    const char* to_key = "target";
    if (k == Kind::affiliation) {
      bool group = body.contains("group"), place = body.contains("place");
      if (group == place) return error_at(b, o, k, "group", "Give group or place (an external id), not both or neither");
      to_key = group ? "group" : "place";
      l.to_kind = group ? EndKind::group : EndKind::place;
    }
    auto to = take_ref(body, to_key);
    if (!to) return validation_error(b, o, k, to.error());
    l.to = std::move(*to);
    l.provided = provided_fields(e, body);
    auto values = check_values(b, k, with_stand_in_refs(k, l.to_kind, std::move(body)));
    if (!values) return validation_error(b, o, k, values.error());
    l.values = *values;
    b.links.push_back(std::move(l));
    return {};
  }
};

}  // namespace

Result<Batch> read_json(const ImportSource& src) {
  Batch b;
  b.format = Format::json;
  b.nodes_file = b.links_file = src.name;
  if (size_t at = json_too_deep_at(src.elements, kNestingMax); at != std::string_view::npos) {
    return whole_file_error(src.name, line_of_offset(src.elements, at), "",
                            "the JSON nests deeper than " + std::to_string(kNestingMax) +
                                " levels; records are flat objects in five lists");
  }
  json doc;
  try {
    doc = json::parse(src.elements);
  } catch (const json::parse_error& e) {
    return whole_file_error(src.name, line_of_offset(src.elements, e.byte), "",
                            std::string("this is not valid JSON (") + e.what() + ")");
  } catch (const json::exception& e) {  // a number beyond double's range (out_of_range.406)
    return whole_file_error(src.name, 0, "", std::string("this is not valid JSON (") + e.what() + ")");
  }
  if (!doc.is_object())
    return whole_file_error(src.name, 0, "", "expected an object with people, groups, places, ties and affiliations");
  for (const auto& [key, value] : doc.items()) {
    bool known = false;
    for (const auto& [name, kind] : kSections) known = known || key == name;
    if (!known)
      return whole_file_error(src.name, 0, key,
                              "unknown section '" + key + "'; use people, groups, places, ties and affiliations");
    if (!value.is_array()) return whole_file_error(src.name, 0, key, key + " must be a list of records");
    b.rows += static_cast<int64_t>(value.size());
  }
  if (b.rows > kImportRowsMax)
    return Error{Errc::too_large, src.name + ": more than " + std::to_string(kImportRowsMax) + " records", {}, 0};
  JsonReader jr(b);
  for (const auto& [name, kind] : kSections) {
    auto it = doc.find(name);
    if (it == doc.end()) continue;
    int64_t index = 0;
    for (auto& rec : *it) {
      Origin o{false, 0, index++};
      if (!rec.is_object()) {
        b.errors.add(error_at(b, o, kind, "", "each record must be a JSON object"));
        continue;
      }
      bool is_link = kind == Kind::tie || kind == Kind::affiliation;
      KITH_TRY(keep_row_error(b.errors, is_link ? jr.link(kind, o, std::move(rec)) : jr.node(kind, o, std::move(rec))));
    }
  }
  return b;
}

}  // namespace kith::exchange::batch
