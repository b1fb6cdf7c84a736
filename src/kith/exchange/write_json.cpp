// The JSON import format, records as in the API with external ids.
#include "kith/exchange/writer.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange::writer {

using nlohmann::json;

namespace {

json json_record(const model::Entity& e, const StoredRecord& r) {
  json out = json::object();
  out["external_id"] = Snapshot::key(r);
  for (size_t i = 0; i < e.fields.size(); ++i) {
    if (e.fields[i].type == FieldType::ref || std::holds_alternative<std::monostate>(r.fields[i])) continue;
    out[std::string(e.fields[i].name)] = store::from_column(e.fields[i], r.fields[i]);
  }
  return out;
}

}  // namespace

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

}  // namespace kith::exchange::writer
