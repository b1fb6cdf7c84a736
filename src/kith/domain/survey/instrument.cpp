#include "kith/domain/survey/instrument.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kith/model/validate.hpp"

namespace kith::domain::survey {
namespace {

using json = nlohmann::json;

std::string at_section(size_t i) { return fmt::format("definition.sections[{}]", i); }

bool is_key(std::string_view k) {
  if (k.empty() || k.size() > kKeyBytesMax || k[0] < 'a' || k[0] > 'z') return false;
  return std::all_of(k.begin(), k.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// {"en": "…", "cy": "…"}: English required, Welsh optional.
Result<Wording> parse_wording(const json* j, const std::string& field, bool required) {
  Wording w;
  if (j == nullptr || j->is_null()) {
    if (required) return invalid(field, "Enter the wording in English (" + field + ".en)");
    return w;
  }
  if (!j->is_object()) return invalid(field, "Give the wording as {\"en\": \"…\", \"cy\": \"…\"} (" + field + ")");
  for (const auto& item : j->items())
    if (item.key() != "en" && item.key() != "cy")
      return invalid(field + "." + item.key(), "Wording can be given in English (en) and Welsh (cy) only");
  for (const char* lang : {"en", "cy"}) {
    auto it = j->find(lang);
    if (it == j->end() || it->is_null()) continue;
    if (!it->is_string()) return invalid(field + "." + lang, "Enter the wording as text");
    std::string text = model::trim(it->get<std::string>());
    if (text.size() > kPromptBytesMax)
      return invalid(field + "." + lang, fmt::format("Keep the wording to {} bytes", kPromptBytesMax));
    (std::string_view(lang) == "en" ? w.en : w.cy) = std::move(text);
  }
  if (required && w.en.empty()) return invalid(field + ".en", "Enter the wording in English (" + field + ".en)");
  return w;
}

Result<SectionKind> parse_kind(const json& s, const std::string& at) {
  auto it = s.find("kind");
  if (it == s.end() || !it->is_string())
    return invalid(at + ".kind", "Say what the section is: name_generator, roster, scale, demographics or free_text");
  const std::string k = it->get<std::string>();
  for (SectionKind kind : {SectionKind::name_generator, SectionKind::roster, SectionKind::scale,
                           SectionKind::demographics, SectionKind::free_text})
    if (section_kind_name(kind) == k) return kind;
  return invalid(at + ".kind", "There is no section kind " + k +
                                   "; use name_generator, roster, scale, demographics or free_text");
}

// Fields a section of this kind may have; anything else is refused, so a
// misspelt option ("max_name") is not silently ignored.
const std::set<std::string_view>& allowed_fields(SectionKind k) {
  static const std::set<std::string_view> generator{"kind", "key", "prompt", "max_names", "interpreters"};
  static const std::set<std::string_view> roster{"kind", "key", "prompt", "of", "ask_frequency"};
  static const std::set<std::string_view> scale{"kind", "scale"};
  static const std::set<std::string_view> demographics{"kind", "fields"};
  static const std::set<std::string_view> free_text{"kind", "key", "prompt"};
  switch (k) {
    case SectionKind::name_generator: return generator;
    case SectionKind::roster: return roster;
    case SectionKind::scale: return scale;
    case SectionKind::demographics: return demographics;
    case SectionKind::free_text: return free_text;
  }
  return free_text;
}

Result<std::string> parse_key(const json& s, const std::string& at) {
  auto it = s.find("key");
  if (it == s.end() || !it->is_string() || !is_key(it->get<std::string>()))
    return invalid(at + ".key", fmt::format("Give the section a key: a lower-case letter, then up to {} letters, digits "
                                            "or underscores",
                                            kKeyBytesMax - 1));
  return it->get<std::string>();
}

Result<void> parse_generator(const json& s, const std::string& at, Section& out) {
  auto max = s.find("max_names");
  if (max == s.end() || !max->is_number_integer() || max->get<int64_t>() < 1 ||
      max->get<int64_t>() > kNamesPerGeneratorMax)
    return invalid(at + ".max_names", fmt::format("Enter how many names to ask for, from 1 to {}", kNamesPerGeneratorMax));
  out.max_names = static_cast<int>(max->get<int64_t>());
  auto list = s.find("interpreters");
  if (list == s.end()) return {};
  if (!list->is_array())
    return invalid(at + ".interpreters", "List what to ask about each name: relationship, closeness, frequency, nearby");
  for (size_t i = 0; i < list->size(); ++i) {
    const json& v = (*list)[i];
    std::string field = fmt::format("{}.interpreters[{}]", at, i);
    bool known = false;
    for (Interpreter in : {Interpreter::relationship, Interpreter::closeness, Interpreter::frequency, Interpreter::nearby})
      if (v.is_string() && v.get<std::string>() == interpreter_name(in)) {
        if (out.asks(in)) return invalid(field, "Ask about " + std::string(interpreter_name(in)) + " only once");
        out.interpreters.push_back(in);
        known = true;
      }
    if (!known) return invalid(field, "Ask about relationship, closeness, frequency or nearby");
  }
  return {};
}

Result<void> parse_roster(const json& s, const std::string& at, Section& out) {
  auto of = s.find("of");
  if (of == s.end() || !of->is_string() || (of->get<std::string>() != "groups" && of->get<std::string>() != "places"))
    return invalid(at + ".of", "Say whether the list is of the area's groups or its places (of: groups or places)");
  out.of = of->get<std::string>();
  auto freq = s.find("ask_frequency");
  if (freq != s.end()) {
    if (!freq->is_boolean()) return invalid(at + ".ask_frequency", "Give ask_frequency as true or false");
    out.ask_frequency = freq->get<bool>();
  }
  return {};
}

Result<void> parse_scale(const json& s, const std::string& at, Section& out) {
  auto it = s.find("scale");
  if (it == s.end() || !it->is_string())
    return invalid(at + ".scale", "Name the scale: ucla3, ons_lonely, swemwbs, wemwbs or ons4");
  auto found = measures::find_scale(it->get<std::string>());
  if (!found) return invalid(at + ".scale", found.error().message);
  out.scale = (*found)->id;
  out.key = std::string((*found)->name);  // answers are filed under the scale's own name
  return {};
}

Result<void> parse_demographics(const json& s, const std::string& at, Section& out) {
  auto list = s.find("fields");
  if (list == s.end() || !list->is_array() || list->empty())
    return invalid(at + ".fields", "List the details to ask: birth_band, postcode_district");
  for (size_t i = 0; i < list->size(); ++i) {
    const json& v = (*list)[i];
    const auto& known = demographic_fields();
    if (!v.is_string() || std::find(known.begin(), known.end(), v.get<std::string>()) == known.end())
      return invalid(fmt::format("{}.fields[{}]", at, i), "Ask for birth_band or postcode_district");
    if (std::find(out.fields.begin(), out.fields.end(), v.get<std::string>()) != out.fields.end())
      return invalid(fmt::format("{}.fields[{}]", at, i), "Ask for " + v.get<std::string>() + " only once");
    out.fields.push_back(v.get<std::string>());
  }
  out.key = "demographics";
  return {};
}

Result<Section> parse_section(const json& s, size_t index) {
  const std::string at = at_section(index);
  if (!s.is_object()) return invalid(at, "Give each section as an object with a kind");
  auto kind = parse_kind(s, at);
  if (!kind) return kind.error();
  Section out;
  out.kind = *kind;
  for (const auto& item : s.items())
    if (!allowed_fields(out.kind).contains(item.key()))
      return invalid(at + "." + item.key(), "A " + std::string(section_kind_name(out.kind)) + " section has no " +
                                                item.key());
  const bool keyed = out.kind == SectionKind::name_generator || out.kind == SectionKind::roster ||
                     out.kind == SectionKind::free_text;
  if (keyed) {
    auto key = parse_key(s, at);
    if (!key) return key.error();
    out.key = *key;
    auto prompt = parse_wording(s.contains("prompt") ? &s["prompt"] : nullptr, at + ".prompt",
                                out.kind != SectionKind::roster);
    if (!prompt) return prompt.error();
    out.prompt = *prompt;
  }
  switch (out.kind) {
    case SectionKind::name_generator: KITH_TRY(parse_generator(s, at, out)); break;
    case SectionKind::roster: KITH_TRY(parse_roster(s, at, out)); break;
    case SectionKind::scale: KITH_TRY(parse_scale(s, at, out)); break;
    case SectionKind::demographics: KITH_TRY(parse_demographics(s, at, out)); break;
    case SectionKind::free_text: break;
  }
  return out;
}

}  // namespace

bool Section::asks(Interpreter i) const {
  return std::find(interpreters.begin(), interpreters.end(), i) != interpreters.end();
}

const Section* Instrument::section(std::string_view key) const {
  for (const Section& s : sections)
    if (s.key == key) return &s;
  return nullptr;
}

const Section* Instrument::scale_section(measures::ScaleId scale) const {
  for (const Section& s : sections)
    if (s.kind == SectionKind::scale && s.scale == scale) return &s;
  return nullptr;
}

std::string_view section_kind_name(SectionKind k) {
  switch (k) {
    case SectionKind::name_generator: return "name_generator";
    case SectionKind::roster: return "roster";
    case SectionKind::scale: return "scale";
    case SectionKind::demographics: return "demographics";
    case SectionKind::free_text: return "free_text";
  }
  return "free_text";
}

std::string_view interpreter_name(Interpreter i) {
  switch (i) {
    case Interpreter::relationship: return "relationship";
    case Interpreter::closeness: return "closeness";
    case Interpreter::frequency: return "frequency";
    case Interpreter::nearby: return "nearby";
  }
  return "relationship";
}

const std::vector<std::string_view>& demographic_fields() {
  static const std::vector<std::string_view> fields{"birth_band", "postcode_district"};
  return fields;
}

Result<Instrument> parse_instrument(const json& definition) {
  if (!definition.is_object()) return invalid("definition", "Give the instrument's definition as an object with sections");
  for (const auto& item : definition.items())
    if (item.key() != "title" && item.key() != "sections")
      return invalid("definition." + item.key(), "A definition has a title and sections only");
  Instrument out;
  auto title = parse_wording(definition.contains("title") ? &definition["title"] : nullptr, "definition.title", true);
  if (!title) return title.error();
  out.title = *title;
  auto sections = definition.find("sections");
  if (sections == definition.end() || !sections->is_array() || sections->empty())
    return invalid("definition.sections", "Add at least one section");
  if (sections->size() > kSectionsMax)
    return invalid("definition.sections", fmt::format("An instrument has at most {} sections", kSectionsMax));
  std::set<std::string> keys;
  for (size_t i = 0; i < sections->size(); ++i) {
    auto s = parse_section((*sections)[i], i);
    if (!s) return s.error();
    if (!keys.insert(s->key).second)
      return invalid(at_section(i) + ".key", "Another section already uses " + s->key + "; each section needs its own");
    out.sections.push_back(std::move(*s));
  }
  return out;
}

Result<std::string> check_instrument_name(const json& name) {
  if (!name.is_string()) return invalid("name", "Enter a name for the instrument");
  std::string n = model::trim(name.get<std::string>());
  if (n.empty()) return invalid("name", "Enter a name for the instrument");
  if (n.size() > kInstrumentNameBytesMax)
    return invalid("name", fmt::format("Keep the name to {} bytes", kInstrumentNameBytesMax));
  return n;
}

}  // namespace kith::domain::survey
