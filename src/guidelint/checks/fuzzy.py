"""Fuzzy matching of literal phrases, searched only where a match can be.

A literal with up to ``k`` edits (a letter inserted, deleted or replaced) keeps one of
``k + 1`` contiguous pieces intact (:func:`pigeonhole`), so the fuzzy regex runs only
in windows around where an intact piece occurs (:meth:`FuzzyLiteral.windows`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeAlias

#: A compiled ``regex`` pattern (the module ships no type stubs).
CompiledRegex: TypeAlias = Any


def trim(compiled: CompiledRegex, text: str, start: int, end: int) -> tuple[int, int]:
    """Drop edge spaces a fuzzy match counted as insertions, if it still matches without."""
    inner_start, inner_end = start, end
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    if (inner_start, inner_end) != (start, end) and compiled.fullmatch(
        text, inner_start, inner_end
    ):
        return inner_start, inner_end
    return start, end


def pigeonhole(literal: str, edits: int) -> tuple[tuple[str, int], ...]:
    """``edits + 1`` contiguous (piece, offset): ≤ ``edits`` edits leave one piece intact."""
    parts = edits + 1
    size, extra = divmod(len(literal), parts)
    pieces, pos = [], 0
    for i in range(parts):
        step = size + (1 if i < extra else 0)
        pieces.append((literal[pos : pos + step], pos))
        pos += step
    return tuple(p for p in pieces if p[0])


@dataclass(frozen=True, slots=True)
class FuzzyLiteral:
    """One literal matched with up to ``edits`` edits; ``anchors``: its (piece, offset)."""

    compiled: CompiledRegex
    index: int
    source: str
    length: int
    edits: int
    anchors: tuple[tuple[str, int], ...]

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Merged ``(pos, endpos)`` around each intact piece: where a match can lie.

        A match with ≤ k edits contains a piece intact, starting within k of its
        offset; so it lies inside that piece's window, and since any match reaching
        a window's end would contain a piece whose own window goes further, the
        ``(?!\\w)`` at ``endpos`` never passes falsely.
        """
        slack = 2 * self.edits + 1
        spans = []
        for piece, offset in self.anchors:
            found = text.find(piece)
            while found >= 0:
                start = found - offset
                spans.append((max(0, start - slack), min(len(text), start + self.length + slack)))
                found = text.find(piece, found + 1)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged
