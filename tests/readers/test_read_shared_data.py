"""The real files in ../shared/data: counts and known locations (skipped when absent)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reader_helpers import read


def test_labelstudio_two_annotators(shared_data: Path) -> None:
    result = read(shared_data / "labelstudio" / "export_two_annotators.json")
    assert not result.errors
    records = result.records
    assert Counter(r.annotator for r in records) == {"1": 3, "2": 3}
    assert Counter(r.item_id for r in records) == {"1": 2, "2": 2, "3": 2}
    # The export is pretty-printed: each record is located where its annotation starts.
    assert [r.line for r in records] == [5, 47, 113, 155, 221, 263]
    assert [r.labels["quality"] for r in records] == [5, 3, 4, 4, 3, 5]
    first = records[0]
    assert [(t.role, t.field, t.text) for t in first.texts] == [
        ("instruction", "data.instruction", "Write a haiku about SQLite."),
        ("response", "annotations[0].result[0].value.text[0]", "admin answer 1"),
    ]
    assert first.meta["field_lines"] == {
        "data.instruction": 93,
        "annotations[0].result[0].value.text[0]": 15,
    }
    assert result.stats.notes == {}


def test_labelstudio_support_batch(shared_data: Path) -> None:
    result = read(shared_data / "labelstudio" / "support_batch_export.json")
    assert not result.errors
    records = result.records
    assert len(records) == 50
    assert Counter(r.annotator for r in records) == {"1": 12, "2": 13, "3": 12, "4": 13}
    assert result.stats.notes == {
        "cancelled annotations skipped": 1,
        "tasks without annotations": 1,
    }
    # About 20% of the tasks were annotated by several annotators.
    per_item = Counter(r.item_id for r in records)
    assert Counter(per_item.values()) == {1: 31, 2: 5, 3: 3}
    assert [(r.annotator, r.labels["quality"]) for r in records if r.item_id == "1"] == [
        ("2", 4),
        ("3", 3),
        ("4", 5),
    ]
    # The export is minified: every annotation starts on line 1.
    assert {r.line for r in records} == {1}
    assert all(len(r.responses()) == 1 for r in records)
    assert records[0].responses()[0].text.startswith("Hi there,\n\nOur live chat")


def test_sharegpt_dummy_conversations(shared_data: Path) -> None:
    result = read(shared_data / "sharegpt" / "dummy_conversation.json")
    records = result.records
    assert not result.errors and len(records) == 500
    assert {r.schema for r in records} == {"sharegpt"}
    responses = result.responses()
    assert len(responses) == 1000
    assert sum(len(r.texts_with_role("instruction")) for r in records) == 1000
    assert sum("language model" in t.text for t in responses) == 283
    second = records[1]
    assert (second.line, second.item_id) == (23, "identity_1")
    assert second.meta["field_lines"] == {
        "conversations[0].value": 28,
        "conversations[1].value": 32,
    }
    assert (records[-1].line, records[-1].item_id) == (10489, "identity_499")


def test_alpaca_eval_outputs(shared_data: Path) -> None:
    result = read(shared_data / "alpaca_eval" / "outputs.jsonl.gz")
    assert not result.errors
    assert len(result.records) == 35_419
    assert result.stats.schemas == {"alpaca": 35_419}
    first = result.records[0]
    assert (first.line, first.item_id) == (1, "GPO-Llama-3-8B-Instruct-GPM-2B/0")
    assert first.texts[1].field == "output"


def test_alpaca_eval_judges_match_no_schema(shared_data: Path) -> None:
    result = read(shared_data / "alpaca_eval" / "judges.jsonl.gz")
    [error] = result.items
    assert error.line == 1  # type: ignore[union-attr]
    assert "--schema plain --instruction-field instruction" in (error.hint or "")  # type: ignore[union-attr]
