#!/usr/bin/env python3
"""make bench: Boostburn's speed, memory and fetch concurrency, with every ratio
measured in the same run on the same objects (bench/README.md explains the
numbers).

  run_bench.py --binary build/boostburn --work build-bench [--micro build-bench/bench_micro]
               [--s3-server build-bench/s3_bench_server]

Steps: a cached generated corpus (one region-day of realistic records with
bodies) -> round-robin repeats of: the libdeflate-gunzip floor, boostburn with
one thread and with all cores, the Python stdlib baseline, `zcat | jq`, DuckDB
(when @duckdb/node-api installs) -> peak RSS and memory growth per record ->
fetch throughput over a loopback S3 stand-in that adds latency to every
request (bench/s3_bench_server, when --s3-server names it) -> Google Benchmark micro-benchmarks -> a table on stdout and
bench/results/<date>-<host>.{json,md} (-2, -3... when that exists: never overwritten).

Knobs (environment): BENCH_MB (generator --target-mb: MB of gzip objects,
data/ included; default 100, about 400 MB of JSON), BENCH_HISTORY_TURNS
(generator --history-turns: default 18, records of about 9 KB; 0 gives
one-prompt records of about 1.8 KB), BENCH_REPEAT (default 3),
BENCH_S3_OBJECTS (default 1000, 0 skips the S3 part), BENCH_S3_DELAY_MS
(default 20), BENCH_DUCKDB=0 (skip DuckDB).

Exit codes: 0 when every tool ran and their totals agree (a missed target is
reported as FAIL but is not an error: this is a measurement, not a test);
1 when a tool crashed or the outputs disagree; 2 when a required tool is missing.
Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import platform
import re
import select
import shutil
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "tools" / "generate_logs.py"
BASELINE = REPO / "bench" / "python_baseline.py"
JQ_PROGRAM = REPO / "bench" / "token_sums.jq"
DUCKDB_SCRIPT = REPO / "bench" / "duckdb_sum.mjs"
PRICING = REPO / "config" / "pricing.yaml"

DAY = "2025-06-15"  # in the past: records dated in the future are rejected as invalid
REGION = "us-east-1"
ACCOUNT = "111122223333"
S3_BUCKET = "bb-bench"
DEFAULT_HISTORY_TURNS = 18  # records of about 9 KB, as in reference/test-infra.md
HOURS_READ = 27  # the day's 24 hour folders + the 3 of the next day (--lateness-hours)
SERVER_START_TIMEOUT = 300.0
# Counters compared between tools: Boostburn's name -> the baselines' name.
TOKEN_FIELDS = {"requests": "requests", "input_tokens": "input", "output_tokens": "output",
                "cache_read_input_tokens": "cache_read", "cache_write_input_tokens": "cache_write"}


RERUN = "boostburn all cores, re-run, nothing new"


class BenchError(Exception):
    """A tool crashed or outputs disagree: make bench fails."""


# ----------------------------------------------------------------------------------------------
# Running and timing one command
# ----------------------------------------------------------------------------------------------

@dataclass
class Sample:
    seconds: float
    peak_rss_kb: int
    stdout: str
    stderr: str


def run_timed(argv: list[str], label: str, logs: Path, env: dict | None = None) -> Sample:
    """Runs argv to completion; wall time and the peak RSS of the process tree (wait4).
    stdout and stderr go to files under logs/ (stdout is returned). Non-zero exit: BenchError."""
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logs / f"{label}.out", logs / f"{label}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = err_path.read_text(errors="replace").strip().splitlines()[-5:]
        raise BenchError(f"{label}: exit code {process.returncode}: {' | '.join(tail)} "
                         f"(command: {' '.join(argv[:6])} ...; logs in {logs})")
    return Sample(seconds, usage.ru_maxrss, out_path.read_text(), err_path.read_text(errors="replace"))


def traced_ms(stderr: str, node: str) -> float | None:
    """The duration of a graph node from --trace ("trace: NODE 12.3ms"), summed over its visits."""
    found = re.findall(rf"^trace: {node} ([\d.]+)ms$", stderr, re.MULTILINE)
    return sum(float(ms) for ms in found) if found else None


def slug(name: str) -> str:
    """A file name for a measurement's name."""
    return re.sub(r"[^\w.-]+", "_", name)


