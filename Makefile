# Two commands do everything (see README.md):
#   make run   installs what is missing, builds kith and the web app, serves the demo on http://localhost:8080
#   make test  installs what is missing, builds, runs every test (with a throwaway PostgreSQL and Chromium)
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
DATA       ?= kith-data
PORT       ?= 8080
DEMO_PEOPLE ?= 2000
DEMO_SEED  ?= 1
# Fuzzing and ThreadSanitizer (issue 8): their own build dirs, only the targets they run.
FUZZ_BUILD ?= build-fuzz
TSAN_BUILD ?= build-tsan
FUZZ_SECONDS ?= 300
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.cpp,%,$(wildcard tests/fuzz/fuzz_*.cpp))
# Line tables only (-g1): backtraces, sanitizer reports and perf keep file and
# line, at three quarters of the compile time of full debug information.
OPT_FLAGS  = -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1"
# Ninja starts a target's compiles before the libraries below it are linked
# (Make waits), and unity batches of 8 sources parse the heavy headers (json,
# httplib, fmt) once a batch instead of once a file: together about half the
# compile time of make test's four builds (docs/performance.md).
GEN_FLAGS  = -G Ninja -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=8
# A build folder configured earlier with another generator is configured afresh.
fresh_if_other_generator = grep -qs '^CMAKE_GENERATOR:INTERNAL=Ninja$$' $(1)/CMakeCache.txt || rm -rf $(1)/CMakeCache.txt $(1)/CMakeFiles

.PHONY: run test deps web e2e-deps configure build build-kith build-asan build-fuzz build-tsan fuzz clean

# make run needs no browser: it installs without Chromium (a target-specific
# variable reaches the prerequisites too).
DEPS_FLAGS ?=
run: DEPS_FLAGS = --run-only
deps:
	@scripts/install-deps.sh $(DEPS_FLAGS)

# The web front end into web/dist (scripts/build-web.sh: npm ci and npm run
# build only when something changed; nothing to do before web/ exists).
web: deps
	@scripts/build-web.sh

# The browser tests' own npm packages (playwright-core, axe-core).
e2e-deps: deps
	@scripts/npm-ci.sh tests/e2e

# The benchmarks are not built here (they take minutes of a 2-core make test):
# docs/performance.md builds them in build-bench, in Release, with their peers.
configure: deps
	@$(call fresh_if_other_generator,$(BUILD))
	@cmake -S . -B $(BUILD) $(GEN_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKITH_BUILD_BENCH=OFF $(OPT_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

build-kith: configure
	@cmake --build $(BUILD) -j$(JOBS) --target kith

build-asan: deps
	@$(call fresh_if_other_generator,$(ASAN_BUILD))
	@cmake -S . -B $(ASAN_BUILD) $(GEN_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DKITH_SANITIZE=ON -DKITH_BUILD_BENCH=OFF $(OPT_FLAGS) >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target kith_unit_tests kith_store_tests kith_graph_tests kith_api_tests

# libFuzzer targets (tests/fuzz), built with clang under ASan+UBSan.
build-fuzz: deps
	@command -v clang++ >/dev/null || { echo "fuzzing needs clang: apt-get install -y clang libclang-rt-14-dev" >&2; exit 1; }
	@$(call fresh_if_other_generator,$(FUZZ_BUILD))
	@cmake -S . -B $(FUZZ_BUILD) $(GEN_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DKITH_FUZZ=ON $(OPT_FLAGS) \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_all

# The concurrency tests under ThreadSanitizer.
build-tsan: deps
	@$(call fresh_if_other_generator,$(TSAN_BUILD))
	@cmake -S . -B $(TSAN_BUILD) $(GEN_FLAGS) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKITH_TSAN=ON $(OPT_FLAGS) >/dev/null
	@cmake --build $(TSAN_BUILD) -j$(JOBS) --target kith_tsan_tests

# Each fuzz target for FUZZ_SECONDS (default 300); the corpus grows in $(FUZZ_BUILD)/corpus.
fuzz: build-fuzz
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_BUILD)/corpus $(FUZZ_TARGETS)

run: build-kith web
	@if [ ! -f $(DATA)/kith.db ]; then \
	  echo "First start: writing a demo neighbourhood of $(DEMO_PEOPLE) people into $(DATA)/kith.db"; \
	  $(BUILD)/kith demo --people $(DEMO_PEOPLE) --seed $(DEMO_SEED) --db $(DATA)/kith.db; \
	fi
	$(BUILD)/kith serve --db $(DATA)/kith.db --port $(PORT)

test: build build-asan build-fuzz build-tsan web e2e-deps
	@KITH_FUZZ_BUILD=$(FUZZ_BUILD) KITH_TSAN_BUILD=$(TSAN_BUILD) tests/run.sh $(BUILD) $(ASAN_BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(TSAN_BUILD)
