// Kumu-style pair: elements.csv (people, groups, places) and connections.csv
// (ties between people, affiliations of people with groups and places).
#include <array>
#include <cassert>
#include <cstring>
#include <optional>
#include <future>
#include <unordered_map>

#include "kith/exchange/csv.hpp"
#include "kith/exchange/exchange_model.hpp"

namespace kith::exchange::batch {
namespace {

using model::Entity;
using model::Field;

// What a column of elements.csv means.
enum class ElementColumn { id, label, type, tags, field };

struct ElementLayout {
  std::vector<std::string> headers;
  std::vector<ElementColumn> roles;
  std::vector<std::string> names;  // normalised header per column
  int id = -1, label = -1, type = -1;
  bool has_interests = false;
  // The field each column fills, by node kind (nullptr: does not apply), worked out once.
  std::array<std::vector<const Field*>, 3> fields;
};

bool is_node_field(std::string_view n) {
  for (Kind k : {Kind::person, Kind::group, Kind::place}) {
    const Field* f = entity_of(k).field(n);
    if (f && f->type != model::FieldType::ref) return true;
  }
  return false;
}

std::string known_element_columns() {
  std::string out = "ID, Label, Type, Tags";
  std::vector<std::string_view> seen;
  for (Kind k : {Kind::person, Kind::group, Kind::place})
    for (const auto& f : entity_of(k).fields) {
      if (f.name == "display_name" || f.name == "name") continue;
      bool dup = false;
      for (auto s : seen) dup = dup || s == f.name;
      if (dup) continue;
      seen.push_back(f.name);
      out += ", " + std::string(f.name);
    }
  return out;
}

// An upper bound on the rows to come, to size vectors once.
size_t line_count(std::string_view text) {
  size_t n = 0;
  for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, '\n', text.data() + text.size() - p)));
       ++p)
    ++n;
  return n + 1;
}

Error header_error(const std::string& file, const std::string& column, const std::string& reason) {
  Error e = invalid(column, file + " line 1" + (column.empty() ? "" : ", column " + column) + ": " + reason);
  e.line = 1;
  e.file = file;
  e.reason = reason;
  return e;
}

Result<std::vector<std::string>> read_header(csv::Reader& r, const std::string& what) {
  auto more = r.next();
  if (!more) return more.error();
  if (!*more) return header_error(r.file_name(), "", "the file is empty; it needs a header line naming " + what);
  std::vector<std::string> headers;
  for (auto h : r.fields()) headers.push_back(trim(h));
  r.set_column_names(headers);
  return headers;
}

// The headers' normalised names (`Postcode District` -> postcode_district),
// refusing a column that repeats another under any spelling.
Result<std::vector<std::string>> distinct_names(const csv::Reader& r, const std::vector<std::string>& headers) {
  std::vector<std::string> names;
  std::unordered_map<std::string, std::string> seen;
  for (const std::string& h : headers) {
    std::string n = normalise_name(h);
    if (auto it = seen.find(n); it != seen.end())
      return header_error(r.file_name(), h, "this column repeats column " + it->second);
    seen.emplace(n, h);
    names.push_back(std::move(n));
  }
  return names;
}

Result<ElementLayout> element_layout(csv::Reader& r) {
  auto headers = read_header(r, "Label and Type");
  if (!headers) return headers.error();
  ElementLayout l;
  l.headers = *headers;
  auto names = distinct_names(r, l.headers);
  if (!names) return names.error();
  l.names = std::move(*names);
  for (size_t i = 0; i < l.headers.size(); ++i) {
    const std::string& h = l.headers[i];
    const std::string& n = l.names[i];
    int at = static_cast<int>(i);
    if (n == "id") { l.id = at; l.roles.push_back(ElementColumn::id); }
    else if (n == "label") { l.label = at; l.roles.push_back(ElementColumn::label); }
    else if (n == "type") { l.type = at; l.roles.push_back(ElementColumn::type); }
    else if (n == "tags") l.roles.push_back(ElementColumn::tags);
    else if (n == "display_name" || n == "name")
      return header_error(r.file_name(), h, "names go in the Label column; remove or rename this column");
    else if (is_node_field(n)) {
      l.roles.push_back(ElementColumn::field);
      if (n == "interests") l.has_interests = true;
    } else {
      return header_error(r.file_name(), h,
                          "unknown column '" + h + "'. Known columns: " + known_element_columns());
    }
  }
  if (l.label < 0) return header_error(r.file_name(), "", "add a Label column: the name of each element");
  if (l.type < 0) return header_error(r.file_name(), "", "add a Type column: Person, Group or Place");
  return l;
}

