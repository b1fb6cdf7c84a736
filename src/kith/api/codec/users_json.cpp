#include "kith/api/codec/users_json.hpp"

namespace kith::api::codec {

using nlohmann::json;

namespace {

json user_text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

}  // namespace

json area_user_json(const domain::AreaUser& u) {
  json roles = json::array();
  for (const auto& g : u.roles)
    roles.push_back({{"role", domain::role_name(g.role)},
                     {"all_areas", g.all_areas},
                     {"person_id", user_text_or_null(g.person_id)},
                     {"person_name", user_text_or_null(g.person_name)}});
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"disabled", u.disabled},
          {"last_log_in", user_text_or_null(u.last_log_in)},
          {"can_change", u.can_change},
          {"roles", std::move(roles)}};
}

json one_time_password_json(const domain::OneTimePassword& p) {
  return {{"user",
           {{"id", p.user.id},
            {"username", p.user.username},
            {"display_name", p.user.display_name},
            {"disabled", p.user.disabled}}},
          {"password", p.password}};
}

}  // namespace kith::api::codec
