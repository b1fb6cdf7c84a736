// The demo neighbourhood generator, written to a real store (SQLite, or
// PostgreSQL when KITH_TEST_ENGINE=postgresql) and read back: determinism,
// shape of the network, and scores that follow connectedness.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "kith/core/ids.hpp"
#include "kith/domain/demo/demo.hpp"
#include "kith/exchange/exchange.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/store.hpp"
#include "support/test_support.hpp"

namespace {

using namespace kith;
using domain::DemoData;
using domain::DemoOptions;
using json = nlohmann::json;
namespace st = kith::store;

// Everything in one area as stored, each entity's records in id order.
struct Loaded {
  json area;
  std::map<std::string, std::vector<json>> records;  // by plural
};

std::unique_ptr<st::Store> open_fresh(const test::TempDir& dir) {
  auto s = st::open_store(test::fresh_db_url(dir));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? std::move(s.value()) : nullptr;
}

Loaded load(st::Store& s, const std::string& area_id) {
  Loaded out;
  auto r = s.read([&](st::Connection& c) -> Result<void> {
    st::Repository repo(c);
    auto area = repo.get(model::areas(), area_id);
    if (!area) return area.error();
    out.area = *area;
    for (const model::Entity* e : model::all_entities()) {
      if (!e->area_scoped) continue;
      auto& list = out.records[std::string(e->plural)];
      KITH_TRY(st::scan_area(c, *e, area_id, false, [&](st::StoredRecord&& rec) -> Result<void> {
        list.push_back(st::record_json(*e, rec, area_id));
        return {};
      }));
    }
    return {};
  });
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return out;
}

DemoData generate(int people, uint64_t seed) {
  auto d = domain::generate_demo(DemoOptions{.people = people, .seed = seed, .area_name = {}});
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
  return d.ok() ? std::move(d.value()) : DemoData{};
}

domain::DemoSummary write(st::Store& s, const DemoData& d) {
  auto sum = domain::write_demo(s, d);
  EXPECT_TRUE(sum.ok()) << (sum.ok() ? "" : sum.error().message);
  return sum.ok() ? *sum : domain::DemoSummary{};
}

std::vector<json> sorted_by_id(std::vector<json> v) {
  std::sort(v.begin(), v.end(), [](const json& a, const json& b) { return a["id"] < b["id"]; });
  return v;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  double mx = 0, my = 0;
  for (size_t i = 0; i < x.size(); ++i) mx += x[i], my += y[i];
  mx /= static_cast<double>(x.size());
  my /= static_cast<double>(y.size());
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

// ---- options and the scores format ----------------------------------------

TEST(DemoOptionsTest, RefusesPeopleOutOfRange) {
  for (int n : {0, -5, domain::kDemoPeopleMax + 1}) {
    auto d = domain::generate_demo(DemoOptions{.people = n, .seed = 1, .area_name = {}});
    ASSERT_FALSE(d.ok()) << n;
    EXPECT_EQ(d.error().code, Errc::invalid);
    EXPECT_EQ(d.error().field, "people");
    EXPECT_NE(d.error().message.find("from 1 to 100000"), std::string::npos) << d.error().message;
  }
}

TEST(DemoOptionsTest, RefusesOverlongAreaName) {
  auto d = domain::generate_demo(DemoOptions{.people = 10, .seed = 1, .area_name = std::string(201, 'x')});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field, "area_name");
}

TEST(DemoOptionsTest, UsesTheGivenAreaName) {
  auto d = generate(20, 3);
  auto named = domain::generate_demo(DemoOptions{.people = 20, .seed = 3, .area_name = "Our Street"});
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->area["name"], "Our Street");
  EXPECT_NE(d.area["name"], "Our Street");
  EXPECT_EQ(named->people, d.people);  // the name changes nothing else
}

TEST(DemoScoresTest, FormatsAndParses) {
  EXPECT_EQ(domain::format_demo_scores({7, 18}), "demo-scores: ucla3=7 swemwbs=18");
  auto s = domain::parse_demo_scores("Met at the food bank. demo-scores: ucla3=9 swemwbs=35");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->ucla3, 9);
  EXPECT_EQ(s->swemwbs, 35);
}

