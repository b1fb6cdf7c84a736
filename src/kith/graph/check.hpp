#pragma once
// KITH_GRAPH_ASSERT: graph's own invariant checks, since graph includes nothing
// else of kith (so not core's KITH_ASSERT). They behave exactly alike: checked
// in every build type (Debug, RelWithDebInfo, Release), because a silently
// wrong metric is worse than a stopped process; a failure prints the
// condition, file, line and message to stderr and aborts. Use them for what
// must never happen (a bug), never for bad input.
namespace kith::graph::detail {
[[noreturn]] void check_failed(const char* condition, const char* file, int line, const char* message) noexcept;
}  // namespace kith::graph::detail

#define KITH_GRAPH_ASSERT(cond)                                                                   \
  do {                                                                                            \
    if (!(cond)) [[unlikely]] ::kith::graph::detail::check_failed(#cond, __FILE__, __LINE__, ""); \
  } while (0)

// The same with a sentence saying what the invariant is.
#define KITH_GRAPH_ASSERT_MSG(cond, msg)                                                             \
  do {                                                                                               \
    if (!(cond)) [[unlikely]] ::kith::graph::detail::check_failed(#cond, __FILE__, __LINE__, (msg)); \
  } while (0)
