// Plain edge lists: "source,target[,weight]". Each name becomes a person
// (external id and display name both the name); each row a tie of kind
// acquaintance, frequency less_often, closeness = weight (1..5, default 3).
// A pair listed twice becomes one tie with the larger weight.
#include <array>
#include <optional>
#include <unordered_map>

#include "kith/exchange/csv.hpp"
#include "kith/exchange/exchange_model.hpp"

namespace kith::exchange::batch {
namespace {

constexpr int64_t kDefaultWeight = 3;

struct PairHash {
  size_t operator()(const std::pair<size_t, size_t>& p) const {
    return std::hash<size_t>()(p.first) * 1000003u ^ std::hash<size_t>()(p.second);
  }
};

struct EdgeReader {
  explicit EdgeReader(Batch& batch) : b(batch) {}
  Batch& b;
  std::unordered_map<std::string, size_t> people;  // external id -> node index
  std::unordered_map<std::pair<size_t, size_t>, size_t, PairHash> pairs;  // -> link index
  std::vector<int64_t> weights;                    // per link
  std::array<std::optional<uint32_t>, 6> tie_values{};  // by weight
  bool has_weight = false;

  Result<size_t> person(const csv::Reader& r, size_t column) {
    auto ext = clean_external_id(r.fields()[column]);
    if (!ext) return r.error_at(column, ext.error().message);
    if (auto it = people.find(*ext); it != people.end()) return it->second;
    Node n;
    n.kind = Kind::person;
    n.create_only = true;
    n.origin = Origin{false, r.line(), -1};
    auto values = check_values(b, Kind::person, json{{"display_name", *ext}});
    if (!values) return r.error_at(column, values.error().message);
    n.values = *values;
    n.external_id = *ext;
    b.nodes.push_back(std::move(n));
    people.emplace(*ext, b.nodes.size() - 1);
    return b.nodes.size() - 1;
  }

  Result<uint32_t> values_for(int64_t weight) {
    auto& slot = tie_values[static_cast<size_t>(weight)];
    if (!slot) {
      json body{{"kind", "acquaintance"}, {"frequency", "less_often"}, {"closeness", weight}};
      auto v = check_values(b, Kind::tie, with_stand_in_refs(Kind::tie, EndKind::person, std::move(body)));
      if (!v) return v.error();
      slot = *v;
    }
    return *slot;
  }

  Result<int64_t> weight(const csv::Reader& r) {
    if (!has_weight || trim(r.fields()[2]).empty()) return kDefaultWeight;
    auto w = parse_whole(r.fields()[2]);
    if (!w || *w < 1 || *w > 5)
      return r.error_at(2, "enter weight as a whole number from 1 to 5; it becomes the tie's closeness");
    return *w;
  }

  Result<void> row(const csv::Reader& r) {
    size_t want = has_weight ? 3 : 2;
    if (r.fields().size() != want)
      return r.error_at(r.fields().size() > want ? want : 0, "this row has " + std::to_string(r.fields().size()) +
                                                                " fields but the header has " + std::to_string(want));
    auto w = weight(r);
    if (!w) return w.error();
    // A bad target must not leave the source behind as a person of a row
    // that was refused (a preview would count them).
    if (auto target = clean_external_id(r.fields()[1]); !target) return r.error_at(1, target.error().message);
    auto s = person(r, 0);
    if (!s) return s.error();
    auto t = person(r, 1);
    if (!t) return t.error();
    if (*s == *t) return r.error_at(1, "a tie must join two different people");
    if (auto it = pairs.find({*s, *t}); it != pairs.end()) {
      ++b.merged;
      if (*w > weights[it->second]) {
        weights[it->second] = *w;
        auto v = values_for(*w);
        if (!v) return r.error_at(2, v.error().message);
        b.links[it->second].values = *v;
      }
      return {};
    }
    auto v = values_for(*w);
    if (!v) return r.error_at(2, v.error().message);
    Link l;
    l.decided = true;
    l.kind = Kind::tie;
    l.provided = has_weight ? bit(static_cast<size_t>(model::ties().field("closeness") - model::ties().fields.data())) : 0;
    l.values = *v;
    l.origin = Origin{false, r.line(), -1};
    l.from = b.nodes[*s].external_id;
    l.to = b.nodes[*t].external_id;
    b.links.push_back(std::move(l));
    weights.push_back(*w);
    pairs.emplace(std::make_pair(*s, *t), b.links.size() - 1);
    return {};
  }
};

Error header_error(const Batch& b, std::string reason) {
  Error e = invalid("", b.nodes_file + " line 1: " + reason);
  e.line = 1;
  e.file = b.nodes_file;
  e.reason = std::move(reason);
  return e;
}

}  // namespace

Result<Batch> read_edgelist(const ImportSource& src) {
  Batch b;
  b.format = Format::edgelist;
  b.nodes_file = b.links_file = src.name;
  b.link_columns = {{"closeness", "weight"}, {"source_id", "source"}, {"target_id", "target"}};
  csv::Reader r(src.elements, src.name);
  auto more = r.next();
  if (!more) return more.error();
  const char* want = "the first line must be the header source,target or source,target,weight";
  if (!*more) return header_error(b, std::string("the file is empty; ") + want);
  std::vector<std::string> names;
  for (auto h : r.fields()) names.push_back(normalise_name(h));
  bool two = names == std::vector<std::string>{"source", "target"};
  bool three = names == std::vector<std::string>{"source", "target", "weight"};
  if (!two && !three) return header_error(b, want);
  r.set_column_names(names);
  EdgeReader er(b);
  er.has_weight = three;
  for (;;) {
    auto next = r.next();
    if (!next) return next.error();
    if (!*next) break;
    if (++b.rows > kImportRowsMax)
      return Error{Errc::too_large, "more than " + std::to_string(kImportRowsMax) + " rows", {}, r.line()};
    KITH_TRY(keep_row_error(b.errors, er.row(r)));
  }
  return b;
}

}  // namespace kith::exchange::batch
