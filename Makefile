# The two commands a newcomer needs: `make run` and `make test`. Everything else is CMake presets.
.PHONY: all deps build run test test-release test-debug bench format tidy clean

PRESET ?= release
JOBS ?= $(shell nproc)

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

# The main job: for now, the CLI on a sample document (validate, hash, convert).
run: build
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

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

tidy: build
	@git ls-files 'src/*.cpp' 'cmd/*.cpp' | xargs clang-tidy -p build/$(PRESET) --quiet

clean:
	@rm -rf build
