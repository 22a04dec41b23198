"""``when:`` conditions: operators, computed ``$`` fields, nested paths, Label Studio data."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from guidelint.guideline.conditions import Condition, When
from guidelint.model import Record, Text
from guidelint.text import TextAnalysis

MISSING = object()

# (condition as written in YAML, value of the field (MISSING: no such field), holds?)
CONDITION_CASES: list[tuple[Any, Any, bool]] = [
    # A bare value means equals; strings compare case-insensitively.
    ("simple", "simple", True),
    ("simple", "Simple", True),
    ("SIMPLE", "simple", True),
    ("simple", "complex", False),
    ("simple", MISSING, False),
    ("simple", None, False),
    (3, 3, True),
    (3, 4, False),
    (True, True, True),
    (True, False, False),
    ({"equals": "en"}, "EN", True),
    ({"equals": "en"}, "de", False),
    # A list means `in`.
    (["en", "en-US"], "en-us", True),
    (["en", "en-US"], "de", False),
    (["en", "en-US"], MISSING, False),
    ({"in": [1, 2]}, 2, True),
    ({"in": [1, 2]}, 3, False),
    # not / not_in
    ({"not": "synthetic"}, "human", True),
    ({"not": "synthetic"}, "Synthetic", False),
    ({"not": "synthetic"}, MISSING, True),
    ({"not_in": ["synthetic", "translated"]}, "human", True),
    ({"not_in": ["synthetic", "translated"]}, "TRANSLATED", False),
    ({"not_in": ["synthetic"]}, MISSING, True),
    # A number or true/false matches the same written as text (a CSV cell), and back.
    (3, "3", True),
    (3, " 3.0 ", True),
    (3, "4", False),
    (3, "three", False),
    (True, "true", True),
    (True, "TRUE", True),
    (True, "false", False),
    (False, "false", True),
    ("3", 3, True),
    ({"in": [1, 2]}, "2", True),
    ({"not": 3}, "3", False),
    # min / max (inclusive); numbers written as strings count; non-numbers never hold.
    ({"min": 3}, 3, True),
    ({"min": 3}, 2, False),
    ({"max": 3}, 3, True),
    ({"max": 3}, 4, False),
    ({"min": 1, "max": 5}, 2.5, True),
    ({"min": 1, "max": 5}, 6, False),
    ({"min": 1}, "4", True),
    ({"min": 1}, "many", False),
    ({"min": 1}, MISSING, False),
    ({"min": 0}, True, False),  # a boolean is not a number
    # matches: a regular expression searched in the value (as text)
    ({"matches": "^sup-0"}, "sup-014", True),
    ({"matches": "^sup-0"}, "ticket-1", False),
    ({"matches": r"\d+"}, 42, True),
    ({"matches": "."}, MISSING, False),
    ({"matches": "."}, None, False),
    # exists
    ({"exists": True}, "x", True),
    ({"exists": True}, MISSING, False),
    ({"exists": True}, None, False),
    ({"exists": False}, MISSING, True),
    ({"exists": False}, "x", False),
    # several operators: all must hold
    ({"exists": True, "not": "b"}, "a", True),
    ({"exists": True, "not": "b"}, "b", False),
    ({"min": 2, "not_in": [3]}, 3, False),
]


@pytest.mark.parametrize(("raw", "value", "expected"), CONDITION_CASES)
def test_condition_operators(raw: Any, value: Any, expected: bool) -> None:
    condition = Condition.parse(raw)
    data = {} if value is MISSING else {"field": value}
    assert _when({"field": raw}).holds(_record(data), None, None) is expected
    if value is not MISSING:
        assert condition.holds(value) is expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"equal": "x"}, "equal"),
        ({"matches": "("}, "not a valid regular expression"),
        ({"min": "many"}, "min"),
        ({"exists": "perhaps"}, "exists"),
        ({"in": "x"}, "in"),
    ],
)
def test_invalid_condition_is_a_validation_error(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        Condition.parse(raw)
    assert message in str(info.value)


def _record(
    data: dict[str, Any],
    *,
    instruction: str | None = None,
    response: str = "an answer",
    schema: str = "plain",
    annotator: str | None = None,
) -> Record:
    texts = []
    if instruction is not None:
        texts.append(Text(role="instruction", text=instruction, field="instruction"))
    texts.append(Text(role="response", text=response, field="response", prompt=instruction))
    return Record(
        path="t.jsonl",
        line=1,
        index=0,
        data=data,
        texts=texts,
        schema=schema,
        annotator=annotator,
    )


def _when(raw: dict[str, Any]) -> When:
    return When({name: Condition.parse(cond) for name, cond in raw.items()})


def _holds(raw: dict[str, Any], record: Record, text: Text | None = None) -> bool:
    text = text if text is not None else record.texts[-1]
    return _when(raw).holds(record, text, TextAnalysis(text.text))


@pytest.mark.parametrize(
    ("when", "instruction", "response", "expected"),
    [
        ({"$instruction_words": {"max": 5}}, "How do I reset it?", "x", True),
        ({"$instruction_words": {"max": 3}}, "How do I reset it?", "x", False),
        ({"$instruction_words": {"min": 5}}, "How do I reset it?", "x", True),
        ({"$instruction_words": {"exists": False}}, None, "x", True),
        ({"$instruction_words": {"max": 100}}, None, "x", False),
        ({"$response_words": {"min": 3}}, "q", "one two three", True),
        ({"$response_words": {"min": 4}}, "q", "one two three", False),
        ({"$response_words": {"max": 0}}, "q", "", True),
        ({"$role": "response"}, "q", "x", True),
        ({"$role": ["chosen", "rejected"]}, "q", "x", False),
    ],
)
def test_computed_fields(
    when: dict[str, Any], instruction: str | None, response: str, expected: bool
) -> None:
    record = _record({}, instruction=instruction, response=response)
    assert _holds(when, record) is expected


def test_role_of_the_instruction_text_and_its_word_count() -> None:
    record = _record({}, instruction="one two three", response="four")
    instruction = record.texts[0]
    assert _holds({"$role": "instruction"}, record, instruction)
    # for the instruction itself, $instruction_words counts the instruction
    assert _holds({"$instruction_words": 3}, record, instruction)
    assert _holds({"$response_words": 3}, record, instruction)


def test_instruction_words_use_the_prompt_the_response_answers() -> None:
    # In a chat, the prompt of a response is the user turn just before it.
    record = Record(
        path="t.jsonl",
        line=1,
        index=0,
        data={},
        texts=[
            Text(role="instruction", text="first question here", field="messages[0].content"),
            Text(role="response", text="a", field="messages[1].content", prompt="hi"),
        ],
    )
    assert _holds({"$instruction_words": 1}, record)
    assert not _holds({"$instruction_words": 3}, record)


def test_record_level_rules_have_no_text() -> None:
    record = _record({"category": "simple"}, instruction="q")
    when = _when({"$role": {"exists": False}, "$response_words": {"exists": False}})
    assert when.holds(record, None, None)
    assert _when({"category": "simple"}).holds(record, None, None)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ({"$schema": "alpaca"}, True),
        ({"$schema": "plain"}, False),
        ({"$annotator": "ann-1"}, True),
        ({"$annotator": {"in": ["ann-2", "ann-3"]}}, False),
    ],
)
def test_schema_and_annotator(when: dict[str, Any], expected: bool) -> None:
    record = _record({}, schema="alpaca", annotator="ann-1")
    assert _holds(when, record) is expected


@pytest.mark.parametrize(
    ("path", "condition", "expected"),
    [
        ("meta.source", "human", True),
        ("meta.source", {"not_in": ["synthetic"]}, True),
        ("meta.source", "synthetic", False),
        ("meta.tags[1]", "billing", True),
        ("meta.tags[0]", "billing", False),
        ("meta.tags[5]", {"exists": False}, True),
        ("meta.missing.deeper", {"exists": False}, True),
        ("meta.missing.deeper", {"exists": True}, False),
        ("flat.key", "dotted", True),  # a flat key that contains a dot wins
        ("all_conditions", {"exists": False}, True),
    ],
)
def test_nested_paths(path: str, condition: Any, expected: bool) -> None:
    record = _record(
        {"meta": {"source": "Human", "tags": ["login", "billing"]}, "flat.key": "dotted"}
    )
    assert _holds({path: condition}, record) is expected


def test_all_conditions_must_hold() -> None:
    record = _record({"category": "simple", "language": "en"})
    assert _holds({"category": "simple", "language": "en"}, record)
    assert not _holds({"category": "simple", "language": "de"}, record)
    assert _holds({}, record)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"data": {"category": "simple"}}, True),  # Label Studio task data
        ({"data": {"category": "complex"}}, False),
        ({"category": "simple", "data": {"category": "complex"}}, True),  # top level wins
        ({"data": "not a mapping"}, False),
        ({"data": {"meta": {"category": "simple"}}}, False),
    ],
)
def test_label_studio_task_data_fallback(data: dict[str, Any], expected: bool) -> None:
    assert _holds({"category": "simple"}, _record(data)) is expected


def test_label_studio_nested_path_in_task_data() -> None:
    record = _record({"data": {"meta": {"category": "simple"}}})
    assert _holds({"meta.category": "simple"}, record)


@pytest.mark.parametrize(
    "data",
    [
        {"category": None},
        {"category": "simple", "other": 1},
        {"data": {"category": "simple"}},
        {"data": None},
        {},
    ],
)
@pytest.mark.parametrize("condition", ["simple", {"exists": True}, {"exists": False}])
def test_top_level_keys_read_directly_as_through_paths(
    data: dict[str, Any], condition: Any
) -> None:
    # A plain key is read with dict.get; the general path lookup must agree with it.
    record = _record(data)
    text = record.texts[-1]
    when = _when({"category": condition})
    value = When._value("category", record, text, None)
    assert when.holds(record, text, None) is Condition.parse(condition).holds(value)


@pytest.mark.parametrize(
    "raw",
    [{"category": {"in": ["billing"]}}, {"category": {"exists": True}}, {"$role": "response"}],
)
def test_conditions_hold_the_same_after_pickling(raw: dict[str, Any]) -> None:
    """A guideline travels pickled to Ray actors and spawned workers: an unset ``equals``
    (a marker object) must still be unset there."""
    import pickle

    when = _when(raw)
    again = pickle.loads(pickle.dumps(when))
    text = Text(role="response", text="Hello there.", field="response")
    for category in ("billing", "other", None):
        record = _record({"category": category} if category else {})
        assert again.holds(record, text, None) == when.holds(record, text, None), category


def test_conditions_in_words() -> None:
    """`rules explain`, `rules list`, the guide and SARIF say when a rule applies (they
    said `when: category`, and a rule for simple requests read as one for all)."""
    when = _when(
        {
            "category": "simple",
            "dataset": {"not": "koala"},
            "language": ["en", "en-US"],
            "$instruction_words": {"max": 25},
            "meta.flag": {"exists": True, "not": False},
        }
    )
    assert when.describe() == (
        "category is simple and dataset is not koala and language is one of en, en-US and "
        "$instruction_words is at most 25 and meta.flag is set and is not false"
    )
