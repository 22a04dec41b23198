"""What a record was read without (a Label Studio annotation submitted without a
response, a result of an unknown type) is that record's own ``invalid-record``
violation: it names the task and the annotator, and counts in the annotator's share of
records with an error, as any violation in the record does. It was reported apart from
its record, naming no one: the annotator's error rate left it out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from guidelint.engine import Linter, Selection
from guidelint.run.parallel import ParallelChecker

ANSWER = (
    "Open Settings, then Billing, then Change plan, pick the new plan and confirm it; "
    "the price difference is prorated on your next invoice."
)


def _annotation(ident: int, annotator: int, *results: dict[str, Any]) -> dict[str, Any]:
    return {"id": ident, "completed_by": annotator, "result": list(results)}


def _rating(value: Any) -> dict[str, Any]:
    return {"from_name": "quality", "to_name": "q", "type": "rating", "value": {"rating": value}}


def _response(text: str) -> dict[str, Any]:
    return {"from_name": "response", "to_name": "q", "type": "textarea", "value": {"text": [text]}}


def _export(tmp_path: Path) -> Path:
    tasks = [
        {
            "id": 1,
            "data": {"instruction": "How do I change my plan?"},
            "annotations": [
                _annotation(101, 11, _rating(4)),  # (no response, where 12 wrote one)
                _annotation(102, 12, _response(ANSWER), _rating(3)),
            ],
        },
        {
            "id": 2,
            "data": {"instruction": "How do I change my plan again?"},
            "annotations": [
                _annotation(103, 11, _response(ANSWER), _rating(5)),
                _annotation(104, 12, _response(ANSWER), {"type": "video", "value": {}}),
            ],
        },
    ]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_read_problem_is_its_records_violation_and_its_annotators(
    tmp_path: Path, jobs: int
) -> None:
    path = _export(tmp_path)
    linter = Linter("customer-support", selection=Selection(frozenset({"invalid-record"})))
    if jobs == 1:
        found = list(linter.check_file(path))
    else:
        with ParallelChecker(linter, jobs) as checker:
            found = [v for _, batch in checker.check_file(str(path)) for v in batch]
    places = [(v.item_id, v.annotator, v.record_key, v.field) for v in found]
    assert places == [
        ("1", "11", "1/101", "annotations[0].result"),
        ("2", "12", "2/104", "annotations[1].result[1]"),
    ]
    assert "annotation 101 has no response" in found[0].message
    summary = linter.summary
    assert (summary.records, summary.invalid_records) == (4, 0)
    assert dict(summary.annotator_records) == {"11": 2, "12": 2}
    assert dict(summary.annotator_failing) == {"11": 1, "12": 1}
