// Export of a whole area: Kumu pair, edge list, JSON (the import formats, so
// export -> import round-trips), GraphML and GEXF 1.3 for Gephi and friends.
#include <array>
#include <cassert>
#include <charconv>
#include <unordered_map>

#include "kith/core/time.hpp"
#include "kith/exchange/csv.hpp"
#include "kith/exchange/exchange.hpp"
#include "kith/exchange/exchange_model.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange {
namespace {

using batch::Kind;
using nlohmann::json;
using model::Field;
using model::FieldType;
using store::StoredRecord;

constexpr std::array<Kind, 3> kNodeKinds = {Kind::person, Kind::group, Kind::place};
constexpr std::array<Kind, 2> kLinkKinds = {Kind::tie, Kind::affiliation};

// Every live record of the area, and the key each is known by in files.
struct Snapshot {
  std::array<std::vector<StoredRecord>, batch::kKinds> records;
  std::unordered_map<std::string, std::string> key_of;  // node id -> external id (or id)

  const std::vector<StoredRecord>& of(Kind k) const { return records[static_cast<size_t>(k)]; }
  static std::string key(const StoredRecord& r) { return r.external_id.empty() ? r.id : r.external_id; }
};

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
  for (Kind k : kNodeKinds)
    for (const auto& r : snap.of(k)) snap.key_of.emplace(r.id, Snapshot::key(r));
  return snap;
}

std::string real_text(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  assert(ec == std::errc());
  return std::string(buf, end);
}

// A value as one cell: lists joined with "|" as Kumu does, booleans as true/false.
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

// "postcode_district" -> "Postcode District": Kumu-style headers that the importer normalises back.
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

// Kumu ------------------------------------------------------------------------

// A column of elements.csv and the field it shows for each node kind.
struct ElementColumn {
  std::string header;
  std::array<std::string_view, 3> field{};  // by kind; empty: blank for that kind
};

std::vector<ElementColumn> element_columns() {
  std::vector<ElementColumn> cols = {
      {"Kind", {"", "kind", "kind"}},
      {"Description", {"", "description", "description"}},
      {"Tags", {"interests", "tags", "tags"}},
  };
  auto known = [&](std::string_view n) {
    for (const auto& c : cols)
      for (auto f : c.field)
        if (f == n) return true;
    return n == "display_name" || n == "name";
  };
  for (size_t k = 0; k < kNodeKinds.size(); ++k)
    for (const auto& f : batch::entity_of(kNodeKinds[k]).fields) {
      if (known(f.name)) continue;
      ElementColumn col{title_case(f.name), {}};
      for (size_t j = 0; j < kNodeKinds.size(); ++j)
        if (batch::entity_of(kNodeKinds[j]).field(f.name)) col.field[j] = f.name;
      cols.push_back(col);
    }
  return cols;
}

std::string kumu_elements(const Snapshot& snap) {
  auto cols = element_columns();
  std::string out;
  std::vector<std::string> row = {"ID", "Label", "Type"};
  for (const auto& c : cols) row.push_back(c.header);
  auto emit = [&] {
    std::vector<std::string_view> views(row.begin(), row.end());
    csv::append_record(out, views);
  };
  emit();
  for (size_t k = 0; k < kNodeKinds.size(); ++k) {
    const model::Entity& e = batch::entity_of(kNodeKinds[k]);
    size_t label = e.index_of(k == 0 ? "display_name" : "name");
    std::string type = title_case(e.name);
    for (const auto& r : snap.of(kNodeKinds[k])) {
      row = {Snapshot::key(r), store::text_of(r.fields[label]), type};
      for (const auto& c : cols) {
        if (c.field[k].empty()) {
          row.emplace_back();
          continue;
        }
        size_t i = e.index_of(c.field[k]);
        row.push_back(cell_text(e.fields[i], r.fields[i]));
      }
      emit();
    }
  }
  return out;
}

constexpr std::array<std::string_view, 7> kConnectionValues = {"closeness", "frequency", "named_by", "evidence",
                                                               "valid_from", "valid_to",  "notes"};

std::string kumu_connections(const Snapshot& snap) {
  std::string out;
  std::vector<std::string> row = {"ID", "From", "To", "Type"};
  for (auto n : kConnectionValues) row.push_back(title_case(n));
  auto emit = [&] {
    std::vector<std::string_view> views(row.begin(), row.end());
    csv::append_record(out, views);
  };
  emit();
  for (Kind k : kLinkKinds) {
    const model::Entity& e = batch::entity_of(k);
    size_t type = e.index_of(k == Kind::tie ? "kind" : "role");
    for (const auto& r : snap.of(k)) {
      std::string from = store::text_of(r.fields[0]);
      std::string to = store::text_of(r.fields[1]);
      if (k == Kind::affiliation && to.empty()) to = store::text_of(r.fields[2]);
      auto f = snap.key_of.find(from), t = snap.key_of.find(to);
      if (f == snap.key_of.end() || t == snap.key_of.end()) continue;  // an end outside the live area
      row = {Snapshot::key(r), f->second, t->second, store::text_of(r.fields[type])};
      for (auto n : kConnectionValues) {
        const Field* field = e.field(n);
        row.push_back(field ? cell_text(*field, r.fields[static_cast<size_t>(field - e.fields.data())]) : "");
      }
      emit();
    }
  }
  return out;
}

