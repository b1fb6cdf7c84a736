#pragma once
// Word lists behind the demo generator (demo.cpp): towns, streets, names in
// their own scripts, interests, groups and places. Internal to domain/.
#include <string_view>
#include <vector>

namespace kith::domain::demo_data {

struct Town {
  std::string_view name;
  std::string_view locality;  // the neighbourhood the demo maps, "Chapeltown and Harehills"
  std::string_view short_locality;
  std::vector<std::string_view> districts;  // postcode outward codes, 2 or more
  double lat = 0, lon = 0;                 // centre of the neighbourhood
  bool wales = false;
};
const std::vector<Town>& towns();

// Names of one heritage. When `*_native` lists are not empty they run
// parallel to the Latin lists and give the same name in its own script.
struct Culture {
  std::string_view key{};
  int weight_england = 0, weight_wales = 0;
  std::vector<std::string_view> female{}, male{}, surnames{};
  std::vector<std::string_view> female_native{}, male_native{}, surnames_native{};
  bool native_surname_first = false;  // 陈美玲: family name first, no space
  double native_share = 0;            // households writing their names natively
  std::vector<std::string_view> home_languages{};  // BCP 47 tags besides English ("en"); first is commonest
  double home_language_share = 0;                // people who speak one
};
const std::vector<Culture>& cultures();

extern const std::vector<std::string_view> kStreetStems;
extern const std::vector<std::string_view> kStreetSuffixes;
extern const std::vector<std::string_view> kWelshStreetHeads;
extern const std::vector<std::string_view> kWelshStreetObjects;
extern const std::vector<std::string_view> kSaints;
extern const std::vector<std::string_view> kPseudonyms;
extern const std::vector<std::string_view> kAdultInterests;
extern const std::vector<std::string_view> kChildInterests;
extern const std::vector<std::string_view> kAccessibilityNeeds;

// A group or place name pattern. {locality}, {town}, {street}, {saint} and
// {surname} are filled in.
struct VenueTemplate {
  std::string_view name{};
  std::vector<std::string_view> tags{};
  std::string_view description{};
  bool wales_only = false;
};
struct VenueKind {
  std::string_view kind{};   // one of kGroupKinds / kPlaceKinds
  double weight = 1;       // how common, relative to the others
  double popularity = 1;   // how many people take part, relative
  std::string_view opening_times{};  // places only
  std::vector<VenueTemplate> templates{};
};
const std::vector<VenueKind>& group_kinds();
const std::vector<VenueKind>& place_kinds();

}  // namespace kith::domain::demo_data
