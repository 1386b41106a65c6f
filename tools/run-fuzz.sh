#!/usr/bin/env bash
# Runs every libFuzzer target of a BOOSTBURN_FUZZ build for a fixed time on a
# fresh copy of its committed seed corpus (fuzz/corpus/<target>/), and fails
# if any target finds a crash, a leak, UB, an out-of-memory or a slow input.
#   tools/run-fuzz.sh <build-dir> <seconds-per-target> [target...]
# Crash artifacts go to <build-dir>/artifacts/<target>/, full logs to
# <build-dir>/fuzz-logs/<target>.log; fuzz/README.md says how to use them.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:?usage: tools/run-fuzz.sh <build-dir> <seconds> [target...]}
seconds=${2:?usage: tools/run-fuzz.sh <build-dir> <seconds> [target...]}
shift 2

# Longest input per target: a few times the biggest realistic seed, small
# enough to keep executions fast.
declare -A max_len=(
  [record_parser]=16384
  [gunzip]=16384
  [price_file]=8192
  [snapshot_yaml]=8192
  [day_accumulator]=16384
)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(record_parser gunzip price_file snapshot_yaml day_accumulator)
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$build/fuzz-logs"
failed=()
for target in "${targets[@]}"; do
  binary="$build/fuzz/${target}_fuzz"
  if [ ! -x "$binary" ] || [ -z "${max_len[$target]:-}" ]; then
    echo "fuzz: no target $target in $build" >&2
    failed+=("$target")
    continue
  fi
  corpus="$build/fuzz-corpus/$target"
  artifacts="$build/artifacts/$target"
  log="$build/fuzz-logs/$target.log"
  rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  cp -r "fuzz/corpus/$target/." "$corpus/"
  status=0
  "$binary" -max_total_time="$seconds" -max_len="${max_len[$target]}" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" \
    >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  if [ "$status" -eq 0 ]; then
    echo "fuzz: $target ok: ${runs:-?} runs in ${seconds}s, ${speed:-?} exec/s"
  else
    echo "fuzz: $target FAILED (exit $status); log $log, artifacts in $artifacts/:" >&2
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*fuzz invariant broken|.*runtime error|artifact_prefix|Test unit written)" \
      "$log" | head -20 >&2 || true
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} target(s), no crash"
