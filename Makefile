# Two commands do everything (see README.md):
#   make run   installs what is missing, builds, serves the demo on http://localhost:8080
#   make test  installs what is missing, builds, runs every test (with a throwaway PostgreSQL)
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
DATA       ?= kith-data
PORT       ?= 8080
DEMO_PEOPLE ?= 2000
DEMO_SEED  ?= 1

.PHONY: run test deps configure build build-kith build-asan clean

deps:
	@scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

build-kith: configure
	@cmake --build $(BUILD) -j$(JOBS) --target kith

build-asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKITH_SANITIZE=ON -DKITH_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target kith_unit_tests kith_store_tests kith_graph_tests

run: build-kith
	@if [ ! -f $(DATA)/kith.db ]; then \
	  echo "First start: writing a demo neighbourhood of $(DEMO_PEOPLE) people into $(DATA)/kith.db"; \
	  $(BUILD)/kith demo --people $(DEMO_PEOPLE) --seed $(DEMO_SEED) --db $(DATA)/kith.db; \
	fi
	$(BUILD)/kith serve --db $(DATA)/kith.db --port $(PORT)

test: build build-asan
	@tests/run.sh $(BUILD) $(ASAN_BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
