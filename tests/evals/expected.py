#!/usr/bin/env python3
"""An independent reference implementation of Boostburn's counting and pricing rules.

It shares no code with the C++ binary and is written to be obviously right rather than fast: read
every object of the scan window, keep the records of the report day, add up integers, price with
decimal.Decimal (never a float), round once to 9 places (half up). The golden cases' expected values
come from here (or from hand arithmetic that `--check` confirms against it).

The rules it implements (see README.md in this folder and docs/configuration.md):
  - the run for day D lists D's 24 hour folders and the first --lateness-hours (default 3) of D+1,
    all of them even when they have not begun by "now"; a later run of the same day starts at the
    last hour that had begun at the previous run, minus --lookback-hours (default 6);
    --force-reprocess forgets the day and lists it all;
  - never listed (so neither in objects_listed nor in objects_skipped): keys with a `data` folder
    (Bedrock's request/response bodies) at any depth below the hour prefix;
  - skipped, never read: the amazon-bedrock-logs-permission-check marker, zero-byte objects; an
    object already counted for the day is not read again;
  - an object is gzip when its key ends in .gz or its bytes start 1f 8b; an undecodable one is a
    corrupt object; text starting with "[" is a JSON array, anything else JSON Lines (blank lines
    ignored); a line that is not a JSON object is a malformed record (1-based physical line number);
  - a record counts toward the UTC day of its own timestamp (offsets and fractions accepted); one
    without a usable timestamp, or dated more than one day after "now", is an invalid record; a
    requestId already counted for the day is a duplicate;
  - model ids: ARN prefix dropped (everything up to the last "/"), a trailing ":<digits>" dropped,
    scope kept; a missing identity.arn is "unknown";
  - tokens: input.inputTokenCount, output.outputTokenCount, input.cacheRead/WriteInputTokenCount
    (missing = 0); when neither inputTokenCount nor outputTokenCount is present, from the response
    body's usage block (Converse or Anthropic-native shape), else one request with zero tokens that
    is listed in warnings.missing_token_counts; 1-hour cache writes come only from the response body
    (usage.cacheDetails[ttl=1h] or usage.cache_creation.ephemeral_1h_input_tokens), are part of the
    cache writes and are priced at cache_write_1h;
  - prices: the region's entry replaces the model's default; no entry: unpriced (cost 0, listed);
    "billing: not_token_priced" models cost 0 and are listed as not token-priced, not as unpriced;
    tokens of a type without a rate cost 0 and list the model as partially priced; a request whose
    input + cache read + cache write is strictly greater than long_context.threshold_input_tokens is
    priced entirely at the long_context rates and kept in its own usage row.

Command line:
  expected.py --config C --pricing P --date D [--lateness-hours N] [--now T]   print one fresh run (JSON)
  expected.py --update [CASE ...]     write cases/<case>/expected.json for runs marked "reference"
  expected.py --check [CASE ...]      recompute: expected.json and hand-written values must agree
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
import tempfile
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evalcase  # noqa: E402
import yaml_strings  # noqa: E402

COUNTER_FIELDS = ["requests", "input_tokens", "output_tokens", "cache_read_input_tokens",
                  "cache_write_input_tokens", "cache_write_1h_input_tokens"]
PERMISSION_MARKER = "amazon-bedrock-logs-permission-check"
NANO = Decimal("0.000000001")
MILLION = Decimal(1_000_000)

# Stats that do not depend on how a later run of the same day re-lists (lookback): asserted for
# every run. The others only for a day's first run (or a --force-reprocess run).
STATS_ALWAYS = ["objects_processed", "records_parsed", "records_used", "records_other_day",
                "duplicate_records", "malformed_records", "missing_token_counts"]
STATS_FIRST_RUN = ["objects_listed", "objects_skipped", "objects_already_processed"]


# ------------------------------------------------------------------------------------------------
# Records
# ------------------------------------------------------------------------------------------------

@dataclass
class Counters:
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_input_tokens: int = 0
    cache_write_input_tokens: int = 0
    cache_write_1h_input_tokens: int = 0

    def add(self, other: "Counters") -> None:
        for f in COUNTER_FIELDS:
            setattr(self, f, getattr(self, f) + getattr(other, f))

    def total_tokens(self) -> int:
        return (self.input_tokens + self.output_tokens + self.cache_read_input_tokens
                + self.cache_write_input_tokens)

    def context_tokens(self) -> int:
        return self.input_tokens + self.cache_read_input_tokens + self.cache_write_input_tokens


def normalise_model_id(raw: str) -> str:
    model = raw.rsplit("/", 1)[-1] if raw.startswith("arn:") else raw
    return re.sub(r":\d+$", "", model)


_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def parse_timestamp(value) -> dt.datetime | None:
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc)
    except ValueError:
        return None


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def token_counts(record: dict) -> tuple[Counters, bool]:
    """The request's counters and whether it had no token counts anywhere."""
    inp = record.get("input") if isinstance(record.get("input"), dict) else {}
    out = record.get("output") if isinstance(record.get("output"), dict) else {}
    body = out.get("outputBodyJson")
    usage = body.get("usage") if isinstance(body, dict) and isinstance(body.get("usage"), dict) else None
    c = Counters(requests=1)
    missing = False
    if "inputTokenCount" in inp or "outputTokenCount" in out:
        c.input_tokens = _int(inp.get("inputTokenCount"))
        c.output_tokens = _int(out.get("outputTokenCount"))
        c.cache_read_input_tokens = _int(inp.get("cacheReadInputTokenCount"))
        c.cache_write_input_tokens = _int(inp.get("cacheWriteInputTokenCount"))
    elif usage is not None and ("inputTokens" in usage or "outputTokens" in usage):
        c.input_tokens = _int(usage.get("inputTokens"))
        c.output_tokens = _int(usage.get("outputTokens"))
        c.cache_read_input_tokens = _int(usage.get("cacheReadInputTokens"))
        c.cache_write_input_tokens = _int(usage.get("cacheWriteInputTokens"))
    elif usage is not None and ("input_tokens" in usage or "output_tokens" in usage):
        c.input_tokens = _int(usage.get("input_tokens"))
        c.output_tokens = _int(usage.get("output_tokens"))
        c.cache_read_input_tokens = _int(usage.get("cache_read_input_tokens"))
        c.cache_write_input_tokens = _int(usage.get("cache_creation_input_tokens"))
    else:
        missing = True
    c.cache_write_1h_input_tokens = min(one_hour_writes(usage), c.cache_write_input_tokens)
    return c, missing


