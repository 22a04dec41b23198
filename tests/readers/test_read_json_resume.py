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
