#pragma once
// Runs a command line as a user would, for the tests of the `kith` binary.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace kith::test {

struct CommandRun {
  int code = -1;    // exit status; -1 when the command could not run or was killed
  std::string out;  // stdout and stderr together
};

inline CommandRun run_command(const std::string& command_line) {
  CommandRun r;
  FILE* p = popen((command_line + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 65536> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

#ifdef KITH_BIN
// `kith ARGS`: the binary under test (KITH_BIN, set by the test target).
inline CommandRun kith(const std::string& args) { return run_command(std::string(KITH_BIN) + " " + args); }
#endif

}  // namespace kith::test
