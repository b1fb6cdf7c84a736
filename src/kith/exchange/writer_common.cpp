// The parts every export writer shares (writer.hpp).
#include <cassert>
#include <charconv>
#include <set>

#include "kith/exchange/writer.hpp"
#include "kith/model/consent.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange::writer {

using nlohmann::json;

namespace {

// People who refused or withdrew research consent, and their links, are not
// exported (they stay in the store).
void leave_out_without_consent(Snapshot& snap) {
  auto& people = snap.records[static_cast<size_t>(Kind::person)];
  std::set<std::string> out;
  for (const auto& p : people)
    if (!store::consents_to(p, model::kResearchScope)) out.insert(p.id);
  if (out.empty()) return;
  std::erase_if(people, [&](const StoredRecord& p) { return out.count(p.id) > 0; });
  for (Kind k : {Kind::tie, Kind::affiliation}) {
    const bool tie = k == Kind::tie;
    std::erase_if(snap.records[static_cast<size_t>(k)], [&](const StoredRecord& r) {
      // ties: source and target; affiliations: the person (field 0)
      return out.count(store::text_of(r.fields[0])) > 0 || (tie && out.count(store::text_of(r.fields[1])) > 0);
    });
  }
}

}  // namespace

Result<Snapshot> load_snapshot(store::Store& s, std::string_view area_id) {
  Snapshot snap;
  auto read = s.read([&](store::Connection& c) -> Result<void> {
    store::Repository repo(c);
    auto area = repo.get(model::areas(), area_id);
    if (!area) return area.error();
    for (Kind k : {Kind::person, Kind::group, Kind::place, Kind::tie, Kind::affiliation}) {
      auto& out = snap.records[static_cast<size_t>(k)];
      KITH_TRY(store::scan_area(c, batch::entity_of(k), area_id, false, [&](StoredRecord&& r) -> Result<void> {
        out.push_back(std::move(r));
        return {};
      }));
    }
    return {};
  });
  if (!read) return read.error();
  leave_out_without_consent(snap);
  for (Kind k : kNodeKinds)
    for (const auto& r : snap.of(k)) snap.key_of.emplace(r.id, Snapshot::key(r));
  return snap;
}

namespace {

std::string real_text(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  assert(ec == std::errc());
  return std::string(buf, end);
}

}  // namespace

std::string cell_text(const Field& f, const store::Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return {};
  json j = store::from_column(f, v);
  switch (f.type) {
    case FieldType::boolean: return j.get<bool>() ? "true" : "false";
    case FieldType::integer: return std::to_string(j.get<int64_t>());
    case FieldType::real: return real_text(j.get<double>());
    case FieldType::tags:
    case FieldType::bbox: {
      std::string out;
      for (const auto& item : j) {
        if (!out.empty()) out += '|';
        out += item.is_string() ? item.get<std::string>() : item.dump();
      }
      return out;
    }
    default: return store::text_of(v);
  }
}

std::string title_case(std::string_view name) {
  std::string out;
  bool start = true;
  for (char c : name) {
    if (c == '_') {
      out += ' ';
      start = true;
      continue;
    }
    out += start && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    start = false;
  }
  return out;
}

// XML --------------------------------------------------------------------------

namespace {

// Escapes for both text and attributes. Characters XML 1.0 cannot hold at all
// (other C0 controls) are dropped; validation keeps them out of the register.
void xml_escape(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20) out += c;
    }
  }
}

}  // namespace

std::string xml(std::string_view s) {
  std::string out;
  xml_escape(out, s);
  return out;
}

// Node attributes: every field of people, groups and places but their names
// (the label); edge attributes: every field of ties and affiliations but the ends.
std::vector<Attribute> attributes(bool nodes) {
  std::vector<Attribute> out = {{"type", FieldType::text}, {"external_id", FieldType::text}};
  auto add = [&](const Field& f) {
    if (f.type == FieldType::ref || f.name == "display_name" || f.name == "name") return;
    for (const auto& a : out)
      if (a.name == f.name) return;
    out.push_back({std::string(f.name), f.type});
  };
  if (nodes)
    for (Kind k : kNodeKinds)
      for (const auto& f : batch::entity_of(k).fields) add(f);
  else
    for (Kind k : kLinkKinds)
      for (const auto& f : batch::entity_of(k).fields) add(f);
  return out;
}

// GraphML and GEXF name their attribute types alike.
std::string xml_type(FieldType t) {
  switch (t) {
    case FieldType::integer: return "long";
    case FieldType::real: return "double";
    case FieldType::boolean: return "boolean";
    default: return "string";
  }
}

// The attribute values of one record, by attribute position; empty when unset.
std::vector<std::string> attribute_values(const std::vector<Attribute>& attrs, Kind k, const StoredRecord& r) {
  const model::Entity& e = batch::entity_of(k);
  std::vector<std::string> out(attrs.size());
  out[0] = std::string(e.name);
  out[1] = Snapshot::key(r);
  for (size_t a = 2; a < attrs.size(); ++a) {
    const Field* f = e.field(attrs[a].name);
    if (f) out[a] = cell_text(*f, r.fields[static_cast<size_t>(f - e.fields.data())]);
  }
  return out;
}

std::string node_label(Kind k, const StoredRecord& r) {
  const model::Entity& e = batch::entity_of(k);
  return store::text_of(r.fields[e.index_of(k == Kind::person ? "display_name" : "name")]);
}

// The ends of a tie or affiliation as node ids.
std::pair<std::string, std::string> ends(Kind k, const StoredRecord& r) {
  std::string to = store::text_of(r.fields[1]);
  if (k == Kind::affiliation && to.empty()) to = store::text_of(r.fields[2]);
  return {store::text_of(r.fields[0]), to};
}

std::string closeness_weight(Kind k, const StoredRecord& r) {
  if (k != Kind::tie) return "1";
  size_t i = model::ties().index_of("closeness");
  return cell_text(model::ties().fields[i], r.fields[i]);
}

}  // namespace kith::exchange::writer
