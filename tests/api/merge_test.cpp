// Merging two records of one person over HTTP (issue 11: "merges of two
// register entries are logged and reversible, identifiers stay stable across
// waves, and an erasure request reaches every merged record"). Worked by
// hand (docs/merges.md):
//
//   register   Mary Okafor (kept), "Mary at 12" (merged: named in a survey,
//              held under a pseudonym), Bob, Cy, Dee; the group Allotments
//   ties       Mary–Bob, "Mary at 12"→Cy, Dee→"Mary at 12", "Mary at 12"→Mary
//   other      "Mary at 12" goes to the Allotments; the resident account mia
//              is "Mary at 12"
//   merge      "Mary at 12" into Mary moves 2 ties ("Mary at 12"→Cy becomes
//              Mary→Cy, Dee→"Mary at 12" becomes Dee→Mary), removes the 1 tie
//              between them, moves 1 affiliation and 1 account; the register
//              then has 4 people and 3 live ties
//   undo       moves all of it back: 5 people, 4 ties, as before
#include "api/api_fixture.hpp"
#include "support/server.hpp"

namespace kith::test {
namespace {

class Merges : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    area = create_area("Elm Park")["id"];
    mary = create_person(area, "Mary Okafor", {{"household", "12 Elm Road"}})["id"];
    mary12 = create_person(area, "Mary at 12", {{"household", "12 Elm Road"}, {"is_pseudonym", true}})["id"];
    bob = create_person(area, "Bob Ward")["id"];
    cy = create_person(area, "Cy Evans")["id"];
    dee = create_person(area, "Dee Shah")["id"];
    t_bob = create_tie(area, mary, bob)["id"];
    t_cy = create_tie(area, mary12, cy)["id"];
    t_dee = create_tie(area, dee, mary12)["id"];
    t_between = create_tie(area, mary12, mary, {{"kind", "neighbour"}})["id"];
    allotments = create(coll(area, "groups"), {{"name", "Allotments"}, {"kind", "club"}})["id"];
    affiliation = create(coll(area, "affiliations"),
                         {{"person_id", mary12}, {"group_id", allotments}, {"role", "member"}, {"frequency", "weekly"}})["id"];
    mia = std::make_unique<HttpClient>(server().client());
    mia->use_token(add_user_with_token(db_.url, "mia", "member", area, mary12));
  }

  std::string merges() const { return area_path(area) + "/merges"; }
  HttpReply merge(const std::string& keep, const std::string& merged, const std::string& reason = "Same person: "
                                                                                                   "Mary said so") {
    return http().post(merges(), {{"keep", keep}, {"merge", merged}, {"reason", reason}});
  }
  HttpReply undo(const std::string& id) { return http().send("POST", merges() + "/" + id + "/undo", "", ""); }
  json tie(const std::string& id) { return http().get(coll(area, "ties") + "/" + id).json(); }
  int status_of_person(const std::string& id) { return http().get(coll(area, "people") + "/" + id).status; }
  std::pair<std::string, std::string> ends(const std::string& id) {
    json t = tie(id);
    return {t["source_id"].get<std::string>(), t["target_id"].get<std::string>()};
  }

  std::string area, mary, mary12, bob, cy, dee, t_bob, t_cy, t_dee, t_between, allotments, affiliation;
  std::unique_ptr<HttpClient> mia;
};

