#pragma once
// Who is acting: every write and every read of personal data is recorded
// against an actor in the audit log.
#include <string>

namespace kith::model {

struct Actor {
  std::string name = "local";  // until accounts exist: the local operator
};

}  // namespace kith::model
