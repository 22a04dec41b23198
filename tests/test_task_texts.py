"""A Label Studio task's own texts (its instruction, the candidates its annotators
rank, the two sides they compare) are the same in each annotation of it: what text
rules find in them is reported once, with the task's first annotation, at the text's
own line, and names no annotator. It was reported once per annotation and charged to
each annotator (a task ranked by three annotators tripled the counts, and every one of
them had 'records with errors')."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from guidelint.engine import Linter
from guidelint.run.parallel import ParallelChecker

GUIDELINE = """\
name: t
version: 1
rules:
  - id: no-ai
    check: phrase
    severity: error
    phrases: ["as an AI"]
  - id: ranking-order
    check: ranking
"""
RIGHT = "Click Forgot password on the sign-in page and follow the link we send you."


def _ranked(ident: int, annotator: int, order: list[str]) -> dict[str, Any]:
    value = {"ranker": {"rank": order}}
    result = {"type": "ranker", "from_name": "rank", "to_name": "answers", "value": value}
    return {"id": ident, "completed_by": annotator, "result": [result]}


def _export(tmp_path: Path) -> Path:
    task = {
        "id": 1,
        "data": {
            "prompt": "How do I reset my password?",
            "answers": [
                {"id": "a", "body": "As an AI, I cannot reset passwords."},
                {"id": "b", "body": RIGHT},
            ],
        },
        "annotations": [
            _ranked(11, 7, ["b", "a"]),
            _ranked(12, 8, ["a", "b"]),  # (ranks the candidate that breaks the rule first)
            _ranked(13, 9, ["b", "a"]),
        ],
    }
    path = tmp_path / "ranking.json"
    path.write_text(json.dumps([task], indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_tasks_text_is_reported_once_and_charged_to_no_annotator(
    tmp_path: Path, jobs: int
) -> None:
    path = _export(tmp_path)
    (tmp_path / "g.yaml").write_text(GUIDELINE, encoding="utf-8")
    linter = Linter(tmp_path / "g.yaml")
    if jobs == 1:
        found = list(linter.check_file(path))
    else:
        with ParallelChecker(linter, jobs) as checker:
            found = [v for _, batch in checker.check_file(str(path)) for v in batch]
    lines = path.read_text(encoding="utf-8").splitlines()
    candidate_line = 1 + next(n for n, line in enumerate(lines) if "As an AI" in line)
    [disclaimer] = [v for v in found if v.rule == "no-ai"]
    assert (disclaimer.line, disclaimer.field) == (candidate_line, "data.answers[0].body")
    assert (disclaimer.annotator, disclaimer.record_key) == (None, "1/11")
    # the record rule still weighs it in every annotation: 8 put it first
    [inverted] = [v for v in found if v.rule == "ranking-order"]
    assert inverted.annotator == "8" and "may be inverted" in inverted.message
    summary = linter.summary
    assert summary.by_rule == {"no-ai": 1, "ranking-order": 1}
    assert dict(summary.annotator_records) == {"7": 1, "8": 1, "9": 1}
    assert dict(summary.annotator_failing) == {"8": 1}
