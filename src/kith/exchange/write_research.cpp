// The research export: the area's network, pseudonymised. What leaves is
// structure and coarse categories only; docs/security.md ("Research
// export") is the account for a data-protection officer.
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "kith/core/assert.hpp"
#include "kith/exchange/writer.hpp"
#include "kith/store/value.hpp"

namespace kith::exchange::writer {

using nlohmann::json;

namespace {

// The person fields released as categories, and their names in the export.
struct Category {
  std::string_view field;
  std::string_view name;
};
constexpr std::array<Category, 2> kCategories = {Category{"birth_band", "birth_decade"},
                                                 Category{"postcode_district", "postcode_district"}};

// Fisher-Yates with the caller's randomness: the order of rows must not
// follow the register's (creation order would link rows back to it).
template <class T>
void shuffle(std::vector<T>& items, Randomness& random) {
  for (size_t i = items.size(); i > 1; --i) {
    size_t j = random.below(static_cast<uint32_t>(i));
    KITH_ASSERT(j < i);
    std::swap(items[i - 1], items[j]);
  }
}

// Register id -> fresh id, each fresh id used once.
std::unordered_map<std::string, std::string> fresh_ids(const std::vector<const StoredRecord*>& people,
                                                       Randomness& random) {
  std::unordered_map<std::string, std::string> out;
  std::unordered_set<std::string> used;
  for (const auto* p : people) {
    std::string id = random.fresh_id();
    while (!used.insert(id).second) id = random.fresh_id();  // a repeat would merge two people
    out.emplace(p->id, std::move(id));
  }
  return out;
}

// How many exported people hold each value of a category field.
std::map<std::string, int64_t> value_counts(const std::vector<const StoredRecord*>& people, size_t field) {
  std::map<std::string, int64_t> counts;
  for (const auto* p : people)
    if (!store::is_null(p->fields[field])) ++counts[store::text_of(p->fields[field])];
  return counts;
}

// The value when at least kResearchGroupMin people share it, else null: a
// rare decade or district would single someone out.
json released(const StoredRecord& p, size_t field, const std::map<std::string, int64_t>& counts) {
  if (store::is_null(p.fields[field])) return nullptr;
  auto it = counts.find(store::text_of(p.fields[field]));
  KITH_ASSERT(it != counts.end());
  return it->second >= kResearchGroupMin ? json(it->first) : json(nullptr);
}

json people_section(const std::vector<const StoredRecord*>& people,
                    const std::unordered_map<std::string, std::string>& ids) {
  const model::Entity& e = model::people();
  std::vector<std::pair<size_t, std::map<std::string, int64_t>>> categories;
  for (const auto& c : kCategories) {
    size_t field = e.index_of(c.field);
    categories.emplace_back(field, value_counts(people, field));
  }
  json out = json::array();
  for (const auto* p : people) {
    json row{{"id", ids.at(p->id)}};
    for (size_t i = 0; i < kCategories.size(); ++i)
      row[std::string(kCategories[i].name)] = released(*p, categories[i].first, categories[i].second);
    out.push_back(std::move(row));
  }
  return out;
}

json ties_section(const Snapshot& snap, const std::unordered_map<std::string, std::string>& ids,
                  Randomness& random) {
  const model::Entity& e = model::ties();
  const size_t kind = e.index_of("kind"), closeness = e.index_of("closeness"), frequency = e.index_of("frequency");
  const size_t source = e.index_of("source_id"), target = e.index_of("target_id");
  std::vector<const StoredRecord*> ties;
  for (const auto& t : snap.of(Kind::tie)) ties.push_back(&t);
  shuffle(ties, random);
  json out = json::array();
  for (const auto* t : ties) {
    auto s = ids.find(store::text_of(t->fields[source]));
    auto d = ids.find(store::text_of(t->fields[target]));
    if (s == ids.end() || d == ids.end()) continue;  // an end left out (no research consent)
    out.push_back(json{{"source", s->second},
                       {"target", d->second},
                       {"kind", store::from_column(e.fields[kind], t->fields[kind])},
                       {"closeness", store::from_column(e.fields[closeness], t->fields[closeness])},
                       {"frequency", store::from_column(e.fields[frequency], t->fields[frequency])}});
  }
  return out;
}

}  // namespace

json research(const Snapshot& snap, Randomness& random, std::string_view generated_at) {
  std::vector<const StoredRecord*> people;
  for (const auto& p : snap.of(Kind::person)) people.push_back(&p);
  shuffle(people, random);
  const auto ids = fresh_ids(people, random);
  KITH_ASSERT(ids.size() == people.size());
  json doc = json::object();
  doc["people"] = people_section(people, ids);
  doc["ties"] = ties_section(snap, ids, random);
  doc["category_group_min"] = kResearchGroupMin;
  doc["generated_at"] = std::string(generated_at);
  return doc;
}

}  // namespace kith::exchange::writer