def one_hour_writes(usage: dict | None) -> int:
    if usage is None:
        return 0
    total = 0
    details = usage.get("cacheDetails")
    if isinstance(details, list):
        total += sum(_int(d.get("inputTokens")) for d in details
                     if isinstance(d, dict) and d.get("ttl") == "1h")
    creation = usage.get("cache_creation")
    if isinstance(creation, dict):
        total += _int(creation.get("ephemeral_1h_input_tokens"))
    return total


def read_object(key: str, data: bytes) -> tuple[list[tuple[int, object]], list[tuple[int, str]], str | None]:
    """(records as (line, parsed value), malformed lines as (line, detail), corrupt detail or None)."""
    if key.endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as e:
            return [], [], f"gzip: {e}"
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError:
            items = None
        if isinstance(items, list):
            return [(1, item) for item in items], [], None
    records, malformed = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as e:
            malformed.append((number, str(e)))
    return records, malformed, None


# ------------------------------------------------------------------------------------------------
# Prices
# ------------------------------------------------------------------------------------------------

@dataclass
class Rate:
    input: Decimal | None
    output: Decimal | None
    cache_read: Decimal | None = None
    cache_write: Decimal | None = None
    cache_write_1h: Decimal | None = None
    threshold: int | None = None
    long: "Rate | None" = None


class PriceError(Exception):
    pass


def _price(value, where: str, scale: Decimal = Decimal(1)) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d+(\.\d+)?", value):
        raise PriceError(f"{where}: not a price: {value!r}")
    return Decimal(value) * scale


def _rate_v2(entry: dict, where: str) -> Rate:
    if not isinstance(entry, dict):
        raise PriceError(f"{where}: not a mapping")
    rate = Rate(input=_price(entry.get("input"), f"{where}.input"),
                output=_price(entry.get("output"), f"{where}.output"),
                cache_read=_price(entry.get("cache_read"), f"{where}.cache_read"),
                cache_write=_price(entry.get("cache_write"), f"{where}.cache_write"),
                cache_write_1h=_price(entry.get("cache_write_1h"), f"{where}.cache_write_1h"))
    if rate.input is None or rate.output is None:
        raise PriceError(f"{where}: input and output are required")
    long = entry.get("long_context")
    if long is not None:
        threshold = long.get("threshold_input_tokens") if isinstance(long, dict) else None
        if not isinstance(threshold, str) or not threshold.isdigit():
            raise PriceError(f"{where}.long_context: threshold_input_tokens is required")
        rate.threshold = int(threshold)
        rate.long = _rate_v2({k: v for k, v in long.items() if k != "threshold_input_tokens"},
                             f"{where}.long_context")
    return rate


