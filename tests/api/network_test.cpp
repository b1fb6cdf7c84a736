// GET /api/v1/areas/{area}/network: the register's ties as a network, on a
// day, filtered, cached until the register changes, audited.
#include <set>

#include "api_fixture.hpp"
#include "support/run_command.hpp"

namespace {

using kith::test::ApiTest;
using nlohmann::json;
using kith::test::CommandRun;
using kith::test::HttpReply;
using kith::test::run_command;
using kith::test::ServerProcess;

json by_id(const json& result, const std::string& id) {
  for (const auto& n : result["nodes"])
    if (n["id"] == id) return n;
  return nullptr;
}

class ApiNetwork : public ApiTest {};

TEST_F(ApiNetwork, MetricsFollowTheTiesOnTheDay) {
  std::string area = create_area("Riverside")["id"];
  std::string a = create_person(area, "Ada")["id"], b = create_person(area, "Bea")["id"],
              c = create_person(area, "Cy")["id"], d = create_person(area, "Dee")["id"];
  create_tie(area, a, b, {{"closeness", 5}, {"valid_from", "2025-01-01"}});
  create_tie(area, b, c, {{"kind", "family"}, {"closeness", 2}});
  create_tie(area, a, c, {{"valid_to", "2024-12-31"}});

  auto all = http().get(area_path(area) + "/network");
  ASSERT_EQ(all.status, 200) << all.body;
  json r = all.json();
  EXPECT_EQ(r["graph"]["nodes"], 4);  // Dee has no ties but is counted, as isolated
  EXPECT_EQ(r["graph"]["edges"], 3);
  EXPECT_EQ(r["graph"]["isolates"], 1);
  EXPECT_EQ(by_id(r, a)["degree"], 2);
  EXPECT_EQ(by_id(r, d)["degree"], 0);
  EXPECT_DOUBLE_EQ(by_id(r, a)["strength"].get<double>(), 8.0);  // closeness 5 + 3
  EXPECT_DOUBLE_EQ(by_id(r, a)["clustering"].get<double>(), 1.0);

  auto on_day = http().get(area_path(area) + "/network?at=2025-06-01").json();
  EXPECT_EQ(on_day["graph"]["edges"], 2);  // the a-c tie had ended
  EXPECT_EQ(by_id(on_day, a)["degree"], 1);
  EXPECT_EQ(on_day["graph"]["at"], "2025-06-01");

  auto family = http().get(area_path(area) + "/network?kind=family").json();
  EXPECT_EQ(family["graph"]["edges"], 1);
  auto close = http().get(area_path(area) + "/network?min_closeness=4").json();
  EXPECT_EQ(close["graph"]["edges"], 1);
  EXPECT_EQ(by_id(close, b)["degree"], 1);
}

// Three ties known three ways; each filter keeps exactly the ties it names,
// in the metrics and in the layout alike (cached apart).
TEST_F(ApiNetwork, EvidenceFilterKeepsTiesKnownThatWay) {
  std::string area = create_area("Woodhouse")["id"];
  std::string a = create_person(area, "Ada")["id"], b = create_person(area, "Bea")["id"],
              c = create_person(area, "Cy")["id"];
  create_tie(area, a, b, {{"evidence", "survey"}});
  create_tie(area, b, c, {{"evidence", "referral"}});
  create_tie(area, a, c);  // manual_entry, the default
  auto edges = [&](const std::string& q) { return http().get(area_path(area) + "/network" + q).json()["graph"]["edges"]; };
  EXPECT_EQ(edges(""), 3);
  EXPECT_EQ(edges("?evidence=survey"), 1);
  EXPECT_EQ(edges("?evidence=survey,referral"), 2);
  EXPECT_EQ(edges("?evidence=manual_entry"), 1);
  EXPECT_EQ(edges("?evidence=timebank_exchange"), 0);
  json survey = http().get(area_path(area) + "/network?evidence=survey").json();
  EXPECT_EQ(by_id(survey, c)["degree"], 0);
  json layout = http().get(area_path(area) + "/network/layout?evidence=referral").json();
  EXPECT_EQ(layout["ties"], 1);
  EXPECT_EQ(layout["people"], 3);
  EXPECT_EQ(http().get(area_path(area) + "/network/layout").json()["ties"], 3);
}

TEST_F(ApiNetwork, AnswerChangesWithTheRegisterRevision) {
  std::string area = create_area("Hillside")["id"];
  std::string a = create_person(area, "Ada")["id"], b = create_person(area, "Bea")["id"];
  json first = http().get(area_path(area) + "/network").json();
  EXPECT_EQ(first["graph"]["edges"], 0);
  json again = http().get(area_path(area) + "/network").json();
  EXPECT_EQ(again, first);  // served from the cache: same revision, same answer
  create_tie(area, a, b);
  json after = http().get(area_path(area) + "/network").json();
  EXPECT_EQ(after["graph"]["edges"], 1);
  EXPECT_GT(after["graph"]["register_revision"].get<int64_t>(), first["graph"]["register_revision"].get<int64_t>());
}

TEST_F(ApiNetwork, BadFiltersNameTheParameter) {
  std::string area = create_area("Dale")["id"];
  auto bad_day = http().get(area_path(area) + "/network?at=2025-02-30");
  EXPECT_EQ(bad_day.status, 400);
  EXPECT_EQ(bad_day.json()["error"]["field"], "at");
  auto bad_close = http().get(area_path(area) + "/network?min_closeness=9");
  EXPECT_EQ(bad_close.status, 400);
  EXPECT_EQ(bad_close.json()["error"]["field"], "min_closeness");
  auto bad_kind = http().get(area_path(area) + "/network?kind=enemy");
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_EQ(bad_kind.json()["error"]["field"], "kind");
  for (const char* bad : {"hearsay", "", "survey,hearsay"}) {
    auto bad_evidence = http().get(area_path(area) + "/network?evidence=" + bad);
    EXPECT_EQ(bad_evidence.status, 400) << bad;
    EXPECT_EQ(bad_evidence.json()["error"]["field"], "evidence") << bad;
  }
  EXPECT_EQ(http().get(area_path("ar_00000000000000000000") + "/network").status, 404);
}

TEST_F(ApiNetwork, EgoNetworkIsWhatALinkWorkerReads) {
  std::string area = create_area("Ego")["id"];
  std::string a = create_person(area, "Ada")["id"], b = create_person(area, "Bea")["id"],
              c = create_person(area, "Cy")["id"], d = create_person(area, "Dee")["id"],
              lone = create_person(area, "Lone")["id"];
  create_tie(area, a, b, {{"kind", "family"}, {"frequency", "daily"}});
  create_tie(area, a, c, {{"kind", "friend"}, {"frequency", "monthly"}});
  create_tie(area, a, d, {{"kind", "friend"}, {"frequency", "weekly"}});
  create_tie(area, b, c, {{"kind", "neighbour"}, {"frequency", "weekly"}});

  auto r = http().get(area_path(area) + "/people/" + a + "/ego");
  ASSERT_EQ(r.status, 200) << r.body;
  json ego = r.json();
  EXPECT_EQ(ego["size"], 3);
  EXPECT_EQ(ego["ties_among_contacts"], 1);
  EXPECT_DOUBLE_EQ(ego["density"].get<double>(), 1.0 / 3);
  EXPECT_EQ(ego["tie_kinds"], json({{"family", 1}, {"friend", 2}}));
  EXPECT_DOUBLE_EQ(ego["tie_kind_diversity"].get<double>(), 1 - (1.0 / 9 + 4.0 / 9));
  EXPECT_DOUBLE_EQ(ego["weekly_share"].get<double>(), 2.0 / 3);
  // NetworkX effective size, unweighted form: n - 2t/n = 3 - 2/3 (closeness 3 everywhere).
  EXPECT_NEAR(ego["effective_size"].get<double>(), 3 - 2.0 / 3, 1e-12);

  json alone = http().get(area_path(area) + "/people/" + lone + "/ego").json();
  EXPECT_EQ(alone["size"], 0);
  EXPECT_TRUE(alone["density"].is_null());
  EXPECT_TRUE(alone["weekly_share"].is_null());
  EXPECT_TRUE(alone["constraint"].is_null());

  std::string elsewhere = create_area("Other")["id"];
  EXPECT_EQ(http().get(area_path(elsewhere) + "/people/" + a + "/ego").status, 404);
}

// A deployment may raise the threshold (never lower it): with 10, five people
// with no ties is a small number too, shown as "<10".
TEST_F(ApiNetwork, TheSuppressionThresholdCanBeRaisedButNotLowered) {
  std::string area = create_area("Threshold")["id"];
  std::vector<std::string> p;
  for (int i = 0; i < 12; ++i) p.push_back(create_person(area, "T" + std::to_string(i))["id"]);
  for (int i = 0; i < 6; ++i) create_tie(area, p[i], p[i + 1]);  // 0..6 on a path; 7..11 alone
  ServerProcess strict(db_.url, {"--suppress-below", "10"});
  strict.use_token(db_.token);
  HttpReply r = strict.client().get(area_path(area) + "/network/summary");
  ASSERT_EQ(r.status, 200) << r.body;
  const json no_ties = r.json()["isolation"]["no_ties"];
  EXPECT_TRUE(no_ties["count"].is_null()) << no_ties;
  EXPECT_EQ(no_ties["shown"], "<10");
  HttpReply usual = http().get(area_path(area) + "/network/summary");
  EXPECT_EQ(usual.json()["isolation"]["no_ties"]["count"], 5);
  EXPECT_EQ(usual.json()["isolation"]["no_ties"]["shown"], "5");
  CommandRun lower = run_command(std::string(KITH_BIN) + " serve --db " + db_.url + " --port 0 --suppress-below 4");
  EXPECT_EQ(lower.code, 2) << lower.out;  // a usage error: the server does not start
  EXPECT_NE(lower.out.find("suppress-below"), std::string::npos) << lower.out;
}

TEST_F(ApiNetwork, SummaryCountsIsolationAndSuppressesSmallNumbers) {
  std::string area = create_area("Summary")["id"];
  std::vector<std::string> p;
  for (int i = 0; i < 12; ++i) p.push_back(create_person(area, "P" + std::to_string(i))["id"]);
  // A path 0-1-2-3-4-5 of weekly friends; 6 has one family tie to 0; 7..11 have no ties.
  for (int i = 0; i < 5; ++i) create_tie(area, p[i], p[i + 1]);
  create_tie(area, p[6], p[0], {{"kind", "family"}, {"frequency", "monthly"}});
  std::string club = create(coll(area, "groups"), {{"name", "Choir"}, {"kind", "club"}})["id"];
  for (int i : {7, 8, 9, 10, 11, 0}) create(coll(area, "affiliations"), {{"person_id", p[i]}, {"group_id", club}, {"role", "member"}});

  auto r = http().get(area_path(area) + "/network/summary");
  ASSERT_EQ(r.status, 200) << r.body;
  json s = r.json();
  EXPECT_EQ(s["graph"]["people"], 12);
  EXPECT_EQ(s["graph"]["ties"], 6);
  EXPECT_EQ(s["isolation"]["no_ties"]["count"], 5);
  EXPECT_DOUBLE_EQ(s["isolation"]["no_ties"]["share"].get<double>(), 5.0 / 12);
  // Two people (5 and 6) have one tie: fewer than five, so withheld.
  EXPECT_TRUE(s["isolation"]["one_tie"]["count"].is_null());
  EXPECT_TRUE(s["isolation"]["one_tie"]["suppressed"].get<bool>());
  EXPECT_EQ(s["isolation"]["one_tie"]["shown"], "<5");
  EXPECT_EQ(s["isolation"]["no_ties"]["shown"], "5");
  EXPECT_TRUE(s["isolation"]["one_tie"]["share"].is_null());
  EXPECT_EQ(s["isolation"]["no_weekly_contact"]["count"], nullptr);  // only person 6: suppressed
  EXPECT_EQ(s["isolation"]["family_only_ties"]["suppressed"], true);
  // The middle of the path brokers most.
  ASSERT_FALSE(s["top_brokers"].empty());
  std::string top = s["top_brokers"][0]["id"];
  EXPECT_TRUE(top == p[1] || top == p[2] || top == p[0]) << top;
  ASSERT_EQ(s["brings_people_together"].size(), 1u);
  const json& choir = s["brings_people_together"][0];
  EXPECT_EQ(choir["name"], "Choir");
  EXPECT_EQ(choir["members"]["count"], 6);
  EXPECT_EQ(choir["only_link_pairs"]["count"], 15);  // 6 members, no ties among them, no other shared group

  // Contacts: 0 has two (1 and 6), 1..4 two, 5 and 6 one, 7..11 none. Bin 1
  // (2 people) is small and the 12 are published, so the smallest other bin
  // from 2 up (5 people with two) is withheld with it.
  const json degrees = s["degree_distribution"];
  ASSERT_EQ(degrees.size(), 3u) << degrees;
  const char* shown[] = {"5", "<5", "withheld"};
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(degrees[k]["contacts"], k);
    EXPECT_EQ(degrees[k]["or_more"], false);
    EXPECT_EQ(degrees[k]["people"]["shown"], shown[k]) << degrees[k];
  }
  EXPECT_EQ(degrees[0]["people"]["count"], 5);
  EXPECT_TRUE(degrees[2]["people"]["count"].is_null());
  EXPECT_EQ(s["graph"]["groups"], 1);
  EXPECT_EQ(s["graph"]["places"], 0);