TEST(DemoScoresTest, RefusesMissingMalformedAndOutOfRange) {
  for (const char* notes : {"", "ucla3=5 swemwbs=20", "demo-scores: ucla3=2 swemwbs=20",
                            "demo-scores: ucla3=10 swemwbs=20", "demo-scores: ucla3=5 swemwbs=6",
                            "demo-scores: ucla3=5 swemwbs=36", "demo-scores: ucla3=x swemwbs=20",
                            "demo-scores: ucla3=5 wemwbs=20", "demo-scores: ucla3=5"})
    EXPECT_FALSE(domain::parse_demo_scores(notes).has_value()) << notes;
}

TEST(DemoGenerateTest, GroupsAndPlacesScaleWithPeopleWithin30To60) {
  EXPECT_EQ(generate(50, 1).groups.size() + generate(50, 1).places.size(), 30u);
  auto mid = generate(2000, 1);
  EXPECT_EQ(mid.groups.size() + mid.places.size(), 50u);
  auto big = generate(6000, 1);
  EXPECT_EQ(big.groups.size() + big.places.size(), 60u);
}

TEST(DemoGenerateTest, EveryGroupAndPlaceKindAppearsWithDistinctNames) {
  auto d = generate(1000, 11);
  std::set<std::string> kinds, names;
  for (const auto* list : {&d.groups, &d.places})
    for (const auto& v : *list) {
      kinds.insert(v["kind"].get<std::string>());
      EXPECT_TRUE(names.insert(v["name"].get<std::string>()).second) << v["name"];
    }
  EXPECT_EQ(kinds.size(), model::kGroupKinds.size() + model::kPlaceKinds.size());
  for (const auto& p : d.places) EXPECT_FALSE(p["opening_times"].is_null()) << p["name"];
}

TEST(DemoGenerateTest, CoordinatesLieInsideTheAreaBox) {
  auto d = generate(500, 5);
  const json& box = d.area["bbox"];
  for (const auto* list : {&d.groups, &d.places})
    for (const auto& v : *list) {
      EXPECT_GT(v["lon"].get<double>(), box[0].get<double>());
      EXPECT_GT(v["lat"].get<double>(), box[1].get<double>());
      EXPECT_LT(v["lon"].get<double>(), box[2].get<double>());
      EXPECT_LT(v["lat"].get<double>(), box[3].get<double>());
    }
}

TEST(DemoGenerateTest, NamesComeInTheirOwnScripts) {
  auto d = generate(2000, 1);
  int arabic_script = 0, han = 0, polish_letters = 0;
  std::set<std::string> districts, households;
  for (const auto& p : d.people) {
    std::string n = p["display_name"].get<std::string>();
    for (size_t i = 0; i < n.size(); ++i) {
      auto b = static_cast<unsigned char>(n[i]);
      if (b >= 0xD8 && b <= 0xDB) { ++arabic_script; break; }  // U+0600..U+06FF
      if (b >= 0xE4 && b <= 0xE9) { ++han; break; }           // U+4E00..U+9FFF
      if (b == 0xC5 && i + 1 < n.size() && (static_cast<unsigned char>(n[i + 1]) == 0x81 ||
                                           static_cast<unsigned char>(n[i + 1]) == 0x82)) { ++polish_letters; break; }
    }
    districts.insert(p["postcode_district"].get<std::string>());
    households.insert(p["household"].get<std::string>());
  }
  EXPECT_GT(arabic_script, 0);
  EXPECT_GT(han, 0);
  EXPECT_GT(polish_letters, 0);
  EXPECT_GE(districts.size(), 2u);
  EXPECT_LE(districts.size(), 4u);
  // Households of 1 to 6: between a sixth and a whole of the people.
  EXPECT_GT(households.size(), d.people.size() / 6);
  EXPECT_LT(households.size(), d.people.size());
}

// ---- determinism, through the store -----------------------------------------

