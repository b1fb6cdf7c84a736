#pragma once
// Minimal fork-join helpers over std::thread. Algorithms keep per-thread
// scratch arrays and reduce once at the end, so no locks sit on hot paths.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace kith::graph {

// 0 means "as many as the machine has"; never fewer than one.
inline unsigned resolve_threads(unsigned requested) {
  if (requested != 0) return requested;
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : hw;
}

// Runs fn(thread_index) on `threads` workers (the caller's thread is worker 0).
template <class Fn>
void run_workers(unsigned threads, Fn&& fn) {
  if (threads <= 1) {
    fn(0u);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&fn, t] { fn(t); });
  fn(0u);
  for (auto& th : pool) th.join();
}

// Hands out [begin, end) chunks of 0..n-1 to whoever asks next, so uneven
// work (BFS from a hub vs from a leaf) still balances across threads.
class ChunkQueue {
 public:
  ChunkQueue(uint64_t n, uint64_t chunk) : n_(n), chunk_(std::max<uint64_t>(chunk, 1)) {}
  bool next(uint64_t& begin, uint64_t& end) {
    begin = next_.fetch_add(chunk_, std::memory_order_relaxed);
    if (begin >= n_) return false;
    end = std::min(n_, begin + chunk_);
    return true;
  }

 private:
  uint64_t n_, chunk_;
  std::atomic<uint64_t> next_{0};
};

// Static split of 0..n-1 into `parts` contiguous ranges; range `i` of them.
inline std::pair<uint64_t, uint64_t> static_range(uint64_t n, unsigned parts, unsigned i) {
  uint64_t per = n / parts, extra = n % parts;
  uint64_t begin = i * per + std::min<uint64_t>(i, extra);
  return {begin, begin + per + (i < extra ? 1 : 0)};
}

}  // namespace kith::graph
