// The PostgreSQL placeholder rewriter (store::pg::rewrite_placeholders): `?`
// outside literals, quoted identifiers and comments becomes $1..$n. Besides
// not crashing: the output is the input with some `?` replaced, in order, by
// $1, $2, ... (text outside placeholders unchanged), the reported count is the
// number replaced, and when the SQL has no quotes, comments or dollar signs
// every `?` is a placeholder.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "kith/store/postgres/pg_connection.hpp"

namespace {

// An independent count of the `?` outside '..' literals, ".." identifiers,
// -- comments and nested /* */ comments, for SQL without `$` (dollar quotes)
// and without E'..' strings (backslash escapes): -1 when it does not apply.
int reference_count(std::string_view s) {
  if (s.find('$') != std::string_view::npos) return -1;
  for (size_t i = 1; i < s.size(); ++i)
    if (s[i] == '\'' && (s[i - 1] == 'E' || s[i - 1] == 'e')) return -1;
  int n = 0;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\'' || c == '"') {  // doubled quote stays inside
      size_t j = i + 1;
      while (j < s.size() && !(s[j] == c && (j + 1 >= s.size() || s[j + 1] != c))) j += s[j] == c ? 2 : 1;
      i = j + 1;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      int depth = 0;
      while (i + 1 < s.size()) {
        if (s[i] == '/' && s[i + 1] == '*') ++depth, i += 2;
        else if (s[i] == '*' && s[i + 1] == '/') { i += 2; if (--depth == 0) break; }
        else ++i;
      }
      if (depth > 0) i = s.size();
    } else {
      n += c == '?';
      ++i;
    }
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  int count = -1;
  std::string out = kith::store::pg::rewrite_placeholders(sql, &count);
  FUZZ_CHECK(count >= 0, "a count is reported");
  // Walk both: equal bytes match; a `?` the output does not repeat must be $k.
  size_t i = 0, j = 0;
  int k = 0;
  while (i < sql.size()) {
    if (j < out.size() && sql[i] == out[j]) {
      ++i, ++j;
      continue;
    }
    FUZZ_CHECK(sql[i] == '?', "only placeholders change");
    std::string want = "$" + std::to_string(++k);
    FUZZ_CHECK(out.compare(j, want.size(), want) == 0, "placeholders are numbered in order");
    j += want.size();
    ++i;
  }
  FUZZ_CHECK(j == out.size(), "nothing is added after the input");
  FUZZ_CHECK(k == count, "the count is the number of placeholders");
  if (sql.find_first_of("'\"-/$") == std::string_view::npos) {
    size_t marks = 0;
    for (char c : sql) marks += c == '?';
    FUZZ_CHECK(static_cast<size_t>(count) == marks, "every ? outside quotes and comments is a placeholder");
  }
  int want = reference_count(sql);
  FUZZ_CHECK(want < 0 || want == count, "placeholders are the ? outside quotes and comments");
  FUZZ_CHECK(kith::store::pg::rewrite_placeholders(sql, nullptr) == out, "the count is optional");
  return 0;
}
