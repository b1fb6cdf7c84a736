// The Kumu pair: elements.csv (people, groups, places) and connections.csv
// (ties, affiliations), in the columns the Kumu importer reads back.
#include "kith/exchange/writer.hpp"
#include "kith/exchange/csv.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange::writer {

using nlohmann::json;

namespace {

// A column of elements.csv and the field it shows for each node kind.
struct ElementColumn {
  std::string header;
  std::array<std::string_view, 3> field{};  // by kind; empty: blank for that kind
};

std::vector<ElementColumn> element_columns() {
  std::vector<ElementColumn> cols = {
      {"Kind", {"", "kind", "kind"}},
      {"Description", {"", "description", "description"}},
      {"Tags", {"interests", "tags", "tags"}},
  };
  auto known = [&](std::string_view n) {
    for (const auto& c : cols)
      for (auto f : c.field)
        if (f == n) return true;
    return n == "display_name" || n == "name";
  };
  for (size_t k = 0; k < kNodeKinds.size(); ++k)
    for (const auto& f : batch::entity_of(kNodeKinds[k]).fields) {
      if (known(f.name)) continue;
      ElementColumn col{title_case(f.name), {}};
      for (size_t j = 0; j < kNodeKinds.size(); ++j)
        if (batch::entity_of(kNodeKinds[j]).field(f.name)) col.field[j] = f.name;
      cols.push_back(col);
    }
  return cols;
}

}  // namespace

std::string kumu_elements(const Snapshot& snap) {
  auto cols = element_columns();
  std::string out;
  std::vector<std::string> row = {"ID", "Label", "Type"};
  for (const auto& c : cols) row.push_back(c.header);
  auto emit = [&] {
    std::vector<std::string_view> views(row.begin(), row.end());
    csv::append_record(out, views);
  };
  emit();
  for (size_t k = 0; k < kNodeKinds.size(); ++k) {
    const model::Entity& e = batch::entity_of(kNodeKinds[k]);
    size_t label = e.index_of(k == 0 ? "display_name" : "name");
    std::string type = title_case(e.name);
    for (const auto& r : snap.of(kNodeKinds[k])) {
      row = {Snapshot::key(r), store::text_of(r.fields[label]), type};
      for (const auto& c : cols) {
        if (c.field[k].empty()) {
          row.emplace_back();
          continue;
        }
        size_t i = e.index_of(c.field[k]);
        row.push_back(cell_text(e.fields[i], r.fields[i]));
      }
      emit();
    }
  }
  return out;
}

namespace {
constexpr std::array<std::string_view, 7> kConnectionValues = {"closeness", "frequency", "named_by", "evidence",
                                                               "valid_from", "valid_to",  "notes"};
}  // namespace

std::string kumu_connections(const Snapshot& snap) {
  std::string out;
  std::vector<std::string> row = {"ID", "From", "To", "Type"};
  for (auto n : kConnectionValues) row.push_back(title_case(n));
  auto emit = [&] {
    std::vector<std::string_view> views(row.begin(), row.end());
    csv::append_record(out, views);
  };
  emit();
  for (Kind k : kLinkKinds) {
    const model::Entity& e = batch::entity_of(k);
    size_t type = e.index_of(k == Kind::tie ? "kind" : "role");
    for (const auto& r : snap.of(k)) {
      std::string from = store::text_of(r.fields[0]);
      std::string to = store::text_of(r.fields[1]);
      if (k == Kind::affiliation && to.empty()) to = store::text_of(r.fields[2]);
      auto f = snap.key_of.find(from), t = snap.key_of.find(to);
      if (f == snap.key_of.end() || t == snap.key_of.end()) continue;  // an end outside the live area
      row = {Snapshot::key(r), f->second, t->second, store::text_of(r.fields[type])};
      for (auto n : kConnectionValues) {
        const Field* field = e.field(n);
        row.push_back(field ? cell_text(*field, r.fields[static_cast<size_t>(field - e.fields.data())]) : "");
      }
      emit();
    }
  }
  return out;
}

}  // namespace kith::exchange::writer
