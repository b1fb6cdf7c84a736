#include "kith/domain/survey/answers.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kith/core/ids.hpp"
#include "kith/model/schema.hpp"
#include "kith/model/validate.hpp"

namespace kith::domain::survey {
namespace {

using json = nlohmann::json;

bool one_of(const std::vector<std::string_view>& choices, std::string_view v) {
  return std::find(choices.begin(), choices.end(), v) != choices.end();
}

std::string choice_list(const std::vector<std::string_view>& choices) {
  std::string out;
  for (size_t i = 0; i < choices.size(); ++i) out += (i ? (i + 1 == choices.size() ? " or " : ", ") : "") + std::string(choices[i]);
  return out;
}

Result<std::string> text_answer(const json& v, const std::string& field, size_t max_bytes) {
  if (!v.is_string()) return invalid(field, "Enter the answer as text (" + field + ")");
  std::string t = model::trim(v.get<std::string>());
  if (t.size() > max_bytes) return invalid(field, fmt::format("Keep the answer to {} bytes ({})", max_bytes, field));
  return t;
}

Result<std::string> choice_answer(const json& v, const std::string& field, const std::vector<std::string_view>& choices) {
  if (!v.is_string() || !one_of(choices, v.get<std::string>()))
    return invalid(field, "Choose " + choice_list(choices) + " (" + field + ")");
  return v.get<std::string>();
}

Result<void> only_keys(const json& obj, const std::string& field, const std::set<std::string_view>& allowed) {
  for (const auto& item : obj.items())
    if (!allowed.contains(item.key()))
      return invalid(field + "." + item.key(), "This interview has no question " + field + "." + item.key());
  return {};
}

// One named person: `said` required, each interpreter only if the section asks it.
Result<NamedPerson> parse_named(const Section& s, const json& v, const std::string& field) {
  if (!v.is_object()) return invalid(field, "Give each named person as an object with what was said (" + field + ")");
  NamedPerson out;
  for (const auto& item : v.items()) {
    const std::string& k = item.key();
    const std::string at = field + "." + k;
    const json& x = item.value();
    if (k == "said") {
      auto t = text_answer(x, at, kSaidBytesMax);
      if (!t) return t.error();
      if (t->empty()) return invalid(at, "Enter the name as the person said it (" + at + ")");
      out.said = *t;
      continue;
    }
    if (x.is_null()) continue;  // asked, not answered
    if (k == "relationship" && s.asks(Interpreter::relationship)) {
      auto c = choice_answer(x, at, model::kTieKinds);
      if (!c) return c.error();
      out.relationship = *c;
    } else if (k == "closeness" && s.asks(Interpreter::closeness)) {
      if (!x.is_number_integer() || x.get<int64_t>() < 1 || x.get<int64_t>() > 5)
        return invalid(at, "Choose a closeness from 1 (not close) to 5 (very close) (" + at + ")");
      out.closeness = static_cast<int>(x.get<int64_t>());
    } else if (k == "frequency" && s.asks(Interpreter::frequency)) {
      auto c = choice_answer(x, at, model::kFrequencies);
      if (!c) return c.error();
      out.frequency = *c;
    } else if (k == "nearby" && s.asks(Interpreter::nearby)) {
      if (!x.is_boolean()) return invalid(at, "Answer yes (true) or no (false) (" + at + ")");
      out.nearby = x.get<bool>();
    } else {
      return invalid(at, "This question does not ask " + k + " (" + at + ")");
    }
  }
  if (out.said.empty()) return invalid(field + ".said", "Enter the name as the person said it (" + field + ".said)");
  return out;
}

Result<void> parse_names(const Instrument& in, const json& names, Answers& out) {
  if (!names.is_object()) return invalid("answers.names", "Give the names by question, as an object");
  for (const auto& item : names.items()) {
    const std::string field = "answers.names." + item.key();
    const Section* s = in.section(item.key());
    if (s == nullptr || s->kind != SectionKind::name_generator)
      return invalid(field, "This interview has no question " + item.key() + " that asks for names");
    if (!item.value().is_array()) return invalid(field, "Give the names as a list (" + field + ")");
    if (item.value().size() > static_cast<size_t>(s->max_names))
      return invalid(field, fmt::format("This question takes at most {} names ({})", s->max_names, field));
    auto& list = out.names[item.key()];
    for (size_t i = 0; i < item.value().size(); ++i) {
      auto p = parse_named(*s, item.value()[i], fmt::format("{}[{}]", field, i));
      if (!p) return p.error();
      list.push_back(std::move(*p));
    }
  }
  return {};
}

Result<void> parse_rosters(const Instrument& in, const json& rosters, Answers& out) {
  if (!rosters.is_object()) return invalid("answers.rosters", "Give the ticked groups and places by question, as an object");
  for (const auto& item : rosters.items()) {
    const std::string field = "answers.rosters." + item.key();
    const Section* s = in.section(item.key());
    if (s == nullptr || s->kind != SectionKind::roster)
      return invalid(field, "This interview has no list of groups or places called " + item.key());
    if (!item.value().is_array()) return invalid(field, "Give the ticked ones as a list (" + field + ")");
    const std::string_view prefix = s->of == "groups" ? "gr" : "pl";
    std::set<std::string> seen;
    auto& list = out.rosters[item.key()];
    for (size_t i = 0; i < item.value().size(); ++i) {
      const json& v = item.value()[i];
      const std::string at = fmt::format("{}[{}]", field, i);
      if (!v.is_object() || !v.contains("id") || !v["id"].is_string() ||
          !is_valid_id(v["id"].get<std::string>(), prefix))
        return invalid(at + ".id", "Tick one of the area's " + s->of + " (" + at + ".id)");
      KITH_TRY(only_keys(v, at, {"id", "frequency"}));
      RosterTick t{v["id"].get<std::string>(), std::nullopt};
      if (!seen.insert(t.id).second) return invalid(at + ".id", "This one is ticked twice (" + at + ".id)");
      if (v.contains("frequency") && !v["frequency"].is_null()) {
        if (!s->ask_frequency) return invalid(at + ".frequency", "This list does not ask how often (" + at + ")");
        auto c = choice_answer(v["frequency"], at + ".frequency", model::kFrequencies);
        if (!c) return c.error();
        t.frequency = *c;
      }
      list.push_back(std::move(t));
    }
  }
  return {};
}

Result<void> parse_scales(const Instrument& in, const json& scales, Answers& out) {
  if (!scales.is_object()) return invalid("answers.scales", "Give the scales' answers by scale, as an object");
  for (const auto& item : scales.items()) {
    const std::string field = "answers.scales." + item.key();
    auto sc = measures::find_scale(item.key());
    if (!sc || in.scale_section((*sc)->id) == nullptr)
      return invalid(field, "This interview does not ask the scale " + item.key());
    const measures::Scale& s = **sc;
    if (!item.value().is_array() || item.value().size() != s.item_count())
      return invalid(field, fmt::format("Give the {} answers of {} in order, null for an unanswered one ({})",
                                        s.item_count(), s.name, field));
    std::vector<std::optional<int>> items;
    for (size_t i = 0; i < item.value().size(); ++i) {
      const json& v = item.value()[i];
      const std::string at = fmt::format("{}[{}]", field, i);
      if (v.is_null()) {
        items.push_back(std::nullopt);
        continue;
      }
      if (!v.is_number_integer() || v.get<int64_t>() < s.answer_min || v.get<int64_t>() > s.answer_max)
        return invalid(at, fmt::format("{} item {} takes a whole number from {} to {} ({})", s.name, i + 1,
                                       s.answer_min, s.answer_max, at));
      items.push_back(static_cast<int>(v.get<int64_t>()));
    }
    out.scales[item.key()] = std::move(items);
  }
  return {};
}

Result<void> parse_demographics(const Instrument& in, const json& d, Answers& out) {
  const Section* s = in.section("demographics");
  if (!d.is_object()) return invalid("answers.demographics", "Give the details as an object");
  for (const auto& item : d.items()) {
    const std::string at = "answers.demographics." + item.key();
    if (s == nullptr || std::find(s->fields.begin(), s->fields.end(), item.key()) == s->fields.end())
      return invalid(at, "This interview does not ask " + item.key());
    if (item.value().is_null()) continue;
    if (item.key() == "birth_band") {
      auto c = choice_answer(item.value(), at, model::kBirthBands);
      if (!c) return c.error();
      out.demographics[item.key()] = *c;
    } else {
      auto t = text_answer(item.value(), at, 8);  // an outward code, as the register keeps it
      if (!t) return t.error();
      if (!t->empty()) out.demographics[item.key()] = *t;
    }
  }
  return {};
}

Result<void> parse_text(const Instrument& in, const json& t, Answers& out) {
  if (!t.is_object()) return invalid("answers.text", "Give the written answers by question, as an object");
  for (const auto& item : t.items()) {
    const std::string at = "answers.text." + item.key();
    const Section* s = in.section(item.key());
    if (s == nullptr || s->kind != SectionKind::free_text) return invalid(at, "This interview has no question " + item.key());
    if (item.value().is_null()) continue;
    auto v = text_answer(item.value(), at, kFreeTextBytesMax);
    if (!v) return v.error();
    if (!v->empty()) out.text[item.key()] = *v;
  }
  return {};
}

template <class T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json optional_text(const std::optional<std::string_view>& v) { return v ? json(std::string(*v)) : json(nullptr); }

const std::vector<std::string_view>& closer_or_not_names() {
  static const std::vector<std::string_view> names = {"same", "closer", "less_close"};
  return names;
}

Result<void> parse_carried(const json& list, Answers& out) {
  if (!list.is_array()) return invalid("answers.carried", "Give the names from the wave before as a list");
  if (list.size() > kCarriedMax)
    return invalid("answers.carried", fmt::format("At most {} names come from the wave before", kCarriedMax));
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string at = fmt::format("answers.carried[{}]", i);
    const json& item = list[i];
    if (!item.is_object()) return invalid(at, "Give each name from the wave before as an object");
    KITH_TRY(only_keys(item, at, {"mention", "in_touch", "closeness"}));
    CarriedName c;
    auto mention = text_answer(item.contains("mention") ? item["mention"] : json(nullptr), at + ".mention", 64);
    if (!mention) return mention.error();
    c.mention = *mention;
    if (!seen.insert(c.mention).second) return invalid(at + ".mention", "This name from the wave before is answered twice");
    if (!item.contains("in_touch") || !item["in_touch"].is_boolean())
      return invalid(at + ".in_touch", "Say whether they are still in touch (true or false)");
    c.in_touch = item["in_touch"].get<bool>();
    if (item.contains("closeness") && !item["closeness"].is_null()) {
      auto choice = choice_answer(item["closeness"], at + ".closeness", closer_or_not_names());
      if (!choice) return choice.error();
      c.closeness = *choice == "closer" ? CloserOrNot::closer : *choice == "less_close" ? CloserOrNot::less_close : CloserOrNot::same;
    }
    if (!c.in_touch && c.closeness != CloserOrNot::same)
      return invalid(at + ".closeness", "Closer or less close is asked only of people still in touch");
    out.carried.push_back(std::move(c));
  }
  return {};
}

}  // namespace

