"""Loading and staging golden cases (shared by run_evals.py and expected.py).

A case is a folder under tests/evals/cases/ with a case.json (format: tests/evals/README.md).
Staging copies it into a fresh temporary folder so that the manifests a run writes into the buckets
never touch the repository:

  - every file is copied except case.json, expected.json and the arrivals/ folder;
  - a file whose name ends in ".to-gzip" is gzipped (mtime 0) and written without that suffix, so hand
    written logs stay readable in the repository: "X.json.gz.to-gzip" becomes the object "X.json.gz";
  - "copy": [[SOURCE, TARGET], ...] copies files or folders from outside the case ("@repo/examples/buckets")
    into the staged root;
  - "generate": [...] runs tools/generate_logs.py --out <staged root> with each argument list;
  - a run's "add": "NAME" copies arrivals/NAME/ over the staged root (same rules) before that run.

Python 3.11, standard library only.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

EVALS_DIR = Path(__file__).resolve().parent
REPO_ROOT = EVALS_DIR.parent.parent
CASES_DIR = EVALS_DIR / "cases"
GENERATOR = REPO_ROOT / "tools" / "generate_logs.py"

GZIP_SUFFIX = ".to-gzip"
NOT_STAGED = {"case.json", "expected.json", "arrivals", "README.md"}

# Default "now" for every run (BOOSTBURN_NOW): after every case's report days, so that all hours have
# begun. A run can pin another with "now".
DEFAULT_NOW = "2027-01-01T00:00:00Z"


class CaseError(Exception):
    pass


def case_names() -> list[str]:
    return sorted(p.name for p in CASES_DIR.iterdir() if (p / "case.json").is_file())


def load_case(name: str) -> dict:
    path = CASES_DIR / name / "case.json"
    if not path.is_file():
        raise CaseError(f"no such case: {name} (expected {path})")
    try:
        case = json.loads(path.read_text())
    except json.JSONDecodeError as e:
        raise CaseError(f"{path}: {e}") from e
    case["name"] = name
    case["dir"] = str(path.parent)
    if not case.get("runs"):
        raise CaseError(f"{path}: no runs")
    for i, run in enumerate(case["runs"]):
        run.setdefault("name", f"run{i + 1}")
        if "date" not in run and "argv" not in run:
            raise CaseError(f"{path}: run {run['name']} has no date")
    return case


def load_expected(name: str) -> dict | None:
    path = CASES_DIR / name / "expected.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text())


def copy_tree(src: Path, dst: Path, top_level_skip: set[str] = frozenset()) -> None:
    for item in sorted(src.iterdir()):
        if item.name in top_level_skip:
            continue
        target = dst / item.name
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            copy_tree(item, target)
        elif item.name.endswith(GZIP_SUFFIX):
            target = dst / item.name[: -len(GZIP_SUFFIX)]
            target.write_bytes(gzip.compress(item.read_bytes(), compresslevel=6, mtime=0))
        else:
            shutil.copyfile(item, target)


def stage(case: dict, root: Path) -> None:
    """Materialises the case's initial inputs in root (an empty folder)."""
    root.mkdir(parents=True, exist_ok=True)
    copy_tree(Path(case["dir"]), root, NOT_STAGED)
    for source, target in case.get("copy", []):
        src = resolve_input(source, root)
        if src.is_dir():
            (root / target).mkdir(parents=True, exist_ok=True)
            copy_tree(src, root / target)
        elif src.is_file():
            (root / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, root / target)
        else:
            raise CaseError(f"copy: {source} does not exist")
    for args in case.get("generate", []):
        cmd = [sys.executable, str(GENERATOR), "--out", str(root)] + [str(a) for a in args]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise CaseError(f"generator failed ({' '.join(cmd)}): {done.stderr.strip()}")


def add_arrivals(case: dict, run: dict, root: Path) -> None:
    name = run.get("add")
    if not name:
        return
    src = Path(case["dir"]) / "arrivals" / name
    if not src.is_dir():
        raise CaseError(f"run {run['name']}: no arrivals/{name} folder")
    copy_tree(src, root)


def resolve_input(value: str, root: Path) -> Path:
    """A config or price file named by a case: '@repo/...' is relative to the repository root,
    anything else to the staged case root."""
    if value.startswith("@repo/"):
        return REPO_ROOT / value[len("@repo/"):]
    return root / value


def run_setting(case: dict, run: dict, key: str, default=None):
    """A run's own setting, else the case's, else the default (config, pricing, now, ...)."""
    if key in run:
        return run[key]
    return case.get(key, default)
