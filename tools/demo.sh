#!/usr/bin/env bash
# make demo: the daily report for 2026-11-30 over the bundled example logs.
# Works on a copy in build-demo/ so the repository stays clean. The first run
# pretends it is 2026-12-01 01:30 UTC, so the late deliveries in the next
# day's 02:00 prefix have not arrived yet; every later `make demo` runs at the
# real time, finds them, and merges them into the same daily snapshot.
set -euo pipefail
binary=${1:-build/boostburn}
here=$(cd "$(dirname "$0")/.." && pwd)
work="$here/build-demo"
date=2026-11-30

if [ ! -d "$work/buckets" ]; then
  mkdir -p "$work"
  cp -r "$here/examples/buckets" "$here/examples/regions.yaml" "$work/"
fi
args=(--config "$work/regions.yaml" --pricing "$here/config/pricing.yaml"
      --state-dir "$work/state" --csv "$work/daily.csv" --report-date "$date")

if [ ! -f "$work/state/bedrock-usage-$date.yaml" ]; then
  echo "== first run, as of 2026-12-01T01:30:00Z (late objects not delivered yet) =="
  BOOSTBURN_NOW=2026-12-01T01:30:00Z "$binary" "${args[@]}"
  echo
  echo "Run 'make demo' again: the next run finds the late deliveries and merges them."
else
  echo "== another run: merges what arrived since into the same daily total =="
  "$binary" "${args[@]}"
  echo
  echo "Start over with: rm -rf build-demo && make demo"
fi
