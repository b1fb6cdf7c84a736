#include "kith/domain/audit.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <optional>

#include "kith/core/assert.hpp"
#include "kith/core/ids.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/accounts.hpp"
#include "kith/model/schema.hpp"

namespace kith::domain {
namespace {

using store::Connection;
using store::Repository;


Seconds start_of_day(const Date& d) {
  using namespace std::chrono;
  return sys_days{year{d.year} / month{static_cast<unsigned>(d.month)} / day{static_cast<unsigned>(d.day)}};
}

// A bound as the half-open interval's edge: `from` is the first second in,
// `to` the first second out (so a date takes in its whole day, and a time
// its own second). Empty text is an open bound.
enum class Edge { from, to };

Result<std::string> bound_of(std::string_view text, Edge edge) {
  if (text.empty()) return std::string();
  const std::string field = edge == Edge::from ? "from" : "to";
  std::optional<Seconds> at;
  bool whole_day = false;
  if (auto d = parse_date(text)) {
    at = start_of_day(*d);
    whole_day = true;
  } else {
    at = parse_utc_iso(text);
  }
  if (!at)
    return invalid(field, fmt::format("Enter {} as a date (2026-11-23) or a UTC time (2026-11-23T09:30:00Z)", field));
  if (edge == Edge::to) *at += whole_day ? std::chrono::seconds(std::chrono::days(1)) : std::chrono::seconds(1);
  return format_utc_iso(*at);
}

Result<int64_t> before_seq_of(std::string_view cursor) {
  if (cursor.empty()) return int64_t{0};
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), seq);
  if (ec != std::errc() || end != cursor.data() + cursor.size() || seq < 1)
    return invalid("cursor", "This cursor is not one kith gave out; start again from the first page");
  return seq;
}

// The query's text checked and turned into the store's filter.
Result<store::AuditFilter> filter_of(const AuditQuery& q) {
  store::AuditFilter f;
  // As the register answers a malformed area in a URL: not found, and not echoed.
  if (!is_valid_id(q.area_id, model::areas().id_prefix)) return not_found("Area not found");
  f.area_id = q.area_id;
  if (!q.person_id.empty() && !is_valid_id(q.person_id, model::people().id_prefix))
    return invalid("person", "Enter a person id (pe_…) or leave person out");
  f.person_id = q.person_id;
  if (!q.user_id.empty() && !is_valid_id(q.user_id, kUserIdPrefix))
    return invalid("user", "Enter a user id (us_…) or leave user out");
  f.user_id = q.user_id;
  auto from = bound_of(q.from, Edge::from);
  if (!from) return from.error();
  auto until = bound_of(q.to, Edge::to);
  if (!until) return until.error();
  // Both are fixed-width UTC text, so comparing the text compares the times.
  if (!from->empty() && !until->empty() && *until <= *from)
    return invalid("to", "Enter a to that is the same as or after from");
  f.at_from = std::move(*from);
  f.at_until = std::move(*until);
  auto before = before_seq_of(q.cursor);
  if (!before) return before.error();
  f.before_seq = *before;
  auto limit = store::check_page_limit(q.limit);
  if (!limit) return limit.error();
  f.limit = *limit;
  return f;
}

// An area is asked about even once deleted: its history outlives it.
Result<void> require_area_ever(Repository& repo, std::string_view area_id) {
  auto a = repo.get(model::areas(), area_id, /*include_deleted=*/true);
  if (!a && a.error().code == Errc::not_found) return not_found(fmt::format("Area {} not found", area_id));
  if (!a) return a.error();
  return {};
}

}  // namespace

Result<AuditPage> AuditLog::query(const AuditQuery& q) {
  auto filter = filter_of(q);
  if (!filter) return filter.error();
  store::AuditRowPage rows;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    Repository repo(c);
    KITH_TRY(require_area_ever(repo, filter->area_id));
    auto got = repo.audit_rows(*filter);
    if (!got) return got.error();
    rows = std::move(*got);
    return {};
  }));
  KITH_ASSERT(rows.rows.size() <= static_cast<size_t>(filter->limit));
  AuditPage page;
  page.entries = std::move(rows.rows);
  if (rows.next_before_seq > 0) page.next_cursor = std::to_string(rows.next_before_seq);
  return page;
}

Result<std::vector<store::AuditRow>> AuditLog::about_person(std::string_view area_id, std::string_view person_id) {
  if (person_id.empty()) return invalid("person", "Enter a person id (pe_…)");
  AuditQuery q;
  q.area_id = std::string(area_id);
  q.person_id = std::string(person_id);
  q.limit = kAuditPageLimitMax;
  std::vector<store::AuditRow> all;
  // Page by page, each its own read: the log only grows, and rows newer than
  // the first page are not asked for, so no row is seen twice or skipped.
  for (;;) {
    auto page = query(q);
    if (!page) return page.error();
    all.insert(all.end(), page->entries.begin(), page->entries.end());
    if (static_cast<int64_t>(all.size()) > kAuditSubjectRowsMax)
      return Error{Errc::too_large,
                   fmt::format("More than {} audit rows name this person; ask for them a page at a time",
                               kAuditSubjectRowsMax),
                   "person", 0};
    if (page->next_cursor.empty()) break;
    q.cursor = page->next_cursor;
  }
  return all;
}

}  // namespace kith::domain
