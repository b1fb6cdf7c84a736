#pragma once
// Postconditions the engine checks on its own results in every build type
// (KITH_GRAPH_ASSERT): each is O(n + m) at most, never dearer than the algorithm
// that calls it, so release builds keep them. A failure is a bug in kith,
// never bad input (input errors are exceptions or Error values upstream).
// They are free functions so tests can hand them broken data and watch
// them fire.
#include <cstdint>
#include <span>

#include "kith/graph/graph.hpp"

namespace kith::graph {

// CSR rows: offsets start at 0, never decrease and end at `entries`.
void assert_csr(std::span<const edge_t> offsets, uint64_t entries);

// `labels` partitions its nodes into sizes.size() parts: every label names a
// part and sizes[c] is how many nodes carry label c (so the sizes sum to n).
void assert_partition(std::span<const uint32_t> labels, std::span<const uint32_t> sizes);

// Every value finite and >= 0 (betweenness, closeness, harmonic).
void assert_finite_non_negative(std::span<const double> values, const char* what);

// Every value finite (layout coordinates).
void assert_finite(std::span<const double> values, const char* what);

// A probability vector: finite, non-negative, summing to 1 within `tolerance`.
void assert_distribution(std::span<const double> x, double tolerance);

// Modularity lies in [-1/2, 1] at resolution 1 (Brandes et al. 2008; the
// directed form too). Q = A - γB with A, B in [0, 1] gives the general
// bounds: [-γ/2, 1] for γ in [0, 1], [-γ, 1] above.
void assert_modularity_range(double q, double resolution);

// Each community induces a connected subgraph (weakly, on a directed graph):
// one BFS restricted to the community reaches all of it.
void assert_communities_connected(const Graph& g, std::span<const uint32_t> community);

}  // namespace kith::graph
