// `kith analyze` on Zachary's karate club prints NetworkX's values
// (the golden case tests/fixtures/graph/karate_unweighted, made by
// tests/fixtures/graph/make_reference.py).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <vector>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/test_support.hpp"

namespace {

using nlohmann::json;
const std::string kKarate = std::string(KITH_FIXTURES) + "/graph/karate_unweighted";

using Run = kith::test::CommandRun;

// `kith ARGS`, the binary under test.
using kith::test::kith;

// The people an analysis may read, counted by SQL written here (not kith's
// code): live, and not refused or withdrawn, nor consenting only to other
// uses than research.
size_t people_consenting_to_research(const std::string& db) {
  auto r = kith::test::run_command(
      "sqlite3 " + db +
      " \"select count(*) from people where deleted_at is null and consent_status not in ('refused', 'withdrawn') "
      "and not (consent_status = 'given' and consent_scope <> '[]' and consent_scope not like '%\\\"research\\\"%')\"");
  EXPECT_EQ(r.code, 0) << r.out;
  return r.code == 0 ? std::stoul(r.out) : 0;
}

void expect_close(double want, double have, const std::string& what) {
  EXPECT_LE(std::fabs(want - have), 1e-9 * std::max(1.0, std::fabs(want))) << what << ": " << want << " vs " << have;
}

TEST(AnalyzeCli, KarateClubMatchesNetworkX) {
  auto r = kith("analyze --edges " + kKarate + "/edges.csv --threads 2");
  ASSERT_EQ(r.code, 0) << r.out;
  json have = json::parse(r.out);
  json want = json::parse(std::ifstream(kKarate + "/expected.json"));
  EXPECT_EQ(have["graph"]["nodes"], 34);
  EXPECT_EQ(have["graph"]["edges"], want["edges"]);
  EXPECT_EQ(have["graph"]["directed"], false);
  EXPECT_EQ(have["graph"]["components"], 1);
  expect_close(want["density"], have["graph"]["density"], "density");
  ASSERT_EQ(have["nodes"].size(), 34u);
  // expected.json lists values in nodes.csv's order: node i is row i.
  std::map<std::string, size_t> index;
  std::ifstream nodes(kKarate + "/nodes.csv");
  std::string line;
  std::getline(nodes, line);  // header
  while (std::getline(nodes, line)) index.emplace(line, index.size());
  ASSERT_EQ(index.size(), 34u);
  for (const auto& node : have["nodes"]) {
    std::string id = node["id"];
    ASSERT_TRUE(index.count(id)) << id;
    const size_t i = index.at(id);
    EXPECT_EQ(node["degree"], want["degree"][i]) << id;
    EXPECT_EQ(node["core"], want["core"][i]) << id;
    for (const char* m : {"betweenness", "betweenness_norm", "closeness", "harmonic", "clustering"})
      expect_close(want[m][i], node[m], id + "." + m);
    // Power iterations on both sides: NetworkX was run to 1e-14, so 1e-9 holds.
    for (const char* m : {"pagerank", "eigenvector", "constraint", "effective_size"})
      expect_close(want[m][i], node[m], id + "." + m);
  }
  json bridges = json::array();
  for (auto b : have["graph"]["bridges"]) {
    std::vector<std::string> e = {b[0], b[1]};
    std::sort(e.begin(), e.end());
    bridges.push_back(e);
  }
  EXPECT_EQ(bridges, want["bridges"]);
  EXPECT_EQ(have["graph"]["articulation_points"], want["articulation_points"]);
}

TEST(AnalyzeCli, NodesFileAddsIsolatesAndCsvWorks) {
  kith::test::TempDir dir;
  std::ofstream(dir.file("e.csv")) << "source,target\na,b\nb,c\nc,a\nc,c\nb,a\n";
  std::ofstream(dir.file("n.csv")) << "id,age_band\na,1950s\nd,1960s\n";
  auto r = kith("analyze --edges " + dir.file("e.csv") + " --nodes " + dir.file("n.csv"));
  ASSERT_EQ(r.code, 0) << r.out;
  json have = json::parse(r.out);
  EXPECT_EQ(have["graph"]["nodes"], 4);
  EXPECT_EQ(have["graph"]["edges"], 3);
  EXPECT_EQ(have["graph"]["isolates"], 1);
  EXPECT_EQ(have["graph"]["self_loops_dropped"], 1);
  EXPECT_EQ(have["graph"]["duplicates_merged"], 1);
  EXPECT_EQ(have["graph"]["components"], 2);
  for (const auto& node : have["nodes"])
    if (node["id"] == "d") {
      EXPECT_EQ(node["degree"], 0);
      EXPECT_EQ(node["closeness"], 0.0);  // NetworkX: 0 for a node that reaches nobody
      EXPECT_EQ(node["clustering"], 0.0);
      EXPECT_TRUE(node["eigenvector"].is_null());  // undefined on a disconnected graph
    }
  auto csv = kith("analyze --edges " + dir.file("e.csv") + " --metrics degree --format csv");
  ASSERT_EQ(csv.code, 0) << csv.out;
  EXPECT_NE(csv.out.find("degree,id"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("2,a"), std::string::npos) << csv.out;
}

TEST(AnalyzeCli, BadInputNamesTheLineAndUsageErrorsExitTwo) {
  kith::test::TempDir dir;
  std::ofstream(dir.file("bad.csv")) << "source,target,weight\na,b,1\nb,c,heavy\n";
  auto r = kith("analyze --weighted --edges " + dir.file("bad.csv"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("line 3"), std::string::npos) << r.out;
  std::ofstream(dir.file("hdr.csv")) << "from,to\na,b\n";
  auto h = kith("analyze --edges " + dir.file("hdr.csv"));
  EXPECT_EQ(h.code, 1);
  EXPECT_NE(h.out.find("source,target"), std::string::npos) << h.out;
  EXPECT_EQ(kith("analyze").code, 2);
  EXPECT_EQ(kith("analyze --edges " + dir.file("bad.csv") + " --metrics nonsense").code, 2);
  EXPECT_EQ(kith("analyze --edges " + dir.file("nope.csv")).code, 1);
}

}  // namespace

namespace {

TEST(AnalyzeCli, AreaFromTheRegisterCountsEveryPerson) {
  kith::test::TempDir dir;
  std::string db = dir.file("k.db");
  ASSERT_EQ(kith("demo --people 60 --seed 4 --db " + db).code, 0);
  auto exported = kith("export --db " + db + " --area $(sqlite3 " + db + " 'select public_id from areas') --format json");
  ASSERT_EQ(exported.code, 0) << exported.out;
  json data = json::parse(exported.out);
  size_t live_ties = data["ties"].size();
  auto r = kith("analyze --db " + db + " --area $(sqlite3 " + db + " 'select public_id from areas') --metrics degree");
  ASSERT_EQ(r.code, 0) << r.out;
  json have = json::parse(r.out);
  // Isolated people included; those who refused or withdrew consent (the demo
  // has a few in 60) left out.
  const size_t consenting = people_consenting_to_research(db);
  EXPECT_LT(consenting, 60u);
  EXPECT_GT(consenting, 50u);
  EXPECT_EQ(have["graph"]["nodes"], consenting);
  EXPECT_LE(have["graph"]["edges"].get<size_t>(), live_ties);  // mutual pairs fold into one edge
  EXPECT_GT(have["graph"]["edges"].get<size_t>(), live_ties / 2);
  size_t degree_sum = 0;
  for (const auto& n : have["nodes"]) degree_sum += n["degree"].get<size_t>();
  EXPECT_EQ(degree_sum, 2 * have["graph"]["edges"].get<size_t>());
  EXPECT_EQ(kith("analyze --db " + db + " --area ar_00000000000000000000").code, 1);
}

TEST(AnalyzeCli, AreaHonoursMetricsSeedAndExact) {
  kith::test::TempDir dir;
  std::string db = dir.file("k.db");
  ASSERT_EQ(kith("demo --people 200 --seed 3 --db " + db).code, 0);
  const std::string area = " --area $(sqlite3 " + db + " 'select public_id from areas')";
  auto only = kith("analyze --db " + db + area + " --metrics degree,core");
  ASSERT_EQ(only.code, 0) << only.out;
  json one = json::parse(only.out);
  // Only what was asked: every node has exactly id, degree and core, and
  // the isolation classes every area network carries.
  for (const auto& n : one["nodes"]) {
    ASSERT_EQ(n.size(), 4u) << n.dump();
    EXPECT_TRUE(n.contains("degree") && n.contains("core") && n["isolation"].is_array()) << n.dump();
  }
  EXPECT_FALSE(one["graph"].contains("communities"));
  EXPECT_FALSE(one["graph"].contains("betweenness_method"));
  // The seed reaches Louvain: the same seed gives the same partition; over a
  // few seeds at least two partitions differ on a 200-person demo.
  auto communities = [&](int seed) {
    auto r = kith("analyze --db " + db + area + " --metrics communities --seed " + std::to_string(seed));
    EXPECT_EQ(r.code, 0) << r.out;
    const json out = json::parse(r.out);  // named: a range-for over a temporary's member would dangle
    std::vector<int> c;
    for (const auto& n : out["nodes"]) c.push_back(n["community"].get<int>());
    EXPECT_EQ(c.size(), people_consenting_to_research(db));
    return c;
  };
  EXPECT_EQ(communities(1), communities(1));
  std::set<std::vector<int>> seen;
  for (int seed = 1; seed <= 5; ++seed) seen.insert(communities(seed));
  EXPECT_GT(seen.size(), 1u) << "--seed made no difference";
  auto exact = kith("analyze --db " + db + area + " --metrics betweenness --exact");
  ASSERT_EQ(exact.code, 0) << exact.out;
  EXPECT_EQ(json::parse(exact.out)["graph"]["betweenness_method"]["method"], "exact");
  EXPECT_EQ(kith("analyze --db " + db + area + " --metrics nonsense").code, 2);
}

}  // namespace