def last_json_line(text: str, label: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise BenchError(f"{label}: no JSON result in its output")


# ----------------------------------------------------------------------------------------------
# Corpora, cached on a hash of the generator and its arguments
# ----------------------------------------------------------------------------------------------

def ensure_corpus(folder: Path, args: list[str]) -> None:
    key = hashlib.sha256(GENERATOR.read_bytes() + json.dumps(args).encode()).hexdigest()
    stamp = folder / ".bench-key"
    if stamp.is_file() and stamp.read_text().strip() == key:
        print(f"corpus {folder}: cached", flush=True)
        return
    print(f"corpus {folder}: generating (tools/generate_logs.py {' '.join(args)}); "
          f"cached for the next runs", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    scratch = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(scratch), *args], check=True)
    (scratch / ".bench-key").write_text(key + "\n")
    scratch.rename(folder)


def record_objects(bucket: Path) -> list[Path]:
    """The log objects a run of DAY reads: every hour folder's .json.gz, not data/ bodies."""
    return sorted(p for p in bucket.rglob("*.json.gz")
                  if "data" not in p.parent.parts[-1:] and "manifests" not in p.parts)


def half_day_corpus(corpus: Path, work: Path) -> Path:
    """Hard links to the objects of DAY's hours 00-11 only, laid out like the corpus."""
    half = work / "corpus-half"
    shutil.rmtree(half, ignore_errors=True)
    bucket = corpus / "buckets" / REGION
    day_folder = "/".join(DAY.split("-"))
    for path in record_objects(bucket):
        relative = path.relative_to(bucket).as_posix()
        hour = relative.split(f"/{day_folder}/", 1)[1][:2] if f"/{day_folder}/" in relative else None
        if hour is not None and int(hour) < 12:
            target = half / "buckets" / REGION / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, target)
    shutil.copyfile(corpus / "regions.yaml", half / "regions.yaml")
    return half


def uncompressed_bytes(paths: list[Path]) -> int:
    """Sum of the gzip trailers' sizes (single-member objects under 4 GiB, as generated)."""
    total = 0
    for path in paths:
        with open(path, "rb") as f:
            f.seek(-4, os.SEEK_END)
            total += int.from_bytes(f.read(4), "little")
    return total


# ----------------------------------------------------------------------------------------------
# The tools being compared
# ----------------------------------------------------------------------------------------------

@dataclass
class Tool:
    name: str
    argv: list[str]
    env: dict | None = None
    prepare: object = None  # called before each run (fresh state)
    samples: list[Sample] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    def peak_rss_kb(self) -> int:
        return max(s.peak_rss_kb for s in self.samples)


def boostburn_argv(binary: Path, config: Path, state: Path, *extra: str, rebuild: bool = True) -> list[str]:
    return [str(binary), "--config", str(config), "--pricing", str(PRICING), "--state-dir", str(state),
            "--report-date", DAY, *(["--force-reprocess"] if rebuild else []), "--json", "--lock-wait", "0",
            *extra]


def fresh_state(state: Path, buckets: Path):
    """Each Boostburn run starts from nothing: no snapshot, no manifest in the bucket folders."""
    def prepare() -> None:
        shutil.rmtree(state, ignore_errors=True)
        for manifests in buckets.glob("*/manifests"):
            shutil.rmtree(manifests)
    return prepare


