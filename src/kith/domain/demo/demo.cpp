#include "kith/domain/demo/demo.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <set>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include "kith/core/assert.hpp"
#include "kith/domain/demo/demo_data.hpp"
#include "kith/exchange/seeded_id.hpp"
#include "kith/graph/random.hpp"
#include "kith/model/validate.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"
#include "kith/model/schema.hpp"

namespace kith::domain {
namespace {

using demo_data::Culture;
using demo_data::Town;
using demo_data::VenueKind;
using demo_data::VenueTemplate;

constexpr int kReferenceYear = 2025;       // ages are as at the second survey wave
constexpr double kIsolateShare = 0.065;    // people with no ties at all
constexpr double kOneTieShare = 0.045;     // people with exactly one tie
constexpr int kStreetsMax = 400;
constexpr int kPeoplePerStreet = 45;
constexpr int kAffiliationsPerPersonMax = 7;
constexpr int kGroupTiesPerMembershipMax = 30;
constexpr double kSociabilityMax = 16;
constexpr size_t kDegreeMax = 60;  // even a community organiser names so many
constexpr int kConnectorsMax = 6;
constexpr int kConnectorClientsMax = 45;
constexpr int kPickTriesMax = 40;  // rejection sampling gives up after this many draws

// Each entity draws ids from its own counter space so ids never repeat.
enum class IdSpace : uint64_t { area = 0, person = 1, group = 2, place = 3, tie = 4, affiliation = 5 };

std::string demo_id(std::string_view prefix, uint64_t seed, IdSpace space, uint64_t n) {
  return exchange::seeded_id(prefix, seed, (static_cast<uint64_t>(space) << 40) | n);
}

// kith's splitmix64 with our own distributions: std:: distributions differ
// between standard libraries, and the demo must be the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed ^ 0x6b6974682d64656dULL) {}
  uint64_t next() { return graph::splitmix64(state_); }
  size_t below(size_t n) {
    assert(n > 0);
    return static_cast<size_t>(next() % n);
  }
  int between(int lo, int hi) {
    assert(lo <= hi);
    return lo + static_cast<int>(below(static_cast<size_t>(hi - lo) + 1));
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  double normal() {
    double u1 = 1.0 - unit(), u2 = unit();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  // Pareto with minimum 1: most values near 1, a few very large.
  double pareto(double alpha) { return std::pow(1.0 - unit(), -1.0 / alpha); }
  int poisson(double mean) {
    double limit = std::exp(-mean), p = 1;
    int k = 0;
    do {
      ++k;
      p *= unit();
    } while (p > limit && k < 1000);
    return k - 1;
  }
  size_t weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    assert(total > 0);
    double r = unit() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      r -= w[i];
      if (r < 0) return i;
    }
    return w.size() - 1;
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  uint64_t state_;
};

double round6(double x) { return std::round(x * 1e6) / 1e6; }

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::string birth_band(int birth_year) {
  if (birth_year < 1930) return "before_1930";
  return std::to_string(birth_year / 10 * 10) + "s";
}

// March survey fortnights: wave 1 in 2024, wave 2 in 2025.
std::string wave_date(Rng& rng, int wave) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-03-%02d", wave == 1 ? 2024 : 2025, rng.between(4, 28));
  return buf;
}

struct Street {
  std::string name;
  std::string district;
  std::vector<int> people;  // in house-number order
  int next_number = 1;
};

enum class Reserve { open, isolate, one_tie };
enum class Bond { family, sharers };

struct Household {
  int street = 0;
  std::string label;
  int culture = 0;
  bool native_script = false;
  int wave = 1;
  Bond bond = Bond::family;
  std::vector<int> members;
};

struct Draft {
  int household = 0;
  int age = 0;
  bool female = false;
  int culture = 0;
  double sociability = 1;
  Reserve reserve = Reserve::open;
  std::vector<int> venues;
};

struct Venue {
  bool is_place = false;
  const VenueKind* kind = nullptr;
  std::string name;
  std::vector<std::string_view> tags;
  std::string_view description;
  double lat = 0, lon = 0;
  std::string address;
  std::string contact;
  double popularity = 1;
  std::vector<int> members;
};

struct TieDraft {
  int a = 0, b = 0;
  std::string_view kind;
  int closeness = 1;
  std::string_view frequency;
  std::string_view named_by;
  std::string_view evidence;
  int wave = 1;
};

struct Bbox {
  double west, south, east, north;
};

class Generator {
 public:
  explicit Generator(const DemoOptions& o) : opt_(o), rng_(o.seed) {}

  Result<DemoData> run() {
    choose_town();
    make_streets();
    make_households();
    reserve_loners();
    make_venues();
    make_affiliations();
    make_ties();
    return build_records();
  }

 private:
  const DemoOptions& opt_;
  Rng rng_;
  const Town* town_ = nullptr;
  std::vector<std::string_view> districts_;
  Bbox box_{};
  std::vector<Street> streets_;
  std::vector<Household> households_;
  std::vector<Draft> people_;
  std::vector<Venue> venues_;
  std::vector<TieDraft> ties_;
  std::set<std::pair<int, int>> tied_;
  std::vector<std::vector<int>> adjacent_;

  // ---- place --------------------------------------------------------------

  void choose_town() {
    town_ = &rng_.pick(demo_data::towns());
    districts_ = town_->districts;
    rng_.shuffle(districts_);
    int keep = rng_.between(2, std::min<int>(4, static_cast<int>(districts_.size())));
    districts_.resize(static_cast<size_t>(keep));
    // About 2.7 km across, the size of two or three wards.
    double lat = town_->lat + (rng_.unit() - 0.5) * 0.004, lon = town_->lon + (rng_.unit() - 0.5) * 0.006;
    box_ = {round6(lon - 0.02), round6(lat - 0.012), round6(lon + 0.02), round6(lat + 0.012)};
  }

  double lat_inside() { return round6(box_.south + (0.05 + 0.9 * rng_.unit()) * (box_.north - box_.south)); }
  double lon_inside() { return round6(box_.west + (0.05 + 0.9 * rng_.unit()) * (box_.east - box_.west)); }

