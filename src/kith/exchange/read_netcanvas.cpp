#include "kith/exchange/read_netcanvas.hpp"

#include <expat.h>
#include <fmt/format.h>

#include <climits>
#include <memory>
#include <optional>
#include <set>

#include "kith/core/assert.hpp"
#include "kith/core/text.hpp"

namespace kith::exchange::netcanvas {
// Named, not anonymous: the exchange layer is built in unity batches.
namespace nc_reader {

constexpr char kSeparator = '|';  // expat writes namespaced names as "URI|local"
constexpr std::string_view kNcNamespace = "http://schema.networkcanvas.com/xmlns";

std::string_view local_name(std::string_view name) {
  const auto bar = name.rfind(kSeparator);
  return bar == std::string_view::npos ? name : name.substr(bar + 1);
}

bool in_nc_namespace(std::string_view name) {
  const auto bar = name.rfind(kSeparator);
  return bar != std::string_view::npos && name.substr(0, bar) == kNcNamespace;
}

std::string trimmed(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

struct Key {
  std::string name, type;
};

// The session attributes Network Canvas puts on <graph> (or on <graphml>).
struct SessionAttrs {
  std::optional<std::string> uuid, case_id, protocol, started_at, finished_at;
  void read(const XML_Char** attrs) {
    for (int i = 0; attrs[i] != nullptr; i += 2) {
      const std::string_view name = attrs[i];
      if (!in_nc_namespace(name)) continue;
      const std::string_view local = local_name(name);
      std::string value = trimmed(attrs[i + 1]);
      if (local == "sessionUUID") uuid = std::move(value);
      else if (local == "caseId" || local == "caseID") case_id = std::move(value);
      else if (local == "protocolName") protocol = std::move(value);
      else if (local == "sessionStartTime") started_at = std::move(value);
      else if (local == "sessionFinishTime") finished_at = std::move(value);
    }
  }
};

const char* attribute(const XML_Char** attrs, std::string_view wanted) {
  for (int i = 0; attrs[i] != nullptr; i += 2)
    if (local_name(attrs[i]) == wanted && !in_nc_namespace(attrs[i])) return attrs[i + 1];
  return nullptr;
}

class Reader {
 public:
  Reader(XML_Parser p, std::string file) : p_(p), file_(std::move(file)) {}

  void start(std::string_view name, const XML_Char** attrs) {
    const std::string_view el = local_name(name);
    ++depth_;
    if (depth_ == 1) {
      if (el != "graphml") return fail("this is not a GraphML file (its first element is not <graphml>)");
      root_.read(attrs);
      return;
    }
    if (el == "key" && depth_ == 2) return read_key(attrs);
    if (el == "graph") return start_graph(attrs);
    if (!graph_) return;  // keys' defaults, descriptions: nothing an interview needs
    if (el == "node") return start_node(attrs);
    if (el == "edge") return start_edge(attrs);
    if (el == "data") return start_data(attrs);
  }

  void end(std::string_view name) {
    const std::string_view el = local_name(name);
    --depth_;
    if (!graph_) return;
    if (el == "data" && data_key_) return end_data();
    if (el == "node" && node_) return end_node();
    if (el == "edge" && edge_) return end_edge();
    if (el == "graph") return end_graph();
  }

  void text(std::string_view s) {
    if (!data_key_) return;
    if (data_text_.size() + s.size() > kValueBytesMax)
      return fail(fmt::format("a value is longer than {} bytes", kValueBytesMax));
    data_text_.append(s);
  }

  void fail(std::string reason) {
    if (error_) return;
    error_ = Error{Errc::invalid,
                   fmt::format("{} line {}: {}", file_, XML_GetCurrentLineNumber(p_), reason),
                   "file", static_cast<long>(XML_GetCurrentLineNumber(p_))};
    XML_StopParser(p_, XML_FALSE);
  }

  const std::optional<Error>& error() const { return error_; }
  std::vector<Session>& sessions() { return sessions_; }
  bool saw_root() const { return saw_root_ || depth_ > 0; }
  void mark_root() { saw_root_ = true; }

 private:
  long line() const { return static_cast<long>(XML_GetCurrentLineNumber(p_)); }

  void read_key(const XML_Char** attrs) {
    const char* id = attribute(attrs, "id");
    if (id == nullptr) return fail("a <key> has no id");
    const char* name = attribute(attrs, "attr.name");
    const char* type = attribute(attrs, "attr.type");
    keys_[id] = Key{name ? name : id, type ? type : "string"};
  }

  void start_graph(const XML_Char** attrs) {
    if (graph_) return fail("a <graph> inside another <graph> (nested graphs are not Network Canvas's)");
    if (sessions_.size() >= kSessionsMax)
      return fail(fmt::format("more than {} interviews in one file", kSessionsMax));
    SessionAttrs own;
    own.read(attrs);
    graph_ = Session{};
    graph_->line = line();
    graph_->uuid = own.uuid.value_or(root_.uuid.value_or(""));
    graph_->case_id = own.case_id.value_or(root_.case_id.value_or(""));
    graph_->protocol = own.protocol.value_or(root_.protocol.value_or(""));
    graph_->started_at = own.started_at.value_or(root_.started_at.value_or(""));
    graph_->finished_at = own.finished_at.value_or(root_.finished_at.value_or(""));
  }

  void start_node(const XML_Char** attrs) {
    if (node_ || edge_) return fail("a <node> inside a node or an edge");
    if (graph_->nodes.size() >= kNodesMax)
      return fail(fmt::format("more than {} people in one interview", kNodesMax));
    const char* id = attribute(attrs, "id");
    if (id == nullptr || std::string_view(id).empty()) return fail("a <node> has no id");
    node_ = Node{};
    node_->line = line();
    node_->id = id;
  }

  void start_edge(const XML_Char** attrs) {
    if (node_ || edge_) return fail("an <edge> inside a node or an edge");
    const char* source = attribute(attrs, "source");
    const char* target = attribute(attrs, "target");
    if (source == nullptr || target == nullptr) return fail("an <edge> needs a source and a target");
    edge_ = Edge{};
    edge_->line = line();
    edge_->source = source;
    edge_->target = target;
  }

  void start_data(const XML_Char** attrs) {
    const char* key = attribute(attrs, "key");
    if (key == nullptr) return fail("a <data> has no key");
    if (!keys_.contains(key)) return fail(fmt::format("<data key=\"{}\"> names no <key> declared in the file", key));
    data_key_ = key;
    data_text_.clear();
  }

  void end_data() {
    const Key& k = keys_.at(*data_key_);
    Value v{trimmed(data_text_), k.type};
    data_key_.reset();
    if (!valid_utf8(v.text)) return fail("a value is not UTF-8 text");
    if (node_) {
      if (k.name == "networkCanvasUUID") node_->uuid = v.text;
      else if (k.name == "networkCanvasType") node_->type = v.text;
      else if (k.name == "label") node_->label = v.text;
      else if (k.name.rfind("networkCanvas", 0) != 0) node_->vars[k.name] = std::move(v);
    } else if (edge_) {
      if (k.name == "networkCanvasType") edge_->type = v.text;
    } else if (k.name.rfind("networkCanvas", 0) != 0 && k.name != "label") {
      graph_->ego[k.name] = std::move(v);
    }
  }

  void end_node() {
    for (const Node& n : graph_->nodes)
      if (n.id == node_->id) return fail(fmt::format("two nodes have the id {}", n.id));
    graph_->nodes.push_back(std::move(*node_));
    node_.reset();
  }

  void end_edge() {
    graph_->edges.push_back(std::move(*edge_));
    edge_.reset();
  }

  void end_graph() {
    if (graph_->uuid.empty())
      return fail(fmt::format("the interview that starts on line {} has no nc:sessionUUID", graph_->line));
    std::set<std::string> ids;
    for (const Node& n : graph_->nodes) ids.insert(n.id);
    for (const Edge& e : graph_->edges)
      if (!ids.contains(e.source) || !ids.contains(e.target))
        return fail(fmt::format("the tie on line {} joins a node the interview does not have", e.line));
    for (const Session& s : sessions_)
      if (s.uuid == graph_->uuid) return fail(fmt::format("the session {} is in the file twice", s.uuid));
    sessions_.push_back(std::move(*graph_));
    graph_.reset();
  }

  XML_Parser p_;
  std::string file_;
  int depth_ = 0;
  bool saw_root_ = false;
  SessionAttrs root_;
  std::map<std::string, Key> keys_;
  std::optional<Session> graph_;
  std::optional<Node> node_;
  std::optional<Edge> edge_;
  std::optional<std::string> data_key_;
  std::string data_text_;
  std::vector<Session> sessions_;
  std::optional<Error> error_;
};

void XMLCALL on_start(void* r, const XML_Char* name, const XML_Char** attrs) {
  static_cast<Reader*>(r)->mark_root();
  static_cast<Reader*>(r)->start(name, attrs);
}
void XMLCALL on_end(void* r, const XML_Char* name) { static_cast<Reader*>(r)->end(name); }
void XMLCALL on_text(void* r, const XML_Char* s, int len) {
  static_cast<Reader*>(r)->text(std::string_view(s, static_cast<size_t>(len)));
}
// No DTDs: Network Canvas writes none, and entities are how XML files attack parsers.
void XMLCALL on_doctype(void* r, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  static_cast<Reader*>(r)->fail("a DOCTYPE is not accepted in a Network Canvas file");
}

struct ParserFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

}  // namespace nc_reader

Result<std::vector<Session>> read_graphml(std::string_view xml, std::string_view file_name) {
  using namespace nc_reader;
  if (xml.size() > static_cast<size_t>(INT_MAX)) return invalid("file", std::string(file_name) + ": the file is too large");
  if (trimmed(xml).empty()) return invalid("file", std::string(file_name) + ": the file is empty");
  std::unique_ptr<XML_ParserStruct, ParserFree> p(XML_ParserCreateNS(nullptr, kSeparator));
  KITH_ASSERT_MSG(p != nullptr, "expat allocates a parser");
  Reader r(p.get(), std::string(file_name));
  XML_SetUserData(p.get(), &r);
  XML_SetElementHandler(p.get(), on_start, on_end);
  XML_SetCharacterDataHandler(p.get(), on_text);
  XML_SetStartDoctypeDeclHandler(p.get(), on_doctype);
  const XML_Status done = XML_Parse(p.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE);
  if (r.error()) return *r.error();
  if (done != XML_STATUS_OK) {
    const long line = static_cast<long>(XML_GetCurrentLineNumber(p.get()));
    return Error{Errc::invalid,
                 fmt::format("{} line {}: not well-formed XML: {}", file_name, line,
                             XML_ErrorString(XML_GetErrorCode(p.get()))),
                 "file", line};
  }
  if (!r.saw_root()) return invalid("file", std::string(file_name) + ": the file is empty");
  if (r.sessions().empty())
    return invalid("file", std::string(file_name) + ": the file holds no interview (no <graph>)");
  return std::move(r.sessions());
}

}  // namespace kith::exchange::netcanvas
