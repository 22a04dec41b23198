"""Lower-cased words are the text's words, however they are found."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from guidelint.text.analysis import _RECLASSED_RE, WORD_RE, TextAnalysis, to_plain

_WORD_CHAR_RE = re.compile(r"\w")
_JOINERS = "'\u2019-"


def _kind(char: str) -> str:
    if _WORD_CHAR_RE.match(char):
        return "word"
    return "joiner" if char in _JOINERS else "other"


def test_reclassed_characters_are_all_listed() -> None:
    """Every character that to_plain and lower-casing turn into another kind is listed."""
    reclassed = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = to_plain(char).lower()
        if len(lower) != 1 or _kind(lower) != _kind(char):
            reclassed.append(char)
    assert "".join(reclassed) == _RECLASSED_RE.pattern[1:-1]


def _reference_words(text: str, start: int, end: int) -> list[str]:
    lower = to_plain(text).lower()
    return [lower[m.start() : m.end()] for m in WORD_RE.finditer(text) if start <= m.start() < end]


_PARTS = st.sampled_from(
    [
        "word",
        "Word",
        " ",
        "\n",
        "\u00a0",
        "-",
        "'",
        "\u2019",
        "\u2018",
        "\u02bc",
        "\u2010",
        "\u2011",
        "\u2032",
        "\u201c",
        "\u0130",
        "\u03a3",
        "\u017f",
        "\u00e9t\u00e9",
        "42",
        "_",
        ".",
        # web addresses are one word
        "https://",
        "HTTP://",
        "www.",
        "Www.",
        "x.com",
        "/a?b=1",
        ")",
        '"',
        ":",
        "/",
    ]
)
_TEXTS = (
    st.lists(_PARTS, max_size=20).map("".join)
    | st.text(max_size=40)
    | st.text(st.characters(max_codepoint=127), max_size=40)
)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS, st.data())
def test_words_between_and_word_list(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert TextAnalysis(text).words_between(start, end) == _reference_words(text, start, end)
    assert TextAnalysis(text).word_list == _reference_words(text, 0, len(text))
