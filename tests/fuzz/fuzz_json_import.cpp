// The JSON import reader (exchange::batch::read_json): a document to an
// import batch, no database. Besides not crashing: every record becomes one
// node or link or is left out with exactly one problem (named, with its file
// and reason), external ids are clean and unique per kind, every
// values index is in range, and reading is deterministic.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>

#include "fuzz_check.hpp"
#include "kith/exchange/exchange_model.hpp"

namespace b = kith::exchange::batch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kith::exchange::ImportSource src;
  src.format = kith::exchange::Format::json;
  src.name = "fuzz.json";
  src.elements.assign(reinterpret_cast<const char*>(data), size);
  auto batch = b::read_json(src);
  if (!batch) {
    FUZZ_CHECK(!batch.error().message.empty(), "an error says what is wrong");
    return 0;
  }
  const auto& problems = batch->errors;
  FUZZ_CHECK(batch->rows == static_cast<int64_t>(batch->nodes.size() + batch->links.size()) + problems.total,
             "each record is a node, a link or one problem");
  FUZZ_CHECK(problems.kept.size() == std::min<size_t>(static_cast<size_t>(problems.total), kith::exchange::kRowErrorsKept),
             "the first problems are kept, all are counted");
  for (const auto& e : problems.kept)
    FUZZ_CHECK(e.code == kith::Errc::invalid && e.file == "fuzz.json" && !e.reason.empty() && !e.message.empty(),
               "a row's problem names its file and reason");
  std::set<std::pair<int, std::string>> ids;
  auto check_id = [&](b::Kind k, const std::string& ext) {
    FUZZ_CHECK(!ext.empty() && ext.size() <= b::kExternalIdBytesMax, "external id length");
    auto clean = b::clean_external_id(ext);
    FUZZ_CHECK(clean && *clean == ext, "external ids are stored cleaned");
    FUZZ_CHECK(ids.emplace(static_cast<int>(k), ext).second, "external ids unique per kind");
  };
  for (const auto& n : batch->nodes) {
    FUZZ_CHECK(n.kind == b::Kind::person || n.kind == b::Kind::group || n.kind == b::Kind::place, "node kind");
    FUZZ_CHECK(n.values < batch->values.size(), "node values index in range");
    check_id(n.kind, n.external_id);
  }
  for (const auto& l : batch->links) {
    FUZZ_CHECK(l.decided && (l.kind == b::Kind::tie || l.kind == b::Kind::affiliation), "link kind");
    FUZZ_CHECK(l.values < batch->values.size(), "link values index in range");
    FUZZ_CHECK(!l.from.empty() && !l.to.empty(), "links name both ends");
    check_id(l.kind, l.external_id);
  }
  auto again = b::read_json(src);
  FUZZ_CHECK(again && again->nodes.size() == batch->nodes.size() && again->links.size() == batch->links.size() &&
                 again->values.size() == batch->values.size() && again->errors.total == problems.total,
             "reading is deterministic");
  return 0;
}
