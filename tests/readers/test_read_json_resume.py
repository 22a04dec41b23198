"""A bad value in a .json file does not stop reading the values after it (#18, item 3)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from reader_helpers import read, write

from guidelint.errors import RecordError
from guidelint.readers.json_doc import read_json

RECORDS = [
    {"instruction": "Say hi now", "response": "Hello there."},
    {"instruction": "Say\x01 hi", "response": "Hello again."},
    {"instruction": "Say bye now", "response": "Bye now."},
]


def raw_dump(record: dict[str, str]) -> str:
    """JSON text with control characters left raw (as a careless exporter writes them)."""
    return json.dumps(record).replace("\\u0001", "\x01")


def responses(path: Path) -> tuple[list[str], list]:
    result = read(path)
    return [r.texts[-1].text for r in result.records], result.errors


@pytest.mark.parametrize("layout", ["lines", "one line", "minified array"])
def test_a_raw_control_character_spoils_one_value(tmp_path: Path, layout: str) -> None:
    values = [raw_dump(r) for r in RECORDS]
    text = {
        "lines": "\n".join(values) + "\n",
        "one line": " ".join(values),
        "minified array": "[" + ",".join(values) + "]",
    }[layout]
    found, errors = responses(write(tmp_path, "d.json", text))
    assert found == ["Hello there.", "Bye now."]
    [error] = errors
    at = text.index("\x01")
    where = (text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
    assert (error.line, error.column) == where
    assert error.message == (
        "not valid JSON: a raw control character (U+0001) in a string; write it as \\u0001"
    )
    assert error.hint == "fix the JSON here; the values after this one were read"


def test_the_same_bytes_as_json_lines(tmp_path: Path) -> None:
    text = "\n".join(raw_dump(r) for r in RECORDS) + "\n"
    found, errors = responses(write(tmp_path, "d.jsonl", text))
    assert found == ["Hello there.", "Bye now."]
    [error] = errors
    assert (error.line, error.column) == (2, 21)
    assert error.message.startswith("not valid JSON: a raw control character (U+0001)")


def test_an_unbalanced_value_resumes_at_the_next_line_value(tmp_path: Path) -> None:
    text = (
        '{"instruction": "a b", "response": "one"}\n'
        '{"instruction": "a b", "response": "two"\n'  # no closing brace
        '{"instruction": "a b", "response": "three"}\n'
    )
    found, errors = responses(write(tmp_path, "d.json", text))
    assert found == ["one", "three"]
    [error] = errors
    assert (error.line, error.column) == (3, 1)


def test_a_missing_colon_in_a_pretty_value(tmp_path: Path) -> None:
    text = (
        '{\n  "instruction": "a b",\n  "response": "one"\n}\n'
        '{\n  "instruction" "a b",\n  "response": "two"\n}\n'
        '{\n  "instruction": "a b",\n  "response": "three"\n}\n'
    )
    found, errors = responses(write(tmp_path, "d.json", text))
    assert found == ["one", "three"]
    [error] = errors
    assert (error.line, error.column) == (6, 17)
    assert error.message == "not valid JSON: Expecting ':' delimiter"


def test_every_json_error_names_a_line_and_a_column(tmp_path: Path) -> None:
    """Mutated documents (deterministic): no error without a position, no crash."""
    rng = random.Random(18)
    base = json.dumps([{"instruction": f"q {i}", "response": f"r {i}"} for i in range(6)])
    pretty = json.dumps(json.loads(base), indent=2)
    lines = "\n".join(json.dumps(r) for r in json.loads(base))
    for case in range(150):
        text = rng.choice([base, pretty, lines])
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars))
            chars[at] = rng.choice(['"', "{", "}", "[", "]", ",", ":", "\x01", "\\", "x", ""])
        path = write(tmp_path, f"m{case}.json", "".join(chars))
        errors = [e for e in read_json(str(path)) if isinstance(e, RecordError)]
        for error in errors:
            assert error.line >= 1 and error.column >= 1, (case, error.message)


def _conflicted(ours_comma: str, theirs_comma: str) -> str:
    a, b1, b2, c = (
        json.dumps({"id": k, "instruction": "Say hi now", "response": r})
        for k, r in (("a", "A."), ("b", "B ours."), ("b", "B theirs."), ("c", "C."))
    )
    return (
        f"[\n  {a},\n<<<<<<< HEAD\n  {b1}{ours_comma}\n=======\n  {b2}{theirs_comma}\n"
        f">>>>>>> feature\n  {c}\n]\n"
    )


@pytest.mark.parametrize(("ours", "theirs"), [(",", ","), ("", ","), (",", ""), ("", "")])
def test_merge_conflict_markers_in_a_json_array(tmp_path: Path, ours: str, theirs: str) -> None:
    """Each marker is an error that says what it is; both sides and the records after the
    conflict are read (before, reading stopped at the first marker: "Expecting value")."""
    path = write(tmp_path, "d.json", _conflicted(ours, theirs))
    found, errors = responses(path)
    assert found == ["A.", "B ours.", "B theirs.", "C."]
    assert [(e.line, e.message) for e in errors] == [
        (3, "merge-conflict marker '<<<<<<<' (an unresolved git merge)"),
        (5, "merge-conflict marker '=======' (an unresolved git merge)"),
        (7, "merge-conflict marker '>>>>>>>' (an unresolved git merge)"),
    ]
    assert all("resolve the merge conflict" in (e.hint or "") for e in errors)


def test_merge_conflict_markers_in_json_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"instruction": "Say hi now", "response": r}) for r in ("A.", "B.", "C.")]
    text = "\n".join([lines[0], "<<<<<<< HEAD", lines[1], "=======", lines[2], ">>>>>>> x"])
    found, errors = responses(write(tmp_path, "d.jsonl", text + "\n"))
    assert found == ["A.", "B.", "C."]
    assert [(e.line, e.column, e.message) for e in errors] == [
        (2, 1, "merge-conflict marker '<<<<<<<' (an unresolved git merge)"),
        (4, 1, "merge-conflict marker '=======' (an unresolved git merge)"),
        (6, 1, "merge-conflict marker '>>>>>>>' (an unresolved git merge)"),
    ]
    # a line that only starts like one is not taken for a marker
    found, errors = responses(write(tmp_path, "e.jsonl", "=======x\n" + lines[0] + "\n"))
    assert errors[0].message.startswith("not valid JSON")


def test_a_conflict_inside_a_record_or_around_the_document_is_named(tmp_path: Path) -> None:
    """(before: "Expecting property name enclosed in double quotes", or "Expecting
    value" for a document wrapped whole in markers)"""
    inside = (
        '[\n  {"id": "a",\n<<<<<<< HEAD\n   "response": "x"},\n=======\n'
        '   "response": "y"},\n>>>>>>> b\n]\n'
    )
    _, errors = responses(write(tmp_path, "d.json", inside))
    first = errors[0]
    assert (first.line, first.message) == (
        3,
        "merge-conflict marker '<<<<<<<' (an unresolved git merge)",
    )
    assert "resolve the merge conflict" in (first.hint or "")
    whole = '<<<<<<< HEAD\n[{"response": "a"}]\n=======\n[{"response": "b"}]\n>>>>>>> x\n'
    _, errors = responses(write(tmp_path, "e.json", whole))
    assert [e.line for e in errors if e.message.startswith("merge-conflict marker")] == [1, 3, 5]
