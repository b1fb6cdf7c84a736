#pragma once
// Calendar dates (YYYY-MM-DD, proleptic Gregorian) and UTC timestamps.
#include <chrono>
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

// A UTC instant to the second: what the accounts' clock speaks (sessions,
// tokens, lockout), so tests can pass any time in.
using Seconds = std::chrono::sys_seconds;
Seconds now_seconds();
// "2026-11-23T00:36:01Z". Fixed width, so the text sorts as the time does:
// SQL compares these stored timestamps as text on both engines.
std::string format_utc_iso(Seconds t);
// Strict: exactly YYYY-MM-DDTHH:MM:SSZ as format_utc_iso writes it.
std::optional<Seconds> parse_utc_iso(std::string_view s);

}  // namespace kith
