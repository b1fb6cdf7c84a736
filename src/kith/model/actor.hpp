#pragma once
// Who is acting: every write and every read of personal data is recorded
// against an actor in the audit log, with where the request came from.
#include <string>
#include <utility>

namespace kith::model {

struct Actor {
  // Constructors rather than an aggregate: Actor{"cli"} names only the actor
  // without -Wmissing-field-initializers flagging the request fields left out.
  Actor() = default;
  explicit Actor(std::string name_, std::string user_id_ = {}, std::string route_ = {},
                 std::string client_address_ = {})
      : name(std::move(name_)),
        user_id(std::move(user_id_)),
        route(std::move(route_)),
        client_address(std::move(client_address_)) {}

  std::string name = "local";  // the username; "local" for the CLI operator
  std::string user_id;         // the account's public id (us_…); empty without an account
  std::string route;           // the API route, e.g. "GET /api/v1/areas/{area}/people/{id}"; empty from the CLI
  std::string client_address;  // the peer's address as the server saw it; empty from the CLI
};

}  // namespace kith::model