void map_element_columns(const ElementLayout& l, Batch& b) {
  for (size_t i = 0; i < l.headers.size(); ++i) {
    const std::string& h = l.headers[i];
    switch (l.roles[i]) {
      case ElementColumn::id: b.node_columns["external_id"] = h; break;
      case ElementColumn::label:
        b.node_columns["display_name"] = h;
        b.node_columns["name"] = h;
        if (l.id < 0) b.node_columns["external_id"] = h;
        break;
      case ElementColumn::type: break;
      case ElementColumn::tags:
        b.node_columns["tags"] = h;
        if (!l.has_interests) b.node_columns["interests"] = h;
        break;
      case ElementColumn::field: b.node_columns[l.names[i]] = h; break;
    }
  }
}

Result<Kind> element_kind(std::string_view cell) {
  std::string t = normalise_name(cell);
  if (t == "person") return Kind::person;
  if (t == "group") return Kind::group;
  if (t == "place") return Kind::place;
  return invalid("", "Type must be Person, Group or Place, not '" + trim(cell) + "'");
}

// The field a column fills for an element of kind k, or nullptr when it does not apply.
const Field* element_field(const ElementLayout& l, size_t column, Kind k) {
  const Entity& e = entity_of(k);
  switch (l.roles[column]) {
    case ElementColumn::label: return e.field(k == Kind::person ? "display_name" : "name");
    case ElementColumn::tags:
      if (k != Kind::person) return e.field("tags");
      return l.has_interests ? nullptr : e.field("interests");
    case ElementColumn::field: return e.field(l.names[column]);
    case ElementColumn::id:
    case ElementColumn::type: return nullptr;
  }
  return nullptr;
}

Error wrong_width(const csv::Reader& r, size_t have, size_t want) {
  return r.error_at(have > want ? want : (have == 0 ? 0 : have - 1),
                    "this row has " + std::to_string(have) + " fields but the header has " + std::to_string(want));
}

Result<void> read_element_values(const csv::Reader& r, const ElementLayout& l, Batch& b, Node& node);

Result<void> read_element(const csv::Reader& r, const ElementLayout& l, Batch& b,
                          std::unordered_map<std::string, long>& lines) {
  const auto& cells = r.fields();
  if (cells.size() != l.headers.size()) return wrong_width(r, cells.size(), l.headers.size());
  Node node;
  node.origin = Origin{false, r.line(), -1};
  int id_column = l.id >= 0 && !trim(cells[l.id]).empty() ? l.id : l.label;
  auto ext = clean_external_id(cells[id_column]);
  if (!ext) return r.error_at(id_column, ext.error().message);
  node.external_id = std::move(*ext);
  if (auto [it, fresh] = lines.emplace(node.external_id, r.line()); !fresh)
    return r.error_at(id_column, "the ID '" + node.external_id + "' is also used on line " +
                                     std::to_string(it->second) + "; each element needs its own ID");
  // From here a refused row's ID is remembered (see Batch::refused_ids).
  auto kind = element_kind(cells[l.type]);
  if (!kind) {
    b.refused_ids.insert(node.external_id);
    return r.error_at(l.type, kind.error().message);
  }
  node.kind = *kind;
  auto read = read_element_values(r, l, b, node);
  if (!read) b.refused_ids.insert(node.external_id);
  return read;
}

