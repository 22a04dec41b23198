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


def _argilla_28_nested(tmp_path: Path) -> Path:
    """What Argilla 2.8's ``dataset.records.to_json`` writes (``Record.to_dict``): each
    response as ``{value, user_id}`` with no status; the record's own ``status``."""
    record = {
        "id": "n1",
        "fields": {"instruction": "Explain DNS briefly.", "response": "DNS maps names."},
        "metadata": {},
        "suggestions": {"rating": {"value": 3, "score": None, "agent": None}},
        "responses": {
            "correction": [{"value": "DNS turns names into IP addresses.", "user_id": "u9"}],
            "rating": [{"value": 4, "user_id": "u9"}, {"value": 2, "user_id": "u8"}],
        },
        "vectors": {},
        "status": "completed",
        "_server_id": "9b1c",
    }
    return write(tmp_path, "argilla.json", json.dumps([record], indent=2))


def test_nested_28_export_without_statuses_is_read_as_submitted_and_noted(
    tmp_path: Path,
) -> None:
    result = read(_argilla_28_nested(tmp_path))
    assert [(r.annotator, r.labels) for r in result.records] == [
        ("u9", {"rating": 4}),
        ("u8", {"rating": 2}),
    ]
    [(note, count)] = result.stats.notes.items()
    assert count == 3  # one note, counting every response without a status
    assert note.startswith("Argilla responses without a status, read as submitted")
    assert "records.to_json" in note and "flatten=True" in note
    assert result.stats.summary()[0].startswith("3 Argilla responses without a status")


def test_responses_without_status_follow_the_submitted_setting(tmp_path: Path) -> None:
    fields = FieldMapping.model_validate({"argilla": {"statuses": ["draft"]}})
    result = read(_argilla_28_nested(tmp_path), fields=fields)
    assert not result.records
    assert result.stats.notes["Argilla responses with status 'submitted' skipped"] == 3


def test_flat_export_with_a_null_status_is_noted(tmp_path: Path) -> None:
    record = {
        "id": "f1",
        "prompt": "Say hi.",
        "status": "pending",
        "answer.responses": ["Hello there, friend."],
        "answer.responses.users": ["u1"],
        "answer.responses.status": [None],
    }
    result = read(write(tmp_path, "flat.jsonl", json.dumps(record) + "\n"))
    assert [r.annotator for r in result.records] == ["u1"]
    assert result.stats.summary()[0].startswith("1 Argilla response without a status")
