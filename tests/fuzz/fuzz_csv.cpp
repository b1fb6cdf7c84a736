// The CSV reader (exchange/csv.hpp) on arbitrary bytes. Besides not crashing:
// every field it returns is valid UTF-8 within the limits, record lines only
// move forward, and a file it reads completely re-encodes, with the CSV writer,
// into text that reads back as the same records.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "kith/exchange/csv.hpp"

namespace {

using Records = std::vector<std::vector<std::string>>;
namespace csv = kith::exchange::csv;

// All records, or false at the first error.
bool read_all(std::string_view text, Records& out) {
  csv::Reader r(text, "fuzz.csv");
  long last_line = 0;
  for (;;) {
    auto more = r.next();
    if (!more) {
      FUZZ_CHECK(!more.error().message.empty(), "an error says what is wrong");
      FUZZ_CHECK(more.error().line >= 1, "an error names a line");
      return false;
    }
    if (!*more) return true;
    FUZZ_CHECK(r.line() > last_line, "records start on later lines");
    last_line = r.line();
    const auto& fields = r.fields();
    FUZZ_CHECK(!fields.empty() && fields.size() <= csv::kFieldsMax, "field count within limits");
    std::vector<std::string> rec;
    for (auto f : fields) {
      FUZZ_CHECK(f.size() <= csv::kFieldBytesMax, "field size within limits");
      FUZZ_CHECK(csv::valid_utf8_prefix(f) == f.size(), "fields are valid UTF-8");
      rec.emplace_back(f);
    }
    out.push_back(std::move(rec));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Records first;
  if (!read_all(text, first)) return 0;
  std::string encoded;
  for (const auto& rec : first) {
    std::vector<std::string_view> views(rec.begin(), rec.end());
    csv::append_record(encoded, views);
  }
  Records second;
  FUZZ_CHECK(read_all(encoded, second), "the writer's output reads back");
  FUZZ_CHECK(first == second, "re-encoded records read back unchanged");
  return 0;
}
