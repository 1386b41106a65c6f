# Boostburn: every target installs what is missing, configures and builds.
#   make demo   the daily report on the bundled example logs (no AWS needed)
#   make test   every test: unit, integration and the golden set
#   make build  optimised release binary: build/boostburn
#   make evals  the golden set alone, "N/M passed"
#   make test-sanitize   the whole suite under ASan + UBSan (build-asan/)
#   make coverage        the whole suite with gcov; line coverage of src/ (build-coverage/)
#   make fuzz            every libFuzzer target for FUZZ_SECONDS each, clang (build-fuzz/; fuzz/README.md)
#   make bench           speed, memory and S3 concurrency ratios, all from one run (build-bench/; bench/README.md)
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
FUZZ_SECONDS ?= 30
# clang's libFuzzer and sanitizer runtimes are in libclang-rt-14-dev, which
# Debian 12's clang only recommends (install-deps.sh skips recommends).
FUZZ_PACKAGES := clang libclang-rt-14-dev
# jq and GNU time for the comparisons; libdeflate-gunzip and Google Benchmark are also in the base list.
BENCH_PACKAGES := jq time libdeflate-tools libbenchmark-dev

.PHONY: all deps build demo test evals test-sanitize coverage fuzz bench format tidy clean

all: build

deps:
	@tools/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@tools/demo.sh $(BUILD)/boostburn

test: build
	@tools/ensure-moto.sh
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) --timeout 600

evals: build
	python3 tests/evals/run_evals.py --binary $(BUILD)/boostburn

test-sanitize: deps
	@tools/ensure-moto.sh
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBOOSTBURN_SANITIZE=address,undefined
	cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS) --timeout 900

coverage: deps
	@tools/install-deps.sh gcovr
	@tools/ensure-moto.sh
	cmake -S . -B build-coverage -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBOOSTBURN_COVERAGE=ON
	cmake --build build-coverage -j $(JOBS)
	ctest --test-dir build-coverage --output-on-failure -j $(JOBS) --timeout 900
	gcovr --root . --filter src/ --print-summary --txt build-coverage/coverage.txt build-coverage
	@echo "per-file report: build-coverage/coverage.txt"

# Debug keeps assertions; -O1 keeps the fuzzers fast.
fuzz: deps
	@tools/install-deps.sh $(FUZZ_PACKAGES)
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS=-O1 -DBOOSTBURN_FUZZ=ON -DBOOSTBURN_TESTS=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzz_targets
	tools/run-fuzz.sh build-fuzz $(FUZZ_SECONDS)

# Measures $(BUILD)/boostburn; knobs BENCH_MB, BENCH_REPEAT, BENCH_S3_OBJECTS... in bench/README.md.
bench: build
	@tools/install-deps.sh $(BENCH_PACKAGES)
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DBOOSTBURN_BENCH=ON -DBOOSTBURN_TESTS=OFF
	cmake --build build-bench -j $(JOBS) --target bench_micro s3_bench_server
	python3 bench/run_bench.py --binary $(BUILD)/boostburn --work build-bench --micro build-bench/bench_micro \
	  --s3-server build-bench/s3_bench_server

format:
	find src tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: $(BUILD)/build.ninja
	find src -name '*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD) build-asan build-coverage build-demo build-fuzz build-bench
