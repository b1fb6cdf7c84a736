// GraphML with declared keys, for Gephi, yEd, Cytoscape and NetworkX.
#include "kith/exchange/writer.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange::writer {

using nlohmann::json;

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
           xml_type(a.type) + "\"/>\n";
  out += "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n";
  for (const auto& a : edge_attrs)
    out += "  <key id=\"e_" + a.name + "\" for=\"edge\" attr.name=\"" + a.name + "\" attr.type=\"" +
           xml_type(a.type) + "\"/>\n";
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

}  // namespace kith::exchange::writer
