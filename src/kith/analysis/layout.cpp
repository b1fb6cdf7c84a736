#include "kith/analysis/layout.hpp"

#include <fmt/format.h>

#include <map>

#include "kith/analysis/network.hpp"

namespace kith::analysis {
namespace {

namespace g = kith::graph;

std::string layout_key(const NetworkQuery& q, const LayoutRequest& r, int64_t revision) {
  std::string kinds;
  for (const auto& k : q.kinds) kinds += k + ",";
  kinds += "|";
  for (const auto& e : q.evidence) kinds += e + ",";
  return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", q.area_id, q.at ? q.at->str() : "", kinds, q.min_closeness, r.seed,
                     r.iterations, r.community ? std::to_string(*r.community) : "", revision);
}

// Runs ForceAtlas2 on `graph` with the options graphology infers for its size.
g::ForceAtlas2Options run_layout(const g::Graph& graph, const LayoutRequest& r, unsigned threads,
                                 std::vector<double>& x, std::vector<double>& y) {
  g::ForceAtlas2Options opt = g::infer_forceatlas2_options(graph.node_count());
  opt.iterations = r.iterations;
  opt.seed = r.seed;
  opt.threads = threads;
  g::ForceAtlas2 fa(graph, opt);
  fa.run();
  x = fa.x();
  y = fa.y();
  return opt;
}

}  // namespace

Result<void> check_layout_request(const LayoutRequest& r) {
  if (r.iterations < 1 || r.iterations > kLayoutIterationsMax)
    return invalid("iterations", fmt::format("Enter a number of iterations from 1 to {}", kLayoutIterationsMax));
  return {};
}

size_t LayoutReport::bytes() const {
  size_t b = sizeof(*this) + tie_ends.capacity() * sizeof(tie_ends[0]) +
             communities.capacity() * sizeof(LayoutCommunity) +
             community_edges.capacity() * sizeof(LayoutCommunityEdge);
  for (const auto& p : people_xy) b += sizeof(p) + p.id.size();
  return b;
}

Result<std::shared_ptr<const LayoutReport>> NetworkService::layout(const NetworkQuery& q, const LayoutRequest& r,
                                                                   const model::Actor& who) {
  KITH_TRY(check_layout_request(r));
  // Every metric, seed 0: the network /network and /network/summary read, so
  // the communities here are the summary's. Audited there.
  auto network = read_network(q, who, MetricRequest{}, {});
  if (!network) return network.error();
  const AreaNetwork& net = **network;
  const std::string key = layout_key(q, r, net.ties.register_revision);
  if (auto cached = layouts_.find(key)) return cached;

  auto out = std::make_shared<LayoutReport>();
  out->register_revision = net.ties.register_revision;
  out->at = q.at;
  out->people_max = opt_.layout_people_max;
  out->community = r.community;
  const g::node_t n = net.ties.people.size();
  const Column* com = net.report.column("community");
  KITH_ASSERT_MSG(com != nullptr, "the layout reads a network computed with every metric");
  std::vector<uint64_t> community(n, 0);
  for (g::node_t v = 0; v < n; ++v) community[v] = static_cast<uint64_t>(value_at(*com, v));

  if (!r.community && n > opt_.layout_people_max) {
    // The communities as nodes weighted by the ties between them.
    out->aggregated = true;
    out->people = n;
    out->ties = net.ties.ties.size();
    std::map<uint64_t, uint32_t> index;  // community number -> node
    std::map<uint64_t, uint64_t> members;
    for (g::node_t v = 0; v < n; ++v) ++members[community[v]];
    for (const auto& [c, m] : members) {
      index[c] = static_cast<uint32_t>(out->communities.size());
      out->communities.push_back({c, m, 0, 0});
    }
    std::map<std::pair<uint64_t, uint64_t>, uint64_t> between;
    for (const auto& t : net.ties.ties) {
      const uint64_t a = community[t.u], b = community[t.v];
      if (a != b) ++between[{std::min(a, b), std::max(a, b)}];
    }
    std::vector<g::EdgeInput> edges;
    for (const auto& [ab, ties] : between) {
      out->community_edges.push_back({ab.first, ab.second, ties});
      edges.push_back({index[ab.first], index[ab.second], static_cast<double>(ties)});
    }
    const g::Graph graph = g::Graph::from_edges(static_cast<g::node_t>(out->communities.size()), edges,
                                                {.directed = false, .weighted = true});
    std::vector<double> x, y;
    out->options = run_layout(graph, r, opt_.threads, x, y);
    for (size_t i = 0; i < out->communities.size(); ++i) {
      out->communities[i].x = x[i];
      out->communities[i].y = y[i];
    }
  } else {
    // The people (all, or one community's) and the ties among them.
    std::vector<uint32_t> index(n, UINT32_MAX);
    for (g::node_t v = 0; v < n; ++v) {
      if (r.community && community[v] != *r.community) continue;
      index[v] = static_cast<uint32_t>(out->people_xy.size());
      out->people_xy.push_back({net.ties.people.name(v), 0, 0});
    }
    if (r.community && out->people_xy.empty())
      return not_found(fmt::format("No community {} in this network; the aggregated layout lists them", *r.community));
    std::vector<g::EdgeInput> edges;
    for (const auto& t : net.ties.ties) {
      if (index[t.u] == UINT32_MAX || index[t.v] == UINT32_MAX) continue;
      out->tie_ends.push_back({index[t.u], index[t.v]});
      edges.push_back({index[t.u], index[t.v], static_cast<double>(t.closeness)});
    }
    out->people = out->people_xy.size();
    out->ties = out->tie_ends.size();
    const g::Graph graph = g::Graph::from_edges(static_cast<g::node_t>(out->people_xy.size()), edges,
                                                {.directed = false, .weighted = true});
    std::vector<double> x, y;
    out->options = run_layout(graph, r, opt_.threads, x, y);
    for (size_t i = 0; i < out->people_xy.size(); ++i) {
      out->people_xy[i].x = x[i];
      out->people_xy[i].y = y[i];
    }
  }
  layouts_.put(key, out, out->bytes());
  return std::shared_ptr<const LayoutReport>(std::move(out));
}

}  // namespace kith::analysis
