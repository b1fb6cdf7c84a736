#include "kith/measures/scale.hpp"

#include <array>
#include <charconv>
#include <string>

namespace kith::measures {
namespace {

// Wording: the ONS "Measuring loneliness: guidance for use of the national
// indicators on surveys" (2018), which takes the UCLA items from Hughes et al.
// (2004) and the direct question from the Community Life Survey.
constexpr std::array<std::string_view, 3> kUclaItems{
    "How often do you feel that you lack companionship?",
    "How often do you feel left out?",
    "How often do you feel isolated from others?",
};
constexpr std::array<ResponseOption, 3> kUclaOptions{{
    {1, "Hardly ever or never"}, {2, "Some of the time"}, {3, "Often"}}};

constexpr std::array<std::string_view, 1> kOnsLonelyItems{"How often do you feel lonely?"};
constexpr std::array<ResponseOption, 5> kOnsLonelyOptions{{
    {1, "Often or always"}, {2, "Some of the time"}, {3, "Occasionally"}, {4, "Hardly ever"}, {5, "Never"}}};

// Wording: Tennant et al. (2007) for WEMWBS; SWEMWBS is its items 1, 2, 3, 6,
// 7, 9 and 11 (Stewart-Brown et al. 2009).
constexpr std::array<std::string_view, 14> kWemwbsItems{
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been feeling interested in other people",
    "I've had energy to spare",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling good about myself",
    "I've been feeling close to other people",
    "I've been feeling confident",
    "I've been able to make up my own mind about things",
    "I've been feeling loved",
    "I've been interested in new things",
    "I've been feeling cheerful",
};
constexpr std::array<std::string_view, 7> kSwemwbsItems{
    "I've been feeling optimistic about the future",
    "I've been feeling useful",
    "I've been feeling relaxed",
    "I've been dealing with problems well",
    "I've been thinking clearly",
    "I've been feeling close to other people",
    "I've been able to make up my own mind about things",
};
constexpr std::array<ResponseOption, 5> kWemwbsOptions{{
    {1, "None of the time"}, {2, "Rarely"}, {3, "Some of the time"}, {4, "Often"}, {5, "All of the time"}}};
constexpr std::string_view kWemwbsPreamble =
    "Below are some statements about feelings and thoughts. Please tick the box that best describes your "
    "experience of each over the last 2 weeks.";

// Wording: the ONS personal well-being questions as the Annual Population
// Survey asks them (GSS harmonised standard for personal well-being).
constexpr std::array<std::string_view, 4> kOns4Items{
    "Overall, how satisfied are you with your life nowadays?",
    "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
    "Overall, how happy did you feel yesterday?",
    "On a scale where nought is 'not at all anxious' and 10 is 'completely anxious', overall, how anxious did you "
    "feel yesterday?",
};
constexpr std::array<ResponseOption, 2> kOns4Options{{{0, "Not at all"}, {10, "Completely"}}};

constexpr std::string_view kLonelinessSource =
    "ONS, Measuring loneliness: guidance for use of the national indicators on surveys (2018)";

const std::array<Scale, 5> kScales{{
    {ScaleId::ucla3, "ucla3", "UCLA 3-item loneliness scale",
     "Hughes, Waite, Hawkley and Cacioppo (2004), Research on Aging 26(6); wording from the ONS guidance",
     "The next questions are about how you feel about different aspects of your life. For each one, tell me how "
     "often you feel that way.",
     kUclaItems, 1, 3, kUclaOptions},
    {ScaleId::ons_lonely, "ons_lonely", "ONS direct question on loneliness", kLonelinessSource, "",
     kOnsLonelyItems, 1, 5, kOnsLonelyOptions},
    {ScaleId::swemwbs, "swemwbs", "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
     "Stewart-Brown et al. (2009), Health and Quality of Life Outcomes 7:15; Warwick Medical School",
     kWemwbsPreamble, kSwemwbsItems, 1, 5, kWemwbsOptions},
    {ScaleId::wemwbs, "wemwbs", "Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS)",
     "Tennant et al. (2007), Health and Quality of Life Outcomes 5:63; Warwick Medical School",
     kWemwbsPreamble, kWemwbsItems, 1, 5, kWemwbsOptions},
    {ScaleId::ons4, "ons4", "ONS personal well-being (ONS4)",
     "ONS, Personal well-being user guidance; GSS harmonised standard for personal well-being",
     "Next I would like to ask you four questions about your feelings on aspects of your life. There are no right "
     "or wrong answers. For each of these questions I'd like you to give an answer on a scale of nought to 10, "
     "where nought is 'not at all' and 10 is 'completely'.",
     kOns4Items, 0, 10, kOns4Options},
}};

std::string_view trim_spaces(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return t;
}

std::string answer_hint(const Scale& s) {
  return "enter a whole number from " + std::to_string(s.answer_min) + " to " + std::to_string(s.answer_max) +
         ", or leave the cell blank if the question was not answered";
}

}  // namespace

std::span<const Scale> all_scales() { return kScales; }

const Scale& scale(ScaleId id) {
  for (const auto& s : kScales)
    if (s.id == id) return s;
  KITH_ASSERT_MSG(false, "every ScaleId has a descriptor");
  return kScales[0];
}

Result<const Scale*> find_scale(std::string_view name) {
  std::string known;
  for (const auto& s : kScales) {
    if (s.name == name) return &s;
    known += (known.empty() ? "" : ", ") + std::string(s.name);
  }
  return invalid("scale", "There is no scale \"" + std::string(name) + "\"; choose one of " + known);
}

Result<std::optional<int>> parse_answer(const Scale& s, std::string_view text) {
  const std::string_view t = trim_spaces(text);
  if (t.empty()) return std::optional<int>{};
  // Only digits, with an optional sign: "2.5", "2.0", "x" and "3 4" are not codes.
  const std::string_view digits = (t.front() == '-' || t.front() == '+') ? t.substr(1) : t;
  bool whole = !digits.empty() && digits.size() <= 6;
  for (char c : digits) whole = whole && c >= '0' && c <= '9';
  if (!whole) return invalid("", "\"" + std::string(t) + "\" is not a whole number: " + answer_hint(s));
  int v = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (t.front() == '-') v = -v;
  if (v < s.answer_min || v > s.answer_max)
    return invalid("", std::string(t) + " is outside the answers of this question: " + answer_hint(s));
  return std::optional<int>{v};
}

}  // namespace kith::measures