// The cells after the element's Type and ID: its fields.
Result<void> read_element_values(const csv::Reader& r, const ElementLayout& l, Batch& b, Node& node) {
  const auto& cells = r.fields();
  const Entity& e = entity_of(node.kind);
  json body = json::object();
  for (size_t i = 0; i < cells.size(); ++i) {
    if (l.roles[i] == ElementColumn::id || l.roles[i] == ElementColumn::type) continue;
    const Field* f = l.fields[static_cast<size_t>(node.kind)][i];
    if (!f) {
      if (trim(cells[i]).empty()) continue;
      return r.error_at(i, l.headers[i] + " does not apply to a " + std::string(kind_label(node.kind)) +
                               "; leave it blank on this row");
    }
    size_t index = static_cast<size_t>(f - e.fields.data());
    node.provided |= bit(index);
    auto v = cell_value(*f, cells[i]);
    if (!v) return r.error_at(i, v.error().message);
    if (!v->is_null()) body[std::string(f->name)] = std::move(*v);
  }
  auto values = check_values(b, node.kind, std::move(body));
  if (!values) return validation_error(b, node.origin, node.kind, values.error());
  node.values = *values;
  b.nodes.push_back(std::move(node));
  return {};
}

Result<void> read_elements(const ImportSource& src, Batch& b) {
  csv::Reader r(src.elements, b.nodes_file);
  auto layout = element_layout(r);
  if (!layout) return layout.error();
  map_element_columns(*layout, b);
  for (Kind k : {Kind::person, Kind::group, Kind::place})
    for (size_t i = 0; i < layout->headers.size(); ++i)
      layout->fields[static_cast<size_t>(k)].push_back(element_field(*layout, i, k));
  b.nodes.reserve(line_count(src.elements));
  b.values.reserve(line_count(src.elements));
  std::unordered_map<std::string, long> lines;
  lines.reserve(line_count(src.elements));
  for (;;) {
    auto more = r.next();
    if (!more) return more.error();
    if (!*more) break;
    if (++b.rows > kImportRowsMax) return Error{Errc::too_large, "more than " + std::to_string(kImportRowsMax) + " rows", {}, r.line()};
    KITH_TRY(keep_row_error(b.errors, read_element(r, *layout, b, lines)));
  }
  return {};
}

// Below this a second thread costs more than it saves.
constexpr size_t kParallelReadBytesMin = 1 << 20;

// connections.csv --------------------------------------------------------------

constexpr std::string_view kLinkValueColumns[] = {"closeness", "frequency",  "named_by", "evidence",
                                                  "valid_from", "valid_to", "notes"};

bool is_link_value_column(std::string_view n) {
  for (auto c : kLinkValueColumns)
    if (c == n) return true;
  return false;
}

struct LinkLayout {
  int from = -1, to = -1, type = -1, id = -1;
  std::vector<int> values;  // value columns in file order
};

Result<LinkLayout> link_layout(csv::Reader& r, Batch& b) {
  auto headers = read_header(r, "From and To");
  if (!headers) return headers.error();
  LinkLayout l;
  auto& k = *b.kumu;
  k.headers = *headers;
  auto names = distinct_names(r, k.headers);
  if (!names) return names.error();
  for (size_t i = 0; i < k.headers.size(); ++i) {
    const std::string& h = k.headers[i];
    const std::string& n = (*names)[i];
    int at = static_cast<int>(i);
    if (n == "from") { l.from = at; b.link_columns["source_id"] = h; b.link_columns["person_id"] = h; }
    else if (n == "to") { l.to = at; b.link_columns["target_id"] = h; b.link_columns["group_id"] = h; b.link_columns["place_id"] = h; }
    else if (n == "type") { l.type = at; b.link_columns["kind"] = h; b.link_columns["role"] = h; }
    else if (n == "id") { l.id = at; b.link_columns["external_id"] = h; }
    else if (is_link_value_column(n)) { l.values.push_back(at); b.link_columns[n] = h; }
    else
      return header_error(r.file_name(), h,
                          "unknown column '" + h +
                              "'. Known columns: From, To, Type, ID, Closeness, Frequency, Named By, Evidence, "
                              "Valid From, Valid To, Notes");
    k.fields.push_back(n);
  }
  if (l.from < 0 || l.to < 0) return header_error(r.file_name(), "", "add From and To columns: the IDs of the two elements");
  k.has_type = l.type >= 0;
  return l;
}

