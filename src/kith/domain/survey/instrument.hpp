#pragma once
// A survey instrument (issue 11): the questionnaire an area's researchers take
// door to door, built from sections. The definition is JSON (stored as it was
// accepted); parse_instrument checks it and gives the typed form every other
// step reads, so a bad definition is refused once, with the field named, and
// never reaches an interviewer. Pure: no store.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/measures/scale.hpp"

namespace kith::domain::survey {

// Explicit limits, so that one instrument cannot fill a phone's storage or an
// interview take all day (TigerBeetle style: every list has a ceiling).
inline constexpr size_t kSectionsMax = 40;
inline constexpr int kNamesPerGeneratorMax = 20;  // name generators in the literature ask for 5 to 10
inline constexpr size_t kPromptBytesMax = 600;
inline constexpr size_t kKeyBytesMax = 32;
inline constexpr size_t kInstrumentNameBytesMax = 100;

// The interface languages an instrument's own wording may be given in:
// English always, Welsh optionally (issue 11: the app ships in both).
struct Wording {
  std::string en;
  std::string cy;  // empty: shown in English
};

enum class SectionKind { name_generator, roster, scale, demographics, free_text };

// What is asked about each named person (the "name interpreters").
enum class Interpreter { relationship, closeness, frequency, nearby };

struct Section {
  SectionKind kind = SectionKind::free_text;
  std::string key;  // answers are filed under it; unique within the instrument
  Wording prompt;
  // name_generator
  int max_names = 0;
  std::vector<Interpreter> interpreters;
  // roster: "groups" or "places"
  std::string of;
  bool ask_frequency = false;
  // scale
  measures::ScaleId scale = measures::ScaleId::ucla3;
  // demographics: register fields of a person (birth_band, postcode_district)
  std::vector<std::string> fields;

  bool asks(Interpreter i) const;
};

struct Instrument {
  Wording title;
  std::vector<Section> sections;

  const Section* section(std::string_view key) const;  // nullptr when none has it
  // The scale section of `scale`, nullptr when the instrument does not ask it.
  const Section* scale_section(measures::ScaleId scale) const;
};

std::string_view section_kind_name(SectionKind k);
std::string_view interpreter_name(Interpreter i);
// The demographic fields an instrument may ask.
const std::vector<std::string_view>& demographic_fields();

// Checks a definition; errors name the field as "definition.sections[2].max_names".
Result<Instrument> parse_instrument(const nlohmann::json& definition);

// An instrument name as entered: trimmed, 1 to kInstrumentNameBytesMax bytes.
Result<std::string> check_instrument_name(const nlohmann::json& name);

}  // namespace kith::domain::survey
