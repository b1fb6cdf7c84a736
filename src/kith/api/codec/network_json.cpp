#include "kith/api/codec/network_json.hpp"

namespace kith::api::codec {
namespace {

using nlohmann::json;
using namespace kith::analysis;

template <class T>
json or_null(const std::optional<T>& x) {
  return x ? json(*x) : json(nullptr);
}

json date_or_null(const std::optional<Date>& d) { return d ? json(d->str()) : json(nullptr); }

json column_value(const Column& c, size_t i) {
  return std::visit(
      [i](const auto& v) -> json {
        using V = std::decay_t<decltype(v[0])>;
        if constexpr (std::is_same_v<V, std::optional<double>>)
          return or_null(v[i]);
        else
          return json(v[i]);
      },
      c.values);
}

json method_json(const BetweennessMethod& m) {
  if (m.exact) return {{"method", "exact"}};
  return {{"method", "approximate"}, {"epsilon", m.epsilon}, {"delta", m.delta}, {"samples", m.samples}};
}

json graph_json(const GraphFacts& f) {
  json g = {{"nodes", f.nodes},       {"edges", f.edges},
            {"directed", f.directed}, {"density", f.density},
            {"gini_degree", or_null(f.gini_degree)}, {"isolates", f.isolates}};
  if (f.components) g["components"] = *f.components;
  if (f.bridges) {
    json br = json::array();
    for (const auto& [u, v] : *f.bridges) br.push_back({u, v});
    g["bridges"] = br;
  }
  if (f.articulation_points) g["articulation_points"] = *f.articulation_points;
  if (f.communities) {
    g["communities"] = *f.communities;
    g["modularity"] = or_null(f.modularity);
  }
  if (f.betweenness) g["betweenness_method"] = method_json(*f.betweenness);
  return g;
}

json share_json(const Share& s) {
  json out = count_json(s.count);
  out["share"] = or_null(s.share);
  return out;
}

json isolation_json(const Isolation& i) {
  return {{"no_ties", share_json(i.no_ties)},
          {"one_tie", share_json(i.one_tie)},
          {"no_weekly_contact", share_json(i.no_weekly_contact)},
          {"family_only_ties", share_json(i.family_only_ties)}};
}

json venue_json(const Venue& v) {
  return {{"id", v.id},
          {"name", v.name},
          {"type", v.type},
          {"members", count_json(v.members)},
          {"only_link_pairs", v.only_link_pairs ? count_json(*v.only_link_pairs) : json(nullptr)},
          {"communities_spanned", or_null(v.communities_spanned)},
          {"betweenness", or_null(v.betweenness)}};
}

json breakdown_row_json(const BreakdownRow& r) {
  return {{"value", or_null(r.value)},
          {"people", count_json(r.people)},
          {"suppressed", r.suppressed},
          {"isolation", r.isolation ? isolation_json(*r.isolation) : json(nullptr)},
          {"gini_degree", or_null(r.gini_degree)},
          {"density", or_null(r.density)},
          {"communities", or_null(r.communities)}};
}

}  // namespace

std::string shown_text(const Count& c) {
  if (!c.suppressed && c.value) return std::to_string(*c.value);
  return c.complementary ? std::string("withheld") : "<" + std::to_string(c.below);
}

namespace {
json node_json(const NetworkReport& r, size_t i) {
  json node = {{"id", r.ids[i]}};
  for (const auto& c : r.columns) node[c.name] = column_value(c, i);
  return node;
}
}  // namespace

json network_json(const NetworkReport& r) {
  json nodes = json::array();
  for (size_t i = 0; i < r.ids.size(); ++i) nodes.push_back(node_json(r, i));
  return {{"graph", graph_json(r.graph)}, {"nodes", std::move(nodes)}};
}

json area_network_json(const AreaNetwork& n, const std::vector<size_t>* only) {
  json out = {{"graph", graph_json(n.report.graph)}, {"nodes", json::array()}};
  out["graph"]["register_revision"] = n.ties.register_revision;
  out["graph"]["at"] = date_or_null(n.at);
  // Each person's isolation classes, by the summary's names (a list: one
  // person can be in several, or in none).
  auto add = [&](size_t i) {
    json node = node_json(n.report, i);
    json classes = json::array();
    if (i < n.isolation.size())
      for (std::string_view c : isolation_names(n.isolation[i])) classes.push_back(c);
    node["isolation"] = std::move(classes);
    out["nodes"].push_back(std::move(node));
  };
  if (only) {
    for (size_t i : *only) add(i);
  } else {
    for (size_t i = 0; i < n.report.ids.size(); ++i) add(i);
  }
  return out;
}

json layout_json(const LayoutReport& l) {
  const auto& o = l.options;
  json out = {{"register_revision", l.register_revision},
              {"at", date_or_null(l.at)},
              {"aggregated", l.aggregated},
              {"people_max", l.people_max},
              {"people", l.people},
              {"ties", l.ties},
              {"options",
               {{"iterations", o.iterations},
                {"seed", o.seed},
                {"lin_log", o.lin_log_mode},
                {"gravity", o.gravity},
                {"strong_gravity", o.strong_gravity_mode},
                {"scaling", o.scaling_ratio},
                {"slow_down", o.slow_down},
                {"barnes_hut", o.barnes_hut_optimize},
                {"barnes_hut_theta", o.barnes_hut_theta}}}};
  if (l.community) out["community"] = *l.community;
  if (l.aggregated) {
    json nodes = json::array(), edges = json::array();
    for (const auto& c : l.communities)
      nodes.push_back({{"community", c.community}, {"members", c.members}, {"x", c.x}, {"y", c.y}});
    for (const auto& e : l.community_edges) edges.push_back({{"a", e.a}, {"b", e.b}, {"ties", e.ties}});
    out["communities"] = std::move(nodes);
    out["community_ties"] = std::move(edges);
    return out;
  }
  json nodes = json::array(), edges = json::array();
  for (const auto& p : l.people_xy) nodes.push_back({{"id", p.id}, {"x", p.x}, {"y", p.y}});
  for (const auto& [a, b] : l.tie_ends) edges.push_back(json::array({a, b}));
  out["nodes"] = std::move(nodes);
  out["edges"] = std::move(edges);  // indices into nodes
  return out;
}

json ego_json(const EgoReport& e) {
  json kinds = json::object();
  for (const auto& [name, count] : e.tie_kinds) kinds[name] = count;
  return {{"id", e.id},
          {"at", date_or_null(e.at)},
          {"size", e.size},
          {"ties_among_contacts", e.ties_among_contacts},
          {"density", or_null(e.density)},
          {"tie_kinds", kinds},
          {"tie_kind_diversity", or_null(e.tie_kind_diversity)},
          {"weekly_share", or_null(e.weekly_share)},
          {"constraint", or_null(e.constraint)},
          {"effective_size", or_null(e.effective_size)}};
}

namespace {

// An area total: a plain number, or for a viewer who sees no individual the
// count as suppression leaves it (null when withheld); `shown` either way.
json total_json(uint64_t raw, const std::optional<Count>& shown) {
  if (!shown) return raw;
  return or_null(shown->value);
}
std::string total_shown(uint64_t raw, const std::optional<Count>& shown) {
  return shown ? shown_text(*shown) : std::to_string(raw);
}

}  // namespace

json summary_json(const SummaryReport& s) {
  json graph = {{"people", total_json(s.people, s.people_shown)},
                {"people_shown", total_shown(s.people, s.people_shown)},
                {"ties", total_json(s.ties, s.ties_shown)},
                {"ties_shown", total_shown(s.ties, s.ties_shown)},
                {"groups", total_json(s.groups, s.groups_shown)},
                {"groups_shown", total_shown(s.groups, s.groups_shown)},
                {"places", total_json(s.places, s.places_shown)},
                {"places_shown", total_shown(s.places, s.places_shown)},
                {"density", or_null(s.density)},
                {"gini_degree", or_null(s.gini_degree)},
                {"components", s.components},
                {"communities", s.communities},
                {"modularity", or_null(s.modularity)},
                {"venue_pairs_counted", s.venue_pairs_counted},
                {"register_revision", s.register_revision},
                {"at", date_or_null(s.at)}};
  if (s.betweenness) graph["betweenness_method"] = method_json(*s.betweenness);
  json brokers = json::array(), venues = json::array();
  for (const auto& b : s.top_brokers)
    brokers.push_back({{"id", b.id}, {"betweenness_norm", b.betweenness_norm}, {"constraint", or_null(b.constraint)},
                       {"community", b.community}});
  for (const auto& v : s.brings_people_together) venues.push_back(venue_json(v));
  json degrees = json::array();
  for (const auto& b : s.degree_distribution)
    degrees.push_back({{"contacts", b.contacts}, {"or_more", b.or_more}, {"people", count_json(b.people)}});
  json out = {{"graph", graph},
              {"isolation", isolation_json(s.isolation)},
              {"degree_distribution", std::move(degrees)},
              {"top_brokers", brokers},
              {"brings_people_together", venues}};
  if (s.by != SummaryBreakdown::none) {
    json rows = json::array();
    for (const auto& r : s.breakdown) rows.push_back(breakdown_row_json(r));
    out["breakdown"] = {{"by", breakdown_name(s.by)}, {"groups", rows}};
  }
  return out;
}

nlohmann::json count_json(const analysis::Count& c) {
  return {{"count", c.value ? nlohmann::json(*c.value) : nlohmann::json(nullptr)},
          {"suppressed", c.suppressed},
          {"shown", shown_text(c)}};
}

}  // namespace kith::api::codec
