# Boostburn: every target installs what is missing, configures and builds.
#   make demo   the daily report on the bundled example logs (no AWS needed)
#   make test   every test: unit, integration and the golden set
#   make build  optimised release binary: build/boostburn
#   make evals  the golden set alone, "N/M passed"
#   make test-sanitize   the whole suite under ASan + UBSan (build-asan/)
#   make coverage        the whole suite with gcov; line coverage of src/ (build-coverage/)
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build demo test evals test-sanitize coverage format tidy clean

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

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: $(BUILD)/build.ninja
	find src -name '*.cpp' | xargs clang-tidy -p $(BUILD) --quiet

clean:
	rm -rf $(BUILD) build-asan build-coverage build-demo
