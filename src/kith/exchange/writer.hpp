#pragma once
// What every export writer shares: the area's live records read once
// (Snapshot), cells as Kumu and the XML formats print them, and the XML
// helpers GraphML and GEXF have in common. One writer a format:
// write_kumu.cpp, write_edgelist.cpp, write_json.cpp, write_graphml.cpp,
// write_gexf.cpp; export.cpp picks one and audits the export. The research
// export (write_research.cpp, export_research.cpp) is pseudonymised.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/exchange/exchange_model.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/store.hpp"

namespace kith::exchange::writer {

using batch::Kind;
using model::Field;
using model::FieldType;
using store::StoredRecord;

inline constexpr std::array<Kind, 3> kNodeKinds = {Kind::person, Kind::group, Kind::place};
inline constexpr std::array<Kind, 2> kLinkKinds = {Kind::tie, Kind::affiliation};

// Every live record of the area, and the key each is known by in files.
struct Snapshot {
  std::array<std::vector<StoredRecord>, batch::kKinds> records;
  std::unordered_map<std::string, std::string> key_of;  // node id -> external id (or id)

  const std::vector<StoredRecord>& of(Kind k) const { return records[static_cast<size_t>(k)]; }
  static std::string key(const StoredRecord& r) { return r.external_id.empty() ? r.id : r.external_id; }
};

Result<Snapshot> load_snapshot(store::Store& s, std::string_view area_id);

// A value as one cell: lists joined with "|" as Kumu does, booleans as true/false.
std::string cell_text(const Field& f, const store::Value& v);
// "postcode_district" -> "Postcode District": Kumu-style headers that the importer normalises back.
std::string title_case(std::string_view name);

// XML (GraphML, GEXF) --------------------------------------------------------
std::string xml(std::string_view s);  // escaped for text and attributes
// One attribute column of the graph: a field of one or more entities.
struct Attribute {
  std::string name;
  FieldType type = FieldType::text;
};
// Node attributes (nodes) or edge attributes (!nodes), type and external_id first.
std::vector<Attribute> attributes(bool nodes);
std::string xml_type(FieldType t);
std::vector<std::string> attribute_values(const std::vector<Attribute>& attrs, Kind k, const StoredRecord& r);
std::string node_label(Kind k, const StoredRecord& r);
std::pair<std::string, std::string> ends(Kind k, const StoredRecord& r);  // node ids of a link's ends
std::string closeness_weight(Kind k, const StoredRecord& r);              // ties: closeness; affiliations: 1

// The writers.
std::string kumu_elements(const Snapshot& snap);
std::string kumu_connections(const Snapshot& snap);
std::string edgelist(const Snapshot& snap);
std::string json_export(const Snapshot& snap);
std::string graphml(const Snapshot& snap, std::string_view area_id);
std::string gexf(const Snapshot& snap, std::string_view area_id);

// Research export ------------------------------------------------------------

// Where the research export's ids and order come from. Exchange sits below
// domain's secrets, so the caller passes the source in: export_research.cpp
// uses libsodium's generator; tests may pass their own.
class Randomness {
 public:
  virtual ~Randomness() = default;
  virtual std::string fresh_id() = 0;          // unguessable and unrelated to any stored id
  virtual uint32_t below(uint32_t bound) = 0;  // uniform in [0, bound), bound > 0
};
// A category value (birth decade, postcode district) is shown only when at
// least this many exported people share it; otherwise null.
inline constexpr int64_t kResearchGroupMin = 5;
// {"people":[{id, birth_decade, postcode_district}], "ties":[{source, target,
// kind, closeness, frequency}], "category_group_min", "generated_at"}: fresh
// ids each call, people and ties in random order, no names, free text,
// external ids or kith ids. The snapshot has already left out people without
// research consent (load_snapshot) and their ties.
nlohmann::json research(const Snapshot& snap, Randomness& random, std::string_view generated_at);

}  // namespace kith::exchange::writer