std::string_view closer_or_not_name(CloserOrNot c) { return closer_or_not_names()[static_cast<size_t>(c)]; }

Result<Answers> parse_answers(const Instrument& in, const json& answers) {
  Answers out;
  if (answers.is_null()) return out;
  if (!answers.is_object()) return invalid("answers", "Give the answers as an object");
  KITH_TRY(only_keys(answers, "answers", {"names", "rosters", "scales", "demographics", "text", "carried"}));
  if (answers.contains("names")) KITH_TRY(parse_names(in, answers["names"], out));
  if (answers.contains("rosters")) KITH_TRY(parse_rosters(in, answers["rosters"], out));
  if (answers.contains("scales")) KITH_TRY(parse_scales(in, answers["scales"], out));
  if (answers.contains("demographics")) KITH_TRY(parse_demographics(in, answers["demographics"], out));
  if (answers.contains("text")) KITH_TRY(parse_text(in, answers["text"], out));
  if (answers.contains("carried")) KITH_TRY(parse_carried(answers["carried"], out));
  return out;
}

json named_interpreters_json(const NamedPerson& p) {
  json o = json::object();
  if (p.relationship) o["relationship"] = *p.relationship;
  if (p.closeness) o["closeness"] = *p.closeness;
  if (p.frequency) o["frequency"] = *p.frequency;
  if (p.nearby) o["nearby"] = *p.nearby;
  return o;
}

