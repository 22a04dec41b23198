"""Sentence spans are those of the straightforward character-by-character splitter."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from guidelint.checks.question_words import pieces
from guidelint.text.analysis import _ABBREVIATIONS, TextAnalysis

_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"')\]\u201d\u2019]*(?=\s+|$)")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def reference_sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentence splitter as first written: every character looked at in Python."""
    start = _skip_space(text, 0)
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _ends_with_abbreviation(text, match.start()):
            continue
        if end > start and text[start:end].strip():
            yield start, end
        start = _skip_space(text, end)
    if start < len(text) and text[start:].strip():
        yield start, len(text.rstrip())


def reference_pieces(text: str) -> Iterator[tuple[int, int]]:
    """Sentences cut at line breaks, each line stripped."""
    for start, end in reference_sentences(text):
        position = start
        for line in text[start:end].split("\n"):
            stripped = line.strip()
            if stripped:
                lead = position + len(line) - len(line.lstrip())
                yield lead, lead + len(stripped)
            position += len(line) + 1


# Sentence ends, abbreviations (short and long runs of letters and periods), white space
# of every kind, quotes after the end, non-ASCII letters and digits that are not letters.
_PARTS = st.sampled_from(
    [
        ".",
        "!",
        "?",
        "\u2026",
        "...",
        "?!",
        '."',
        ".)",
        ".\u201d",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\r\n",
        "\u00a0",
        "\u2028",
        "\x1c",
        "e.g.",
        "i.e.",
        "etc.",
        "Dr.",
        "approx.",
        "U.S.A.",
        "a.b.c.d.e.f.g.",
        "J.",
        "x",
        "word",
        "Understanding",
        "abcdef",
        "abcdefg",
        "İ",
        "ſt",
        "é",
        "²",
        "½",
        "42",
        "_",
        "é.",
        "```",
        "# Title",
    ]
)
_TEXTS = st.lists(_PARTS, max_size=30).map("".join) | st.text(max_size=60)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_sentences_match_the_reference(text: str) -> None:
    expected = list(reference_sentences(text))
    assert list(TextAnalysis(text).iter_sentences()) == expected
    assert TextAnalysis(text).sentences == expected
    for start, end in expected:
        assert not text[start].isspace() and not text[end - 1].isspace()


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_pieces_match_the_reference(text: str) -> None:
    assert list(pieces(TextAnalysis(text))) == list(reference_pieces(text))


def test_abbreviations_and_long_runs() -> None:
    text = "See e.g. the docs. Understanding. Approx. two. A.B.C.D.E.F.G. Ok."
    assert list(TextAnalysis(text).iter_sentences()) == list(reference_sentences(text))
    assert [text[s:e] for s, e in TextAnalysis(text).iter_sentences()] == [
        "See e.g. the docs.",
        "Understanding.",
        "Approx. two.",
        "A.B.C.D.E.F.G.",
        "Ok.",
    ]
