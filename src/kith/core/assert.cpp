#include "kith/core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace kith::detail {

void assert_failed(const char* condition, const char* file, int line, const char* message) noexcept {
  // stderr, unbuffered: the process is about to abort and a logger's queue
  // might never flush.
  std::fprintf(stderr, "kith: invariant violated at %s:%d: %s%s%s\n", file, line, condition,
               message[0] ? " — " : "", message);
  std::fflush(stderr);
  std::abort();
}

}  // namespace kith::detail
