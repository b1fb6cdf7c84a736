#include "kith/model/consent.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace kith::model {

bool consent_allows(std::string_view status, const std::vector<std::string>& scopes, std::string_view use) {
  if (status == "refused" || status == "withdrawn") return false;
  if (status != "given" || scopes.empty()) return true;  // not asked yet, or given with no scope recorded
  return std::find(scopes.begin(), scopes.end(), use) != scopes.end();
}

bool consent_allows_json(std::string_view status, std::string_view scopes_json, std::string_view use) {
  if (status != "given") return consent_allows(status, {}, use);
  std::vector<std::string> scopes;
  nlohmann::json parsed = nlohmann::json::parse(scopes_json, nullptr, false);
  // A scope list that is not a list of names grants nothing: validation never stores one.
  if (parsed.is_array())
    for (const auto& s : parsed)
      if (s.is_string()) scopes.push_back(s.get<std::string>());
  return consent_allows(status, scopes, use);
}

}  // namespace kith::model
