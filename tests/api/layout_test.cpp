// GET /api/v1/areas/{area}/network/layout: the network's positions from the
// engine's ForceAtlas2, the same people and ties as /network; above the
// server's size limit its communities, with a drill-down into one.
#include <cmath>
#include <map>
#include <set>

#include "api_fixture.hpp"

namespace {

using kith::test::ApiTest;
using nlohmann::json;
using kith::test::HttpClient;
using kith::test::HttpReply;
using kith::test::ServerProcess;
using kith::test::add_user_with_token;

using Ends = std::multiset<std::pair<std::string, std::string>>;

std::pair<std::string, std::string> sorted(std::string a, std::string b) {
  if (b < a) std::swap(a, b);
  return {a, b};
}

// The ties of a layout by their ends' ids, each pair sorted.
Ends tie_ends(const json& layout) {
  Ends out;
  const json& nodes = layout["nodes"];
  for (const auto& e : layout["edges"])
    out.insert(sorted(nodes[e[0].get<size_t>()]["id"], nodes[e[1].get<size_t>()]["id"]));
  return out;
}

std::map<std::string, int> id_counts(const json& layout) {
  std::map<std::string, int> out;
  for (const auto& n : layout["nodes"]) {
    ++out[n["id"].get<std::string>()];
    EXPECT_TRUE(std::isfinite(n["x"].get<double>()) && std::isfinite(n["y"].get<double>())) << n;
  }
  return out;
}

class ApiLayout : public ApiTest {
 protected:
  std::string layout(const std::string& area) { return area_path(area) + "/network/layout"; }
};

TEST_F(ApiLayout, EveryConsentingPersonOnceWithTheirTies) {
  std::string area = create_area("Layout Vale")["id"];
  std::string a = create_person(area, "Ada")["id"], b = create_person(area, "Bea")["id"],
              c = create_person(area, "Cy")["id"], d = create_person(area, "Dee")["id"];
  std::string gone = create_person(area, "Gwen", {{"consent_status", "withdrawn"},
                                                  {"consent_date", "2026-11-01"}})["id"];
  create_tie(area, a, b);
  create_tie(area, b, c, {{"kind", "family"}});
  create_tie(area, c, d);

  HttpReply r = http().get(layout(area));
  ASSERT_EQ(r.status, 200) << r.body;
  const json all = r.json();
  const std::map<std::string, int> seen = id_counts(all);
  EXPECT_EQ(seen, (std::map<std::string, int>{{a, 1}, {b, 1}, {c, 1}, {d, 1}}));
  EXPECT_EQ(seen.count(gone), 0u);
  EXPECT_EQ(all["people"], 4);
  EXPECT_EQ(all["ties"], 3);
  EXPECT_EQ(all["aggregated"], false);
  EXPECT_EQ(all["people_max"], 5000);
  EXPECT_EQ(all["options"]["iterations"], 200);
  EXPECT_EQ(all["options"]["seed"], 1);
  EXPECT_EQ(all["options"]["barnes_hut"], false);
  EXPECT_EQ(tie_ends(all), (Ends{sorted(a, b), sorted(b, c), sorted(c, d)}));

  const json family = http().get(layout(area) + "?kind=family").json();
  EXPECT_EQ(family["people"], 4);  // everyone is drawn; only the family tie joins them
  EXPECT_EQ(tie_ends(family), (Ends{sorted(b, c)}));
  EXPECT_EQ(id_counts(family).size(), 4u);
}

TEST_F(ApiLayout, TheSeedFixesThePositionsAndTheRegisterRevisionMovesThem) {
  std::string area = create_area("Layout Seed")["id"];
  std::vector<std::string> p;
  for (int i = 0; i < 6; ++i) p.push_back(create_person(area, "S" + std::to_string(i))["id"]);
  for (int i = 0; i + 1 < 6; ++i) create_tie(area, p[i], p[i + 1]);

  const std::string once = http().get(layout(area) + "?seed=7&iterations=50").body;
  const std::string twice = http().get(layout(area) + "?seed=7&iterations=50").body;
  EXPECT_EQ(json::parse(once), json::parse(twice));
  const json other = http().get(layout(area) + "?seed=8&iterations=50").json();
  const json first = json::parse(once);
  EXPECT_EQ(first["options"]["seed"], 7);
  EXPECT_EQ(first["options"]["iterations"], 50);
  EXPECT_NE(first["nodes"], other["nodes"]);

  create_tie(area, p[0], p[5]);
  const json after = http().get(layout(area) + "?seed=7&iterations=50").json();
  EXPECT_GT(after["register_revision"].get<int64_t>(), first["register_revision"].get<int64_t>());
  EXPECT_EQ(after["ties"], 6);
  EXPECT_NE(after["nodes"], first["nodes"]);
}

TEST_F(ApiLayout, BadParametersAreNamed) {
  std::string area = create_area("Layout Bad")["id"];
  for (const char* q : {"iterations=0", "iterations=5000", "iterations=ten", "iterations=-1"}) {
    HttpReply r = http().get(layout(area) + "?" + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.json()["error"]["field"], "iterations") << q;
  }
  HttpReply seed = http().get(layout(area) + "?seed=-3");
  EXPECT_EQ(seed.status, 400);
  EXPECT_EQ(seed.json()["error"]["field"], "seed");
  HttpReply close = http().get(layout(area) + "?min_closeness=9");
  EXPECT_EQ(close.status, 400);
  EXPECT_EQ(close.json()["error"]["field"], "min_closeness");
  EXPECT_EQ(http().get(layout(area) + "?iterations=2000").status, 200);
}

TEST_F(ApiLayout, ACommissionerIsRefused) {
  std::string area = create_area("Layout Commission")["id"];
  create_person(area, "Ada");
  HttpClient commissioner = server().client();
  commissioner.use_token(add_user_with_token(db_.url, "comm", "commissioner", area));
  EXPECT_EQ(commissioner.get(layout(area)).status, 403);
  HttpClient researcher = server().client();
  researcher.use_token(add_user_with_token(db_.url, "res", "researcher", area));
  EXPECT_EQ(researcher.get(layout(area)).status, 200);
  EXPECT_EQ(researcher.get(layout(area)).status, 200);  // from the cache, and audited again

  // Audited as a read of the area's network, as /network is: once a request.
  HttpReply log = http().get(area_path(area) + "/audit?limit=500");
  ASSERT_EQ(log.status, 200) << log.body;
  const json items = log.json()["items"];
  int reads = 0;
  for (const auto& row : items)
    if (row["actor"] == "res" && row["action"] == "network") {
      ++reads;
      EXPECT_EQ(row["route"], "GET /api/v1/areas/{area}/network/layout") << row;
    }
  EXPECT_EQ(reads, 2) << items;
}

// Two cliques of four joined by one tie: above a limit of 3 people the
// layout is of the two communities, and each drills down to its people.
TEST_F(ApiLayout, AboveTheLimitCommunitiesAndADrillDown) {
  std::string area = create_area("Layout Cliques")["id"];
  std::vector<std::string> left, right;
  for (int i = 0; i < 4; ++i) left.push_back(create_person(area, "L" + std::to_string(i))["id"]);
  for (int i = 0; i < 4; ++i) right.push_back(create_person(area, "R" + std::to_string(i))["id"]);
  for (const auto* side : {&left, &right})
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j) create_tie(area, (*side)[i], (*side)[j]);
  create_tie(area, left[0], right[0]);

