// Import: read and check the whole file (exchange_read_*.cpp), then in one
// write transaction match every record against the area by external id,
// insert what is new, update what changed, and bump the register revision
// once. Any error rolls the whole import back.
#include "kith/domain/exchange.hpp"

#include <sodium.h>

#include <array>
#include <cassert>
#include <optional>
#include <unordered_map>

#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/exchange_model.hpp"
#include "kith/domain/validate.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"

namespace kith::domain {

using exchange::Batch;
using exchange::EndKind;
using exchange::Kind;
using exchange::Link;
using exchange::Node;
using exchange::Origin;

Result<Format> parse_format(std::string_view name) {
  for (Format f : {Format::kumu, Format::edgelist, Format::json, Format::graphml, Format::gexf})
    if (format_name(f) == name) return f;
  return invalid("format", "Choose a format from: kumu, edgelist, json, graphml, gexf");
}

std::string_view format_name(Format f) {
  switch (f) {
    case Format::kumu: return "kumu";
    case Format::edgelist: return "edgelist";
    case Format::json: return "json";
    case Format::graphml: return "graphml";
    case Format::gexf: return "gexf";
  }
  return "unknown";
}

nlohmann::json ImportReport::to_json() const {
  return nlohmann::json{{"rows", rows}, {"merged", merged}, {"added", added}, {"updated", updated},
                        {"unchanged", unchanged}};
}

namespace {

using store::StoredRecord;

// Records already in the area, by the key a file uses for them: the external
// id, or for records without one their id (which is what export writes).
struct Existing {
  std::vector<StoredRecord> records;
  std::unordered_map<std::string, uint32_t> by_external;
  std::unordered_map<std::string, uint32_t> by_id;

  const StoredRecord* find(const std::string& key) const {
    if (auto it = by_external.find(key); it != by_external.end()) return &records[it->second];
    if (auto it = by_id.find(key); it != by_id.end()) return &records[it->second];
    return nullptr;
  }
};

Result<void> load_existing(store::Connection& c, Kind k, std::string_view area_id, Existing& out) {
  return store::scan_area(c, exchange::entity_of(k), area_id, true, [&](StoredRecord&& r) -> Result<void> {
    auto index = static_cast<uint32_t>(out.records.size());
    if (!r.external_id.empty()) out.by_external.emplace(r.external_id, index);
    else out.by_id.emplace(r.id, index);
    out.records.push_back(std::move(r));
    return {};
  });
}

// Percent-escapes the separator so derived keys cannot collide.
std::string escape_part(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '|') out += "%7C";
    else out += c;
  }
  return out;
}

// A stable external id for a link the file gave none: its ends (and kind),
// hashed when that would be too long to store.
std::string derived_external_id(Format f, const Link& l, std::string_view kind) {
  std::string key = escape_part(l.from) + "|" + escape_part(l.to);
  if (f != Format::edgelist) key += "|" + std::string(kind);
  if (key.size() <= exchange::kExternalIdBytesMax) return key;
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return std::string("h:") + hex;
}

struct End {
  Kind kind = Kind::person;
  std::string id;
};

class Importer {
 public:
  Importer(store::Connection& c, Batch& b, std::string_view area_id, ImportReport& report)
      : c_(c), repo_(c), b_(b), area_(area_id), report_(report), now_(now_utc_iso()) {}

  Result<void> run() {
    auto area = repo_.get(store::areas(), area_);
    if (!area) return area.error();
    for (Kind k : {Kind::person, Kind::group, Kind::place}) KITH_TRY(load_existing(c_, k, area_, existing(k)));
    if (!b_.links.empty())
      for (Kind k : {Kind::tie, Kind::affiliation}) KITH_TRY(load_existing(c_, k, area_, existing(k)));
    KITH_TRY(write_nodes());
    KITH_TRY(write_links());
    return {};
  }

  bool changed() const { return changes_ > 0; }

 private:
  Existing& existing(Kind k) { return existing_[static_cast<size_t>(k)]; }

