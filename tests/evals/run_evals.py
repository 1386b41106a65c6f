#!/usr/bin/env python3
"""Run the golden cases (tests/evals/cases/*) against a Boostburn binary.

Every case runs in a fresh temporary folder (inputs copied, so manifests written into the buckets
never touch the repository), its runs in order, each with --trace and BOOSTBURN_NOW pinned. For each
run it checks the exit code, the graph path (node names from --trace), what stdout must or must not
contain, and every snapshot value the case names (case.json) or the reference implementation computed
(expected.json, from expected.py). Prints one line per case and ends with "N/M passed"; exits 0 only
when every case passes.

With --s3 the same cases run with their buckets on a signature-verifying S3 on loopback (moto, one
server for the whole run; see s3_mode.py), and a re-run of a day that adds nothing must download no log
object (counted from the server's request log). Cases marked "s3": false are skipped, with their reason.

  python3 tests/evals/run_evals.py --binary build/boostburn [--s3 [--faults]] [--case NAME ...] [--keep] [--verbose]
Python 3.11, standard library only (--s3: boto3, and moto for the python3 on PATH).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checks  # noqa: E402
import evalcase  # noqa: E402
import expected as reference  # noqa: E402
import s3_mode  # noqa: E402
import yaml_strings  # noqa: E402

TRACE_LINE = re.compile(r"^trace: (\S+) ")
CLEARED_ENV_PREFIXES = ("BOOSTBURN_", "SLACK_", "AWS_")


class Failure(Exception):
    pass


def clean_env(now: str, extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED_ENV_PREFIXES)}
    env["BOOSTBURN_NOW"] = now
    env["LC_ALL"] = "C"
    env.update(extra or {})
    return env


def build_argv(binary: str, case: dict, run: dict, root: Path) -> list[str]:
    def fill(arg) -> str:
        return str(arg).replace("{root}", str(root))

    if "argv" in run:  # the run spells out its whole command line
        return [binary] + [fill(a) for a in run["argv"]]
    config = evalcase.resolve_input(evalcase.run_setting(case, run, "config", "regions.yaml"), root)
    pricing = evalcase.resolve_input(evalcase.run_setting(case, run, "pricing", "pricing.yaml"), root)
    return [binary, "--config", str(config), "--pricing", str(pricing), "--state-dir", str(root / "state"),
            "--report-date", run["date"], "--trace"] + [fill(a) for a in run.get("args", [])]


def tree_listing(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def trace_path(stderr: str) -> list[str]:
    return [m.group(1) for line in stderr.splitlines() if (m := TRACE_LINE.match(line))]


def tail(text: str, lines: int = 6) -> str:
    rows = [r for r in text.strip().splitlines() if not TRACE_LINE.match(r)]
    return " | ".join(rows[-lines:])


def listing(root: Path, s3: s3_mode.S3Case | None) -> dict[str, object]:
    """Files in the folder and, over S3, objects in the case's buckets (for no_writes)."""
    found: dict[str, object] = dict(tree_listing(root))
    if s3 is not None:
        found.update(s3.object_listing())
    return found


