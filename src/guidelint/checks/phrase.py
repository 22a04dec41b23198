"""Ban phrases: literal strings and/or regular expressions.

What it does
------------
One violation is reported per occurrence, with its exact span. Matching is
case-insensitive by default, and typographic apostrophes and quotes count as plain
ones, in the text and in the phrases (``I’m`` matches ``I'm`` and the other way round).
A literal phrase's accented letter matches whether it is written as one character or as
a letter and a combining accent (Unicode NFC or NFD: ``naïve`` either way). Words of a
web or e-mail address are not phrases (``utilize`` in ``https://example.com/utilize``).

Why
---
Boilerplate such as "As an AI language model" or "I cannot" teaches a model to hedge and
to talk about itself instead of answering; a guideline bans it, and each occurrence in
the training data is one more example of it.

Options
-------
* ``phrases``: literal phrases to ban.
* ``patterns``: regular expressions to ban (``regex`` module syntax,
  run on the text with typographic quotes made plain, as are the patterns). No word
  boundaries are added: write ``\\b`` yourself. Empty matches are ignored.
* ``case_sensitive``: match case exactly.
* ``word_boundary``: a literal phrase matches only where it does not
  run on into a word (``cannot`` does not match ``cannoted``; a side that starts or
  ends with punctuation, like ``e.g.``, is not restricted).
* ``fuzzy`` (off; at most ``3``): also match literal phrases with up to
  this many edits (a letter inserted, deleted or replaced), so ``As an Al language
  model`` is caught by ``as an AI language model`` with ``fuzzy: 1``.
* ``fuzzy_min_length``: a literal phrase gets one edit per this many
  characters, up to ``fuzzy``: shorter phrases always match exactly (one edit turns a
  short word into another word), and with ``fuzzy: 2`` a phrase needs 16 characters
  for two edits (``I cannot`` gets one edit, ``as an AI language model`` two).
* ``exceptions``: what is allowed: a banned match that lies entirely
  inside an exception's match is not reported (ban ``I cannot`` but allow ``I cannot
  recommend .{1,40} enough``). Each exception is a regular expression (a plain phrase
  is one; write ``\\.``, ``\\?``, ``\\(`` for those characters), matched like
  ``phrases``: same case rule, plain quotes, and word boundaries at word edges.
* ``timeout``: seconds the regular expressions of this rule may run on
  one text; beyond that the rule reports a ``RegexTimeout`` for that text.

When matches overlap, the earliest (then the longest) is reported.

Message parameters: ``{match}`` (the text as written), ``{phrase}`` (the phrase or
pattern that matched, as written in the rule), ``{count}`` (matches in this text).

Example
-------
.. code-block:: yaml

    - id: no-ai-disclaimer
      check: phrase
      phrases: ["as an AI language model", "I'm just a language model", "I cannot"]
      fuzzy: 1
      exceptions: ["I cannot recommend .{1,40} enough", "I cannot wait"]

passes ``I cannot recommend the Starter plan enough.`` and fails
``As an Al language model, I cannot browse the web.`` (two violations) and
``I’m just a language model.``

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import regex
from pydantic import Field, field_validator, model_validator

from guidelint.checks.base import Check, CheckOptions, Description, Finding, Target
from guidelint.checks.matching import (
    DEFAULT_TIMEOUT,
    CompiledRegex,
    LiteralMatcher,
    Piece,
    bounded_source,
    compile_user_regex,
    deadline_after,
    iter_led_matches,
    iter_matches,
)
from guidelint.text import TextAnalysis, to_plain
from guidelint.text.prefilter import (
    Prefilter,
    PrefilterSet,
    leading_literals,
    regex_prefilter,
    union,
)

MAX_FUZZY = 3


class PhraseOptions(CheckOptions):
    phrases: list[str] = Field(default=[])
    patterns: list[str] = Field(default=[])
    case_sensitive: bool = False
    word_boundary: bool = True
    fuzzy: int = 0
    fuzzy_min_length: int = Field(8, ge=1)
    exceptions: list[str] = Field(default=[])
    timeout: float = Field(DEFAULT_TIMEOUT, gt=0)

    @field_validator("phrases", "exceptions")
    @classmethod
    def _no_blank_phrase(cls, value: list[str]) -> list[str]:
        for i, phrase in enumerate(value):
            if not phrase.strip():
                raise ValueError(f"the {_ordinal(i + 1)} entry is empty; remove it")
        return value

    @field_validator("fuzzy")
    @classmethod
    def _fuzzy_range(cls, value: int) -> int:
        if not 0 <= value <= MAX_FUZZY:
            raise ValueError(
                f"fuzzy must be between 0 (exact) and {MAX_FUZZY} edits, got {value}; "
                "more edits match almost anything"
            )
        return value

    @model_validator(mode="after")
    def _valid(self) -> PhraseOptions:
        if not self.phrases and not self.patterns:
            raise ValueError("give at least one of 'phrases' (literals) or 'patterns' (regexes)")
        for key in ("patterns", "exceptions"):
            for source in getattr(self, key):
                compile_user_regex(to_plain(source), self.regex_flags, what=f"{key} entry")
        return self

    @property
    def regex_flags(self) -> int:
        return 0 if self.case_sensitive else int(regex.IGNORECASE)


class PhraseCheck(Check):
    """Report every occurrence of a banned phrase or pattern."""

    Options = PhraseOptions
    analysis = frozenset({"lower_plain", "plain"})
    default_message = "banned phrase '{match}'"

    @classmethod
    def describe(cls, options: CheckOptions) -> Description:
        """The banned phrases and patterns, as written."""
        assert isinstance(options, PhraseOptions)
        return Description(phrases=tuple(options.phrases), patterns=tuple(options.patterns))

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        if not isinstance(options, PhraseOptions):
            raise TypeError(f"{type(self).__name__} needs PhraseOptions")
        self.opts = options
        self.literals = LiteralMatcher(
            options.phrases,
            case_sensitive=options.case_sensitive,
            word_boundary=options.word_boundary,
            fuzzy=options.fuzzy,
            fuzzy_min_length=options.fuzzy_min_length,
        )
        flags, boundary = options.regex_flags, options.word_boundary
        self.regexes = [(compile_user_regex(to_plain(p), flags), p) for p in options.patterns]
        self._regex_filters = [regex_prefilter(to_plain(p), flags) for p in options.patterns]
        #: The strings each pattern's matches start with, where known: it is tried there
        #: only (:func:`iter_led_matches`), not scanned over the whole text.
        self._leads = [leading_literals(to_plain(p), flags) for p in options.patterns]
        self._regex_gate = PrefilterSet(self._regex_filters)
        self.exceptions = [
            (compile_user_regex(bounded_source(to_plain(p), word_boundary=boundary), flags), p)
            for p in options.exceptions
        ]
        self.labels = [*options.phrases, *options.patterns]

    def pieces(self) -> list[Piece]:
        """Every alternative of this rule, for merging phrase rules into one matcher.

        Literal and fuzzy pieces expect the lower-cased plain text unless the rule is
        case-sensitive; regex pieces carry their case-insensitivity as ``(?i:…)``.
        """
        scope = "(?:" if self.opts.case_sensitive else "(?i:"
        regexes = [Piece("regex", f"{scope}{to_plain(p)})", p) for p in self.opts.patterns]
        return [*self.literals.pieces, *regexes]

    def prefilter(self) -> Prefilter | None:
        """What a text must contain for this rule to match (see :mod:`guidelint.text.prefilter`)."""
        parts = [self.literals.prefilter()] if self.literals else []
        return union(parts + self._regex_filters)

    def check(self, target: Target) -> Iterable[Finding]:
        text = target.value
        if not text:
            return []
        analysis = target.analysis
        deadline = deadline_after(self.opts.timeout)
        found = list(self._matches(analysis, deadline))
        if not found:
            return []
        if self.exceptions:
            allowed = self._exception_spans(analysis, deadline)
            found = [m for m in found if not any(s <= m[0] and m[1] <= e for s, e in allowed)]
        found = [m for m in found if not analysis.in_address(m[0], m[1])]  # (a link's words)
        if not found:
            return []
        matches = first_of_overlapping(found)
        count = len(matches)
        return [
            Finding(
                start,
                end,
                params={"match": text[start:end], "phrase": self.labels[index], "count": count},
            )
            for start, end, index in matches
        ]

    def _matches(self, analysis: TextAnalysis, deadline: float) -> Iterable[tuple[int, int, int]]:
        timeout, rule_id = self.opts.timeout, self.rule_id
        yield from self.literals.finditer(
            analysis, deadline=deadline, timeout=timeout, rule_id=rule_id
        )
        offset = len(self.opts.phrases)
        regexes, leads = self.regexes, self._leads
        haystack = self._lead_haystack(analysis)
        for i in self._regex_gate.possible(analysis):
            compiled, source = regexes[i]
            led = leads[i]
            if led is not None and haystack is not None:
                found = iter_led_matches(
                    compiled,
                    analysis.plain,
                    haystack,
                    led,
                    deadline=deadline,
                    timeout=timeout,
                    rule_id=rule_id,
                    source=source,
                )
            else:
                found = self._run(compiled, source, analysis.plain, deadline)
            for match in found:
                if match.end() > match.start():
                    yield match.start(), match.end(), offset + i

    def _lead_haystack(self, analysis: TextAnalysis) -> str | None:
        """Where the patterns' leading strings are looked for: the plain text, or its
        lower-cased form when the rule ignores case and lower-casing keeps every
        character where it was (:attr:`TextAnalysis.fold_safe`); None: scan instead."""
        if self.opts.case_sensitive:
            return analysis.plain
        return analysis.lower_plain if analysis.fold_safe else None

    def _exception_spans(self, analysis: TextAnalysis, deadline: float) -> list[tuple[int, int]]:
        return [
            match.span()
            for compiled, source in self.exceptions
            for match in self._run(compiled, source, analysis.plain, deadline)
        ]

    def _run(
        self, compiled: CompiledRegex, source: str, text: str, deadline: float
    ) -> Iterator[Any]:
        return iter_matches(
            compiled,
            text,
            deadline=deadline,
            timeout=self.opts.timeout,
            rule_id=self.rule_id,
            source=source,
        )


def first_of_overlapping(
    matches: Iterable[tuple[int, int, int]],
) -> list[tuple[int, int, int]]:
    """Sort by position (longest first at equal starts) and drop overlapping matches."""
    kept: list[tuple[int, int, int]] = []
    for match in sorted(matches, key=lambda m: (m[0], -m[1])):
        if kept and match[0] < kept[-1][1]:
            continue
        kept.append(match)
    return kept


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
