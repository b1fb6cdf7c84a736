#include "kith/core/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace kith {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  Date out{to_int(y), to_int(m), to_int(d)};
  if (out.year < 1900 || out.year > 2200 || out.month < 1 || out.month > 12) return std::nullopt;
  if (out.day < 1 || out.day > days_in_month(out.year, out.month)) return std::nullopt;
  return out;
}

std::string now_utc_iso() { return format_utc_iso(now_seconds()); }

Seconds now_seconds() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::string format_utc_iso(Seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<Seconds> parse_utc_iso(std::string_view s) {
  if (s.size() != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return std::nullopt;
  auto date = parse_date(s.substr(0, 10));
  auto h = s.substr(11, 2), m = s.substr(14, 2), sec = s.substr(17, 2);
  if (!date || !all_digits(h) || !all_digits(m) || !all_digits(sec)) return std::nullopt;
  if (to_int(h) > 23 || to_int(m) > 59 || to_int(sec) > 59) return std::nullopt;
  const std::chrono::sys_days day{std::chrono::year{date->year} / date->month / date->day};
  return Seconds{day} + std::chrono::hours{to_int(h)} + std::chrono::minutes{to_int(m)} +
         std::chrono::seconds{to_int(sec)};
}

Date today_utc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

}  // namespace kith
