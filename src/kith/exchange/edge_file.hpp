#pragma once
// Edge and node lists for `kith analyze`, read in place: the file is mapped
// (or read, when it is a pipe), plain lines are split without copying, ids
// that are plain decimal numbers are looked up in a dense table instead of a
// string hash, and edges go into columns that Graph::from_columns builds the
// CSR from. Anything unusual (a quote, an error) is handed to the general CSV
// reader, so accepted input, node order and every message stay as they were.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kith/core/result.hpp"
#include "kith/exchange/text_index.hpp"
#include "kith/graph/builder.hpp"
#include "kith/graph/labels.hpp"

namespace kith::exchange {

inline constexpr size_t kInputBytesMax = size_t{1} << 30;  // one edge or node file

// A whole input file's bytes: mapped when it is a regular file, otherwise
// (pipes, character devices) read into memory.
class FileText {
 public:
  static Result<FileText> open(const std::string& path);
  FileText(FileText&& o) noexcept;
  FileText& operator=(FileText&&) = delete;
  FileText(const FileText&) = delete;
  ~FileText();
  std::string_view text() const { return map_ ? std::string_view(map_, size_) : std::string_view(buffer_); }

 private:
  FileText() = default;
  const char* map_ = nullptr;
  size_t size_ = 0;
  std::string buffer_;
};

// Text ids → dense node indices in order of first appearance (as
// graph::IdMap). An id that is a plain decimal number (digits, no leading
// zero, at most 18 of them) is found through its value: "7" and "07" stay
// different nodes because "07" is not plain and goes through the string hash.
class NodeIds {
 public:
  NodeIds() = default;
  explicit NodeIds(const graph::IdMap& seed);  // continues an existing numbering

  graph::node_t intern(std::string_view id);
  graph::node_t size() const { return static_cast<graph::node_t>(names_.size()); }
  // Forgets the ids added after the first `n` (a reader starting over).
  void truncate(graph::node_t n);
  // The numbering as an IdMap; each name was already proved distinct.
  graph::IdMap release() &&;

 private:
  static constexpr graph::node_t kNone = graph::IdMap::kNone;

  graph::node_t add(std::string_view id);
  bool grow_dense(uint64_t value);
  graph::node_t intern_text(std::string_view id);

  std::vector<std::string> names_;
  std::vector<graph::node_t> dense_;                  // plain number → node, kNone when unseen
  std::unordered_map<uint64_t, graph::node_t> sparse_;  // plain numbers >= dense_.size()
  TextIndex text_;  // the other ids, over names_
};

// The value of a plain decimal id, or -1 when `id` is not one.
int64_t plain_number(std::string_view id);

// `kith analyze --edges`: header source,target[,weight], one edge a row.
// Weights are checked whenever the column exists and kept when `weighted`.
Result<void> read_edge_file(const std::string& path, bool weighted, NodeIds& ids, graph::EdgeColumns& out);

// `kith analyze --nodes`: the first column (header id) names a node each row.
Result<void> read_node_file(const std::string& path, NodeIds& ids);

}  // namespace kith::exchange
