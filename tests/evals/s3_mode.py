"""run_evals.py --s3: the golden cases with their buckets on a signature-verifying S3 on loopback.

One server (tests/support/moto_server.py --verbose) serves the whole run; its request log (werkzeug
access lines on stderr) goes to a file so that the requests a run made can be counted afterwards.
For each case, every folder its regions configs name as `file://DIR` is uploaded with boto3
(`upload_file`, as a user would) into a fresh bucket `bb-<n>-<region>`, the configs in the staged copy
are rewritten to name `s3://bb-<n>-<region>` (everything else in them kept byte for byte, bad configs
stay bad), and the local folders are deleted, so nothing can be read from disk by mistake. Arrivals
under a bucket folder are uploaded to that bucket before the run that names them.

Failure behaviour: a server that does not start (moto missing: exit 77) raises ServerError with the
launcher's own message; a case that cannot be set up (a config naming a folder that does not exist, a
config outside the case) raises evalcase.CaseError; boto3 errors propagate as S3SetupError.
Needs boto3 in the running Python; moto in the python3 on PATH.
"""

from __future__ import annotations

import contextlib
import json
import re
import select
import shutil
import subprocess
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import evalcase
import yaml_strings

LAUNCHER = evalcase.REPO_ROOT / "tests" / "support" / "moto_server.py"
FAULTY_PROXY = evalcase.REPO_ROOT / "tests" / "support" / "faulty_proxy.py"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0

# `us-east-1: file://buckets/us-east-1`, also inside a flow sequence or quotes (a bad config stays bad).
BUCKET_ENTRY = re.compile(r"(?P<region>[A-Za-z0-9][\w.-]*)\s*:\s*\[?\s*(?P<quote>[\"']?)"
                          r"(?P<url>file://(?P<path>[^\s\"'\],#}]+))")
# werkzeug's access log: ... "GET /bucket/key?query HTTP/1.1" 200 -
ACCESS_LINE = re.compile(r'"(?P<method>[A-Z]+) (?P<target>\S+) HTTP/[\d.]+" (?P<status>\d{3})')
MANIFEST_DIR = "bedrock-usage/"


class ServerError(Exception):
    pass


class S3SetupError(Exception):
    pass


@dataclass(frozen=True)
class Request:
    method: str
    bucket: str
    key: str
    query: str
    status: str


