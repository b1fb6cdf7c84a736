#include "kith/exchange/edge_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cmath>

// The general CSV reader, for files with quotes and for exact error messages.
#include "kith/exchange/csv.hpp"

namespace kith::exchange {
using graph::node_t;

// ---------------------------------------------------------------- FileText

namespace {

Error too_large(const std::string& path) { return Error{Errc::too_large, path + " is larger than 1 GiB", {}, 0}; }

// Pipes have no size up front: read until the end, refusing past the limit.
// A read error ends the text, as the stream-based reader before this did
// (a directory, say, then reads as an empty file).
Result<std::string> read_stream(int fd, const std::string& path) {
  std::string out;
  std::array<char, 1 << 16> chunk{};
  for (;;) {
    const ssize_t got = ::read(fd, chunk.data(), chunk.size());
    if (got <= 0) break;
    out.append(chunk.data(), static_cast<size_t>(got));
    if (out.size() > kInputBytesMax) return too_large(path);
  }
  return out;
}

// Closes the descriptor on every return path of FileText::open.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<FileText> FileText::open(const std::string& path) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return invalid("file", fmt::format("Cannot open {}", path));
  struct stat st {};
  FileText t;
  if (::fstat(f.fd, &st) == 0 && S_ISREG(st.st_mode)) {
    const auto size = static_cast<size_t>(st.st_size);
    if (size > kInputBytesMax) return too_large(path);
    if (size == 0) return t;  // mmap refuses a zero length
    // MAP_POPULATE: the whole file is read anyway, so fault it in with one call.
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, f.fd, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, size, MADV_SEQUENTIAL);
      t.map_ = static_cast<const char*>(p);
      t.size_ = size;
      return t;
    }
  }
  auto text = read_stream(f.fd, path);  // not mappable: pipe, device, or mmap refused
  if (!text) return text.error();
  t.buffer_ = std::move(*text);
  return t;
}

FileText::FileText(FileText&& o) noexcept : map_(o.map_), size_(o.size_), buffer_(std::move(o.buffer_)) {
  o.map_ = nullptr;
  o.size_ = 0;
}

FileText::~FileText() {
  if (map_) ::munmap(const_cast<char*>(map_), size_);
}

// ---------------------------------------------------------------- NodeIds

