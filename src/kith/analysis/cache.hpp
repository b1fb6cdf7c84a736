#pragma once
// A least-recently-used cache bounded by bytes, not entries: one area's
// network can be a thousand times another's, so a count of entries says
// nothing about memory. Values are shared and immutable, so a reader keeps
// its copy alive even after the entry is evicted.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include "kith/core/assert.hpp"

namespace kith::analysis {

template <class V>
class ByteBoundedCache {
 public:
  explicit ByteBoundedCache(size_t bytes_max) : bytes_max_(bytes_max) {}

  std::shared_ptr<const V> find(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);  // now the most recently used
    return it->second->value;
  }

  // An entry larger than the whole budget is not kept.
  void put(const std::string& key, std::shared_ptr<const V> value, size_t bytes) {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) erase(it->second);
    if (bytes > bytes_max_) return;
    while (bytes_ + bytes > bytes_max_) erase(std::prev(order_.end()));
    order_.push_front({key, std::move(value), bytes});
    index_[key] = order_.begin();
    bytes_ += bytes;
    KITH_ASSERT(bytes_ <= bytes_max_ && index_.size() == order_.size());
  }

  size_t bytes() const { std::lock_guard lock(mu_); return bytes_; }
  size_t entries() const { std::lock_guard lock(mu_); return index_.size(); }
  size_t bytes_max() const { return bytes_max_; }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const V> value;
    size_t bytes;
  };
  void erase(typename std::list<Entry>::iterator it) {
    bytes_ -= it->bytes;
    index_.erase(it->key);
    order_.erase(it);
  }
  const size_t bytes_max_;
  mutable std::mutex mu_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
};

}  // namespace kith::analysis
