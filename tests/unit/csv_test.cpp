#include "kith/exchange/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kith::exchange::csv {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Result<Rows> parse_all(std::string_view text) {
  Reader r(text, "t.csv");
  Rows rows;
  for (;;) {
    auto more = r.next();
    if (!more) return more.error();
    if (!*more) break;
    rows.emplace_back(r.fields().begin(), r.fields().end());
  }
  return rows;
}

TEST(Csv, PlainRecordsWithLfAndCrlf) {
  auto rows = parse_all("a,b,c\r\n1,2,3\n4,,6");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{{"a", "b", "c"}, {"1", "2", "3"}, {"4", "", "6"}}));
}

TEST(Csv, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  auto rows = parse_all("name,notes\n\"Jones, Ann\",\"said \"\"hi\"\"\nthen left\"\n\"\",x\n");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1][0], "Jones, Ann");
  EXPECT_EQ((*rows)[1][1], "said \"hi\"\nthen left");
  EXPECT_EQ((*rows)[2][0], "");
  EXPECT_EQ((*rows)[2][1], "x");
}

TEST(Csv, ByteOrderMarkIsSkipped) {
  auto rows = parse_all("\xEF\xBB\xBFLabel,Type\nAnn,Person\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0], "Label");
}

TEST(Csv, TrailingCommaGivesAnEmptyLastField) {
  auto rows = parse_all("a,\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{{"a", ""}}));
}

TEST(Csv, BlankLinesAreSkippedButCountedForLineNumbers) {
  Reader r("h\n\n\r\nx\n", "t.csv");
  ASSERT_TRUE(*r.next());
  EXPECT_EQ(r.line(), 1);
  ASSERT_TRUE(*r.next());
  EXPECT_EQ(r.line(), 4);
  EXPECT_EQ(r.fields()[0], "x");
  EXPECT_FALSE(*r.next());
}

TEST(Csv, RecordLineIsWhereItStartsAfterEmbeddedLineBreaks) {
  Reader r("h1,h2\n\"a\nb\nc\",d\nnext,row\n", "t.csv");
  ASSERT_TRUE(*r.next());
  ASSERT_TRUE(*r.next());
  EXPECT_EQ(r.line(), 2);
  ASSERT_TRUE(*r.next());
  EXPECT_EQ(r.line(), 5);
}

TEST(Csv, UnicodeNamesPassThroughUnchanged) {
  std::string names = "Siôn Llŷr,Łucja Wąsowska,عائشہ خان,Xaawo Cabdi";
  auto rows = parse_all(names + "\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0], "Siôn Llŷr");
  EXPECT_EQ((*rows)[0][1], "Łucja Wąsowska");
  EXPECT_EQ((*rows)[0][2], "عائشہ خان");
  EXPECT_EQ((*rows)[0][3], "Xaawo Cabdi");
}

TEST(Csv, InvalidUtf8IsRefusedWithLineAndColumnName) {
  Reader r("Label,Type\nAnn,Person\nB\xFF" "b,Person\n", "people.csv");
  ASSERT_TRUE(*r.next());
  r.set_column_names({"Label", "Type"});
  ASSERT_TRUE(*r.next());
  auto more = r.next();
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().line, 3);
  EXPECT_EQ(more.error().field, "Label");
  EXPECT_NE(more.error().message.find("people.csv line 3"), std::string::npos);
  EXPECT_NE(more.error().message.find("UTF-8"), std::string::npos);
}

TEST(Csv, InvalidUtf8InsideAMultiLineFieldNamesThePhysicalLine) {
  auto rows = parse_all("a,b\nx,\"one\ntwo\xC3(\"\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().line, 3);
  EXPECT_EQ(rows.error().field, "column 2");
}

TEST(Csv, OverlongAndSurrogateEncodingsAreRefused) {
  EXPECT_FALSE(parse_all("\xC0\xAF\n").ok());          // overlong "/"
  EXPECT_FALSE(parse_all("\xED\xA0\x80\n").ok());      // U+D800
  EXPECT_FALSE(parse_all("\xF4\x90\x80\x80\n").ok());  // above U+10FFFF
  EXPECT_FALSE(parse_all("ab\xE2\x82").ok());          // truncated at the end
  EXPECT_TRUE(parse_all("\xE2\x82\xAC\n").ok());       // the euro sign
}

TEST(Csv, UnclosedQuoteNamesTheLineItOpensOn) {
  auto rows = parse_all("a,b\nx,y\n\"never closed,z\nmore\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.error().line, 3);
  EXPECT_NE(rows.error().message.find("closing quote"), std::string::npos);
}

TEST(Csv, StrayQuotesAreRefused) {
  auto inside = parse_all("a,b\"c\n");
  ASSERT_FALSE(inside.ok());
  EXPECT_EQ(inside.error().field, "column 2");
  auto after = parse_all("\"a\"b,c\n");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().line, 1);
}

TEST(Csv, TooManyColumnsIsRefused) {
  std::string wide(kFieldsMax + 1, ',');
  EXPECT_FALSE(parse_all(wide + "\n").ok());
  std::string fits(kFieldsMax - 1, ',');
  EXPECT_TRUE(parse_all(fits + "\n").ok());
}

TEST(Csv, WriterQuotesOnlyWhenNeededAndRoundTrips) {
  std::string out;
  append_record(out, {"plain", "with,comma", "say \"hi\"", "two\nlines", "Siôn"});
  EXPECT_EQ(out, "plain,\"with,comma\",\"say \"\"hi\"\"\",\"two\nlines\",Siôn\r\n");
  auto rows = parse_all(out);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{{"plain", "with,comma", "say \"hi\"", "two\nlines", "Siôn"}}));
}

// Found by tests/fuzz/fuzz_csv (corpus/csv/lone_empty_field.csv): a record of
// one empty field was written as an empty line, which the reader skips.
TEST(Csv, WriterKeepsARecordOfOneEmptyField) {
  std::string out;
  append_record(out, {"a"});
  append_record(out, {""});
  append_record(out, {"b"});
  EXPECT_EQ(out, "a\r\n\"\"\r\nb\r\n");
  auto rows = parse_all(out);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{{"a"}, {""}, {"b"}}));
}

