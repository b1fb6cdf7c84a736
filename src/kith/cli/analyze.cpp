// `kith analyze`: reads an edge list (and optional node list), builds the CSR
// graph and runs the selected metrics from src/kith/graph/. The command owns
// files and output; the algorithms own none.
#include "kith/cli/analyze.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "kith/cli/commands.hpp"
#include "kith/analysis/metrics.hpp"
#include "kith/analysis/network.hpp"
#include "kith/api/codec/network_json.hpp"
#include "kith/api/codec/summary_csv.hpp"
#include "kith/exchange/csv.hpp"
#include "kith/exchange/edge_file.hpp"
#include "kith/store/store.hpp"
#include "kith/graph/builder.hpp"
#include "kith/graph/graph.hpp"
#include "kith/graph/labels.hpp"
#include "kith/graph/louvain.hpp"
#include "kith/graph/two_mode.hpp"

namespace kith::cli {
namespace {

using nlohmann::json;
namespace g = kith::graph;

using exchange::kInputBytesMax;  // one affiliation file, as edge and node files

struct Options {
  std::string edges, nodes, affiliations, format = "json", out, metrics = "all";
  std::string area, at, db = kDefaultDbUrl, by;
  bool directed = false, weighted = false, exact = false;
  bool summary = false, aggregates_only = false;  // --summary: the area summary, as the API's
  int64_t suppress_below = analysis::kSmallCountMin;
  unsigned threads = 2;
  uint64_t seed = 0;  // Louvain's
};

struct Input {
  g::IdMap ids;
  g::EdgeColumns edges;
};

Error at_line(const exchange::csv::Reader& r, std::string reason) {
  return Error{Errc::invalid, fmt::format("{}: {}", r.where(r.line()), reason), {}, r.line()};
}

// The edges (after --nodes, when given) through the in-place reader; node
// order is first appearance, nodes file first.
Result<void> read_graph_input(const std::string& nodes, const std::string& edges, bool weighted, Input& in) {
  exchange::NodeIds ids(in.ids);
  if (!nodes.empty()) KITH_TRY(exchange::read_node_file(nodes, ids));
  if (!edges.empty()) KITH_TRY(exchange::read_edge_file(edges, weighted, ids, in.edges));
  in.ids = std::move(ids).release();
  return {};
}

// A person × group file (header person,group): people join `in.ids`, groups
// get their own ids; a repeated row is harmless (counted once).
Result<void> read_affiliations(const std::string& path, Input& in, g::IdMap& groups,
                               std::vector<g::Affiliation>& out) {
  auto text = read_file(path, kInputBytesMax);
  if (!text) return text.error();
  exchange::csv::Reader r(*text, path);
  auto first = r.next();
  if (!first) return first.error();
  if (!*first) return invalid("affiliations", path + " is empty: it needs a header person,group");
  if (r.fields().size() != 2 || r.fields()[0] != "person" || r.fields()[1] != "group")
    return at_line(r, "the header must be person,group");
  r.set_column_names({"person", "group"});
  for (;;) {
    auto more = r.next();
    if (!more) return more.error();
    if (!*more) break;
    const auto& f = r.fields();
    if (f.size() != 2) return at_line(r, fmt::format("expected 2 fields, found {}", f.size()));
    if (f[0].empty() || f[1].empty()) return at_line(r, "person and group must not be empty");
    out.push_back({in.ids.intern(f[0]), groups.intern(f[1])});
  }
  return {};
}

std::string as_csv(const json& rows) {
  std::vector<std::string> cols;
  for (const auto& [k, v] : rows[0].items()) cols.push_back(k);
  std::string out;
  std::vector<std::string_view> header(cols.begin(), cols.end());
  exchange::csv::append_record(out, header);
  for (const auto& node : rows) {
    std::vector<std::string> cells;
    for (const auto& c : cols) cells.push_back(node[c].is_string() ? node[c].get<std::string>() : node[c].dump());
    std::vector<std::string_view> views(cells.begin(), cells.end());
    exchange::csv::append_record(out, views);
  }
  return out;
}

// Standard output, or --out FILE.
int write_output(const Options& o, const std::string& text) {
  if (o.out.empty()) {
    std::cout << text;
  } else {
    std::ofstream f(o.out, std::ios::binary | std::ios::trunc);
    if (!(f << text)) { print_error(internal_error("Cannot write " + o.out)); return 1; }
  }
  return 0;
}

// CSV holds one table: the nodes, or for two-mode input the groups.
int emit(const Options& o, const json& result) {
  const json& rows = result.contains("nodes") ? result["nodes"] : result["groups"];
  return write_output(o, o.format == "json" ? result.dump(1) + "\n" : (rows.empty() ? "" : as_csv(rows)));
}

// The query --area and --at ask for; a bad --at is a usage error (exit 2).
Result<analysis::NetworkQuery> area_query(const Options& o) {
  analysis::NetworkQuery q;
  q.area_id = o.area;
  if (!o.at.empty()) {
    q.at = parse_date(o.at);
    if (!q.at) return invalid("at", "Enter the date as YYYY-MM-DD");
  }
  return q;
}

// From the register: the area's ties on a day, through the same analysis
// call as the API, with the metrics and seed asked for.
int run_area(const Options& o, const std::set<std::string>& metrics) {
  auto q = area_query(o);
  if (!q) { print_error(q.error()); return 2; }
  auto s = store::open_store(o.db);
  if (!s) { print_error(s.error()); return 1; }
  analysis::NetworkService service(**s, {.threads = o.threads});
  auto result = service.area_network(*q, model::Actor{"cli"}, {.metrics = metrics, .seed = o.seed, .exact = o.exact});
  if (!result) { print_error(result.error()); return 1; }
  return emit(o, api::codec::area_network_json(**result));
}

// --summary: the area summary through the same call and the same encoders
// as GET …/network/summary, so --format csv prints the API's bytes.
// --aggregates-only gives what a commissioner is given (no brokers).
int run_summary(const Options& o) {
  auto q = area_query(o);
  if (!q) { print_error(q.error()); return 2; }
  auto by = analysis::parse_breakdown(o.by);
  if (!by) { print_error(by.error()); return 2; }
  auto s = store::open_store(o.db);
  if (!s) { print_error(s.error()); return 1; }
  analysis::NetworkService service(**s, {.threads = o.threads, .small_count_min = o.suppress_below});
  auto report = service.summary(*q, *by, model::Actor{"cli"}, {.metrics = {}, .seed = o.seed, .exact = o.exact});
  if (!report) { print_error(report.error()); return 1; }
  if (o.aggregates_only) analysis::keep_aggregates_only(*report);
  return write_output(o, o.format == "csv" ? api::codec::summary_csv(*report)
                                           : api::codec::summary_json(*report).dump(1) + "\n");
}

json optional_number(const std::optional<double>& x) { return x ? json(*x) : json(nullptr); }

// People × groups: --affiliations, with --edges giving the ties among people
// (pairs tied directly are nobody's "only link"; communities come from the
// ties) and --nodes adding people in no group.
int run_two_mode(const Options& o) {
  Input in;
  g::IdMap groups;
  std::vector<g::Affiliation> affiliations;
  if (!o.nodes.empty()) {
    auto r = read_graph_input(o.nodes, {}, false, in);
    if (!r) { print_error(r.error()); return 1; }
  }
  auto r = read_affiliations(o.affiliations, in, groups, affiliations);
  if (!r) { print_error(r.error()); return 1; }
  if (!o.edges.empty()) {
    auto e = read_graph_input({}, o.edges, o.weighted, in);
    if (!e) { print_error(e.error()); return 1; }
  }
  const g::Graph ties = g::build_graph(in.ids.size(), in.edges, {.directed = o.directed, .weighted = o.weighted});
  std::vector<uint32_t> communities;
  if (!o.edges.empty()) {
    g::Louvain l(ties, {.seed = o.seed});
    l.run();
    communities = l.community();
  }
  g::TwoMode t(in.ids.size(), groups.size(), affiliations,
               {.ties = o.edges.empty() ? nullptr : &ties, .communities = communities, .seed = o.seed,
                .threads = o.threads});
  t.run();
  if (!t.pairs_counted())
    std::cerr << fmt::format(
        "kith analyze: the groups have {} member pairs to visit, over the limit of {}; projected degrees and "
        "only-link pairs are null\n",
        t.pair_visits(), g::kPairVisitsMax);
  auto when = [](bool known, json value) { return known ? value : json(nullptr); };
  json people = json::array(), out_groups = json::array();
  for (g::node_t p = 0; p < in.ids.size(); ++p)
    people.push_back({{"id", in.ids.name(p)},
                      {"groups", t.person_groups()[p]},
                      {"projected_degree", when(t.pairs_counted(), t.projected_degree()[p])},
                      {"projected_weighted_degree", when(t.pairs_counted(), t.projected_weighted_degree()[p])}});
  for (uint32_t k = 0; k < groups.size(); ++k)
    out_groups.push_back({{"id", groups.name(k)},
                          {"members", t.members()[k]},
                          {"only_link_pairs", when(t.pairs_counted(), t.only_link_pairs()[k])},
                          {"communities_spanned", when(t.communities_counted(), t.communities_spanned()[k])},
                          {"betweenness", optional_number(t.betweenness()[k])}});
  return emit(o, {{"people", people}, {"groups", out_groups}});
}

int run(const Options& o) {
  auto want = analysis::parse_metric_list(o.metrics);
  if (!want) { print_error(want.error()); return 2; }
  if (o.format != "json" && o.format != "csv") {
    print_error(invalid("format", "Choose --format json or csv"));
    return 2;
  }
  if (o.summary) return run_summary(o);
  if (!o.area.empty()) return run_area(o, *want);
  if (!o.affiliations.empty()) return run_two_mode(o);
  Input in;
  auto r = read_graph_input(o.nodes, o.edges, o.weighted, in);
  if (!r) { print_error(r.error()); return 1; }
  g::BuildReport report;
  g::Graph graph = g::build_graph(in.ids.size(), in.edges, {.directed = o.directed, .weighted = o.weighted}, &report);
  in.edges = {};  // the columns are not needed once the CSR exists
  auto metrics = analysis::compute_metrics(graph, in.ids,
                                         {.want = *want, .threads = o.threads, .seed = o.seed,
                                          .betweenness = {.force_exact = true}});
  if (!metrics) { print_error(metrics.error()); return 1; }
  json result = api::codec::network_json(*metrics);
  result["graph"]["self_loops_dropped"] = report.self_loops_dropped;
  result["graph"]["duplicates_merged"] = report.duplicates_merged;
  return emit(o, result);
}

}  // namespace

void add_analyze(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("analyze", "Network metrics of an edge list (NetworkX definitions)");
  auto* edges = cmd->add_option("--edges", o->edges, "CSV with header source,target[,weight]");
  auto* area = cmd->add_option("--area", o->area, "Analyse an area of the register instead of a file");
  auto* affiliations = cmd->add_option("--affiliations", o->affiliations,
                                       "Two-mode: CSV with header person,group (--edges then gives ties among people)");
  edges->excludes(area);
  area->excludes(edges);
  affiliations->excludes(area);
  area->excludes(affiliations);
  cmd->add_option("--at", o->at, "With --area: the network as it stood on YYYY-MM-DD");
  cmd->add_option("--db", o->db, "With --area: the database")->capture_default_str();
  cmd->add_option("--nodes", o->nodes, "CSV whose first column is id: adds people with no ties");
  cmd->add_flag("--directed", o->directed, "Edges go from source to target");
  cmd->add_flag("--weighted", o->weighted, "Use the weight column");
  auto* metrics = cmd->add_option("--metrics", o->metrics, "all, or a comma-separated list")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the community detection (same seed, same communities)")
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "Threads for path metrics")->check(CLI::Range(1u, 64u))->capture_default_str();
  cmd->add_option("--format", o->format, "json or csv")->capture_default_str();
  cmd->add_flag("--exact", o->exact,
                "With --area: exact betweenness above 20,000 people too (approximate there otherwise)");
  cmd->add_option("--out", o->out, "Write to FILE instead of standard output");
  auto* summary = cmd->add_flag("--summary", o->summary,
                                "With --area: the area summary (small counts suppressed), as the API's "
                                "network/summary; --format csv for a spreadsheet");
  summary->needs(area);
  summary->excludes(metrics);  // the summary reads every metric
  cmd->add_option("--by", o->by, "With --summary: also each value of birth_band or postcode_district")->needs(summary);
  cmd->add_flag("--aggregates-only", o->aggregates_only,
                "With --summary: what a commissioner is given, naming no person (no brokers)")
      ->needs(summary);
  cmd->add_option("--suppress-below", o->suppress_below,
                  "With --summary: withhold any count from 1 up to one less than this (5 at least), as kith serve")
      ->check(CLI::Range(analysis::kSmallCountMin, analysis::kSmallCountMinMax))
      ->needs(summary)
      ->capture_default_str();
  cmd->callback([o, &exit_code] {
    if (o->edges.empty() && o->area.empty() && o->affiliations.empty()) {
      print_error(invalid("edges", "Give --edges FILE, --affiliations FILE or --area ID"));
      exit_code = 2;
      return;
    }
    exit_code = run(*o);
  });
}

}  // namespace kith::cli
