// The research export's entry point: the snapshot, libsodium's randomness,
// the writer (write_research.cpp) and the audit row.
#include <sodium.h>

#include <mutex>
#include <stdexcept>

#include "kith/core/time.hpp"
#include "kith/exchange/exchange.hpp"
#include "kith/exchange/writer.hpp"
#include "kith/store/repository.hpp"

namespace kith::exchange {
namespace {

using nlohmann::json;

constexpr size_t kFreshIdBytes = 12;  // 96 bits: no two people of one export share an id

// libsodium's generator: unpredictable, so neither the ids nor the order of
// one export say anything about another or about the register.
class SodiumRandomness final : public writer::Randomness {
 public:
  SodiumRandomness() {
    static std::once_flag once;
    std::call_once(once, [] {
      if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    });
  }
  std::string fresh_id() override {
    unsigned char bytes[kFreshIdBytes];
    randombytes_buf(bytes, sizeof bytes);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "r";
    for (unsigned char b : bytes) {
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
    return out;
  }
  uint32_t below(uint32_t bound) override { return randombytes_uniform(bound); }
};

}  // namespace

Result<std::string> export_research(store::Store& s, std::string_view area_id, const model::Actor& who) {
  auto snap = writer::load_snapshot(s, area_id);
  if (!snap) return snap.error();
  SodiumRandomness random;
  json doc = writer::research(*snap, random, now_utc_iso());
  // An export of the area's network is recorded before it is handed over,
  // as every export is; counts only.
  json detail{{"format", std::string(kResearchFormatName)},
              {"people", doc["people"].size()},
              {"ties", doc["ties"].size()}};
  auto audited = s.write([&](store::Connection& c) -> Result<void> {
    store::AuditEntry entry = store::audit_entry(who, "export", "area", area_id, area_id);
    entry.detail = detail.dump();
    return store::Repository(c).audit(entry);
  });
  if (!audited) return audited.error();
  return doc.dump(1) + "\n";
}

}  // namespace kith::exchange