  std::string street_name(std::set<std::string>& taken) {
    for (int tries = 0; tries < 200; ++tries) {
      std::string name;
      if (town_->wales && rng_.chance(0.3))
        name = std::string(rng_.pick(demo_data::kWelshStreetHeads)) + " " +
               std::string(rng_.pick(demo_data::kWelshStreetObjects));
      else
        name = std::string(rng_.pick(demo_data::kStreetStems)) + " " +
               std::string(rng_.pick(demo_data::kStreetSuffixes));
      if (taken.insert(name).second) return name;
    }
    // Only reachable if the lists shrink below kStreetsMax combinations.
    std::string name = "Street " + std::to_string(taken.size() + 1);
    taken.insert(name);
    return name;
  }

  void make_streets() {
    int count = std::clamp(opt_.people / kPeoplePerStreet + 3, 3, kStreetsMax);
    std::set<std::string> taken;
    for (int i = 0; i < count; ++i) {
      Street s;
      s.name = street_name(taken);
      s.district = std::string(districts_[static_cast<size_t>(i) * districts_.size() / static_cast<size_t>(count)]);
      streets_.push_back(std::move(s));
    }
  }

  // ---- people -------------------------------------------------------------

  int household_size(int remaining) {
    // England and Wales 2021: a third of households are one person.
    static const std::vector<double> kShares = {0.34, 0.33, 0.14, 0.12, 0.045, 0.025};
    return std::min(remaining, static_cast<int>(rng_.weighted(kShares)) + 1);
  }

  int pick_culture() {
    std::vector<double> w;
    for (const auto& c : demo_data::cultures()) w.push_back(town_->wales ? c.weight_wales : c.weight_england);
    return static_cast<int>(rng_.weighted(w));
  }

  int add_person(int household, int age, bool female, int culture) {
    Draft d;
    d.household = household;
    d.age = std::clamp(age, 0, 102);
    d.female = female;
    d.culture = culture;
    // Heavy-tailed: most people know a handful, a few know everybody.
    d.sociability = std::min(kSociabilityMax, rng_.pareto(1.9));
    if (d.age >= 75) d.sociability = std::max(1.0, d.sociability * 0.75);
    people_.push_back(d);
    int id = static_cast<int>(people_.size()) - 1;
    households_[static_cast<size_t>(household)].members.push_back(id);
    return id;
  }

  // Ages and genders of a household of `size`, written as people.
  void fill_household(int h, int size) {
    Household& hh = households_[static_cast<size_t>(h)];
    int c = hh.culture;
    if (size == 1) {
      int age = rng_.chance(0.45) ? rng_.between(65, 97) : rng_.between(19, 64);
      add_person(h, age, rng_.chance(age >= 65 ? 0.62 : 0.48), c);
      return;
    }
    if (hh.bond == Bond::sharers) {
      for (int i = 0; i < size; ++i) add_person(h, rng_.between(19, 35), rng_.chance(0.5), i == 0 ? c : pick_culture());
      return;
    }
    if (size == 2 && rng_.chance(0.75)) {  // a couple
      int a = rng_.between(22, 92);
      bool first_female = rng_.chance(0.5);
      bool same_sex = rng_.chance(0.06);
      add_person(h, a, first_female, c);
      add_person(h, std::max(18, a + rng_.between(-6, 6)), same_sex ? first_female : !first_female, c);
      return;
    }
    int parent = rng_.between(24, 52);
    int adults = size == 2 ? 1 : 2;
    bool first_female = adults == 1 ? rng_.chance(0.85) : rng_.chance(0.5);
    add_person(h, parent, first_female, c);
    if (adults == 2) add_person(h, std::max(18, parent + rng_.between(-5, 5)), !first_female, c);
    int children = size - adults;
    if (size >= 4 && rng_.chance(0.25)) {  // a grandparent lives with them
      add_person(h, std::min(98, parent + rng_.between(22, 34)), rng_.chance(0.6), c);
      --children;
    }
    int oldest_child = std::min(24, parent - 18);
    for (int i = 0; i < children; ++i) add_person(h, rng_.between(0, std::max(0, oldest_child)), rng_.chance(0.5), c);
  }

  void make_households() {
    int remaining = opt_.people;
    while (remaining > 0) {
      int size = household_size(remaining);
      Household hh;
      hh.street = static_cast<int>(rng_.below(streets_.size()));
      Street& st = streets_[static_cast<size_t>(hh.street)];
      st.next_number += rng_.between(1, 2);
      hh.label = std::to_string(st.next_number) + " " + st.name;
      hh.culture = pick_culture();
      hh.native_script = rng_.chance(demo_data::cultures()[static_cast<size_t>(hh.culture)].native_share);
      hh.wave = rng_.chance(0.1) ? 2 : 1;  // moved in, or first surveyed, between the waves
      hh.bond = size >= 2 && size <= 4 && rng_.chance(0.12) ? Bond::sharers : Bond::family;
      households_.push_back(std::move(hh));
      int h = static_cast<int>(households_.size()) - 1;
      fill_household(h, size);
      for (int p : households_.back().members) st.people.push_back(p);
      remaining -= size;
    }
    assert(static_cast<int>(people_.size()) == opt_.people);
  }

  // Isolated people live alone; people with exactly one tie live alone (that
  // tie is a neighbour or relative) or as a couple who see nobody else.
  void reserve_loners() {
    std::vector<int> singles, couples;
    for (size_t h = 0; h < households_.size(); ++h) {
      const auto& hh = households_[h];
      if (hh.members.size() == 1) singles.push_back(static_cast<int>(h));
      if (hh.members.size() == 2 && hh.bond == Bond::family) couples.push_back(static_cast<int>(h));
    }
    rng_.shuffle(singles);
    rng_.shuffle(couples);
    int isolates = static_cast<int>(std::lround(kIsolateShare * opt_.people));
    int one_tie = static_cast<int>(std::lround(kOneTieShare * opt_.people));
    size_t next_single = 0;
    for (; isolates > 0 && next_single < singles.size(); --isolates, ++next_single)
      mark(singles[next_single], Reserve::isolate);
    for (int lonely_singles = one_tie / 2; lonely_singles > 0 && next_single < singles.size();
         --lonely_singles, ++next_single, --one_tie)
      mark(singles[next_single], Reserve::one_tie);
    for (size_t c = 0; one_tie > 1 && c < couples.size(); ++c, one_tie -= 2) mark(couples[c], Reserve::one_tie);
  }

