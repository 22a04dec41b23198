"""Per-text analysis computed once and shared by every check that needs it.

A :class:`TextAnalysis` is created lazily for each text a rule looks at; each
property is computed on first use and cached, so a guideline that never asks for
sentences never splits sentences. Offsets are character offsets into the original
text; :attr:`TextAnalysis.plain` has the same length as the text (typographic quotes
replaced one-for-one by their plain forms), so spans found in it map back exactly.

Nothing here imports spaCy or textstat: checks that need them load them lazily.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property

# One-for-one replacements, so offsets in the plain text equal offsets in the text.
_PLAIN = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u02bc": "'",  # ʼ
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00a0": " ",  # no-break space
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
    }
)

WORD_RE = re.compile(r"\w+(?:['\u2019\-]\w+)*")
_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"')\]\u201d\u2019]*(?=\s+|$)")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
_LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+\S", re.MULTILINE)
_HEADING_RE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+\S", re.MULTILINE)
_FENCE_RE = re.compile(r"^[ \t]*(```|~~~)", re.MULTILINE)
# Common abbreviations that end with a period but rarely end a sentence.
_ABBREVIATIONS = frozenset(
    "e.g i.e etc vs mr mrs ms dr prof st jr sr inc ltd co fig no approx dept".split()
)


def to_plain(text: str) -> str:
    """Replace typographic quotes, apostrophes and hyphens by their plain forms."""
    return text.translate(_PLAIN)


class TextAnalysis:
    """Lazily computed facts about one text; every span is ``(start, end)``."""

    __slots__ = ("__dict__", "text")

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def plain(self) -> str:
        return to_plain(self.text)

    @cached_property
    def lower_plain(self) -> str:
        return self.plain.lower()

    @cached_property
    def words(self) -> list[tuple[int, int]]:
        return [m.span() for m in WORD_RE.finditer(self.text)]

    @cached_property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def word_list(self) -> list[str]:
        """The words, lower-cased, in order."""
        lower = self.lower_plain
        return [lower[s:e] for s, e in self.words]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans: split after ``.``, ``!``, ``?`` followed by space or end."""
        spans: list[tuple[int, int]] = []
        text = self.text
        start = _skip_space(text, 0)
        for match in _SENTENCE_END_RE.finditer(text):
            end = match.end()
            if match.group().startswith(".") and _ends_with_abbreviation(text, match.start()):
                continue
            if end > start and text[start:end].strip():
                spans.append((start, end))
            start = _skip_space(text, end)
        if start < len(text) and text[start:].strip():
            spans.append((start, len(text.rstrip())))
        return spans

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """Paragraph spans: text separated by one or more blank lines."""
        spans: list[tuple[int, int]] = []
        start = _skip_space(self.text, 0)
        for match in _PARAGRAPH_BREAK_RE.finditer(self.text):
            end = match.start()
            if self.text[start:end].strip():
                spans.append((start, end))
            start = match.end()
        rest = self.text[start:]
        if rest.strip():
            spans.append((start, start + len(rest.rstrip())))
        return spans

    @cached_property
    def list_items(self) -> list[tuple[int, int]]:
        """Markdown list items (``-``, ``*``, ``+``, ``•``, ``1.``, ``1)``), outside code."""
        return self._outside_code(_LIST_ITEM_RE)

    @cached_property
    def headings(self) -> list[tuple[int, int]]:
        """Markdown ATX headings (``# Title``), outside code."""
        return self._outside_code(_HEADING_RE)

    @cached_property
    def code_blocks(self) -> list[tuple[int, int]]:
        """Fenced code blocks (```` ``` ```` or ``~~~``); an unclosed fence runs to the end."""
        spans: list[tuple[int, int]] = []
        opened: tuple[int, str] | None = None
        for match in _FENCE_RE.finditer(self.text):
            fence = match.group(1)
            if opened is None:
                opened = (match.start(), fence)
            elif fence == opened[1]:
                line_end = self.text.find("\n", match.end())
                end = len(self.text) if line_end < 0 else line_end
                spans.append((opened[0], end))
                opened = None
        if opened is not None:
            spans.append((opened[0], len(self.text)))
        return spans

    def _outside_code(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        blocks = self.code_blocks
        spans = []
        for match in pattern.finditer(self.text):
            start = match.start()
            if any(s <= start < e for s, e in blocks):
                continue
            line_end = self.text.find("\n", start)
            end = len(self.text) if line_end < 0 else line_end
            spans.append((start + (len(match.group()) - len(match.group().lstrip())), end))
        return spans

    @cached_property
    def word_starts(self) -> list[int]:
        return [s for s, _ in self.words]

    def words_in(self, start: int, end: int) -> int:
        """How many words start inside ``text[start:end]`` (binary search)."""
        starts = self.word_starts
        return bisect_left(starts, end) - bisect_left(starts, start)


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
