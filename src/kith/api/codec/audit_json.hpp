#pragma once
// An audit-log row as the API shows it to an area's admins.
#include <nlohmann/json.hpp>

#include "kith/store/repository.hpp"

namespace kith::api::codec {

// {"seq", "at", "actor", "user_id", "route", "client_address", "action",
//  "entity", "entity_id", "area_id", "person_id", "other_person_id",
//  "fields": [names], "detail": JSON when it is JSON, else text}; absent values are null.
nlohmann::json audit_row_json(const store::AuditRow& row);

}  // namespace kith::api::codec