TEST(DemoStoreTest, SameSeedWritesIdenticalRecordsToTwoDatabases) {
  test::TempDir dir_a, dir_b;
  auto a = open_fresh(dir_a), b = open_fresh(dir_b);
  ASSERT_TRUE(a && b);
  auto sum_a = write(*a, generate(400, 7));
  auto sum_b = write(*b, generate(400, 7));
  ASSERT_EQ(sum_a.area_id, sum_b.area_id);
  Loaded la = load(*a, sum_a.area_id), lb = load(*b, sum_b.area_id);
  EXPECT_EQ(la.area.dump(), lb.area.dump());
  for (const auto& [plural, records] : la.records) {
    ASSERT_EQ(records.size(), lb.records[plural].size()) << plural;
    EXPECT_EQ(json(records).dump(), json(lb.records[plural]).dump()) << plural;
  }
  EXPECT_EQ(la.records["people"].size(), 400u);
  // The exchange format too: what a worker would download.
  const std::pair<exchange::Format, const char*> exports[] = {
      {exchange::Format::json, ""}, {exchange::Format::kumu, "elements"}, {exchange::Format::kumu, "connections"}};
  for (const auto& [format, part] : exports) {
    auto ea = exchange::export_data(*a, sum_a.area_id, format, part, model::Actor{});
    auto eb = exchange::export_data(*b, sum_b.area_id, format, part, model::Actor{});
    ASSERT_TRUE(ea.ok() && eb.ok()) << (ea.ok() ? eb.error().message : ea.error().message);
    EXPECT_EQ(*ea, *eb) << exchange::format_name(format) << " " << part;
    EXPECT_GT(ea->size(), 10000u) << exchange::format_name(format) << " " << part;
  }
}

TEST(DemoStoreTest, StoredRecordsAreTheGeneratedOnes) {
  test::TempDir dir;
  auto s = open_fresh(dir);
  ASSERT_TRUE(s);
  auto d = generate(300, 21);
  auto sum = write(*s, d);
  EXPECT_EQ(sum.people, 300);
  EXPECT_EQ(sum.ties, static_cast<int64_t>(d.ties.size()));
  EXPECT_EQ(sum.affiliations, static_cast<int64_t>(d.affiliations.size()));
  Loaded l = load(*s, sum.area_id);
  EXPECT_EQ(sorted_by_id(l.records["people"]), sorted_by_id(d.people));
  EXPECT_EQ(sorted_by_id(l.records["groups"]), sorted_by_id(d.groups));
  EXPECT_EQ(sorted_by_id(l.records["places"]), sorted_by_id(d.places));
  EXPECT_EQ(sorted_by_id(l.records["ties"]), sorted_by_id(d.ties));
  EXPECT_EQ(sorted_by_id(l.records["affiliations"]), sorted_by_id(d.affiliations));
  EXPECT_EQ(l.area["name"], d.area["name"]);
  EXPECT_EQ(l.area["bbox"], d.area["bbox"]);
  EXPECT_GE(l.area["register_revision"].get<int64_t>(), 1);
}

TEST(DemoStoreTest, DifferentSeedsDifferAndLiveSideBySide) {
  auto d7 = generate(200, 7), d8 = generate(200, 8);
  EXPECT_NE(d7.area["id"], d8.area["id"]);
  EXPECT_NE(d7.people[0]["id"], d8.people[0]["id"]);
  int same_names = 0;
  for (size_t i = 0; i < d7.people.size(); ++i) same_names += d7.people[i]["display_name"] == d8.people[i]["display_name"];
  EXPECT_LT(same_names, 20);

  test::TempDir dir;
  auto s = open_fresh(dir);
  ASSERT_TRUE(s);
  auto s7 = write(*s, d7), s8 = write(*s, d8);
  // Every tie and affiliation stays inside its own area.
  for (const auto& sum : {s7, s8}) {
    Loaded l = load(*s, sum.area_id);
    std::set<std::string> people, venues;
    for (const auto& p : l.records["people"]) people.insert(p["id"].get<std::string>());
    for (const auto& g : l.records["groups"]) venues.insert(g["id"].get<std::string>());
    for (const auto& p : l.records["places"]) venues.insert(p["id"].get<std::string>());
    EXPECT_EQ(people.size(), 200u);
    for (const auto& t : l.records["ties"]) {
      EXPECT_TRUE(people.count(t["source_id"].get<std::string>())) << t.dump();
      EXPECT_TRUE(people.count(t["target_id"].get<std::string>())) << t.dump();
    }
    for (const auto& a : l.records["affiliations"]) {
      EXPECT_TRUE(people.count(a["person_id"].get<std::string>())) << a.dump();
      const json& venue = a["group_id"].is_null() ? a["place_id"] : a["group_id"];
      EXPECT_TRUE(venues.count(venue.get<std::string>())) << a.dump();
    }
  }
}