  ServerProcess small(db_.url, {"--layout-people-max", "3"});
  small.use_token(db_.token);
  HttpReply r = small.client().get(layout(area));
  ASSERT_EQ(r.status, 200) << r.body;
  const json agg = r.json();
  EXPECT_EQ(agg["aggregated"], true);
  EXPECT_EQ(agg["people_max"], 3);
  EXPECT_EQ(agg["people"], 8);
  EXPECT_EQ(agg["ties"], 13);
  const json communities = agg["communities"];
  ASSERT_EQ(communities.size(), 2u) << agg;
  EXPECT_EQ(communities[0]["members"].get<int>() + communities[1]["members"].get<int>(), 8);
  for (const auto& c : communities) {
    EXPECT_EQ(c["members"], 4);
    EXPECT_TRUE(std::isfinite(c["x"].get<double>()) && std::isfinite(c["y"].get<double>()));
  }
  const json edges = agg["community_ties"];
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges[0]["ties"], 1);

  std::set<std::string> drawn;
  for (const auto& c : communities) {
    const std::string k = std::to_string(c["community"].get<uint64_t>());
    HttpReply d = small.client().get(layout(area) + "?community=" + k);
    ASSERT_EQ(d.status, 200) << d.body;
    const json one = d.json();
    EXPECT_EQ(one["aggregated"], false);
    EXPECT_EQ(one["community"], c["community"]);
    EXPECT_EQ(one["people"], 4);
    EXPECT_EQ(one["ties"], 6);  // the clique's own ties; the tie between them is left out
    std::set<std::string> ids;
    for (const auto& [id, count] : id_counts(one)) {
      EXPECT_EQ(count, 1);
      ids.insert(id);
    }
    const std::set<std::string> l(left.begin(), left.end()), rt(right.begin(), right.end());
    EXPECT_TRUE(ids == l || ids == rt);
    drawn.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(drawn.size(), 8u);
  EXPECT_EQ(small.client().get(layout(area) + "?community=99").status, 404);

  // The network answer for one community: exactly one clique's people, with
  // the figures the whole answer gives them (a map's drill-down reads these
  // instead of everyone's).
  const std::string network = "/api/v1/areas/" + area + "/network";
  const json whole = small.client().get(network).json();
  std::map<std::string, json> everyone;
  for (const auto& n : whole["nodes"]) everyone[n["id"].get<std::string>()] = n;
  for (const auto& c : communities) {
    HttpReply d = small.client().get(network + "?community=" + std::to_string(c["community"].get<uint64_t>()));
    ASSERT_EQ(d.status, 200) << d.body;
    const json one = d.json();
    std::set<std::string> ids;
    for (const auto& n : one["nodes"]) {
      const std::string id = n["id"];
      ids.insert(id);
      EXPECT_EQ(n, everyone[id]) << id;
    }
    const std::set<std::string> l(left.begin(), left.end()), rt(right.begin(), right.end());
    EXPECT_TRUE(ids == l || ids == rt) << one;
    EXPECT_EQ(one["graph"], whole["graph"]);  // the facts stay the whole network's
  }
  HttpReply none = small.client().get(network + "?community=99");
  EXPECT_EQ(none.status, 404) << none.body;
  HttpReply bad = small.client().get(network + "?community=two");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("community"), std::string::npos) << bad.body;
  // The usual server draws the eight people themselves.
  EXPECT_EQ(http().get(layout(area)).json()["aggregated"], false);
}

}  // namespace