def _rate_v1(entry: dict, where: str) -> Rate:
    if not isinstance(entry, dict):
        raise PriceError(f"{where}: not a mapping")
    thousand = Decimal(1000)
    rate = Rate(input=_price(entry.get("input_per_1k"), f"{where}.input_per_1k", thousand),
                output=_price(entry.get("output_per_1k"), f"{where}.output_per_1k", thousand))
    if rate.input is None and rate.output is None:
        raise PriceError(f"{where}: no input_per_1k / output_per_1k")
    return rate


class PriceTable:
    def __init__(self, path: Path) -> None:
        try:
            doc = yaml_strings.load_file(path)
        except (OSError, yaml_strings.YamlError) as e:
            raise PriceError(f"{path}: {e}") from e
        if not isinstance(doc, dict) or not isinstance(doc.get("rates"), dict):
            raise PriceError(f"{path}: no 'rates' mapping")
        version = doc.get("schema_version")
        v1 = version in (None, "1")
        if not v1 and version != "2":
            raise PriceError(f"{path}: unknown schema_version {version}")
        self.rates: dict[str, dict[str, Rate]] = {}
        self.not_token_priced: set[str] = set()
        for model, entries in doc["rates"].items():
            if not isinstance(entries, dict):
                raise PriceError(f"{path}: rates.{model}: not a mapping")
            key = normalise_model_id(model) if v1 else model
            if "billing" in entries:  # billed per image / second / query: never a token price
                self.not_token_priced.add(key)
                continue
            self.rates[key] = {region: (_rate_v1 if v1 else _rate_v2)(entry, f"rates.{model}.{region}")
                               for region, entry in entries.items()}

    def rate(self, region: str, model: str) -> Rate | None:
        entries = self.rates.get(model)
        if not entries:
            return None
        return entries.get(region) or entries.get("default")

    def is_long_context(self, region: str, model: str, c: Counters) -> bool:
        rate = self.rate(region, model)
        return bool(rate and rate.long and c.context_tokens() > rate.threshold)


def price_row(rate: Rate | None, long_context: bool, c: Counters) -> tuple[Decimal, bool]:
    """(exact cost, whether some tokens had no rate)."""
    if rate is None:
        return Decimal(0), False
    r = rate.long if long_context else rate
    parts = [(c.input_tokens, r.input), (c.output_tokens, r.output), (c.cache_read_input_tokens, r.cache_read),
             (c.cache_write_input_tokens - c.cache_write_1h_input_tokens, r.cache_write),
             (c.cache_write_1h_input_tokens, r.cache_write_1h)]
    cost, partial = Decimal(0), False
    with localcontext() as ctx:
        ctx.prec = 60
        for tokens, price in parts:
            if tokens and price is None:
                partial = True
            elif tokens:
                cost += Decimal(tokens) * price / MILLION
    return cost, partial


def money(value: Decimal) -> str:
    with localcontext() as ctx:
        ctx.prec = 60
        return f"{value.quantize(NANO, rounding=ROUND_HALF_UP):f}"


# ------------------------------------------------------------------------------------------------
# Runs
# ------------------------------------------------------------------------------------------------

@dataclass
class RegionConfig:
    name: str
    bucket: Path


@dataclass
class Config:
    account: str
    log_prefix: str
    regions: list[RegionConfig]


def load_config(path: Path) -> Config:
    doc = yaml_strings.load_file(path)
    regions = []
    for name, bucket in (doc.get("regions") or {}).items():
        if not bucket.startswith("file://"):
            raise ValueError(f"{path}: the reference reads file:// buckets only, not {bucket}")
        local = bucket[len("file://"):]
        regions.append(RegionConfig(name, Path(local) if local.startswith("/") else path.parent / local))
    return Config(account=str(doc["account_id"]), log_prefix=doc.get("log_prefix") or "", regions=regions)


@dataclass
class DayState:
    """What the runs of one report day have counted so far (the snapshot + manifests, ideally)."""
    rows: dict = field(default_factory=dict)       # (region, identity, model, long) -> Counters
    seen_request_ids: set = field(default_factory=set)
    processed: dict = field(default_factory=dict)  # region -> set of keys
    last_hour: dict = field(default_factory=dict)  # region -> datetime of the last hour listed
    warnings: dict = field(default_factory=lambda: {"malformed_records": [], "invalid_records": [],
                                                    "missing_token_counts": [], "corrupt_objects": []})
    stats: dict = field(default_factory=dict)
    runs: int = 0


