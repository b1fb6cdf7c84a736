// The Network Canvas GraphML reader (exchange/read_netcanvas.hpp) on
// arbitrary bytes. Besides not crashing under ASan and UBSan: an error says
// what is wrong; a file read completely holds sessions with a UUID, unique in
// the file, within the limits, whose ties join nodes the session has, with
// node ids unique and every value UTF-8 within its limit; reading is
// deterministic.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "kith/core/text.hpp"
#include "kith/exchange/read_netcanvas.hpp"

namespace nc = kith::exchange::netcanvas;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto read = nc::read_graphml(text, "fuzz.graphml");
  if (!read) {
    FUZZ_CHECK(!read.error().message.empty(), "an error says what is wrong");
    return 0;
  }
  FUZZ_CHECK(!read->empty() && read->size() <= nc::kSessionsMax, "sessions within limits");
  std::set<std::string> uuids;
  for (const nc::Session& s : *read) {
    FUZZ_CHECK(!s.uuid.empty() && uuids.insert(s.uuid).second, "each session has its own UUID");
    FUZZ_CHECK(s.nodes.size() <= nc::kNodesMax, "nodes within limits");
    std::set<std::string> ids;
    for (const nc::Node& n : s.nodes) {
      FUZZ_CHECK(ids.insert(n.id).second, "node ids are unique in a session");
      for (const auto& [name, v] : n.vars)
        FUZZ_CHECK(v.text.size() <= nc::kValueBytesMax && kith::valid_utf8(v.text), "values are UTF-8 within limits");
    }
    for (const nc::Edge& e : s.edges) FUZZ_CHECK(ids.contains(e.source) && ids.contains(e.target), "ties join known nodes");
    for (const auto& [name, v] : s.ego) FUZZ_CHECK(kith::valid_utf8(v.text), "ego values are UTF-8");
  }
  auto again = nc::read_graphml(text, "fuzz.graphml");
  FUZZ_CHECK(static_cast<bool>(again) && again->size() == read->size(), "reading is deterministic");
  return 0;
}
