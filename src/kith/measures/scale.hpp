#pragma once
// The validated scales kith scores (docs/measures.md). A scale is code, not a
// free-form question: its items, their wording as the publisher gives it, the
// range of each answer and its scoring rule live here and nowhere else, so
// scoring cannot drift between the command line, the API and the web app.
#include <optional>
#include <span>
#include <string_view>

#include "kith/core/result.hpp"

namespace kith::measures {

enum class ScaleId { ucla3, ons_lonely, swemwbs, wemwbs, ons4 };

// One answer option: the code entered for it and its label.
struct ResponseOption {
  int code;
  std::string_view label;
};

struct Scale {
  ScaleId id;
  std::string_view name;   // as on the command line and in column names: "swemwbs" → swemwbs_1 …
  std::string_view title;  // "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)"
  std::string_view source; // who publishes it and where the wording comes from
  std::string_view preamble;                    // read or shown before the items
  std::span<const std::string_view> items;      // item 1 first, wording as published
  int answer_min, answer_max;                   // every item of the scale shares one range
  std::span<const ResponseOption> options;      // labelled codes; ONS4 labels only its ends
  std::size_t item_count() const { return items.size(); }
};

// Every scale, in a fixed order (ucla3, ons_lonely, swemwbs, wemwbs, ons4).
std::span<const Scale> all_scales();
const Scale& scale(ScaleId id);
// By name ("ucla3", …); invalid naming the known names when there is none.
Result<const Scale*> find_scale(std::string_view name);

// One answer as typed from a paper form: blank (after trimming spaces) is a
// missing answer (nullopt); otherwise a whole number in the scale's range.
// The error's reason says what is wrong and what to enter instead.
Result<std::optional<int>> parse_answer(const Scale& s, std::string_view text);

}  // namespace kith::measures