  void mark(int household, Reserve r) {
    for (int p : households_[static_cast<size_t>(household)].members) {
      people_[static_cast<size_t>(p)].reserve = r;
      people_[static_cast<size_t>(p)].sociability = 1;
    }
  }

  bool open(int p) const { return people_[static_cast<size_t>(p)].reserve == Reserve::open; }
  int wave_of(int p) const { return households_[static_cast<size_t>(people_[static_cast<size_t>(p)].household)].wave; }
  const Street& street_of(int p) const {
    return streets_[static_cast<size_t>(households_[static_cast<size_t>(people_[static_cast<size_t>(p)].household)].street)];
  }

  // ---- groups and places --------------------------------------------------

  std::string fill_template(std::string_view pattern) {
    const auto& c = demo_data::cultures()[rng_.below(demo_data::cultures().size())];
    std::string s(pattern);
    s = replace_all(s, "{locality}", town_->short_locality);
    s = replace_all(s, "{town}", town_->name);
    s = replace_all(s, "{street}", rng_.pick(streets_).name);
    s = replace_all(s, "{saint}", rng_.pick(demo_data::kSaints));
    s = replace_all(s, "{surname}", rng_.pick(c.surnames));
    return s;
  }

  std::string unique_name(std::string name, std::set<std::string>& taken) {
    if (taken.insert(name).second) return name;
    std::string with_district = name + " (" + std::string(rng_.pick(districts_)) + ")";
    if (taken.insert(with_district).second) return with_district;
    for (int n = 2;; ++n) {
      std::string numbered = name + " " + std::to_string(n);
      if (taken.insert(numbered).second) return numbered;
    }
  }

  std::vector<const VenueTemplate*> usable_templates(const VenueKind& kind) const {
    std::vector<const VenueTemplate*> usable;
    for (const auto& t : kind.templates)
      if (!t.wales_only || town_->wales) usable.push_back(&t);
    return usable;
  }

  // Templates of a kind are used in a shuffled order, each once, so names
  // repeat only when a kind runs out (make_venues avoids that).
  std::map<const VenueKind*, std::vector<const VenueTemplate*>> unused_;

  const VenueTemplate& next_template(const VenueKind& kind) {
    auto& left = unused_[&kind];
    if (left.empty()) {
      left = usable_templates(kind);
      rng_.shuffle(left);
    }
    assert(!left.empty());
    const VenueTemplate* t = left.back();
    left.pop_back();
    return *t;
  }

  void add_venue(bool is_place, const VenueKind& kind, std::set<std::string>& taken) {
    const VenueTemplate& t = next_template(kind);
    Venue v;
    v.is_place = is_place;
    v.kind = &kind;
    v.name = unique_name(fill_template(t.name), taken);
    v.tags = t.tags;
    v.description = t.description;
    v.lat = lat_inside();
    v.lon = lon_inside();
    const Street& st = rng_.pick(streets_);
    v.address = std::to_string(rng_.between(1, 240)) + " " + st.name + ", " + std::string(town_->name) + " " +
                st.district;
    if (!is_place) v.contact = "Phone 01632 960" + std::to_string(rng_.between(100, 999));  // Ofcom drama range
    v.popularity = kind.popularity;  // scaled by a shuffled rank in make_venues
    venues_.push_back(std::move(v));
  }

  void make_venues() {
    int count = std::clamp(30 + opt_.people / 100, kDemoVenuesMin, kDemoVenuesMax);
    int groups = count * 55 / 100;
    int places = count - groups;
    const auto& gk = demo_data::group_kinds();
    const auto& pk = demo_data::place_kinds();
    assert(groups >= static_cast<int>(gk.size()) && places >= static_cast<int>(pk.size()));
    std::set<std::string> taken;
    auto fill = [&](bool is_place, const std::vector<VenueKind>& kinds, int n) {
      std::vector<double> w;
      std::vector<int> left;  // templates not yet used, per kind
      for (const auto& k : kinds) {
        w.push_back(k.weight);
        left.push_back(static_cast<int>(usable_templates(k).size()));
      }
      for (int i = 0; i < n; ++i) {
        size_t k = i < static_cast<int>(kinds.size()) ? static_cast<size_t>(i) : rng_.weighted(w);
        add_venue(is_place, kinds[k], taken);
        if (--left[k] <= 0) w[k] = 0;
        if (std::all_of(w.begin(), w.end(), [](double x) { return x <= 0; }))  // every template used: reuse
          for (size_t j = 0; j < kinds.size(); ++j) w[j] = kinds[j].weight;
      }
    };
    fill(false, gk, groups);
    fill(true, pk, places);
    // Ranks shuffled, then popularity falls as 1/rank: heavy-tailed sizes.
    std::vector<int> rank(venues_.size());
    for (size_t i = 0; i < rank.size(); ++i) rank[i] = static_cast<int>(i) + 1;
    rng_.shuffle(rank);
    for (size_t i = 0; i < venues_.size(); ++i) venues_[i].popularity *= 1.0 / std::pow(rank[i], 1.05);
  }

  bool shares_tag(const Venue& v, const std::vector<std::string_view>& interests) {
    for (auto t : v.tags)
      if (std::find(interests.begin(), interests.end(), t) != interests.end()) return true;
    return false;
  }

  int affiliation_count(const Draft& d) {
    if (d.reserve == Reserve::isolate) return rng_.chance(0.25) ? 1 : 0;
    if (d.reserve == Reserve::one_tie) return rng_.chance(0.4) ? 1 : 0;
    if (d.age < 11) return rng_.chance(0.5) ? 1 : 0;
    return std::min(kAffiliationsPerPersonMax, rng_.poisson(0.45 + 0.5 * d.sociability));
  }

  // Interests are needed to match venues; drawn here and kept per person.
  std::vector<std::vector<std::string_view>> interests_;

