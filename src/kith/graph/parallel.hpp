#pragma once
// Minimal fork-join helpers over std::thread. Algorithms keep per-thread
// scratch arrays, so no locks sit on hot paths. Floating-point sums are
// never reduced in completion order: addition is not associative, and the
// same input must give the same bits whatever the thread count or timing.
// Either each output is written by one task only, or partial sums belong
// to fixed blocks of work and are folded in block order (OrderedFold).
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
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

// Blocks 0..blocks-1 of `width`-wide partial sums, folded into one total in
// block order: total = (((0 + p0) + p1) + p2) ..., whichever thread computed
// which block and whenever it finished. A block finished early waits (parked)
// for its predecessors; a thread may claim a block only within `window` of
// the next one to fold, so at most `window` partial vectors ever exist.
class OrderedFold {
 public:
  OrderedFold(uint64_t blocks, size_t width, unsigned window)
      : blocks_(blocks), width_(width), window_(std::max(window, 1u)), total_(width, 0.0) {}

  // Runs work(worker, block, partial) for every block on `threads` workers
  // (worker in [0, threads), for per-thread scratch); `partial` arrives
  // zeroed and `width` wide.
  template <class Work>
  void run(unsigned threads, Work&& work) {
    run_workers(threads, [&](unsigned worker) {
      std::vector<double> partial;
      uint64_t block;
      while (claim(block, partial)) {
        work(worker, block, partial);
        finish(block, std::move(partial));
        partial = {};
      }
    });
  }
  std::vector<double>& total() { return total_; }

 private:
  bool claim(uint64_t& block, std::vector<double>& partial) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return next_claim_ >= blocks_ || next_claim_ < next_fold_ + window_; });
    if (next_claim_ >= blocks_) return false;
    block = next_claim_++;
    if (!spare_.empty()) {
      partial = std::move(spare_.back());
      spare_.pop_back();
      std::fill(partial.begin(), partial.end(), 0.0);
    } else {
      partial.assign(width_, 0.0);
    }
    return true;
  }

  // Parks the block; folds every parked block that is next in order. The
  // fold runs under the lock: folds are sequential by definition, and one
  // costs O(width), far less than a block of work.
  void finish(uint64_t block, std::vector<double> partial) {
    std::lock_guard lock(mu_);
    parked_.emplace(block, std::move(partial));
    for (auto it = parked_.find(next_fold_); it != parked_.end(); it = parked_.find(next_fold_)) {
      const std::vector<double>& p = it->second;
      for (size_t i = 0; i < width_; ++i) total_[i] += p[i];
      spare_.push_back(std::move(it->second));
      parked_.erase(it);
      ++next_fold_;
    }
    cv_.notify_all();
  }

  const uint64_t blocks_;
  const size_t width_;
  const unsigned window_;
  std::vector<double> total_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t next_claim_ = 0, next_fold_ = 0;
  std::map<uint64_t, std::vector<double>> parked_;
  std::vector<std::vector<double>> spare_;
};

}  // namespace kith::graph