TEST(DemoStoreTest, RefusesToWriteTheSameSeedTwice) {
  test::TempDir dir;
  auto s = open_fresh(dir);
  ASSERT_TRUE(s);
  auto d = generate(50, 9);
  write(*s, d);
  auto again = domain::write_demo(*s, d);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_NE(again.error().message.find("another --seed"), std::string::npos) << again.error().message;
  EXPECT_EQ(load(*s, d.area["id"]).records["people"].size(), 50u);  // nothing half-written
}

// ---- the shape of the network, read back from the store ----------------------

class DemoNetworkTest : public ::testing::Test {
 protected:
  static constexpr int kPeople = 1200;

  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    auto s = st::open_store(test::fresh_db_url(*dir_));
    ASSERT_TRUE(s.ok()) << s.error().message;
    data_ = new DemoData(generate(kPeople, 42));
    auto sum = write(**s, *data_);
    loaded_ = new Loaded(load(**s, sum.area_id));
  }
  static void TearDownTestSuite() {
    delete loaded_;
    delete data_;
    delete dir_;
  }

  void SetUp() override {
    const auto& people = loaded_->records["people"];
    ASSERT_EQ(people.size(), static_cast<size_t>(kPeople));
    for (size_t i = 0; i < people.size(); ++i) index_[people[i]["id"].get<std::string>()] = i;
    adj_.assign(people.size(), {});
    for (const auto& t : loaded_->records["ties"]) {
      size_t a = index_.at(t["source_id"].get<std::string>()), b = index_.at(t["target_id"].get<std::string>());
      adj_[a].insert(b);
      adj_[b].insert(a);
    }
  }

  std::vector<double> degrees() const {
    std::vector<double> d;
    for (const auto& n : adj_) d.push_back(static_cast<double>(n.size()));
    return d;
  }

  static test::TempDir* dir_;
  static DemoData* data_;
  static Loaded* loaded_;
  std::map<std::string, size_t> index_;
  std::vector<std::set<size_t>> adj_;
};

test::TempDir* DemoNetworkTest::dir_ = nullptr;
DemoData* DemoNetworkTest::data_ = nullptr;
Loaded* DemoNetworkTest::loaded_ = nullptr;

TEST_F(DemoNetworkTest, NoSelfTiesAndNoRepeatedPairs) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& t : loaded_->records["ties"]) {
    std::string a = t["source_id"], b = t["target_id"];
    EXPECT_NE(a, b);
    EXPECT_TRUE(pairs.insert(std::minmax(a, b)).second) << "repeated pair " << a << " " << b;
  }
}

TEST_F(DemoNetworkTest, SomeAreIsolatedAndSomeHaveExactlyOneTie) {
  auto d = degrees();
  double isolated = static_cast<double>(std::count(d.begin(), d.end(), 0.0)) / kPeople;
  double one = static_cast<double>(std::count(d.begin(), d.end(), 1.0)) / kPeople;
  EXPECT_GE(isolated, 0.03);
  EXPECT_LE(isolated, 0.12);
  EXPECT_GE(one, 0.02);
}

TEST_F(DemoNetworkTest, DegreesAreHeavyTailed) {
  auto d = degrees();
  std::sort(d.begin(), d.end());
  double median = d[d.size() / 2], most = d.back();
  EXPECT_GE(median, 2.0);
  EXPECT_GE(most, 4 * median) << "median " << median << ", max " << most;
}