  // Each person's classes in the network answer, by hand.
  json net = http().get(area_path(area) + "/network").json();
  const json none = json::array();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(by_id(net, p[i])["isolation"], none) << i;
  EXPECT_EQ(by_id(net, p[5])["isolation"], json::array({"one_tie"}));
  EXPECT_EQ(by_id(net, p[6])["isolation"], json::array({"one_tie", "no_weekly_contact", "family_only_ties"}));
  for (int i = 7; i < 12; ++i) EXPECT_EQ(by_id(net, p[i])["isolation"], json::array({"no_ties"})) << i;

  // ?isolation= keeps the people of one class (the People list's filter), by hand.
  auto ids_in = [&](const std::string& query) {
    HttpReply r = http().get(area_path(area) + "/network?" + query);
    EXPECT_EQ(r.status, 200) << query << " -> " << r.body;
    std::set<std::string> out;
    const json body = r.json();
    for (const auto& n : body["nodes"]) out.insert(n["id"].get<std::string>());
    return out;
  };
  EXPECT_EQ(ids_in("isolation=no_ties"), (std::set<std::string>{p[7], p[8], p[9], p[10], p[11]}));
  EXPECT_EQ(ids_in("isolation=one_tie"), (std::set<std::string>{p[5], p[6]}));
  EXPECT_EQ(ids_in("isolation=no_weekly_contact"), std::set<std::string>{p[6]});
  EXPECT_EQ(ids_in("isolation=family_only_ties"), std::set<std::string>{p[6]});
  const json one_tie = http().get(area_path(area) + "/network?isolation=one_tie").json();
  EXPECT_EQ(by_id(one_tie, p[6]), by_id(net, p[6])) << "the whole network's figures";
  EXPECT_EQ(one_tie["graph"], net["graph"]);
  EXPECT_EQ(ids_in("person=" + p[6]), std::set<std::string>{p[6]});
  EXPECT_EQ(ids_in("person=" + p[6] + "&isolation=no_ties"), std::set<std::string>{});
  EXPECT_EQ(ids_in("person=" + p[8] + "&isolation=no_ties"), std::set<std::string>{p[8]});
  EXPECT_EQ(by_id(http().get(area_path(area) + "/network?person=" + p[0]).json(), p[0]), by_id(net, p[0]));
  EXPECT_EQ(ids_in("person=pe_00000000000000000000"), std::set<std::string>{});  // not in the network
  HttpReply bad_person = http().get(area_path(area) + "/network?person=gr_00000000000000000000");
  EXPECT_EQ(bad_person.status, 400);
  EXPECT_EQ(bad_person.error_field(), "person");
  HttpReply bad = http().get(area_path(area) + "/network?isolation=lonely");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_field(), "isolation");

  // A commissioner: the same bins; the one group is a small area total.
  kith::test::HttpClient commissioner = server().client();
  commissioner.use_token(kith::test::add_user_with_token(db_.url, "comm", "commissioner", area));
  json c = commissioner.get(area_path(area) + "/network/summary").json();
  EXPECT_EQ(c["degree_distribution"], degrees);
  EXPECT_TRUE(c["graph"]["groups"].is_null()) << c["graph"];
  EXPECT_EQ(c["graph"]["groups_shown"], "<5");
  EXPECT_EQ(c["graph"]["places"], 0);
  EXPECT_EQ(c["graph"]["places_shown"], "0");
}

