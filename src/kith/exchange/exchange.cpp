// Import: read and check the whole file (read_*.cpp), then in one
// write transaction match every record against the area (by external id, or
// a link without one by its ends and kind), insert what is new, update what
// changed, and bump the register revision once. Any error rolls the whole
// import back.
#include "kith/exchange/exchange.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <functional>
#include <future>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"
#include "kith/exchange/exchange_model.hpp"
#include "kith/exchange/text_index.hpp"
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

  // Links by ends_key(), filled on first use; several records can share one.
  std::unordered_multimap<std::string, uint32_t> by_ends;
  bool ends_indexed = false;

  const StoredRecord* find(const std::string& key) const {
    if (auto it = by_external.find(key); it != by_external.end()) return &records[it->second];
    if (auto it = by_id.find(key); it != by_id.end()) return &records[it->second];
    return nullptr;
  }
};

// What names a link that has no ID of its own: its two ends (public ids) and
// its kind (a tie's kind, an affiliation's role).
std::string ends_key(std::string_view from, std::string_view to, std::string_view kind) {
  std::string key;
  key.reserve(from.size() + to.size() + kind.size() + 2);
  key.append(from).append(1, '\x1f').append(to).append(1, '\x1f').append(kind);
  return key;
}

Result<void> load_existing(store::Connection& c, Kind k, std::string_view area_id, Existing& out) {
  return store::scan_area(c, batch::entity_of(k), area_id, true, [&](StoredRecord&& r) -> Result<void> {
    auto index = static_cast<uint32_t>(out.records.size());
    if (!r.external_id.empty()) out.by_external.emplace(r.external_id, index);
    else out.by_id.emplace(r.id, index);
    out.records.push_back(std::move(r));
    return {};
  });
}

// Inserting at least this many rows, and at least half as many as the table
// holds, rebuilds its indexes afterwards instead of updating them row by row.
constexpr int64_t kSuspendRowsMin = 10'000;

// Imports with at least this many links draw the ties' ids and look for
// repeated links on a second thread.
constexpr size_t kBackgroundRowsMin = 10'000;

// Large imports get a 512 MiB SQLite page cache while they write.
constexpr int64_t kBoostRowsMin = 10'000;
constexpr int64_t kBoostCacheKib = 512 * 1024;

struct End {
  Kind kind = Kind::person;
  // Public id, in Importer::node_ids_ or an existing record; null for an
  // element whose own row was refused (its link is left out unreported).
  const std::string* id = nullptr;
  int64_t row = 0;  // its row id
};

class Importer {
 public:
  Importer(store::Connection& c, Batch& b, std::string_view area_id, ImportReport& report)
      : c_(c), repo_(c), b_(b), area_(area_id), report_(report), now_(now_utc_iso()) {}

