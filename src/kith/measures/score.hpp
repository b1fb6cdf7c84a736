#pragma once
// Scoring a respondent's answers to one scale, exactly as its publisher
// specifies (docs/measures.md). A missing answer is never imputed: the scale
// then has no raw score (and no metric or category), and `missing` says which
// items were not answered.
#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/measures/scale.hpp"

namespace kith::measures {

// ONS4: the ONS threshold band of each of the four items, in the ONS order
// satisfied, worthwhile, happy, anxious; nullopt where that item is missing.
struct Ons4Bands {
  static constexpr std::array<std::string_view, 4> kNames{"satisfied", "worthwhile", "happy", "anxious"};
  std::array<std::optional<std::string_view>, 4> band;
};

struct ScaleScore {
  std::optional<int> raw;              // item sum; never for ONS4, never with an item missing
  std::optional<int> metric_hundredths;// SWEMWBS metric score × 100 (19.25 → 1925), from the conversion table
  std::optional<std::string_view> category;  // UCLA-3 lonely/not_lonely; ONS question's answer; else none
  std::optional<Ons4Bands> bands;      // ONS4 only
  std::vector<int> missing;            // item numbers (1-based) with no answer, ascending
};

// `answers[i]` is item i + 1 (nullopt: not answered). Invalid when the count
// is not the scale's or an answer is outside its range (field "item N").
Result<ScaleScore> score(const Scale& s, std::span<const std::optional<int>> answers);

// The published SWEMWBS conversion: raw total 7–35 → metric score × 100.
std::optional<int> swemwbs_metric_hundredths(int raw);
// ONS thresholds (ONS personal well-being user guidance).
std::string_view ons4_positive_band(int rating);  // satisfied, worthwhile, happy: low/medium/high/very_high
std::string_view ons4_anxiety_band(int rating);   // anxious: very_low/low/medium/high

}  // namespace kith::measures