def clean_env() -> dict:
    """The environment without AWS_* and BOOSTBURN_* settings of the machine."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "BOOSTBURN_", "SLACK_"))}


def duckdb_setup(work: Path) -> tuple[Path | None, str]:
    """Installs @duckdb/node-api into work/node_modules with npm (never into the repository)."""
    if os.environ.get("BENCH_DUCKDB", "1") == "0":
        return None, "BENCH_DUCKDB=0"
    if not shutil.which("node") or not shutil.which("npm"):
        return None, "node or npm not installed"
    modules = work / "node_modules"
    if (modules / "@duckdb" / "node-api" / "package.json").is_file():
        return modules, ""
    print("installing @duckdb/node-api into", modules, flush=True)
    result = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                             "--prefix", str(work), "@duckdb/node-api"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        return None, f"npm install @duckdb/node-api failed: {lines[-1] if lines else result.returncode}"
    return modules, ""


def totals_of(snapshot: dict) -> dict:
    totals = snapshot["metrics"]["totals"]
    return {ours: int(totals[name]) for name, ours in TOKEN_FIELDS.items()}


def check_equal(checks: list, name: str, got: dict, want: dict) -> None:
    keys = sorted(set(got) & set(want))
    diff = {k: (got[k], want[k]) for k in keys if got[k] != want[k]}
    checks.append({"name": name, "ok": not diff,
                   "detail": "equal: " + ", ".join(f"{k}={want[k]}" for k in keys) if not diff
                   else "differ: " + ", ".join(f"{k} {a} != {b}" for k, (a, b) in diff.items())})


# ----------------------------------------------------------------------------------------------
# Fetch concurrency over a loopback S3 with latency
# ----------------------------------------------------------------------------------------------

class Server:
    """A helper process that prints one JSON line when ready and stops on SIGTERM."""

    def __init__(self, argv: list[str], log: Path, what: str):
        self.log = open(log, "wb")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self.log)
        ready, _, _ = select.select([self.process.stdout], [], [], SERVER_START_TIMEOUT)
        line = self.process.stdout.readline() if ready else b""
        if not line:
            self.stop()
            raise BenchError(f"{what} did not start: see {log}")
        self.info = json.loads(line)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def describe_s3_run(run: dict) -> str:
    text = f"{run['objects_per_second']:.0f} objects/s over the whole run"
    if run["ingest_objects_per_second"]:
        text += f", {run['ingest_objects_per_second']:.0f} objects/s in ingest_objects"
    if run["list_objects_ms"] is not None:
        text += f", list_objects {run['list_objects_ms']:.0f} ms"
    return text + f" ({run['objects']} objects)"


def s3_bench(binary: Path, server: Path | None, work: Path, objects: int, delay_ms: float, repeat: int,
             checks: list) -> dict:
    """Boostburn against bench/s3_bench_server (one process with --delay-ms, one without), a stand-in
    that answers from memory without checking signatures, so that it is not the bottleneck
    (moto, which the tests use, serves only a few hundred GETs/s here)."""
    if server is None or not server.is_file():
        return {"skipped": f"no S3 stand-in server ({server or 'give --s3-server build-bench/s3_bench_server'}; "
                           "make bench builds it)"}
    help_text = subprocess.run([str(binary), "--help"], capture_output=True, text=True).stdout
    has_flag = "--s3-concurrency" in help_text
    per_hour = max(1, math.ceil(objects / HOURS_READ))
    corpus = work / "corpus-s3"
    ensure_corpus(corpus, ["--date", DAY, "--regions", REGION, "--objects-per-hour", str(per_hour),
                           "--records-per-object", "20", "--offload-rate", "0", "--seed", "2"])
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"s3: serving {len(record_objects(corpus / 'buckets' / REGION))} objects from {server.name}",
          flush=True)
    bucket = ["--bucket", f"{S3_BUCKET}={corpus / 'buckets' / REGION}"]
    servers = []
    try:
        delayed = Server([str(server), "--delay-ms", f"{delay_ms:g}", *bucket], logs / "s3-server-delay.log",
                         server.name)
        servers.append(delayed)
        direct = Server([str(server), *bucket], logs / "s3-server.log", server.name)
        servers.append(direct)
        config = work / "s3-regions.yaml"
        config.write_text(f'account_id: "{ACCOUNT}"\nlog_prefix: ""\nregions:\n  {REGION}: s3://{S3_BUCKET}\n')
        # The stand-in checks no signature: any key pair will do.
        base_env = clean_env() | {"AWS_ACCESS_KEY_ID": "AKIABENCHEXAMPLE0000",
                                  "AWS_SECRET_ACCESS_KEY": "bench-secret-not-checked",
                                  "AWS_REGION": REGION, "AWS_EC2_METADATA_DISABLED": "true"}
        runs = []  # (label, concurrency or None, server)
        if has_flag:
            runs = [("s3 concurrency 1", "1", delayed), ("s3 concurrency 32", "32", delayed),
                    ("s3 concurrency 32, no delay", "32", direct)]
        else:
            runs = [("s3 default concurrency", None, delayed)]
        results = {}
        reference = None
        for label, concurrency, target in runs:
            env = base_env | {"AWS_ENDPOINT_URL_S3": target.info["endpoint"]}
            extra = ["--s3-concurrency", concurrency] if concurrency else []
            rates, samples, fetch_rates, list_ms = [], [], [], []
            for r in range(repeat):
                state = work / "state" / f"s3-{r}"
                shutil.rmtree(state, ignore_errors=True)
                sample = run_timed(boostburn_argv(binary, config, state, "--trace", *extra),
                                   f"{slug(label)}-{r}", logs, env)
                snapshot = json.loads(sample.stdout)
                processed = snapshot["stats"]["objects_processed"]
                rates.append(processed / sample.seconds)
                samples.append(sample.seconds)
                ingest_ms = traced_ms(sample.stderr, "ingest_objects")
                if ingest_ms:
                    fetch_rates.append(processed / ingest_ms * 1000)
                listed = traced_ms(sample.stderr, "list_objects")
                if listed is not None:
                    list_ms.append(listed)
                totals = totals_of(snapshot)
                if reference is None:
                    reference = totals
                check_equal(checks, f"{label} totals = first S3 run's", totals, reference)
            results[label] = {"objects": processed, "seconds": samples,
                              "objects_per_second": statistics.median(rates),
                              "ingest_objects_per_second": statistics.median(fetch_rates) if fetch_rates else None,
                              "list_objects_ms": statistics.median(list_ms) if list_ms else None}
            print(f"  {label}: {describe_s3_run(results[label])}", flush=True)
    finally:
        for started in servers:
            started.stop()
    out = {"flag_available": has_flag, "delay_ms": delay_ms, "runs": results}
    if has_flag:
        c32, c1 = results["s3 concurrency 32"], results["s3 concurrency 1"]
        out["ratio"] = c32["objects_per_second"] / c1["objects_per_second"]
        if c32["ingest_objects_per_second"] and c1["ingest_objects_per_second"]:
            out["ratio_ingest_objects"] = c32["ingest_objects_per_second"] / c1["ingest_objects_per_second"]
    return out


# ----------------------------------------------------------------------------------------------
# Google Benchmark micro-benchmarks
# ----------------------------------------------------------------------------------------------

def micro_bench(binary: Path, sample_object: Path, work: Path) -> list[dict]:
    out = work / "micro.json"
    env = os.environ | {"BOOSTBURN_BENCH_SAMPLE": str(sample_object)}
    subprocess.run([str(binary), "--benchmark_format=console", f"--benchmark_out={out}",
                    "--benchmark_out_format=json", "--benchmark_min_time=0.5"],
                   check=True, env=env, stdout=sys.stdout, stderr=sys.stderr)
    rows = []
    for b in json.loads(out.read_text())["benchmarks"]:
        row = {"name": b["name"], "time": b["real_time"], "cpu_time": b["cpu_time"], "time_unit": b["time_unit"]}
        if b.get("error_occurred"):  # SkipWithError: e.g. an instruction set this CPU lacks
            row["skipped"] = b.get("error_message", "skipped")
        if "bytes_per_second" in b:
            row["MB/s"] = b["bytes_per_second"] / 1e6
        if "items_per_second" in b:
            row["items/s"] = b["items_per_second"]
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------------------------
# The machine, and the report
# ----------------------------------------------------------------------------------------------

def machine(binary: Path) -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    cache = {}
    cache_file = binary.resolve().parent / "CMakeCache.txt"
    if cache_file.is_file():
        for line in cache_file.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and ":" in name:
                cache[name.split(":")[0]] = value
    compiler = cache.get("CMAKE_CXX_COMPILER", "c++")
    version = subprocess.run([compiler, "--version"], capture_output=True, text=True).stdout.splitlines()
    git = ["git", "--no-optional-locks", "-C", str(REPO)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return {"host": socket.gethostname(), "cpu": cpu, "cores": os.cpu_count(),
            "ram_gb": round(mem_kb / 1024 / 1024, 1), "kernel": platform.release(),
            "compiler": version[0] if version else compiler,
            "build_type": cache.get("CMAKE_BUILD_TYPE", "unknown"),
            "boostburn": subprocess.run([str(binary), "--version"], capture_output=True,
                                        text=True).stdout.strip(),
            "commit": commit + (" (with uncommitted changes)" if dirty else ""),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def verdict(value: float | None, target: str) -> str:
    if value is None:
        return "n/a"
    op, number = target.split()
    ok = value <= float(number) if op == "<=" else value >= float(number) if op == ">=" else value < float(number)
    return "PASS" if ok else "FAIL"


def micro_rate(row: dict) -> str:
    """Google Benchmark's rates are per CPU second: MB/s of JSON and/or millions of items/s."""
    if "skipped" in row:
        return f"skipped: {row['skipped']}"
    rates = []
    if "MB/s" in row:
        rates.append(f"{row['MB/s']:.0f} MB/s")
    if "items/s" in row:
        rates.append(f"{row['items/s'] / 1e6:.2f} M items/s")
    return ", ".join(rates)


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def write_markdown(path: Path, result: dict) -> None:
    m, c = result["machine"], result["corpus"]
    lines = [f"# make bench, {result['date']} on {m['host']}", "",
             f"- CPU: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Linux {m['kernel']}",
             f"- Build: {m['build_type']}, {m['compiler']}; {m['boostburn']}, commit {m['commit']}",
             f"- Load average (1, 5, 15 min) at start {m['load_average_at_start']}, at end {m['load_average']}",
             f"- Corpus: {c['objects']} objects of one region-day, {c['gz_mb']:.0f} MB gzip, "
             f"{c['json_mb']:.0f} MB JSON, {c['records']} records ({c['records_of_day']} of {DAY}), "
             f"{c['json_mb'] * 1e3 / c['records']:.1f} KB a record (generator --history-turns "
             f"{c.get('history_turns', 0):g}); median of {result['repeat']} runs", "",
             "| measurement | seconds | MB/s (JSON) | peak RSS MB |", "|---|---:|---:|---:|"]
    for name, row in result["measurements"].items():
        rss = f"{row['peak_rss_kb'] / 1024:.0f}" if row.get("peak_rss_kb") else ""
        lines.append(f"| {cell(name)} | {row['median_seconds']:.3f} | {row['json_mb_per_second']:.0f} | {rss} |")
    lines += ["", "| ratio | value | target | |", "|---|---:|---|---|"]
    for row in result["targets"]:
        value = "n/a" if row["value"] is None else f"{row['value']:.2f}"
        lines.append(f"| {cell(row['name'])} | {value} {row['unit']} | {row['target']} | {row['verdict']} |")
    if result["skipped"]:
        lines += [""] + [f"- {name}: skipped ({why})" for name, why in result["skipped"].items()]
    s3 = result.get("s3")
    if s3:
        lines += ["", f"Fetch over a loopback S3 stand-in (bench/s3_bench_server) with {s3['delay_ms']:.0f} ms added per request:", ""]
        lines += [f"- {label}: {describe_s3_run(run)}" for label, run in s3["runs"].items()]
        if not s3["flag_available"]:
            lines.append("- s3 concurrency: flag not available")
    if result.get("micro"):
        lines += ["", "| micro-benchmark | CPU time | throughput (per CPU second) |", "|---|---:|---:|"]
        for row in result["micro"]:
            rate = micro_rate(row)
            cpu = f"{row['cpu_time']:,.0f}" if row["cpu_time"] >= 100 else f"{row['cpu_time']:.3g}"
            lines.append(f"| {row['name']} | {'-' if 'skipped' in row else cpu + ' ' + row['time_unit']} | {rate} |")
    lines += ["", "Checks: " + ("all outputs agree" if all(c["ok"] for c in result["checks"])
                                else "OUTPUTS DISAGREE, see the JSON file")]
    path.write_text("\n".join(lines) + "\n")


