#include "kith/api/codec/scales_json.hpp"

#include <string>

#include "kith/measures/scale.hpp"

namespace kith::api::codec {

using nlohmann::json;

json scales_json() {
  json items = json::array();
  for (const measures::Scale& s : measures::all_scales()) {
    json wording = json::array();
    for (std::string_view w : s.items) wording.push_back(std::string(w));
    json options = json::array();
    for (const measures::ResponseOption& o : s.options) options.push_back({{"code", o.code}, {"label", std::string(o.label)}});
    // Every scale kith holds is worded in English only: no publisher's Welsh
    // wording is held, and an item is never shown in a translation of kith's own.
    items.push_back(json{{"name", std::string(s.name)},
                         {"title", std::string(s.title)},
                         {"source", std::string(s.source)},
                         {"preamble", std::string(s.preamble)},
                         {"items", std::move(wording)},
                         {"answer_min", s.answer_min},
                         {"answer_max", s.answer_max},
                         {"options", std::move(options)},
                         {"languages", json::array({"en"})}});
  }
  return json{{"items", std::move(items)}};
}

}  // namespace kith::api::codec
