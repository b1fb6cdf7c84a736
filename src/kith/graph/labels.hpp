#pragma once
// String ids from files or the register, mapped to dense node indices.
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kith/graph/check.hpp"
#include "kith/graph/graph.hpp"

namespace kith::graph {

class IdMap {
 public:
  // The index of `id`, adding it when new.
  node_t intern(std::string_view id) {
    index_pending();
    auto it = index_.find(std::string(id));
    if (it != index_.end()) return it->second;
    node_t v = static_cast<node_t>(names_.size());
    names_.emplace_back(id);
    index_.emplace(names_.back(), v);
    ++indexed_;
    return v;
  }
  // Appends a name the caller has already proved distinct from every other
  // (exchange::NodeIds deduplicates while reading): hashing it again here
  // would double the reader's cost, so the index catches up only when
  // intern() is next called.
  node_t append_distinct(std::string name) {
    names_.push_back(std::move(name));
    return static_cast<node_t>(names_.size() - 1);
  }
  static constexpr node_t kNone = kNodesMax + 1;
  // The index of `id`, or kNone when unknown.
  node_t find(std::string_view id) const {
    KITH_GRAPH_ASSERT_MSG(indexed_ == names_.size(), "IdMap::find after append_distinct needs an intern() first");
    auto it = index_.find(std::string(id));
    return it == index_.end() ? kNone : it->second;
  }
  const std::string& name(node_t v) const { return names_[v]; }
  node_t size() const { return static_cast<node_t>(names_.size()); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, node_t> index_;
  size_t indexed_ = 0;  // names_[0, indexed_) are in index_

  void index_pending() {
    for (; indexed_ < names_.size(); ++indexed_) index_.emplace(names_[indexed_], static_cast<node_t>(indexed_));
  }
};

}  // namespace kith::graph
