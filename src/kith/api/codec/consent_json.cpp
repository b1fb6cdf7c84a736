#include "kith/api/codec/consent_json.hpp"

namespace kith::api::codec {

nlohmann::json consent_counts_json(const store::ConsentCounts& c) {
  nlohmann::json by_status = nlohmann::json::object(), given_for = nlohmann::json::object();
  for (const auto& [status, n] : c.by_status) by_status[status] = n;
  for (const auto& [use, n] : c.given_for) given_for[use] = n;
  return {{"people", c.people}, {"by_status", std::move(by_status)}, {"given_for", std::move(given_for)}};
}

}  // namespace kith::api::codec