@dataclass
class RunOptions:
    date: dt.date
    lateness_hours: int = 3
    lookback_hours: int = 6
    force: bool = False
    now: dt.datetime = dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)


NODES_BEFORE = ["load_config", "load_snapshot", "region_router"]
NODES_AFTER = ["refresh_pricing", "apply_pricing", "verify_results", "render_report", "write_snapshot",
               "update_manifest", "append_csv", "post_report"]


def hour_prefix(config: Config, region: str, hour: dt.datetime) -> str:
    prefix = config.log_prefix
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    return f"{prefix}AWSLogs/{config.account}/BedrockModelInvocationLogs/{region}/{hour:%Y/%m/%d/%H}/"


def list_bucket(bucket: Path) -> dict[str, Path]:
    if not bucket.is_dir():
        return {}
    return {p.relative_to(bucket).as_posix(): p for p in sorted(bucket.rglob("*")) if p.is_file()}


def is_listed(key: str, prefixes: tuple[str, ...]) -> bool:
    """Under one of the hour prefixes, and in no `data` folder below it (those are never listed)."""
    for prefix in prefixes:
        if key.startswith(prefix):
            return "data" not in key[len(prefix):].split("/")[:-1]
    return False


def is_skipped(key: str, path: Path) -> bool:
    return key.rsplit("/", 1)[-1] == PERMISSION_MARKER or path.stat().st_size == 0


def simulate_run(config: Config, prices: PriceTable, opts: RunOptions,
                 days: dict) -> tuple[dict, list[str], list[str]]:
    """One run of the binary: updates days[date] and returns (expected snapshot with every stat,
    graph path, the stats that are well defined for this run)."""
    first_run = opts.force or opts.date not in days
    if opts.force:
        days.pop(opts.date, None)
    day = days.setdefault(opts.date, DayState())
    day.runs += 1
    stats = {k: 0 for k in STATS_ALWAYS + STATS_FIRST_RUN}
    path = list(NODES_BEFORE)
    day_start = dt.datetime.combine(opts.date, dt.time(0), tzinfo=dt.timezone.utc)
    window_end = day_start + dt.timedelta(hours=24 + opts.lateness_hours)  # exclusive
    for region in config.regions:
        path += ["load_manifest", "plan_scan", "list_objects", "filter_new_objects"]
        start = day_start
        if region.name in day.last_hour:
            start = max(day_start, day.last_hour[region.name] - dt.timedelta(hours=opts.lookback_hours))
        hours = []
        hour = start
        while hour < window_end:
            hours.append(hour)
            hour += dt.timedelta(hours=1)
        begun = [h for h in hours if h <= opts.now]
        if begun:
            day.last_hour[region.name] = begun[-1]
        prefixes = tuple(hour_prefix(config, region.name, h) for h in hours)
        objects = list_bucket(region.bucket)
        listed = [k for k in objects if is_listed(k, prefixes)]
        processed = day.processed.setdefault(region.name, set())
        new = []
        for key in listed:
            stats["objects_listed"] += 1
            if is_skipped(key, objects[key]):
                stats["objects_skipped"] += 1
            elif key in processed:
                stats["objects_already_processed"] += 1
            else:
                new.append(key)
        if new:
            path.append("ingest_objects")
        for key in new:
            processed.add(key)
            stats["objects_processed"] += 1
            ingest_object(region.name, key, objects[key].read_bytes(), opts.date, opts.now, prices, day,
                          stats)
        path += ["advance_region", "region_router"]
    path += NODES_AFTER
    for k, v in stats.items():
        day.stats[k] = day.stats.get(k, 0) + v
    stat_names = STATS_ALWAYS + (STATS_FIRST_RUN if first_run else [])
    return render(day, prices, dict(day.stats)), path, stat_names


