#include "kith/domain/merges.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "kith/core/assert.hpp"
#include "kith/core/ids.hpp"
#include "kith/core/text.hpp"
#include "kith/core/time.hpp"
#include "kith/domain/personal_data.hpp"
#include "kith/domain/register.hpp"
#include "kith/model/schema.hpp"
#include "kith/model/validate.hpp"
#include "kith/store/repository.hpp"

namespace kith::domain {
// Named, not anonymous: the domain is built in unity batches.
namespace merge_rules {

using json = nlohmann::json;
using store::Connection;
using store::MergeRepository;
using store::Repository;

constexpr std::string_view kMergePrefix = "mg";

Error bad(std::string field, std::string message) { return invalid(std::move(field), std::move(message)); }

Result<std::string> person_field(const json& body, const char* field, std::string_view which) {
  const auto v = body.find(field);
  if (v == body.end() || !v->is_string() || !is_valid_id(v->get<std::string>(), model::people().id_prefix))
    return bad(field, fmt::format("Choose the record {} ({})", which, field));
  return v->get<std::string>();
}

// A live person of the area, by id.
Result<json> live_person(Repository& repo, std::string_view area_id, const std::string& id, const char* field) {
  auto p = repo.get(model::people(), id, /*include_deleted=*/true);
  if (!p && p.error().code != Errc::not_found) return p.error();
  if (!p || string_at(*p, "area_id") != area_id) return bad(field, "There is no such person in this area (" + std::string(field) + ")");
  if (p->contains("deleted_at") && !(*p)["deleted_at"].is_null())
    return bad(field, fmt::format("{} was deleted from the register ({})", string_at(*p, "display_name"), field));
  return p;
}

// Erasure leaves no way to tell two erased records apart, so a merge of or
// into one, and the undoing of a merge between them, is refused.
bool erased(const json& person) {
  return string_at(person, "display_name") == kErasedDisplayName && string_at(person, "consent_status") == "withdrawn";
}

}  // namespace merge_rules

using namespace merge_rules;

Result<MergeInput> parse_merge_input(const json& body) {
  if (!body.is_object()) return bad("", "Send the merge as a JSON object");
  for (const auto& item : body.items())
    if (item.key() != "keep" && item.key() != "merge" && item.key() != "reason")
      return bad(item.key(), "A merge has keep, merge and reason only");
  MergeInput in;
  auto keep = person_field(body, "keep", "to keep");
  if (!keep) return keep.error();
  auto merge = person_field(body, "merge", "to merge into it");
  if (!merge) return merge.error();
  if (*keep == *merge) return bad("merge", "Choose two different records (merge)");
  in.keep = *keep;
  in.merge = *merge;
  const auto r = body.find("reason");
  if (r == body.end() || !r->is_string() || model::trim(r->get<std::string>()).empty())
    return bad("reason", "Say why these are one person, for whoever checks it later (reason)");
  in.reason = model::trim(r->get<std::string>());
  if (!valid_utf8(in.reason)) return bad("reason", "Write the reason as plain text (UTF-8)");
  if (in.reason.size() > kMergeReasonBytesMax)
    return bad("reason", fmt::format("Keep the reason to {} bytes (reason)", kMergeReasonBytesMax));
  return in;
}

Result<std::string> survivor(Connection& c, std::string_view person_id) {
  MergeRepository merges(c);
  std::string at(person_id);
  for (int steps = 0;; ++steps) {
    KITH_ASSERT_MSG(steps < kMergeChainMax, "standing merges form no cycle");
    auto kept = merges.kept_for(at);
    if (!kept) return kept.error();
    if (!*kept) return at;
    at = **kept;
  }
}

Result<std::vector<std::string>> merge_family(Connection& c, std::string_view person_id) {
  auto root = survivor(c, person_id);
  if (!root) return root.error();
  MergeRepository merges(c);
  std::vector<std::string> out{*root};
  for (size_t i = 0; i < out.size(); ++i) {
    KITH_ASSERT_MSG(out.size() <= static_cast<size_t>(kMergeChainMax), "standing merges form no cycle");
    auto into = merges.merged_into(out[i]);
    if (!into) return into.error();
    out.insert(out.end(), into->begin(), into->end());
  }
  KITH_ASSERT_MSG(std::set<std::string>(out.begin(), out.end()).size() == out.size(),
                  "a record is merged away by one standing merge at most");
  return out;
}

Result<std::vector<store::MergeRow>> Merges::list(std::string_view area_id, std::string_view person) {
  if (!person.empty() && !is_valid_id(person, model::people().id_prefix))
    return invalid("person", "person must be a person's id (pe_…)");
  std::vector<store::MergeRow> out;
  KITH_TRY(store_.read([&](Connection& c) -> Result<void> {
    MergeRepository merges(c);
    auto rows = person.empty() ? merges.of_area(area_id, kMergesListed)
                               : merges.of_person(area_id, person, kMergesListed);
    if (!rows) return rows.error();
    out = std::move(*rows);
    return {};
  }));
  return out;
}

Result<MergeOutcome> Merges::merge(std::string_view area_id, const json& body, const model::Actor& who) {
  auto in = parse_merge_input(body);
  if (!in) return in.error();
  MergeOutcome out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    MergeRepository merges(c);
    // A record merged away already is named as such, with where it went.
    for (const auto& [id, field] : {std::pair{in->keep, "keep"}, std::pair{in->merge, "merge"}}) {
      auto kept = merges.kept_for(id);
      if (!kept) return kept.error();
      if (*kept) {
        auto to = survivor(c, id);
        if (!to) return to.error();
        return conflict(fmt::format("This record was merged into {} already; choose that one ({})", *to, field), field);
      }
    }
    auto keep = live_person(repo, area_id, in->keep, "keep");
    if (!keep) return keep.error();
    auto merged = live_person(repo, area_id, in->merge, "merge");
    if (!merged) return merged.error();
    if (erased(*keep) || erased(*merged))
      return conflict("An erased record cannot be merged: nothing is left to tell who it was", erased(*keep) ? "keep" : "merge");
    const std::string now = now_utc_iso();
    store::MergeRow row;
    row.id = new_id(kMergePrefix);
    row.area_id = std::string(area_id);
    row.kept_id = in->keep;
    row.kept_name = string_at(*keep, "display_name");
    row.merged_id = in->merge;
    row.merged_name = string_at(*merged, "display_name");
    row.reason = in->reason;
    row.merged_by = who.name;
    row.merged_at = now;
    auto moved = merges.move_all(row.merged_id, row.kept_id, now);
    if (!moved) return moved.error();
    row.moved = std::move(*moved);
    KITH_TRY(merges.insert(row));
    // Postcondition: nothing live points at the merged record any more.
    auto left = repo.live_links_of_person(row.merged_id);
    if (!left) return left.error();
    KITH_ASSERT_MSG(*left == 0, "a merge moves every live tie and affiliation of the merged record");
    KITH_TRY(repo.bump_register_revision(area_id));
    store::AuditEntry e = store::audit_entry(who, "merge", "person", row.merged_id, area_id);
    e.person_id = row.kept_id;
    e.other_person_id = row.merged_id;
    e.detail = fmt::format("{} into {}: {} ties, {} between them removed, {} affiliations, {} interviews, {} named, "
                           "{} accounts",
                           row.id, row.kept_id, row.moved.ties_as_source.size() + row.moved.ties_as_target.size(),
                           row.moved.ties_between.size(), row.moved.affiliations.size(), row.moved.interviews.size(),
                           row.moved.mentions.size(), row.moved.grants.size());
    KITH_TRY(repo.audit(e));
    out.merge = std::move(row);
    return {};
  }));
  return out;
}