TEST_F(Merges, AMergeMovesEverythingOfTheMergedRecordAsWorkedByHand) {
  const int64_t revision_before = http().get(area_path(area)).json()["register_revision"].get<int64_t>();
  HttpReply r = merge(mary, mary12);
  ASSERT_EQ(r.status, 201) << r.body;
  const json m = r.json();
  EXPECT_EQ(m["id"].get<std::string>().substr(0, 3), "mg_");
  EXPECT_EQ(m["kept"]["id"], mary);
  EXPECT_EQ(m["kept"]["display_name"], "Mary Okafor");
  EXPECT_EQ(m["merged"]["id"], mary12);
  EXPECT_EQ(m["merged"]["display_name"], "Mary at 12");
  EXPECT_EQ(m["status"], "standing");
  EXPECT_EQ(m["merged_by"], "admin");
  EXPECT_EQ(m["reason"], "Same person: Mary said so");
  EXPECT_EQ(m["moved"], json({{"ties", 2}, {"ties_removed", 1}, {"affiliations", 1}, {"interviews", 0},
                              {"named", 0}, {"accounts", 1}}));
  EXPECT_FALSE(m.contains("left_behind"));

  EXPECT_EQ(status_of_person(mary12), 404);
  EXPECT_EQ(list_all(coll(area, "people")).size(), 4u);
  EXPECT_EQ(list_all(coll(area, "ties")).size(), 3u);
  EXPECT_EQ(ends(t_bob), std::pair(mary, bob));
  EXPECT_EQ(ends(t_cy), std::pair(mary, cy));
  EXPECT_EQ(ends(t_dee), std::pair(dee, mary));
  EXPECT_EQ(http().get(coll(area, "ties") + "/" + t_between).status, 404);
  EXPECT_EQ(http().get(coll(area, "affiliations") + "/" + affiliation).json()["person_id"], mary);
  EXPECT_EQ(mia->get(area_path(area) + "/me").json()["person"]["id"], mary);
  EXPECT_GT(http().get(area_path(area)).json()["register_revision"].get<int64_t>(), revision_before);

  const json listed = http().get(merges()).json();
  ASSERT_EQ(listed["items"].size(), 1u);
  EXPECT_EQ(listed["items"][0]["id"], m["id"]);
  // Logged: the audit log says who merged whom, with the counts.
  const json audit = http().get(area_path(area) + "/audit?person=" + mary).json();
  bool logged = false;
  for (const json& row : audit["items"])
    if (row["action"] == "merge" && row["entity_id"] == mary12) logged = true;
  EXPECT_TRUE(logged) << audit.dump();
}

TEST_F(Merges, UndoingAMergeMovesBackExactlyWhatItMoved) {
  const json m = merge(mary, mary12).json();
  HttpReply r = undo(m["id"]);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["status"], "undone");
  EXPECT_EQ(r.json()["undone_by"], "admin");
  EXPECT_EQ(r.json()["left_behind"], 0);
  EXPECT_EQ(status_of_person(mary12), 200);
  EXPECT_EQ(list_all(coll(area, "people")).size(), 5u);
  EXPECT_EQ(list_all(coll(area, "ties")).size(), 4u);
  EXPECT_EQ(ends(t_bob), std::pair(mary, bob));
  EXPECT_EQ(ends(t_cy), std::pair(mary12, cy));
  EXPECT_EQ(ends(t_dee), std::pair(dee, mary12));
  EXPECT_EQ(ends(t_between), std::pair(mary12, mary));
  EXPECT_EQ(http().get(coll(area, "affiliations") + "/" + affiliation).json()["person_id"], mary12);
  EXPECT_EQ(mia->get(area_path(area) + "/me").json()["person"]["id"], mary12);
  EXPECT_EQ(http().get(merges()).json()["items"][0]["status"], "undone");
  // Undone once; and the record can be merged again.
  EXPECT_EQ(undo(m["id"]).status, 409);
  EXPECT_EQ(merge(mary, mary12).status, 201);
}

TEST_F(Merges, WhatChangedSinceTheMergeStaysWithTheKeptRecord) {
  const json m = merge(mary, mary12).json();
  ASSERT_EQ(http().del(coll(area, "ties") + "/" + t_dee).status, 204);
  const std::string added = create_tie(area, mary, dee, {{"kind", "neighbour"}})["id"];  // after the merge: Mary's own
  HttpReply r = undo(m["id"]);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["left_behind"], 1);  // the deleted tie stays deleted
  EXPECT_EQ(http().get(coll(area, "ties") + "/" + t_dee).status, 404);
  EXPECT_EQ(ends(added), std::pair(mary, dee));
  EXPECT_EQ(ends(t_cy), std::pair(mary12, cy));
}

