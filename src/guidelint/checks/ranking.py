"""A ranking of model responses that is incomplete, malformed or inverted.

What it does
------------
For ranking annotation (RLHF), a record holds ``candidate`` texts, each with the
``rank`` the annotator gave it (1 = best), e.g. from a Label Studio ``ranker``
result. The check reports, one finding per record, the first of:

* ``too_few``: fewer than ``min_candidates`` candidates;
* ``unranked``: a candidate has no rank;
* ``tie``: two candidates share a rank and ``allow_ties`` is false;
* ``out_of_range``: a rank below 1 or above the number of candidates;
* ``gap``: ranks that skip a place (with ties allowed, ``1, 1, 2`` and ``1, 1, 3``
  are both valid orders; ``1, 3, 3`` and ``2, 2, 3`` are not);

and, when the ranks are valid, ``top_breaks``: a top-ranked candidate breaks text
rules (at ``breaking_severity`` or worse) that a lower-ranked candidate passes, or
breaks them more often. The finding points at the first such violation in the
top-ranked candidate and names the rank of the best candidate that passes.

Why
---
Rankings with ties, gaps or missing ranks are ambiguous training signal, and a top-
ranked candidate that breaks the guideline teaches the model to prefer what the
guideline forbids.

Options
-------
* ``allow_ties``: whether candidates may share a rank.
* ``min_candidates``: fewest candidates a ranking needs.
* ``check_top``: report top-ranked candidates that break rules a
  lower-ranked one passes.
* ``breaking_severity``: the violations that count as breaking.

Message params: ``problem`` (the sentence), ``kind`` (see above), ``candidates``
(how many), ``ranks`` ("1, 2, 2"), ``rank`` (of the candidate the finding points at),
and for ``top_breaks`` ``broken`` and ``lower_rank``.

Example
-------
The rule::

    - id: ranking-order
      check: ranking
      allow_ties: false

Passing (a Label Studio ``ranker`` result ranking both candidates; the best breaks
no rule)::

    data: {prompt: "How do I reset my password?",
           answers: [{id: a, body: "Click Forgot password on the sign-in page."},
                     {id: b, body: "Use the reset link in Settings."}]}
    annotations: [{result: [{type: ranker, from_name: rank, to_name: answers,
                             value: {ranker: {rank: [a, b]}}}]}]

Failing (``unranked``: "1 of 2 candidates has no rank: rank every candidate"): the
same task with ``value: {ranker: {rank: [a]}}``. With ranks 1, 1, 2 (``tie``):
"rank 1 is given to 2 candidates: ties are not allowed (set allow_ties: true to
allow them)".

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import pairwise

from pydantic import PositiveInt

from guidelint.checks.annotation import broken_by, inversion, rule_names, text_span
from guidelint.checks.base import Check, CheckOptions, Finding
from guidelint.model import Record, Severity, Text, Violation
from guidelint.wording import plural


class RankingOptions(CheckOptions):
    allow_ties: bool = False
    min_candidates: PositiveInt = 2
    check_top: bool = True
    breaking_severity: Severity = Severity.ERROR


def is_order(ranks: Sequence[int], allow_ties: bool) -> bool:
    """Whether ``ranks`` rank every candidate 1..n (dense or competition ranks with ties)."""
    ordered = sorted(ranks)
    if not allow_ties:
        return ordered == list(range(1, len(ordered) + 1))
    if not ordered or ordered[0] != 1:
        return False
    dense = all(b - a in (0, 1) for a, b in pairwise(ordered))
    competition = all(r == i + 1 for i, r in enumerate(ordered) if i == 0 or r != ordered[i - 1])
    return dense or competition


def order_problem(
    candidates: Sequence[Text], ranks: Sequence[int], allow_ties: bool
) -> tuple[str, Text, str] | None:
    """(kind, candidate to point at, sentence) for ranks that are no valid order."""
    count = len(ranks)
    if not allow_ties:
        seen: Counter[int] = Counter()
        for candidate, rank in zip(candidates, ranks, strict=True):
            seen[rank] += 1
            if seen[rank] == 2:
                problem = (
                    f"rank {rank} is given to {ranks.count(rank)} candidates: ties are not "
                    "allowed (set allow_ties: true to allow them)"
                )
                return "tie", candidate, problem
    for candidate, rank in zip(candidates, ranks, strict=True):
        if not 1 <= rank <= count:
            problem = (
                f"rank {rank} is outside 1-{count}: rank the {plural(count, 'candidate')} "
                f"1 to {count}"
            )
            return "out_of_range", candidate, problem
    if is_order(ranks, allow_ties):
        return None
    missing = min(set(range(1, count + 1)) - set(ranks))
    shown = ", ".join(str(r) for r in sorted(ranks))
    problem = (
        f"ranks {shown} skip rank {missing}: rank the {count} candidates 1 to {count} without gaps"
    )
    return "gap", candidates[0], problem


class RankingCheck(Check):
    """Report rankings with too few, unranked, tied or misnumbered candidates, or inverted."""

    Options = RankingOptions
    default_message = "{problem}"
    scope = "record"
    default_applies_to = ("candidate",)

    def check_record(self, record: Record, found: Sequence[Violation]) -> Iterator[Finding]:
        options = self.options
        assert isinstance(options, RankingOptions)
        candidates = record.texts_with_role("candidate")
        if not candidates:
            return
        ranks = [c.rank for c in candidates]
        base: dict[str, object] = {
            "candidates": len(candidates),
            "ranks": ", ".join("-" if r is None else str(r) for r in ranks),
        }

        def finding(kind: str, text: Text, problem: str, **params: object) -> Finding:
            start, end = text_span(text.text)
            values = {**base, "kind": kind, "problem": problem, "rank": text.rank, **params}
            return Finding(start, end, params=values, text=text)

        if len(candidates) < options.min_candidates:
            yield finding(
                "too_few",
                candidates[0],
                f"ranking has {plural(len(candidates), 'candidate')}; at least "
                f"{options.min_candidates} are needed to rank",
            )
            return
        unranked = [c for c in candidates if c.rank is None]
        if unranked:
            yield finding(
                "unranked",
                unranked[0],
                f"{len(unranked)} of {plural(len(candidates), 'candidate')} "
                f"{'has' if len(unranked) == 1 else 'have'} no rank: rank every candidate",
            )
            return
        known = [r for r in ranks if r is not None]
        problem = order_problem(candidates, known, options.allow_ties)
        if problem is not None:
            yield finding(*problem)
            return
        if options.check_top:
            yield from self._top_breaks(candidates, found, options.breaking_severity, base)

    def _top_breaks(
        self,
        candidates: Sequence[Text],
        found: Sequence[Violation],
        severity: Severity,
        base: dict[str, object],
    ) -> Iterator[Finding]:
        best = min(c.rank or 0 for c in candidates)
        lower = sorted((c for c in candidates if c.rank != best), key=lambda c: c.rank or 0)
        for top in (c for c in candidates if c.rank == best):
            top_broken = broken_by(found, [top], severity)
            if not top_broken:
                continue
            for other in lower:
                worse = inversion(top_broken, broken_by(found, [other], severity))
                if not worse:
                    continue
                first = min(worse, key=lambda v: v.span)
                rules = rule_names(v.rule for v in worse)
                if first.rule in {v.rule for v in broken_by(found, [other], severity)}:
                    how = f"{rules} more often than the candidate ranked {other.rank}"
                else:
                    how = f"{rules}, which the candidate ranked {other.rank} passes"
                problem = f"the top-ranked candidate breaks {how}: the ranking may be inverted"
                params = {
                    **base,
                    "kind": "top_breaks",
                    "problem": problem,
                    "rank": top.rank,
                    "broken": rules,
                    "lower_rank": other.rank,
                }
                shift = top.offset  # (the violation's span is in its field)
                yield Finding(first.span[0] - shift, first.span[1] - shift, params=params, text=top)
                break