Result<MergeOutcome> Merges::undo(std::string_view area_id, std::string_view merge_id, const model::Actor& who) {
  MergeOutcome out;
  KITH_TRY(store_.write([&](Connection& c) -> Result<void> {
    Repository repo(c);
    MergeRepository merges(c);
    auto found = is_valid_id(merge_id, kMergePrefix) ? merges.get(merge_id)
                                                     : Result<std::optional<store::MergeRow>>(std::nullopt);
    if (!found) return found.error();
    if (!*found || (*found)->area_id != area_id) return Error{Errc::not_found, "There is no such merge in this area", {}, 0};
    store::MergeRow row = std::move(**found);
    if (!row.standing()) return conflict("This merge was undone already", "status");
    auto later = merges.kept_for(row.kept_id);
    if (!later) return later.error();
    if (*later)
      return conflict(fmt::format("{} was merged into {} since; undo that merge first", row.kept_name, **later), "status");
    auto keep = repo.get(model::people(), row.kept_id, /*include_deleted=*/true);
    if (!keep) return keep.error();
    auto merged = repo.get(model::people(), row.merged_id, /*include_deleted=*/true);
    if (!merged) return merged.error();
    if (erased(*keep) || erased(*merged))
      return conflict("This person was erased since: the two records cannot be told apart any more", "status");
    const std::string now = now_utc_iso();
    auto left = merges.move_back(row.moved, row.merged_id, row.kept_id, now);
    if (!left) return left.error();
    auto marked = merges.mark_undone(row.id, who.name, now);
    if (!marked) return marked.error();
    KITH_ASSERT_MSG(*marked, "a standing merge read in this transaction is undone once");
    KITH_TRY(repo.bump_register_revision(area_id));
    store::AuditEntry e = store::audit_entry(who, "unmerge", "person", row.merged_id, area_id);
    e.person_id = row.kept_id;
    e.other_person_id = row.merged_id;
    e.detail = fmt::format("{} undone: {} records moved back, {} changed since and left", row.id,
                           static_cast<int64_t>(row.moved.total()) - *left, *left);
    KITH_TRY(repo.audit(e));
    row.undone_by = who.name;
    row.undone_at = now;
    out.merge = std::move(row);
    out.left_behind = *left;
    return {};
  }));
  return out;
}

}  // namespace kith::domain