TEST_F(Merges, BadMergesAreRefusedNamingTheFieldAndWriteNothing) {
  const std::string other_area = create_area("Hill Park")["id"];
  const std::string elsewhere = create_person(other_area, "Eve Far")["id"];
  struct Case {
    json body;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {json::object(), 400, "keep"},
      {{{"keep", mary}, {"reason", "x"}}, 400, "merge"},
      {{{"keep", mary}, {"merge", mary}, {"reason", "x"}}, 400, "merge"},
      {{{"keep", mary}, {"merge", mary12}}, 400, "reason"},
      {{{"keep", mary}, {"merge", mary12}, {"reason", "   "}}, 400, "reason"},
      {{{"keep", mary}, {"merge", mary12}, {"reason", std::string(501, 'x')}}, 400, "reason"},
      {{{"keep", "pe_00000000000000000000"}, {"merge", mary12}, {"reason", "x"}}, 400, "keep"},
      {{{"keep", mary}, {"merge", elsewhere}, {"reason", "x"}}, 400, "merge"},
      {{{"keep", mary}, {"merge", 12}, {"reason", "x"}}, 400, "merge"},
      {{{"keep", mary}, {"merge", mary12}, {"reason", "x"}, {"colour", "red"}}, 400, "colour"},
  };
  for (const Case& c : cases) {
    HttpReply r = http().post(merges(), c.body);
    EXPECT_EQ(r.status, c.status) << c.body.dump() << " → " << r.body;
    EXPECT_EQ(r.json()["error"]["field"], c.field) << c.body.dump();
  }
  EXPECT_TRUE(http().get(merges()).json()["items"].empty());
  EXPECT_EQ(list_all(coll(area, "people")).size(), 5u);
  // A deleted record is not merged.
  ASSERT_EQ(http().del(coll(area, "people") + "/" + bob).status, 204);
  EXPECT_EQ(merge(mary, bob).json()["error"]["field"], "merge");
  // A record merged away already names where it went, whichever side it is on.
  ASSERT_EQ(merge(mary, mary12).status, 201);
  HttpReply again = merge(cy, mary12);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json()["error"]["field"], "merge");
  EXPECT_NE(again.json()["error"]["message"].get<std::string>().find(mary), std::string::npos);
  EXPECT_EQ(merge(mary12, cy).json()["error"]["field"], "keep");
  EXPECT_EQ(undo("mg_00000000000000000000").status, 404);
  EXPECT_EQ(undo("not-a-merge").status, 404);
}

TEST_F(Merges, AChainOfMergesIsUndoneLastFirst) {
  const json first = merge(mary, mary12).json();
  const json second = merge(cy, mary).json();  // Mary (with what "Mary at 12" had) into Cy
  EXPECT_EQ(second["moved"]["ties"], 2);  // Mary–Bob, Dee→Mary; Mary→Cy is between them
  EXPECT_EQ(second["moved"]["ties_removed"], 1);
  HttpReply early = undo(first["id"]);
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.json()["error"]["field"], "status");
  ASSERT_EQ(undo(second["id"]).status, 200);
  ASSERT_EQ(undo(first["id"]).status, 200);
  EXPECT_EQ(list_all(coll(area, "ties")).size(), 4u);
  EXPECT_EQ(ends(t_cy), std::pair(mary12, cy));
  EXPECT_EQ(ends(t_bob), std::pair(mary, bob));
}

// ?person= lists the merges that kept or merged one person, newest first:
// how a page opened by an old id finds the record it now leads to. Mary at
// 12 into Mary, undone, merged again; then Mary into Cy. Bob is in none.
TEST_F(Merges, TheMergesOfOnePersonAreListedByTheirId) {
  const json first = merge(mary, mary12).json();
  ASSERT_EQ(undo(first["id"]).status, 200);
  const json again = merge(mary, mary12).json();
  const json into_cy = merge(cy, mary).json();
  auto listed = [&](const std::string& person) {
    HttpReply r = http().get(merges() + "?person=" + person);
    EXPECT_EQ(r.status, 200) << r.body;
    const json items = r.json()["items"];  // held: a loop over a temporary's member would dangle
    std::vector<std::string> out;
    for (const json& m : items) out.push_back(m["id"].get<std::string>() + ":" + m["status"].get<std::string>());
    return out;
  };
  const std::string f = first["id"], a = again["id"], c = into_cy["id"];
  EXPECT_EQ(listed(mary12), (std::vector<std::string>{a + ":standing", f + ":undone"}));
  EXPECT_EQ(listed(mary), (std::vector<std::string>{c + ":standing", a + ":standing", f + ":undone"}));
  EXPECT_EQ(listed(cy), (std::vector<std::string>{c + ":standing"}));
  EXPECT_TRUE(listed(bob).empty());
  json standing = http().get(merges() + "?person=" + mary12).json()["items"][0];
  EXPECT_EQ(standing["merged"]["id"], mary12);
  EXPECT_EQ(standing["kept"]["id"], mary);
  EXPECT_EQ(standing["kept"]["display_name"], "Mary Okafor");
  // Another area's view of these people finds nothing; a malformed id is refused.
  const std::string other = create_area("Elsewhere")["id"];
  EXPECT_TRUE(http().get(area_path(other) + "/merges?person=" + mary12).json()["items"].empty());
  HttpReply bad = http().get(merges() + "?person=mary");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.json()["error"]["field"], "person");
}

