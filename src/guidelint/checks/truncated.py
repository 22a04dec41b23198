"""A response that stops in the middle of a sentence.

What it does
------------
Reports a text whose last line of prose does not end with one of ``endings``
(closing quotes, brackets and emphasis marks after the punctuation are looked
through). Texts whose last line is a list item, a table row, a heading or the end of
a fenced code block are not judged: they end without punctuation by nature. Nor are
texts that end with a sign-off (``Best regards,`` then a name; ``Cheers``; ``Thanks``),
a link, or an emoji or emoticon (``Glad to help 😊``, ``:)``): complete, if informal.
The span is the unfinished last sentence, from the last sentence end (an ending
followed by a space: not the point of ``4.50`` or of a link).

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

_CLOSERS = "\"'”’)]*_»`"
_NOT_PROSE = re.compile(r"\s*(?:[-*+•]\s|\d+[.)]\s|\||#|```|~~~)")
# A closing of a letter or message, alone on the last line or before a name there (a
# name: capitalised words or bracketed placeholders, "Anna", "The Nimbus Team", "[Your
# Name]"; "Thanks, we will email you the" is prose cut off).
_NAME = r"(?:[A-Z\[][\w.'’\]&-]*)(?:\s+(?:[A-Z\[&][\w.'’\]&-]*|of|the|and|at))*"
_SIGN_OFF = re.compile(
    r"(?i:(?:best|kind|warm|warmest|many|with)\s+(?:regards|wishes|thanks)|regards|"
    r"cheers|thanks(?:\s+(?:again|so\s+much|a\s+lot))?|thank\s+you(?:\s+again)?|sincerely|"
    r"yours(?:\s+(?:truly|sincerely))?|warmly|take\s+care|all\s+the\s+best|best|"
    r"talk\s+soon|see\s+you(?:\s+soon)?|love)(?:[,!]\s*" + _NAME + r")?[.!]?"
)
# An emoticon at the very end, after a space or alone: :) :-) ;) :D :P <3 ^_^ and the
# like (not "1:3", "x=3" or "section 8)").
_EMOTICON = re.compile(r"(?:^|\s)(?:[:;=][-'^]?[)(\]\[dDpP/\\|*]+|<3|\^_?\^|xD|XD)$")
_LINK = re.compile(r"(?i)(?:https?://|ftp://|www\.)\S+$")


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
        if _informal_end(text, last_line):
            return
        start = _last_sentence_end(text, self.options.endings)
        start = max(start, text.rfind("\n") + 1)
        while start < len(text) and text[start].isspace():
            start += 1
        tail = text[start:]
        yield Finding(start, len(text), {"tail": tail if len(tail) <= 40 else "…" + tail[-39:]})


def _informal_end(text: str, last_line: str) -> bool:
    """Whether the text ends complete without punctuation: with a sign-off (its last
    line a closing, or a short line after one that ends with a comma: "Best regards,"
    then a name), a link, or an emoji or emoticon."""
    line = last_line.strip()
    sentence = line[_last_sentence_end(line, (".", "!", "?")) :].strip()
    if _SIGN_OFF.fullmatch(line) or _SIGN_OFF.fullmatch(sentence):
        return True
    before = text[: len(text) - len(last_line)].rstrip()
    if before.endswith(",") and len(line.split()) <= 8 and len(line) <= 60:
        previous = before[before.rfind("\n") + 1 :].strip().rstrip(",")
        previous = previous[_last_sentence_end(previous, (".", "!", "?")) :].strip()
        if _SIGN_OFF.fullmatch(previous):
            return True
    if _LINK.search(line) or _EMOTICON.search(line):
        return True
    return _is_emoji(text[-1])


def _is_emoji(char: str) -> bool:
    """Whether ``char`` ends an emoji: a pictograph (not any symbol: ° © ™ end prose),
    a variation selector, a joiner or a skin tone."""
    code = ord(char)
    return (
        0x1F000 <= code <= 0x1FAFF  # pictographs, emoticons, skin tones, …
        or 0x2600 <= code <= 0x27BF  # miscellaneous symbols, dingbats (☀ ✨ ❤)
        or char in "\ufe0f\u200d\u2b50\u2b55"
    )


def _last_sentence_end(text: str, endings: tuple[str, ...]) -> int:
    """Where the text after the last sentence end starts: after the last ending that
    is followed by white space (a point inside "4.50" or a link ends no sentence)."""
    best = 0
    for end in endings:
        pos = len(text)
        while True:
            pos = text.rfind(end, 0, pos)
            if pos < 0:
                break
            after = pos + len(end)
            if after < len(text) and text[after].isspace():
                best = max(best, after)
                break
    return best