  std::string node_id_column() const {
    auto it = b_.node_columns.find("external_id");
    return it != b_.node_columns.end() ? it->second : "external_id";
  }
  std::string link_column(const char* field) const {
    auto it = b_.link_columns.find(field);
    return it != b_.link_columns.end() ? it->second : field;
  }

  Result<store::BulkInserter*> inserter(Kind k) {
    auto& slot = inserters_[static_cast<size_t>(k)];
    if (!slot) {
      auto made = store::BulkInserter::prepare(c_, exchange::entity_of(k));
      if (!made) return made.error();
      slot.emplace(std::move(*made));
    }
    return &*slot;
  }

  // True when any field the file gives differs from the stored record.
  bool differs(Kind k, exchange::FieldMask provided, const store::FieldValues& values, const StoredRecord& r) {
    const auto& fields = exchange::entity_of(k).fields;
    for (size_t i = 0; i < fields.size(); ++i)
      if ((provided & exchange::bit(i)) && !store::same_value(fields[i], values[i], r.fields[i])) return true;
    return false;
  }

  Result<void> update(Kind k, exchange::FieldMask provided, const store::FieldValues& values, const StoredRecord& r,
                      const Origin& o) {
    const store::Entity& e = exchange::entity_of(k);
    nlohmann::json patch = nlohmann::json::object();
    for (size_t i = 0; i < e.fields.size(); ++i)
      if (provided & exchange::bit(i)) patch[std::string(e.fields[i].name)] = store::from_column(e.fields[i], values[i]);
    auto merged = validate_patch(e, store::record_json(e, r, area_), patch);
    if (!merged) return exchange::validation_error(b_, o, k, merged.error());
    auto written = repo_.update(e, *merged);
    if (!written) return written.error();
    return {};
  }

  // Adds, updates or leaves one record; counts it.
  Result<void> upsert_counted(Kind k, bool create_only, exchange::FieldMask provided, const store::FieldValues& values,
                              const StoredRecord* found, const Origin& o) {
    std::string plural(exchange::entity_of(k).plural);
    if (found && !create_only && differs(k, provided, values, *found)) {
      KITH_TRY(update(k, provided, values, *found, o));
      ++report_.updated[plural];
      ++changes_;
    } else if (found) {
      ++report_.unchanged[plural];
    }
    return {};
  }

  Error deleted_error(const Origin& o, Kind k, const std::string& column, const std::string& ext) {
    return exchange::error_at(b_, o, k, column,
                              "'" + ext + "' is the id of a " + std::string(exchange::kind_label(k)) +
                                  " who was deleted from this area; give this row a new ID");
  }

  Result<void> write_nodes() {
    node_ids_.resize(b_.nodes.size());
    for (size_t i = 0; i < b_.nodes.size(); ++i) {
      const Node& n = b_.nodes[i];
      file_nodes_[static_cast<size_t>(n.kind)].emplace(n.external_id, static_cast<uint32_t>(i));
      const StoredRecord* found = existing(n.kind).find(n.external_id);
      if (found && found->deleted) return deleted_error(n.origin, n.kind, node_id_column(), n.external_id);
      const auto& values = b_.values[n.values];
      if (found) {
        node_ids_[i] = found->id;
        KITH_TRY(upsert_counted(n.kind, n.create_only, n.provided, values, found, n.origin));
        continue;
      }
      node_ids_[i] = new_id(exchange::entity_of(n.kind).id_prefix);
      auto ins = inserter(n.kind);
      if (!ins) return ins.error();
      KITH_TRY((*ins)->insert(node_ids_[i], area_, n.external_id, values, now_));
      ++report_.added[std::string(exchange::entity_of(n.kind).plural)];
      ++changes_;
    }
    return {};
  }