  void make_interests() {
    interests_.resize(people_.size());
    for (size_t p = 0; p < people_.size(); ++p) {
      const Draft& d = people_[p];
      const auto& pool = d.age < 16 ? demo_data::kChildInterests : demo_data::kAdultInterests;
      int n = d.reserve == Reserve::isolate ? rng_.between(0, 1) : rng_.between(0, 4);
      for (int i = 0; i < n; ++i) {
        auto t = rng_.pick(pool);
        if (std::find(interests_[p].begin(), interests_[p].end(), t) == interests_[p].end()) interests_[p].push_back(t);
      }
    }
  }

  void make_affiliations() {
    make_interests();
    for (size_t p = 0; p < people_.size(); ++p) {
      Draft& d = people_[p];
      int n = affiliation_count(d);
      std::vector<double> w(venues_.size());
      for (size_t v = 0; v < venues_.size(); ++v) {
        const Venue& ve = venues_[v];
        w[v] = ve.popularity * (shares_tag(ve, interests_[p]) ? 3.0 : 1.0);
        // Loners turn up at the surgery and the shop, not the choir.
        if (d.reserve != Reserve::open)
          w[v] *= ve.kind->kind == "gp_surgery" || ve.kind->kind == "shop" || ve.kind->kind == "library" ? 4.0 : 0.2;
        if (d.age < 11 && ve.kind->kind != "school_gate" && ve.kind->kind != "club" && ve.kind->kind != "park")
          w[v] *= 0.05;
      }
      for (int i = 0; i < n; ++i) {
        size_t v = rng_.weighted(w);
        w[v] = 0;  // once per venue
        d.venues.push_back(static_cast<int>(v));
        venues_[v].members.push_back(static_cast<int>(p));
        bool done = true;
        for (double x : w) done = done && x <= 0;
        if (done) break;
      }
    }
    // Every venue has someone: the organiser or a regular.
    for (size_t v = 0; v < venues_.size(); ++v) {
      if (!venues_[v].members.empty()) continue;
      for (int tries = 0; tries < kPickTriesMax; ++tries) {
        int p = static_cast<int>(rng_.below(people_.size()));
        if (!open(p) || people_[static_cast<size_t>(p)].age < 18) continue;
        venues_[v].members.push_back(p);
        people_[static_cast<size_t>(p)].venues.push_back(static_cast<int>(v));
        break;
      }
    }
  }

  // ---- ties ---------------------------------------------------------------

  bool add_tie(int a, int b, std::string_view kind, int closeness, std::string_view frequency,
               std::string_view evidence = "survey", bool mutual = false) {
    if (a == b) return false;
    if (adjacent_[static_cast<size_t>(a)].size() >= kDegreeMax || adjacent_[static_cast<size_t>(b)].size() >= kDegreeMax)
      return false;
    auto key = std::minmax(a, b);
    if (!tied_.insert({key.first, key.second}).second) return false;
    TieDraft t;
    t.a = a;
    t.b = b;
    t.kind = kind;
    t.closeness = std::clamp(closeness, 1, 5);
    t.frequency = frequency;
    t.evidence = evidence;
    t.named_by = mutual || rng_.chance(0.3) ? "both" : "source";
    t.wave = std::max(wave_of(a), wave_of(b));
    bool same_home = people_[static_cast<size_t>(a)].household == people_[static_cast<size_t>(b)].household;
    if (t.wave == 1 && !same_home && rng_.chance(0.15)) t.wave = 2;  // a tie that formed between the waves
    ties_.push_back(t);
    adjacent_[static_cast<size_t>(a)].push_back(b);
    adjacent_[static_cast<size_t>(b)].push_back(a);
    return true;
  }

  std::string_view pick_frequency(std::initializer_list<std::pair<std::string_view, double>> options) {
    std::vector<double> w;
    for (const auto& o : options) w.push_back(o.second);
    return (options.begin() + rng_.weighted(w))->first;
  }

  void household_ties() {
    for (const auto& hh : households_) {
      for (size_t i = 0; i < hh.members.size(); ++i)
        for (size_t j = i + 1; j < hh.members.size(); ++j) {
          int a = hh.members[i], b = hh.members[j];
          if (hh.bond == Bond::sharers)
            add_tie(a, b, "friend", rng_.between(2, 4), "daily", "survey", true);
          else
            add_tie(a, b, "family", rng_.between(4, 5), "daily", "survey", true);
        }
    }
  }

  int random_adult_of(const Household& hh) {
    std::vector<int> adults;
    for (int p : hh.members)
      if (people_[static_cast<size_t>(p)].age >= 18) adults.push_back(p);
    return adults.empty() ? hh.members.front() : rng_.pick(adults);
  }

  bool household_open(const Household& hh) const { return !hh.members.empty() && open(hh.members.front()); }

  // Relatives who live elsewhere in the neighbourhood.
  void extended_family_ties() {
    for (size_t h = 0; h < households_.size(); ++h) {
      const Household& hh = households_[h];
      if (!household_open(hh) || hh.bond == Bond::sharers || !rng_.chance(0.3)) continue;
      for (int tries = 0; tries < kPickTriesMax; ++tries) {
        const Household& other = households_[rng_.below(households_.size())];
        if (&other == &hh || !household_open(other) || other.culture != hh.culture) continue;
        add_tie(random_adult_of(hh), random_adult_of(other), "family", rng_.between(3, 5),
                pick_frequency({{"weekly", 0.6}, {"monthly", 0.3}, {"daily", 0.1}}));
        break;
      }
    }
  }

  // Neighbours a few doors either way.
  void neighbour_ties() {
    for (const Street& st : streets_) {
      for (size_t i = 0; i < st.people.size(); ++i) {
        int p = st.people[i];
        const Draft& d = people_[static_cast<size_t>(p)];
        if (!open(p) || d.age < 18) continue;
        int k = static_cast<int>(rng_.unit() * (1.2 + 0.5 * d.sociability));
        for (int t = 0; t < k; ++t) {
          for (int tries = 0; tries < 8; ++tries) {
            long j = static_cast<long>(i) + rng_.between(-14, 14);
            if (j < 0 || j >= static_cast<long>(st.people.size())) continue;
            int q = st.people[static_cast<size_t>(j)];
            const Draft& e = people_[static_cast<size_t>(q)];
            if (!open(q) || e.age < 16 || e.household == d.household) continue;
            if (add_tie(p, q, "neighbour", rng_.between(2, 3), pick_frequency({{"weekly", 0.6}, {"daily", 0.25}, {"monthly", 0.15}})))
              break;
          }
        }
      }
    }
  }

