// GET /api/v1/areas/{area}/network/summary?format=csv and `kith analyze
// --area … --summary --format csv`: one row per figure, with the JSON's
// suppression, compared with figures worked out by hand for a small area.
#include <fstream>
#include <set>
#include <sstream>

#include "api_fixture.hpp"
#include "kith/exchange/csv.hpp"
#include "support/run_command.hpp"

namespace kith::test {
namespace {

using Row = std::vector<std::string>;

// A venue name that a spreadsheet would run as a formula.
const std::string kFormulaName = "=HYPERLINK(\"http://evil.example\",\"open\")";
const std::string kAtName = "@Cafe";

const Row kHeader = {"measure", "scope", "group", "id", "count", "value", "shown", "note"};
const std::string kSmall = "withheld: a count from 1 to 4";
const std::string kComplement = "withheld: a total could give a small count away";
const std::string kRest = "; its other figures are withheld too";

// "~x": a figure compared to x within 1e-12 (the digits of a quotient are
// the encoder's business; its value is not).
std::string near(double x) {
  std::ostringstream s;
  s.precision(17);
  s << '~' << x;
  return s.str();
}

std::vector<Row> csv_rows(const std::string& body) {
  exchange::csv::Reader r(body, "summary.csv");
  std::vector<Row> rows;
  for (;;) {
    auto more = r.next();
    EXPECT_TRUE(more.ok()) << (more.ok() ? "" : more.error().message);
    if (!more.ok() || !*more) break;
    rows.emplace_back(r.fields().begin(), r.fields().end());
  }
  return rows;
}

std::string joined(const Row& r) {
  std::string out;
  for (const auto& c : r) out += (out.empty() ? "" : " | ") + c;
  return out;
}

void expect_rows(const std::vector<Row>& have, const std::vector<Row>& want) {
  for (size_t i = 0; i < std::max(have.size(), want.size()); ++i) {
    if (i >= have.size()) { ADD_FAILURE() << "row " << i << " missing: " << joined(want[i]); continue; }
    if (i >= want.size()) { ADD_FAILURE() << "row " << i << " unexpected: " << joined(have[i]); continue; }
    ASSERT_EQ(have[i].size(), want[i].size()) << "row " << i << ": " << joined(have[i]);
    for (size_t k = 0; k < want[i].size(); ++k) {
      const std::string& w = want[i][k];
      if (!w.empty() && w[0] == '~') {
        EXPECT_NEAR(std::stod(have[i][k]), std::stod(w.substr(1)), 1e-12) << "row " << i << ": " << joined(have[i]);
      } else {
        EXPECT_EQ(have[i][k], w) << "row " << i << " column " << kHeader[k] << ": " << joined(have[i]);
      }
    }
  }
}

// A count row: the count and shown alike, as in the JSON.
Row count(const std::string& measure, const std::string& scope, const std::string& group, const std::string& id,
          const std::string& n, const std::string& value = "") {
  return {measure, scope, group, id, n, value, n, ""};
}
Row withheld(const std::string& measure, const std::string& scope, const std::string& group, const std::string& id,
             const std::string& shown, const std::string& note) {
  return {measure, scope, group, id, "", "", shown, note};
}
Row figure(const std::string& measure, const std::string& scope, const std::string& group, const std::string& id,
           double x) {
  return {measure, scope, group, id, "", near(x), near(x), ""};
}

// The hand-built area (19 people, all closeness 3):
//   a clique of four, a0..a3 (6 ties);
//   a star: s0 tied to s1..s4 (4 ties, weekly friends) — the one broker;
//   a family pair f0-f1, seen monthly (1 tie);
//   eight people with no ties, i0..i7.
// Postcode districts: LS6 a0..a3, s0, s1, s2, i0, i1, i2 (10); LS7 s3, s4,
// f0, f1, i3, i4, i5 (7); LS8 i6, i7 (2).
// Birth bands: 1950s a0..a3, s0, i0, i1 (7); 1970s s1..s4, f0, f1 (6);
// 1990s i2..i7 (6).
// A group with the formula name: i0..i4; a place "@Cafe": a0, a1, s1.
struct Area {
  std::string id, group, place, broker;
  std::vector<std::string> people;
};

class ApiSummaryCsv : public ApiTest {
 protected:
  std::string person(const std::string& area, const std::string& name, const std::string& district,
                     const std::string& band) {
    return create_person(area, name, {{"postcode_district", district}, {"birth_band", band}})["id"];
  }

