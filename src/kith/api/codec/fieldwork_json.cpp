#include "kith/api/codec/fieldwork_json.hpp"

namespace kith::api::codec {
namespace fieldwork_codec {

using nlohmann::json;
using namespace kith::domain::survey;

json share_json(const Share& s) {
  const auto v = s.value();
  return {{"count", s.count}, {"of", s.of}, {"value", v ? json(*v) : json(nullptr)}};
}

json tally_json(const Tally& t) {
  return {{"completed", t.completed}, {"in_progress", t.in_progress}, {"refused", t.refused},
          {"not_eligible", t.not_eligible}, {"call_back", t.call_back}, {"no_answer", t.no_answer},
          {"visited", t.visited()}};
}

json street_json(const StreetCoverage& s) {
  return {{"street", s.street.empty() ? json(nullptr) : json(s.street)},
          {"interviewers", s.interviewers},
          {"doors", s.doors > 0 ? json(s.doors) : json(nullptr)},
          {"households", s.households()},
          {"not_visited", s.not_visited()},
          {"outcomes", tally_json(s.outcomes)},
          {"coverage", share_json(s.coverage())},
          {"response_rate", share_json(s.response())},
          {"refusal_rate", share_json(s.refusal())}};
}

json interviewer_json(const InterviewerProgress& p) {
  return {{"interviewer", p.interviewer},
          {"streets", p.streets},
          {"households", p.households},
          {"assigned_households", p.assigned_households},
          {"reached", p.reached},
          {"progress", share_json(p.progress())},
          {"outcomes", tally_json(p.own)},
          {"last_activity", p.last_activity.empty() ? json(nullptr) : json(p.last_activity)}};
}

}  // namespace fieldwork_codec

nlohmann::json fieldwork_json(const domain::survey::FieldworkReport& r) {
  using namespace fieldwork_codec;
  json streets = json::array(), interviewers = json::array();
  for (const auto& s : r.streets) streets.push_back(street_json(s));
  for (const auto& p : r.interviewers) interviewers.push_back(interviewer_json(p));
  json total = street_json(r.total);
  total.erase("street");
  total.erase("interviewers");
  return {{"area_id", r.area_id}, {"wave_id", r.wave_id},     {"wave_label", r.wave_label},
          {"streets", streets},   {"total", std::move(total)}, {"interviewers", interviewers}};
}

}  // namespace kith::api::codec
