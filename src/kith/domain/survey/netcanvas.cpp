#include "kith/domain/survey/netcanvas.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "kith/measures/scale.hpp"
#include "kith/model/schema.hpp"

namespace kith::domain::survey {
// Named, not anonymous: the domain is built in unity batches.
namespace netcanvas_map {

using json = nlohmann::json;
namespace nc = exchange::netcanvas;

constexpr std::string_view kKeyPrefix = "nc-";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

Error at(const NetcanvasOptions& o, long line, const std::string& field, const std::string& reason) {
  Error e{Errc::invalid, fmt::format("{} line {}: {}", o.file_name, line, reason), field, line};
  e.file = o.file_name;
  e.reason = reason;
  return e;
}

const nc::Value* var(const std::map<std::string, nc::Value>& vars, const std::string& name) {
  const auto it = vars.find(name);
  return it == vars.end() || it->second.text.empty() ? nullptr : &it->second;
}

const Section* generator_of(const Instrument& in, const std::string& wanted) {
  for (const Section& s : in.sections)
    if (s.kind == SectionKind::name_generator && (wanted.empty() || s.key == wanted)) return &s;
  return nullptr;
}

bool one_of(const std::vector<std::string_view>& choices, const std::string& v) {
  return std::find(choices.begin(), choices.end(), v) != choices.end();
}

// One alter as a name given: what was said and the interpreters the question asks.
Result<json> named(const Section& g, const nc::Node& n, const NetcanvasOptions& o) {
  std::string said = n.label;
  if (said.empty())
    if (const nc::Value* v = var(n.vars, "name")) said = v->text;
  if (said.empty()) return at(o, n.line, "label", "this person has no label or name variable, so there is no name to import");
  json out{{"said", said}};
  if (g.asks(Interpreter::closeness))
    if (const nc::Value* v = var(n.vars, "closeness")) {
      if (v->text.size() != 1 || v->text[0] < '1' || v->text[0] > '5')
        return at(o, n.line, "closeness", fmt::format("closeness is \"{}\"; kith takes a whole number from 1 to 5", v->text));
      out["closeness"] = v->text[0] - '0';
    }
  if (g.asks(Interpreter::relationship))
    if (const nc::Value* v = var(n.vars, "relationship")) {
      if (!one_of(model::kTieKinds, v->text))
        return at(o, n.line, "relationship",
                  fmt::format("relationship is \"{}\"; kith takes {}", v->text, fmt::join(model::kTieKinds, ", ")));
      out["relationship"] = v->text;
    }
  if (g.asks(Interpreter::frequency))
    if (const nc::Value* v = var(n.vars, "frequency")) {
      if (!one_of(model::kFrequencies, v->text))
        return at(o, n.line, "frequency",
                  fmt::format("frequency is \"{}\"; kith takes {}", v->text, fmt::join(model::kFrequencies, ", ")));
      out["frequency"] = v->text;
    }
  if (g.asks(Interpreter::nearby))
    if (const nc::Value* v = var(n.vars, "nearby")) {
      const std::string t = lower(v->text);
      if (t != "true" && t != "false" && t != "1" && t != "0")
        return at(o, n.line, "nearby", fmt::format("nearby is \"{}\"; kith takes true or false", v->text));
      out["nearby"] = t == "true" || t == "1";
    }
  return out;
}

// The ego's answers to the instrument's scales, from variables named as the
// paper columns; a scale none of whose items is there is not answered.
Result<json> scales_of(const Instrument& in, const nc::Session& s, const NetcanvasOptions& o) {
  json out = json::object();
  for (const measures::Scale& sc : measures::all_scales()) {
    if (in.scale_section(sc.id) == nullptr) continue;
    json items = json::array();
    bool any = false;
    for (size_t i = 1; i <= sc.item_count(); ++i) {
      const std::string column = fmt::format("{}_{}", sc.name, i);
      const nc::Value* v = var(s.ego, column);
      if (v == nullptr) {
        items.push_back(nullptr);
        continue;
      }
      auto a = measures::parse_answer(sc, v->text);
      if (!a) return at(o, s.line, column, column + ": " + a.error().message);
      items.push_back(*a ? json(**a) : json(nullptr));
      any = any || a->has_value();
    }
    if (any) out[std::string(sc.name)] = std::move(items);
  }
  return out;
}

bool client_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

}  // namespace netcanvas_map

std::vector<std::string> consent_scope_words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : std::string(text) + " ") {
    if (ch != ' ' && ch != ',') {
      word += ch;
      continue;
    }
    if (!word.empty() && std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
    word.clear();
  }
  return out;
}

Result<void> check_consent_scope(const std::vector<std::string>& scope) {
  const auto& choices = model::people().field("consent_scope")->choices;
  if (scope.empty())
    return invalid("consent_scope", "Say what the respondents' consent covers: research, timebank, referrals or "
                                    "suggestions (consent_scope)");
  for (const std::string& word : scope)
    if (std::find(choices.begin(), choices.end(), word) == choices.end())
      return invalid("consent_scope", fmt::format("\"{}\" is not a consent scope; use research, timebank, referrals "
                                                  "or suggestions (consent_scope)",
                                                  word));
  return {};
}

Result<NetcanvasInterview> netcanvas_interview(const Instrument& instrument, const exchange::netcanvas::Session& s,
                                               const NetcanvasOptions& o) {
  using namespace netcanvas_map;
  NetcanvasInterview out;
  out.line = s.line;
  out.key = std::string(kKeyPrefix) + s.uuid;
  if (out.key.size() > 64 || !std::all_of(s.uuid.begin(), s.uuid.end(), client_key_char))
    return at(o, s.line, "sessionUUID", fmt::format("the session id \"{}\" is not one Network Canvas writes (a UUID)", s.uuid));
  const Section* g = generator_of(instrument, o.generator);
  json names = json::array();
  for (const auto& n : s.nodes) {
    if (!n.type.empty() && lower(n.type) != lower(o.node_type)) {
      ++out.other_nodes_left_out;
      continue;
    }
    if (g == nullptr)
      return at(o, n.line, "generator",
                o.generator.empty() ? "the wave's instrument asks for no names, so the people named cannot be imported"
                                    : "the wave's instrument has no name question " + o.generator);
    auto p = named(*g, n, o);
    if (!p) return p.error();
    names.push_back(std::move(*p));
  }
  out.names = static_cast<int64_t>(names.size());
  out.alter_ties_left_out = static_cast<int64_t>(s.edges.size());
  json respondent = json::object();
  if (const nc::Value* v = var(s.ego, "name")) respondent["display_name"] = v->text;
  else respondent["display_name"] = s.case_id.empty() ? "Network Canvas interview " + s.uuid.substr(0, 8)
                                                      : "Network Canvas case " + s.case_id;
  if (const nc::Value* v = var(s.ego, "household")) respondent["household"] = v->text;
  auto scales = scales_of(instrument, s, o);
  if (!scales) return scales.error();
  json answers = json::object();
  if (!names.empty()) answers["names"] = json{{g->key, std::move(names)}};
  if (!scales->empty()) answers["scales"] = std::move(*scales);
  out.body = json{{"batch", out.key + "-import"},
                  {"respondent", std::move(respondent)},
                  {"status", "completed"},
                  {"consent", {{"status", "given"}, {"scope", o.consent_scope}}},
                  {"answers", std::move(answers)}};
  return out;
}

}  // namespace kith::domain::survey