// The cells that decide a link's values, interned: many links share them.
uint32_t intern_cells(KumuLinks& k, const LinkLayout& l, const std::vector<std::string_view>& cells,
                      std::string& key) {
  key.clear();
  append_cell_key(key, l.type >= 0 ? cells[l.type] : std::string_view());
  for (int c : l.values) append_cell_key(key, cells[c]);
  if (auto it = k.tuple_index.find(key); it != k.tuple_index.end()) return it->second;
  auto index = static_cast<uint32_t>(k.tuples.size());
  k.tuple_index.emplace(key, index);
  k.tuples.push_back(key);
  return index;
}

Result<void> read_link(const csv::Reader& r, const LinkLayout& l, Batch& b, std::string& key) {
  const auto& cells = r.fields();
  auto& k = *b.kumu;
  if (cells.size() != k.headers.size()) return wrong_width(r, cells.size(), k.headers.size());
  Link link;
  link.origin = Origin{true, r.line(), -1};
  link.from_kind = link.to_kind = EndKind::any_node;
  link.from = trim(cells[l.from]);
  link.to = trim(cells[l.to]);
  if (link.from.empty()) return r.error_at(l.from, "enter the ID of the element this connection starts from");
  if (link.to.empty()) return r.error_at(l.to, "enter the ID of the element this connection goes to");
  if (l.id >= 0 && !trim(cells[l.id]).empty()) {
    auto ext = clean_external_id(cells[l.id]);
    if (!ext) return r.error_at(l.id, ext.error().message);
    link.external_id = std::move(*ext);
  }
  link.cells = intern_cells(k, l, cells, key);
  b.links.push_back(std::move(link));
  return {};
}

Result<void> read_connections(const ImportSource& src, Batch& b) {
  csv::Reader r(src.connections, b.links_file);
  auto layout = link_layout(r, b);
  if (!layout) return layout.error();
  b.links.reserve(b.links.size() + line_count(src.connections));
  std::string key;  // reused: most rows repeat a tuple already seen
  for (;;) {
    auto more = r.next();
    if (!more) return more.error();
    if (!*more) break;
    if (++b.rows > kImportRowsMax) return Error{Errc::too_large, "more than " + std::to_string(kImportRowsMax) + " rows", {}, r.line()};
    KITH_TRY(keep_row_error(b.errors, read_link(r, *layout, b, key)));
  }
  return {};
}

}  // namespace

Result<Batch> read_kumu(const ImportSource& src, bool defer_links) {
  Batch b;
  b.format = Format::kumu;
  b.nodes_file = src.name;
  b.links_file = src.connections_name;
  // The two files do not depend on each other until their links are
  // resolved, so a large connections file is read on a second thread while
  // the elements are read, checked and written (finish_reading() waits for
  // it). An error in the elements is reported first, as when the files are
  // read one after the other.
  auto pending = std::make_unique<PendingLinks>();
  Batch& links = pending->links;
  links.format = Format::kumu;
  links.links_file = src.connections_name;
  links.kumu = std::make_unique<KumuLinks>();
  auto read_links = [&src, &links]() -> Result<void> {
    if (src.connections.empty()) return {};
    return read_connections(src, links);
  };
  const bool parallel = src.connections.size() >= kParallelReadBytesMin;
  if (parallel) pending->read = std::async(std::launch::async, read_links);
  Result<void> nodes_read = src.elements.empty() ? Result<void>() : read_elements(src, b);
  if (!nodes_read) return nodes_read.error();  // pending's destructor waits for the second thread
  if (!parallel) pending->read = std::async(std::launch::deferred, read_links);
  b.pending_links = std::move(pending);
  if (!parallel || !defer_links) KITH_TRY(finish_reading(b));
  return b;
}

