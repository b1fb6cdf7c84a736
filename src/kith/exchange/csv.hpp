#pragma once
// RFC 4180 CSV: quoted fields, doubled quotes, embedded commas and line
// breaks, CRLF or LF line ends; a UTF-8 byte-order mark is skipped and invalid
// UTF-8 is refused. Errors name the file, the line and the column.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/core/text.hpp"

namespace kith::exchange::csv {

inline constexpr size_t kFieldsMax = 256;              // columns in one record
inline constexpr size_t kFieldBytesMax = 1u << 20;     // bytes in one field

// Reads records one at a time from text held by the caller. Field views stay
// valid until the next call to next().
class Reader {
 public:
  Reader(std::string_view text, std::string file_name);

  // Reads the next record: true when one was read, false at the end. Lines
  // that are completely empty are skipped.
  Result<bool> next();
  const std::vector<std::string_view>& fields() const { return fields_; }
  // Line on which the current record starts (1-based).
  long line() const { return record_line_; }
  // Names columns in later error messages (usually the header record).
  void set_column_names(std::vector<std::string> names) { names_ = std::move(names); }
  // An invalid-data error about column `index` of the current record.
  Error error_at(size_t index, std::string reason) const;
  // "elements.csv line 4" style prefix used in messages.
  std::string where(long line) const;
  const std::string& file_name() const { return file_; }

 private:
  struct Span {
    bool scratch;  // true: [begin, end) indexes scratch_, else text_
    size_t begin, end;
  };
  Result<void> read_quoted(Span& out);
  Result<void> read_plain(Span& out);
  Error fail(long line, size_t column, std::string reason) const;
  std::string column_label(size_t index) const;

  std::string_view text_;
  std::string file_;
  size_t pos_ = 0;
  long line_ = 1;  // physical line at pos_
  long record_line_ = 0;
  std::vector<Span> spans_;
  std::vector<long> field_lines_;  // physical line each field starts on
  std::string scratch_;
  std::vector<std::string_view> fields_;
  std::vector<std::string> names_;
};

// Length of the valid UTF-8 prefix of s (s.size() when all of it is valid):
// strict, no overlong forms, surrogates or code points above U+10FFFF.
using kith::valid_utf8_prefix;  // core/text.hpp

// Appends one field, quoted when it holds a comma, quote or line break.
void append_field(std::string& out, std::string_view value);
// Appends a whole record and a CRLF line end (RFC 4180).
void append_record(std::string& out, const std::vector<std::string_view>& values);

// For a file meant to be opened in a spreadsheet (never one kith reads back):
// a spreadsheet runs a cell that begins with =, +, - or @ as a formula, and
// some do after a leading tab or carriage return, so such a cell gets a
// single quote in front and is read as text (CSV injection). Other cells are
// unchanged.
std::string spreadsheet_text(std::string_view value);
// append_record with every cell through spreadsheet_text.
void append_spreadsheet_record(std::string& out, const std::vector<std::string_view>& values);

}  // namespace kith::exchange::csv
