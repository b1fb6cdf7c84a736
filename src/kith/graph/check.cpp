#include "kith/graph/check.hpp"

#include <cstdio>
#include <cstdlib>

namespace kith::graph::detail {

void check_failed(const char* condition, const char* file, int line, const char* message) noexcept {
  // stderr, unbuffered: the process is about to abort. The same line as
  // KITH_ASSERT's, so a failure reads alike whichever layer it stopped in.
  std::fprintf(stderr, "kith: invariant violated at %s:%d: %s%s%s\n", file, line, condition,
               message[0] ? " — " : "", message);
  std::fflush(stderr);
  std::abort();
}

}  // namespace kith::graph::detail