Result<void> finish_reading(Batch& b) {
  if (!b.pending_links) return {};
  std::unique_ptr<PendingLinks> pending = std::move(b.pending_links);
  KITH_TRY(pending->read.get());
  Batch& links = pending->links;
  b.errors.append(std::move(links.errors));
  b.links = std::move(links.links);
  b.link_columns = std::move(links.link_columns);
  b.kumu = std::move(links.kumu);
  b.rows += links.rows;
  if (b.rows > kImportRowsMax)
    return Error{Errc::too_large, "more than " + std::to_string(kImportRowsMax) + " rows in the two files", {}, 0};
  return {};
}

Result<uint32_t> check_kumu_link(Batch& b, const Link& l, Kind k, EndKind to_kind, FieldMask& provided) {
  assert(b.kumu && !l.decided);
  KumuLinks& kl = *b.kumu;
  uint64_t variant = k == Kind::tie ? 0 : (to_kind == EndKind::place ? 2 : 1);
  uint64_t key = (variant << 32) | l.cells;
  if (auto it = kl.checked.find(key); it != kl.checked.end()) {
    provided = it->second.provided;
    return it->second.values;
  }
  const Entity& e = entity_of(k);
  auto cells = split_cell_key(kl.tuples[l.cells]);
  // cells[0] is Type (empty when the file has none), then the value columns in file order.
  std::vector<std::string_view> value_names;
  for (const auto& n : kl.fields)
    if (is_link_value_column(n)) value_names.push_back(n);
  assert(cells.size() == value_names.size() + 1);
  FieldMask mask = 0;
  json body = json::object();
  std::string kind_field = k == Kind::tie ? "kind" : "role";
  std::string type = normalise_name(cells[0]);
  body[kind_field] = type.empty() ? (k == Kind::tie ? "acquaintance" : "member") : type;
  if (kl.has_type) mask |= bit(static_cast<size_t>(e.field(kind_field) - e.fields.data()));
  for (size_t i = 0; i < value_names.size(); ++i) {
    std::string_view name = value_names[i];
    std::string_view cell = cells[i + 1];
    const Field* f = e.field(name);
    std::string header = b.link_columns.count(std::string(name)) ? b.link_columns[std::string(name)] : std::string(name);
    if (!f) {
      if (trim(cell).empty()) continue;
      return error_at(b, l.origin, k, header,
                      header + " does not apply to a person's link with a " +
                          std::string(to_kind == EndKind::place ? "place" : "group") + "; leave it blank");
    }
    mask |= bit(static_cast<size_t>(f - e.fields.data()));
    auto v = cell_value(*f, cell);
    if (!v) return error_at(b, l.origin, k, header, v.error().message);
    if (!v->is_null()) body[std::string(f->name)] = std::move(*v);
  }
  // Kumu maps rarely record these; a tie needs them, so the import says "distant, seldom".
  if (k == Kind::tie) {
    if (!body.contains("closeness")) body["closeness"] = 3;
    if (!body.contains("frequency")) body["frequency"] = "less_often";
  }
  auto values = check_values(b, k, with_stand_in_refs(k, to_kind, std::move(body)));
  if (!values) return validation_error(b, l.origin, k, values.error());
  kl.checked.emplace(key, KumuLinks::Checked{*values, mask});
  provided = mask;
  return *values;
}

}  // namespace kith::exchange::batch