  // People who meet at the same group or place; partners chosen in
  // proportion to their sociability, so the sociable gather many ties.
  void venue_ties() {
    for (const Venue& v : venues_) {
      std::vector<int> members;
      double most = 1;
      for (int p : v.members)
        if (open(p)) {
          members.push_back(p);
          most = std::max(most, people_[static_cast<size_t>(p)].sociability);
        }
      if (members.size() < 2) continue;
      bool casual = v.is_place && v.kind->kind != "community_centre" && v.kind->kind != "place_of_worship";
      for (int p : members) {
        double s = people_[static_cast<size_t>(p)].sociability;
        int k = std::min({static_cast<int>(rng_.unit() * (0.6 + 0.7 * s)), kGroupTiesPerMembershipMax,
                          static_cast<int>(members.size()) - 1});
        for (int t = 0; t < k; ++t) {
          for (int tries = 0; tries < kPickTriesMax; ++tries) {
            int q = rng_.pick(members);
            if (!rng_.chance(std::sqrt(people_[static_cast<size_t>(q)].sociability / most))) continue;
            if (add_venue_tie(p, q, v, casual)) break;
          }
        }
      }
    }
  }

  bool add_venue_tie(int p, int q, const Venue& v, bool casual) {
    bool friends = rng_.chance(casual ? 0.3 : 0.45);
    std::string_view evidence = "survey";
    if (v.kind->kind == "mutual_aid_group" && rng_.chance(0.4)) evidence = "timebank_exchange";
    if (v.kind->kind == "charity" && rng_.chance(0.2)) evidence = "support_circle";
    if (friends)
      return add_tie(p, q, "friend", rng_.between(3, 4), pick_frequency({{"weekly", 0.6}, {"monthly", 0.3}, {"daily", 0.1}}),
                     evidence);
    return add_tie(p, q, "acquaintance", rng_.between(1, 2),
                   pick_frequency({{"monthly", 0.45}, {"weekly", 0.35}, {"less_often", 0.2}}), evidence);
  }

  // Classmates (children of the same district and school year) and colleagues.
  void school_and_work_ties() {
    std::vector<std::vector<int>> pupils(districts_.size());
    std::vector<int> workers;
    for (size_t p = 0; p < people_.size(); ++p) {
      int id = static_cast<int>(p);
      if (!open(id)) continue;
      int age = people_[p].age;
      if (age >= 4 && age <= 17) {
        auto d = std::find(districts_.begin(), districts_.end(), street_of(id).district) - districts_.begin();
        pupils[static_cast<size_t>(d)].push_back(id);
      }
      if (age >= 18 && age <= 66) workers.push_back(id);
    }
    for (const auto& group : pupils)
      for (int p : group) {
        int k = rng_.between(0, 2);
        for (int t = 0; t < k; ++t)
          for (int tries = 0; tries < kPickTriesMax; ++tries) {
            int q = rng_.pick(group);
            if (std::abs(people_[static_cast<size_t>(q)].age - people_[static_cast<size_t>(p)].age) > 1) continue;
            if (add_tie(p, q, "work_study", rng_.between(2, 4), "daily")) break;
          }
      }
    if (workers.size() < 2) return;
    for (int p : workers) {
      if (!rng_.chance(0.18)) continue;
      int q = rng_.pick(workers);
      add_tie(p, q, "work_study", rng_.between(2, 3), pick_frequency({{"daily", 0.5}, {"weekly", 0.5}}));
    }
  }

  // Link workers and community connectors: hubs who know many of the less
  // connected people through referrals.
  void connector_ties() {
    std::vector<int> adults;
    for (size_t p = 0; p < people_.size(); ++p)
      if (open(static_cast<int>(p)) && people_[p].age >= 28 && people_[p].age <= 60) adults.push_back(static_cast<int>(p));
    if (adults.empty()) return;
    int connectors = std::clamp(opt_.people / 700 + 1, 1, kConnectorsMax);
    int clients = std::clamp(10 + opt_.people / 60, 10, kConnectorClientsMax);
    for (int c = 0; c < connectors; ++c) {
      int hub = rng_.pick(adults);
      people_[static_cast<size_t>(hub)].sociability = kSociabilityMax;
      for (int i = 0, tries = 0; i < clients && tries < clients * kPickTriesMax; ++tries) {
        int q = static_cast<int>(rng_.below(people_.size()));
        if (!open(q) || people_[static_cast<size_t>(q)].age < 18 || people_[static_cast<size_t>(q)].sociability > 1.8)
          continue;
        if (add_tie(hub, q, "professional_support", rng_.between(2, 3),
                    pick_frequency({{"monthly", 0.6}, {"weekly", 0.4}}), "referral"))
          ++i;
      }
    }
  }

  // Friends of friends meet: closes triangles, as real networks do.
  void triadic_closure() {
    size_t n = people_.size();
    for (size_t p = 0; p < n; ++p) {
      const auto& adj = adjacent_[p];
      if (adj.size() < 2 || !rng_.chance(0.3)) continue;
      int a = adj[rng_.below(adj.size())], b = adj[rng_.below(adj.size())];
      if (people_[static_cast<size_t>(a)].age < 16 || people_[static_cast<size_t>(b)].age < 16) continue;
      add_tie(a, b, "acquaintance", rng_.between(1, 3), pick_frequency({{"monthly", 0.6}, {"less_often", 0.4}}));
    }
  }

  // Open people who ended up with nobody get a neighbour: only reserved
  // people are isolated, so the isolate share stays as designed.
  void no_accidental_isolates() {
    std::vector<int> anyone;
    for (size_t p = 0; p < people_.size(); ++p)
      if (open(static_cast<int>(p)) && people_[p].age >= 18) anyone.push_back(static_cast<int>(p));
    for (size_t p = 0; p < people_.size(); ++p) {
      int id = static_cast<int>(p);
      if (!open(id) || !adjacent_[p].empty()) continue;
      befriend_someone(id, street_of(id).people, anyone);
    }
  }