  Area build() {
    Area a;
    a.id = create_area("Harehills")["id"];
    std::vector<std::string> clique, star, pair, alone;
    for (int i = 0; i < 4; ++i) clique.push_back(person(a.id, "a" + std::to_string(i), "LS6", "1950s"));
    star.push_back(person(a.id, "s0", "LS6", "1950s"));
    for (int i = 1; i <= 4; ++i) star.push_back(person(a.id, "s" + std::to_string(i), i <= 2 ? "LS6" : "LS7", "1970s"));
    for (int i = 0; i < 2; ++i) pair.push_back(person(a.id, "f" + std::to_string(i), "LS7", "1970s"));
    const char* districts[] = {"LS6", "LS6", "LS6", "LS7", "LS7", "LS7", "LS8", "LS8"};
    for (int i = 0; i < 8; ++i) alone.push_back(person(a.id, "i" + std::to_string(i), districts[i], i < 2 ? "1950s" : "1990s"));
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j) create_tie(a.id, clique[i], clique[j]);
    for (int i = 1; i <= 4; ++i) create_tie(a.id, star[0], star[i]);
    create_tie(a.id, pair[0], pair[1], {{"kind", "family"}, {"frequency", "monthly"}});
    a.group = create(coll(a.id, "groups"), {{"name", kFormulaName}, {"kind", "club"}})["id"];
    a.place = create(coll(a.id, "places"), {{"name", kAtName}, {"kind", "cafe"}})["id"];
    for (int i = 0; i < 5; ++i)
      create(coll(a.id, "affiliations"), {{"person_id", alone[i]}, {"group_id", a.group}, {"role", "member"}});
    for (const auto& p : {clique[0], clique[1], star[1]})
      create(coll(a.id, "affiliations"), {{"person_id", p}, {"place_id", a.place}, {"role", "visitor"}});
    a.broker = star[0];
    for (const auto* list : {&clique, &star, &pair, &alone}) a.people.insert(a.people.end(), list->begin(), list->end());
    return a;
  }

  HttpClient as(const std::string& username, const std::string& role, const std::string& area) {
    HttpClient c = server().client();
    c.use_token(add_user_with_token(db_.url, username, role, area));
    return c;
  }

  static std::string summary(const Area& a, const std::string& query) {
    return kApi + "/areas/" + a.id + "/network/summary?" + query;
  }

