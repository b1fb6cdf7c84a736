#pragma once
// Text keys → a caller's dense indices (0, 1, 2 …), by open addressing kept
// at most half full. The keys stay with the caller (a vector of names, the
// file's records), so nothing is copied: each slot holds a 32-bit hash and
// the index, and a lookup is one probe into the slots and, when the stored
// hash matches, one comparison with the caller's key. A node-based
// std::unordered_map costs several cache misses a lookup instead, which an
// import resolving two million link ends pays for in seconds.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace kith::exchange {

class TextIndex {
 public:
  static uint32_t hash(std::string_view key) { return static_cast<uint32_t>(std::hash<std::string_view>{}(key)); }

  // Makes room for n keys without growing on the way.
  void reserve(size_t n);
  // Records that index v's key hashes to h; the caller has checked that the
  // key is not present.
  void insert(uint32_t h, uint32_t v);
  // The index whose key equals `key` (hashing to h); key_of(v) gives index
  // v's key.
  template <class KeyOf>
  std::optional<uint32_t> find(std::string_view key, uint32_t h, const KeyOf& key_of) const {
    if (slots_.empty()) return std::nullopt;
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const uint64_t s = slots_[i];
      if (s == 0) return std::nullopt;
      const auto v = static_cast<uint32_t>((s & 0xFFFFFFFFu) - 1);
      if (static_cast<uint32_t>(s >> 32) == h && std::string_view(key_of(v)) == key) return v;
    }
  }
  size_t size() const { return used_; }
  void clear();

 private:
  void rehash(size_t slots);

  std::vector<uint64_t> slots_;  // (hash << 32 | index + 1), 0 when free
  size_t used_ = 0;
};

}  // namespace kith::exchange