class S3Server:
    """moto_server.py started once; stdin kept open (closing it stops the server)."""

    def __init__(self, log_path: Path, faults: bool = False):
        self.log_path = log_path
        self._proxy = None
        self._log = open(log_path, "wb")
        try:
            self._process = subprocess.Popen(
                [shutil.which("python3") or "python3", str(LAUNCHER), "--verbose"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log)
        except OSError as e:
            self._log.close()
            raise ServerError(f"cannot start {LAUNCHER}: {e}") from e
        ready, _, _ = select.select([self._process.stdout], [], [], START_TIMEOUT)
        line = self._process.stdout.readline() if ready else b""
        if not line:
            self.stop()
            raise ServerError(f"{LAUNCHER.name} did not become ready (exit code {self._process.returncode}): "
                              f"{self._log_tail()}")
        info = json.loads(line)
        self.endpoint: str = info["endpoint"]
        self.key_id: str = info["access_key_id"]
        self.secret: str = info["secret_access_key"]
        self.region: str = info["region"]
        self._next_bucket = 0
        try:
            import boto3
            from botocore.config import Config
        except ImportError as e:
            self.stop()
            raise ServerError(f"{e}: --s3 uploads with boto3 (python3 -m pip install --user boto3)") from e
        # What the binary talks to: the server itself, or with faults a proxy
        # in front of it that answers some requests with 503 SlowDown, drops
        # some connections and cuts some bodies short (tests/support/faulty_proxy.py).
        self.binary_endpoint = self.endpoint
        if faults:
            self._proxy = subprocess.Popen(
                [shutil.which("python3") or "python3", str(FAULTY_PROXY), "--upstream", self.endpoint,
                 "--every-503", "9", "--every-drop", "13", "--every-truncate", "11"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log)
            ready, _, _ = select.select([self._proxy.stdout], [], [], START_TIMEOUT)
            line = self._proxy.stdout.readline() if ready else b""
            if not line:
                self.stop()
                raise ServerError(f"{FAULTY_PROXY.name} did not become ready: {self._log_tail()}")
            self.binary_endpoint = json.loads(line)["endpoint"]
        self._client = boto3.client("s3", endpoint_url=self.endpoint, region_name=self.region,
                                    aws_access_key_id=self.key_id, aws_secret_access_key=self.secret,
                                    config=Config(s3={"addressing_style": "path"}))

    def stop(self) -> None:
        if self._proxy is not None and self._proxy.poll() is None:
            self._proxy.stdin.close()
            try:
                self._proxy.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._proxy.kill()
                self._proxy.wait()
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()

    def env(self) -> dict[str, str]:
        """What a user would export to point the binary at this server."""
        return {"AWS_ACCESS_KEY_ID": self.key_id, "AWS_SECRET_ACCESS_KEY": self.secret,
                "AWS_ENDPOINT_URL_S3": self.binary_endpoint}

    def client(self):
        return self._client

    def new_bucket_name(self, region: str) -> str:
        self._next_bucket += 1
        return f"bb-{self._next_bucket}-{region.lower()}"[:63]

    def log_mark(self) -> int:
        self._log.flush()
        return self.log_path.stat().st_size

    def requests_since(self, mark: int) -> list[Request]:
        with open(self.log_path, "rb") as handle:
            handle.seek(mark)
            text = handle.read().decode("utf-8", "replace")
        found = []
        for m in ACCESS_LINE.finditer(text):
            path, _, query = m.group("target").partition("?")
            bucket, _, key = path.lstrip("/").partition("/")
            found.append(Request(m.group("method"), urllib.parse.unquote(bucket), urllib.parse.unquote(key),
                                 query, m.group("status")))
        return found

    def _log_tail(self, lines: int = 8) -> str:
        """The end of the launcher's stderr, once it has stopped."""
        rows = self.log_path.read_text(errors="replace").strip().splitlines()
        return " | ".join(rows[-lines:]) or "(no output)"


@dataclass
class S3Bucket:
    name: str
    region: str
    folder: Path  # the staged folder it was made from (deleted once uploaded)


class S3Case:
    """One case's buckets on the server, made from its staged folders."""

    def __init__(self, server: S3Server, case: dict, root: Path):
        self.server = server
        self.root = root.resolve()
        self.buckets: list[S3Bucket] = []
        self.log_roots: list[str] = []
        with boto_errors("setting up the case's buckets"):
            for config in config_files(case, self.root):
                self._rewrite(config)
            for bucket in self.buckets:
                self._upload_tree(bucket, bucket.folder)
        for bucket in self.buckets:
            shutil.rmtree(bucket.folder)

    def _bucket_for(self, folder: Path, region: str) -> S3Bucket:
        for bucket in self.buckets:
            if bucket.folder == folder:
                return bucket
        if not folder.is_dir():
            raise evalcase.CaseError(f"--s3: bucket folder {folder.relative_to(self.root)} does not exist; "
                                     f'mark the case "s3": false with an "s3_why"')
        bucket = S3Bucket(self.server.new_bucket_name(region), region, folder)
        options = {}
        if region != "us-east-1":
            options["CreateBucketConfiguration"] = {"LocationConstraint": region}
        self.server.client().create_bucket(Bucket=bucket.name, **options)
        self.buckets.append(bucket)
        return bucket

    def _rewrite(self, config: Path) -> None:
        text = config.read_text()

        def to_s3(m: re.Match) -> str:
            folder = (config.parent / m.group("path")).resolve()
            if m.group("path").startswith("/"):
                folder = Path(m.group("path")).resolve()
            if self.root.resolve() not in folder.parents:
                raise evalcase.CaseError(f"--s3: {config.name} names {m.group('url')}, outside the case")
            bucket = self._bucket_for(folder, m.group("region"))
            return m.group(0)[: m.start("url") - m.start(0)] + f"s3://{bucket.name}"

        rewritten = BUCKET_ENTRY.sub(to_s3, text)
        if rewritten != text:
            config.write_text(rewritten)
            self._note_log_root(rewritten)

    def _note_log_root(self, text: str) -> None:
        try:
            document = yaml_strings.loads(text)
            prefix = document.get("log_prefix") or ""
            account = document["account_id"]
        except (yaml_strings.YamlError, AttributeError, KeyError, TypeError):
            return  # a deliberately bad config: the run stops before any request
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        root = f"{prefix}AWSLogs/{account}/"
        if root not in self.log_roots:
            self.log_roots.append(root)

    def _upload_tree(self, bucket: S3Bucket, folder: Path) -> None:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                key = path.relative_to(bucket.folder).as_posix()
                self.server.client().upload_file(str(path), bucket.name, key)

    def add_arrivals(self, case: dict, run: dict) -> None:
        """arrivals/NAME/: files under a bucket folder go to that bucket, anything else to the folder."""
        name = run.get("add")
        if not name:
            return
        with tempfile.TemporaryDirectory(prefix="bb-eval-arrivals-") as folder, \
                boto_errors(f"uploading arrivals/{name}"):
            scratch = Path(folder)
            evalcase.add_arrivals(case, run, scratch)
            for path in sorted(p for p in scratch.rglob("*") if p.is_file()):
                target = (self.root / path.relative_to(scratch)).resolve()
                bucket = next((b for b in self.buckets if b.folder in target.parents), None)
                if bucket is None:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
                else:
                    self.server.client().upload_file(str(path), bucket.name,
                                                     target.relative_to(bucket.folder).as_posix())

    def object_listing(self) -> dict[str, str]:
        """s3://bucket/key -> ETag of every object in the case's buckets."""
        listing = {}
        pages = self.server.client().get_paginator("list_objects_v2")
        with boto_errors("listing the case's buckets"):
            for bucket in self.buckets:
                for page in pages.paginate(Bucket=bucket.name):
                    for item in page.get("Contents", []):
                        listing[f"s3://{bucket.name}/{item['Key']}"] = item["ETag"]
        return listing

    def log_object_gets(self, requests: list[Request]) -> list[Request]:
        """GETs of objects under a log root of this case's buckets: not listings, not manifests."""
        names = {b.name for b in self.buckets}
        return [r for r in requests
                if r.method == "GET" and r.bucket in names and r.key and "list-type=" not in r.query
                and any(r.key.startswith(root) for root in self.log_roots)
                and MANIFEST_DIR not in r.key]


@contextlib.contextmanager
def boto_errors(doing: str):
    """boto3's exceptions become S3SetupError (the runner reports them as a case error)."""
    from boto3.exceptions import S3UploadFailedError
    from botocore.exceptions import BotoCoreError, ClientError
    try:
        yield
    except (BotoCoreError, ClientError, S3UploadFailedError) as e:
        raise S3SetupError(f"{doing}: {e}") from e


def config_files(case: dict, root: Path) -> list[Path]:
    """The staged regions configs the case's runs name (those that exist; a missing one is the point)."""
    found = []
    for run in case["runs"]:
        value = evalcase.run_setting(case, run, "config", "regions.yaml")
        if value.startswith("@repo/"):
            raise evalcase.CaseError(f"--s3: config {value} is outside the case; copy it in (\"copy\")")
        path = evalcase.resolve_input(value, root)
        if path.is_file() and path not in found:
            found.append(path)
    return found


def skip_reason(case: dict) -> str | None:
    """Why case.json says the case cannot run over S3 ("s3": false, "s3_why"), else None."""
    if case.get("s3", True):
        return None
    return case.get("s3_why") or "no reason given (add \"s3_why\")"


def names_sources(value) -> bool:
    """Whether an expectation compares the snapshot's `sources` (its ETags differ over S3)."""
    if isinstance(value, dict):
        return "sources" in value or any(names_sources(v) for v in value.values())
    if isinstance(value, list):
        return any(names_sources(v) for v in value)
    return False


def fetch_free_runs(case: dict) -> list[bool]:
    """Per run: whether it must download no log object. A run qualifies when an earlier run of the case
    already reported the same day successfully and this one adds no objects ("add"), forces nothing
    (--force-reprocess), keeps the config and is expected to succeed."""
    done: set[tuple] = set()
    flags = []
    for run in case["runs"]:
        day = (run.get("date"), evalcase.run_setting(case, run, "config", "regions.yaml"))
        expect_ok = run.get("expect", {}).get("exit", 0) == 0
        flags.append(day in done and expect_ok and "argv" not in run and not run.get("add")
                     and "--force-reprocess" not in run.get("args", []))
        if expect_ok and "argv" not in run:
            done.add(day)
    return flags