// Two cliques of six joined by one tie: two communities, and the summary,
// the per-person network and the venues all use the same ones.
TEST_F(ApiNetwork, SummaryHasCommunitiesAndRanksVenuesByThePairsTheyAloneLink) {
  std::string area = create_area("Two villages")["id"];
  std::vector<std::string> p;
  for (int i = 0; i < 12; ++i)
    p.push_back(create_person(area, "P" + std::to_string(i), {{"postcode_district", i < 7 ? "LS6" : "LS7"}})["id"]);
  for (int side = 0; side < 2; ++side)
    for (int i = 0; i < 6; ++i)
      for (int j = i + 1; j < 6; ++j) create_tie(area, p[side * 6 + i], p[side * 6 + j]);
  create_tie(area, p[5], p[6]);
  // The hall brings one person from each village and three from the first;
  // the café has four members, too few to describe.
  std::string hall = create(coll(area, "places"), {{"name", "Hall"}, {"kind", "community_centre"}})["id"];
  std::string cafe = create(coll(area, "places"), {{"name", "Cafe"}, {"kind", "cafe"}})["id"];
  for (int i : {0, 1, 2, 7, 8}) create(coll(area, "affiliations"), {{"person_id", p[i]}, {"place_id", hall}, {"role", "visitor"}});
  for (int i : {3, 4, 9, 10}) create(coll(area, "affiliations"), {{"person_id", p[i]}, {"place_id", cafe}, {"role", "visitor"}});

  json net = http().get(area_path(area) + "/network").json();
  EXPECT_EQ(net["graph"]["communities"], 2);
  // 31 edges; each village has 15 inside and strength 31 (closeness-weighted, all 3s).
  EXPECT_NEAR(net["graph"]["modularity"].get<double>(), 2 * (15.0 / 31 - 0.25), 1e-12);
  // Numbered by the storage order of people, so compare memberships, not labels.
  const json first_village = by_id(net, p[0])["community"], second_village = by_id(net, p[6])["community"];
  EXPECT_NE(first_village, second_village);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(by_id(net, p[i])["community"], i < 6 ? first_village : second_village) << i;

  auto r = http().get(area_path(area) + "/network/summary");
  ASSERT_EQ(r.status, 200) << r.body;
  json s = r.json();
  EXPECT_EQ(s["graph"]["communities"], 2);
  EXPECT_EQ(s["graph"]["modularity"], net["graph"]["modularity"]);
  EXPECT_EQ(s["isolation"]["no_ties"]["count"], 0);
  ASSERT_EQ(s["brings_people_together"].size(), 2u);
  const json& first = s["brings_people_together"][0];
  EXPECT_EQ(first["name"], "Hall");
  EXPECT_EQ(first["type"], "place");
  EXPECT_EQ(first["members"]["count"], 5);
  // Of the ten member pairs, only the six across villages are not tied: 0,1,2 x 7,8.
  EXPECT_EQ(first["only_link_pairs"]["count"], 6);
  EXPECT_EQ(first["communities_spanned"], 2);
  EXPECT_GT(first["betweenness"].get<double>(), 0.0);
  const json& cafe_row = s["brings_people_together"][1];
  EXPECT_EQ(cafe_row["name"], "Cafe");
  EXPECT_TRUE(cafe_row["members"]["suppressed"].get<bool>());
  EXPECT_TRUE(cafe_row["only_link_pairs"].is_null());
  EXPECT_TRUE(cafe_row["communities_spanned"].is_null());
  EXPECT_TRUE(cafe_row["betweenness"].is_null());
  EXPECT_FALSE(s.contains("breakdown"));
}

