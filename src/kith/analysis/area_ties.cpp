#include "kith/analysis/area_ties.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "kith/model/consent.hpp"
#include "kith/model/schema.hpp"
#include "kith/store/bulk.hpp"
#include "kith/store/repository.hpp"
#include "kith/store/value.hpp"

namespace kith::analysis {
namespace {

using store::text_of;

// Column positions of the tie fields the loader reads.
struct TieColumns {
  size_t source, target, kind, closeness, frequency, from, to, evidence;
  TieColumns() {
    const auto& e = model::ties();
    source = e.index_of("source_id");
    target = e.index_of("target_id");
    kind = e.index_of("kind");
    closeness = e.index_of("closeness");
    frequency = e.index_of("frequency");
    from = e.index_of("valid_from");
    to = e.index_of("valid_to");
    evidence = e.index_of("evidence");
  }
};

// The filter: live on the day, of a chosen kind and evidence, close enough.
bool counts(const store::StoredRecord& r, const TieColumns& c, const NetworkQuery& q) {
  if (!live_on(text_of(r.fields[c.from]), text_of(r.fields[c.to]), q.at)) return false;
  if (!q.kinds.empty() && !q.kinds.count(text_of(r.fields[c.kind]))) return false;
  if (!q.evidence.empty() && !q.evidence.count(text_of(r.fields[c.evidence]))) return false;
  const auto* closeness = std::get_if<int64_t>(&r.fields[c.closeness]);
  return closeness && *closeness >= q.min_closeness;
}

}  // namespace

Result<void> check_query(const NetworkQuery& q) {
  if (q.min_closeness < 1 || q.min_closeness > 5) return invalid("min_closeness", "Enter a closeness from 1 to 5");
  for (const auto& k : q.kinds)
    if (std::find(model::kTieKinds.begin(), model::kTieKinds.end(), k) == model::kTieKinds.end())
      return invalid("kind", fmt::format("Unknown tie kind '{}'; choose from {}", k, fmt::join(model::kTieKinds, ", ")));
  const auto& known = model::ties().field("evidence")->choices;
  for (const auto& e : q.evidence)
    if (std::find(known.begin(), known.end(), e) == known.end())
      return invalid("evidence", fmt::format("Unknown evidence '{}'; choose from {}", e, fmt::join(known, ", ")));
  return {};
}

bool weekly_or_more(const std::string& frequency) { return frequency == "daily" || frequency == "weekly"; }

bool live_on(const std::string& from, const std::string& to, const std::optional<Date>& at) {
  if (!at) return true;
  const std::string day = at->str();
  return (from.empty() || from <= day) && (to.empty() || to >= day);
}

Result<AreaTies> load_area_ties(store::Connection& c, const NetworkQuery& q) {
  AreaTies out;
  auto area = store::Repository(c).get(model::areas(), q.area_id);
  if (!area) return area.error();
  out.register_revision = (*area)["register_revision"].get<int64_t>();
  // Everyone in the area who has not refused or withdrawn research consent is
  // a node, so people with no ties count as isolated. The others and their
  // ties stay in the store but are not read into any analysis.
  graph::IdMap& left_out = out.left_out;
  KITH_TRY(store::scan_area(c, model::people(), q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
    if (store::consents_to(r, model::kResearchScope)) out.people.intern(r.id);
    else left_out.intern(r.id);
    return {};
  }));
  static const TieColumns cols;
  KITH_TRY(store::scan_area(c, model::ties(), q.area_id, false, [&](store::StoredRecord&& r) -> Result<void> {
    if (!counts(r, cols, q)) return {};
    const std::string source = text_of(r.fields[cols.source]), target = text_of(r.fields[cols.target]);
    const auto u = out.people.find(source), v = out.people.find(target);
    if (u == graph::IdMap::kNone && left_out.find(source) != graph::IdMap::kNone) return {};
    if (v == graph::IdMap::kNone && left_out.find(target) != graph::IdMap::kNone) return {};
    // A live tie always joins two live people of the area (deleting a person
    // ends their ties); one that does not is a broken register.
    KITH_ASSERT_MSG(u != graph::IdMap::kNone && v != graph::IdMap::kNone, "a live tie joins two live people");
    out.ties.push_back({u, v, text_of(r.fields[cols.kind]), text_of(r.fields[cols.frequency]),
                        static_cast<int>(std::get<int64_t>(r.fields[cols.closeness]))});
    return {};
  }));
  return out;
}

graph::Graph tie_graph(const AreaTies& t) {
  std::vector<graph::EdgeInput> edges;
  edges.reserve(t.ties.size());
  for (const auto& tie : t.ties) edges.push_back({tie.u, tie.v, static_cast<double>(tie.closeness)});
  return graph::Graph::from_edges(t.people.size(), edges, {.directed = false, .weighted = true});
}

size_t AreaTies::bytes() const {
  size_t b = sizeof(*this) + ties.capacity() * sizeof(AreaTie);
  for (const graph::IdMap* ids : {&people, &left_out})
    for (graph::node_t v = 0; v < ids->size(); ++v) b += 2 * (sizeof(std::string) + ids->name(v).size()) + 16;
  return b;
}

}  // namespace kith::analysis
