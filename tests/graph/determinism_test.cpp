// Same input, same output, bit for bit, whatever the thread count or timing:
// parallel sums are folded in a fixed order (parallel.hpp's OrderedFold,
// fixed blocks elsewhere). Compared with memcmp, not a tolerance; and the
// values stay NetworkX's (golden cases) and igraph's (random graphs).
#include <chrono>
#include <cstring>
#include <random>
#include <thread>

#include "graph/support.hpp"
#include "kith/graph/betweenness.hpp"
#include "kith/graph/closeness.hpp"
#include "kith/graph/pagerank.hpp"
#include "kith/graph/parallel.hpp"

namespace kith::graph {
namespace {

constexpr unsigned kThreadCounts[] = {1, 2, 4, 7};
constexpr int kRepeats = 20;

using testing::same_bits;

using testing::random_graph;  // a few hundred nodes: enough source blocks that threads interleave

template <class Run>
void expect_identical_runs(const char* what, Run&& run) {
  const std::vector<double> first = run(1u);
  ASSERT_FALSE(first.empty()) << what;
  for (unsigned threads : kThreadCounts)
    for (int i = 0; i < kRepeats; ++i)
      EXPECT_TRUE(same_bits(run(threads), first)) << what << ": " << threads << " threads, run " << i;
}

TEST(Determinism, ExactAndApproximateBetweennessOnRandomGraphs) {
  for (bool directed : {false, true}) {
    const Graph g = random_graph(300, directed ? 0.015 : 0.02, directed, 17 + directed);
    expect_identical_runs("exact betweenness", [&](unsigned threads) {
      Betweenness b(g, {.threads = threads});
      b.run();
      return b.raw();
    });
    expect_identical_runs("approximate betweenness", [&](unsigned threads) {
      ApproxBetweenness a(g, {.epsilon = 0.05, .delta = 0.1, .seed = 9, .threads = threads});
      a.run();
      return a.raw();
    });
    // And the bits are right: igraph, an independent implementation, agrees.
    Betweenness b(g, {.threads = 7});
    b.run();
    testing::IGraph ig(g);
    igraph_vector_t ref;
    igraph_vector_init(&ref, 0);
    igraph_betweenness(ig.get(), &ref, igraph_vss_all(), g.directed(), nullptr);
    const std::vector<double> want = testing::to_std(ref);
    igraph_vector_destroy(&ref);
    ASSERT_EQ(want.size(), b.raw().size());
    for (node_t v = 0; v < g.node_count(); ++v) EXPECT_CLOSE(b.raw()[v], want[v]);
  }
}

TEST(Determinism, BetweennessOnGoldenCasesMatchesNetworkXAtEveryThreadCount) {
  for (const char* name : {"lesmis", "random_directed", "weighted_directed"}) {
    const testing::Fixture f = testing::load_fixture(name);
    const auto& want = f.expected["betweenness"];
    std::vector<double> first;
    for (unsigned threads : kThreadCounts) {
      for (int i = 0; i < kRepeats; ++i) {
        Betweenness b(f.graph, {.threads = threads});
        b.run();
        if (first.empty()) {
          first = b.raw();
          ASSERT_EQ(first.size(), want.size());
          for (size_t v = 0; v < first.size(); ++v) EXPECT_CLOSE(first[v], want[v].get<double>()) << name;
        }
        EXPECT_TRUE(same_bits(b.raw(), first)) << name << ": " << threads << " threads, run " << i;
      }
    }
  }
}

TEST(Determinism, ClosenessHarmonicAndPageRank) {
  // Past PageRank's 20000-node threshold for going parallel.
  const Graph g = random_graph(300, 0.02, true, 5);
  std::vector<EdgeInput> ring;
  for (node_t v = 0; v < 30000; ++v) ring.push_back({v, (v * 7 + 1) % 30000, 1.0 + v % 3});
  for (node_t v = 0; v < 30000; v += 3) ring.push_back({v, (v + 11) % 30000, 2.0});
  const Graph big = Graph::from_edges(30000, ring, {.directed = true, .weighted = true});
  for (unsigned threads : kThreadCounts) {
    Closeness one(g, {.threads = 1}), many(g, {.threads = threads});
    one.run();
    many.run();
    EXPECT_TRUE(same_bits(one.closeness(), many.closeness())) << threads;
    EXPECT_TRUE(same_bits(one.harmonic(), many.harmonic())) << threads;
    PageRank p1(big, {.threads = 1}), pt(big, {.threads = threads});
    p1.run();
    pt.run();
    EXPECT_EQ(p1.iterations(), pt.iterations()) << threads;
    EXPECT_TRUE(same_bits(p1.scores(), pt.scores())) << threads;
  }
}

// The fold itself, on partial sums whose total depends on the order they are
// added in (1e16 + 1 rounds away the 1): blocks finish in scrambled order,
// the total is still the one a single thread adding 0, 1, 2, ... gets.
TEST(OrderedFold, FoldsInBlockOrderWhateverFinishesFirst) {
  constexpr uint64_t kBlocks = 60;
  auto partial_value = [](uint64_t block, size_t i) {
    const double big[] = {1e16, 1.0, -1e16, 3.0, 0.5};
    return big[(block + i) % 5] * (1.0 + static_cast<double>(block % 7) / 8);
  };
  std::vector<double> want(3, 0.0);
  for (uint64_t b = 0; b < kBlocks; ++b)
    for (size_t i = 0; i < 3; ++i) want[i] += partial_value(b, i);
  for (unsigned threads : {2u, 4u, 7u}) {
    OrderedFold fold(kBlocks, 3, 2 * threads + 1);
    fold.run(threads, [&](unsigned, uint64_t block, std::vector<double>& partial) {
      // Early blocks are the slow ones, so later ones finish first and park.
      std::this_thread::sleep_for(std::chrono::microseconds(block % 4 == 0 ? 300 : 10));
      for (size_t i = 0; i < 3; ++i) partial[i] += partial_value(block, i);
    });
    EXPECT_TRUE(same_bits(fold.total(), want)) << threads;
  }
}

}  // namespace
}  // namespace kith::graph
