#pragma once
// Network Canvas interviews from its GraphML export (issue 11,
// "Interoperability"): one <graph> per interview session. Read as Network
// Canvas writes it (its exporter and the schema at
// http://schema.networkcanvas.com/xmlns): the session's case id, UUID,
// protocol and times as nc: attributes of <graph> (or of <graphml>, as
// Interviewer Classic wrote them); ego variables as the graph's own <data>;
// each alter a <node> whose <data> carry networkCanvasUUID, networkCanvasType
// (the node type, e.g. "Person"), label and the protocol's variables, named
// by their key's attr.name; ties between alters as <edge>s. docs/surveys.md
// ("Network Canvas interviews") says how kith maps them into a wave.
//
// Values are kept as written (typed by the key's attr.type only where the
// mapping needs it). A file that is not well-formed XML, has a DOCTYPE, names
// an undeclared key or an unknown edge end, or lacks a session UUID is
// refused with its line.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"

namespace kith::exchange::netcanvas {

inline constexpr size_t kSessionsMax = 10'000;      // <graph>s in one file
inline constexpr size_t kNodesMax = 2'000;          // alters in one interview
inline constexpr size_t kValueBytesMax = 64 * 1024;  // one <data> value

struct Value {
  std::string text;  // trimmed
  std::string type;  // the key's attr.type: string, int, long, float, double, boolean
};

struct Node {
  long line = 0;
  std::string id;    // the node's id in the file
  std::string uuid;  // networkCanvasUUID ('' when absent)
  std::string type;  // networkCanvasType ('' when absent)
  std::string label;
  std::map<std::string, Value> vars;  // by variable name (attr.name)
};

struct Edge {
  long line = 0;
  std::string source, target;  // node ids
  std::string type;
};

struct Session {
  long line = 0;       // of its <graph>
  std::string uuid;    // nc:sessionUUID
  std::string case_id, protocol, started_at, finished_at;
  std::map<std::string, Value> ego;  // the graph's own <data>, by variable name
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

Result<std::vector<Session>> read_graphml(std::string_view xml, std::string_view file_name);

}  // namespace kith::exchange::netcanvas