  // One end of a link: a record of the file first, else one already in the area.
  Result<End> resolve(const Link& l, const std::string& key, EndKind want, const char* column_field) {
    std::string column = link_column(column_field);
    Kind report_kind = l.decided ? l.kind : Kind::tie;
    for (Kind k : {Kind::person, Kind::group, Kind::place}) {
      if (want != EndKind::any_node && static_cast<int>(want) != static_cast<int>(k)) continue;
      auto& map = file_nodes_[static_cast<size_t>(k)];
      if (auto it = map.find(key); it != map.end()) return End{k, node_ids_[it->second]};
    }
    const StoredRecord* hit = nullptr;
    Kind hit_kind = Kind::person;
    for (Kind k : {Kind::person, Kind::group, Kind::place}) {
      if (want != EndKind::any_node && static_cast<int>(want) != static_cast<int>(k)) continue;
      const StoredRecord* r = existing(k).find(key);
      if (!r) continue;
      if (hit)
        return exchange::error_at(b_, l.origin, report_kind, column,
                                  "'" + key + "' is the ID of both a " + std::string(exchange::kind_label(hit_kind)) +
                                      " and a " + std::string(exchange::kind_label(k)) +
                                      " in this area; add the element to the file to say which");
      hit = r;
      hit_kind = k;
    }
    if (!hit) {
      std::string what = want == EndKind::any_node ? "element" : std::string(exchange::kind_label(static_cast<Kind>(want)));
      return exchange::error_at(b_, l.origin, report_kind, column,
                                "no " + what + " has the ID '" + key + "' in this file or in this area");
    }
    if (hit->deleted) return deleted_error(l.origin, hit_kind, column, key);
    return End{hit_kind, hit->id};
  }

  // Settles a Kumu link's kind from its ends: person-person is a tie, person
  // with a group or place an affiliation (either way round).
  Result<void> decide(Link& l, End& from, End& to) {
    if (l.decided) return {};
    if (from.kind != Kind::person && to.kind == Kind::person) std::swap(from, to);
    if (from.kind != Kind::person)
      return exchange::error_at(b_, l.origin, Kind::tie, link_column("source_id"),
                                "a connection must involve a person; '" + l.from + "' and '" + l.to +
                                    "' are both groups or places");
    l.kind = to.kind == Kind::person ? Kind::tie : Kind::affiliation;
    EndKind to_kind = to.kind == Kind::place ? EndKind::place : EndKind::group;
    exchange::FieldMask provided = 0;
    auto values = exchange::check_kumu_link(b_, l, l.kind, to_kind, provided);
    if (!values) return values.error();
    l.values = *values;
    l.provided = provided;
    return {};
  }

  std::string kind_value(const Link& l) const {
    const store::Entity& e = exchange::entity_of(l.kind);
    const char* field = l.kind == Kind::tie ? "kind" : "role";
    size_t index = static_cast<size_t>(e.field(field) - e.fields.data());
    const auto& v = b_.values[l.values][index];
    return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
  }

  // The stored ends of an existing link must be the ones the file names.
  bool same_ends(const Link& l, const End& from, const End& to, const StoredRecord& r) const {
    auto text = [](const store::Value& v) {
      return std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string();
    };
    if (l.kind == Kind::tie) return text(r.fields[0]) == from.id && text(r.fields[1]) == to.id;
    size_t to_index = to.kind == Kind::group ? 1 : 2;
    return text(r.fields[0]) == from.id && text(r.fields[to_index]) == to.id;
  }

