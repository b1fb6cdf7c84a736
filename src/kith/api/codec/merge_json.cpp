#include "kith/api/codec/merge_json.hpp"

namespace kith::api::codec {

namespace merge_codec {

nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); }

}  // namespace merge_codec

nlohmann::json merge_record_json(const store::MergeRow& m) {
  using merge_codec::text_or_null;
  const store::MovedRecords& mv = m.moved;
  return nlohmann::json{{"id", m.id},
                        {"kept", {{"id", m.kept_id}, {"display_name", m.kept_name}}},
                        {"merged", {{"id", m.merged_id}, {"display_name", m.merged_name}}},
                        {"reason", m.reason},
                        {"status", m.standing() ? "standing" : "undone"},
                        {"merged_by", m.merged_by},
                        {"merged_at", m.merged_at},
                        {"undone_by", text_or_null(m.undone_by)},
                        {"undone_at", text_or_null(m.undone_at)},
                        {"moved",
                         {{"ties", mv.ties_as_source.size() + mv.ties_as_target.size()},
                          {"ties_removed", mv.ties_between.size()},
                          {"affiliations", mv.affiliations.size()},
                          {"interviews", mv.interviews.size()},
                          {"named", mv.mentions.size()},
                          {"accounts", mv.grants.size()}}}};
}

nlohmann::json merge_json(const domain::MergeOutcome& m) {
  nlohmann::json out = merge_record_json(m.merge);
  if (!m.merge.standing()) out["left_behind"] = m.left_behind;
  return out;
}

nlohmann::json merges_json(const std::vector<store::MergeRow>& rows) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(merge_record_json(r));
  return nlohmann::json{{"items", std::move(items)}, {"limit", domain::kMergesListed}};
}

}  // namespace kith::api::codec