  // `kith analyze --area … --summary --format csv ARGS --out FILE`: the file's bytes.
  std::string cli_csv(const Area& a, const std::string& args) {
    const std::string out = dir_.file("summary-" + std::to_string(++cli_runs_) + ".csv");
    CommandRun r = run_command(std::string(KITH_BIN) + " analyze --db " + db_.url + " --area " + a.id +
                               " --summary --format csv " + args + " --out " + out);
    EXPECT_EQ(r.code, 0) << r.out;
    std::ifstream in(out, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  int cli_runs_ = 0;
};

// The whole area's figures, by hand. Degrees: eight 0s, six 1s (s1..s4,
// f0, f1), four 3s (the clique), one 4 (s0); 11 ties among 19 people. One
// group and one place: area totals, which a commissioner sees as "<5".
// The degree bins 0..4: 8, 6, 0, and two small ones (4 and 1), so no
// complementary cell is needed (two withheld reveal only their sum).
enum class Viewer { researcher, commissioner };
std::vector<Row> area_rows(Viewer v = Viewer::commissioner) {
  // Gini, sorted ascending: 2·Σ i·x_i / (n·Σx) − (n+1)/n with Σx = 22 and
  // Σ i·x_i = (9+…+14) + 3·(15+…+18) + 4·19 = 69 + 198 + 76 = 343.
  const double gini = 2.0 * 343 / (19 * 22) - 20.0 / 19;
  // Communities are the components (the clique, the star, the pair and each
  // person alone): Q = Σ L_c/m − (K_c/2m)² = 11/11 − (12² + 8² + 2²)/22².
  const double modularity = 1 - (144.0 + 64 + 4) / 484;
  return {
      count("people", "area", "", "", "19"),
      count("ties", "area", "", "", "11"),
      v == Viewer::researcher ? count("groups", "area", "", "", "1") : withheld("groups", "area", "", "", "<5", kSmall),
      v == Viewer::researcher ? count("places", "area", "", "", "1") : withheld("places", "area", "", "", "<5", kSmall),
      figure("density", "area", "", "", 11.0 / 171),  // 19·18/2 = 171 pairs
      figure("Gini of degree", "area", "", "", gini),
      count("components", "area", "", "", "11"),
      count("communities", "area", "", "", "11"),
      figure("modularity", "area", "", "", modularity),
      count("no ties", "area", "", "", "8", near(8.0 / 19)),
      count("one tie", "area", "", "", "6", near(6.0 / 19)),
      withheld("no weekly contact", "area", "", "", "<5", kSmall),  // f0, f1
      withheld("family-only ties", "area", "", "", "<5", kSmall),   // f0, f1
      count("people with 0 contacts", "area", "", "", "8"),
      count("people with 1 contact", "area", "", "", "6"),
      count("people with 2 contacts", "area", "", "", "0"),
      withheld("people with 3 contacts", "area", "", "", "<5", kSmall),  // the clique
      withheld("people with 4 contacts", "area", "", "", "<5", kSmall),  // s0
  };
}

// The group: ten member pairs, none tied or sharing another venue; five
// communities; in the two-mode graph it lies on those ten pairs' paths, over
// NetworkX's largest possible value for 2 venues and 19 people, 171 + 18.
// The place has three members: only that they are few is shown.
std::vector<Row> venue_rows(const Area& a) {
  const std::string g = "'" + kFormulaName;
  return {
      count("members", "group", g, a.group, "5"),
      count("only-link pairs", "group", g, a.group, "10"),
      count("communities spanned", "group", g, a.group, "5"),
      figure("betweenness", "group", g, a.group, 10.0 / 189),
      withheld("members", "place", "'" + kAtName, a.place, "<5", kSmall + kRest),
  };
}

// By postcode district: LS8 (2 people) is small, and the people column's
// total is published, so the next smallest, LS7 (7), is withheld with it.
// In LS6 (10): ties inside are the clique's 6 and s0-s1, s0-s2, of 45 pairs;
// degrees 0,0,0,1,1,3,3,3,3,4; communities: clique, star, i0, i1, i2; no ties
// 3 and one tie 2 are small.
std::vector<Row> postcode_rows() {
  const double gini = 2.0 * (4 + 5 + 3 * (6 + 7 + 8 + 9) + 4 * 10) / (10 * 18) - 11.0 / 10;
  return {
      count("people", "postcode_district", "LS6", "", "10"),
      figure("density", "postcode_district", "LS6", "", 8.0 / 45),
      figure("Gini of degree", "postcode_district", "LS6", "", gini),
      count("communities", "postcode_district", "LS6", "", "5"),
      withheld("no ties", "postcode_district", "LS6", "", "<5", kSmall),
      withheld("one tie", "postcode_district", "LS6", "", "<5", kSmall),
      count("no weekly contact", "postcode_district", "LS6", "", "0", "0.0"),
      count("family-only ties", "postcode_district", "LS6", "", "0", "0.0"),
      withheld("people", "postcode_district", "LS7", "", "withheld", kComplement + kRest),
      withheld("people", "postcode_district", "LS8", "", "<5", kSmall + kRest),
  };
}

// By birth band every group has 5 people or more. In the no-ties column the
// 1950s' 2 is small, so the smallest other non-zero cell, the 1990s' 6, is
// withheld too. The 1970s' no-weekly and family-only 2s are the only
// non-zero cells of their columns: nothing else could give them away.
std::vector<Row> band_rows() {
  return {
      count("people", "birth_band", "1950s", "", "7"),
      figure("density", "birth_band", "1950s", "", 6.0 / 21),
      // degrees 0,0,3,3,3,3,4: Σx = 16, Σ i·x_i = 3·(3+4+5+6) + 4·7 = 82
      figure("Gini of degree", "birth_band", "1950s", "", 2.0 * 82 / (7 * 16) - 8.0 / 7),
      count("communities", "birth_band", "1950s", "", "4"),  // clique, star, i0, i1
      withheld("no ties", "birth_band", "1950s", "", "<5", kSmall),
      count("one tie", "birth_band", "1950s", "", "0", "0.0"),
      count("no weekly contact", "birth_band", "1950s", "", "0", "0.0"),
      count("family-only ties", "birth_band", "1950s", "", "0", "0.0"),
      count("people", "birth_band", "1970s", "", "6"),
      figure("density", "birth_band", "1970s", "", 1.0 / 15),  // only f0-f1 inside
      figure("Gini of degree", "birth_band", "1970s", "", 0.0),  // everyone has one contact
      count("communities", "birth_band", "1970s", "", "2"),
      count("no ties", "birth_band", "1970s", "", "0", "0.0"),
      count("one tie", "birth_band", "1970s", "", "6", "1.0"),
      withheld("no weekly contact", "birth_band", "1970s", "", "<5", kSmall),
      withheld("family-only ties", "birth_band", "1970s", "", "<5", kSmall),
      count("people", "birth_band", "1990s", "", "6"),
      {"density", "birth_band", "1990s", "", "", "0.0", "0.0", ""},
      {"Gini of degree", "birth_band", "1990s", "", "", "", "", "not defined"},  // nobody has a contact
      count("communities", "birth_band", "1990s", "", "6"),
      withheld("no ties", "birth_band", "1990s", "", "withheld", kComplement),
      count("one tie", "birth_band", "1990s", "", "0", "0.0"),
      count("no weekly contact", "birth_band", "1990s", "", "0", "0.0"),
      count("family-only ties", "birth_band", "1990s", "", "0", "0.0"),
  };
}

std::vector<Row> concat(std::initializer_list<std::vector<Row>> parts) {
  std::vector<Row> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

TEST_F(ApiSummaryCsv, ACommissionerGetsEveryFigureWithSmallCountsWithheld) {
  const Area a = build();
  HttpClient commissioner = as("comm", "commissioner", a.id);
  HttpReply r = commissioner.get(summary(a, "by=postcode_district&format=csv"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(r.header("Content-Disposition"),
            "attachment; filename=\"kith-" + a.id + "-summary-by-postcode_district.csv\"");
  ASSERT_EQ(r.body.rfind("measure,scope,group,id,count,value,shown,note\r\n", 0), 0u) << r.body;
  expect_rows(csv_rows(r.body), concat({{kHeader}, area_rows(), venue_rows(a), postcode_rows()}));

  // The withheld numbers (2, 3 and 7) and their shares appear in no cell,
  // and no person is named: brokers are for those who may see individuals.
  const std::set<std::string> leaks = {"2", "3", "7", "0.2", "0.3", "0.10526315789473684", "0.3684210526315789"};
  for (const Row& row : csv_rows(r.body))
    for (const std::string& cell : row) EXPECT_FALSE(leaks.count(cell)) << cell << " in " << joined(row);
  for (const auto& id : a.people) EXPECT_EQ(r.body.find(id), std::string::npos) << id;
  EXPECT_EQ(r.body.find("broker"), std::string::npos);
}

// The area's own totals are counts too. Six people with three ties: the
// people are shown, the ties are not, and nor are density (3 of 15 pairs),
// the Gini of degree or modularity, from which with six people the three
// would follow. A researcher sees every figure.
TEST_F(ApiSummaryCsv, ACommissionerDoesNotSeeASmallAreaTotalOrWhatGivesItBack) {
  const std::string area = create_area("Gipton")["id"];
  std::vector<std::string> p;
  for (int i = 0; i < 6; ++i) p.push_back(person(area, "g" + std::to_string(i), "LS9", "1960s"));
  create_tie(area, p[0], p[1]);
  create_tie(area, p[1], p[2]);
  create_tie(area, p[3], p[4]);
  const std::string path = kApi + "/areas/" + area + "/network/summary";

  HttpClient commissioner = as("comm", "commissioner", area);
  HttpReply r = commissioner.get(path);
  ASSERT_EQ(r.status, 200) << r.body;
  const json graph = r.json()["graph"];
  EXPECT_EQ(graph["people"], 6);
  EXPECT_EQ(graph["people_shown"], "6");
  EXPECT_TRUE(graph["ties"].is_null()) << graph;
  EXPECT_EQ(graph["ties_shown"], "<5");
  EXPECT_TRUE(graph["density"].is_null()) << graph;
  EXPECT_TRUE(graph["gini_degree"].is_null()) << graph;
  EXPECT_TRUE(graph["modularity"].is_null()) << graph;
  HttpReply csv = commissioner.get(path + "?format=csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  const std::vector<Row> rows = csv_rows(csv.body);
  ASSERT_GE(rows.size(), 4u);
  EXPECT_EQ(rows[1], (Row{"people", "area", "", "", "6", "", "6", ""}));
  EXPECT_EQ(rows[2], (Row{"ties", "area", "", "", "", "", "<5", kSmall}));
  EXPECT_EQ(rows[3], (Row{"groups", "area", "", "", "0", "", "0", ""}));
  EXPECT_EQ(rows[4], (Row{"places", "area", "", "", "0", "", "0", ""}));
  EXPECT_EQ(rows[5], (Row{"density", "area", "", "", "", "", "", "not defined"}));
  // Degrees 1,2,1,1,1,0: the bins would give the ties back (half of 6), so
  // all three are withheld, the zero-contacts bin (1 person) as small.
  const json bins = r.json()["degree_distribution"];
  ASSERT_EQ(bins.size(), 3u) << bins;
  for (const auto& b : bins) EXPECT_TRUE(b["people"]["count"].is_null()) << b;
  EXPECT_EQ(bins[1]["people"]["shown"], "<5");  // 4 people with one contact
  EXPECT_EQ(csv.body.find("0.2,"), std::string::npos) << csv.body;  // 3/15, the density withheld

  HttpClient researcher = as("rosa", "researcher", area);
  HttpReply full = researcher.get(path);
  ASSERT_EQ(full.status, 200) << full.body;
  const json all = full.json()["graph"];
  EXPECT_EQ(all["ties"], 3);
  EXPECT_EQ(all["ties_shown"], "3");
  EXPECT_DOUBLE_EQ(all["density"].get<double>(), 3.0 / 15);

  // An area of four people: the people total is withheld as well.
  const std::string tiny = create_area("Fearnville")["id"];
  std::vector<std::string> q;
  for (int i = 0; i < 4; ++i) q.push_back(person(tiny, "f" + std::to_string(i), "LS8", "1960s"));
  for (int i = 0; i < 3; ++i) create_tie(tiny, q[i], q[i + 1]);
  HttpClient other = as("comm2", "commissioner", tiny);
  HttpReply small = other.get(kApi + "/areas/" + tiny + "/network/summary");
  ASSERT_EQ(small.status, 200) << small.body;
  EXPECT_TRUE(small.json()["graph"]["people"].is_null()) << small.body;
  EXPECT_EQ(small.json()["graph"]["people_shown"], "<5");
}

TEST_F(ApiSummaryCsv, BreakdownByBirthBandWithholdsAComplementaryIsolationCell) {
  const Area a = build();
  HttpClient commissioner = as("comm", "commissioner", a.id);
  HttpReply r = commissioner.get(summary(a, "format=csv&by=birth_band"));
  ASSERT_EQ(r.status, 200) << r.body;
  expect_rows(csv_rows(r.body), concat({{kHeader}, area_rows(), venue_rows(a), band_rows()}));
}

TEST_F(ApiSummaryCsv, AFormulaInAVenueNameComesOutQuotedAsText) {
  const Area a = build();
  HttpReply r = http().get(summary(a, "format=csv"));
  ASSERT_EQ(r.status, 200) << r.body;
  // RFC 4180: quoted (it holds a comma and quotes), the quotes doubled, and a
  // single quote first so that a spreadsheet reads text, not a formula.
  EXPECT_NE(r.body.find("\r\nmembers,group,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\"," + a.group +
                        ",5,,5,\r\n"),
            std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\r\nmembers,place,'@Cafe," + a.place + ",,,<5,"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find(",=HYPERLINK"), std::string::npos);
  EXPECT_EQ(r.body.find(",\"=HYPERLINK"), std::string::npos);
  EXPECT_EQ(r.body.find(",@Cafe"), std::string::npos);
}

// The same figures; a researcher also gets the one broker, s0: on the 6
// paths between its leaves, of 18·17/2 pairs; constraint 4·(1/4)² with no
// ties among its contacts.
TEST_F(ApiSummaryCsv, AResearcherAlsoGetsTheBrokersACommissionerDoesNot) {
  const Area a = build();
  HttpClient researcher = as("res", "researcher", a.id);
  HttpReply theirs = researcher.get(summary(a, "format=csv"));
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  std::vector<Row> rows = csv_rows(theirs.body);
  ASSERT_EQ(rows.size(), 1 + 18 + 3 + 5u) << theirs.body;
  const std::string label = rows[21][5];  // the community's label: numbered by storage order
  EXPECT_FALSE(label.empty());
  EXPECT_EQ(label.find_first_not_of("0123456789"), std::string::npos) << label;
  const std::vector<Row> brokers = {
      figure("normalised betweenness", "broker", "", a.broker, 6.0 / 153),
      figure("constraint", "broker", "", a.broker, 0.25),
      {"community", "broker", "", a.broker, "", label, label, ""},
  };
  expect_rows(rows, concat({{kHeader}, area_rows(Viewer::researcher), brokers, venue_rows(a)}));

  HttpClient commissioner = as("comm", "commissioner", a.id);
  HttpReply mine = commissioner.get(summary(a, "format=csv"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  expect_rows(csv_rows(mine.body), concat({{kHeader}, area_rows(), venue_rows(a)}));
  EXPECT_EQ(mine.body.find(a.broker), std::string::npos);
}

// `shown` in the CSV is the JSON's, cell for cell.
TEST_F(ApiSummaryCsv, ShownIsWhatTheJsonShows) {
  const Area a = build();
  HttpClient commissioner = as("comm", "commissioner", a.id);
  const json j = commissioner.get(summary(a, "by=postcode_district")).json();
  const std::vector<Row> rows = csv_rows(commissioner.get(summary(a, "by=postcode_district&format=csv")).body);
  auto shown = [&](const std::string& measure, const std::string& scope, const std::string& group) {
    for (const Row& r : rows)
      if (r[0] == measure && r[1] == scope && r[2] == group) return r[6];
    return std::string("(no row)");
  };
  const std::pair<const char*, const char*> classes[] = {{"no_ties", "no ties"},
                                                         {"one_tie", "one tie"},
                                                         {"no_weekly_contact", "no weekly contact"},
                                                         {"family_only_ties", "family-only ties"}};
  for (const auto& [key, measure] : classes) EXPECT_EQ(shown(measure, "area", ""), j["isolation"][key]["shown"]) << key;
  EXPECT_EQ(shown("groups", "area", ""), j["graph"]["groups_shown"]);
  EXPECT_EQ(shown("places", "area", ""), j["graph"]["places_shown"]);
  ASSERT_EQ(j["degree_distribution"].size(), 5u) << j["degree_distribution"];
  EXPECT_EQ(shown("people with 1 contact", "area", ""), j["degree_distribution"][1]["people"]["shown"]);
  EXPECT_EQ(shown("people with 3 contacts", "area", ""), j["degree_distribution"][3]["people"]["shown"]);
  const json groups = j["breakdown"]["groups"];
  ASSERT_EQ(groups.size(), 3u);
  for (const auto& g : groups) EXPECT_EQ(shown("people", "postcode_district", g["value"]), g["people"]["shown"]) << g;
  for (const auto& [key, measure] : classes)
    EXPECT_EQ(shown(measure, "postcode_district", "LS6"), groups[0]["isolation"][key]["shown"]) << key;
}

TEST_F(ApiSummaryCsv, AnUnknownFormatIsRefusedNamingFormat) {
  const Area a{create_area("Gledhow")["id"], {}, {}, {}, {}};
  for (const std::string f : {"xml", "CSV", ""}) {
    HttpReply r = http().get(summary(a, "format=" + f));
    EXPECT_EQ(r.status, 400) << f << " -> " << r.body;
    EXPECT_EQ(r.error_field(), "format") << r.body;
    EXPECT_NE(r.error_message().find("csv"), std::string::npos) << r.body;
  }
  HttpReply as_json = http().get(summary(a, "format=json"));
  ASSERT_EQ(as_json.status, 200) << as_json.body;
  EXPECT_EQ(as_json.header("Content-Type"), "application/json");
  EXPECT_EQ(as_json.json(), http().get(kApi + "/areas/" + a.id + "/network/summary").json());
  HttpReply dated = http().get(summary(a, "format=csv&at=2030-01-31"));
  ASSERT_EQ(dated.status, 200) << dated.body;
  EXPECT_EQ(dated.header("Content-Disposition"), "attachment; filename=\"kith-" + a.id + "-summary-at-2030-01-31.csv\"");
}

// The command line prints the API's bytes: the commissioner's with
// --aggregates-only, the full view without.
TEST_F(ApiSummaryCsv, TheCommandLinePrintsTheSameBytesAsTheApi) {
  const Area a = build();
  HttpClient commissioner = as("comm", "commissioner", a.id);
  HttpReply theirs = commissioner.get(summary(a, "by=postcode_district&format=csv"));
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(cli_csv(a, "--by postcode_district --aggregates-only"), theirs.body);
  HttpReply full = http().get(summary(a, "by=birth_band&format=csv"));
  ASSERT_EQ(full.status, 200) << full.body;
  ASSERT_NE(full.body.find(a.broker), std::string::npos) << "the admin's view names the broker, so this can fail";
  EXPECT_EQ(cli_csv(a, "--by birth_band"), full.body);

  // As kith serve --suppress-below: the area's 8 with no ties and 6 with one tie are small under 10.
  const std::string strict = cli_csv(a, "--aggregates-only --suppress-below 10");
  EXPECT_NE(strict.find("\r\nno ties,area,,,,,<10,withheld: a count from 1 to 9\r\none tie,area,,,,,<10,"),
            std::string::npos)
      << strict;
  CommandRun lower = run_command(std::string(KITH_BIN) + " analyze --db " + db_.url + " --area " + a.id +
                                 " --summary --suppress-below 4");
  EXPECT_EQ(lower.code, 2) << lower.out;  // never below 5

  CommandRun bad = run_command(std::string(KITH_BIN) + " analyze --db " + db_.url + " --area " + a.id +
                               " --summary --by income");
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("by"), std::string::npos) << bad.out;
  CommandRun loose = run_command(std::string(KITH_BIN) + " analyze --db " + db_.url + " --area " + a.id +
                                 " --aggregates-only");
  EXPECT_EQ(loose.code, 2) << loose.out;  // --aggregates-only is for --summary
}

}  // namespace
}  // namespace kith::test