# ----------------------------------------------------------------------------------------------
# The local measurements
# ----------------------------------------------------------------------------------------------

@dataclass
class Corpus:
    folder: Path
    objects: list[Path]  # the record objects a run of DAY reads
    json_bytes: int
    half: Path           # the objects of hours 00-11 only
    half_json_bytes: int


def prepare_corpus(work: Path, mb: float, history_turns: float) -> Corpus:
    # One cached corpus per record shape, so that the two shapes do not evict each other.
    folder = work / ("corpus" if history_turns == DEFAULT_HISTORY_TURNS else f"corpus-turns{history_turns:g}")
    ensure_corpus(folder, ["--date", DAY, "--regions", REGION, "--objects-per-hour", "1",
                           "--with-bodies", "--history-turns", f"{history_turns:g}",
                           "--target-mb", f"{mb:g}", "--seed", "1"])
    objects = record_objects(folder / "buckets" / REGION)
    for path in objects:  # warm the page cache: every tool reads from memory
        path.read_bytes()
    half = half_day_corpus(folder, work)
    return Corpus(folder, objects, uncompressed_bytes(objects), half,
                  uncompressed_bytes(record_objects(half / "buckets" / REGION)))


def local_tools(binary: Path, work: Path, corpus: Corpus, skipped: dict) -> list[Tool]:
    files = [str(p) for p in corpus.objects]
    state = work / "state"

    def boostburn(name: str, folder: Path, threads: str) -> Tool:
        run_state = state / slug(name)
        return Tool(name, boostburn_argv(binary, folder / "regions.yaml", run_state, "--threads", threads),
                    prepare=fresh_state(run_state, folder / "buckets"))

    def rerun(name: str) -> Tool:
        # Untimed, before each timed run: the day's first run, from nothing. Timed: the same
        # command again (no --force-reprocess), when the manifest says nothing is new. What a
        # cron job's later runs of the day cost on a quiet hour: reading back the snapshot and
        # the day's request ids, never the logs.
        run_state = state / slug(name)
        argv = boostburn_argv(binary, corpus.folder / "regions.yaml", run_state, "--threads", "0",
                              rebuild=False)
        start = fresh_state(run_state, corpus.folder / "buckets")

        def prepare() -> None:
            start()
            subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        return Tool(name, argv, prepare=prepare)

    tools = [
        Tool("libdeflate-gunzip floor", ["bash", "-c", 'for f; do libdeflate-gunzip -c "$f" >/dev/null; done',
                                         "gunzip", *files]),
        boostburn("boostburn --threads 1", corpus.folder, "1"),
        boostburn("boostburn all cores", corpus.folder, "0"),
        boostburn("boostburn --threads 1, half day", corpus.half, "1"),
        rerun(RERUN),
        Tool("python baseline", [sys.executable, str(BASELINE), "--day", DAY, *files]),
        Tool("zcat | jq", ["bash", "-o", "pipefail", "-c", f'zcat -- "$@" | jq -n -c -f "{JQ_PROGRAM}"',
                           "jq", *files]),
    ]
    modules, why = duckdb_setup(work)
    if modules is None:
        skipped["DuckDB"] = why
        print(f"DuckDB: skipped ({why})", flush=True)
    else:
        for mode, label in (("--columns", "columns given"), ("--auto", "auto schema")):
            tools.append(Tool(f"duckdb read_json, {label}", ["node", str(DUCKDB_SCRIPT), str(modules), mode, *files]))
    return tools


