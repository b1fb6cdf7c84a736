// exchange::read_edge_file / read_node_file and Graph::from_columns against
// the reader they replace: the test keeps its own copy of the old path (the
// general CSV reader, graph::IdMap, an EdgeInput list and Graph::from_edges)
// and checks the same nodes in the same order, the same CSR and the same
// BuildReport. Error messages are compared with text written out here.
#include <gtest/gtest.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "kith/exchange/csv.hpp"
#include "kith/exchange/text_index.hpp"
#include "kith/exchange/edge_file.hpp"
#include "kith/graph/builder.hpp"
#include "kith/graph/graph.hpp"
#include "kith/graph/labels.hpp"
#include "support/test_support.hpp"

namespace kith::graph {
namespace {

using testing::kFixtures;

// ------------------------------------------------------------ the old path

struct Loaded {
  IdMap ids;
  Graph graph;
  BuildReport report;
};

// What `kith analyze` did before the in-place reader (bad input excluded:
// the reference is only used on files the old reader accepted).
Loaded old_reader(const std::string& path, GraphOptions opt, const std::string& nodes_path = {}) {
  auto slurp = [](const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  Loaded out;
  if (!nodes_path.empty()) {
    std::string text = slurp(nodes_path);
    exchange::csv::Reader r(text, nodes_path);
    EXPECT_TRUE(r.next().value());
    while (r.next().value()) out.ids.intern(r.fields()[0]);
  }
  std::string text = slurp(path);
  exchange::csv::Reader r(text, path);
  EXPECT_TRUE(r.next().value());
  const bool has_weight = r.fields().size() == 3;
  std::vector<EdgeInput> edges;
  while (r.next().value()) {
    const auto& f = r.fields();
    double w = 1.0;
    if (has_weight) std::from_chars(f[2].data(), f[2].data() + f[2].size(), w);
    const node_t u = out.ids.intern(f[0]), v = out.ids.intern(f[1]);
    edges.push_back({u, v, w});
  }
  out.graph = Graph::from_edges(out.ids.size(), edges, opt, &out.report);
  return out;
}

Result<Loaded> new_reader(const std::string& path, GraphOptions opt, const std::string& nodes_path = {}) {
  exchange::NodeIds ids;
  if (!nodes_path.empty()) KITH_TRY(exchange::read_node_file(nodes_path, ids));
  EdgeColumns cols;
  KITH_TRY(exchange::read_edge_file(path, opt.weighted, ids, cols));
  Loaded out;
  out.ids = std::move(ids).release();
  out.graph = build_graph(out.ids.size(), cols, opt, &out.report);
  return out;
}

void expect_same(const Loaded& want, const Loaded& have) {
  ASSERT_EQ(have.ids.size(), want.ids.size());
  for (node_t v = 0; v < want.ids.size(); ++v) ASSERT_EQ(have.ids.name(v), want.ids.name(v)) << "node " << v;
  const Graph &a = want.graph, &b = have.graph;
  ASSERT_EQ(b.node_count(), a.node_count());
  EXPECT_EQ(b.edge_count(), a.edge_count());
  EXPECT_EQ(b.directed(), a.directed());
  EXPECT_EQ(b.weighted(), a.weighted());
  EXPECT_EQ(have.report.self_loops_dropped, want.report.self_loops_dropped);
  EXPECT_EQ(have.report.duplicates_merged, want.report.duplicates_merged);
  for (node_t v = 0; v < a.node_count(); ++v) {
    auto ra = a.out_neighbors(v), rb = b.out_neighbors(v);
    ASSERT_EQ(std::vector<node_t>(rb.begin(), rb.end()), std::vector<node_t>(ra.begin(), ra.end())) << "row " << v;
    auto wa = a.out_weights(v), wb = b.out_weights(v);
    ASSERT_EQ(std::vector<float>(wb.begin(), wb.end()), std::vector<float>(wa.begin(), wa.end())) << "row " << v;
    auto ia = a.in_neighbors(v), ib = b.in_neighbors(v);
    ASSERT_EQ(std::vector<node_t>(ib.begin(), ib.end()), std::vector<node_t>(ia.begin(), ia.end())) << "in " << v;
    auto iwa = a.in_weights(v), iwb = b.in_weights(v);
    ASSERT_EQ(std::vector<float>(iwb.begin(), iwb.end()), std::vector<float>(iwa.begin(), iwa.end())) << "in " << v;
  }
}

// Every option combination the CLI can ask for.
void expect_same_all_ways(const std::string& path, const std::string& nodes = {}) {
  for (bool directed : {false, true})
    for (bool weighted : {false, true}) {
      std::ifstream f(path);
      std::string header;
      std::getline(f, header);
      if (weighted && header.find("weight") == std::string::npos) continue;
      SCOPED_TRACE(path + (directed ? " directed" : " undirected") + (weighted ? " weighted" : ""));
      GraphOptions opt{.directed = directed, .weighted = weighted};
      auto have = new_reader(path, opt, nodes);
      ASSERT_TRUE(have.ok()) << have.error().message;
      expect_same(old_reader(path, opt, nodes), *have);
    }
}

std::string write(const kith::test::TempDir& d, const std::string& name, const std::string& text) {
  std::ofstream(d.file(name), std::ios::binary) << text;
  return d.file(name);
}

// ------------------------------------------------------------ same graphs

TEST(EdgeFile, FixturesGiveTheOldGraphAndNodeOrder) {
  for (const char* name : {"florentine", "karate", "karate_unweighted", "davis", "lesmis", "random_directed", "random_undirected",
                           "weighted_directed"})
    expect_same_all_ways(kFixtures + name + "/edges.csv");
}

// Random lines drawn from `ids`, with repeats, reversed repeats and self loops.
std::string random_edges(std::mt19937_64& rng, const std::vector<std::string>& ids, int lines, bool weights,
                         const std::string& eol = "\n") {
  std::string text = weights ? "source,target,weight" + eol : "source,target" + eol;
  std::uniform_int_distribution<size_t> pick(0, ids.size() - 1);
  std::uniform_int_distribution<int> weight(1, 9);
  for (int i = 0; i < lines; ++i) {
    text += ids[pick(rng)] + "," + ids[pick(rng)];
    if (weights) text += "," + std::to_string(weight(rng)) + (i % 3 ? "" : ".5");
    text += eol;
  }
  return text;
}

TEST(EdgeFile, GeneratedNumericStringAndMixedIds) {
  kith::test::TempDir d;
  std::mt19937_64 rng(42);
  std::vector<std::string> numeric, strings, mixed;
  for (int i = 0; i < 300; ++i) numeric.push_back(std::to_string(i * 7919 % 1000));
  numeric.push_back("123456789012345678");  // far past the dense table: the sparse map
  numeric.push_back("0");
  for (int i = 0; i < 300; ++i) strings.push_back("p" + std::to_string(i));
  // Texts that look numeric but are not plain decimals must stay distinct from
  // the plain ones: 7 and 07, 1e3 and 1000, a 19-digit number, -3 and 3.
  mixed = {"7", "07", "007", "1000", "1e3", "-3", "3", "x", "\xC3\xA9mile", "1234567890123456789", "0", "00",
           "  5", "5", "+5"};
  for (int i = 0; i < 50; ++i) mixed.push_back(std::to_string(i));
  for (bool w : {false, true}) {
    expect_same_all_ways(write(d, "numeric.csv", random_edges(rng, numeric, 3000, w)));
    expect_same_all_ways(write(d, "strings.csv", random_edges(rng, strings, 3000, w)));
    expect_same_all_ways(write(d, "mixed.csv", random_edges(rng, mixed, 3000, w)));
    expect_same_all_ways(write(d, "crlf.csv", random_edges(rng, mixed, 500, w, "\r\n")));
    expect_same_all_ways(write(d, "cr.csv", random_edges(rng, mixed, 500, w, "\r")));
  }
}

TEST(EdgeFile, LayoutVariantsGiveTheOldGraph) {
  kith::test::TempDir d;
  const std::vector<std::pair<std::string, std::string>> files = {
      {"bom.csv", "\xEF\xBB\xBFsource,target\n1,2\n2,3\n"},
      {"no_newline.csv", "source,target,weight\na,b,2\nb,c,3"},
      {"blank_lines.csv", "\n\r\nsource,target\n\n1,2\r\n\r\n\n2,3\n\n"},
      {"header_only.csv", "source,target\n"},
      {"header_only_no_newline.csv", "source,target,weight"},
      {"quoted.csv", "source,target,weight\n\"Smith, Ann\",\"Jones, Bo\",2\n\"Jones, Bo\",7,\"1.5\"\n7,\"say \"\"hi\"\"\",1\n"},
      {"quoted_newline.csv", "source,target\n\"two\nlines\",b\nb,c\n"},
      {"quoted_number.csv", "source,target\n\"7\",8\n7,\"8\"\n8,9\n"},
      {"quoted_header.csv", "\"source\",\"target\"\n1,2\n"},
      {"loops_and_repeats.csv", "source,target,weight\n1,1,2\n1,2,3\n2,1,4\n1,2,5\n3,3,1\n"},
      {"utf8.csv", "source,target\n\xC3\xA9mile,Zo\xC3\xAB\nZo\xC3\xAB,\xE6\x9D\xB1\n"},
  };
  for (const auto& [name, text] : files) expect_same_all_ways(write(d, name, text));
}

TEST(EdgeFile, NodesFileComesFirstInTheNumbering) {
  kith::test::TempDir d;
  const std::string nodes = write(d, "nodes.csv", "id,label\n9,nine\nzed,z\n3,three\n\"q,uoted\",x\n");
  expect_same_all_ways(write(d, "e.csv", "source,target\n3,4\n4,9\nzed,5\n\"q,uoted\",3\n"), nodes);
  expect_same_all_ways(write(d, "e2.csv", "source,target\n3,4\n4,9\nzed,5\n"), nodes);
}

TEST(EdgeFile, LargeNumericFileThroughThePipeAndTheMap) {
  kith::test::TempDir d;
  std::mt19937_64 rng(7);
  std::vector<std::string> ids;
  for (int i = 0; i < 20000; ++i) ids.push_back(std::to_string(rng() % 400000));
  const std::string path = write(d, "big.csv", random_edges(rng, ids, 60000, true));
  expect_same_all_ways(path);
  // A pipe has no size and cannot be mapped: the same graph, read in chunks.
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string text = "source,target\n5,6\n6,\"7\"\n7,5\n";
  ASSERT_EQ(::write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fds[1]);
  const std::string same = write(d, "same.csv", text);
  auto have = new_reader("/dev/fd/" + std::to_string(fds[0]), {});
  ::close(fds[0]);
  ASSERT_TRUE(have.ok()) << have.error().message;
  expect_same(old_reader(same, {}), *have);
}

// ------------------------------------------------------------ TextIndex

// Against std::unordered_map, with a hash that sends every key to a handful
// of slots, so probing past full runs and growing are both exercised.
TEST(TextIndex, FindsWhatAMapFindsUnderCollisionsAndGrowth) {
  exchange::TextIndex index;
  std::unordered_map<std::string, uint32_t> want;
  std::vector<std::string> keys;
  auto bad_hash = [](std::string_view k) { return static_cast<uint32_t>(k.size() % 4); };
  auto key_of = [&](uint32_t v) -> const std::string& { return keys[v]; };
  for (uint32_t i = 0; i < 3000; ++i) {
    std::string k = "k" + std::to_string(i * 7);
    ASSERT_FALSE(index.find(k, bad_hash(k), key_of).has_value()) << k;
    keys.push_back(k);
    index.insert(bad_hash(k), i);
    want.emplace(k, i);
  }
  EXPECT_EQ(index.size(), 3000u);
  for (const auto& [k, v] : want) ASSERT_EQ(index.find(k, bad_hash(k), key_of), std::optional<uint32_t>(v)) << k;
  for (const char* absent : {"", "k1", "k20999", "x"})
    EXPECT_FALSE(index.find(absent, bad_hash(absent), key_of).has_value()) << absent;
  index.clear();
  EXPECT_EQ(index.size(), 0u);
  EXPECT_FALSE(index.find("k0", bad_hash("k0"), key_of).has_value());
  // The real hash, after a reserve that must not lose anything either.
  exchange::TextIndex real;
  real.insert(exchange::TextIndex::hash(keys[0]), 0);
  real.reserve(keys.size());
  for (uint32_t i = 1; i < keys.size(); ++i) real.insert(exchange::TextIndex::hash(keys[i]), i);
  for (uint32_t i = 0; i < keys.size(); ++i)
    ASSERT_EQ(real.find(keys[i], exchange::TextIndex::hash(keys[i]), key_of), std::optional<uint32_t>(i));
}

// ------------------------------------------------------------ NodeIds

TEST(NodeIds, FirstAppearanceOrderAcrossDenseAndSparseNumbers) {
  exchange::NodeIds ids;
  IdMap want;
  std::vector<std::string> seq = {"1000000", "5", "05", "abc", "5", "1000000", "99999999999", "zzz", "abc"};
  // Enough distinct small numbers to grow the dense table past 1,000,000,
  // which moves the earlier sparse entry into it.
  for (int i = 0; i < 300000; ++i) seq.push_back(std::to_string(i * 3));
  seq.insert(seq.end(), {"1000000", "99999999999", "05", "abc", "6"});
  for (const auto& s : seq) ASSERT_EQ(ids.intern(s), want.intern(s)) << s;
  ids.truncate(4);  // "1000000", "5", "05", "abc"
  IdMap want4;
  for (const auto& s : {"1000000", "5", "05", "abc", "0", "3", "99999999999", "zzz"}) want4.intern(s);
  for (const auto& s : {"1000000", "5", "05", "abc", "0", "3", "99999999999", "zzz", "abc", "05"})
    ASSERT_EQ(ids.intern(s), want4.find(s)) << s;
  IdMap released = std::move(ids).release();
  ASSERT_EQ(released.size(), want4.size());
  for (node_t v = 0; v < released.size(); ++v) EXPECT_EQ(released.name(v), want4.name(v));
  // The released map still finds and extends, as any IdMap.
  EXPECT_EQ(released.intern("abc"), 3u);
  EXPECT_EQ(released.find("99999999999"), 6u);
  EXPECT_EQ(released.intern("new"), 8u);
}

TEST(NodeIds, PlainNumbersOnly) {
  EXPECT_EQ(exchange::plain_number("0"), 0);
  EXPECT_EQ(exchange::plain_number("123456789012345678"), 123456789012345678);
  EXPECT_EQ(exchange::plain_number("1234567890123456789"), -1);
  for (const char* s : {"", "00", "01", "-1", "+1", "1.0", "1e3", " 1", "1 ", "x1", "١"})
    EXPECT_EQ(exchange::plain_number(s), -1) << s;
}

// ------------------------------------------------------------ errors

Error edge_error(const std::string& path, bool weighted = false) {
  exchange::NodeIds ids;
  EdgeColumns cols;
  auto r = exchange::read_edge_file(path, weighted, ids, cols);
  EXPECT_FALSE(r.ok()) << path;
  return r.ok() ? Error{} : r.error();
}

TEST(EdgeFileErrors, NameTheFileAndLineAsBefore) {
  kith::test::TempDir d;
  struct Case {
    std::string name, text, message;
    long line;
    bool weighted = false;
  };
  const std::string P = d.path() + "/";
  // Field counts: the reader before issue 8 compared each record with itself
  // (a reference to the reader's current fields), so it never gave these two
  // messages and read past the end of a short weighted row; they are given now.
  const std::vector<Case> cases = {
      {"zero.csv", "source,target,weight\na,b,1\nb,c,0\n", P + "zero.csv line 3: weight must be a positive number", 3},
      {"negative.csv", "source,target,weight\na,b,-2\n", P + "negative.csv line 2: weight must be a positive number", 2},
      {"nan.csv", "source,target,weight\na,b,nan\n", P + "nan.csv line 2: weight must be a positive number", 2},
      {"inf.csv", "source,target,weight\na,b,inf\n", P + "inf.csv line 2: weight must be a positive number", 2},
      {"text.csv", "source,target,weight\n\na,b,heavy\n", P + "text.csv line 3: weight must be a positive number", 3},
      {"space.csv", "source,target,weight\na,b, 2\n", P + "space.csv line 2: weight must be a positive number", 2},
      {"empty_w.csv", "source,target,weight\r\na,b,\r\n", P + "empty_w.csv line 2: weight must be a positive number", 2},
      {"quoted_w.csv", "source,target,weight\na,b,1\n\"a\",c,\"x\"\n",
       P + "quoted_w.csv line 3: weight must be a positive number", 3},
      {"few.csv", "source,target,weight\na,b,1\na,b\n", P + "few.csv line 3: expected 3 fields, found 2", 3},
      {"many.csv", "source,target\r\n1,2\r\n1,2,3\r\n", P + "many.csv line 3: expected 2 fields, found 3", 3},
      {"one.csv", "source,target\n1,2\n \n", P + "one.csv line 3: expected 2 fields, found 1", 3},
      {"trailing_comma.csv", "source,target\n1,2,\n", P + "trailing_comma.csv line 2: expected 2 fields, found 3", 2},
      {"empty_id.csv", "source,target\n1,2\n,2\n", P + "empty_id.csv line 3: source and target must not be empty", 3},
      {"empty_target.csv", "source,target\n1,\"\"\n",
       P + "empty_target.csv line 2: source and target must not be empty", 2},
      {"empty.csv", "", P + "empty.csv is empty: it needs a header source,target[,weight]", 0},
      {"blank.csv", "\n\r\n\n", P + "blank.csv is empty: it needs a header source,target[,weight]", 0},
      {"bad_header.csv", "from,to\n1,2\n", P + "bad_header.csv line 1: the header must be source,target or source,target,weight", 1},
      {"header4.csv", "\nsource,target,weight,x\n",
       P + "header4.csv line 2: the header must be source,target or source,target,weight", 2},
      {"unweighted.csv", "source,target\n1,2\n", P + "unweighted.csv line 1: --weighted needs a weight column", 1, true},
      {"stray_quote.csv", "source,target\n1,2\n3,a\"b\n",
       P + "stray_quote.csv line 3, column target: a double quote inside a field that does not start with one; put "
           "the whole field in double quotes and write the quote twice (\"\")",
       3},
      {"open_quote.csv", "source,target\n1,2\n\"3,4\n5,6\n",
       P + "open_quote.csv line 3, column source: a quoted field starts on this line but its closing quote is missing",
       3},
      {"utf8.csv", "source,target\n1,2\n3,\xC3\x28\n",
       P + "utf8.csv line 3, column target: this is not valid UTF-8 text; save the file as CSV UTF-8", 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Error e = edge_error(write(d, c.name, c.text), c.weighted);
    EXPECT_EQ(e.code, Errc::invalid);
    EXPECT_EQ(e.message, c.message);
    EXPECT_EQ(e.line, c.line);
  }
  Error missing = edge_error(P + "missing.csv");
  EXPECT_EQ(missing.message, "Cannot open " + P + "missing.csv");
}

TEST(EdgeFileErrors, OversizedFieldAndNodeFileMessages) {
  kith::test::TempDir d;
  const std::string P = d.path() + "/";
  Error big = edge_error(write(d, "big.csv", "source,target\n1,2\n3," + std::string((1u << 20) + 1, 'x') + "\n"));
  EXPECT_EQ(big.message, P + "big.csv line 3, column target: a field longer than 1048576 bytes");
  exchange::NodeIds ids;
  auto bad = exchange::read_node_file(write(d, "n.csv", "name\nann\n"), ids);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, P + "n.csv: the first column of the header must be id");
  auto empty_id = exchange::read_node_file(write(d, "n2.csv", "id\nann\n\n,x\n"), ids);
  ASSERT_FALSE(empty_id.ok());
  EXPECT_EQ(empty_id.error().message, P + "n2.csv line 4: id must not be empty");
  EXPECT_EQ(empty_id.error().line, 4);
}

// ------------------------------------------------------------ from_columns

TEST(FromColumns, SameAsFromEdgesOnRandomMultigraphs) {
  std::mt19937_64 rng(3);
  for (int round = 0; round < 20; ++round) {
    const node_t n = 1 + static_cast<node_t>(rng() % 60);
    std::vector<EdgeInput> edges;
    EdgeColumns cols;
    for (int i = 0, m = static_cast<int>(rng() % 400); i < m; ++i) {
      const node_t u = static_cast<node_t>(rng() % n), v = static_cast<node_t>(rng() % n);
      const double w = 0.25 * static_cast<double>(1 + rng() % 16);
      edges.push_back({u, v, w});
      cols.u.push_back(u);
      cols.v.push_back(v);
      cols.w.push_back(static_cast<float>(w));
    }
    for (bool directed : {false, true})
      for (bool weighted : {false, true}) {
        GraphOptions opt{.directed = directed, .weighted = weighted};
        Loaded want, have;
        for (node_t v = 0; v < n; ++v) {
          want.ids.intern(std::to_string(v));
          have.ids.intern(std::to_string(v));
        }
        want.graph = Graph::from_edges(n, edges, opt, &want.report);
        have.graph = build_graph(n, cols, opt, &have.report);
        expect_same(want, have);
      }
  }
}

}  // namespace
}  // namespace kith::graph
