#include "kith/measures/score.hpp"

#include <string>

namespace kith::measures {
namespace {

// The SWEMWBS raw-score to metric-score conversion table (Warwick Medical
// School; Stewart-Brown et al. 2009), raw 7 first, as hundredths so the two
// published decimals are kept exactly. Sources and cross-checks: docs/measures.md.
constexpr std::array<int, 29> kSwemwbsMetric{
    700,  951,  1125, 1240, 1333, 1408, 1475, 1532, 1584, 1636,  // raw 7–16
    1688, 1743, 1798, 1859, 1925, 1998, 2073, 2154, 2235, 2321,  // raw 17–26
    2411, 2503, 2602, 2703, 2813, 2931, 3070, 3255, 3500,        // raw 27–35
};

// UCLA-3: 6–9 lonely, 3–5 not lonely (the cut-off of Hughes et al. 2004 and
// Steptoe et al. 2013; docs/measures.md).
constexpr int kUclaLonelyFrom = 6;

// The ONS direct question: the category is the answer itself, by its code.
constexpr std::array<std::string_view, 5> kOnsLonelyCategory{
    "often_always", "some_of_the_time", "occasionally", "hardly_ever", "never"};

ScaleScore sum_items(std::span<const std::optional<int>> answers) {
  ScaleScore out;
  int sum = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    if (answers[i]) sum += *answers[i];
    else out.missing.push_back(static_cast<int>(i + 1));
  }
  if (out.missing.empty()) out.raw = sum;
  return out;
}

void add_category(ScaleId id, ScaleScore& out) {
  if (!out.raw) return;
  switch (id) {
    case ScaleId::ucla3: out.category = *out.raw >= kUclaLonelyFrom ? "lonely" : "not_lonely"; break;
    case ScaleId::ons_lonely: out.category = kOnsLonelyCategory[static_cast<size_t>(*out.raw - 1)]; break;
    case ScaleId::swemwbs: out.metric_hundredths = swemwbs_metric_hundredths(*out.raw); break;
    case ScaleId::wemwbs:
    case ScaleId::ons4: break;
  }
}

// ONS4 has no total: the ONS reports each question on its own, by threshold.
ScaleScore ons4_bands(std::span<const std::optional<int>> answers) {
  ScaleScore out = sum_items(answers);
  out.raw.reset();
  Ons4Bands b;
  for (size_t i = 0; i < 4; ++i)
    if (answers[i]) b.band[i] = i == 3 ? ons4_anxiety_band(*answers[i]) : ons4_positive_band(*answers[i]);
  out.bands = b;
  return out;
}

}  // namespace

std::optional<int> swemwbs_metric_hundredths(int raw) {
  if (raw < 7 || raw > 35) return std::nullopt;
  return kSwemwbsMetric[static_cast<size_t>(raw - 7)];
}

std::string_view ons4_positive_band(int rating) {
  if (rating <= 4) return "low";
  if (rating <= 6) return "medium";
  if (rating <= 8) return "high";
  return "very_high";
}

std::string_view ons4_anxiety_band(int rating) {
  if (rating <= 1) return "very_low";
  if (rating <= 3) return "low";
  if (rating <= 5) return "medium";
  return "high";
}

Result<ScaleScore> score(const Scale& s, std::span<const std::optional<int>> answers) {
  if (answers.size() != s.item_count())
    return invalid("", std::string(s.name) + " has " + std::to_string(s.item_count()) + " items, not " +
                           std::to_string(answers.size()));
  for (size_t i = 0; i < answers.size(); ++i)
    if (answers[i] && (*answers[i] < s.answer_min || *answers[i] > s.answer_max))
      return invalid("item " + std::to_string(i + 1),
                     std::string(s.name) + " item " + std::to_string(i + 1) + " is " + std::to_string(*answers[i]) +
                         ", outside " + std::to_string(s.answer_min) + "–" + std::to_string(s.answer_max));
  if (s.id == ScaleId::ons4) return ons4_bands(answers);
  ScaleScore out = sum_items(answers);
  add_category(s.id, out);
  return out;
}

}  // namespace kith::measures