def run_rounds(tools: list[Tool], repeat: int, logs: Path) -> None:
    """Each round runs every tool once, so that drift in the machine hits every tool alike."""
    for r in range(repeat):
        for tool in tools:
            print(f"run {r + 1}/{repeat}: {tool.name}", flush=True)
            if tool.prepare:
                tool.prepare()
            tool.samples.append(run_timed(tool.argv, f"{slug(tool.name)}-{r}", logs))


def check_local(tools: dict[str, Tool], checks: list) -> dict:
    """Boostburn's totals against the Python baseline's records of DAY; jq's and DuckDB's sums
    against the baseline's sums of every record. Returns the baseline's output."""
    python_sums = last_json_line(tools["python baseline"].samples[0].stdout, "python baseline")
    for name in ("boostburn --threads 1", "boostburn all cores"):
        for i, sample in enumerate(tools[name].samples):
            snapshot = json.loads(sample.stdout)
            check_equal(checks, f"{name} run {i + 1} totals = python baseline's records of {DAY}",
                        totals_of(snapshot), python_sums["day"])
            if snapshot["warnings"]["unpriced_models"]:
                checks.append({"name": f"{name}: config/pricing.yaml prices every model", "ok": False,
                               "detail": f"unpriced: {snapshot['warnings']['unpriced_models']}"})
    # A snapshot's stats add up the day's runs: a re-run that downloads no log object leaves the
    # first run's objects and bytes as they were (the same as a run of the day from nothing). Its
    # requests are the listing and the manifest's GET.
    first = json.loads(tools["boostburn all cores"].samples[0].stdout)["stats"]
    for i, sample in enumerate(tools[RERUN].samples):
        snapshot = json.loads(sample.stdout)
        check_equal(checks, f"{RERUN} {i + 1}: totals = python baseline's records of {DAY}",
                    totals_of(snapshot), python_sums["day"])
        got = {k: snapshot["stats"][k] for k in ("objects_processed", "bytes_downloaded")}
        want = {k: first[k] for k in got}
        checks.append({"name": f"{RERUN} {i + 1}: the day's second run, no log object downloaded",
                       "ok": snapshot["runs"] == 2 and got == want,
                       "detail": f"runs {snapshot['runs']} (want 2); {got} (want {want})"})
    everything = {k: python_sums[k] for k in ("input", "output", "cache_read", "cache_write")}
    everything["requests"] = python_sums["records"]
    for name in [n for n in tools if n.startswith(("zcat", "duckdb"))]:
        sums = last_json_line(tools[name].samples[0].stdout, name)
        sums["requests"] = sums.pop("records")
        check_equal(checks, f"{name} sums = python baseline's (every record)", sums, everything)
    return python_sums