  // One tie to an open adult: on the same street when possible.
  void befriend_someone(int p, const std::vector<int>& street, const std::vector<int>& anyone) {
    for (int tries = 0; tries < kPickTriesMax; ++tries) {
      bool local = tries < kPickTriesMax / 2 && !street.empty();
      if (!local && anyone.empty()) return;
      int q = local ? rng_.pick(street) : rng_.pick(anyone);
      if (q == p || !open(q) || people_[static_cast<size_t>(q)].age < 18) continue;
      std::string_view kind = local ? "neighbour" : "family";
      if (add_tie(q, p, kind, local ? 2 : 4, local ? "weekly" : "monthly")) return;
    }
  }

  void one_tie_singles() {
    std::vector<int> anyone;
    for (size_t p = 0; p < people_.size(); ++p)
      if (open(static_cast<int>(p)) && people_[p].age >= 18) anyone.push_back(static_cast<int>(p));
    for (const Household& hh : households_)
      if (hh.members.size() == 1 && people_[static_cast<size_t>(hh.members[0])].reserve == Reserve::one_tie)
        befriend_someone(hh.members[0], streets_[static_cast<size_t>(hh.street)].people, anyone);
  }

  void make_ties() {
    adjacent_.assign(people_.size(), {});
    household_ties();  // includes the closed couples' one tie each
    extended_family_ties();
    neighbour_ties();
    venue_ties();
    school_and_work_ties();
    connector_ties();
    triadic_closure();
    no_accidental_isolates();
    one_tie_singles();
  }

  // ---- records ------------------------------------------------------------

  std::string person_name(const Draft& d, const Household& hh, bool first_in_household) {
    const Culture& c = demo_data::cultures()[static_cast<size_t>(d.culture)];
    const auto& given = d.female ? c.female : c.male;
    size_t g = rng_.below(given.size());
    // Children and most partners share the household's family name.
    bool shared = hh.bond == Bond::family && (first_in_household || d.age < 18 || rng_.chance(0.7));
    size_t s = shared ? household_surname(hh, c) : rng_.below(c.surnames.size());
    bool native = hh.native_script && !c.surnames_native.empty() && d.culture == hh.culture;
    if (native) {
      const auto& given_native = d.female ? c.female_native : c.male_native;
      assert(given_native.size() == given.size() && c.surnames_native.size() == c.surnames.size());
      if (c.native_surname_first) return std::string(c.surnames_native[s]) + std::string(given_native[g]);
      return std::string(given_native[g]) + " " + std::string(c.surnames_native[s]);
    }
    std::string surname(c.surnames[s]);
    if (c.key == "polish" && d.female && surname.size() > 3 && surname.ends_with("ki")) surname.back() = 'a';
    if (c.key == "punjabi") {
      std::string title = d.female ? " Kaur" : " Singh";
      return std::string(given[g]) + title + (rng_.chance(0.5) ? " " + surname : std::string());
    }
    return std::string(given[g]) + " " + surname;
  }

