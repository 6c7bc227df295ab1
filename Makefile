# The two commands a newcomer needs: `make run` and `make test`. Everything else is CMake presets.
.PHONY: all deps build run sample test test-release test-debug bench format tidy clean

PRESET ?= release
JOBS ?= $(shell nproc)

all: build

deps:
	@bash scripts/install-deps.sh
	@bash scripts/browser-deps.sh

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

# The main job: the EPCIS 2.0 server on a store preloaded with a generated Vietnamese supply
# chain (txng demo); Ctrl-C stops it. DEMO_FLAGS passes flags, e.g. DEMO_FLAGS="--events 100000".
DEMO_FLAGS ?=
run: build
	@build/$(PRESET)/txng demo $(DEMO_FLAGS)

# The CLI on a sample document (validate, hash, convert).
sample: build
	@bash scripts/run-sample.sh build/$(PRESET)/txng

# Every test: the optimised build (all suites, with the shared conformance corpus) and then the
# ASan+UBSan build (all suites again). The last lines printed are ctest's summary.
test: deps
	@cmake --preset ci >/dev/null
	@cmake --build --preset ci -j $(JOBS)
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)
	@ctest --preset ci
	@ctest --preset debug

bench: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	@bash bench/run.sh build/release
	@bash bench/capture.sh build/release
	@bash bench/trace.sh build/release
	@bash bench/resolver.sh build/release

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	@git ls-files 'src/*.cpp' 'cmd/*.cpp' | xargs clang-tidy -p build/$(PRESET) --quiet

clean:
	@rm -rf build
