"""Stray whitespace in a response, with safe fixes.

What it does
------------
Annotation tools and copy-paste leave whitespace that a model then learns to emit:
spaces at the end of lines, runs of spaces between words, blank lines piled up, and
whitespace around the whole response. Every finding carries a fix, safe but for a
Markdown line break (see Fix safety), so ``guidelint check --fix`` normalises it
without changing what the text says.
Code blocks are left alone (indentation and alignment matter there): fenced ones, and
Markdown's indented ones (lines indented by four spaces or a tab after a blank line or
at the start, as ``    TIMEOUT = 30      # seconds``; none with ``max_blank_lines: 0``,
whose fix removes the blank line such a block needs). A text that starts inside its
field (an answer after TRL's implicit prompt) keeps the white space that parts it from
the prompt.

Why
---
Stray spaces and blank lines are invisible in review but are tokens the model learns to
produce; cleaning them is cheap and never changes the meaning.

Options
-------
* ``trailing_spaces``: spaces or tabs before a line break.
* ``repeated_spaces``: two or more spaces between words (not the
  indentation at the start of a line), replaced by one.
* ``max_blank_lines``: more blank lines in a row than this are
  reduced to this many; ``null`` turns it off. A line holding only spaces or tabs
  is a blank line (its spaces go with the run's fix).
* ``surrounding``: whitespace at the very start or end of the text. Trailing spaces
  and blank lines there are part of it, reported and fixed once.

Each stretch of whitespace is reported once, so one ``--fix`` pass leaves none. A rule
that turns every part off checks nothing and is refused when the guideline loads.

Message parameters: ``{what}`` (what was found), ``{count}`` (its length in characters).

Example
-------
.. code-block:: yaml

    - id: stray-whitespace
      check: whitespace
      severity: info

passes ``Open Settings, then Billing.`` and fails ``Open Settings,  then Billing. ``
(a double space and a trailing space; ``--fix`` removes both).

Fix safety
----------
Each finding carries a safe fix that removes the extra whitespace (trailing spaces,
repeated spaces, extra blank lines, whitespace around the text); ``--fix`` applies them.
Two or more spaces at the end of a line before more text are a Markdown line break
(``[Your Name]  `` then ``[Your Title]``): reported as such, with an unsafe fix, since
removing them joins the two lines where the text is rendered (``--unsafe-fixes``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import chain
from operator import itemgetter

from pydantic import Field, model_validator

from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.model import Fix

# At a line break after a space or tab. Searching for "\n" and looking behind skips
# from one line break to the next instead of trying a match at every space.
_AFTER_SPACE = r"(?<=[ \t]\n)|(?<=[ \t]\r\n)"
_TRAILING_BREAK = re.compile(rf"\n(?:{_AFTER_SPACE})")
# The rest of a blank line, after the line break before it.
_BLANK_LINE = r"(?:[ \t]*\r?\n)"
# The spaces or tabs themselves, found in the reversed text: there they come after
# the line break, which the search again skips to.
_TRAILING_REVERSED = re.compile(r"\n\r?([ \t]+)")
# Two or more spaces between non-space characters; it starts with the two spaces so
# the search skips to them, and the look-behind then checks the character before.
_REPEATED = re.compile(r"  (?<=\S  ) *(?=\S)")

# What was found, where: (start, end, replacement, what).
_Spot = tuple[int, int, str, str]
_span = itemgetter(0, 1)


class WhitespaceOptions(CheckOptions):
    trailing_spaces: bool = True
    repeated_spaces: bool = True
    max_blank_lines: int | None = Field(default=1, ge=0)
    surrounding: bool = True

    @model_validator(mode="after")
    def _checks_something(self) -> WhitespaceOptions:
        if not (self.trailing_spaces or self.repeated_spaces or self.surrounding) and (
            self.max_blank_lines is None
        ):
            raise ValueError(
                "the rule checks nothing: every part (trailing_spaces, repeated_spaces, "
                "max_blank_lines, surrounding) is turned off"
            )
        return self


class WhitespaceCheck(Check):
    Options = WhitespaceOptions
    analysis = frozenset({"code_blocks"})
    cheap = True  # a few µs per text: runs before a costly `when`
    default_message = "{what}"
    options: WhitespaceOptions

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        blank = self.options.max_blank_lines
        self._blank_lines: re.Pattern[str] | None = None
        # The first line break after a space or tab (or before too many blank lines).
        self._break_to_look_at = _TRAILING_BREAK
        if blank is not None:
            # More than `blank` blank lines: `blank + 2` line breaks or more in a row.
            ends = blank + 1
            self._blank_lines = re.compile(rf"\n{_BLANK_LINE}{{{ends},}}")
            # (Written out `ends` times: the regex engine tries a plain sequence faster.)
            blank_lines = _BLANK_LINE * ends
            self._break_to_look_at = re.compile(rf"\n(?:{_AFTER_SPACE}|{blank_lines})")

    def check(self, target: Target) -> Iterator[Finding]:
        text = target.value
        if not text or (" " not in text and "\n" not in text and "\t" not in text):
            return
        options = self.options
        kinds: list[list[_Spot]] = []  # the spots of each kind, in text order
        # White space at the start or end of the response: its fix removes whatever else
        # was found there (trailing spaces, blank lines), which is not reported again.
        ends: list[tuple[int, int]] = []
        if options.surrounding:
            # (a text that starts inside its field, an answer after TRL's implicit prompt,
            # starts with the white space that parts it from the prompt: no stray space)
            surrounding = _surrounding(text, start=target.text.offset == 0)
            kinds.append(surrounding)
            ends = [(spot[0], spot[1]) for spot in surrounding]
        blanks: list[_Spot] = []
        first = self._break_to_look_at.search(text) if "\n" in text else None
        if first is not None:
            if options.trailing_spaces and _TRAILING_BREAK.search(text, first.start()):
                kinds.append(_trailing(text))
            # A line that holds only spaces or tabs is a blank line too (as it is once
            # --fix took its trailing spaces away); a run of blank lines starts at the
            # first line break to look at or later.
            if self._blank_lines is not None:
                blanks = self._blank_runs(text, first.start())
                kinds.append(blanks)
        if options.repeated_spaces:
            kinds.append(
                [
                    (m.start(), m.end(), " ", f"{m.end() - m.start()} spaces between words")
                    for m in _REPEATED.finditer(text)
                ]
            )
        kinds = [spots for spots in kinds if spots]
        if not kinds:
            return
        # Sorted by span; a span found twice keeps the first kind.
        spots = kinds[0] if len(kinds) == 1 else sorted(chain.from_iterable(kinds), key=_span)
        code = target.analysis.code_blocks
        code_starts = [start for start, _ in code]
        # (in Markdown's indented code, runs of spaces align: not repeated spaces; with
        # no blank line allowed, the fix removes the one a block needs, and it is none)
        indents = "\n    " in text or "\n\t" in text
        aligned = _indented_blocks(text) if indents and options.max_blank_lines != 0 else []
        blank_starts = [spot[0] for spot in blanks]
        previous = (-1, -1)
        for start, end, replacement, what in spots:
            if (start, end) == previous:
                continue
            previous = (start, end)
            if ends and _within_ends(ends, start, end):
                continue
            if code:
                block = bisect_right(code_starts, start) - 1
                if block >= 0 and start < code[block][1]:
                    continue
            if blanks and not _apart_from_blanks(blanks, blank_starts, start, end):
                continue  # spaces on a blank line go with the blank lines' fix
            if aligned and replacement == " " and any(s <= start < e for s, e in aligned):
                continue
            fix = Fix(start, end, replacement, safe=what is not _HARD_BREAK)
            yield Finding(start, end, {"what": what, "count": end - start}, fix)

    def _blank_runs(self, text: str, pos: int) -> list[_Spot]:
        """Runs of more blank lines than allowed from ``pos`` on, with their fixes."""
        pattern = self._blank_lines
        assert pattern is not None
        keep = (self.options.max_blank_lines or 0) + 1  # line breaks in a row that are fine
        spots: list[_Spot] = []
        for m in pattern.finditer(text, pos, len(text.rstrip())):
            # Starting at "\n" (not "\r?") keeps the search from being tried at
            # every character; a "\r" just before belongs to the run.
            start = m.start() - 1 if m.start() and text[m.start() - 1] == "\r" else m.start()
            newline = "\r\n" if text[start] == "\r" else "\n"
            blanks = m.group().count("\n") - 1
            what = f"{blanks} blank lines in a row; at most {keep - 1} wanted"
            spots.append((start, m.end(), newline * keep, what))
        return spots


#: A line of Markdown's indented code: four spaces or a tab, then something.
_INDENTED_LINE_RE = re.compile(r"(?: {4}|\t)[^\n]*\S")


def _indented_blocks(text: str) -> list[tuple[int, int]]:
    """Markdown's indented code blocks: runs of lines indented by four spaces or a tab
    that follow a blank line after some text (one cannot interrupt a paragraph; and the
    white space before the first text is the response's, which its fix removes), with
    the blank lines between them; each span from its first line's start to its last
    indented line's end. Lines inside a list item are taken too, which leaves their
    alignment alone."""
    blocks: list[tuple[int, int]] = []
    start = end = -1
    after_blank = text_seen = False
    position = 0
    for line in text.split("\n"):
        line_end = position + len(line)
        if not line.strip():
            after_blank = text_seen
        elif _INDENTED_LINE_RE.match(line) and (after_blank or start >= 0):
            if start < 0:
                start = position
            end = line_end
            after_blank = False
        else:
            if start >= 0:
                blocks.append((start, end))
                start = -1
            after_blank = False
            text_seen = True
        position = line_end + 1
    if start >= 0:
        blocks.append((start, end))
    return blocks


def _apart_from_blanks(blanks: list[_Spot], starts: list[int], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a blank-line run or lies outside every one.

    The runs are sorted and do not overlap: only the last one starting at or before
    ``start`` can hold the span.
    """
    run = bisect_right(starts, start) - 1
    if run < 0:
        return True
    run_start, run_end = blanks[run][0], blanks[run][1]
    return (run_start == start and run_end == end) or end > run_end


def _within_ends(ends: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside white space at the start or end of the
    text without being all of it."""
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e in ends)


def _trailing(text: str) -> list[_Spot]:
    """The runs of spaces and tabs before a line break, in text order."""
    size = len(text)
    spots = []
    for m in _TRAILING_REVERSED.finditer(text[::-1]):
        start, end = size - m.end(1), size - m.start(1)
        what = _HARD_BREAK if _is_hard_break(text, start, end) else _TRAILING
        spots.append((start, end, "", what))
    spots.reverse()
    return spots


_TRAILING = "trailing whitespace at the end of a line"
#: Two or more spaces at the end of a line before more text: a Markdown (CommonMark)
#: hard line break ("[Your Name]  \n[Your Title]"). Reported, but removing them joins
#: the two lines where the text is rendered: an unsafe fix.
_HARD_BREAK = "two spaces at the end of a line (a Markdown line break)"


def _is_hard_break(text: str, start: int, end: int) -> bool:
    if end - start < 2 or text[start:end].strip(" "):
        return False  # (one space, or tabs: no line break in Markdown)
    if start == 0 or text[start - 1] in "\r\n":
        return False  # (a line of spaces alone is a blank line)
    after = end + (2 if text.startswith("\r\n", end) else 1)
    line_end = text.find("\n", after)
    return bool(text[after : len(text) if line_end < 0 else line_end].strip())


def _surrounding(text: str, start: bool = True) -> list[_Spot]:
    spots: list[_Spot] = []
    lead = len(text) - len(text.lstrip()) if start else 0
    if lead:
        spots.append((0, lead, "", "whitespace at the start of the response"))
    stripped_end = len(text.rstrip())
    if stripped_end < len(text) and stripped_end > 0:
        spots.append((stripped_end, len(text), "", "whitespace at the end of the response"))
    return spots