int64_t plain_number(std::string_view id) {
  if (id.empty() || id.size() > 18 || (id.size() > 1 && id[0] == '0')) return -1;
  int64_t value = 0;
  for (char c : id) {
    const unsigned d = static_cast<unsigned char>(c) - unsigned{'0'};
    if (d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

NodeIds::NodeIds(const graph::IdMap& seed) {
  for (node_t v = 0; v < seed.size(); ++v) intern(seed.name(v));
}

// The dense table may cover values up to a few times the node count (so its
// memory stays proportional to the graph, whatever the ids look like); when
// it grows, sparse entries it now covers move into it, so a value is always
// in exactly one of the two.
bool NodeIds::grow_dense(uint64_t value) {
  const uint64_t limit = 4 * (static_cast<uint64_t>(names_.size()) + 1) + (uint64_t{1} << 16);
  if (value >= limit) return false;
  const uint64_t size = std::min(limit, std::max<uint64_t>(2 * dense_.size(), value + 1));
  dense_.resize(size, kNone);
  for (auto it = sparse_.begin(); it != sparse_.end();) {
    if (it->first < size) {
      dense_[it->first] = it->second;
      it = sparse_.erase(it);
    } else {
      ++it;
    }
  }
  return true;
}

node_t NodeIds::add(std::string_view id) {
  const auto v = static_cast<node_t>(names_.size());
  names_.emplace_back(id);
  return v;
}

// A lookup is one probe into the index and one string comparison against
// names_ in the common case.
node_t NodeIds::intern_text(std::string_view id) {
  const uint32_t h = TextIndex::hash(id);
  if (auto v = text_.find(id, h, [&](uint32_t i) -> const std::string& { return names_[i]; })) return *v;
  const node_t v = add(id);
  text_.insert(h, v);
  return v;
}

node_t NodeIds::intern(std::string_view id) {
  const int64_t number = plain_number(id);
  if (number < 0) return intern_text(id);
  const auto x = static_cast<uint64_t>(number);
  if (x < dense_.size() || grow_dense(x)) {
    node_t& slot = dense_[x];
    if (slot == kNone) slot = add(id);
    return slot;
  }
  auto [it, fresh] = sparse_.try_emplace(x, kNone);
  if (fresh) it->second = add(id);
  return it->second;
}

// Rare (a reader starting over), so the text table is simply rebuilt from
// the names that stay rather than deleting from open addressing.
void NodeIds::truncate(node_t n) {
  if (n >= names_.size()) return;
  for (size_t i = n; i < names_.size(); ++i) {
    const int64_t number = plain_number(names_[i]);
    if (number < 0) continue;
    if (static_cast<uint64_t>(number) < dense_.size()) {
      dense_[static_cast<uint64_t>(number)] = kNone;
    } else {
      sparse_.erase(static_cast<uint64_t>(number));
    }
  }
  names_.resize(n);
  text_.clear();
  for (node_t v = 0; v < n; ++v)
    if (plain_number(names_[v]) < 0) text_.insert(TextIndex::hash(names_[v]), v);
}

graph::IdMap NodeIds::release() && {
  graph::IdMap out;
  for (auto& name : names_) out.append_distinct(std::move(name));
  names_.clear();
  text_ = TextIndex();
  return out;
}

// ---------------------------------------------------------------- readers

namespace {

// "FILE line N: reason", the form of every row-level message of analyze.
Error at_line(const csv::Reader& r, std::string reason) {
  return Error{Errc::invalid, fmt::format("{}: {}", r.where(r.line()), reason), {}, r.line()};
}

Result<double> parse_weight(std::string_view s) {
  double w = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), w);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(w) || w <= 0)
    return invalid("weight", "weight must be a positive number");
  return w;
}

void push_edge(graph::EdgeColumns& out, node_t u, node_t v, double w, bool weighted) {
  out.u.push_back(u);
  out.v.push_back(v);
  if (weighted) out.w.push_back(static_cast<float>(w));
}

// The general path: any CSV the RFC 4180 reader accepts, with the messages
// `kith analyze` has always given. The fast path defers to it for quotes and
// for every error, so these are the only edge-file messages there are.
Result<void> read_edges_general(std::string_view text, const std::string& path, bool weighted, NodeIds& ids,
                                graph::EdgeColumns& out) {
  csv::Reader r(text, path);
  auto first = r.next();
  if (!first) return first.error();
  if (!*first) return invalid("edges", path + " is empty: it needs a header source,target[,weight]");
  const auto& h = r.fields();
  const bool has_weight = h.size() == 3 && h[2] == "weight";
  if (h.size() < 2 || h[0] != "source" || h[1] != "target" || (h.size() == 3 && !has_weight) || h.size() > 3)
    return at_line(r, "the header must be source,target or source,target,weight");
  if (weighted && !has_weight) return at_line(r, "--weighted needs a weight column");
  const size_t columns = h.size();
  r.set_column_names({"source", "target", "weight"});
  for (;;) {
    auto more = r.next();
    if (!more) return more.error();
    if (!*more) break;
    const auto& f = r.fields();
    if (f.size() != columns) return at_line(r, fmt::format("expected {} fields, found {}", columns, f.size()));
    if (f[0].empty() || f[1].empty()) return at_line(r, "source and target must not be empty");
    double w = 1.0;
    if (has_weight) {
      auto pw = parse_weight(f[2]);
      if (!pw) return at_line(r, pw.error().message);
      w = *pw;
    }
    const node_t u = ids.intern(f[0]), v = ids.intern(f[1]);
    push_edge(out, u, v, w, weighted);
  }
  return {};
}

// Byte classes for the plain scanner: what ends a field, and what makes a
// line the general reader's business.
enum : unsigned char { kText = 0, kEnd = 1, kQuote = 2, kHigh = 3 };
constexpr std::array<unsigned char, 256> kClass = [] {
  std::array<unsigned char, 256> c{};
  c[','] = c['\n'] = c['\r'] = kEnd;
  c['"'] = kQuote;
  for (int b = 0x80; b < 0x100; ++b) c[b] = kHigh;
  return c;
}();

// Splits unquoted CSV in place. Every method returns false for anything the
// general reader might treat differently (a quote, invalid UTF-8, an
// oversized field, a wrong field count); the caller then starts over there.
class PlainScanner {
 public:
  explicit PlainScanner(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (text.substr(0, kBom.size()) == kBom) p_ += kBom.size();
  }

  // Skips empty lines, as the general reader does; false at the end.
  bool next_record() {
    while (p_ < end_ && (*p_ == '\n' || *p_ == '\r')) ++p_;
    return p_ < end_;
  }

  // One field; `last` says whether a line end (or the end) must follow it.
  bool field(bool last, std::string_view& out) {
    const char* b = p_;
    bool high = false;
    for (;;) {
      while (p_ < end_ && kClass[static_cast<unsigned char>(*p_)] == kText) ++p_;
      if (p_ == end_ || kClass[static_cast<unsigned char>(*p_)] == kEnd) break;
      if (kClass[static_cast<unsigned char>(*p_)] == kQuote) return false;
      high = true;
      ++p_;
    }
    out = std::string_view(b, static_cast<size_t>(p_ - b));
    if (out.size() > csv::kFieldBytesMax) return false;
    if (high && csv::valid_utf8_prefix(out) != out.size()) return false;
    if (p_ == end_) return last;
    if (*p_ == ',') {
      ++p_;
      return !last;
    }
    if (!last) return false;
    // A line end: CRLF, LF or a lone CR, as the general reader counts them.
    if (*p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n') ++p_;
    ++p_;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

// The header, when it is exactly source,target or source,target,weight.
bool plain_header(PlainScanner& s, size_t& columns) {
  std::string_view a, b, c;
  if (!s.next_record() || !s.field(false, a) || a != "source") return false;
  PlainScanner two = s;  // try the two-column form first, then three
  if (two.field(true, b) && b == "target") {
    s = two;
    columns = 2;
    return true;
  }
  if (!s.field(false, b) || b != "target" || !s.field(true, c) || c != "weight") return false;
  columns = 3;
  return true;
}

// The fast path: true when the whole file was read; false hands it over.
bool read_edges_plain(std::string_view text, bool weighted, NodeIds& ids, graph::EdgeColumns& out) {
  PlainScanner s(text);
  size_t columns = 0;
  if (!plain_header(s, columns)) return false;
  const bool has_weight = columns == 3;
  if (weighted && !has_weight) return false;
  // A line is at least four bytes ("1,2\n"): reserving for that bounds the
  // columns' growth without a counting pass.
  const size_t guess = text.size() / 8;
  out.u.reserve(out.u.size() + guess);
  out.v.reserve(out.v.size() + guess);
  if (weighted) out.w.reserve(out.w.size() + guess);
  std::string_view f0, f1, f2;
  while (s.next_record()) {
    if (!s.field(false, f0) || !s.field(!has_weight, f1)) return false;
    if (f0.empty() || f1.empty()) return false;
    double w = 1.0;
    if (has_weight) {
      if (!s.field(true, f2)) return false;
      auto pw = parse_weight(f2);
      if (!pw) return false;
      w = *pw;
    }
    const node_t u = ids.intern(f0), v = ids.intern(f1);
    push_edge(out, u, v, w, weighted);
  }
  return true;
}

}  // namespace

Result<void> read_edge_file(const std::string& path, bool weighted, NodeIds& ids, graph::EdgeColumns& out) {
  auto file = FileText::open(path);
  if (!file) return file.error();
  const std::string_view text = file->text();
  const node_t known = ids.size();
  const size_t kept = out.size();
  if (read_edges_plain(text, weighted, ids, out)) return {};
  // Start over from the same state, so the general reader sees what the
  // fast path never touched.
  ids.truncate(known);
  out.u.resize(kept);
  out.v.resize(kept);
  if (weighted) out.w.resize(std::min(out.w.size(), kept));
  return read_edges_general(text, path, weighted, ids, out);
}

Result<void> read_node_file(const std::string& path, NodeIds& ids) {
  auto file = FileText::open(path);
  if (!file) return file.error();
  csv::Reader r(file->text(), path);
  auto first = r.next();
  if (!first) return first.error();
  if (!*first || r.fields().empty() || r.fields()[0] != "id")
    return invalid("nodes", path + ": the first column of the header must be id");
  for (;;) {
    auto more = r.next();
    if (!more) return more.error();
    if (!*more) break;
    if (r.fields().empty() || r.fields()[0].empty()) return at_line(r, "id must not be empty");
    ids.intern(r.fields()[0]);
  }
  return {};
}

}  // namespace kith::exchange