TEST_F(Merges, ErasingEitherRecordErasesBoth) {
  const json m = merge(mary, mary12).json();
  HttpReply r = http().send("POST", coll(area, "people") + "/" + mary12 + "/erase", "", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["merged_records"], json::array({mary}));
  for (const std::string& id : {mary, mary12}) {
    const json doc = http().get(coll(area, "people") + "/" + id + "/subject-access").json();
    EXPECT_EQ(doc["person"]["display_name"], "Erased person") << id;
    EXPECT_TRUE(doc["person"]["household"].is_null()) << id;
  }
  // The reason written for the merge may name them: it goes too.
  EXPECT_EQ(http().get(merges()).json()["items"][0]["reason"], "");
  EXPECT_EQ(http().get(merges()).json()["items"][0]["kept"]["display_name"], "Erased person");
  // Erased records cannot be told apart: the merge stays.
  HttpReply back = undo(m["id"]);
  EXPECT_EQ(back.status, 409);
  EXPECT_EQ(back.json()["error"]["field"], "status");
}

TEST_F(Merges, SubjectAccessIncludesTheMergedRecords) {
  ASSERT_EQ(merge(mary, mary12).status, 201);
  const json doc = http().get(coll(area, "people") + "/" + mary + "/subject-access").json();
  ASSERT_EQ(doc["merged_records"].size(), 1u);
  EXPECT_EQ(doc["merged_records"][0]["person"]["display_name"], "Mary at 12");
  // Bob's, the two moved, and the one between them: removed, but still held
  // (so reported, marked deleted).
  ASSERT_EQ(doc["ties"].size(), 4u);
  int deleted = 0;
  for (const json& t : doc["ties"]) deleted += t["deleted"].get<bool>() ? 1 : 0;
  EXPECT_EQ(deleted, 1);
}

TEST_F(Merges, ADeviceCarryingTheMergedIdSendsToTheKeptRecord) {
  const json instrument =
      create(area_path(area) + "/survey/instruments",
             {{"name", "Doorstep"},
              {"definition", {{"title", {{"en", "Doorstep"}}}, {"sections", {{{"kind", "scale"}, {"scale", "ucla3"}}}}}}});
  http().patch(area_path(area) + "/survey/instruments/" + instrument["id"].get<std::string>(), {{"status", "published"}});
  const std::string wave = create(area_path(area) + "/survey/waves", {{"label", "Baseline"},
                                                                      {"instrument_id", instrument["id"]},
                                                                      {"fieldwork_date", "2026-10-05"}})["id"];
  ASSERT_EQ(merge(mary, mary12).status, 201);
  json body{{"batch", "device-batch-000001"},
            {"respondent", {{"person_id", mary12}}},
            {"status", "completed"},
            {"consent", {{"status", "given"}, {"scope", {"research"}}}},
            {"answers", {{"scales", {{"ucla3", {1, 1, 2}}}}}}};
  HttpReply r = http().send("PUT", area_path(area) + "/survey/waves/" + wave + "/interviews/device-interview-00001",
                            body.dump(), "application/json");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["interview"]["respondent"]["person_id"], mary);
  EXPECT_EQ(http().get(coll(area, "people") + "/" + mary).json()["consent_status"], "given");
}

TEST_F(Merges, OnlyThoseWhoMayChangeTheRegisterMerge) {
  auto as = [&](const std::string& name, const std::string& role) {
    auto c = std::make_unique<HttpClient>(server().client());
    c->use_token(add_user_with_token(db_.url, name, role, area));
    return c;
  };
  auto commissioner = as("cara", "commissioner");
  EXPECT_EQ(commissioner->get(merges()).status, 403);
  EXPECT_EQ(commissioner->post(merges(), {{"keep", mary}, {"merge", mary12}, {"reason", "x"}}).status, 403);
  EXPECT_EQ(mia->post(merges(), {{"keep", mary}, {"merge", mary12}, {"reason", "x"}}).status, 403);
  auto researcher = as("rae", "researcher");
  HttpReply r = researcher->post(merges(), {{"keep", mary}, {"merge", mary12}, {"reason", "Same household, same name"}});
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["merged_by"], "rae");
}

}  // namespace
}  // namespace kith::test