// Edge list --------------------------------------------------------------------

std::string edgelist(const Snapshot& snap) {
  std::string out = "source,target,weight\r\n";
  const model::Entity& e = model::ties();
  size_t closeness = e.index_of("closeness");
  for (const auto& r : snap.of(Kind::tie)) {
    auto f = snap.key_of.find(store::text_of(r.fields[0])), t = snap.key_of.find(store::text_of(r.fields[1]));
    if (f == snap.key_of.end() || t == snap.key_of.end()) continue;
    csv::append_record(out, {f->second, t->second, cell_text(e.fields[closeness], r.fields[closeness])});
  }
  return out;
}

// JSON -------------------------------------------------------------------------

json json_record(const model::Entity& e, const StoredRecord& r) {
  json out = json::object();
  out["external_id"] = Snapshot::key(r);
  for (size_t i = 0; i < e.fields.size(); ++i) {
    if (e.fields[i].type == FieldType::ref || std::holds_alternative<std::monostate>(r.fields[i])) continue;
    out[std::string(e.fields[i].name)] = store::from_column(e.fields[i], r.fields[i]);
  }
  return out;
}

std::string json_export(const Snapshot& snap) {
  json doc = json::object();
  for (Kind k : kNodeKinds) {
    json list = json::array();
    for (const auto& r : snap.of(k)) list.push_back(json_record(batch::entity_of(k), r));
    doc[std::string(batch::entity_of(k).plural)] = std::move(list);
  }
  for (Kind k : kLinkKinds) {
    json list = json::array();
    for (const auto& r : snap.of(k)) {
      json rec = json_record(batch::entity_of(k), r);
      bool group = k == Kind::affiliation && !std::holds_alternative<std::monostate>(r.fields[1]);
      auto f = snap.key_of.find(store::text_of(r.fields[0]));
      auto t = snap.key_of.find(store::text_of(r.fields[k == Kind::tie || group ? 1 : 2]));
      if (f == snap.key_of.end() || t == snap.key_of.end()) continue;
      rec[k == Kind::tie ? "source" : "person"] = f->second;
      rec[k == Kind::tie ? "target" : (group ? "group" : "place")] = t->second;
      list.push_back(std::move(rec));
    }
    doc[std::string(batch::entity_of(k).plural)] = std::move(list);
  }
  return doc.dump(1) + "\n";
}

// XML --------------------------------------------------------------------------

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

std::string xml(std::string_view s) {
  std::string out;
  xml_escape(out, s);
  return out;
}

// One attribute column of the graph: a field of one or more entities.
struct Attribute {
  std::string name;
  FieldType type = FieldType::text;
};

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

std::string graphml_type(FieldType t) {
  switch (t) {
    case FieldType::integer: return "long";
    case FieldType::real: return "double";
    case FieldType::boolean: return "boolean";
    default: return "string";
  }
}

