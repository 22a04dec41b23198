"""Argilla 2.x exports, flattened and nested: one record per user."""

from __future__ import annotations

import json
from pathlib import Path

from reader_helpers import FIXTURES, read, write

from guidelint.fields import FieldMapping


def test_flattened_export_one_record_per_user() -> None:
    result = read(FIXTURES / "argilla_flat.jsonl")
    assert [(r.line, r.item_id, r.annotator, r.schema) for r in result.records] == [
        (1, "r1", "u1", "argilla"),
        (1, "r1", "u2", "argilla"),
    ]
    u1, u2 = result.records
    assert [(t.role, t.field, t.text) for t in u1.texts] == [
        ("instruction", "prompt", "Summarize: the meeting moved to Friday."),
        ("response", "summary.responses[0]", "The meeting is now on Friday."),
        ("draft", "summary.suggestion", "The meeting moved to Friday."),
    ]
    assert u1.labels == {"quality": 5, "sentiment": "neutral"}
    assert u2.labels == {}  # u2's rating is a draft
    assert [r.meta["key"] for r in result.records] == ["r1/u1", "r1/u2"]


def test_statuses_discarded_and_draft_are_skipped_and_counted() -> None:
    stats = read(FIXTURES / "argilla_flat.jsonl").stats
    assert stats.notes == {
        "Argilla responses with status 'discarded' skipped": 1,
        "Argilla responses with status 'draft' skipped": 1,
        "Argilla records without responses": 1,
    }


def test_statuses_to_read_are_configurable() -> None:
    fields = FieldMapping.model_validate(
        {"argilla": {"statuses": ["submitted", "draft", "discarded"]}}
    )
    result = read(FIXTURES / "argilla_flat.jsonl", fields=fields)
    assert [r.annotator for r in result.records] == ["u1", "u2", "u3"]
    assert result.records[1].labels == {"quality": 3}


def test_nested_export() -> None:
    result = read(FIXTURES / "argilla_nested.json")
    u9, u8 = result.records
    assert (u9.line, u9.item_id, u9.annotator) == (2, "n1", "u9")
    assert [(t.role, t.field) for t in u9.texts] == [
        ("instruction", "fields.instruction"),
        ("response", "responses.correction[0].value"),
    ]
    assert u9.labels == {"rating": 4}
    assert u9.meta["field_lines"]["responses.correction[0].value"] == 13
    assert (u8.annotator, u8.labels, len(u8.texts)) == ("u8", {"rating": 2}, 1)


def test_field_roles_and_question_mapping(tmp_path: Path) -> None:
    record = {
        "id": "a",
        "instruction": "Explain DNS.",
        "response": "DNS maps names.",
        "verdict.responses": ["good"],
        "verdict.responses.users": ["u1"],
        "note.responses": ["fine by me"],
        "note.responses.users": ["u1"],
    }
    fields = FieldMapping.model_validate(
        {"argilla": {"roles": {"response": "response"}, "labels": {"note": "comment"}}}
    )
    result = read(write(tmp_path, "a.jsonl", json.dumps(record) + "\n"), fields=fields)
    [only] = result.records
    assert [(t.role, t.field) for t in only.texts] == [
        ("instruction", "instruction"),
        ("response", "response"),
    ]
    assert only.labels == {"verdict": "good", "comment": "fine by me"}


def test_non_text_answer_to_a_text_question_is_an_error(tmp_path: Path) -> None:
    record = {"prompt": "Q", "a.responses": [5], "a.responses.users": ["u1"]}
    fields = FieldMapping.model_validate({"argilla": {"response": ["a"]}})
    result = read(write(tmp_path, "a.jsonl", json.dumps(record) + "\n"), fields=fields)
    [error] = result.errors
    assert error.field == "a.responses[0]" and "expected text" in error.message