  Result<void> write_link(Link& l) {
    auto from = resolve(l, l.from, l.from_kind, l.decided && l.kind == Kind::affiliation ? "person_id" : "source_id");
    if (!from) return from.error();
    auto to = resolve(l, l.to, l.to_kind, "target_id");
    if (!to) return to.error();
    KITH_TRY(decide(l, *from, *to));
    if (from->id == to->id)
      return exchange::error_at(b_, l.origin, l.kind, link_column("target_id"), "a tie must join two different people");
    bool explicit_id = !l.external_id.empty();
    std::string ext = explicit_id ? l.external_id : derived_external_id(b_.format, l, kind_value(l));
    auto& seen = seen_links_[l.kind == Kind::tie ? 0 : 1];
    if (auto [it, fresh] = seen.emplace(ext, l.origin); !fresh) {
      const Origin& first = it->second;
      std::string where = first.index >= 0 ? "record " + std::to_string(first.index) : "line " + std::to_string(first.line);
      return exchange::error_at(b_, l.origin, l.kind, link_column(explicit_id ? "external_id" : "source_id"),
                                explicit_id ? "the ID '" + ext + "' is also used on " + where
                                            : "this connection repeats " + where + " (same ends and type)");
    }
    const auto& values = b_.values[l.values];
    const StoredRecord* found = existing(l.kind).find(ext);
    if (found) {
      if (found->deleted) return deleted_error(l.origin, l.kind, link_column("external_id"), ext);
      if (!same_ends(l, *from, *to, *found))
        return exchange::error_at(b_, l.origin, l.kind, link_column("external_id"),
                                  "'" + ext + "' already names a " + std::string(exchange::kind_label(l.kind)) +
                                      " with different ends; ends cannot change, so give this row a new ID");
      return upsert_counted(l.kind, false, l.provided, values, found, l.origin);
    }
    auto ins = inserter(l.kind);
    if (!ins) return ins.error();
    std::string id = new_id(exchange::entity_of(l.kind).id_prefix);
    if (l.kind == Kind::tie) {
      KITH_TRY((*ins)->insert(id, area_, ext, values, {{0, from->id}, {1, to->id}}, now_));
    } else {
      size_t to_index = to->kind == Kind::group ? 1 : 2;
      KITH_TRY((*ins)->insert(id, area_, ext, values, {{0, from->id}, {to_index, to->id}}, now_));
    }
    ++report_.added[std::string(exchange::entity_of(l.kind).plural)];
    ++changes_;
    return {};
  }

  Result<void> write_links() {
    for (auto& l : b_.links) KITH_TRY(write_link(l));
    return {};
  }

  store::Connection& c_;
  store::Repository repo_;
  Batch& b_;
  std::string area_;
  ImportReport& report_;
  std::string now_;
  int64_t changes_ = 0;
  std::array<Existing, exchange::kKinds> existing_;
  std::array<std::optional<store::BulkInserter>, exchange::kKinds> inserters_;
  std::array<std::unordered_map<std::string, uint32_t>, 3> file_nodes_;
  std::vector<std::string> node_ids_;
  std::array<std::unordered_map<std::string, Origin>, 2> seen_links_;
};

Result<Batch> read_batch(const ImportSource& src) {
  switch (src.format) {
    case Format::kumu: return exchange::read_kumu(src);
    case Format::edgelist: return exchange::read_edgelist(src);
    case Format::json: return exchange::read_json(src);
    case Format::graphml:
    case Format::gexf: break;
  }
  return invalid("format", "Import reads kumu, edgelist or json; " + std::string(format_name(src.format)) +
                               " is for export only");
}

}  // namespace

Result<ImportReport> import_data(store::Store& s, std::string_view area_id, const ImportSource& src,
                                 const Actor& who) {
  if (src.elements.size() + src.connections.size() > kImportBytesMax)
    return Error{Errc::too_large, "The import is larger than " + std::to_string(kImportBytesMax >> 20) + " MB; split it",
                 {}, 0};
  if (sodium_init() < 0) return internal_error("libsodium failed to initialise");
  auto batch = read_batch(src);
  if (!batch) return batch.error();
  ImportReport report;
  report.rows = batch->rows;
  report.merged = batch->merged;
  auto written = s.write([&](store::Connection& c) -> Result<void> {
    report.added.clear();
    report.updated.clear();
    report.unchanged.clear();
    Importer importer(c, *batch, area_id, report);
    KITH_TRY(importer.run());
    store::Repository repo(c);
    if (importer.changed()) KITH_TRY(repo.bump_register_revision(area_id));
    nlohmann::json detail = report.to_json();
    detail["format"] = std::string(format_name(src.format));
    return repo.audit(who.name, "import", "area", area_id, area_id, detail.dump());
  });
  if (!written) return written.error();
  return report;
}

}  // namespace kith::domain