def check_run(binary: str, case: dict, run: dict, root: Path, ref: dict | None, timeout: float,
              verbose: bool, s3: s3_mode.S3Case | None = None, fetch_free: bool = False) -> None:
    """Raises Failure with the first difference. s3: the case's buckets are on S3; fetch_free: the run
    must GET no log object (S3 only)."""
    expect = run.get("expect", {})
    argv = build_argv(binary, case, run, root)
    before = listing(root, s3) if expect.get("no_writes") else None
    now = evalcase.run_setting(case, run, "now", evalcase.DEFAULT_NOW)
    mark = s3.server.log_mark() if s3 else 0
    try:
        done = subprocess.run(argv, cwd=root, env=clean_env(now, s3.server.env() if s3 else None),
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failure(f"timed out after {timeout:.0f}s")
    except OSError as e:
        raise Failure(f"cannot run {argv[0]}: {e}")
    requests = s3.server.requests_since(mark) if s3 else []
    if verbose:
        print(f"  $ {' '.join(argv)}\n  exit {done.returncode}\n  stderr: {tail(done.stderr, 20)}")
        if s3:
            print(f"  {len(requests)} S3 requests, {len(s3.log_object_gets(requests))} GETs of log objects")
    if s3:
        for stream, text in (("stdout", done.stdout), ("stderr", done.stderr)):
            if s3.server.secret in text:
                raise Failure(f"the secret access key appears on {stream}")
    want_exit = expect.get("exit", 0)
    if done.returncode != want_exit:
        raise Failure(f"exit code {done.returncode}, expected {want_exit}; stderr: {tail(done.stderr)}")

    path = trace_path(done.stderr)
    want_path = expect.get("path") or (ref or {}).get("path")
    if want_path:
        problem = checks.compare_path(want_path, path)
        if problem:
            raise Failure(problem)
    for node in expect.get("path_excludes", []):
        if node in path:
            raise Failure(f"graph path must not contain {node}: {' > '.join(path)}")

    for text in expect.get("stdout_contains", []):
        if text not in done.stdout:
            raise Failure(f"stdout lacks {text!r}")
    for text in expect.get("stdout_icontains", []):
        if text.lower() not in done.stdout.lower():
            raise Failure(f"stdout lacks {text!r} (any case)")
    for text in expect.get("stdout_not_contains", []):
        if text in done.stdout:
            raise Failure(f"stdout must not contain {text!r}")
    for text in expect.get("stderr_icontains", []):
        if text.lower() not in done.stderr.lower():
            raise Failure(f"stderr lacks {text!r} (any case); stderr: {tail(done.stderr)}")

    snapshot_file = root / "state" / f"bedrock-usage-{run.get('date')}.yaml"
    if expect.get("no_snapshot") and snapshot_file.exists():
        raise Failure(f"a snapshot was written: {snapshot_file.name}")
    if before is not None:
        after = listing(root, s3)
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        if changed:
            raise Failure(f"the run wrote files, expected none: {changed[0]}")

    wanted = [("case.json", expect["snapshot"])] if "snapshot" in expect else []
    if ref is not None:
        wanted.append(("expected.json", ref["snapshot"]))
    if wanted:
        if not snapshot_file.is_file():
            raise Failure(f"no snapshot {snapshot_file.name} in the state folder")
        try:
            actual = yaml_strings.load_file(snapshot_file)
        except yaml_strings.YamlError as e:
            raise Failure(f"cannot read {snapshot_file.name}: {e}")
        if s3 and s3.server.secret in snapshot_file.read_text():
            raise Failure(f"the secret access key appears in {snapshot_file.name}")
        for source, values in wanted:
            problem = checks.compare(values, actual)
            if problem:
                raise Failure(f"{problem} [{source}]")

    if "stdout_json" in expect:
        try:
            document = json.loads(done.stdout, parse_float=str, parse_int=str)
        except json.JSONDecodeError as e:
            raise Failure(f"stdout is not JSON: {e}")
        problem = checks.compare(expect["stdout_json"], document, json_numbers=True)
        if problem:
            raise Failure(f"{problem} [stdout JSON]")

    if "csv" in expect:
        spec = expect["csv"]
        csv_file = root / spec["file"]
        if not csv_file.is_file():
            raise Failure(f"no CSV file {spec['file']}")
        rows = [r for r in csv_file.read_text().splitlines() if r.strip()]
        if "data_rows" in spec and len(rows) - 1 != spec["data_rows"]:
            raise Failure(f"{spec['file']}: {len(rows) - 1} data rows, expected {spec['data_rows']}")
        for text in spec.get("contains", []):
            if text not in "\n".join(rows[1:]):
                raise Failure(f"{spec['file']}: no data row contains {text!r}")
        for column in spec.get("header_contains", []):
            if column not in rows[0].split(","):
                raise Failure(f"{spec['file']}: header lacks column {column!r}")

    if fetch_free:
        gets = s3.log_object_gets(requests)
        if gets:
            keys = ", ".join(sorted({g.key for g in gets})[:3])
            raise Failure(f"nothing new, yet {len(gets)} GET(s) of log objects (e.g. {keys}); "
                          f"expected 0")


def run_case(binary: str, name: str, keep: bool, timeout: float, verbose: bool,
             server: s3_mode.S3Server | None = None) -> str | None:
    """None when the case passes, else the first difference. server: run it over S3."""
    case = evalcase.load_case(name)
    stored = evalcase.load_expected(name)
    refs: list = [None] * len(case["runs"])
    if stored:
        refs = stored["runs"]
    if case.get("reference_at_runtime"):
        # The expected values depend on a file outside the case (e.g. config/pricing.yaml): compute them now.
        document = reference.reference_document(case, reference.compute_case(case))
        refs = document["runs"]
    tmp = Path(tempfile.mkdtemp(prefix=f"bb-eval-{name}-"))
    try:
        root = tmp / "case"
        evalcase.stage(case, root)
        s3 = None
        if server is not None:
            if s3_mode.names_sources([r.get("expect") for r in case["runs"]] + refs):
                raise evalcase.CaseError("--s3: an expectation names snapshot `sources`, whose ETags differ")
            s3 = s3_mode.S3Case(server, case, root)
        fetch_free = s3_mode.fetch_free_runs(case) if s3 else [False] * len(case["runs"])
        for run, ref, no_fetch in zip(case["runs"], refs, fetch_free):
            if s3:
                s3.add_arrivals(case, run)
            else:
                evalcase.add_arrivals(case, run, root)
            try:
                check_run(binary, case, run, root, ref, timeout, verbose, s3, no_fetch)
            except Failure as e:
                return f"run {run['name']} ({run.get('date', 'argv')}): {e}"
        return None
    finally:
        if keep:
            print(f"  kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description="Run the golden eval cases against a boostburn binary.")
    p.add_argument("--binary", required=True, help="path to the boostburn binary")
    p.add_argument("--case", action="append", default=[], help="run only this case (repeatable)")
    p.add_argument("--keep", action="store_true", help="keep each case's temporary folder")
    p.add_argument("--verbose", action="store_true", help="print each command and its stderr")
    p.add_argument("--timeout", type=float, default=120, help="seconds per run (default 120)")
    p.add_argument("--s3", action="store_true",
                   help="buckets on a signature-verifying S3 on loopback (moto) instead of local folders")
    p.add_argument("--faults", action="store_true",
                   help="with --s3: the binary reaches S3 through a proxy that answers some requests "
                        "with 503 SlowDown, drops some connections and cuts some bodies short")
    a = p.parse_args(argv)
    if a.faults and not a.s3:
        p.error("--faults needs --s3")
    binary = str(Path(a.binary).resolve())
    names = a.case or evalcase.case_names()
    server = None
    if a.s3:
        log_dir = Path(tempfile.mkdtemp(prefix="bb-eval-s3-"))
        try:
            server = s3_mode.S3Server(log_dir / "requests.log", faults=a.faults)
        except s3_mode.ServerError as e:
            shutil.rmtree(log_dir, ignore_errors=True)
            print(f"FAIL cannot start the S3 server: {e}")
            return 1
    passed, ran, skipped = 0, 0, []
    try:
        for name in names:
            try:
                why = s3_mode.skip_reason(evalcase.load_case(name)) if server else None
            except evalcase.CaseError:
                why = None  # run_case reports it
            if why:
                skipped.append(f"{name} ({why})")
                print(f"SKIP {name}: {why}")
                continue
            ran += 1
            try:
                problem = run_case(binary, name, a.keep, a.timeout, a.verbose, server)
            except (evalcase.CaseError, reference.PriceError, yaml_strings.YamlError, OSError, ValueError,
                    s3_mode.S3SetupError) as e:
                problem = f"case error: {e}"
            if problem is None:
                passed += 1
                print(f"PASS {name}")
            else:
                print(f"FAIL {name}: {problem}")
            sys.stdout.flush()
    finally:
        if server is not None:
            server.stop()
            if a.keep:
                print(f"  kept the S3 request log {server.log_path}")
            else:
                shutil.rmtree(server.log_path.parent, ignore_errors=True)
    if server is not None:
        print(f"{len(skipped)} skipped over S3: " + ("; ".join(skipped) if skipped else "none"))
    print(f"{passed}/{ran} passed")
    return 0 if passed == ran and ran else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
