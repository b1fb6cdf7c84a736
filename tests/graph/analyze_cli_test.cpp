// `kith analyze` (the real binary) for communities and two-mode input:
// values against the NetworkX 2.8.8 golden cases tests/fixtures/graph/karate
// and tests/fixtures/graph/davis.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "graph/support.hpp"
#include "support/run_command.hpp"
#include "support/test_support.hpp"
#include "kith/graph/modularity.hpp"

namespace kith::graph {
namespace {

using nlohmann::json;
using testing::kFixtures;

using Run = kith::test::CommandRun;

// `kith ARGS`, the binary under test.
using kith::test::kith;


TEST(AnalyzeCliCommunities, KarateModularityIsThePartitionsAndBeatsNetworkXsMean) {
  auto r = kith("analyze --edges " + kFixtures + "karate/edges.csv --weighted --metrics communities,degree --seed 3");
  ASSERT_EQ(r.code, 0) << r.out;
  json have = json::parse(r.out);
  testing::Fixture f = testing::load_fixture("karate");
  std::vector<uint32_t> comm(f.ids.size());
  for (const auto& node : have["nodes"]) comm[f.ids.find(node["id"].get<std::string>())] = node["community"];
  Modularity q(f.graph, comm);
  q.run();
  EXPECT_CLOSE(have["graph"]["modularity"].get<double>(), *q.value());
  json want = json::parse(std::ifstream(kFixtures + "karate/expected.json"));
  EXPECT_GE(have["graph"]["modularity"].get<double>(), want["louvain_mean"].get<double>());
  EXPECT_EQ(have["graph"]["communities"].get<uint32_t>(), *std::max_element(comm.begin(), comm.end()) + 1);
  // Same seed, same answer.
  const std::string again = "analyze --edges " + kFixtures + "karate/edges.csv --weighted --metrics communities,degree";
  EXPECT_EQ(kith(again + " --seed 3").out, r.out);
}

TEST(AnalyzeCliTwoMode, DavisSouthernWomenMatchesNetworkX) {
  const std::string dir = kFixtures + "davis/";
  auto r = kith("analyze --affiliations " + dir + "affiliations.csv --edges " + dir + "edges.csv");
  ASSERT_EQ(r.code, 0) << r.out;
  json have = json::parse(r.out);
  json want = json::parse(std::ifstream(dir + "expected.json"));
  ASSERT_EQ(have["people"].size(), want["people"].size());
  for (size_t i = 0; i < want["people"].size(); ++i) {
    const auto &h = have["people"][i], &w = want["people"][i];
    EXPECT_EQ(h["id"], w["id"]);
    EXPECT_EQ(h["groups"], w["groups"]);
    EXPECT_EQ(h["projected_degree"], w["projected_degree"]);
    EXPECT_EQ(h["projected_weighted_degree"].get<double>(), w["projected_weighted_degree"].get<double>());
  }
  // Groups come in order of first appearance in the file.
  ASSERT_EQ(have["groups"].size(), want["groups"].size());
  std::map<std::string, json> by_id;
  for (const auto& g : have["groups"]) by_id[g["id"]] = g;
  for (const auto& w : want["groups"]) {
    ASSERT_TRUE(by_id.count(w["id"])) << w["id"];
    const json& h = by_id[w["id"]];
    EXPECT_EQ(h["members"], w["members"]);
    EXPECT_EQ(h["only_link_pairs"], w["only_link_pairs_untied"]) << w["id"];
    EXPECT_CLOSE(h["betweenness"].get<double>(), w["betweenness"].get<double>());
    EXPECT_GE(h["communities_spanned"].get<int>(), 1);
  }
}

TEST(AnalyzeCliTwoMode, BadFilesNameTheLineAndUsageErrorsExitTwo) {
  kith::test::TempDir s;
  std::ofstream(s.file("a.csv")) << "person,group\nann,choir\nbob\n";
  auto r = kith("analyze --affiliations " + s.file("a.csv"));
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("line 3"), std::string::npos) << r.out;
  std::ofstream(s.file("h.csv")) << "who,where\nann,choir\n";
  auto h = kith("analyze --affiliations " + s.file("h.csv"));
  EXPECT_EQ(h.code, 1);
  EXPECT_NE(h.out.find("person,group"), std::string::npos) << h.out;
  EXPECT_EQ(kith("analyze --affiliations " + s.file("a.csv") + " --area ar_1").code, 2);
  EXPECT_EQ(kith("analyze --affiliations " + s.file("missing.csv")).code, 1);
}

TEST(AnalyzeCliTwoMode, CsvListsTheGroups) {
  kith::test::TempDir s;
  std::ofstream(s.file("a.csv")) << "person,group\nann,choir\nbob,choir\nbob,allotment\ncy,allotment\n";
  auto r = kith("analyze --affiliations " + s.file("a.csv") + " --format csv");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("betweenness,communities_spanned,id,members,only_link_pairs"), std::string::npos) << r.out;
  // ann–bob meet only at the choir, bob–cy only at the allotment: one pair each.
  EXPECT_NE(r.out.find(",choir,2,1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",allotment,2,1"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kith::graph
