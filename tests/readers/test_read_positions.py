"""Lines of nested values inside a JSON document element."""

from __future__ import annotations

import json

import pytest

from guidelint.readers.json_position import JsonPositions

DOC = json.dumps(
    {
        "id": 1,
        "a.b": {"x": [10, 20]},
        "annotations": [
            {"result": [{"value": {"text": ["one"]}}]},
            {"result": [{"value": {"text": ["two", "three"]}}]},
        ],
    },
    indent=2,
)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("", 1),
        ("id", 2),
        ("a.b.x[1]", 6),  # "a.b" is one key holding a dot
        ("annotations", 9),
        ("annotations[0]", 10),
        ("annotations[1]", 21),
        ("annotations[1].result[0].value.text[1]", 27),
    ],
)
def test_line_of_nested_paths(path: str, line: int) -> None:
    assert JsonPositions(DOC, 0, 1).line_of(path) == line


@pytest.mark.parametrize(
    "path", ["missing", "annotations[5]", "id[0]", "annotations[0].result.value"]
)
def test_absent_paths(path: str) -> None:
    assert JsonPositions(DOC, 0, 1).line_of(path) is None


def test_offset_element_and_cut_off_text() -> None:
    text = 'xx\n[\n {"a": 1,\n  "b": [1,\n 2, {"c": '
    positions = JsonPositions(text, text.index("{"), 3)
    assert positions.line_of("b") == 4
    assert positions.line_of("b[2]") == 5  # the element the cut falls in still has a start
    assert positions.line_of("b[2].c") == 5  # so does a key whose value is cut off
    assert positions.line_of("b[3]") is None