json answers_json(const Answers& a) {
  json out = json::object();
  if (!a.names.empty()) {
    json names = json::object();
    for (const auto& [key, list] : a.names) {
      json l = json::array();
      for (const NamedPerson& p : list) {
        json o = named_interpreters_json(p);
        o["said"] = p.said;
        l.push_back(std::move(o));
      }
      names[key] = std::move(l);
    }
    out["names"] = std::move(names);
  }
  if (!a.rosters.empty()) {
    json rosters = json::object();
    for (const auto& [key, list] : a.rosters) {
      json l = json::array();
      for (const RosterTick& t : list) {
        json o{{"id", t.id}};
        if (t.frequency) o["frequency"] = *t.frequency;
        l.push_back(std::move(o));
      }
      rosters[key] = std::move(l);
    }
    out["rosters"] = std::move(rosters);
  }
  if (!a.scales.empty()) {
    json scales = json::object();
    for (const auto& [key, items] : a.scales) {
      json l = json::array();
      for (const auto& v : items) l.push_back(optional_json(v));
      scales[key] = std::move(l);
    }
    out["scales"] = std::move(scales);
  }
  if (!a.demographics.empty()) out["demographics"] = a.demographics;
  if (!a.text.empty()) out["text"] = a.text;
  if (!a.carried.empty()) {
    json carried = json::array();
    for (const CarriedName& n : a.carried) {
      json o{{"mention", n.mention}, {"in_touch", n.in_touch}};
      // Closer or not is asked only of people still in touch.
      if (n.in_touch) o["closeness"] = closer_or_not_name(n.closeness);
      carried.push_back(std::move(o));
    }
    out["carried"] = std::move(carried);
  }
  return out;
}

