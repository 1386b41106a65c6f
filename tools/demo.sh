#!/usr/bin/env bash
# make demo: the daily report for 2026-11-30 over the bundled example logs.
# Works on a copy in build-demo/ so the repository stays clean. The first run
# pretends it is 2026-12-01 01:30 UTC, before the objects of the next day's
# 02:00 folder were delivered (they are held back in build-demo/arrivals/).
# The next `make demo` delivers them and runs at the real time: it finds the
# late records of 2026-11-30 and merges them into the same daily snapshot.
set -euo pipefail
binary=${1:-build/boostburn}
here=$(cd "$(dirname "$0")/.." && pwd)
work="$here/build-demo"
date=2026-11-30
late_hour="2026/12/01/02"

if [ ! -d "$work/buckets" ]; then
  mkdir -p "$work/arrivals"
  cp -r "$here/examples/buckets" "$here/examples/regions.yaml" "$work/"
  (cd "$work" && find buckets -path "*/$late_hour" -type d -prune -print) | while read -r folder; do
    mkdir -p "$work/arrivals/$(dirname "$folder")"
    mv "$work/$folder" "$work/arrivals/$folder"
  done
fi
args=(--config "$work/regions.yaml" --pricing "$here/config/pricing.yaml"
      --state-dir "$work/state" --csv "$work/daily.csv" --report-date "$date")

if [ ! -f "$work/state/bedrock-usage-$date.yaml" ]; then
  echo "== first run, as of 2026-12-01T01:30:00Z (the 02:00 deliveries have not arrived) =="
  BOOSTBURN_NOW=2026-12-01T01:30:00Z "$binary" "${args[@]}"
  echo
  echo "Run 'make demo' again: the late deliveries arrive and the next run merges them."
else
  if [ -d "$work/arrivals/buckets" ]; then
    cp -r "$work/arrivals/buckets/." "$work/buckets/"
    rm -rf "$work/arrivals"
    echo "== the next day's 02:00 objects were delivered; a later run merges them =="
  else
    echo "== another run: nothing new, the daily total stays the same =="
  fi
  "$binary" "${args[@]}"
  echo
  echo "Start over with: rm -rf build-demo && make demo"
fi
