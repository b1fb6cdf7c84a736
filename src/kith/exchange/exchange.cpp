// Import: read and check the whole file (read_*.cpp), then in one
// write transaction match every record against the area by external id,
// insert what is new, update what changed, and bump the register revision
// once. Any error rolls the whole import back.
#include "kith/exchange/exchange.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <optional>
#include <unordered_map>

#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"
#include "kith/exchange/exchange_model.hpp"
#include "kith/model/validate.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange {

using batch::Batch;
using batch::EndKind;
using batch::Kind;
using batch::Link;
using batch::Node;
using batch::Origin;

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
  return store::scan_area(c, batch::entity_of(k), area_id, true, [&](StoredRecord&& r) -> Result<void> {
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
  if (key.size() <= batch::kExternalIdBytesMax) return key;
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
  char hex[sizeof hash * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return std::string("h:") + hex;
}

// Inserting at least this many rows, and at least half as many as the table
// holds, rebuilds its indexes afterwards instead of updating them row by row.
constexpr int64_t kSuspendRowsMin = 10'000;

// Large imports get a 128 MiB SQLite page cache while they write.
constexpr int64_t kBoostRowsMin = 10'000;
constexpr int64_t kBoostCacheKib = 128 * 1024;

struct End {
  Kind kind = Kind::person;
  const std::string* id = nullptr;  // in Importer::node_ids_ or an existing record
};

class Importer {
 public:
  Importer(store::Connection& c, Batch& b, std::string_view area_id, ImportReport& report)
      : c_(c), repo_(c), b_(b), area_(area_id), report_(report), now_(now_utc_iso()) {}

  Result<void> run() {
    auto area = repo_.get(model::areas(), area_);
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
      auto made = store::BulkInserter::prepare(c_, batch::entity_of(k));
      if (!made) return made.error();
      slot.emplace(std::move(*made));
    }
    return &*slot;
  }

  // True when any field the file gives differs from the stored record.
  bool differs(Kind k, batch::FieldMask provided, const store::FieldValues& values, const StoredRecord& r) {
    const auto& fields = batch::entity_of(k).fields;
    for (size_t i = 0; i < fields.size(); ++i)
      if ((provided & batch::bit(i)) && !store::same_value(fields[i], values[i], r.fields[i])) return true;
    return false;
  }

  Result<void> update(Kind k, batch::FieldMask provided, const store::FieldValues& values, const StoredRecord& r,
                      const Origin& o) {
    const model::Entity& e = batch::entity_of(k);
    nlohmann::json patch = nlohmann::json::object();
    for (size_t i = 0; i < e.fields.size(); ++i)
      if (provided & batch::bit(i)) patch[std::string(e.fields[i].name)] = store::from_column(e.fields[i], values[i]);
    auto merged = validate_patch(e, store::record_json(e, r, area_), patch);
    if (!merged) return batch::validation_error(b_, o, k, merged.error());
    auto written = repo_.update(e, *merged);
    if (!written) return written.error();
    return {};
  }

  // Adds, updates or leaves one record; counts it.
  Result<void> upsert_counted(Kind k, bool create_only, batch::FieldMask provided, const store::FieldValues& values,
                              const StoredRecord* found, const Origin& o) {
    std::string plural(batch::entity_of(k).plural);
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
    return batch::error_at(b_, o, k, column,
                              "'" + ext + "' is the id of a " + std::string(batch::kind_label(k)) +
                                  " who was deleted from this area; give this row a new ID");
  }

  // A new record waiting to be inserted. Inserts go in id order so the
  // primary-key index only ever grows at its end.
  struct Pending {
    std::array<char, 24> id{};  // prefix, '_', 20 characters, NUL
    uint32_t item = 0;          // index into Batch::nodes or Batch::links
    const std::string* from = nullptr;  // links: ids of the ends
    const std::string* to = nullptr;
    uint8_t to_field = 1;               // links: ref field that holds `to`
    std::string_view id_view() const { return std::string_view(id.data()); }
  };

  Pending pending_for(Kind k, uint32_t item) {
    Pending p;
    std::string id = new_id(batch::entity_of(k).id_prefix);
    assert(id.size() < p.id.size());
    std::copy(id.begin(), id.end(), p.id.begin());
    p.item = item;
    return p;
  }

  Result<void> write_nodes() {
    node_ids_.resize(b_.nodes.size());
    for (size_t i = 0; i < b_.nodes.size(); ++i) {
      const Node& n = b_.nodes[i];
      file_nodes_[static_cast<size_t>(n.kind)].emplace(n.external_id, static_cast<uint32_t>(i));
      const StoredRecord* found = existing(n.kind).find(n.external_id);
      if (found && found->deleted) return deleted_error(n.origin, n.kind, node_id_column(), n.external_id);
      if (found) {
        node_ids_[i] = found->id;
        KITH_TRY(upsert_counted(n.kind, n.create_only, n.provided, b_.values[n.values], found, n.origin));
        continue;
      }
      Pending p = pending_for(n.kind, static_cast<uint32_t>(i));
      node_ids_[i] = std::string(p.id_view());
      pending_[static_cast<size_t>(n.kind)].push_back(p);
    }
    for (Kind k : {Kind::person, Kind::group, Kind::place}) KITH_TRY(flush(k));
    return {};
  }

  // Inserts the kind's pending records; a load large against its table goes
  // in with the secondary indexes built afterwards (store::IndexSuspension).
  Result<void> flush(Kind k) {
    auto& list = pending_[static_cast<size_t>(k)];
    if (list.empty()) return {};
    std::sort(list.begin(), list.end(),
              [](const Pending& a, const Pending& b) { return a.id_view() < b.id_view(); });
    const model::Entity& e = batch::entity_of(k);
    auto total = store::count_rows(c_, e);
    if (!total) return total.error();
    auto n = static_cast<int64_t>(list.size());
    std::optional<store::IndexSuspension> suspended;
    if (n >= kSuspendRowsMin && 2 * n >= *total) {
      auto s = store::IndexSuspension::suspend(c_, e);
      if (!s) return s.error();
      suspended.emplace(std::move(*s));
    }
    auto ins = inserter(k);
    if (!ins) return ins.error();
    for (const Pending& p : list) {
      if (k == Kind::tie || k == Kind::affiliation) {
        const Link& l = b_.links[p.item];
        KITH_TRY((*ins)->insert(p.id_view(), area_, link_external_id(l), b_.values[l.values],
                                {{0, *p.from}, {size_t{p.to_field}, *p.to}}, now_));
      } else {
        const Node& node = b_.nodes[p.item];
        KITH_TRY((*ins)->insert(p.id_view(), area_, node.external_id, b_.values[node.values], now_));
      }
    }
    if (suspended) KITH_TRY(suspended->restore());
    report_.added[std::string(e.plural)] += n;
    changes_ += n;
    list.clear();
    list.shrink_to_fit();
    return {};
  }

  // One end of a link: a record of the file first, else one already in the area.
  Result<End> resolve(const Link& l, const std::string& key, EndKind want, const char* column_field) {
    std::string column = link_column(column_field);
    Kind report_kind = l.decided ? l.kind : Kind::tie;
    for (Kind k : {Kind::person, Kind::group, Kind::place}) {
      if (want != EndKind::any_node && static_cast<int>(want) != static_cast<int>(k)) continue;
      auto& map = file_nodes_[static_cast<size_t>(k)];
      if (auto it = map.find(key); it != map.end()) return End{k, &node_ids_[it->second]};
    }
    const StoredRecord* hit = nullptr;
    Kind hit_kind = Kind::person;
    for (Kind k : {Kind::person, Kind::group, Kind::place}) {
      if (want != EndKind::any_node && static_cast<int>(want) != static_cast<int>(k)) continue;
      const StoredRecord* r = existing(k).find(key);
      if (!r) continue;
      if (hit)
        return batch::error_at(b_, l.origin, report_kind, column,
                                  "'" + key + "' is the ID of both a " + std::string(batch::kind_label(hit_kind)) +
                                      " and a " + std::string(batch::kind_label(k)) +
                                      " in this area; add the element to the file to say which");
      hit = r;
      hit_kind = k;
    }
    if (!hit) {
      std::string what = want == EndKind::any_node ? "element" : std::string(batch::kind_label(static_cast<Kind>(want)));
      return batch::error_at(b_, l.origin, report_kind, column,
                                "no " + what + " has the ID '" + key + "' in this file or in this area");
    }
    if (hit->deleted) return deleted_error(l.origin, hit_kind, column, key);
    return End{hit_kind, &hit->id};
  }

  // Settles a Kumu link's kind from its ends: person-person is a tie, person
  // with a group or place an affiliation (either way round).
  Result<void> decide(Link& l, End& from, End& to) {
    if (l.decided) return {};
    if (from.kind != Kind::person && to.kind == Kind::person) std::swap(from, to);
    if (from.kind != Kind::person)
      return batch::error_at(b_, l.origin, Kind::tie, link_column("source_id"),
                                "a connection must involve a person; '" + l.from + "' and '" + l.to +
                                    "' are both groups or places");
    l.kind = to.kind == Kind::person ? Kind::tie : Kind::affiliation;
    EndKind to_kind = to.kind == Kind::place ? EndKind::place : EndKind::group;
    batch::FieldMask provided = 0;
    auto values = batch::check_kumu_link(b_, l, l.kind, to_kind, provided);
    if (!values) return values.error();
    l.values = *values;
    l.provided = provided;
    return {};
  }

  std::string kind_value(const Link& l) const {
    static const size_t tie_kind = model::ties().index_of("kind");
    static const size_t role = model::affiliations().index_of("role");
    return store::text_of(b_.values[l.values][l.kind == Kind::tie ? tie_kind : role]);
  }

  // The stored ends of an existing link must be the ones the file names.
  bool same_ends(const Link& l, const End& from, const End& to, const StoredRecord& r) const {
    auto text = [](const store::Value& v) { return store::text_of(v); };
    if (l.kind == Kind::tie) return text(r.fields[0]) == *from.id && text(r.fields[1]) == *to.id;
    size_t to_index = to.kind == Kind::group ? 1 : 2;
    return text(r.fields[0]) == *from.id && text(r.fields[to_index]) == *to.id;
  }

  Result<void> write_link(uint32_t index) {
    Link& l = b_.links[index];
    auto from = resolve(l, l.from, l.from_kind, l.decided && l.kind == Kind::affiliation ? "person_id" : "source_id");
    if (!from) return from.error();
    auto to = resolve(l, l.to, l.to_kind, "target_id");
    if (!to) return to.error();
    KITH_TRY(decide(l, *from, *to));
    if (*from->id == *to->id)
      return batch::error_at(b_, l.origin, l.kind, link_column("target_id"), "a tie must join two different people");
    std::string ext = link_external_id(l);
    link_keys_.push_back(LinkKey{key_hash(l.kind, ext), index});
    const StoredRecord* found = existing(l.kind).find(ext);
    if (found) {
      if (found->deleted) return deleted_error(l.origin, l.kind, link_column("external_id"), ext);
      if (!same_ends(l, *from, *to, *found))
        return batch::error_at(b_, l.origin, l.kind, link_column("external_id"),
                                  "'" + ext + "' already names a " + std::string(batch::kind_label(l.kind)) +
                                      " with different ends; ends cannot change, so give this row a new ID");
      return upsert_counted(l.kind, false, l.provided, b_.values[l.values], found, l.origin);
    }
    Pending p = pending_for(l.kind, index);
    p.from = from->id;
    p.to = to->id;
    p.to_field = l.kind == Kind::affiliation && to->kind == Kind::place ? 2 : 1;
    pending_[static_cast<size_t>(l.kind)].push_back(p);
    return {};
  }

  // Hash of a link's kind and external id; equal keys are confirmed by comparing the ids.
  struct LinkKey {
    uint64_t hash;
    uint32_t link;
  };
  static uint64_t key_hash(Kind k, const std::string& ext) {
    return std::hash<std::string>()(ext) * 31 + static_cast<uint64_t>(k);
  }
  std::string link_external_id(const Link& l) const {
    return l.external_id.empty() ? derived_external_id(b_.format, l, kind_value(l)) : l.external_id;
  }

  // Two rows of the file for one link are refused, naming both. Sorting
  // hashes keeps this cheap for a million links.
  Result<void> refuse_repeated_links() {
    std::sort(link_keys_.begin(), link_keys_.end(), [](const LinkKey& a, const LinkKey& b) {
      return a.hash != b.hash ? a.hash < b.hash : a.link < b.link;
    });
    const Link* worst = nullptr;  // the earliest row that repeats an earlier one
    const Link* first = nullptr;
    for (size_t i = 1; i < link_keys_.size(); ++i) {
      if (link_keys_[i].hash != link_keys_[i - 1].hash) continue;
      size_t j = i - 1;
      while (j > 0 && link_keys_[j - 1].hash == link_keys_[i].hash) --j;
      const Link& later = b_.links[link_keys_[i].link];
      for (size_t m = j; m < i; ++m) {
        const Link& earlier = b_.links[link_keys_[m].link];
        if (earlier.kind != later.kind || link_external_id(earlier) != link_external_id(later)) continue;
        if (!worst || link_keys_[i].link < static_cast<uint32_t>(worst - b_.links.data())) {
          worst = &later;
          first = &earlier;
        }
        break;
      }
    }
    link_keys_ = {};
    if (!worst) return {};
    const Origin& o = first->origin;
    std::string where = o.index >= 0 ? "record " + std::to_string(o.index) : "line " + std::to_string(o.line);
    bool explicit_id = !worst->external_id.empty();
    return batch::error_at(b_, worst->origin, worst->kind, link_column(explicit_id ? "external_id" : "source_id"),
                              explicit_id ? "the ID '" + worst->external_id + "' is also used on " + where
                                          : "this connection repeats " + where + " (same ends and type)");
  }

  Result<void> write_links() {
    pending_[static_cast<size_t>(Kind::tie)].reserve(b_.links.size());
    link_keys_.reserve(b_.links.size());
    for (uint32_t i = 0; i < b_.links.size(); ++i) KITH_TRY(write_link(i));
    KITH_TRY(refuse_repeated_links());
    for (Kind k : {Kind::tie, Kind::affiliation}) KITH_TRY(flush(k));
    return {};
  }

  store::Connection& c_;
  store::Repository repo_;
  Batch& b_;
  std::string area_;
  ImportReport& report_;
  std::string now_;
  int64_t changes_ = 0;
  std::array<Existing, batch::kKinds> existing_;
  std::array<std::optional<store::BulkInserter>, batch::kKinds> inserters_;
  std::array<std::vector<Pending>, batch::kKinds> pending_;
  std::array<std::unordered_map<std::string, uint32_t>, 3> file_nodes_;
  std::vector<std::string> node_ids_;
  std::vector<LinkKey> link_keys_;
};

Result<Batch> read_batch(const ImportSource& src) {
  switch (src.format) {
    case Format::kumu: return batch::read_kumu(src);
    case Format::edgelist: return batch::read_edgelist(src);
    case Format::json: return batch::read_json(src);
    case Format::graphml:
    case Format::gexf: break;
  }
  return invalid("format", "Import reads kumu, edgelist or json; " + std::string(format_name(src.format)) +
                               " is for export only");
}

// The part of an import inside the write transaction: match, insert, update,
// bump the register revision, audit.
Result<void> import_in(store::Connection& c, Batch& batch, std::string_view area_id, const ImportSource& src,
                       const model::Actor& who, ImportReport& report) {
  report.added.clear();
  report.updated.clear();
  report.unchanged.clear();
  Importer importer(c, batch, area_id, report);
  std::optional<store::CacheBoost> boost;
  if (batch.rows >= kBoostRowsMin) {
    auto raised = store::CacheBoost::raise(c, kBoostCacheKib);
    if (!raised) return raised.error();
    boost.emplace(std::move(*raised));
  }
  auto ran = importer.run();
  Result<void> restored = boost ? boost->restore() : Result<void>();
  if (!ran) return ran.error();
  if (!restored) return restored.error();
  store::Repository repo(c);
  if (importer.changed()) KITH_TRY(repo.bump_register_revision(area_id));
  nlohmann::json detail = report.to_json();
  detail["format"] = std::string(format_name(src.format));
  return repo.audit(who.name, "import", "area", area_id, area_id, detail.dump());
}

// Reads and checks the whole input before any transaction starts.
Result<Batch> read_checked(const ImportSource& src, ImportReport& report) {
  if (src.elements.size() + src.connections.size() > kImportBytesMax)
    return Error{Errc::too_large, "The import is larger than " + std::to_string(kImportBytesMax >> 20) + " MB; split it",
                 {}, 0};
  if (sodium_init() < 0) return internal_error("libsodium failed to initialise");
  auto batch = read_batch(src);
  if (!batch) return batch.error();
  report.rows = batch->rows;
  report.merged = batch->merged;
  return batch;
}

}  // namespace

