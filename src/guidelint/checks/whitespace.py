"""Stray whitespace in a response (check ``whitespace``), with safe fixes.

Annotation tools and copy-paste leave whitespace that a model then learns to emit:
spaces at the end of lines, runs of spaces between words, blank lines piled up, and
whitespace around the whole response. Every finding carries a safe fix, so
``guidelint check --fix`` normalises it without changing what the text says.
Fenced code blocks are left alone (indentation and alignment matter there).

Options
-------
* ``trailing_spaces`` (default ``true``): spaces or tabs before a line break.
* ``repeated_spaces`` (default ``true``): two or more spaces between words (not the
  indentation at the start of a line), replaced by one.
* ``max_blank_lines`` (default ``1``): more blank lines in a row than this are
  reduced to this many; ``null`` turns it off.
* ``surrounding`` (default ``true``): whitespace at the very start or end of the text.

Message parameters: ``{what}`` (what was found), ``{count}`` (its length in characters).

Example
-------
.. code-block:: yaml

    - id: stray-whitespace
      check: whitespace
      severity: info

passes ``Open Settings, then Billing.`` and fails ``Open Settings,  then Billing. ``
(a double space and a trailing space; ``--fix`` removes both).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field

from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.model import Fix

_TRAILING = re.compile(r"[ \t]+(?=\r?\n)")
_REPEATED = re.compile(r"(?<=\S)[ ]{2,}(?=\S)")


class WhitespaceOptions(CheckOptions):
    trailing_spaces: bool = True
    repeated_spaces: bool = True
    max_blank_lines: int | None = Field(default=1, ge=0)
    surrounding: bool = True


class WhitespaceCheck(Check):
    name = "whitespace"
    Options = WhitespaceOptions
    default_message = "{what}"
    options: WhitespaceOptions

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        blank = self.options.max_blank_lines
        # More than `blank` blank lines: `blank + 2` line breaks or more in a row.
        self._blank_lines = (
            None if blank is None else re.compile(r"\n(?:[ \t]*\r?\n){" + str(blank + 1) + ",}")
        )

    def check(self, target: Target) -> Iterator[Finding]:
        text = target.value
        if not text or (" " not in text and "\n" not in text and "\t" not in text):
            return
        code = target.analysis.code_blocks if "```" in text or "~~~" in text else []
        found: list[Finding] = []
        options = self.options
        if options.surrounding:
            found.extend(_surrounding(text))
        if options.trailing_spaces and _has_trailing(text):
            found.extend(
                _finding(m.start(), m.end(), "", "trailing whitespace at the end of a line")
                for m in _TRAILING.finditer(text)
            )
        if options.repeated_spaces and "  " in text:
            found.extend(
                _finding(m.start(), m.end(), " ", f"{m.end() - m.start()} spaces between words")
                for m in _REPEATED.finditer(text)
            )
        blank_spans: list[tuple[int, int]] = []
        pattern = self._blank_lines
        if pattern is not None and ("\n\n" in text or "\n\r\n" in text):
            keep = (options.max_blank_lines or 0) + 1  # line breaks in a row that are fine
            for m in pattern.finditer(text, 0, len(text.rstrip())):
                # Starting at "\n" (not "\r?") keeps the search from being tried at
                # every character; a "\r" just before belongs to the run.
                start = m.start() - 1 if m.start() and text[m.start() - 1] == "\r" else m.start()
                newline = "\r\n" if text[start] == "\r" else "\n"
                blanks = m.group().count("\n") - 1
                blank_spans.append((start, m.end()))
                found.append(
                    _finding(
                        start,
                        m.end(),
                        newline * keep,
                        f"{blanks} blank lines in a row; at most {keep - 1} wanted",
                    )
                )
        seen: set[tuple[int, int]] = set()
        for finding in sorted(found, key=lambda f: (f.start, f.end)):
            span = (finding.start, finding.end)
            if span in seen or any(s <= finding.start < e for s, e in code):
                continue
            if span not in blank_spans and any(
                s <= span[0] and span[1] <= e for s, e in blank_spans
            ):
                continue  # spaces on a blank line go with the blank lines' fix
            seen.add(span)
            yield finding


def _has_trailing(text: str) -> bool:
    # The regular expression is tried at every space; most texts have no space or
    # tab before a line break, and these substring tests rule that out in one pass.
    return " \n" in text or "\t\n" in text or " \r\n" in text or "\t\r\n" in text


def _surrounding(text: str) -> Iterator[Finding]:
    lead = len(text) - len(text.lstrip())
    if lead:
        yield _finding(0, lead, "", "whitespace at the start of the response")
    stripped_end = len(text.rstrip())
    if stripped_end < len(text) and stripped_end > 0:
        yield _finding(stripped_end, len(text), "", "whitespace at the end of the response")


def _finding(start: int, end: int, replacement: str, what: str) -> Finding:
    return Finding(
        start=start,
        end=end,
        params={"what": what, "count": end - start},
        fix=Fix(start, end, replacement, safe=True),
    )
