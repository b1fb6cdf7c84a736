// The edge list: source,target,weight (closeness), one row a tie.
#include "kith/exchange/writer.hpp"
#include "kith/exchange/csv.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange::writer {

using nlohmann::json;

std::string edgelist(const Snapshot& snap) {
  std::string out = "source,target,weight\r\n";
  const model::Entity& e = model::ties();
  size_t closeness = e.index_of("closeness");
  for (const auto& r : snap.of(Kind::tie)) {
    auto f = snap.key_of.find(store::text_of(r.fields[0])), t = snap.key_of.find(store::text_of(r.fields[1]));
    if (f == snap.key_of.end() || t == snap.key_of.end()) continue;
    csv::append_record(out, {f->second, t->second, cell_text(e.fields[closeness], r.fields[closeness])});
  }
  return out;
}

}  // namespace kith::exchange::writer
