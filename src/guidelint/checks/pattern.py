"""Forbid or require a regular expression.

What it does
------------
The pattern uses the syntax of the ``regex`` module (a superset of Python's ``re``).
In ``forbid`` mode every match is a violation, with its span; in ``require`` mode a
text without any match is one violation at the start of the text.

Why
---
Left-over placeholders (``[TODO]``), internal links or a missing required line (a
source, a sign-off) are mistakes a regular expression finds reliably, before they are
learned.

Options
-------
* ``pattern``: the regular expression.
* ``mode``: ``forbid`` or ``require``.
* ``case_sensitive``: match case exactly (otherwise the
  ``ignorecase`` flag is added).
* ``flags``: more flags by name: ``multiline`` (``m``: ``^`` and
  ``$`` match at every line), ``dotall`` (``s``: ``.`` matches newlines), ``verbose``
  (``x``), ``ascii`` (``a``), ``ignorecase`` (``i``).
* ``normalize_quotes``: match on the text with typographic
  apostrophes and quotes made plain (``I’m`` → ``I'm``); spans still refer to the
  original text. Leave it off to forbid typographic quotes themselves.
* ``timeout``: seconds the pattern may run on one text; beyond that
  the rule reports a ``RegexTimeout`` for that text.

Message parameters: ``{match}`` (the matched text; empty in ``require`` mode),
``{pattern}``, ``{mode}``, ``{count}`` (matches in this text; 0 in ``require`` mode),
``{outcome}`` (``matched '…'`` or ``not found (required)``).

Example
-------
.. code-block:: yaml

    - id: no-placeholders
      check: pattern
      pattern: '\\[(?:TODO|TBD|insert [^\\]]*)\\]'

passes ``Your order ships on Monday.`` and fails ``Your order ships on [TBD].``

.. code-block:: yaml

    - id: cites-a-source
      check: pattern
      mode: require
      pattern: '^Source: \\S+'
      flags: [multiline]

passes ``Rates rose in May.\\nSource: ecb.europa.eu`` and fails ``Rates rose in May.``

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import regex
from pydantic import Field, field_validator, model_validator

from guidelint.checks.base import Check, CheckOptions, Description, Finding, Target
from guidelint.checks.matching import (
    DEFAULT_TIMEOUT,
    compile_user_regex,
    deadline_after,
    iter_matches,
)
from guidelint.text.prefilter import Prefilter, regex_prefilter

#: Flag names accepted in ``flags`` (long and one-letter forms).
FLAG_NAMES: dict[str, int] = {
    **dict.fromkeys(("ignorecase", "i"), regex.IGNORECASE),
    **dict.fromkeys(("multiline", "m"), regex.MULTILINE),
    **dict.fromkeys(("dotall", "s"), regex.DOTALL),
    **dict.fromkeys(("verbose", "x"), regex.VERBOSE),
    **dict.fromkeys(("ascii", "a"), regex.ASCII),
}


def parse_flags(names: Iterable[str]) -> int:
    """The ``regex`` flags named in ``names`` (``ignorecase``, ``multiline``, …)."""
    value = 0
    for name in names:
        try:
            value |= FLAG_NAMES[name.lower()]
        except KeyError:
            known = ", ".join(n for n in FLAG_NAMES if len(n) > 1)
            raise ValueError(f"unknown regex flag {name!r} (known flags: {known})") from None
    return value


class PatternOptions(CheckOptions):
    pattern: str
    mode: Literal["forbid", "require"] = "forbid"
    case_sensitive: bool = False
    flags: list[str] = Field(default=[])
    normalize_quotes: bool = False
    timeout: float = Field(DEFAULT_TIMEOUT, gt=0)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        """A pattern that no flag can make valid is said at `pattern:` itself (the
        flags are checked with it below)."""
        if not value:
            return value
        try:
            compile_user_regex(value, 0)
        except ValueError:
            try:
                compile_user_regex(value, int(regex.VERBOSE))  # (comments, white space)
            except ValueError:
                compile_user_regex(value, 0)  # (raises the first error again)
        return value

    @field_validator("flags", mode="before")
    @classmethod
    def _one_flag(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: list[str]) -> list[str]:
        parse_flags(value)
        return value

    @model_validator(mode="after")
    def _valid(self) -> PatternOptions:
        if not self.pattern:
            raise ValueError("'pattern' is empty")
        if self.case_sensitive and self.regex_flags & regex.IGNORECASE:
            raise ValueError("'case_sensitive: true' contradicts the 'ignorecase' flag")
        compile_user_regex(self.pattern, self.regex_flags)
        return self

    @property
    def regex_flags(self) -> int:
        flags = parse_flags(self.flags)
        return flags if self.case_sensitive else flags | int(regex.IGNORECASE)


class PatternCheck(Check):
    """Report matches of a forbidden pattern, or texts lacking a required one."""

    Options = PatternOptions
    analysis = frozenset({"lower_plain", "plain"})
    default_message = "pattern /{pattern}/ {outcome}"

    @classmethod
    def describe(cls, options: CheckOptions) -> Description:
        """A forbidden pattern (a required one is no ban)."""
        assert isinstance(options, PatternOptions)
        return Description(patterns=(options.pattern,) if options.mode == "forbid" else ())

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        if not isinstance(options, PatternOptions):
            raise TypeError(f"{type(self).__name__} needs PatternOptions")
        self.opts = options
        self.compiled = compile_user_regex(options.pattern, options.regex_flags)
        self._prefilter = regex_prefilter(options.pattern, options.regex_flags)

    def prefilter(self) -> Prefilter | None:
        """What a text must contain to match (see :mod:`guidelint.text.prefilter`).

        None in ``require`` mode: a text that cannot match is reported, not skipped.
        """
        return self._prefilter if self.opts.mode == "forbid" else None

    def check(self, target: Target) -> Iterable[Finding]:
        opts = self.opts
        text = target.value
        base = {"pattern": opts.pattern, "mode": opts.mode}
        if self._prefilter is not None and not self._prefilter.may_match(target.analysis):
            if opts.mode == "forbid":
                return []
            params = {**base, "match": "", "count": 0, "outcome": "not found (required)"}
            return [Finding(0, 0, params=params)]
        haystack = target.analysis.plain if opts.normalize_quotes else text
        matches = iter_matches(
            self.compiled,
            haystack,
            deadline=deadline_after(opts.timeout),
            timeout=opts.timeout,
            rule_id=self.rule_id,
            source=opts.pattern,
        )
        if opts.mode == "require":
            if next(matches, None) is not None:
                return []
            params = {**base, "match": "", "count": 0, "outcome": "not found (required)"}
            return [Finding(0, 0, params=params)]
        spans = [m.span() for m in matches]
        return [
            Finding(
                start,
                end,
                params={
                    **base,
                    "match": text[start:end],
                    "count": len(spans),
                    "outcome": f"matched '{text[start:end]}'",
                },
            )
            for start, end in spans
        ]
