#pragma once
// String ids from files or the register, mapped to dense node indices.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kith/graph/graph.hpp"

namespace kith::graph {

class IdMap {
 public:
  // The index of `id`, adding it when new.
  node_t intern(std::string_view id) {
    auto it = index_.find(std::string(id));
    if (it != index_.end()) return it->second;
    node_t v = static_cast<node_t>(names_.size());
    names_.emplace_back(id);
    index_.emplace(names_.back(), v);
    return v;
  }
  static constexpr node_t kNone = kNodesMax + 1;
  // The index of `id`, or kNone when unknown.
  node_t find(std::string_view id) const {
    auto it = index_.find(std::string(id));
    return it == index_.end() ? kNone : it->second;
  }
  const std::string& name(node_t v) const { return names_[v]; }
  node_t size() const { return static_cast<node_t>(names_.size()); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, node_t> index_;
};

}  // namespace kith::graph
