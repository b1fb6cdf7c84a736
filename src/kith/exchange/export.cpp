// Export of a whole area: Kumu pair, edge list, JSON (the import formats, so
// export -> import round-trips), GraphML and GEXF 1.3 for Gephi and friends.
// One writer a format (writer.hpp); this file picks one and audits the export.
#include "kith/exchange/exchange.hpp"
#include "kith/exchange/writer.hpp"
#include "kith/store/repository.hpp"

namespace kith::exchange {
namespace {

using nlohmann::json;
using namespace writer;

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
    store::AuditEntry entry = store::audit_entry(who, "export", "area", area_id, area_id);
    entry.detail = detail.dump();
    return store::Repository(c).audit(entry);
  });
  if (!audited) return audited.error();
  return text;
}

}  // namespace kith::exchange
