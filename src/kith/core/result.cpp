#include "kith/core/result.hpp"

namespace kith {

std::string_view errc_name(Errc c) {
  switch (c) {
    case Errc::invalid: return "invalid";
    case Errc::not_found: return "not_found";
    case Errc::conflict: return "conflict";
    case Errc::too_large: return "too_large";
    case Errc::unsupported_media: return "unsupported_media_type";
    case Errc::unavailable: return "unavailable";
    case Errc::internal: return "internal";
    case Errc::unauthenticated: return "unauthenticated";
    case Errc::too_many_requests: return "too_many_requests";
    case Errc::forbidden: return "forbidden";
  }
  return "internal";
}

}  // namespace kith
