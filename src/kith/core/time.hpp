#pragma once
// Calendar dates (YYYY-MM-DD, proleptic Gregorian) and UTC timestamps.
#include <optional>
#include <string>
#include <string_view>

namespace kith {

struct Date {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Date&) const = default;
  std::string str() const;  // "2026-11-23"
};

// Strict: exactly YYYY-MM-DD, a real day, years 1900..2200.
std::optional<Date> parse_date(std::string_view s);
std::string now_utc_iso();  // "2026-11-23T00:36:01Z"
Date today_utc();

}  // namespace kith
