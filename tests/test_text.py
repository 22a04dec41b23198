"""TextAnalysis: word counts of any span, paragraphs and code blocks, against plain
reference implementations (a regex pass, a line-by-line scan)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidelint.text import WORD_RE, TextAnalysis, to_plain, word_start_bits

_PIECES = [
    "a",
    "b1",
    "7",
    ",",
    "\u0663",  # an Arabic-Indic digit: a word character, not a joined number's digit
    "'",
    "-",
    "\u2019",
    "é",
    "\u4e2d",
    " ",
    "\n",
    "\n\n",
    " \t\n",
    ".",
    "```",
    "~~~",
    "`",
]
_texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_texts, st.integers(-3, 45), st.integers(-3, 45))
def test_words_in_counts_the_word_starts_inside(text: str, start: int, end: int) -> None:
    starts = [m.start() for m in WORD_RE.finditer(text)]
    expected = sum(max(start, 0) <= s < end for s in starts)
    analysis = TextAnalysis(text)
    assert analysis.words_in(start, end) == expected
    assert analysis.word_count == len(starts)
    assert len(analysis.words) == len(starts)  # with the spans built, they are used
    if start <= end:
        assert analysis.words_in(start, end) == expected


def test_word_start_bits_of_a_long_text() -> None:
    text = "a-b c'd \u2019e f\u2019 " * 20_000  # longer than the precomputed mask
    starts = [m.start() for m in WORD_RE.finditer(text)]
    assert word_start_bits(text) == sum(1 << 8 * s for s in starts)
    inside = sum(10 <= s < len(text) - 10 for s in starts)
    assert TextAnalysis(text).words_in(10, len(text) - 10) == inside


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Prices: 1.5, 2.5 and 1,000 dollars.",
            ["Prices", "1.5", "2.5", "and", "1,000", "dollars"],
        ),
        ("v1.2.3 a1.5b 1-2.3", ["v1.2.3", "a1.5b", "1-2.3"]),
        # not between two digits: a list number, an abbreviation, a range, a sentence end
        (
            "1. Apple, 2.Pear U.S.A. 1..5 end.5",
            ["1", "Apple", "2", "Pear", "U", "S", "A", "1", "5", "end", "5"],
        ),
        ("\u0663.\u0665 and 3\u20095", ["\u0663", "\u0665", "and", "3", "5"]),
    ],
)
def test_a_number_is_one_word(text: str, words: list[str]) -> None:
    assert [m.group() for m in WORD_RE.finditer(text)] == words
    starts = [m.start() for m in WORD_RE.finditer(text)]
    assert word_start_bits(text) == sum(1 << 8 * s for s in starts)
    assert TextAnalysis(text).word_count == len(words)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=40))
def test_word_start_bits_of_any_text(text: str) -> None:
    starts = [m.start() for m in WORD_RE.finditer(text)]
    assert word_start_bits(text) == sum(1 << 8 * s for s in starts)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "See https://docs.python.org/3/library/re.html.",
            ["See", "https://docs.python.org/3/library/re.html"],
        ),
        ("Visit Www.example.com, then log in.", ["Visit", "Www.example.com", "then", "log", "in"]),
        ("(HTTP://X.COM/a?b=1&c=2) ok", ["HTTP://X.COM/a?b=1&c=2", "ok"]),
        ("at https://x.com's page", ["at", "https://x.com's", "page"]),
        ('"https://x.com/a"', ["https://x.com/a"]),
        # not where a word cannot start, and not a scheme alone
        ("x-https://a.b c", ["x-https", "a", "b", "c"]),
        ("https:// www. now.", ["https", "www", "now"]),
    ],
)
def test_a_web_address_is_one_word(text: str, words: list[str]) -> None:
    """As word processors count them (a URL used to be 5 to 10 words)."""
    assert [m.group() for m in WORD_RE.finditer(text)] == words
    starts = [m.start() for m in WORD_RE.finditer(text)]
    assert word_start_bits(text) == sum(1 << 8 * s for s in starts)
    analysis = TextAnalysis(text)
    assert analysis.word_count == len(words)
    assert analysis.word_list == [w.lower() for w in words]


_URL_PARTS = st.sampled_from(
    ["https://", "Http://", "www.", "wWw.", "x", ".com", "/", ":", "-", "'", "\u2019", ".",
     ")", " ", '"', "\u00e9", "1", ",", "\n", "ftp", "s", "w", "\u0130"]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(_URL_PARTS, max_size=16).map("".join))
def test_web_addresses_are_found_where_their_anchors_are(text: str) -> None:
    from guidelint.text.wordchars import _URL_RE, url_spans

    assert url_spans(text) == [m.span() for m in _URL_RE.finditer(text)]


@settings(max_examples=3000, deadline=None)
@given(st.lists(_URL_PARTS, max_size=16).map("".join))
def test_word_start_bits_of_texts_with_web_addresses(text: str) -> None:
    starts = [m.start() for m in WORD_RE.finditer(text)]
    assert word_start_bits(text) == sum(1 << 8 * s for s in starts)
    lower = to_plain(text).lower()
    assert TextAnalysis(text).word_list == [
        lower[m.start() : m.end()] for m in WORD_RE.finditer(text)
    ]


def _reference_code_blocks(text: str) -> list[tuple[int, int]]:
    spans, opened, pos = [], None, 0
    for line in text.split("\n"):
        fence = re.match(r"[ \t]*(```|~~~)", line)
        if fence:
            if opened is None:
                opened = (pos, fence.group(1))
            elif fence.group(1) == opened[1]:
                spans.append((opened[0], pos + len(line)))
                opened = None
        pos += len(line) + 1
    if opened is not None:
        spans.append((opened[0], len(text)))
    return spans


@settings(max_examples=1500, deadline=None)
@given(_texts)
def test_code_blocks(text: str) -> None:
    assert TextAnalysis(text).code_blocks == _reference_code_blocks(text)


def test_code_blocks_need_three_backticks_or_tildes() -> None:
    assert TextAnalysis("inline `code` and ~~strike~~").code_blocks == []
    assert TextAnalysis("```\nx\n```").code_blocks == [(0, 9)]
    assert TextAnalysis("~~~\nx").code_blocks == [(0, 5)]
