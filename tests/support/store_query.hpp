#pragma once
// A query straight from the database, bypassing kith's own reads: what the
// store suites check their answers against.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "kith/store/store.hpp"
#include "kith/store/value.hpp"

namespace kith::test {

// The first column of the first row as text, "<no row>" without one; a failed
// query fails the test.
inline std::string query_text(store::Store& s, const std::string& sql,
                              std::initializer_list<store::Value> params = {}) {
  std::string out = "<no row>";
  auto r = s.read([&](store::Connection& c) -> Result<void> {
    auto stmt = c.prepare(sql);
    if (!stmt) return stmt.error();
    int i = 1;
    for (const auto& p : params) (*stmt)->bind(i++, p);
    auto row = (*stmt)->step();
    if (!row) return row.error();
    if (*row) out = store::text_of((*stmt)->column(0));
    (*stmt)->reset();  // a statement left mid-result keeps a read snapshot open on a pooled connection
    return {};
  });
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return out;
}

}  // namespace kith::test
