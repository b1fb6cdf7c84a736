#pragma once
// Shared by the fuzz targets: a property that must hold, checked in every
// build type; a failure prints what broke and aborts, so libFuzzer keeps the input.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                        \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: property failed: %s (%s)\n", __FILE__, __LINE__, \
                   #cond, what);                                                      \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)