def memory_growth(tools: dict[str, Tool]) -> dict:
    """Peak RSS of the day vs the half day (--threads 1), per record of the day."""
    day, half = tools["boostburn --threads 1"], tools["boostburn --threads 1, half day"]
    records_day = json.loads(day.samples[0].stdout)["stats"]["records_used"]
    records_half = json.loads(half.samples[0].stdout)["stats"]["records_used"]
    rss_day = statistics.median(s.peak_rss_kb for s in day.samples)
    rss_half = statistics.median(s.peak_rss_kb for s in half.samples)
    return {"records_of_day": records_day, "records_of_half_day": records_half, "rss_kb_day": rss_day,
            "rss_kb_half_day": rss_half,
            "bytes_per_record": (rss_day - rss_half) * 1024 / max(1, records_day - records_half)}


# Fewer extra records than this between the day and the half day and the
# growth per record drowns in the noise of the constant part (a few MB of
# buffers that vary with the objects' sizes): reported, not judged.
MIN_RECORDS_FOR_GROWTH = 100_000


def memory_row(memory: dict) -> tuple:
    extra = memory["records_of_day"] - memory["records_of_half_day"]
    if extra < MIN_RECORDS_FOR_GROWTH:
        return (f"memory growth per record of the day (day vs half day; only {extra} more records, "
                f"not judged: see BENCH_HISTORY_TURNS=0)", memory["bytes_per_record"], "B", "")
    return ("memory growth per record of the day (day vs half day)", memory["bytes_per_record"], "B", "<= 32")