def ingest_object(region: str, key: str, data: bytes, date: dt.date, now: dt.datetime, prices: PriceTable,
                  day: DayState, stats: dict) -> None:
    records, malformed, corrupt = read_object(key, data)
    if corrupt:
        day.warnings["corrupt_objects"].append({"region": region, "object": key})
        return
    for line, _detail in malformed:
        day.warnings["malformed_records"].append({"region": region, "object": key, "line": line})
        stats["malformed_records"] += 1
    for line, record in records:
        if not isinstance(record, dict):
            day.warnings["malformed_records"].append({"region": region, "object": key, "line": line})
            stats["malformed_records"] += 1
            continue
        stats["records_parsed"] += 1
        when = parse_timestamp(record.get("timestamp"))
        if when is None or when > now + dt.timedelta(days=1):  # no log is from the future
            day.warnings["invalid_records"].append({"region": region, "object": key, "line": line})
            continue
        if when.date() != date:
            stats["records_other_day"] += 1
            continue
        request_id = record.get("requestId")
        if isinstance(request_id, str) and request_id:
            if request_id in day.seen_request_ids:
                stats["duplicate_records"] += 1
                continue
            day.seen_request_ids.add(request_id)
        stats["records_used"] += 1
        counters, missing = token_counts(record)
        if missing:
            day.warnings["missing_token_counts"].append(
                {"region": region, "object": key, "line": line, "request_id": request_id or ""})
            stats["missing_token_counts"] += 1
        record_region = record.get("region") if isinstance(record.get("region"), str) else region
        identity = record.get("identity", {}).get("arn") if isinstance(record.get("identity"), dict) else None
        model = normalise_model_id(record["modelId"]) if isinstance(record.get("modelId"), str) else "unknown"
        row_key = (record_region, identity or "unknown", model,
                   prices.is_long_context(record_region, model, counters))
        day.rows.setdefault(row_key, Counters()).add(counters)


def render(day: DayState, prices: PriceTable, stats: dict) -> dict:
    """The expected snapshot: metrics, warnings and stats, in the snapshot's own key names."""
    groups = {"totals": {}, "by_region": {}, "by_model": {}, "by_identity": {}}
    unpriced, partial, not_token_priced = set(), set(), set()
    rows = []

    def bump(table: dict, name: str, c: Counters, cost: Decimal) -> None:
        slot = table.setdefault(name, [Counters(), Decimal(0)])
        slot[0].add(c)
        slot[1] += cost

    for (region, identity, model, long_context), c in sorted(day.rows.items()):
        rate = prices.rate(region, model)
        if model in prices.not_token_priced:
            not_token_priced.add(model)
        elif rate is None:
            unpriced.add(model)
        cost, is_partial = price_row(rate, long_context, c)
        if is_partial:
            partial.add(model)
        rows.append({"region": region, "identity": identity, "model_id": model, "long_context": long_context,
                     **counters_dict(c, cost)})
        bump(groups["totals"], "", c, cost)
        bump(groups["by_region"], region, c, cost)
        bump(groups["by_model"], model, c, cost)
        bump(groups["by_identity"], identity, c, cost)
    totals = groups["totals"].get("", [Counters(), Decimal(0)])
    metrics = {"totals": counters_dict(*totals)}
    for name in ("by_region", "by_model", "by_identity"):
        metrics[name] = {k: counters_dict(*v) for k, v in sorted(groups[name].items())}
    metrics["by_usage_key"] = rows
    warnings = {"unpriced_models": sorted(unpriced), "partial_pricing_models": sorted(partial),
                "not_token_priced_models": sorted(not_token_priced),
                **{k: list(v) for k, v in day.warnings.items()}, "verification_errors": []}
    return {"metrics": metrics, "warnings": warnings, "stats": dict(stats)}


def counters_dict(c: Counters, cost: Decimal) -> dict:
    d = {f: getattr(c, f) for f in COUNTER_FIELDS}
    d["total_tokens"] = c.total_tokens()
    d["cost_usd"] = money(cost)
    return d


# ------------------------------------------------------------------------------------------------
# Cases
# ------------------------------------------------------------------------------------------------

def run_options(case: dict, run: dict) -> RunOptions:
    args = [str(a) for a in run.get("args", [])]
    opts = RunOptions(date=dt.date.fromisoformat(run["date"]))
    for flag, attr in (("--lateness-hours", "lateness_hours"), ("--lookback-hours", "lookback_hours")):
        if flag in args:
            setattr(opts, attr, int(args[args.index(flag) + 1]))
    opts.force = "--force-reprocess" in args
    now = evalcase.run_setting(case, run, "now", evalcase.DEFAULT_NOW)
    opts.now = dt.datetime.fromisoformat(now.replace("Z", "+00:00"))
    return opts


def is_reference_run(run: dict) -> bool:
    return bool(run.get("reference")) and run.get("expect", {}).get("exit", 0) == 0


