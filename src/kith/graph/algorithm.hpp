#pragma once
// The shape every metric shares (NetworKit style): construct with a graph and
// an options struct, call run(), then read results. Reading before run() is a
// programming error, so it throws rather than returning stale or empty data.
#include <stdexcept>

namespace kith::graph {

class Algorithm {
 public:
  virtual ~Algorithm() = default;
  virtual void run() = 0;
  bool has_run() const { return ran_; }

 protected:
  void assure_run() const {
    if (!ran_) throw std::logic_error("run must be called first");
  }
  bool ran_ = false;
};

}  // namespace kith::graph
