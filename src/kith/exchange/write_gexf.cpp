// GEXF 1.3 (Gephi): edge weight = closeness, affiliations weigh 1.
#include "kith/exchange/writer.hpp"
#include "kith/core/time.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange::writer {

using nlohmann::json;

namespace {

std::string gexf_attribute_block(const char* cls, const std::vector<Attribute>& attrs) {
  std::string out = std::string("    <attributes class=\"") + cls + "\" mode=\"static\">\n";
  for (size_t a = 0; a < attrs.size(); ++a)
    out += "      <attribute id=\"" + std::to_string(a) + "\" title=\"" + attrs[a].name + "\" type=\"" +
           xml_type(attrs[a].type) + "\"/>\n";
  return out + "    </attributes>\n";
}

std::string gexf_attvalues(const std::vector<std::string>& values) {
  std::string out = "        <attvalues>\n";
  for (size_t a = 0; a < values.size(); ++a)
    if (!values[a].empty())
      out += "          <attvalue for=\"" + std::to_string(a) + "\" value=\"" + xml(values[a]) + "\"/>\n";
  return out + "        </attvalues>\n";
}

}  // namespace

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

}  // namespace kith::exchange::writer
