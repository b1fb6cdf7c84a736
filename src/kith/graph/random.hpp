#pragma once
// splitmix64: one small, portable generator for everything kith seeds (the
// demo, seeded ids, Louvain's visit order, approximate betweenness's samples,
// the benchmarks' graphs). std:: engines are portable but std:: distributions
// are not, so a seed must mean the same numbers on every machine and library.
// It lives in graph, which draws from it itself and includes nothing else of
// kith; the layers above that seed (exchange's seeded_id, the demo, the
// benchmarks) link graph and include it from here.
#include <cstdint>

namespace kith::graph {

// Advances `state` and returns the next 64 random bits (Steele, Lea, Flood 2014).
inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A generator object over splitmix64 with the few distributions kith needs.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() { return splitmix64(state_); }
  // Uniform in [0, 1) with 53 random bits.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform in [0, n) for n > 0 (Lemire's multiply-shift; bias below 2^-32 for n < 2^32).
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64); }
  // The older draws some seeded outputs were fixed with, kept so those
  // outputs (Louvain partitions, approximate betweenness, benchmark graphs)
  // stay bit for bit what their goldens and documents say:
  // Lemire on the top 32 bits, for n < 2^32 (Louvain, community_bench).
  uint32_t below32(uint32_t n) { return static_cast<uint32_t>(((next() >> 32) * static_cast<uint64_t>(n)) >> 32); }
  // floor(unit() * n) (approximate betweenness's pair draws).
  uint64_t below_scaled(uint64_t n) { return static_cast<uint64_t>(unit() * static_cast<double>(n)); }
  // next() mod n, slightly biased for huge n (holme_kim.hpp, import_bench).
  uint64_t below_modulo(uint64_t n) { return next() % n; }
  uint64_t state() const { return state_; }

 private:
  uint64_t state_;
};

}  // namespace kith::graph
