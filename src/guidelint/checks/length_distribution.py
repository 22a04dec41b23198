"""A summary of how long the responses are, per role.

What it does
------------
A dataset-level check that reports no violations, only a table in the run's report:
for each role in ``roles`` (``response``, ``chosen``, ``rejected``, ``candidate`` by
default), how many texts there are, the minimum, quartiles (nearest-rank: each is a
length that occurs) and maximum length, and, when an ``optimal`` range is given, the
share of texts inside it, below it and above it. A guideline that says "100-300
words is optimal" can see at a glance whether the dataset as a whole follows it, and
whether chosen responses are systematically longer than rejected ones.

Lengths are counted like the ``length`` check: words (the same word splitter), or
characters of the text without leading and trailing white space. Texts not trained
on (assistant turns with weight 0) are skipped.

Memory: one 4-byte count per text, in an ``array('I')`` per role (1 million
responses take 4 MB); the quartiles are computed once, at the end, on a sorted numpy view of it.

Why
---
Lengths drift between annotators and batches; a table of lengths per annotator and role
shows it before a model learns the longest annotator's style.

Options
-------
* ``roles``: the roles summarised.
* ``unit``: ``words`` or ``characters``.
* ``optimal``: ``{min: …, max: …}``, either end may be left out.

Example
-------
The rule::

    - id: length-distribution
      check: length_distribution
      severity: info
      optimal: {min: 100, max: 300}

Report (text format)::

    Length distribution in words (rule length-distribution)
      role      texts  min  q1   median  q3   max  in_optimal  below_optimal  above_optimal
      response  1200   4    96   160     240  912  71.3%       20.1%          8.6%

Fix safety
----------
No fix: it reports a table, not violations.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from pydantic import field_validator

from guidelint.checks.annotation import known_roles
from guidelint.checks.base import Check, CheckOptions, ReportSection
from guidelint.checks.length import OptimalRange
from guidelint.model import RESPONSE_ROLES, Record, Violation
from guidelint.text.wordchars import words_re

_MAX_COUNT = (1 << 32) - 1


class LengthDistributionOptions(CheckOptions):
    roles: tuple[str, ...] = ("response", "chosen", "rejected", "candidate")
    unit: Literal["words", "characters"] = "words"
    optimal: OptimalRange | None = None

    _known_roles = field_validator("roles", mode="before")(known_roles)


def nearest_rank(ordered: Sequence[int] | np.ndarray[Any, Any], share: float) -> int:
    """The nearest-rank percentile of sorted values (``share`` in 0..1)."""
    index = max(math.ceil(share * len(ordered)) - 1, 0)
    return int(ordered[index])


def count_length(text: str, unit: str) -> int:
    if unit == "characters":
        return len(text.strip())
    return sum(1 for _ in words_re(text).finditer(text))


class LengthDistributionCheck(Check):
    """Summarise the lengths of the responses, per role, in the report."""

    Options = LengthDistributionOptions
    scope = "dataset"
    default_applies_to = tuple(sorted(RESPONSE_ROLES))

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        assert isinstance(options, LengthDistributionOptions)
        self._opts = options
        self._counts: dict[str, array[int]] = {}

    def observe(self, record: Record, found: Sequence[Violation]) -> None:
        roles = self._opts.roles
        for text in record.texts:
            if text.role in roles and text.trained:
                counts = self._counts.setdefault(text.role, array("I"))
                counts.append(min(count_length(text.text, self._opts.unit), _MAX_COUNT))

    def report(self) -> ReportSection | None:
        if not self._counts:
            return None
        optimal = self._opts.optimal
        rows: list[dict[str, Any]] = []
        for role in (r for r in self._opts.roles if r in self._counts):
            counts = self._counts[role]
            ordered = np.sort(np.frombuffer(counts, dtype=np.dtype(f"u{counts.itemsize}")))
            row: dict[str, Any] = {
                "role": role,
                "texts": len(ordered),
                "min": int(ordered[0]),
                "q1": nearest_rank(ordered, 0.25),
                "median": nearest_rank(ordered, 0.5),
                "q3": nearest_rank(ordered, 0.75),
                "max": int(ordered[-1]),
                "in_optimal": None,
                "below_optimal": None,
                "above_optimal": None,
            }
            if optimal is not None:
                below = 0 if optimal.min is None else int(np.count_nonzero(ordered < optimal.min))
                above = 0 if optimal.max is None else int(np.count_nonzero(ordered > optimal.max))
                total = len(ordered)
                row["below_optimal"] = round(below / total, 4)
                row["above_optimal"] = round(above / total, 4)
                row["in_optimal"] = round((total - below - above) / total, 4)
            rows.append(row)
        notes: list[str] = ["quartiles are nearest-rank: each is a length that occurs."]
        if optimal is not None:
            low = "" if optimal.min is None else str(optimal.min)
            high = "" if optimal.max is None else str(optimal.max)
            notes.insert(0, f"optimal range: {low}-{high} {self._opts.unit}.")
        return ReportSection(
            title=f"Length distribution in {self._opts.unit} (rule {self.rule_id})",
            columns=(
                "role",
                "texts",
                "min",
                "q1",
                "median",
                "q3",
                "max",
                "in_optimal",
                "below_optimal",
                "above_optimal",
            ),
            rows=tuple(rows),
            notes=tuple(notes),
        )