  size_t household_surname(const Household& hh, const Culture& c) {
    // Stable per household: derived from the label, not from the stream.
    size_t hash = 1469598103934665603ULL;
    for (char ch : hh.label) hash = (hash ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
    return hash % c.surnames.size();
  }

  json languages_of(const Draft& d) {
    const Culture& c = demo_data::cultures()[static_cast<size_t>(d.culture)];
    json out = json::array();
    bool home = !c.home_languages.empty() && rng_.chance(c.home_language_share);
    // Welsh, Irish and Patois speakers here all speak English too.
    bool born_here = c.key == "english" || c.key == "welsh" || c.key == "irish" || c.key == "caribbean";
    bool english = !home || born_here || d.age < 60 || rng_.chance(0.6);
    if (english) out.push_back("en");
    if (home) out.push_back(rng_.chance(0.75) ? c.home_languages.front() : rng_.pick(c.home_languages));
    return out;
  }

  json needs_of(const Draft& d, const json& languages) {
    json out = json::array();
    double p = d.age >= 75 ? 0.4 : d.age >= 60 ? 0.15 : 0.04;
    if (rng_.chance(p)) {
      out.push_back(rng_.pick(demo_data::kAccessibilityNeeds));
      if (rng_.chance(0.3)) {
        auto second = rng_.pick(demo_data::kAccessibilityNeeds);
        if (out[0] != second) out.push_back(second);
      }
    }
    bool english = std::find(languages.begin(), languages.end(), "en") != languages.end();
    if (!english && d.age >= 16) out.push_back("interpreter");
    return out;
  }

  void consent_of(json& body, int wave) {
    double r = rng_.unit();
    if (r < 0.88) {
      body["consent_status"] = "given";
      body["consent_date"] = wave_date(rng_, wave);
      static const std::vector<std::vector<std::string_view>> kScopes = {
          {"research"}, {"research", "timebank"}, {"research", "referrals"}, {"research", "timebank", "referrals"}};
      static const std::vector<double> kScopeShares = {0.6, 0.25, 0.1, 0.05};
      body["consent_scope"] = kScopes[rng_.weighted(kScopeShares)];
    } else if (r < 0.94) {
      body["consent_status"] = "not_asked";
    } else if (r < 0.98) {
      body["consent_status"] = "refused";
      body["consent_date"] = wave_date(rng_, wave);
    } else {
      body["consent_status"] = "withdrawn";
      body["consent_date"] = wave_date(rng_, 2);
    }
  }

  // Loneliness falls and wellbeing rises with the number of ties, with noise;
  // living alone adds to loneliness.
  DemoScores scores_of(size_t p) {
    double degree = static_cast<double>(adjacent_[p].size());
    bool alone = households_[static_cast<size_t>(people_[p].household)].members.size() == 1;
    double ucla = 7.3 - 1.2 * std::log1p(degree) + (alone ? 0.6 : 0.0) + 0.9 * rng_.normal();
    double wemwbs = 18.0 + 3.2 * std::log1p(degree) - (alone ? 0.8 : 0.0) + 3.2 * rng_.normal();
    return {std::clamp(static_cast<int>(std::lround(ucla)), 3, 9),
            std::clamp(static_cast<int>(std::lround(wemwbs)), 7, 35)};
  }

  Result<json> finish(const model::Entity& e, const json& body, std::string id, std::string_view area_id) {
    auto rec = validate_create(e, body);
    if (!rec) return internal_error("The demo generator made an invalid " + std::string(e.name) + ": " + rec.error().message +
                                    " [" + rec.error().field + "]");
    json out = std::move(rec.value());
    out["id"] = std::move(id);
    if (e.area_scoped) out["area_id"] = std::string(area_id);
    out["revision"] = 1;
    return out;
  }

  std::string area_name() const {
    if (!opt_.area_name.empty()) return opt_.area_name;
    return std::string(town_->locality) + ", " + std::string(town_->name) + " (demo)";
  }

  Result<DemoData> build_records() {
    DemoData out;
    uint64_t seed = opt_.seed;
    std::string area_id = demo_id("ar", seed, IdSpace::area, 0);
    json area = {{"name", area_name()},
                 {"description", "A synthetic neighbourhood made by `kith demo` (seed " + std::to_string(seed) + ", " +
                                     std::to_string(opt_.people) +
                                     " people). Every person, household and tie in it is invented; names and streets "
                                     "come from word lists, so any likeness to real people is chance."},
                 {"bbox", json::array({box_.west, box_.south, box_.east, box_.north})},
                 {"external_id", "kith-demo-seed-" + std::to_string(seed)}};
    auto a = finish(model::areas(), area, area_id, {});
    if (!a) return a.error();
    out.area = std::move(a.value());

    std::vector<std::string> person_ids(people_.size());
    for (size_t p = 0; p < people_.size(); ++p) person_ids[p] = demo_id("pe", seed, IdSpace::person, p);
    std::vector<bool> named(households_.size(), false);
    std::set<std::pair<int, std::string>> names_at_home;  // no two Hudas in one home
    for (size_t p = 0; p < people_.size(); ++p) {
      const Draft& d = people_[p];
      const Household& hh = households_[static_cast<size_t>(d.household)];
      bool first = !named[static_cast<size_t>(d.household)];
      named[static_cast<size_t>(d.household)] = true;
      bool pseudonym = rng_.chance(0.03);
      json body;
      std::string name = pseudonym ? std::string(rng_.pick(demo_data::kPseudonyms)) : person_name(d, hh, first);
      for (int tries = 0; tries < 5 && !names_at_home.insert({d.household, name}).second; ++tries)
        name = person_name(d, hh, first);
      body["display_name"] = name;
      body["is_pseudonym"] = pseudonym;
      body["birth_band"] = birth_band(kReferenceYear - d.age);
      body["postcode_district"] = streets_[static_cast<size_t>(hh.street)].district;
      body["household"] = hh.label;
      body["interests"] = interests_[p];
      body["languages"] = languages_of(d);
      body["accessibility_needs"] = needs_of(d, body["languages"]);
      DemoScores sc = scores_of(p);
      body["notes"] = format_demo_scores(sc);
      consent_of(body, hh.wave);
      body["external_id"] = "demo-person-" + std::to_string(p + 1);
      auto r = finish(model::people(), body, person_ids[p], area_id);
      if (!r) return r.error();
      out.people.push_back(std::move(r.value()));
      out.scores.push_back(sc);
    }

    std::vector<std::string> venue_ids(venues_.size());
    int groups = 0, places = 0;
    for (size_t v = 0; v < venues_.size(); ++v) {
      const Venue& ve = venues_[v];
      json body = {{"name", ve.name}, {"kind", ve.kind->kind}, {"address", ve.address},
                   {"lat", ve.lat},   {"lon", ve.lon},         {"tags", ve.tags}};
      if (!ve.description.empty()) body["description"] = ve.description;
      if (ve.is_place) {
        body["opening_times"] = ve.kind->opening_times;
        body["external_id"] = "demo-place-" + std::to_string(++places);
        venue_ids[v] = demo_id("pl", seed, IdSpace::place, v);
        auto r = finish(model::places(), body, venue_ids[v], area_id);
        if (!r) return r.error();
        out.places.push_back(std::move(r.value()));
      } else {
        body["contact"] = ve.contact;
        body["external_id"] = "demo-group-" + std::to_string(++groups);
        venue_ids[v] = demo_id("gr", seed, IdSpace::group, v);
        auto r = finish(model::groups(), body, venue_ids[v], area_id);
        if (!r) return r.error();
        out.groups.push_back(std::move(r.value()));
      }
    }

    for (size_t t = 0; t < ties_.size(); ++t) {
      const TieDraft& td = ties_[t];
      json body = {{"source_id", person_ids[static_cast<size_t>(td.a)]},
                   {"target_id", person_ids[static_cast<size_t>(td.b)]},
                   {"kind", td.kind},
                   {"closeness", td.closeness},
                   {"frequency", td.frequency},
                   {"named_by", td.named_by},
                   {"evidence", td.evidence},
                   {"valid_from", wave_date(rng_, td.wave)},
                   {"external_id", "demo-tie-" + std::to_string(t + 1)}};
      auto r = finish(model::ties(), body, demo_id("ti", seed, IdSpace::tie, t), area_id);
      if (!r) return r.error();
      out.ties.push_back(std::move(r.value()));
    }

    uint64_t n = 0;
    for (size_t p = 0; p < people_.size(); ++p) {
      for (int v : people_[p].venues) {
        const Venue& ve = venues_[static_cast<size_t>(v)];
        json body = {{"person_id", person_ids[p]},
                     {ve.is_place ? "place_id" : "group_id", venue_ids[static_cast<size_t>(v)]},
                     {"role", role_of(ve, people_[p])},
                     {"frequency", frequency_at(ve)},
                     {"valid_from", wave_date(rng_, std::max(wave_of(static_cast<int>(p)), rng_.chance(0.12) ? 2 : 1))},
                     {"external_id", "demo-affiliation-" + std::to_string(++n)}};
        auto r = finish(model::affiliations(), body, demo_id("af", seed, IdSpace::affiliation, n), area_id);
        if (!r) return r.error();
        out.affiliations.push_back(std::move(r.value()));
      }
    }
    return out;
  }

  std::string_view role_of(const Venue& v, const Draft& d) {
    std::string_view k = v.kind->kind;
    if (d.age < 16) return v.is_place ? "visitor" : "member";
    bool hosts = k == "community_centre" || k == "library" || k == "park" || k == "place_of_worship";
    if (v.is_place && !hosts) return "visitor";
    double organise = d.sociability > 6 ? 0.3 : 0.03;
    if (rng_.chance(organise)) return "organiser";
    if (rng_.chance(v.is_place ? 0.1 : 0.14)) return "volunteer";
    return v.is_place ? "visitor" : "member";
  }

  std::string_view frequency_at(const Venue& v) {
    std::string_view k = v.kind->kind;
    if (k == "gp_surgery") return pick_frequency({{"less_often", 0.6}, {"monthly", 0.4}});
    if (k == "school_gate") return "daily";
    if (k == "shop" || k == "park") return pick_frequency({{"daily", 0.4}, {"weekly", 0.6}});
    return pick_frequency({{"weekly", 0.65}, {"monthly", 0.3}, {"daily", 0.05}});
  }
};

// ---- writing ----------------------------------------------------------------

// Row ids of the records written so far, by public id: ties and
// affiliations point at people, groups and places by row.
using RowsById = std::unordered_map<std::string, int64_t>;

Result<int64_t> insert_all(store::Connection& c, const model::Entity& e, const std::vector<json>& records,
                           int64_t area_row, RowsById& rows) {
  const bool pointed_at = &e == &model::people() || &e == &model::groups() || &e == &model::places();
  auto ins = store::BulkInserter::prepare(c, e, pointed_at);
  if (!ins) return ins.error();
  store::FieldValues values(e.fields.size());
  std::vector<store::RowRef> refs;
  for (const json& r : records) {
    refs.clear();
    for (size_t i = 0; i < e.fields.size(); ++i) {
      const json& v = r.at(std::string(e.fields[i].name));
      values[i] = store::to_column(e.fields[i], v);
      if (e.fields[i].type == model::FieldType::ref && v.is_string()) {
        auto row = rows.find(v.get<std::string>());
        KITH_ASSERT_MSG(row != rows.end(), "the demo writes what a link points at before the link");
        refs.push_back({i, row->second});
      }
    }
    std::string id = r.at("id").get<std::string>();
    auto row = ins->insert(id, area_row, r.at("external_id").get<std::string>(), values, refs, kDemoCreatedAt);
    if (!row) return row.error();
    if (pointed_at) rows.emplace(std::move(id), *row);
  }
  return ins->inserted();
}

}  // namespace

Result<DemoData> generate_demo(const DemoOptions& options) {
  if (options.people < kDemoPeopleMin || options.people > kDemoPeopleMax)
    return invalid("people", "Enter people as a whole number from " + std::to_string(kDemoPeopleMin) + " to " +
                                 std::to_string(kDemoPeopleMax));
  if (options.area_name.size() > 200)
    return invalid("area_name", "Shorten the area name to at most 200 bytes");
  Generator g(options);
  return g.run();
}

Result<DemoSummary> write_demo(store::Store& s, const DemoData& data) {
  DemoSummary sum;
  sum.area_id = data.area.at("id").get<std::string>();
  sum.area_name = data.area.at("name").get<std::string>();
  auto done = s.write([&](store::Connection& c) -> Result<void> {
    store::Repository repo(c);
    auto existing = repo.get(model::areas(), sum.area_id, true);
    if (existing) return conflict("This database already holds the demo area for this seed (" + sum.area_id +
                                  "); choose another --seed or a fresh database", "seed");
    if (existing.error().code != Errc::not_found) return existing.error();
    json area = data.area;
    area["created_at"] = std::string(kDemoCreatedAt);
    area["updated_at"] = std::string(kDemoCreatedAt);
    area["register_revision"] = 0;
    KITH_TRY(repo.insert(model::areas(), area));
    const struct {
      const model::Entity& e;
      const std::vector<json>& records;
      int64_t& count;
    } parts[] = {{model::people(), data.people, sum.people},
                 {model::groups(), data.groups, sum.groups},
                 {model::places(), data.places, sum.places},
                 {model::ties(), data.ties, sum.ties},
                 {model::affiliations(), data.affiliations, sum.affiliations}};
    auto area_row = store::row_id_of(c, model::areas(), sum.area_id);
    if (!area_row) return area_row.error();
    RowsById rows;
    for (const auto& part : parts) {
      auto n = insert_all(c, part.e, part.records, *area_row, rows);
      if (!n) return n.error();
      part.count = *n;
    }
    KITH_TRY(repo.bump_register_revision(sum.area_id));
    store::AuditEntry entry = store::audit_entry(model::Actor{"kith demo"}, "create", "area", sum.area_id, sum.area_id);
    entry.detail = std::to_string(sum.people) + " people, " + std::to_string(sum.ties) + " ties (demo data)";
    return repo.audit(entry);
  });
  if (!done) return done.error();
  return sum;
}

std::string format_demo_scores(const DemoScores& s) {
  return "demo-scores: ucla3=" + std::to_string(s.ucla3) + " swemwbs=" + std::to_string(s.swemwbs);
}

std::optional<DemoScores> parse_demo_scores(std::string_view notes) {
  constexpr std::string_view kTag = "demo-scores: ucla3=";
  constexpr std::string_view kSecond = " swemwbs=";
  auto at = notes.find(kTag);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = notes.substr(at + kTag.size());
  DemoScores s;
  auto [p1, e1] = std::from_chars(rest.data(), rest.data() + rest.size(), s.ucla3);
  if (e1 != std::errc{}) return std::nullopt;
  rest.remove_prefix(static_cast<size_t>(p1 - rest.data()));
  if (!rest.starts_with(kSecond)) return std::nullopt;
  rest.remove_prefix(kSecond.size());
  auto [p2, e2] = std::from_chars(rest.data(), rest.data() + rest.size(), s.swemwbs);
  if (e2 != std::errc{}) return std::nullopt;
  if (s.ucla3 < 3 || s.ucla3 > 9 || s.swemwbs < 7 || s.swemwbs > 35) return std::nullopt;
  return s;
}

}  // namespace kith::domain
