#pragma once
// One area's users as the API shows them to the area's admins (the Users
// page, issue 10): never a password hash, never a grant in another area.
#include <nlohmann/json.hpp>
#include <string_view>

#include "kith/domain/accounts.hpp"

namespace kith::api::codec {

// {"id", "username", "display_name", "disabled", "last_log_in" (null: never),
//  "can_change", "roles": [{"role", "all_areas", "person_id", "person_name"}]}
// (person_id and person_name null unless a member grant names a person).
nlohmann::json area_user_json(const domain::AreaUser& u);

// {"user": {"id", "username", "display_name", "disabled"}, "password"}: the
// one-time password, shown once.
nlohmann::json one_time_password_json(const domain::OneTimePassword& p);

}  // namespace kith::api::codec
