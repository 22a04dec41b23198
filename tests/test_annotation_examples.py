"""End to end: the example dataset of each kind of annotation, checked from the CLI.

Each example in ``examples/`` carries the typical failure of its kind of annotation;
``python -m guidelint check <file> --guideline annotation-types --format json`` must
flag it with a clear message at the right place, and the report must carry the
per-annotator and per-reviewer figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from typing import Any

import pytest

from conftest import ROOT


@cache
def check(example: str) -> dict[str, Any]:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "guidelint",
            "check",
            f"examples/{example}",
            "--guideline",
            "annotation-types",
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr  # every example has errors
    report: dict[str, Any] = json.loads(completed.stdout)
    return report


def found(report: dict[str, Any], rule: str) -> list[tuple[int, str, str, str]]:
    """(line, field, severity, message) of each violation of ``rule``."""
    return [
        (v["line"], v["field"], v["severity"], v["message"])
        for v in report["violations"]
        if v["rule"] == rule
    ]


def section(report: dict[str, Any], title: str) -> dict[str, dict[str, Any]]:
    """The rows of the report section whose title starts with ``title``, by first column."""
    sections = [s for s in report["summary"]["sections"] if s["title"].startswith(title)]
    assert len(sections) == 1, [s["title"] for s in report["summary"]["sections"]]
    first = sections[0]["columns"][0]
    return {row[first]: row for row in sections[0]["rows"]}


def test_direct_annotation() -> None:
    report = check("direct.jsonl")
    assert found(report, "instruction-missing") == [
        (
            3,
            "response",
            "error",
            "record has no instruction: a response needs the instruction it answers",
        ),
        (
            4,
            "instruction",
            "error",
            "instruction is a placeholder ('[TODO]'): write the instruction the response answers",
        ),
    ]
    # the same instruction (case and spaces aside) at lines 1 and 5: 2 of 6 records, over 5%
    assert found(report, "duplicate-instruction") == [
        (1, "instruction", "info", "instruction repeated at examples/direct.jsonl:5"),
        (5, "instruction", "info", "duplicate of the instruction at examples/direct.jsonl:1"),
        (
            0,
            "",
            "warning",
            "2 of 6 records (33.3%) break 'duplicate-instruction'; at most 5.0% allowed",
        ),
    ]
    near = found(report, "duplicate-response")
    assert [(line, severity) for line, _, severity, _ in near] == [(1, "warning"), (6, "warning")]
    assert near[1][3].startswith("near-duplicate (similarity ")
    assert near[1][3].endswith("of the response at examples/direct.jsonl:1")


def test_edit_based_annotation() -> None:
    report = check("edit-based.jsonl")
    assert found(report, "minimal-edit") == [
        (
            2,
            "response",
            "warning",
            "model draft accepted with minor edits (1 word changed, similarity 98%)",
        ),
        (
            3,
            "response",
            "error",
            "poor model draft accepted unchanged: the response still breaks 'refusal-boilerplate' "
            "(no word changed, similarity 100%)",
        ),
        (
            4,
            "response",
            "error",
            "poor model draft accepted with minor edits: the response still breaks "
            "'ai-identity-disclaimer' and 'refusal-boilerplate' (1 word changed, similarity 99%)",
        ),
        (
            6,
            "response",
            "warning",
            "model draft accepted unchanged (no word changed, similarity 100%)",
        ),
    ]
    rows = section(report, "Edit sizes per annotator")
    assert list(rows) == ["ana", "ben", "chen", "(all)"]
    ben = rows["ben"]
    assert (ben["drafts"], ben["unchanged"], ben["minor"], ben["substantial"]) == (3, 1, 1, 1)
    assert (ben["accepted_breaking"], ben["accepted_breaking_share"]) == (2, 1.0)
    assert rows["ana"]["accepted_breaking_share"] == 0.0
    assert rows["(all)"]["drafts"] == 7


def test_ai_assisted_annotation() -> None:
    report = check("ai-assisted.jsonl")
    assert found(report, "unreviewed-ai-response") == [
        (
            2,
            "response",
            "error",
            "response is the model draft unchanged and has no review mark (no 'reviewer' or "
            "'approved'): have it reviewed, or record the review",
        ),
        (
            4,
            "response",
            "error",
            "response was turned down by reviewer 'sam' ('approved' is false), yet it is in the "
            "dataset: fix it or drop the record",
        ),
        (
            5,
            "response",
            "error",
            "response is the model draft unchanged and has no review mark (no 'reviewer' or "
            "'approved'): have it reviewed, or record the review",
        ),
    ]
    rows = section(report, "Review rate per reviewer")
    assert {
        name: (row["records"], row["approved"], row["not_approved"]) for name, row in rows.items()
    } == {
        "(anonymous)": (1, 1, 0),
        "rita": (1, 1, 0),
        "sam": (2, 1, 1),
        "(no review)": (2, 0, 0),
    }
    sections = report["summary"]["sections"]
    notes = next(s["notes"] for s in sections if s["title"].startswith("Review"))
    assert notes[0] == "4 of 6 records with a model draft were reviewed (66.7%)."
    # approved drafts kept unchanged are fine for edit checks too; the poor one is not
    assert [(line, severity) for line, _, severity, _ in found(report, "minimal-edit")] == [
        (2, "warning"),
        (4, "error"),
        (5, "warning"),
    ]


def test_preference_annotation() -> None:
    report = check("dpo.jsonl")
    violations = {(v["line"], v["rule"]): v for v in report["violations"]}
    inversion = violations[(2, "preference-pair")]
    assert inversion["message"] == (
        "preference may be inverted: the chosen response breaks 'refusal-boilerplate', which "
        "the rejected one does not"
    )
    assert (inversion["field"], inversion["role"], inversion["column"], inversion["span"]) == (
        "chosen",
        "chosen",
        1,
        [0, 8],
    )
    assert found(report, "preference-pair") == [
        (2, "chosen", "error", inversion["message"]),
        (
            3,
            "chosen",
            "error",
            "chosen and rejected responses are identical: the pair teaches no preference",
        ),
        (4, "rejected", "error", "the rejected response of the preference pair is empty"),
    ]
    assert [line for line, *_ in found(report, "duplicate-instruction")] == [1, 5, 0]
    lengths = section(report, "Length distribution")
    assert list(lengths) == ["chosen", "rejected"]
    assert lengths["rejected"]["min"] == 0


def test_ranking_annotation() -> None:
    report = check("ranking-labelstudio.json")
    problems = found(report, "ranking-order")
    assert [(line, field) for line, field, _, _ in problems] == [
        (86, "data.answers[0].body"),
        (147, "data.answers[2].body"),
    ]
    assert problems[0][3] == (
        "the top-ranked candidate breaks 'ai-identity-disclaimer' and 'refusal-boilerplate', "
        "which the candidate ranked 2 passes: the ranking may be inverted"
    )
    assert problems[1][3] == "1 of 3 candidates has no rank: rank every candidate"
    annotators = {v["annotator"] for v in report["violations"] if v["rule"] == "ranking-order"}
    assert annotators == {"7", "9"}
    assert section(report, "Length distribution")["candidate"]["texts"] == 9


@pytest.mark.parametrize(
    "example",
    [
        "direct.jsonl",
        "edit-based.jsonl",
        "ai-assisted.jsonl",
        "dpo.jsonl",
        "ranking-labelstudio.json",
    ],
)
def test_examples_read_cleanly(example: str) -> None:
    report = check(example)
    assert report["summary"]["invalid_records"] == 0
    assert not found(report, "invalid-record")


def test_guideline_examples_pass() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "guidelint", "rules", "test", "rules/annotation-types.yaml", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.strip().endswith(", 0 failed")