std::string gexf_type(FieldType t) {
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

std::string graphml(const Snapshot& snap, std::string_view area_id) {
  auto node_attrs = attributes(true), edge_attrs = attributes(false);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  out += "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n";
  for (const auto& a : node_attrs)
    out += "  <key id=\"n_" + a.name + "\" for=\"node\" attr.name=\"" + a.name + "\" attr.type=\"" +
           graphml_type(a.type) + "\"/>\n";
  out += "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n";
  for (const auto& a : edge_attrs)
    out += "  <key id=\"e_" + a.name + "\" for=\"edge\" attr.name=\"" + a.name + "\" attr.type=\"" +
           graphml_type(a.type) + "\"/>\n";
  out += "  <graph id=\"" + xml(area_id) + "\" edgedefault=\"directed\">\n";
  for (Kind k : kNodeKinds)
    for (const auto& r : snap.of(k)) {
      out += "    <node id=\"" + xml(r.id) + "\">\n      <data key=\"label\">" + xml(node_label(k, r)) + "</data>\n";
      auto values = attribute_values(node_attrs, k, r);
      for (size_t a = 0; a < values.size(); ++a)
        if (!values[a].empty()) out += "      <data key=\"n_" + node_attrs[a].name + "\">" + xml(values[a]) + "</data>\n";
      out += "    </node>\n";
    }
  for (Kind k : kLinkKinds)
    for (const auto& r : snap.of(k)) {
      auto [from, to] = ends(k, r);
      if (!snap.key_of.count(from) || !snap.key_of.count(to)) continue;
      out += "    <edge id=\"" + xml(r.id) + "\" source=\"" + xml(from) + "\" target=\"" + xml(to) + "\">\n";
      out += "      <data key=\"weight\">" + closeness_weight(k, r) + "</data>\n";
      auto values = attribute_values(edge_attrs, k, r);
      for (size_t a = 0; a < values.size(); ++a)
        if (!values[a].empty()) out += "      <data key=\"e_" + edge_attrs[a].name + "\">" + xml(values[a]) + "</data>\n";
      out += "    </edge>\n";
    }
  out += "  </graph>\n</graphml>\n";
  return out;
}

std::string gexf_attribute_block(const char* cls, const std::vector<Attribute>& attrs) {
  std::string out = std::string("    <attributes class=\"") + cls + "\" mode=\"static\">\n";
  for (size_t a = 0; a < attrs.size(); ++a)
    out += "      <attribute id=\"" + std::to_string(a) + "\" title=\"" + attrs[a].name + "\" type=\"" +
           gexf_type(attrs[a].type) + "\"/>\n";
  return out + "    </attributes>\n";
}

std::string gexf_attvalues(const std::vector<std::string>& values) {
  std::string out = "        <attvalues>\n";
  for (size_t a = 0; a < values.size(); ++a)
    if (!values[a].empty())
      out += "          <attvalue for=\"" + std::to_string(a) + "\" value=\"" + xml(values[a]) + "\"/>\n";
  return out + "        </attvalues>\n";
}

std::string gexf(const Snapshot& snap, std::string_view area_id) {
  auto node_attrs = attributes(true), edge_attrs = attributes(false);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n";
  out += "  <meta lastmodifieddate=\"" + today_utc().str() + "\">\n    <creator>kith " KITH_VERSION
         "</creator>\n    <description>Community register of area " + xml(area_id) +
         "</description>\n  </meta>\n";
  out += "  <graph mode=\"static\" defaultedgetype=\"directed\">\n";
  out += gexf_attribute_block("node", node_attrs);
  out += gexf_attribute_block("edge", edge_attrs);
  out += "    <nodes>\n";
  for (Kind k : kNodeKinds)
    for (const auto& r : snap.of(k)) {
      out += "      <node id=\"" + xml(r.id) + "\" label=\"" + xml(node_label(k, r)) + "\">\n";
      out += gexf_attvalues(attribute_values(node_attrs, k, r));
      out += "      </node>\n";
    }
  out += "    </nodes>\n    <edges>\n";
  for (Kind k : kLinkKinds)
    for (const auto& r : snap.of(k)) {
      auto [from, to] = ends(k, r);
      if (!snap.key_of.count(from) || !snap.key_of.count(to)) continue;
      auto values = attribute_values(edge_attrs, k, r);
      const model::Entity& e = batch::entity_of(k);
      size_t kind = e.index_of(k == Kind::tie ? "kind" : "role");
      std::string label = cell_text(e.fields[kind], r.fields[kind]);
      out += "      <edge id=\"" + xml(r.id) + "\" source=\"" + xml(from) + "\" target=\"" + xml(to) + "\" weight=\"" +
             closeness_weight(k, r) + "\" label=\"" + xml(label) + "\">\n";
      out += gexf_attvalues(values);
      out += "      </edge>\n";
    }
  out += "    </edges>\n  </graph>\n</gexf>\n";
  return out;
}

Result<std::string> render(const Snapshot& snap, std::string_view area_id, Format f, std::string_view part) {
  switch (f) {
    case Format::kumu:
      if (part == "elements") return kumu_elements(snap);
      if (part == "connections") return kumu_connections(snap);
      return invalid("part", "Choose part elements or connections for a Kumu export");
    case Format::edgelist: return edgelist(snap);
    case Format::json: return json_export(snap);
    case Format::graphml: return graphml(snap, area_id);
    case Format::gexf: return gexf(snap, area_id);
  }
  return invalid("format", "Choose a format from: kumu, edgelist, json, graphml, gexf");
}

}  // namespace

Result<std::string> export_data(store::Store& s, std::string_view area_id, Format f, std::string_view part,
                                const model::Actor& who) {
  if (f == Format::kumu && part != "elements" && part != "connections")
    return invalid("part", "Choose part elements or connections for a Kumu export");
  auto snap = load_snapshot(s, area_id);
  if (!snap) return snap.error();
  auto text = render(*snap, area_id, f, part);
  if (!text) return text.error();
  // Exports carry personal data: record who took one before handing it over.
  json detail{{"format", std::string(format_name(f))}};
  if (f == Format::kumu) detail["part"] = std::string(part);
  auto audited = s.write([&](store::Connection& c) -> Result<void> {
    return store::Repository(c).audit(who.name, "export", "area", area_id, area_id, detail.dump());
  });
  if (!audited) return audited.error();
  return text;
}

}  // namespace kith::exchange
