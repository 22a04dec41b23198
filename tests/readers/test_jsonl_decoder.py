"""JSON Lines decoded with msgspec give what json gives: every value, every error."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidelint.errors import RecordError
from guidelint.readers import jsonl
from guidelint.readers.jsonl import decode_json_line


def _json_only(raw: bytes, number: int = 1) -> object:
    fast = jsonl._fast_decode
    jsonl._fast_decode = None
    try:
        return decode_json_line(raw, number)
    finally:
        jsonl._fast_decode = fast


def _same(raw: bytes) -> None:
    fast, slow = decode_json_line(raw, 7), _json_only(raw, 7)
    if isinstance(slow, RecordError):
        assert isinstance(fast, RecordError)
        assert (fast.message, fast.line, fast.column, fast.hint) == (
            slow.message,
            slow.line,
            slow.column,
            slow.hint,
        )
    else:
        assert repr(fast) == repr(slow)  # nan and -0.0 compare by repr
        assert type(fast) is type(slow)


def test_msgspec_is_the_decoder() -> None:
    # A dependency: without it every line would silently take the slower path.
    assert jsonl._fast_decode is not None
    assert jsonl._fast_decode(b'{"a": [1, 2.5, "x"]}\n') == {"a": [1, 2.5, "x"]}


@pytest.mark.parametrize(
    "raw",
    [
        b'{"instruction": "Hi", "output": "Hello!"}\n',
        b'{"a": 1, "b": 2, "a": 3}\r\n',  # the last of duplicate keys, at the first's place
        b"123456789012345678901234567890\n",  # integers of any size stay integers
        b"-9223372036854775809",
        b"1e400\n",  # json: inf; msgspec rejects it
        b"[NaN, Infinity, -Infinity]\n",
        b'"\\ud800"\n',  # a lone surrogate escape: json keeps it
        b'{"k": "\\udc00x\\ud83d\\ude00"}',
        b"-0\n",
        b"-0.0\n",
        b"1e-400\n",
        b"4.9e-324\n",
        b"17976931348623157e292\n",
        b'"\x7f\\u0000"\n',
        # errors: the message, line, column and hint of json's path
        b'{"a": 1,}\n',
        b"[1,]\n",
        b"01\n",
        b"1 2\n",
        b'"a\tb"\n',
        b'{"a": "b\n',
        b'"\xff"\n',  # invalid UTF-8
        b'"\xed\xa0\x80"\n',  # an encoded surrogate: not UTF-8
        b"\xef\xbb\xbf{}\n",  # a byte order mark after the first line
        b"\x0c1\n",
        b"[" * 5000 + b"]" * 5000 + b"\n",  # too deep for both
        b"tru\n",
        b"",
    ],
)
def test_edge_lines_decode_as_with_json(raw: bytes) -> None:
    _same(raw)


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_values, st.sampled_from(["\n", "\r\n", ""]), st.booleans())
def test_generated_lines_decode_as_with_json(value: object, end: str, ascii_only: bool) -> None:
    line = json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)
    raw = (line + end).encode("utf-8", "surrogatepass")
    _same(raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40), st.text(alphabet='{}[]",:0123456789.eE+-tfnrul \\', max_size=30))
def test_broken_lines_decode_as_with_json(noise: bytes, text: str) -> None:
    _same(noise)
    _same(text.encode())


def test_floats_decode_to_the_same_number() -> None:
    for text in ["0.1", "2.2250738585072011e-308", "1.7976931348623158e308", "5e-324", "3.0"]:
        value = decode_json_line(text.encode(), 1)
        assert isinstance(value, float) and not math.isnan(value)
        assert repr(value) == repr(json.loads(text))