std::vector<ScaleResult> score_answers(const Instrument& in, const Answers& a) {
  std::vector<ScaleResult> out;
  for (const Section& s : in.sections) {
    if (s.kind != SectionKind::scale) continue;
    const measures::Scale& scale = measures::scale(s.scale);
    std::vector<std::optional<int>> items(scale.item_count());
    if (auto it = a.scales.find(std::string(scale.name)); it != a.scales.end()) items = it->second;
    auto scored = measures::score(scale, items);
    // parse_answers checked the count and every range, so scoring cannot fail.
    KITH_ASSERT_MSG(scored.ok(), "checked answers score");
    out.push_back({s.scale, std::move(scored.value())});
  }
  return out;
}

json scores_json(const std::vector<ScaleResult>& scores) {
  json out = json::object();
  for (const ScaleResult& r : scores) {
    const measures::ScaleScore& s = r.score;
    json bands = nullptr;
    if (s.bands) {
      bands = json::object();
      for (size_t i = 0; i < measures::Ons4Bands::kNames.size(); ++i)
        bands[std::string(measures::Ons4Bands::kNames[i])] = optional_text(s.bands->band[i]);
    }
    out[std::string(measures::scale(r.scale).name)] = json{{"raw", optional_json(s.raw)},
                                                             {"metric_hundredths", optional_json(s.metric_hundredths)},
                                                             {"category", optional_text(s.category)},
                                                             {"bands", bands},
                                                             {"missing", s.missing}};
  }
  return out;
}

}  // namespace kith::domain::survey
