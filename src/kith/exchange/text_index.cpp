#include "kith/exchange/text_index.hpp"

#include <algorithm>

#include "kith/core/assert.hpp"

namespace kith::exchange {

void TextIndex::reserve(size_t n) {
  size_t slots = 1024;
  while (slots < 2 * n + 2) slots *= 2;
  if (slots > slots_.size()) rehash(slots);
}

void TextIndex::insert(uint32_t h, uint32_t v) {
  KITH_ASSERT(v < 0xFFFFFFFFu);
  if (2 * (used_ + 1) > slots_.size()) rehash(std::max<size_t>(1024, 2 * slots_.size()));
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = (static_cast<uint64_t>(h) << 32) | (static_cast<uint64_t>(v) + 1);
  ++used_;
}

void TextIndex::clear() {
  std::fill(slots_.begin(), slots_.end(), 0);
  used_ = 0;
}

// The stored hash places each entry again without reading its key.
void TextIndex::rehash(size_t slots) {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(slots, 0);
  const size_t mask = slots - 1;
  for (uint64_t s : old) {
    if (s == 0) continue;
    size_t i = (s >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace kith::exchange
