"""A response that stops in the middle of a sentence.

What it does
------------
Reports a text whose last line of prose does not end with one of ``endings``
(closing quotes, brackets and emphasis marks after the punctuation are looked
through). Texts whose last line is a list item, a table row, a heading or the end of
a fenced code block are not judged: they end without punctuation by nature. The span
is the unfinished last sentence.

Why
---
Generations cut off at a token limit, and answers pasted in part, look complete in a
spreadsheet; a model trained on them learns to stop mid-sentence.

Options
-------
* ``endings``: the characters a complete text ends with.

Message params: ``tail`` (the unfinished last sentence, at most 40 characters).

Example
-------
The rule::

    - id: cut-off-response
      check: truncated
      severity: warning

Passing::

    response: Open Settings and choose Plan. The new price applies from your next bill.

Failing ("the response ends mid-sentence: 'The new price applies from'")::

    response: Open Settings and choose Plan. The new price applies from

Fix safety
----------
No fix: only the author knows how the sentence ends. ``--fix`` leaves these
violations as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import Field

from guidelint.checks.base import Check, CheckOptions, Finding, Target

_CLOSERS = "\"'”’)]*_»"
_NOT_PROSE = re.compile(r"\s*(?:[-*+•]\s|\d+[.)]\s|\||#|```|~~~)")


class TruncatedOptions(CheckOptions):
    endings: tuple[str, ...] = Field(default=(".", "!", "?", "…", ";"), min_length=1)


class TruncatedCheck(Check):
    """Report a text whose last sentence is unfinished."""

    Options = TruncatedOptions
    default_message = "the response ends mid-sentence: '{tail}'"

    def check(self, target: Target) -> Iterable[Finding]:
        assert isinstance(self.options, TruncatedOptions)
        text = target.value.rstrip()
        last_line = text[text.rfind("\n") + 1 :]
        if not text or _NOT_PROSE.match(last_line):
            return
        if text.rstrip(_CLOSERS).endswith(self.options.endings):
            return
        start = max(text.rfind(end) for end in self.options.endings) + 1
        start = max(start, text.rfind("\n") + 1)
        while start < len(text) and text[start].isspace():
            start += 1
        tail = text[start:]
        yield Finding(start, len(text), {"tail": tail if len(tail) <= 40 else "…" + tail[-39:]})
