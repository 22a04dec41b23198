"""Record schemas: texts, field paths, prompts, labels, and how a schema is chosen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from reader_helpers import FIXTURES, read, write

from guidelint.fields import FieldMapping, stable_hash
from guidelint.model import Record
from guidelint.readers import SCHEMAS, detect_schema
from guidelint.readers.detect import DETECT_WINDOW


def jsonl(tmp_path: Path, *records: Any) -> Path:
    return write(tmp_path, "d.jsonl", "".join(json.dumps(r) + "\n" for r in records))


# --- plain --------------------------------------------------------------------------


def test_plain_nested_paths_input_and_draft(tmp_path: Path) -> None:
    record = {
        "meta": {"prompt": "Fix this.", "context": "teh cat"},
        "out": {"text": "the cat"},
        "model_response": "teh cat.",
    }
    fields = FieldMapping(instruction="meta.prompt", response="out.text", input="meta.context")
    result = read(jsonl(tmp_path, record), fields=fields)
    assert result.records[0].schema == "plain"
    assert result.texts(0) == [
        ("instruction", "meta.prompt", "Fix this.\n\nteh cat"),
        ("response", "out.text", "the cat"),
        ("draft", "model_response", "teh cat."),
    ]
    assert result.records[0].item_id == stable_hash("Fix this.\n\nteh cat")


def test_plain_non_string_response_is_located(tmp_path: Path) -> None:
    records = [{"response": "ok"}, {"response": 42}, {"response": ["a"]}, {"response": None}]
    result = read(jsonl(tmp_path, *records))
    assert len(result.records) == 1
    assert [(e.line, e.field, e.message) for e in result.errors] == [
        (2, "response", "'response' holds a number, expected text"),
        (3, "response", "'response' holds a list, expected text"),
        (4, "response", "'response' is null, expected text"),
    ]


def test_null_text_says_null_not_missing(tmp_path: Path) -> None:
    nested = read(
        jsonl(tmp_path, {"meta": {"answer": None}, "instruction": None}),
        fields=FieldMapping(response="meta.answer"),
    )
    [error] = nested.errors
    assert error.message == "'meta.answer' is null, expected text"
    chat = {"messages": [{"role": "user", "content": None}, {"role": "assistant", "content": "Hi"}]}
    [error] = read(jsonl(tmp_path, chat)).errors
    assert error.message == "'messages[0].content' is null, expected text"
    # a null instruction is an empty one (as an empty CSV cell, a Parquet null), which
    # the instruction rules see; a record without the field has none (response only)
    result = read(jsonl(tmp_path, {"instruction": None, "response": "ok"}, {"response": "ok"}))
    with_null, without = result.records
    assert [(t.role, t.text) for t in with_null.texts] == [("instruction", ""), ("response", "ok")]
    assert with_null.texts[1].prompt == ""
    assert [t.role for t in without.texts] == ["response"]


@pytest.mark.parametrize(
    ("extra", "annotator", "review", "draft"),
    [
        ({}, None, {}, None),
        ({"annotator": "ann"}, "ann", {}, None),
        ({"annotator": None, "worker_id": 7}, "7", {}, None),
        ({"completed_by": {"id": 3, "email": "c@x"}}, "3", {}, None),
        ({"completed_by": {"email": "c@x"}}, "c@x", {}, None),
        ({"reviewer": "rev"}, None, {"reviewer": "rev"}, None),
        ({"approved": False}, None, {"approved": False}, None),
        ({"draft": 3, "original": "first try"}, None, {}, ("original", "first try")),
    ],
)
@pytest.mark.parametrize("schema", ["alpaca", "plain"])
def test_annotator_review_and_draft_each_on_their_own(
    tmp_path: Path,
    schema: str,
    extra: dict[str, Any],
    annotator: str | None,
    review: dict[str, Any],
    draft: tuple[str, str] | None,
) -> None:
    """Records with none of these skip looking them up: any one of them is still read."""
    texts = (
        {"instruction": "Q", "output": "A"} if schema == "alpaca" else {"prompt": "Q", "text": "A"}
    )
    fields = FieldMapping(instruction="prompt", response="text")
    result = read(jsonl(tmp_path, {"id": "r1", **texts, **extra}), fields=fields, schema=schema)
    [record] = result.records
    assert record.annotator == annotator
    assert record.meta == {"key": "r1", **review}
    drafts = [(t.field, t.text) for t in record.texts_with_role("draft")]
    assert drafts == ([draft] if draft else [])


def test_nested_annotator_and_draft_paths_are_followed(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"instruction": "Q", "output": "A", "meta": {"who": "m", "draft": "D"}})
    plain_fields = FieldMapping()
    assert read(path, fields=plain_fields).records[0].annotator is None
    nested = FieldMapping(annotator=("meta.who",), draft=("meta.draft",), reviewer="meta.who")
    [record] = read(path, fields=nested).records
    assert record.annotator == "m" and record.meta["reviewer"] == "m"
    assert record.texts_with_role("draft")[0].field == "meta.draft"
    # the same paths as flat keys with dots in them
    flat = jsonl(tmp_path, {"instruction": "Q", "output": "A", "meta.who": "f"})
    assert read(flat, fields=nested).records[0].annotator == "f"
    assert read(flat, fields=plain_fields).records[0].annotator is None


# --- Alpaca ---------------------------------------------------------------------------


def test_alpaca_instruction_joins_non_empty_input() -> None:
    result = read(FIXTURES / "alpaca.json")
    assert [r.schema for r in result.records] == ["alpaca", "alpaca"]
    assert result.texts(0) == [
        ("instruction", "instruction", "Translate to French.\n\nGood morning"),
        ("response", "output", "Bonjour"),
    ]
    assert result.texts(1)[0] == ("instruction", "instruction", "Say hi.")
    assert result.records[0].texts[1].prompt == "Translate to French.\n\nGood morning"


# --- ShareGPT -------------------------------------------------------------------------


def test_sharegpt_turns_texts_and_prompts() -> None:
    result = read(FIXTURES / "sharegpt.json")
    record = result.records[0]
    assert (record.schema, record.line, record.item_id) == ("sharegpt", 2, "c1")
    assert [(t.role, t.field) for t in record.turns] == [
        ("system", "conversations[0].value"),
        ("user", "conversations[1].value"),
        ("assistant", "conversations[2].value"),
        ("user", "conversations[3].value"),
        ("assistant", "conversations[4].value"),
    ]
    responses = record.responses()
    assert [(t.field, t.text, t.prompt) for t in responses] == [
        ("conversations[2].value", "An assistant.", "Who are you?"),
        ("conversations[4].value", "You're welcome.", "Thanks!"),
    ]
    assert [t.role for t in record.texts] == [
        "system",
        "instruction",
        "response",
        "instruction",
        "response",
    ]
    assert record.meta["field_lines"]["conversations[4].value"] == 9


def test_sharegpt_unknown_speaker_is_located(tmp_path: Path) -> None:
    record = {"conversations": [{"from": "human", "value": "Hi"}, {"from": "robot", "value": "x"}]}
    result = read(jsonl(tmp_path, record))
    [error] = result.errors
    assert error.field == "conversations[1].from" and "'robot'" in error.message


# --- OpenAI chat / preference -----------------------------------------------------------


def test_openai_chat_weight_zero_turns_are_not_checked() -> None:
    result = read(FIXTURES / "openai_chat.jsonl")
    first = result.records[0]
    assert first.schema == "openai-chat"
    assert [(t.field, t.text, t.prompt) for t in first.responses()] == [
        ("messages[4].content", "It ships today.", "Thanks."),
    ]
    assert len(first.turns) == 5  # the untrained turn is still a turn of the conversation
    assert ("system", "messages[0].content", "You are a support agent.") in result.texts(0)
    assert result.stats.notes["assistant turns with weight 0 not checked"] == 1


def test_openai_chat_content_parts_and_tool_turns() -> None:
    second = read(FIXTURES / "openai_chat.jsonl").records[1]
    assert [(t.role, t.field) for t in second.texts] == [
        ("instruction", "messages[0].content[0].text"),
        ("response", "messages[3].content"),
    ]
    assert [t.role for t in second.turns] == ["user", "tool", "assistant"]


@pytest.mark.parametrize(
    ("messages", "field", "message"),
    [
        ([], "messages", "'messages' is an empty list: a conversation with no messages"),
        (
            [{"role": "user", "content": "Hi there"}, {"role": "assistant", "content": None}],
            "messages[1].content",
            "'messages[1].content' is null in an assistant turn that calls no tool",
        ),
    ],
)
def test_a_conversation_with_nothing_to_train_on_is_an_error(
    tmp_path: Path, messages: list[Any], field: str, message: str
) -> None:
    good = {
        "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]
    }
    result = read(jsonl(tmp_path, good, {"messages": messages}))
    [error] = result.errors
    assert error.line == 2 and error.field == field and message in error.message


@pytest.mark.parametrize("weight", ["0", 2, True, 0.5])
def test_a_weight_other_than_0_or_1_is_an_error(tmp_path: Path, weight: Any) -> None:
    turn = {"role": "assistant", "content": "Hello", "weight": weight}
    result = read(jsonl(tmp_path, {"messages": [{"role": "user", "content": "Hi"}, turn]}))
    [error] = result.errors
    assert error.field == "messages[1].weight" and "expected 0 or 1" in error.message


@pytest.mark.parametrize(("weight", "trained"), [(0, False), (0.0, False), (1, True), (1.0, True)])
def test_a_weight_of_0_or_1_as_any_json_number_is_read(
    tmp_path: Path, weight: float, trained: bool
) -> None:
    turn = {"role": "assistant", "content": "Hello", "weight": weight}
    result = read(jsonl(tmp_path, {"messages": [{"role": "user", "content": "Hi"}, turn]}))
    assert not result.errors  # (a turn left out of training is a turn, not a response)
    assert [t.text for t in result.records[0].texts if t.role == "response"] == (
        ["Hello"] if trained else []
    )


@pytest.mark.parametrize("instead", ["tool_calls", "function_call", "refusal"])
def test_an_assistant_turn_without_content_that_calls_a_tool_is_read(
    tmp_path: Path, instead: str
) -> None:
    turn = {"role": "assistant", "content": None, instead: [{"id": "call_1"}]}
    messages = [{"role": "user", "content": "Hi"}, turn, {"role": "assistant", "content": "Done"}]
    result = read(jsonl(tmp_path, {"messages": messages}))
    assert not result.errors and [t.text for t in result.records[0].responses()] == ["Done"]


def test_openai_preference_chosen_and_rejected() -> None:
    result = read(FIXTURES / "openai_preference.jsonl")
    record = result.records[0]
    assert record.schema == "openai-preference"
    assert [(t.role, t.field, t.prompt) for t in record.responses()] == [
        ("chosen", "preferred_output[0].content", "Tell me a joke."),
        ("rejected", "non_preferred_output[0].content", "Tell me a joke."),
    ]
    assert [t.field for t in record.turns] == [f"input.messages[{i}].content" for i in range(3)]


# --- TRL ------------------------------------------------------------------------------


def test_trl_forms() -> None:
    result = read(FIXTURES / "trl.jsonl")
    assert not result.errors and {r.schema for r in result.records} == {"trl"}
    standard, implicit, conversational, implicit_chat, unpaired, unpaired_chat = result.records
    assert [(t.role, t.field, t.text) for t in standard.texts] == [
        ("instruction", "prompt", "The sky is"),
        ("chosen", "chosen", " blue."),
        ("rejected", "rejected", " green."),
    ]
    # (the space before the answers goes with the prompt: checked in the answers, it
    # was "whitespace at the start of the response", and --fix deleted it)
    assert [(t.role, t.text) for t in implicit.texts] == [
        ("instruction", "The sky is "),
        ("chosen", "blue."),
        ("rejected", "green."),
    ]
    assert implicit.meta["offsets"] == {"chosen": 11, "rejected": 11}
    assert [(t.role, t.field) for t in conversational.texts] == [
        ("instruction", "prompt[0].content"),
        ("chosen", "chosen[0].content"),
        ("rejected", "rejected[0].content"),
    ]
    assert [(t.role, t.field, t.prompt) for t in implicit_chat.texts] == [
        ("instruction", "chosen[0].content", None),
        ("chosen", "chosen[1].content", "What color is the sky?"),
        ("rejected", "rejected[1].content", "What color is the sky?"),
    ]
    assert unpaired.labels == {"label": True}
    assert [(t.role, t.field) for t in unpaired.responses()] == [("response", "completion")]
    assert unpaired_chat.labels == {"label": False}
    assert unpaired_chat.responses()[0].field == "completion[0].content"


def test_trl_label_from_csv_is_a_bool(tmp_path: Path) -> None:
    path = write(tmp_path, "d.csv", "prompt,completion,label\nHi,Hello,true\nHi,Go away,False\n")
    assert [r.labels["label"] for r in read(path).records] == [True, False]


# --- detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "schema"),
    [
        ({"data": {"text": "x"}, "annotations": []}, "labelstudio"),
        ({"fields": {"prompt": "x"}, "responses": {}}, "argilla"),
        ({"prompt": "x", "answer.responses": ["y"]}, "argilla"),
        (
            {"input": {"messages": []}, "preferred_output": [], "non_preferred_output": []},
            "openai-preference",
        ),
        ({"messages": []}, "openai-chat"),
        ({"conversations": []}, "sharegpt"),
        ({"prompt": "x", "chosen": "y", "rejected": "z"}, "trl"),
        ({"prompt": "x", "completion": "y"}, "trl"),
        ({"instruction": "x", "input": "", "output": "y"}, "alpaca"),
        ({"instruction": "x", "response": "y"}, "plain"),
        ({"question": "x", "answer": "y"}, None),
    ],
)
def test_detection_rules(record: dict[str, Any], schema: str | None) -> None:
    found = detect_schema(record, FieldMapping())
    assert (found.name if found else None) == schema


def test_field_mapping_steers_the_plain_schema() -> None:
    record = {"prompt": "x", "completion": "y"}
    found = detect_schema(record, FieldMapping(instruction="prompt", response="completion"))
    assert found is not None and found.name == "plain"


def test_schema_argument_and_fields_schema_override_detection(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"instruction": "q", "output": "a", "response": "r"})
    assert read(path).records[0].schema == "alpaca"
    assert read(path, schema="plain").records[0].texts[1].text == "r"
    assert (
        read(path, fields=FieldMapping.model_validate({"schema": "plain"})).records[0].schema
        == "plain"
    )
    assert read(path, schema="auto").records[0].schema == "alpaca"


def test_forced_schema_reports_each_record_it_cannot_read(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"prompt": "q", "answer": "a"}, {"prompt": "q2", "answer": "b"})
    result = read(path, schema="plain")
    assert [(e.line, e.field) for e in result.errors] == [(1, "response"), (2, "response")]
    assert "record has no 'response' field (it has 'prompt', 'answer')" in result.errors[0].message


def test_mixed_schemas_report_the_odd_records(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        {"nothing": 1},
        {"instruction": "q", "output": "a"},
        {"messages": [{"role": "user", "content": "hi"}]},
        {"instruction": "q2", "output": "b"},
        {"other": "x"},
    )
    result = read(path)
    assert [r.line for r in result.records] == [2, 4]
    assert [e.line for e in result.errors] == [1, 3, 5]
    assert result.errors[1].message == (
        "record looks like openai-chat, but this file's records are alpaca (from line 2)"
    )
    assert "matches no known schema (it has 'nothing')" in result.errors[0].message
    assert [type(i).__name__ for i in result.items] == [
        "RecordError",
        "Record",
        "RecordError",
        "Record",
        "RecordError",
    ]
    assert result.stats.schemas == {"alpaca": 2}


# Rows of several shapes, as JSON Lines writes them (keys absent) and as a Parquet file
# or a `datasets` table holds them (every column in every row, null where absent).
MIXED_ROWS = [
    {"instruction": "What is the capital of France?", "output": "Paris."},
    {"prompt": "And of Italy?", "chosen": "Rome.", "rejected": "As an AI, Milan."},
    {"instruction": "Of Spain?", "output": "Madrid.", "messages": None},
    {"prompt": "Of Peru?", "completion": "Lima."},
]


def _with_nulls(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = list(dict.fromkeys(key for row in rows for key in row))
    return [{key: row.get(key) for key in keys} for row in rows]


def _parquet(path: Path, rows: list[dict[str, Any]]) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _verdicts(result: Any) -> list[tuple[str, int, str]]:
    return [
        ("record", item.line, item.schema)
        if isinstance(item, Record)
        else ("error", item.line, item.message)
        for item in result.items
    ]


@pytest.mark.parametrize("first", range(len(MIXED_ROWS)))
def test_a_null_key_is_read_as_an_absent_one(tmp_path: Path, first: int) -> None:
    """A plain row of a Parquet file with null `chosen`/`rejected` was read as TRL and
    rejected ("'prompt' is null"), where the same rows as JSON Lines read fine."""
    rows = MIXED_ROWS[first:] + MIXED_ROWS[:first]
    absent = read(jsonl(tmp_path, *rows))
    expected = _verdicts(absent)
    assert any(kind == "record" for kind, _, _ in expected)
    assert _verdicts(read(jsonl(tmp_path, *_with_nulls(rows)))) == expected
    assert _verdicts(read(_parquet(tmp_path / "d.parquet", _with_nulls(rows)))) == expected


def test_a_null_key_is_absent_inside_trl_records(tmp_path: Path) -> None:
    """A null prompt is an implicit one; a null pair beside a completion is no pair."""
    implicit = {"prompt": None, "chosen": "Q: hi? A: Hello.", "rejected": "Q: hi? A: Go."}
    completion = {"prompt": "Hi", "completion": "Hello.", "chosen": None, "rejected": None}
    result = read(jsonl(tmp_path, implicit, completion, {**completion, "label": None}))
    assert not result.errors
    first, second, third = result.records
    assert [t.role for t in first.texts] == ["instruction", "chosen", "rejected"]
    assert first.meta["offsets"] == {"chosen": 10, "rejected": 10}  # ("Q: hi? A: ")
    assert [(t.role, t.field) for t in second.responses()] == [("response", "completion")]
    assert third.labels == {}


@pytest.mark.parametrize("schema", [None, "trl"])
def test_a_record_of_the_files_schema_with_a_null_field_names_it(
    tmp_path: Path, schema: str | None
) -> None:
    """A TRL pair with a null side still says which side is null, wherever it is."""
    pair = {"prompt": "Hi", "chosen": "Hello.", "rejected": "Go away."}
    one_sided = {**pair, "rejected": None}
    result = read(jsonl(tmp_path, one_sided, pair, one_sided), schema=schema)
    assert [r.line for r in result.records] == [2]
    assert sorted((e.line, e.field, e.message) for e in result.errors) == [
        (1, "rejected", "'rejected' is null, expected text"),
        (3, "rejected", "'rejected' is null, expected text"),
    ]
    alone = read(jsonl(tmp_path, {**pair, "chosen": None}), schema=schema)
    assert [e.message for e in alone.errors] == ["'chosen' is null, expected text"]


def test_file_matching_no_schema_gets_one_error(tmp_path: Path) -> None:
    path = jsonl(tmp_path, *({"prompt": f"q{i}", "answer": f"a{i} is long"} for i in range(3)))
    result = read(path)
    [error] = result.items
    assert error.line == 1  # type: ignore[union-attr]
    assert error.message.startswith("no known dataset schema matches the records")  # type: ignore[union-attr]
    hint = error.hint or ""  # type: ignore[union-attr]
    assert all(name in hint for name in SCHEMAS) and "\n" not in hint  # (one line)
    assert (
        f"guidelint check {path} --schema plain --instruction-field prompt --response-field answer"
        in hint
    )
    assert "if it is not (a package.json, a settings file), leave it out: --exclude" in hint


def test_no_schema_gives_up_after_the_detection_window(tmp_path: Path) -> None:
    records = [{"x": i} for i in range(DETECT_WINDOW + 50)] + [{"response": "late"}]
    result = read(jsonl(tmp_path, *records))
    assert len(result.items) == 1 and not result.records


def test_format_errors_are_reported_while_the_schema_is_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", 'not json\n{"x": 1}\nnot json\n{"response": "a"}\n')
    result = read(path)
    assert [(type(i).__name__, i.line) for i in result.items] == [
        ("RecordError", 1),
        ("RecordError", 3),
        ("RecordError", 2),  # {"x": 1}: known to be odd once line 4 sets the schema
        ("Record", 4),
    ]


def test_no_schema_with_format_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", '{"x": 1}\nnot json\n{"y": 2}\n')
    result = read(path)
    assert [e.line for e in result.errors] == [2, 1]
    assert result.errors[1].message.startswith("no known dataset schema")


def test_record_key_is_own_id_or_content_hash(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"id": 7, "response": "a"}, {"response": "b", "z": 1, "a": 2})
    first, second = read(path).records
    assert first.meta["key"] == "7" and first.item_id == "7"
    expected = stable_hash(json.dumps({"a": 2, "response": "b", "z": 1}, separators=(",", ":")))
    assert second.meta["key"] == expected
    assert second.item_id == stable_hash(
        json.dumps({"a": 2, "response": "b", "z": 1}, separators=(",", ":"))
    )


def test_an_implicit_prompt_ends_before_a_word_and_the_answers_white_space(
    tmp_path: Path,
) -> None:
    """The shared start is cut before a word, not inside one, and the space before the
    answers is the prompt's; two equal texts are the same answer twice, and a pair of
    conversations that differ in an earlier assistant turn differs from there."""
    from guidelint.readers.trl import shared_prefix

    def split(chosen: str, rejected: str) -> tuple[str, str, str]:
        cut = shared_prefix(chosen, rejected)
        return chosen[:cut], chosen[cut:], rejected[cut:]

    assert split("Q: x? Answer: As an AI, no.", "Q: x? Answer: Ask support.") == (
        "Q: x? Answer: ",
        "As an AI, no.",
        "Ask support.",
    )
    assert split("A: Click  Forgot.", "A: Click Forgot.") == ("A: Click ", " Forgot.", "Forgot.")
    assert split("Same.", "Same.") == ("", "Same.", "Same.")
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps(
            {
                "chosen": [
                    {"role": "user", "content": "Hi"},
                    {"role": "assistant", "content": "I cannot help with that."},
                    {"role": "user", "content": "Please?"},
                    {"role": "assistant", "content": "Click it."},
                ],
                "rejected": [
                    {"role": "user", "content": "Hi"},
                    {"role": "assistant", "content": "Click Forgot password."},
                    {"role": "user", "content": "Please?"},
                    {"role": "assistant", "content": "Click it."},
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    from guidelint.model import Record
    from guidelint.readers import read_records

    (record,) = [r for r in read_records(str(path)) if isinstance(r, Record)]
    assert [(t.role, t.field) for t in record.texts if t.role in ("chosen", "rejected")] == [
        ("chosen", "chosen[1].content"),
        ("chosen", "chosen[3].content"),
        ("rejected", "rejected[1].content"),
        ("rejected", "rejected[3].content"),
    ]
