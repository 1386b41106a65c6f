"""How an expectation is compared with what a run produced (shared by run_evals.py and expected.py).

compare(expected, actual) returns None when they agree, else the first difference as one line:
  - a key or value the expectation names must be in the actual output: an absent key, or a null
    where a list or mapping is expected, fails (so `unpriced_models: []` demands the field);
  - mappings: every expected key must be present and agree (extra keys are fine), except the maps
    metrics.by_region / by_model / by_identity, whose key sets must be equal;
  - lists of scalars: equal, in order (warnings.unpriced_models is sorted by contract);
  - lists of mappings (usage rows, warning items): same length, and each expected item matches a
    distinct actual item with the same identifying fields (region, identity, model_id, long_context,
    object, line), all of its other fields agreeing; fields the expectation leaves out are not compared;
  - scalars as text: 12 == "12", true == "true"; cost_usd exactly as written (9 decimals) unless the
    caller compares JSON output, where 0.0147 and 0.014700000 are the same number.
Python 3.11, standard library only.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

ID_FIELDS = ("region", "identity", "model_id", "long_context", "object", "line")
EXACT_KEY_MAPS = {"by_region", "by_model", "by_identity"}


def scalar_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return None
    text = str(value)
    return text.lower() if text in ("True", "False") else text


def _short(value) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


def compare(expected, actual, where: str = "", json_numbers: bool = False) -> str | None:
    label = where or "(top)"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):  # null included: it is not an empty mapping
            return f"{label}: expected a mapping, got {_short(actual)}"
        last = where.rsplit(".", 1)[-1]
        if last in EXACT_KEY_MAPS:
            missing = sorted(set(expected) - set(actual))
            extra = sorted(set(actual) - set(expected))
            if missing:
                return f"{label}: missing key {missing[0]!r}"
            if extra:
                return f"{label}: unexpected key {extra[0]!r}"
        for key, value in expected.items():
            if key not in actual:
                return f"{where}.{key}: missing".lstrip(".")
            problem = compare(value, actual[key], f"{where}.{key}".lstrip("."), json_numbers)
            if problem:
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):  # null included: it is not an empty list
            return f"{label}: expected a list, got {_short(actual)}"
        if len(expected) != len(actual):
            return (f"{label}: expected {len(expected)} items, got {len(actual)}: "
                    f"{_short(actual)}")
        if expected and all(isinstance(item, dict) for item in expected):
            return _compare_items(expected, actual, label, json_numbers)
        for i, (e, a) in enumerate(zip(expected, actual)):
            problem = compare(e, a, f"{label}[{i}]", json_numbers)
            if problem:
                return problem
        return None
    e, a = scalar_text(expected), scalar_text(actual)
    if isinstance(actual, (dict, list)):
        return f"{label}: expected {e}, got {_short(actual)}"
    if json_numbers and where.endswith("cost_usd") and e is not None and a is not None:
        try:
            if Decimal(e) == Decimal(a):
                return None
        except InvalidOperation:
            pass
    if e != a:
        return f"{label}: expected {e}, got {a}"
    return None


def _compare_items(expected: list, actual: list, label: str, json_numbers: bool) -> str | None:
    used: set[int] = set()
    for item in expected:
        ident = {k: scalar_text(item[k]) for k in ID_FIELDS if k in item}
        candidates = [j for j, a in enumerate(actual)
                      if j not in used and isinstance(a, dict)
                      and all(scalar_text(a.get(k)) == v for k, v in ident.items())]
        if not candidates:
            return f"{label}: no item with {ident}; got {_short(actual)}"
        j = candidates[0]
        used.add(j)
        problem = compare(item, actual[j], f"{label}[{_describe(ident)}]", json_numbers)
        if problem:
            return problem
    return None


def _describe(ident: dict) -> str:
    return ",".join(str(v) for v in ident.values())


def compare_path(expected: list[str], actual: list[str]) -> str | None:
    if expected == actual:
        return None
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e != a:
            return f"graph path differs at step {i + 1}: expected {e}, got {a} (got: {' > '.join(actual)})"
    if len(actual) < len(expected):
        return f"graph path ends after {len(actual)} steps, expected next {expected[len(actual)]} " \
               f"(got: {' > '.join(actual)})"
    return f"graph path has extra steps after {len(expected)}: {' > '.join(actual[len(expected):])}"


def check_against_reference(case: dict, results: list, stored: dict | None, document: dict) -> str | None:
    """expected.py --check: the stored expected.json is current, and the hand-written snapshot values
    and graph paths agree with the reference implementation."""
    has_reference = any(document["runs"])
    if has_reference and stored != json.loads(json.dumps(document)):
        return f"expected.json is stale or missing: run tests/evals/expected.py --update {case['name']}"
    if not has_reference and stored is not None:
        return "expected.json exists but no run is marked \"reference\""
    for run, result in zip(case["runs"], results):
        if result is None:
            continue
        expect = run.get("expect", {})
        if "snapshot" in expect:
            problem = compare(expect["snapshot"], result["snapshot"])
            if problem:
                return f"run {run['name']}: hand-written value disagrees with the reference: {problem}"
        if "path" in expect:
            problem = compare_path(expect["path"], result["path"])
            if problem:
                return f"run {run['name']}: hand-written path disagrees with the reference: {problem}"
    return None