Result<ImportReport> import_data(store::Store& s, std::string_view area_id, const ImportSource& src,
                                 const model::Actor& who) {
  ImportReport report;
  auto batch = read_checked(src, report);
  if (!batch) return batch.error();
  auto written = s.write([&](store::Connection& c) { return import_in(c, *batch, area_id, src, who, report); });
  if (!written) return written.error();
  report.area_id = std::string(area_id);
  return report;
}

Result<ImportReport> import_new_area(store::Store& s, std::string_view area_name, const ImportSource& src,
                                     const model::Actor& who) {
  auto area = model::validate_create(model::areas(), nlohmann::json{{"name", std::string(area_name)}});
  if (!area) return area.error();
  ImportReport report;
  auto batch = read_checked(src, report);
  if (!batch) return batch.error();
  const std::string id = new_id(model::areas().id_prefix);
  (*area)["id"] = id;
  (*area)["register_revision"] = 0;
  (*area)["revision"] = 1;
  auto written = s.write([&](store::Connection& c) -> Result<void> {
    store::Repository repo(c);
    KITH_TRY(repo.insert(model::areas(), *area));
    KITH_TRY(repo.audit(who.name.empty() ? "unknown" : who.name, "create", model::areas().name, id, id));
    return import_in(c, *batch, id, src, who, report);
  });
  if (!written) return written.error();
  report.area_id = id;
  return report;
}

}  // namespace kith::exchange