TEST_F(ApiNetwork, SummaryBreaksDownByAPersonAttributeAndWithholdsSmallGroups) {
  std::string area = create_area("Districts")["id"];
  std::vector<std::string> p;
  // Six in LS6 (a path of weekly friends and one isolated person), three in LS7, one unrecorded.
  for (int i = 0; i < 6; ++i) p.push_back(create_person(area, "A" + std::to_string(i), {{"postcode_district", "LS6"}})["id"]);
  for (int i = 0; i < 3; ++i) p.push_back(create_person(area, "B" + std::to_string(i), {{"postcode_district", "LS7"}})["id"]);
  p.push_back(create_person(area, "C")["id"]);
  for (int i = 0; i < 4; ++i) create_tie(area, p[i], p[i + 1]);
  create_tie(area, p[6], p[7]);
  create_tie(area, p[0], p[6], {{"kind", "family"}, {"frequency", "monthly"}});

  auto r = http().get(area_path(area) + "/network/summary?by=postcode_district");
  ASSERT_EQ(r.status, 200) << r.body;
  json b = r.json()["breakdown"];
  EXPECT_EQ(b["by"], "postcode_district");
  ASSERT_EQ(b["groups"].size(), 3u);
  EXPECT_TRUE(b["groups"][0]["value"].is_null());  // not recorded: one person, withheld
  EXPECT_TRUE(b["groups"][0]["suppressed"].get<bool>());
  EXPECT_TRUE(b["groups"][0]["people"]["count"].is_null());
  const json& ls6 = b["groups"][1];
  EXPECT_EQ(ls6["value"], "LS6");
  EXPECT_EQ(ls6["people"]["count"], 6);
  EXPECT_FALSE(ls6["suppressed"].get<bool>());
  // Inside LS6: the path 0-1-2-3-4 (4 pairs of 15); person 5 alone.
  EXPECT_DOUBLE_EQ(ls6["density"].get<double>(), 4.0 / 15);
  EXPECT_TRUE(ls6["isolation"]["no_ties"]["suppressed"].get<bool>());  // one person: withheld
  // Degrees 2,2,2,2,1,0 (person 0 also has the tie to LS7): Gini by the formula.
  const double gini = 2.0 * (1 * 0 + 2 * 1 + 3 * 2 + 4 * 2 + 5 * 2 + 6 * 2) / (6.0 * 9) - 7.0 / 6;
  EXPECT_NEAR(ls6["gini_degree"].get<double>(), gini, 1e-12);
  EXPECT_EQ(b["groups"][2]["value"], "LS7");
  EXPECT_TRUE(b["groups"][2]["suppressed"].get<bool>());
  EXPECT_TRUE(b["groups"][2]["density"].is_null());

  auto bands = http().get(area_path(area) + "/network/summary?by=birth_band");
  ASSERT_EQ(bands.status, 200) << bands.body;
  ASSERT_EQ(bands.json()["breakdown"]["groups"].size(), 1u);  // nobody's birth band is recorded
  EXPECT_EQ(bands.json()["breakdown"]["groups"][0]["people"]["count"], 10);

  auto bad = http().get(area_path(area) + "/network/summary?by=income");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error"]["field"], "by") << bad.body;
}

}  // namespace
