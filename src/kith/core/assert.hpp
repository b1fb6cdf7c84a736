#pragma once
// KITH_ASSERT: invariants that stay checked in every build type (Debug,
// RelWithDebInfo, Release), because a silently broken ledger or graph is worse
// than a stopped process. A failure logs the condition, file and line to
// stderr and aborts. Use it for what must never happen (a bug), never for bad
// input: bad input is an Error value.
namespace kith::detail {
[[noreturn]] void assert_failed(const char* condition, const char* file, int line, const char* message) noexcept;
}  // namespace kith::detail

#define KITH_ASSERT(cond)                                                          \
  do {                                                                             \
    if (!(cond)) [[unlikely]] ::kith::detail::assert_failed(#cond, __FILE__, __LINE__, ""); \
  } while (0)

// The same with a sentence saying what the invariant is.
#define KITH_ASSERT_MSG(cond, msg)                                                  \
  do {                                                                              \
    if (!(cond)) [[unlikely]] ::kith::detail::assert_failed(#cond, __FILE__, __LINE__, (msg)); \
  } while (0)