def target_rows(tools: dict[str, Tool], memory: dict, s3: dict | None, cores: int) -> list[dict]:
    t = {name: tool.median() for name, tool in tools.items()}
    one, all_cores = t["boostburn --threads 1"], t["boostburn all cores"]

    def per_all_cores(name: str) -> float | None:
        return t[name] / all_cores if name in t else None

    peak_mb = max(tools[n].peak_rss_kb() for n in ("boostburn --threads 1", "boostburn all cores")) / 1024
    rows = [  # name, value, unit, target ("" = none)
        ("boostburn --threads 1 / gunzip floor", one / t["libdeflate-gunzip floor"], "x", "<= 1.15"),
        (f"all cores ({cores}) speed-up vs --threads 1", one / all_cores, "x", f">= {0.85 * cores:g}"),
        ("python baseline / boostburn all cores", per_all_cores("python baseline"), "x", ">= 12"),
        ("zcat | jq / boostburn all cores", per_all_cores("zcat | jq"), "x", ""),
        ("duckdb (columns given) / boostburn all cores", per_all_cores("duckdb read_json, columns given"),
         "x", ">= 4"),
        ("duckdb (auto schema) / boostburn all cores", per_all_cores("duckdb read_json, auto schema"), "x", ""),
        ("re-run of the day, nothing new / first run (all cores)", t[RERUN] / all_cores, "x", "<= 0.2"),
        ("peak RSS of boostburn runs", peak_mb, "MB", "< 256"),
        memory_row(memory),
        ("s3 fetch: concurrency 32 / concurrency 1 (whole run)", (s3 or {}).get("ratio"), "x", ">= 15"),
        ("s3 fetch: the same, ingest_objects node only", (s3 or {}).get("ratio_ingest_objects"), "x", ""),
    ]
    return [{"name": n, "value": v, "unit": u, "target": g or "-", "verdict": verdict(v, g) if g else ""}
            for n, v, u, g in rows]


def print_table(result: dict) -> None:
    c = result["corpus"]
    print(f"\ncorpus: {c['objects']} objects, {c['gz_mb']:.0f} MB gzip, {c['json_mb']:.0f} MB JSON, "
          f"{c['records']} records ({c['records_of_day']} of {DAY}), "
          f"{c['json_mb'] * 1e3 / c['records']:.1f} KB a record; median of {result['repeat']}")
    print(f"{'measurement':44} {'seconds':>9} {'MB/s':>7} {'RSS MB':>7}")
    for name, row in result["measurements"].items():
        rss = f"{row['peak_rss_kb'] / 1024:7.0f}" if row["peak_rss_kb"] else ""
        print(f"{name:44} {row['median_seconds']:9.3f} {row['json_mb_per_second']:7.0f} {rss}")
    print(f"\n{'ratio':56} {'value':>10} {'target':>8}")
    for row in result["targets"]:
        value = "n/a" if row["value"] is None else f"{row['value']:.2f} {row['unit']}"
        print(f"{row['name']:56} {value:>10} {row['target']:>8}  {row['verdict']}")
    s3 = result["s3"]
    if s3:
        for label, run in s3["runs"].items():
            print(f"  {label}: {describe_s3_run(run)}")
        if not s3["flag_available"]:
            print("s3 concurrency: flag not available")
    for row in result["micro"]:
        print(f"micro-benchmark {row['name']:28} {micro_rate(row)}")
    for name, why in result["skipped"].items():
        print(f"{name}: skipped ({why})")
    bad = [check for check in result["checks"] if not check["ok"]]
    print(f"\nchecks: {len(result['checks']) - len(bad)}/{len(result['checks'])} agree")
    for check in bad:
        print(f"  DISAGREE {check['name']}: {check['detail']}")


# ----------------------------------------------------------------------------------------------
# main
# ----------------------------------------------------------------------------------------------