TEST_F(DemoNetworkTest, ClusteringIsFarAboveARandomGraphOfTheSameDensity) {
  double n = kPeople, m = static_cast<double>(loaded_->records["ties"].size());
  double density = 2 * m / (n * (n - 1));  // a random graph's expected clustering
  double sum = 0;
  int counted = 0;
  for (const auto& nb : adj_) {
    if (nb.size() < 2) continue;
    std::vector<size_t> v(nb.begin(), nb.end());
    int closed = 0;
    for (size_t i = 0; i < v.size(); ++i)
      for (size_t j = i + 1; j < v.size(); ++j) closed += adj_[v[i]].count(v[j]) ? 1 : 0;
    sum += 2.0 * closed / (static_cast<double>(v.size()) * static_cast<double>(v.size() - 1));
    ++counted;
  }
  double clustering = sum / counted;
  EXPECT_GT(clustering, 10 * density) << "clustering " << clustering << ", density " << density;
  EXPECT_GT(clustering, 0.1);
}

TEST_F(DemoNetworkTest, ScoresInNotesFollowConnectedness) {
  const auto& people = loaded_->records["people"];
  std::vector<double> ucla, wemwbs;
  for (size_t i = 0; i < people.size(); ++i) {
    auto s = domain::parse_demo_scores(people[i]["notes"].get<std::string>());
    ASSERT_TRUE(s.has_value()) << people[i]["notes"];
    ucla.push_back(s->ucla3);
    wemwbs.push_back(s->swemwbs);
  }
  auto d = degrees();
  EXPECT_LT(pearson(d, ucla), -0.2);
  EXPECT_GT(pearson(d, wemwbs), 0.2);
  // The struct the generator returns says the same as the notes.
  for (size_t i = 0; i < data_->people.size(); ++i) {
    size_t at = index_.at(data_->people[i]["id"].get<std::string>());
    EXPECT_EQ(data_->scores[i].ucla3, ucla[at]);
    EXPECT_EQ(data_->scores[i].swemwbs, wemwbs[at]);
  }
}

TEST_F(DemoNetworkTest, TiesSpanTwoSurveyWavesMostlyFromSurveys) {
  int wave1 = 0, wave2 = 0, survey = 0;
  for (const auto& t : loaded_->records["ties"]) {
    std::string from = t["valid_from"];
    wave1 += from.starts_with("2024-03") ? 1 : 0;
    wave2 += from.starts_with("2025-03") ? 1 : 0;
    survey += t["evidence"] == "survey" ? 1 : 0;
    int closeness = t["closeness"];
    if (t["kind"] == "family") {
      EXPECT_GE(closeness, 3);
    }
    if (t["kind"] == "acquaintance") {
      EXPECT_LE(closeness, 3);
    }
  }
  int n = static_cast<int>(loaded_->records["ties"].size());
  EXPECT_EQ(wave1 + wave2, n);
  EXPECT_GT(wave2, n / 10);
  EXPECT_GT(wave1, wave2);
  EXPECT_GT(survey, n * 3 / 4);
}

TEST_F(DemoNetworkTest, MostConsentToResearch) {
  int research = 0;
  for (const auto& p : loaded_->records["people"]) {
    const json& scope = p["consent_scope"];
    research += std::find(scope.begin(), scope.end(), "research") != scope.end() ? 1 : 0;
  }
  EXPECT_GT(research, kPeople * 3 / 4);
  EXPECT_LT(research, kPeople);
}

TEST_F(DemoNetworkTest, GroupSizesAreHeavyTailed) {
  std::map<std::string, int> size;
  for (const auto& a : loaded_->records["affiliations"])
    ++size[(a["group_id"].is_null() ? a["place_id"] : a["group_id"]).get<std::string>()];
  std::vector<int> sizes;
  for (const auto& [id, n] : size) sizes.push_back(n);
  std::sort(sizes.begin(), sizes.end());
  ASSERT_FALSE(sizes.empty());
  EXPECT_GE(sizes.back(), 5 * sizes[sizes.size() / 2]);
  EXPECT_EQ(sizes.size(), loaded_->records["groups"].size() + loaded_->records["places"].size());  // none empty
}

}  // namespace
