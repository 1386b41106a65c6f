#!/usr/bin/env python3
"""Tests of checks.compare: an expectation must never pass against output that lacks what it names.

  python3 tests/evals/checks_test.py
Python 3.11, standard library only.
"""

from __future__ import annotations

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checks  # noqa: E402
import yaml_strings  # noqa: E402


def snapshot(text: str):
    return yaml_strings.loads(text)


class MissingValues(unittest.TestCase):
    def test_an_absent_key_fails_even_when_an_empty_list_is_expected(self):
        problem = checks.compare({"warnings": {"unpriced_models": []}},
                                 snapshot("warnings:\n  malformed_records: []\n"))
        self.assertEqual(problem, "warnings.unpriced_models: missing")

    def test_a_null_list_is_not_an_empty_list(self):
        for text in ("warnings:\n  unpriced_models:\n", "warnings:\n  unpriced_models: null\n"):
            problem = checks.compare({"warnings": {"unpriced_models": []}}, snapshot(text))
            self.assertEqual(problem, "warnings.unpriced_models: expected a list, got null", text)

    def test_a_null_mapping_is_not_an_empty_mapping(self):
        problem = checks.compare({"metrics": {"by_region": {}}}, snapshot("metrics:\n  by_region:\n"))
        self.assertEqual(problem, "metrics.by_region: expected a mapping, got null")

    def test_a_null_item_field_fails(self):
        problem = checks.compare({"rows": [{"region": "us-east-1", "tags": []}]},
                                 {"rows": [{"region": "us-east-1", "tags": None}]})
        self.assertIn("expected a list, got null", problem)

    def test_an_expected_null_matches_a_null(self):
        self.assertIsNone(checks.compare({"x": None}, {"x": None}))


class PresentValues(unittest.TestCase):
    def test_empty_lists_and_mappings_match(self):
        actual = snapshot("warnings:\n  unpriced_models: []\nmetrics:\n  by_region: {}\n")
        self.assertIsNone(checks.compare({"warnings": {"unpriced_models": []},
                                          "metrics": {"by_region": {}}}, actual))

    def test_extra_keys_are_fine_but_different_values_are_not(self):
        actual = snapshot("warnings:\n  unpriced_models: [a, b]\n  other: 1\n")
        self.assertIsNone(checks.compare({"warnings": {"unpriced_models": ["a", "b"]}}, actual))
        self.assertEqual(checks.compare({"warnings": {"unpriced_models": []}}, actual),
                         'warnings.unpriced_models: expected 0 items, got 2: ["a", "b"]')


if __name__ == "__main__":
    unittest.main()