// Found by tests/fuzz/fuzz_csv (corpus/csv/leading_bom_field.csv): a first
// field starting with U+FEFF, written unquoted, lost it to the reader's
// byte-order-mark skip.
TEST(Csv, WriterQuotesAFieldThatStartsWithAByteOrderMark) {
  const std::string bom = "\xEF\xBB\xBF";
  std::string out;
  append_record(out, {bom + "x", "y"});
  EXPECT_EQ(out, "\"" + bom + "x\",y\r\n");
  auto rows = parse_all(out);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (Rows{{bom + "x", "y"}}));
  auto with_mark = parse_all(bom + out);  // a file's own mark is still skipped
  ASSERT_TRUE(with_mark.ok());
  EXPECT_EQ(*with_mark, (Rows{{bom + "x", "y"}}));
}

// CSV injection: a spreadsheet would run these as formulas.
TEST(Csv, SpreadsheetTextQuotesCellsThatWouldRunAsFormulas) {
  EXPECT_EQ(spreadsheet_text("=1+2"), "'=1+2");
  EXPECT_EQ(spreadsheet_text("+44 113"), "'+44 113");
  EXPECT_EQ(spreadsheet_text("-2"), "'-2");
  EXPECT_EQ(spreadsheet_text("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(spreadsheet_text("\t=1"), "'\t=1");
  EXPECT_EQ(spreadsheet_text("\r=1"), "'\r=1");
  // Anywhere but the start, and a cell already starting with a quote, is left alone.
  EXPECT_EQ(spreadsheet_text("a=1"), "a=1");
  EXPECT_EQ(spreadsheet_text("'=1"), "'=1");
  EXPECT_EQ(spreadsheet_text(" =1"), " =1");
  EXPECT_EQ(spreadsheet_text(""), "");
  EXPECT_EQ(spreadsheet_text("0.25"), "0.25");
}

TEST(Csv, SpreadsheetRecordGuardsEveryCellAndStillQuotes) {
  std::string out;
  append_spreadsheet_record(out, {"=HYPERLINK(\"http://x\",\"y\")", "@a,b", "plain", "\rx"});
  EXPECT_EQ(out, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'@a,b\",plain,\"'\rx\"\r\n");
}

}  // namespace
}  // namespace kith::exchange::csv
