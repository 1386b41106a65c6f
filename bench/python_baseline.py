#!/usr/bin/env python3
"""The Python stdlib baseline of `make bench`: what the original tool's hot path
costs. For each object: gzip.decompress, then json.loads per line, then dict
sums of the four token types by (region, identity, model). No de-duplication,
no day filter, no pricing: strictly less work than Boostburn does, so the
ratio it gives is a lower bound of the speed-up.

Usage: python_baseline.py [--day YYYY-MM-DD] FILE... ; prints one JSON line with
the totals. With --day it also prints, under "day", the sums of the records
whose timestamp falls on that UTC day (a string prefix test per record: what
make bench compares Boostburn's totals with).
"""
import gzip
import json
import sys
from collections import defaultdict

FIELDS = ("inputTokenCount", "outputTokenCount", "cacheReadInputTokenCount",
          "cacheWriteInputTokenCount")


def main(paths, day=None):
    sums = defaultdict(lambda: [0, 0, 0, 0, 0])
    day_sums = [0, 0, 0, 0, 0]
    records = 0
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        for line in data.splitlines():
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if not isinstance(record, dict):
                continue
            key = (record.get("region"), (record.get("identity") or {}).get("arn"),
                   record.get("modelId"))
            row = sums[key]
            row[0] += 1
            usage_in = record.get("input") or {}
            usage_out = record.get("output") or {}
            on_day = day is not None and str(record.get("timestamp", "")).startswith(day)
            if on_day:
                day_sums[0] += 1
            for i, field in enumerate(FIELDS):
                value = usage_out.get(field) if field == "outputTokenCount" else usage_in.get(field)
                if isinstance(value, int):
                    row[i + 1] += value
                    if on_day:
                        day_sums[i + 1] += value
            records += 1
    totals = [sum(row[i] for row in sums.values()) for i in range(5)]
    result = {"records": records, "keys": len(sums), "requests": totals[0],
              "input": totals[1], "output": totals[2], "cache_read": totals[3],
              "cache_write": totals[4]}
    if day is not None:
        result["day"] = dict(zip(("requests", "input", "output", "cache_read", "cache_write"),
                                 day_sums))
    print(json.dumps(result))


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--day":
        main(args[2:], day=args[1])
    else:
        main(args)
