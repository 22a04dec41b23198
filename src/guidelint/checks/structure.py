"""Markdown layout a response should (not) have.

What it does
------------
Checks the shape of a response: bullet or numbered lists, headings, fenced code
blocks, the number of paragraphs, and walls of text. Each offending list item,
heading, code block or over-long paragraph is its own finding, spanning it, so an
editor can point at it; a paragraph count out of range is one finding over the whole
text. Every limit is off unless set.

Why
---
The layout of a response (lists, headings, code, paragraph size) is part of the house
style; a model learns it from the training data, including lists where a short answer
was wanted and walls of text.

Options
-------
A rule sets at least one limit, or ``allow_code_blocks: false``: one that sets none
checks nothing and is refused when the guideline loads.

* ``max_list_items``: most markdown list items (``-``, ``*``, ``+``,
  ``•``, ``1.``, ``1)``, also a number in bold: ``**1. Title:** …``, ``**2.** …``)
  allowed; ``0`` means no lists at all. Items past the limit are reported.
* ``max_headings``: most markdown headings (``# Title``) allowed;
  headings past the limit are reported.
* ``allow_code_blocks``: ``false`` reports every fenced code block.
* ``min_paragraphs``: fewest paragraphs (blocks separated by blank
  lines; a code block counts as one paragraph, or as part of the one it starts in).
* ``max_paragraphs``: most paragraphs.
* ``max_paragraph_words``: a "wall of text": a paragraph longer than
  this many words without a break. Each list item is measured on its own and code
  blocks are not measured.
* ``each``: one finding per list item, heading or code block past
  a limit; ``false`` reports them once, spanning from the first past the limit to the
  last (one finding per response, for a rule about the response's shape).

Message params: ``count`` (how many there are, or the words of the long paragraph),
``limit``, ``what`` ("list items", "headings", "code blocks", "paragraphs", "words
in one paragraph", singular when ``count`` is 1), ``kind`` (``list_items``,
``headings``, ``code_blocks``, ``paragraphs``, ``paragraph_words``) and ``expected``
("none allowed", "at most 2 allowed", "at least 2 required").

Whether a response is *simple* is the rule's ``when`` condition, not this check's
concern. A rule that only limits list items tells ``when`` how to see that a text has
nothing to report (no more items than allowed), so ``$request`` is judged only for
responses that have a list.

Example
-------
The rule ("paragraphs, no lists for simple responses")::

    - id: simple-response-structure
      check: structure
      when: {category: simple}          # or: {$instruction_words: {max: 25}}
      max_list_items: 0
      max_headings: 0
      max_paragraph_words: 150

Passing::

    category: simple
    response: |
      You can change your plan in Settings.

      The new price applies from your next bill.

Failing (three findings, one per item: "3 list items; none allowed")::

    category: simple
    response: |
      To change your plan:
      - open Settings
      - choose Plan
      - pick the plan you want

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain, pairwise

from pydantic import NonNegativeInt, PositiveInt, model_validator

from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.text import TextAnalysis
from guidelint.text.analysis import LINE_PATTERNS

_NOUNS = {
    "list_items": ("list item", "list items"),
    "headings": ("heading", "headings"),
    "code_blocks": ("code block", "code blocks"),
    "paragraphs": ("paragraph", "paragraphs"),
    "paragraph_words": ("word in one paragraph", "words in one paragraph"),
}


class StructureOptions(CheckOptions):
    max_list_items: NonNegativeInt | None = None
    max_headings: NonNegativeInt | None = None
    allow_code_blocks: bool = True
    min_paragraphs: NonNegativeInt | None = None
    max_paragraphs: NonNegativeInt | None = None
    max_paragraph_words: PositiveInt | None = None
    each: bool = True

    @model_validator(mode="after")
    def _check_bounds(self) -> StructureOptions:
        limits = (
            self.max_list_items,
            self.max_headings,
            self.min_paragraphs,
            self.max_paragraphs,
            self.max_paragraph_words,
        )
        if all(limit is None for limit in limits) and self.allow_code_blocks:
            raise ValueError(
                "the rule checks nothing: set at least one of max_list_items, max_headings, "
                "min_paragraphs, max_paragraphs, max_paragraph_words, or allow_code_blocks: false"
            )
        low, high = self.min_paragraphs, self.max_paragraphs
        if low is not None and high is not None and low > high:
            raise ValueError(f"min_paragraphs ({low}) is greater than max_paragraphs ({high})")
        return self


def _finding(start: int, end: int, kind: str, count: int, limit: int, expected: str) -> Finding:
    singular, plural = _NOUNS[kind]
    params = {
        "count": count,
        "limit": limit,
        "what": singular if count == 1 else plural,
        "kind": kind,
        "expected": expected,
    }
    return Finding(start, end, params=params)


def _at_most(limit: int) -> str:
    return "none allowed" if limit == 0 else f"at most {limit} allowed"


def _within(position: int, blocks: list[tuple[int, int]]) -> bool:
    """Whether ``position`` lies inside a block, past its first character."""
    return any(start < position < end for start, end in blocks)


def text_blocks(
    target: Target, paragraphs: list[tuple[int, int]] | None = None, longer_than: int = 0
) -> Iterator[tuple[int, int]]:
    """Paragraphs cut at each list item, without the parts inside code blocks.

    ``paragraphs`` limits the result to the blocks of those paragraphs; blocks of
    ``longer_than`` characters or fewer (before white space is stripped) are left out.
    """
    analysis = target.analysis
    codes = analysis.code_blocks
    items: list[int] | None = None
    value = target.value
    for para_start, para_end in analysis.paragraphs if paragraphs is None else paragraphs:
        if value.find("\n", para_start, para_end) < 0:
            cuts = [para_start, para_end]  # list items start lines: none inside
        else:
            if items is None:
                items = [start for start, _ in analysis.list_items]
            cuts = [para_start, *(s for s in items if para_start < s < para_end), para_end]
        for start, end in pairwise(cuts):
            if end - start <= longer_than:
                continue  # its pieces are no longer
            pieces = [(start, end)]
            for code_start, code_end in codes:
                pieces = [
                    part
                    for s, e in pieces
                    for part in ((s, min(e, code_start)), (max(s, code_end), e))
                    if part[0] < part[1]
                ]
            for s, e in pieces:
                if e - s <= longer_than:
                    continue
                text = value[s:e]
                if text.strip():
                    lead = len(text) - len(text.lstrip())
                    yield s + lead, s + len(text.rstrip())


@dataclass(frozen=True)
class ListGate:
    """Whether a text has more list items than ``limit``: all a rule that only limits
    list items can report (a plain class, so a guideline still pickles for workers)."""

    limit: int

    def __call__(self, analysis: TextAnalysis) -> bool:
        if "list_items" in analysis.__dict__:
            return len(analysis.list_items) > self.limit
        # As TextAnalysis.list_items finds them, but only until one past the limit: a
        # response with a list is told from the first items, not all of them.
        text = analysis.text
        first, after_newline = LINE_PATTERNS["list"]
        found = 0
        match = first.match(text)
        starts = iter((match.start(1),) if match is not None else ())
        blocks: list[tuple[int, int]] | None = None
        for start in chain(starts, (m.start(1) for m in after_newline.finditer(text))):
            if blocks is None:
                blocks = analysis.code_blocks
            line = text.rfind("\n", 0, start) + 1
            if blocks and any(b <= line < e for b, e in blocks):
                continue  # inside a code block
            found += 1
            if found > self.limit:
                return True
        return False


class StructureCheck(Check):
    """Report lists, headings, code blocks and paragraphs beyond the rule's limits."""

    Options = StructureOptions
    analysis = frozenset({"code_blocks", "headings", "list_items", "paragraphs", "words"})
    cheap = True  # a few µs per text: runs before a costly `when`
    default_message = "{count} {what}; {expected}"

    @staticmethod
    def when_gate(options: CheckOptions) -> Callable[[TextAnalysis], bool] | None:
        """For a rule that only limits list items: whether the text has too many, asked
        before costly ``when`` conditions (``$request``); None for any other limit."""
        if not isinstance(options, StructureOptions) or options.max_list_items is None:
            return None
        others = (
            options.max_headings,
            options.min_paragraphs,
            options.max_paragraphs,
            options.max_paragraph_words,
        )
        if any(value is not None for value in others) or not options.allow_code_blocks:
            return None
        return ListGate(options.max_list_items)

    def check(self, target: Target) -> Iterator[Finding]:
        options = self.options
        assert isinstance(options, StructureOptions)
        analysis = target.analysis
        for kind, limit in (
            ("list_items", options.max_list_items),
            ("headings", options.max_headings),
            ("code_blocks", None if options.allow_code_blocks else 0),
        ):
            if limit is None:
                continue
            spans: list[tuple[int, int]] = getattr(analysis, kind)
            if len(spans) <= limit:
                continue
            if not options.each:
                start, end = spans[limit][0], spans[-1][1]
                yield _finding(start, end, kind, len(spans), limit, _at_most(limit))
                continue
            for start, end in spans[limit:]:
                yield _finding(start, end, kind, len(spans), limit, _at_most(limit))

        if options.min_paragraphs is not None or options.max_paragraphs is not None:
            yield from self._paragraph_count(target, options)

        if options.max_paragraph_words is not None:
            # Blocks lie inside paragraphs: only paragraphs over the limit can hold one.
            # A word never starts right after another word's start, so more than
            # `limit` words take more than `2 * limit` characters: shorter paragraphs
            # and blocks are not counted.
            limit = options.max_paragraph_words
            chars = 2 * limit
            long = (
                [
                    (start, end)
                    for start, end in analysis.paragraphs
                    if end - start > chars and analysis.words_in(start, end) > limit
                ]
                if analysis.word_count > limit
                else []
            )
            for start, end in text_blocks(target, long, chars) if long else ():
                words = analysis.words_in(start, end)
                if words > limit:
                    yield _finding(start, end, "paragraph_words", words, limit, _at_most(limit))

    def _paragraph_count(self, target: Target, options: StructureOptions) -> Iterator[Finding]:
        codes = target.analysis.code_blocks
        paragraphs = [p for p in target.analysis.paragraphs if not _within(p[0], codes)]
        count = len(paragraphs)
        start, end = (paragraphs[0][0], paragraphs[-1][1]) if paragraphs else (0, 0)
        if options.min_paragraphs is not None and count < options.min_paragraphs:
            limit = options.min_paragraphs
            yield _finding(start, end, "paragraphs", count, limit, f"at least {limit} required")
        elif options.max_paragraphs is not None and count > options.max_paragraphs:
            limit = options.max_paragraphs
            yield _finding(start, end, "paragraphs", count, limit, _at_most(limit))
