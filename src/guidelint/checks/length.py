"""A response is too short or too long.

What it does
------------
Counts the text in one ``unit`` and compares the count with hard bounds (``min``,
``max``, reported at the rule's severity) and an optional softer ``optimal`` range
(reported at ``optimal_severity``), so "100-300 words is optimal, never under 30 or
over 500" is one rule. A count outside the hard bounds is reported once, as
``too_short`` or ``too_long``; a count inside them but outside the optimal range is
reported as ``below_optimal`` or ``above_optimal``.

Why
---
Responses far shorter or longer than the guideline asks for teach a model the wrong
length; the optimal range catches drift before it breaks a hard bound.

Options
-------
* ``unit``: ``words``, ``characters`` (of the text without
  leading and trailing white space), ``sentences`` or ``paragraphs`` (blocks
  separated by blank lines). A word is a run of letters, digits and ``_``, joined by
  ``'`` or ``-`` ("don't" and "state-of-the-art" are one word each) and by a point or
  comma between two digits ("1.5", "1,000" and "v1.2.3" are one word each); a web
  address (``https://…``, ``www.…``, up to white space, a quote or an angle bracket,
  without trailing punctuation) is one word, as word processors count it; any other
  character separates words, so "U.S.A." counts as three words. A sentence ends at
  ``.``, ``!`` or ``?`` before white space, but not after a common abbreviation
  ("e.g.", "Dr."), after "a.m." or "D.C." before a lower-case word, or after an
  initial ("John F. Kennedy", "by F. Scott Fitzgerald"); "Choose plan B. Then pay."
  is two.
* ``min``: fewest units allowed.
* ``max``: most units allowed.
* ``optimal``: ``{min: …, max: …}``, the range a good text falls in;
  either end may be left out.
* ``optimal_severity``: severity of the optimal-range findings.

At least one of ``min``, ``max`` and ``optimal`` must be set; ``min`` may not exceed
``max``, and the optimal range must lie inside them.

Message params: ``count``, ``unit`` (singular or plural to match ``count``), ``min``
and ``max`` (of the range that was broken), ``bound`` (the limit that was crossed),
``kind`` (``too_short``, ``too_long``, ``below_optimal``, ``above_optimal``),
``expected`` ("at least 30 required", "100-300 is optimal") and ``role``. The span
is the whole text.

Example
-------
The rule::

    - id: response-length
      check: length
      severity: warning
      unit: words
      min: 30
      max: 500
      optimal: {min: 100, max: 300}

Passing (180 words)::

    instruction: How do I change my plan?
    response: You can change your plan at any time from Settings … (180 words)

Failing (``too_short``: "response has 11 words; at least 30 required")::

    instruction: How do I change my plan?
    response: Go to Settings, then Plan, and choose the one you want.

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import NonNegativeInt, model_validator

from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.model import Severity

Unit = Literal["words", "characters", "sentences", "paragraphs"]

_SINGULAR = {
    "words": "word",
    "characters": "character",
    "sentences": "sentence",
    "paragraphs": "paragraph",
}


class OptimalRange(CheckOptions):
    """The softer range a good text falls in."""

    min: NonNegativeInt | None = None
    max: NonNegativeInt | None = None

    @model_validator(mode="after")
    def _check_range(self) -> OptimalRange:
        if self.min is None and self.max is None:
            raise ValueError("optimal needs a min, a max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"optimal min ({self.min}) is greater than optimal max ({self.max})")
        return self


class LengthOptions(CheckOptions):
    unit: Unit = "words"
    min: NonNegativeInt | None = None
    max: NonNegativeInt | None = None
    optimal: OptimalRange | None = None
    optimal_severity: Severity = Severity.INFO

    @model_validator(mode="after")
    def _check_bounds(self) -> LengthOptions:
        if self.min is None and self.max is None and self.optimal is None:
            raise ValueError("set at least one of min, max or optimal")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        optimal = self.optimal
        if optimal is not None:
            for value in (optimal.min, optimal.max):
                if value is None:
                    continue
                if self.min is not None and value < self.min:
                    raise ValueError(
                        f"the optimal range must lie inside min..max: {value} is below min "
                        f"({self.min})"
                    )
                if self.max is not None and value > self.max:
                    raise ValueError(
                        f"the optimal range must lie inside min..max: {value} is above max "
                        f"({self.max})"
                    )
        return self


def count_units(target: Target, unit: Unit) -> int:
    """How many ``unit`` the target's text holds."""
    analysis = target.analysis
    if unit == "words":
        return analysis.word_count
    if unit == "characters":
        return len(target.value.strip())
    if unit == "sentences":
        return len(analysis.sentences)
    return len(analysis.paragraphs)


def _optimal_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}-{high} is optimal" if low != high else f"exactly {low} is optimal"
    if low is not None:
        return f"{low} or more is optimal"
    return f"{high} or fewer is optimal"


class LengthCheck(Check):
    """Report texts whose length is outside the hard bounds or the optimal range."""

    Options = LengthOptions
    analysis = frozenset({"paragraphs", "sentences", "words"})
    cheap = True  # a few µs per text: runs before a costly `when`
    default_message = "{role} has {count} {unit}; {expected}"

    def check(self, target: Target) -> Iterator[Finding]:
        options = self.options
        assert isinstance(options, LengthOptions)
        if (
            options.unit == "words"
            and options.max is None
            and options.optimal is None
            and target.analysis.has_words(options.min or 0)
        ):
            return  # only a minimum, and it is met: no need to count every word
        count = count_units(target, options.unit)
        broken = _broken_range(options, count)
        if broken is None:
            return
        kind, low, high, bound = broken
        if kind == "too_short":
            expected = f"at least {bound} required"
        elif kind == "too_long":
            expected = f"at most {bound} allowed"
        else:
            expected = _optimal_text(low, high)
        params = {
            "count": count,
            "unit": _SINGULAR[options.unit] if count == 1 else options.unit,
            "min": low,
            "max": high,
            "bound": bound,
            "kind": kind,
            "expected": expected,
            "role": target.text.role,
        }
        text = target.value
        stripped = text.strip()
        start = len(text) - len(text.lstrip()) if stripped else 0
        hard = kind in ("too_short", "too_long")
        severity = None if hard else options.optimal_severity
        yield Finding(start, start + len(stripped), params=params, severity=severity)


def _broken_range(
    options: LengthOptions, count: int
) -> tuple[str, int | None, int | None, int] | None:
    """(kind, min, max, bound) of the range ``count`` is outside of, or None."""
    if options.min is not None and count < options.min:
        return "too_short", options.min, options.max, options.min
    if options.max is not None and count > options.max:
        return "too_long", options.min, options.max, options.max
    optimal = options.optimal
    if optimal is not None:
        if optimal.min is not None and count < optimal.min:
            return "below_optimal", optimal.min, optimal.max, optimal.min
        if optimal.max is not None and count > optimal.max:
            return "above_optimal", optimal.min, optimal.max, optimal.max
    return None
