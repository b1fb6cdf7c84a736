// Writes one Holme–Kim graph (bench/holme_kim.hpp) as the three edge lists
// bench/analyze_bench.sh times: CSV for `kith analyze` (header source,target),
// ncol and edgelist text for igraph (one "u v" a line). Lines are shuffled
// with a fixed seed, so first appearance is not the generation order and the
// readers' id mapping does real work; ids are the node numbers, or
// PREFIX+number with --prefix (string ids).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "holme_kim.hpp"

namespace {

struct Options {
  kith::graph::node_t nodes = 200000;
  unsigned m = 5;
  double triad = 0.5;
  uint64_t seed = 1;
  std::string csv, ncol, edgelist, prefix;
};

// Fisher–Yates with the generator's own splitmix64: the same file everywhere.
void shuffle(std::vector<kith::graph::EdgeInput>& edges, uint64_t seed) {
  kith::graph::SplitMix64 rng(seed ^ 0x5eedULL);
  for (size_t i = edges.size(); i > 1; --i) std::swap(edges[i - 1], edges[rng.below_modulo(i)]);
}

bool write(const std::string& path, const char* header, const char* sep, const std::string& prefix,
           const std::vector<kith::graph::EdgeInput>& edges) {
  if (path.empty()) return true;
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return false;
  if (header) std::fputs(header, f);
  for (const auto& e : edges) std::fprintf(f, "%s%u%s%s%u\n", prefix.c_str(), e.u, sep, prefix.c_str(), e.v);
  return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"Holme–Kim edge lists for the whole-process analyze benchmark"};
  app.add_option("--nodes", o.nodes)->capture_default_str();
  app.add_option("--m", o.m, "edges added per node")->capture_default_str();
  app.add_option("--triad", o.triad, "triad-formation probability")->capture_default_str();
  app.add_option("--seed", o.seed)->capture_default_str();
  app.add_option("--csv", o.csv, "CSV for kith");
  app.add_option("--ncol", o.ncol, "space-separated, for igraph_read_graph_ncol");
  app.add_option("--edgelist", o.edgelist, "space-separated numbers, for igraph_read_graph_edgelist");
  app.add_option("--prefix", o.prefix, "text before every id (string ids; not for --edgelist)");
  CLI11_PARSE(app, argc, argv);
  auto edges = kith::bench::holme_kim(o.nodes, o.m, o.triad, o.seed);
  shuffle(edges, o.seed);
  const bool ok = write(o.csv, "source,target\n", ",", o.prefix, edges) && write(o.ncol, nullptr, " ", o.prefix, edges) &&
                  write(o.edgelist, nullptr, " ", "", edges);
  std::fprintf(stderr, "%zu edges, %u nodes\n", edges.size(), o.nodes);
  return ok ? 0 : 1;
}
