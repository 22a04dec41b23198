"""The README's first command: the example dataset against the example guideline.

Every finding below was read against ``examples/support.jsonl`` by hand:

* sup-001..003 are the good answers: 100-300 words, paragraphs, no boilerplate.
* sup-004 opens with "As an AI language model" (column 1) and has 60 words (below
  the optimal 100, a warning in the example guideline, which tightens that rule).
* sup-005 starts with "I cannot" and has 28 words (under the hard minimum of 30).
* sup-006 names the old plan "Nimbus Basic" at offset 26 (column 27); 54 words.
* sup-007 is three words.
* sup-008 opens with "You would like to know how long files stay …", restating the
  question; 54 words.
* sup-009 is a "simple" question answered with a three-item list: one finding per
  item at columns 48, 93 and 130; 51 words.
* sup-010 apologizes ("Sorry for any confusion!") though the user reported no problem.
* sup-011 shouts "DO NOT SHARE" (column 8) and ends that sentence with "!!!" (column 47).
* sup-012 has the instruction "?" (no words: an error on the instruction field).
* sup-013 is one 174-word paragraph (over 150) at reading grade 13.7 (over 12).
* sup-014 says "As a large language model"; its too-short length is suppressed in the
  record, and the suppression also names "no-such-rule", which is reported.
* sup-015 has jargon at reading grade 27 and an unfilled "[Your Name]" at offset 488.

``examples/tokens.yaml`` writes the placeholder rule as spaCy token patterns: the same
findings, and with it the example shows every kind of check.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "examples" / "support.jsonl"
GUIDELINE = ROOT / "examples" / "guideline.yaml"
TOKENS_GUIDELINE = ROOT / "examples" / "tokens.yaml"

R, INS = "response", "instruction"
# (line, column, field, rule, severity)
EXPECTED = [
    (4, 1, R, "ai-identity-disclaimer", "error"),
    (4, 1, R, "response-length", "warning"),
    (4, 26, R, "refusal-boilerplate", "error"),
    (5, 1, R, "refusal-boilerplate", "error"),
    (5, 1, R, "response-length", "warning"),
    (6, 1, R, "response-length", "warning"),
    (6, 27, R, "outdated-product-info", "error"),
    (7, 1, R, "response-length", "warning"),
    (8, 1, R, "no-repeated-question", "warning"),
    (8, 1, R, "response-length", "warning"),
    (9, 1, R, "response-length", "warning"),
    (9, 93, R, "no-lists-in-simple-responses", "warning"),
    (10, 1, R, "no-inappropriate-apology", "warning"),
    (10, 1, R, "response-length", "warning"),
    (11, 1, R, "response-length", "warning"),
    (11, 8, R, "no-shouting", "warning"),
    (11, 47, R, "no-repeated-exclamation", "warning"),
    (12, 1, "instruction", "instruction-too-short", "error"),
    (12, 1, R, "response-length", "warning"),
    (13, 1, R, "no-wall-of-text", "warning"),
    (13, 1, R, "plain-language", "warning"),
    (14, 1, R, "ai-identity-disclaimer", "error"),
    (14, 1, "guidelint.ignore", "unknown-suppression", "warning"),
    (15, 1, R, "response-length", "warning"),
    (15, 1, R, "plain-language", "warning"),
    (15, 489, R, "no-placeholder-signoff", "error"),
]

# What the matched text is, for findings that point at a phrase rather than a whole text.
MATCHES = {
    (4, "ai-identity-disclaimer"): "As an AI language model",
    (5, "refusal-boilerplate"): "I cannot",
    (6, "outdated-product-info"): "Nimbus Basic",
    (10, "no-inappropriate-apology"): "Sorry for any confusion",
    (11, "no-shouting"): "DO NOT SHARE",
    (11, "no-repeated-exclamation"): "!!!",
    (14, "ai-identity-disclaimer"): "As a large language model",
    (15, "no-placeholder-signoff"): "[Your Name]",
}

CHECK_KINDS = {
    "phrase",
    "substitution",
    "length",
    "repeated_question",
    "structure",
    "apology",
    "readability",
    "pattern",
}


def _report(cwd: Path, guideline: Path) -> dict[str, Any]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "guidelint",
            "check",
            str(DATA),
            "--guideline",
            str(guideline),
            "--format",
            "json",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    assert result.returncode == 1  # the example data breaks error-level rules
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _report(tmp_path_factory.mktemp("elsewhere"), GUIDELINE)


def test_exact_findings(report: dict[str, Any]) -> None:
    found = [
        (v["line"], v["column"], v["field"], v["rule"], v["severity"]) for v in report["violations"]
    ]
    assert found == EXPECTED


def test_matched_text(report: dict[str, Any]) -> None:
    records = DATA.read_text(encoding="utf-8").splitlines()
    for v in report["violations"]:
        expected = MATCHES.get((v["line"], v["rule"]))
        if expected is None:
            continue
        text = json.loads(records[v["line"] - 1])[v["field"]]
        start, end = v["span"]
        assert text[start:end] == expected
        assert v["column"] == start + 1


def test_every_check_kind_is_found(report: dict[str, Any], tmp_path: Path) -> None:
    kinds = {v["check"] for v in report["violations"]}
    assert kinds >= CHECK_KINDS
    # The spaCy variant: the same findings, its placeholder rule a `tokens` one.
    tokens = _report(tmp_path, TOKENS_GUIDELINE)
    assert {v["check"] for v in tokens["violations"]} >= CHECK_KINDS | {"tokens"}

    def found(document: dict[str, Any]) -> list[tuple[Any, ...]]:
        keys = ("line", "column", "field", "rule", "severity", "span", "message")
        return [tuple(str(v[k]) for k in keys) for v in document["violations"]]

    assert found(tokens) == found(report)
    assert tokens["summary"] == report["summary"]
    [placeholder] = [v for v in tokens["violations"] if v["rule"] == "no-placeholder-signoff"]
    assert placeholder["check"] == "tokens"


def test_clean_records_have_no_error_or_warning(report: dict[str, Any]) -> None:
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    clean_lines = {
        i for i, r in enumerate(records, 1) if r["id"] in {"sup-001", "sup-002", "sup-003"}
    }
    assert clean_lines == {1, 2, 3}
    assert [v for v in report["violations"] if v["line"] in clean_lines] == []


def test_summary(report: dict[str, Any]) -> None:
    summary = report["summary"]
    assert report["guideline"] == {"name": "nimbus-support", "version": "2026.11"}
    assert (summary["files"], summary["records"], summary["invalid_records"]) == (1, 15, 0)
    assert summary["by_severity"] == {"error": 7, "warning": 19, "info": 0}
    assert summary["by_rule"] == dict(Counter(rule for *_, rule, _ in EXPECTED))


def test_substitution_offers_a_fix(report: dict[str, Any]) -> None:
    [fix] = [v["fix"] for v in report["violations"] if "fix" in v]
    assert fix == {"start": 26, "end": 38, "replacement": "Nimbus Starter", "safe": True}


def test_the_readme_command_as_text(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "guidelint",
            "check",
            "examples/support.jsonl",
            "--guideline",
            "examples/guideline.yaml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "examples/support.jsonl:4:1: error ai-identity-disclaimer AI-identity disclaimer "
        '"As an AI language model"'
    )
    assert lines[1] == (
        "    response: »As an AI language model«, I don't have access to every promotion…"
    )
    assert "Checked 15 records in 1 file: 26 violations (7 errors, 19 warnings, 0 infos)" in lines