  Result<void> run() {
    auto area = store::row_id_of(c_, model::areas(), area_);
    if (!area) return area.error();
    area_row_ = *area;
    for (Kind k : {Kind::person, Kind::group, Kind::place}) KITH_TRY(load_existing(c_, k, area_, existing(k)));
    KITH_TRY(write_nodes());
    KITH_TRY(batch::finish_reading(b_));  // the connections, read meanwhile
    if (!b_.links.empty())
      for (Kind k : {Kind::tie, Kind::affiliation}) KITH_TRY(load_existing(c_, k, area_, existing(k)));
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
      bool link = k == Kind::tie || k == Kind::affiliation;  // nothing points at links
      auto made = store::BulkInserter::prepare(c_, batch::entity_of(k), !link);
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
    if (!merged) return batch::keep_row_error(b_.errors, batch::validation_error(b_, o, k, merged.error()));
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

  // A new record waiting to be inserted; its public id is drawn at flush().
  struct Pending {
    uint32_t item = 0;    // index into Batch::nodes or Batch::links
    uint32_t values = 0;  // links: index into Batch::values
    int64_t from = 0;     // links: row ids of the ends
    int64_t to = 0;
    uint8_t to_field = 1;  // links: ref field that holds `to`
    bool has_external_id = false;
  };

  Result<void> write_nodes() {
    node_ids_.resize(b_.nodes.size());
    node_rows_.resize(b_.nodes.size());
    for (auto& index : file_nodes_) index.reserve(b_.nodes.size());
    for (const Node& n : b_.nodes) node_keys_.push_back(n.external_id);
    for (size_t i = 0; i < b_.nodes.size(); ++i) {
      const Node& n = b_.nodes[i];
      const StoredRecord* found = existing(n.kind).find(n.external_id);
      if (found && found->deleted) {
        b_.errors.add(deleted_error(n.origin, n.kind, node_id_column(), n.external_id));
        b_.refused_ids.insert(n.external_id);
        continue;
      }
      file_nodes_[static_cast<size_t>(n.kind)].insert(TextIndex::hash(n.external_id), static_cast<uint32_t>(i));
      if (found) {
        node_ids_[i] = found->id;
        node_rows_[i] = found->row;
        KITH_TRY(upsert_counted(n.kind, n.create_only, n.provided, b_.values[n.values], found, n.origin));
        continue;
      }
      pending_[static_cast<size_t>(n.kind)].push_back(Pending{static_cast<uint32_t>(i)});
    }
    for (Kind k : {Kind::person, Kind::group, Kind::place}) KITH_TRY(flush(k));
    return {};
  }

  // Inserts the kind's pending records (nodes in file order, links by their
  // ends); a load large against its table goes in with the secondary indexes
  // built afterwards (store::IndexSuspension).
  Result<void> flush(Kind k) {
    auto& list = pending_[static_cast<size_t>(k)];
    if (list.empty()) return {};
    const bool link = k == Kind::tie || k == Kind::affiliation;
    if (link)
      std::sort(list.begin(), list.end(), [](const Pending& a, const Pending& b) {
        return std::tie(a.from, a.to, a.item) < std::tie(b.from, b.to, b.item);
      });
    const model::Entity& e = batch::entity_of(k);
    std::vector<std::string> ids = fresh_ids(k, list.size());
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
    for (size_t j = 0; j < list.size(); ++j) {
      const Pending& p = list[j];
      if (link) {
        // Sorted by their ends, the links' own records lie at random in
        // memory: Pending carries what the insert needs, so only a link with
        // an ID of its own is looked at again.
        static const std::string no_id;
        const std::string& external_id = p.has_external_id ? b_.links[p.item].external_id : no_id;
        const store::RowRef refs[] = {{0, p.from}, {p.to_field, p.to}};
        auto row = (*ins)->insert(ids[j], area_row_, external_id, b_.values[p.values], refs, now_);
        if (!row) return row.error();
      } else {
        const Node& node = b_.nodes[p.item];
        auto row = (*ins)->insert(ids[j], area_row_, node.external_id, b_.values[node.values], {}, now_);
        if (!row) return row.error();
        node_ids_[p.item] = std::move(ids[j]);
        node_rows_[p.item] = *row;
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
    Kind report_kind = l.decided ? l.kind : Kind::tie;
    const uint32_t h = TextIndex::hash(key);
    auto key_of = [&](uint32_t i) { return node_keys_.at(i); };
    for (Kind k : {Kind::person, Kind::group, Kind::place}) {
      if (want != EndKind::any_node && static_cast<int>(want) != static_cast<int>(k)) continue;
      if (auto i = file_nodes_[static_cast<size_t>(k)].find(key, h, key_of)) return End{k, &node_ids_[*i], node_rows_[*i]};
    }
    const StoredRecord* hit = nullptr;
    Kind hit_kind = Kind::person;
    for (Kind k : {Kind::person, Kind::group, Kind::place}) {
      if (want != EndKind::any_node && static_cast<int>(want) != static_cast<int>(k)) continue;
      const StoredRecord* r = existing(k).find(key);
      if (!r) continue;
      if (hit)
        return batch::error_at(b_, l.origin, report_kind, link_column(column_field),
                                  "'" + key + "' is the ID of both a " + std::string(batch::kind_label(hit_kind)) +
                                      " and a " + std::string(batch::kind_label(k)) +
                                      " in this area; add the element to the file to say which");
      hit = r;
      hit_kind = k;
    }
    if (!hit && b_.refused_ids.count(key)) return End{};
    if (!hit) {
      std::string what = want == EndKind::any_node ? "element" : std::string(batch::kind_label(static_cast<Kind>(want)));
      return batch::error_at(b_, l.origin, report_kind, link_column(column_field),
                                "no " + what + " has the ID '" + key + "' in this file or in this area");
    }
    if (hit->deleted) return deleted_error(l.origin, hit_kind, link_column(column_field), key);
    return End{hit_kind, &hit->id, hit->row};
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

  // A tie's kind or an affiliation's role: required text, checked by the reader.
  // A reference, not a copy: repeats and matching ask for it once a link.
  const std::string& kind_value(const Link& l) const {
    static const size_t tie_kind = model::ties().index_of("kind");
    static const size_t role = model::affiliations().index_of("role");
    const auto* text = std::get_if<std::string>(&b_.values[l.values][l.kind == Kind::tie ? tie_kind : role]);
    KITH_ASSERT_MSG(text != nullptr, "a checked link has its kind or role as text");
    return *text;
  }

  // The stored ends of an existing link must be the ones the file names.
  bool same_ends(const Link& l, const End& from, const End& to, const StoredRecord& r) const {
    auto text = [](const store::Value& v) { return store::text_of(v); };
    if (l.kind == Kind::tie) return text(r.fields[0]) == *from.id && text(r.fields[1]) == *to.id;
    size_t to_index = to.kind == Kind::group ? 1 : 2;
    return text(r.fields[0]) == *from.id && text(r.fields[to_index]) == *to.id;
  }

  // The link of the area this file row means: by its ID, or, without one,
  // by its ends and kind (a row without an ID cannot say which of two such
  // links it means, so two are refused).
  Result<const StoredRecord*> match_link(const Link& l, const End& from, const End& to) {
    Existing& ex = existing(l.kind);
    if (!l.external_id.empty()) {
      const StoredRecord* found = ex.find(l.external_id);
      if (found && !same_ends(l, from, to, *found))
        return batch::error_at(b_, l.origin, l.kind, link_column("external_id"),
                               "'" + l.external_id + "' already names a " + std::string(batch::kind_label(l.kind)) +
                                   " with different ends; ends cannot change, so give this row a new ID");
      return found;
    }
    if (ex.records.empty()) return nullptr;
    index_ends(l.kind);
    const StoredRecord* live = nullptr;
    const StoredRecord* deleted = nullptr;
    auto [lo, hi] = ex.by_ends.equal_range(ends_key(*from.id, *to.id, kind_value(l)));
    for (auto it = lo; it != hi; ++it) {
      const StoredRecord& r = ex.records[it->second];
      if (r.deleted) {
        deleted = &r;
      } else if (live) {
        return batch::error_at(b_, l.origin, l.kind, link_column("source_id"),
                               "two " + std::string(batch::kind_label(l.kind)) +
                                   "s in this area join these ends with this type; give this row the ID of the one "
                                   "it means");
      } else {
        live = &r;
      }
    }
    return live ? live : deleted;
  }

  void index_ends(Kind k) {
    Existing& ex = existing(k);
    if (ex.ends_indexed) return;
    ex.ends_indexed = true;
    const model::Entity& e = batch::entity_of(k);
    const size_t kind_field = e.index_of(k == Kind::tie ? "kind" : "role");
    for (uint32_t i = 0; i < ex.records.size(); ++i) {
      const StoredRecord& r = ex.records[i];
      std::string to = store::text_of(r.fields[1]);
      if (k == Kind::affiliation && to.empty()) to = store::text_of(r.fields[2]);  // a place, not a group
      ex.by_ends.emplace(ends_key(store::text_of(r.fields[0]), to, store::text_of(r.fields[kind_field])), i);
    }
  }

  // The last end resolved on one side of the links. Files list a person's
  // connections together (Kumu and edge-list exports are grouped by From), so
  // the same From repeats row after row: a string compare instead of a hash
  // lookup. Only successes are kept, and nothing a lookup reads changes while
  // the links are resolved, so a hit is exactly what resolve() would return.
  struct LastEnd {
    bool valid = false;
    EndKind want = EndKind::person;
    std::string key;
    End end;
  };
  Result<End> resolve_memo(LastEnd& last, const Link& l, const std::string& key, EndKind want,
                           const char* column_field) {
    if (last.valid && last.want == want && last.key == key) return last.end;
    auto end = resolve(l, key, want, column_field);
    if (!end) return end.error();
    last.valid = true;
    last.want = want;
    last.key = key;
    last.end = *end;
    return end;
  }

  Result<void> write_link(uint32_t index) {
    Link& l = b_.links[index];
    auto from = resolve_memo(last_from_, l, l.from, l.from_kind,
                             l.decided && l.kind == Kind::affiliation ? "person_id" : "source_id");
    if (!from) return from.error();
    auto to = resolve_memo(last_to_, l, l.to, l.to_kind, "target_id");
    if (!to) return to.error();
    if (!from->id || !to->id) return {};
    KITH_TRY(decide(l, *from, *to));
    if (from->kind == to->kind && from->row == to->row)  // the same record
      return batch::error_at(b_, l.origin, l.kind, link_column("target_id"), "a tie must join two different people");
    link_keys_.push_back(LinkKey{key_hash(l, from->row, to->row), index});
    link_ends_[index] = {from->row, to->row};
    auto found = match_link(l, *from, *to);
    if (!found) return found.error();
    if (*found) {
      std::string column = link_column(l.external_id.empty() ? "source_id" : "external_id");
      if ((*found)->deleted)
        return batch::error_at(b_, l.origin, l.kind, column,
                               "this " + std::string(batch::kind_label(l.kind)) +
                                   " was deleted from this area; give this row a new ID to add it again");
      return upsert_counted(l.kind, false, l.provided, b_.values[l.values], *found, l.origin);
    }
    Pending p{index, l.values, from->row, to->row};
    p.has_external_id = !l.external_id.empty();
    p.to_field = l.kind == Kind::affiliation && to->kind == Kind::place ? 2 : 1;
    pending_[static_cast<size_t>(l.kind)].push_back(p);
    return {};
  }

  // Hash of what names a link in the file: its kind and ID, or without an ID
  // its ends and type. Equal hashes are confirmed by same_link().
  struct LinkKey {
    uint64_t hash;
    uint32_t link;
  };
  uint64_t key_hash(const Link& l, int64_t from, int64_t to) const {
    uint64_t h = l.external_id.empty()
                     ? std::hash<std::string>()(kind_value(l)) ^ (static_cast<uint64_t>(from) * 0x9e3779b97f4a7c15ULL) ^
                           (static_cast<uint64_t>(to) * 0xc2b2ae3d27d4eb4fULL)
                     : std::hash<std::string>()(l.external_id);
    return h * 31 + static_cast<uint64_t>(l.kind) * 2 + (l.external_id.empty() ? 1 : 0);
  }
  bool same_link(uint32_t a, uint32_t b) const {
    const Link& x = b_.links[a];
    const Link& y = b_.links[b];
    if (x.kind != y.kind || x.external_id.empty() != y.external_id.empty()) return false;
    if (!x.external_id.empty()) return x.external_id == y.external_id;
    return link_ends_[a] == link_ends_[b] && kind_value(x) == kind_value(y);
  }

  // Two rows of the file for one link are refused: each later row, naming
  // the first. Sorting hashes keeps this cheap for a million links.
  void refuse_repeated_links() {
    std::sort(link_keys_.begin(), link_keys_.end(), [](const LinkKey& a, const LinkKey& b) {
      return a.hash != b.hash ? a.hash < b.hash : a.link < b.link;
    });
    size_t group = 0;  // first key of the run of equal hashes that holds i
    for (size_t i = 1; i < link_keys_.size(); ++i) {
      if (link_keys_[i].hash != link_keys_[i - 1].hash) {
        group = i;
        continue;
      }
      for (size_t m = group; m < i; ++m)
        if (same_link(link_keys_[m].link, link_keys_[i].link)) {
          b_.errors.add(repeat_error(b_.links[link_keys_[i].link], b_.links[link_keys_[m].link]));
          break;
        }
    }
    link_keys_ = {};
  }

  Error repeat_error(const Link& later, const Link& first) {
    const Origin& o = first.origin;
    std::string where = o.index >= 0 ? "record " + std::to_string(o.index) : "line " + std::to_string(o.line);
    bool explicit_id = !later.external_id.empty();
    return batch::error_at(b_, later.origin, later.kind, link_column(explicit_id ? "external_id" : "source_id"),
                           explicit_id ? "the ID '" + later.external_id + "' is also used on " + where
                                       : "this connection repeats " + where + " (same ends and type)");
  }

  Result<void> write_links() {
    pending_[static_cast<size_t>(Kind::tie)].reserve(b_.links.size());
    link_keys_.reserve(b_.links.size());
    link_ends_.assign(b_.links.size(), {0, 0});
    if (b_.links.size() >= kBackgroundRowsMin)
      tie_ids_ = std::async(std::launch::async, new_sorted_ids, model::ties().id_prefix, b_.links.size());
    for (uint32_t i = 0; i < b_.links.size(); ++i) KITH_TRY(batch::keep_row_error(b_.errors, write_link(i)));
    // Repeats only add problems, which roll the import back, so they are
    // looked for on a second thread while the ties go in.
    auto repeats = std::async(b_.links.size() >= kBackgroundRowsMin ? std::launch::async : std::launch::deferred,
                              [this] { refuse_repeated_links(); });
    Result<void> ties = flush(Kind::tie);
    repeats.get();
    link_ends_ = {};
    if (!ties) return ties.error();
    return flush(Kind::affiliation);
  }

  // n fresh public ids in ascending order, for the kind's pending records.
  // The ties' are drawn on a second thread while the links are resolved,
  // one for every link in the file; when fewer are needed an evenly spaced
  // selection keeps them ascending and spread like any other draw.
  std::vector<std::string> fresh_ids(Kind k, size_t n) {
    if (k != Kind::tie || !tie_ids_.valid()) return new_sorted_ids(batch::entity_of(k).id_prefix, n);
    std::vector<std::string> drawn = tie_ids_.get();
    KITH_ASSERT(drawn.size() >= n);
    if (drawn.size() == n) return drawn;
    std::vector<std::string> ids;
    ids.reserve(n);
    for (size_t j = 0; j < n; ++j) ids.push_back(std::move(drawn[j * drawn.size() / n]));
    return ids;
  }

  store::Connection& c_;
  store::Repository repo_;
  Batch& b_;
  std::string area_;
  int64_t area_row_ = 0;
  ImportReport& report_;
  std::string now_;
  int64_t changes_ = 0;
  std::array<Existing, batch::kKinds> existing_;
  std::array<std::optional<store::BulkInserter>, batch::kKinds> inserters_;
  std::array<std::vector<Pending>, batch::kKinds> pending_;
  std::array<TextIndex, 3> file_nodes_;  // file nodes of each kind by external id, into Batch::nodes
  // Each file node's external id again, packed: resolving two million ends
  // compares against these, and packed they stay in cache where the nodes'
  // own strings, spread over the whole batch, do not.
  struct PackedKeys {
    std::string bytes;
    std::vector<uint32_t> ends{0};
    void push_back(std::string_view key) {
      bytes.append(key);
      ends.push_back(static_cast<uint32_t>(bytes.size()));
    }
    std::string_view at(uint32_t i) const { return std::string_view(bytes).substr(ends[i], ends[i + 1] - ends[i]); }
  };
  PackedKeys node_keys_;
  std::vector<std::string> node_ids_;  // public id of each file node, existing or new
  std::vector<int64_t> node_rows_;     // and its row id
  std::vector<LinkKey> link_keys_;
  std::future<std::vector<std::string>> tie_ids_;
  LastEnd last_from_, last_to_;
  std::vector<std::pair<int64_t, int64_t>> link_ends_;  // row ids of each file link's ends
};

Result<Batch> read_batch(const ImportSource& src) {
  switch (src.format) {
    case Format::kumu: return batch::read_kumu(src, true);  // links finished in Importer::run
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
  // A connections file still being read is at least a megabyte of rows.
  if (batch.rows >= kBoostRowsMin || batch.pending_links) {
    auto raised = store::CacheBoost::raise(c, kBoostCacheKib);
    if (!raised) return raised.error();
    boost.emplace(std::move(*raised));
  }
  auto ran = importer.run();
  report.rows = batch.rows;  // the connections were counted during run()
  Result<void> restored = boost ? boost->restore() : Result<void>();
  if (!ran) return ran.error();
  if (!restored) return restored.error();
  store::Repository repo(c);
  if (importer.changed()) KITH_TRY(repo.bump_register_revision(area_id));
  nlohmann::json detail = report.to_json();
  detail["format"] = std::string(format_name(src.format));
  store::AuditEntry entry = store::audit_entry(who, "import", "area", area_id, area_id);
  entry.detail = detail.dump();
  return repo.audit(entry);
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

// The rows' problems into the report, in file order: the first file, then
// the second, each by line (CSV) or as found (JSON records, in array order).
void take_errors(Batch& b, ImportReport& report) {
  auto rank = [&](const Error& e) { return e.file == b.nodes_file ? 0 : 1; };
  report.errors = std::move(b.errors.kept);
  std::stable_sort(report.errors.begin(), report.errors.end(), [&](const Error& x, const Error& y) {
    return std::make_pair(rank(x), x.line) < std::make_pair(rank(y), y.line);
  });
  report.errors_total = b.errors.total;
}

// Runs the import in one write transaction, which is rolled back when a
// row had a problem or this is a preview. `before` writes what must come
// first in the same transaction (a new area).
Result<ImportReport> import_rolled(store::Store& s, std::string_view area_id, const ImportSource& src,
                                   const model::Actor& who, ImportOptions options,
                                   const std::function<Result<void>(store::Connection&)>& before) {
  ImportReport report;
  report.preview = options.preview;
  auto batch = read_checked(src, report);
  if (!batch) return batch.error();
  bool rolled_back = false;  // on purpose, not by a failure
  // Every end the importer writes was resolved in this transaction, so the
  // bulk write may skip SQLite's per-row foreign-key lookups.
  auto written = s.write_bulk([&](store::Connection& c) -> Result<void> {
    if (before) KITH_TRY(before(c));
    KITH_TRY(import_in(c, *batch, area_id, src, who, report));
    if (!batch->errors.any() && !options.preview) return {};
    rolled_back = true;
    return Error{Errc::conflict, "rolled back: a preview, or rows with problems", {}, 0};
  });
  if (!written && !rolled_back) return written.error();
  take_errors(*batch, report);
  report.area_id = std::string(area_id);
  return report;
}

// The first problem of a refused import, for callers that take one Error.
Result<ImportReport> first_problem(Result<ImportReport> r) {
  if (r && r->errors_total > 0) return r->errors.front();
  return r;
}

}  // namespace

void RowErrors::append(RowErrors&& more) {
  for (auto& e : more.kept)
    if (kept.size() < kRowErrorsKept) kept.push_back(std::move(e));
  total += more.total;
}

Result<ImportReport> import_checked(store::Store& s, std::string_view area_id, const ImportSource& src,
                                    const model::Actor& who, ImportOptions options) {
  return import_rolled(s, area_id, src, who, options, nullptr);
}

Result<ImportReport> import_data(store::Store& s, std::string_view area_id, const ImportSource& src,
                                 const model::Actor& who) {
  return first_problem(import_rolled(s, area_id, src, who, {}, nullptr));
}

Result<ImportReport> import_new_area(store::Store& s, std::string_view area_name, const ImportSource& src,
                                     const model::Actor& who) {
  auto area = model::validate_create(model::areas(), nlohmann::json{{"name", std::string(area_name)}});
  if (!area) return area.error();
  const std::string id = new_id(model::areas().id_prefix);
  (*area)["id"] = id;
  (*area)["register_revision"] = 0;
  (*area)["revision"] = 1;
  return first_problem(import_rolled(s, id, src, who, {}, [&](store::Connection& c) -> Result<void> {
    store::Repository repo(c);
    KITH_TRY(repo.insert(model::areas(), *area));
    return repo.audit(store::audit_entry(who, "create", model::areas().name, id, id));
  }));
}

}  // namespace kith::exchange
