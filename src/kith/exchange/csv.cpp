#include "kith/exchange/csv.hpp"

#include <cassert>
#include <cstdint>

namespace kith::exchange::csv {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// A field that starts with a byte-order mark is quoted too: unquoted at the
// start of a file, the reader would take the mark for the file's own and drop it.
bool needs_quotes(std::string_view v) {
  if (v.substr(0, kBom.size()) == kBom) return true;
  for (char c : v)
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  return false;
}

// Physical lines spanned by bytes [0, n) of s: LF, CRLF and lone CR each end one.
long count_line_ends(std::string_view s, size_t n) {
  long lines = 0;
  for (size_t i = 0; i < n && i < s.size(); ++i) {
    if (s[i] == '\n') ++lines;
    else if (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n')) ++lines;
  }
  return lines;
}

}  // namespace

Reader::Reader(std::string_view text, std::string file_name) : text_(text), file_(std::move(file_name)) {
  if (text_.substr(0, kBom.size()) == kBom) pos_ = kBom.size();
}

std::string Reader::column_label(size_t index) const {
  if (index < names_.size() && !names_[index].empty()) return names_[index];
  return "column " + std::to_string(index + 1);
}

std::string Reader::where(long line) const { return file_ + " line " + std::to_string(line); }

Error Reader::fail(long line, size_t column, std::string reason) const {
  std::string label = column_label(column);
  Error e = invalid(label, where(line) + ", column " + label + ": " + reason);
  e.line = line;
  e.file = file_;
  e.reason = std::move(reason);
  return e;
}

Error Reader::error_at(size_t index, std::string reason) const {
  return fail(record_line_, index, std::move(reason));
}

Result<void> Reader::read_plain(Span& out) {
  const size_t n = text_.size();
  size_t i = pos_;
  while (i < n) {
    char c = text_[i];
    if (c == ',' || c == '\n' || c == '\r') break;
    if (c == '"')
      return fail(line_, spans_.size(),
                  "a double quote inside a field that does not start with one; put the whole field in double "
                  "quotes and write the quote twice (\"\")");
    ++i;
  }
  out = Span{false, pos_, i};
  pos_ = i;
  return {};
}

Result<void> Reader::read_quoted(Span& out) {
  assert(text_[pos_] == '"');
  const size_t n = text_.size();
  const long open_line = line_;
  size_t i = pos_ + 1;
  size_t chunk = i;  // start of bytes not yet copied to scratch_
  bool copying = false;
  size_t scratch_begin = scratch_.size();
  for (;;) {
    if (i >= n)
      return fail(open_line, spans_.size(), "a quoted field starts on this line but its closing quote is missing");
    char c = text_[i];
    if (c == '"') {
      if (i + 1 < n && text_[i + 1] == '"') {  // doubled quote: one literal quote
        if (!copying) copying = true;
        scratch_.append(text_.substr(chunk, i + 1 - chunk));
        i += 2;
        chunk = i;
        continue;
      }
      break;
    }
    if (c == '\n' || (c == '\r' && (i + 1 >= n || text_[i + 1] != '\n'))) ++line_;
    ++i;
  }
  if (copying) {
    scratch_.append(text_.substr(chunk, i - chunk));
    out = Span{true, scratch_begin, scratch_.size()};
  } else {
    out = Span{false, pos_ + 1, i};
  }
  pos_ = i + 1;  // past the closing quote
  if (pos_ < n) {
    char next = text_[pos_];
    if (next != ',' && next != '\n' && next != '\r')
      return fail(line_, spans_.size(),
                  "text after a closing double quote; a quote inside a quoted field must be written twice (\"\")");
  }
  return {};
}

Result<bool> Reader::next() {
  spans_.clear();
  fields_.clear();
  scratch_.clear();
  const size_t n = text_.size();
  // Skip blank lines between records.
  while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }
  if (pos_ >= n) return false;
  record_line_ = line_;
  field_lines_.clear();
  for (;;) {
    if (spans_.size() >= kFieldsMax)
      return fail(record_line_, spans_.size(), "too many columns (at most " + std::to_string(kFieldsMax) + ")");
    field_lines_.push_back(line_);
    Span s{};
    if (pos_ < n && text_[pos_] == '"') {
      KITH_TRY(read_quoted(s));
    } else {
      KITH_TRY(read_plain(s));
    }
    if (s.end - s.begin > kFieldBytesMax)
      return fail(field_lines_.back(), spans_.size(),
                  "a field longer than " + std::to_string(kFieldBytesMax) + " bytes");
    spans_.push_back(s);
    if (pos_ >= n) break;
    char c = text_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    // c is a line end
    if (c == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
    break;
  }
  fields_.reserve(spans_.size());
  for (size_t k = 0; k < spans_.size(); ++k) {
    const Span& s = spans_[k];
    std::string_view v = s.scratch ? std::string_view(scratch_).substr(s.begin, s.end - s.begin)
                                   : text_.substr(s.begin, s.end - s.begin);
    size_t ok = valid_utf8_prefix(v);
    if (ok != v.size())
      return fail(field_lines_[k] + count_line_ends(v, ok), k,
                  "this is not valid UTF-8 text; save the file as CSV UTF-8");
    fields_.push_back(v);
  }
  return true;
}

void append_field(std::string& out, std::string_view value) {
  if (!needs_quotes(value)) {
    out.append(value);
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_record(std::string& out, const std::vector<std::string_view>& values) {
  // One empty field would be an empty line, which readers skip: write it as "".
  if (values.size() == 1 && values[0].empty()) {
    out += "\"\"\r\n";
    return;
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    append_field(out, values[i]);
  }
  out += "\r\n";
}

std::string spreadsheet_text(std::string_view value) {
  constexpr std::string_view kFormulaStarts = "=+-@\t\r";
  if (value.empty() || kFormulaStarts.find(value.front()) == std::string_view::npos) return std::string(value);
  return "'" + std::string(value);
}

void append_spreadsheet_record(std::string& out, const std::vector<std::string_view>& values) {
  std::vector<std::string> safe(values.begin(), values.end());
  for (auto& v : safe) v = spreadsheet_text(v);
  append_record(out, std::vector<std::string_view>(safe.begin(), safe.end()));
}

}  // namespace kith::exchange::csv