def simulate_case(case: dict, root: Path) -> list[dict | None]:
    """Stages nothing itself: root must hold the staged case. Returns one entry per run."""
    days: dict = {}
    results: list[dict | None] = []
    for run in case["runs"]:
        evalcase.add_arrivals(case, run, root)
        if run.get("expect", {}).get("exit", 0) != 0:
            results.append(None)  # failed runs change nothing
            continue
        config = load_config(evalcase.resolve_input(evalcase.run_setting(case, run, "config", "regions.yaml"), root))
        prices = PriceTable(evalcase.resolve_input(evalcase.run_setting(case, run, "pricing", "pricing.yaml"), root))
        snapshot, path, stat_names = simulate_run(config, prices, run_options(case, run), days)
        results.append({"name": run["name"], "path": path, "snapshot": snapshot, "stat_names": stat_names})
    return results


def compute_case(case: dict) -> list[dict | None]:
    with tempfile.TemporaryDirectory(prefix=f"bb-expected-{case['name']}-") as tmp:
        root = Path(tmp) / "case"
        evalcase.stage(case, root)
        return simulate_case(case, root)


def skip_paths(snapshot: dict, paths: list[str]) -> dict:
    """Drops the dotted paths a case excludes from reference comparison (e.g. stats.records_parsed)."""
    for dotted in paths:
        node = snapshot
        parts = dotted.split(".")
        for part in parts[:-1]:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict):
            node.pop(parts[-1], None)
    return snapshot


def reference_document(case: dict, results: list[dict | None]) -> dict:
    runs = []
    for run, result in zip(case["runs"], results):
        if result is None or not is_reference_run(run):
            runs.append(None)
            continue
        snapshot = json.loads(json.dumps(result["snapshot"]))
        snapshot["stats"] = {k: v for k, v in snapshot["stats"].items() if k in result["stat_names"]}
        runs.append({"name": run["name"], "path": result["path"],
                     "snapshot": skip_paths(snapshot, case.get("reference_skip", []))})
    return {"note": "generated by tests/evals/expected.py --update; do not edit by hand", "runs": runs}


def compact_json(value, indent: int = 0, width: int = 150) -> str:
    """JSON with one line per small object (a counter block, a usage row), nested otherwise."""
    flat = json.dumps(value, separators=(", ", ": "))
    members = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    if (len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value
            or not any(isinstance(m, (dict, list)) for m in members)):
        return flat
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k)}: {compact_json(v, indent + 1, width)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + compact_json(v, indent + 1, width) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--update", action="store_true", help="write expected.json of the named (or all) cases")
    p.add_argument("--check", action="store_true", help="check expected.json and hand-written values")
    p.add_argument("cases", nargs="*")
    p.add_argument("--config")
    p.add_argument("--pricing")
    p.add_argument("--date")
    p.add_argument("--lateness-hours", type=int, default=3)
    p.add_argument("--now", default=evalcase.DEFAULT_NOW)
    a = p.parse_args(argv)
    if a.update or a.check:
        import checks  # the comparison rules, shared with run_evals.py
        failures = 0
        for name in a.cases or evalcase.case_names():
            case = evalcase.load_case(name)
            try:
                results = compute_case(case)
            except (evalcase.CaseError, PriceError, yaml_strings.YamlError, OSError, ValueError) as e:
                print(f"FAIL {name}: case error: {e}")
                failures += 1
                continue
            document = reference_document(case, results)
            if case.get("reference_at_runtime"):
                document["runs"] = [None] * len(document["runs"])  # computed when the case runs
            if a.update:
                if any(document["runs"]):
                    target = Path(case["dir"]) / "expected.json"
                    target.write_text(compact_json(document) + "\n")
                    print(f"wrote {target.relative_to(evalcase.REPO_ROOT)}")
                continue
            problem = checks.check_against_reference(case, results, evalcase.load_expected(name), document)
            print(f"{'OK  ' if problem is None else 'FAIL'} {name}" + (f": {problem}" if problem else ""))
            failures += problem is not None
        return 1 if failures else 0
    if not (a.config and a.pricing and a.date):
        p.error("give --config, --pricing and --date, or --update / --check")
    opts = RunOptions(date=dt.date.fromisoformat(a.date), lateness_hours=a.lateness_hours,
                      now=dt.datetime.fromisoformat(a.now.replace("Z", "+00:00")))
    snapshot, path, _ = simulate_run(load_config(Path(a.config)), PriceTable(Path(a.pricing)), opts, {})
    print(json.dumps({"path": path, "snapshot": snapshot}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