def unused_stem(stem: Path) -> Path:
    """`stem`, or `stem-2`, `-3`...: a result is never overwritten (two VMs of
    one day may share a hostname; a re-run is a new measurement)."""
    candidate, n = stem, 1
    while Path(f"{candidate}.json").exists() or Path(f"{candidate}.md").exists():
        n += 1
        candidate = stem.with_name(f"{stem.name}-{n}")
    return candidate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", type=Path, default=REPO / "build" / "boostburn")
    parser.add_argument("--work", type=Path, default=REPO / "build-bench")
    parser.add_argument("--micro", type=Path, default=None, help="the bench_micro binary (optional)")
    parser.add_argument("--s3-server", type=Path, default=None,
                        help="the s3_bench_server binary (without it the S3 fetch part is skipped)")
    parser.add_argument("--results", type=Path, default=REPO / "bench" / "results")
    args = parser.parse_args()
    mb = float(os.environ.get("BENCH_MB", "100"))
    history_turns = float(os.environ.get("BENCH_HISTORY_TURNS", str(DEFAULT_HISTORY_TURNS)))
    repeat = max(1, int(os.environ.get("BENCH_REPEAT", "3")))
    s3_objects = int(os.environ.get("BENCH_S3_OBJECTS", "1000"))
    s3_delay = float(os.environ.get("BENCH_S3_DELAY_MS", "20"))
    binary, work = args.binary.resolve(), args.work.resolve()
    missing = [t for t in ("libdeflate-gunzip", "zcat", "jq") if not shutil.which(t)]
    if missing or not binary.is_file():
        print(f"run_bench.py: missing {', '.join(missing) or binary}: run `make bench` "
              "(it installs jq and libdeflate-tools through tools/install-deps.sh and builds the binary)",
              file=sys.stderr)
        return 2
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    logs = work / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    checks: list[dict] = []
    skipped: dict[str, str] = {}
    s3, micro = None, []

    corpus = prepare_corpus(work, mb, history_turns)
    tools = local_tools(binary, work, corpus, skipped)
    by_name = {tool.name: tool for tool in tools}
    try:
        run_rounds(tools, repeat, logs)
        python_sums = check_local(by_name, checks)
        if s3_objects > 0:
            s3_server = args.s3_server.resolve() if args.s3_server else None
            s3 = s3_bench(binary, s3_server, work, s3_objects, s3_delay, repeat, checks)
            if "skipped" in s3:
                skipped["S3 fetch"] = s3.pop("skipped")
                s3 = None
        else:
            skipped["S3 fetch"] = "BENCH_S3_OBJECTS=0"
        if args.micro:
            micro = micro_bench(args.micro.resolve(), corpus.objects[len(corpus.objects) // 2], work)
    except (BenchError, subprocess.CalledProcessError) as e:
        print(f"\nmake bench: {e}", file=sys.stderr)
        return 1

    memory = memory_growth(by_name)
    now = dt.datetime.now(dt.timezone.utc)
    result = {
        "date": now.strftime("%Y-%m-%d"), "time": now.isoformat(timespec="seconds"),
        "machine": machine(binary) | {"load_average_at_start": load_at_start}, "repeat": repeat,
        "corpus": {"day": DAY, "objects": len(corpus.objects),
                   "gz_mb": sum(p.stat().st_size for p in corpus.objects) / 1e6,
                   "json_mb": corpus.json_bytes / 1e6, "records": python_sums["records"],
                   "records_of_day": memory["records_of_day"], "bench_mb": mb,
                   "history_turns": history_turns},
        "measurements": {
            tool.name: {"seconds": [s.seconds for s in tool.samples], "median_seconds": tool.median(),
                        "json_mb_per_second": (corpus.half_json_bytes if "half day" in tool.name
                                               else corpus.json_bytes) / 1e6 / tool.median(),
                        "peak_rss_kb": tool.peak_rss_kb() if tool.name.startswith("boostburn") else None}
            for tool in tools},
        "targets": target_rows(by_name, memory, s3, os.cpu_count() or 1),
        "memory": memory, "s3": s3, "micro": micro, "checks": checks, "skipped": skipped}
    print_table(result)
    args.results.mkdir(parents=True, exist_ok=True)
    stem = args.results / f"{result['date']}-{result['machine']['host']}"
    if history_turns != DEFAULT_HISTORY_TURNS:
        stem = stem.with_name(f"{stem.name}-turns{history_turns:g}")
    stem = unused_stem(stem)
    Path(f"{stem}.json").write_text(json.dumps(result, indent=2) + "\n")
    write_markdown(Path(f"{stem}.md"), result)
    print(f"results: {stem}.json, {stem}.md")
    return 0 if all(check["ok"] for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
