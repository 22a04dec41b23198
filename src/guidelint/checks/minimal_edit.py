"""A model draft accepted unchanged, or with token edits only.

What it does
------------
For edit-based annotation (the annotator improves a baseline model's response), each
record has a ``draft`` text (the model's response: fields ``draft``,
``model_response`` or ``original`` of a plain record, a Label Studio prediction) and
the final ``response``. The check measures the edit between them on words (white
space separated tokens, so punctuation and case changes count):

* the **word-level edit distance**: words inserted, deleted or replaced, from the
  alignment of :class:`difflib.SequenceMatcher` (about 0.5 ms for two 300-word
  responses); it equals the Levenshtein distance for the small edits that matter
  here, and is capped at the length of the longer text for unrelated ones;
* the **similarity ratio**: ``2 * matching words / total words`` (1.0 = identical).

An edit is ``unchanged`` (the same words once white space is collapsed and accents are
composed), ``minor`` (fewer than ``min_changed_words`` words changed, or a similarity above
``max_similarity``) or ``substantial``. The risk of edit-based annotation is an
annotator who accepts a poor response with minor edits, so an unchanged or minor edit
whose response still breaks a text rule at ``breaking_severity`` or worse (the
violations the text rules found in the record) is reported at ``poor_severity``
("poor model draft accepted with minor edits"); other unchanged and minor edits are
reported at the rule's severity when ``flag_unchanged`` / ``flag_minor`` are set.
A response is paired with the draft at the same position (else the last draft);
records without a draft are skipped.

Why
---
In edit-based annotation an annotator corrects a model draft; drafts accepted unchanged
or barely edited, especially ones that break the guideline, mean the review did not
happen.

Options
-------
* ``min_changed_words``: an edit changing fewer words is minor.
* ``max_similarity``: an edit leaving a higher similarity is minor.
* ``flag_unchanged``: report drafts accepted unchanged.
* ``flag_minor``: report drafts accepted with minor edits.
* ``poor_severity``: severity of unchanged or minor edits whose
  response breaks rules.
* ``breaking_severity``: the violations that count as breaking.
* ``exempt_approved``: do not report unchanged or minor edits of
  a record a reviewer approved (the ``approved`` flag of the guideline's ``fields:``,
  as readers store it in ``record.meta``), as in AI-assisted annotation; poor ones
  are still reported.

Message params: ``outcome`` (the sentence), ``kind`` (``unchanged``, ``minor``,
``poor_accepted``), ``edit`` (``unchanged``/``minor``), ``distance`` (words
changed), ``changes`` ("2 words changed"), ``similarity`` (0-1) and
``similarity_pct`` ("98%"), ``draft_words``, ``response_words``, ``broken`` (the rules
the response breaks) and ``broken_count``. The finding spans the response.

Report: a table "Edit sizes per annotator" (drafts, unchanged, minor, substantial,
accepted drafts that break rules and their share of the accepted ones, mean
similarity), plus a row for all annotators.

Example
-------
The rule::

    - id: minimal-edit
      check: minimal_edit
      severity: warning
      min_changed_words: 3
      max_similarity: 0.9

Passing (the annotator rewrote the draft)::

    draft: Go to settings.
    response: Open Settings, then Security, and choose Reset password. We will e-mail you a link.

Failing (``unchanged``: "model draft accepted unchanged (no word changed, similarity
100%)"; ``poor_accepted`` at error if the response also breaks an error rule)::

    draft: I cannot help with refunds.
    response: I cannot help with refunds.

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from pydantic import Field, NonNegativeInt

from guidelint.checks.annotation import (
    approval,
    broken_by,
    draft_pairs,
    rule_names,
    text_span,
    words,
)
from guidelint.checks.base import Check, CheckOptions, Finding, ReportSection
from guidelint.model import Record, Severity, Violation
from guidelint.wording import plural

EditSize = Literal["unchanged", "minor", "substantial"]
UNKNOWN_ANNOTATOR = "(unknown)"


class MinimalEditOptions(CheckOptions):
    min_changed_words: NonNegativeInt = 3
    max_similarity: float = Field(default=0.9, ge=0.0, le=1.0)
    flag_unchanged: bool = True
    flag_minor: bool = True
    poor_severity: Severity = Severity.ERROR
    breaking_severity: Severity = Severity.ERROR
    exempt_approved: bool = True


@dataclass(frozen=True, slots=True)
class Edit:
    """How much the response differs from the draft, in words."""

    distance: int
    similarity: float
    draft_words: int
    response_words: int


def measure_edit(draft: str, response: str) -> Edit:
    """Word-level edit distance and similarity ratio between a draft and a response."""
    before, after = words(draft), words(response)
    if before == after:
        return Edit(0, 1.0, len(before), len(after))
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    distance = sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
    # The alignment of unrelated texts can cost more than rewriting every word.
    distance = min(distance, max(len(before), len(after)))
    return Edit(distance, matcher.ratio(), len(before), len(after))


def edit_size(edit: Edit, options: MinimalEditOptions) -> EditSize:
    if edit.distance == 0:
        return "unchanged"
    if edit.distance < options.min_changed_words or edit.similarity > options.max_similarity:
        return "minor"
    return "substantial"


@dataclass
class _Tally:
    drafts: int = 0
    unchanged: int = 0
    minor: int = 0
    substantial: int = 0
    accepted_breaking: int = 0
    similarity: float = 0.0

    def add(self, size: EditSize, edit: Edit, breaks: bool) -> None:
        self.drafts += 1
        setattr(self, size, getattr(self, size) + 1)
        self.similarity += edit.similarity
        if breaks and size != "substantial":
            self.accepted_breaking += 1

    def row(self, annotator: str) -> dict[str, Any]:
        accepted = self.unchanged + self.minor
        return {
            "annotator": annotator,
            "drafts": self.drafts,
            "unchanged": self.unchanged,
            "minor": self.minor,
            "substantial": self.substantial,
            "accepted_breaking": self.accepted_breaking,
            "accepted_breaking_share": (
                round(self.accepted_breaking / accepted, 4) if accepted else None
            ),
            "mean_similarity": round(self.similarity / self.drafts, 4) if self.drafts else None,
        }


class MinimalEditCheck(Check):
    """Report drafts accepted unchanged or with minor edits, above all poor ones."""

    Options = MinimalEditOptions
    default_message = "{outcome} ({changes}, similarity {similarity_pct})"
    scope = "record"
    observes = True
    default_applies_to = ("response",)

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        self._tallies: dict[str, _Tally] = {}
        self._last: tuple[Record, list[Edit]] | None = None

    @property
    def _options(self) -> MinimalEditOptions:
        assert isinstance(self.options, MinimalEditOptions)
        return self.options

    def _edits(self, record: Record) -> list[Edit]:
        if self._last is not None and self._last[0] is record:
            return self._last[1]
        edits = [measure_edit(d.text, r.text) for d, r in draft_pairs(record)]
        self._last = (record, edits)
        return edits

    def check_record(self, record: Record, found: Sequence[Violation]) -> Iterator[Finding]:
        options = self._options
        pairs = draft_pairs(record)
        exempt = options.exempt_approved and approval(record.meta.get("approved")) is True
        for (_, response), edit in zip(pairs, self._edits(record), strict=True):
            size = edit_size(edit, options)
            if size == "substantial":
                continue
            broken = broken_by(found, [response], options.breaking_severity)
            accepted = "accepted unchanged" if size == "unchanged" else "accepted with minor edits"
            if broken:
                kind = "poor_accepted"
                names = rule_names(v.rule for v in broken)
                outcome = f"poor model draft {accepted}: the response still breaks {names}"
                severity: Severity | None = options.poor_severity
            elif exempt:
                continue
            elif (size == "unchanged" and options.flag_unchanged) or (
                size == "minor" and options.flag_minor
            ):
                kind, outcome, severity = size, f"model draft {accepted}", None
            else:
                continue
            start, end = text_span(response.text)
            changes = (
                "no word changed"
                if edit.distance == 0
                else (plural(edit.distance, "word") + " changed")
            )
            params = {
                "outcome": outcome,
                "kind": kind,
                "edit": size,
                "distance": edit.distance,
                "changes": changes,
                "similarity": round(edit.similarity, 3),
                "similarity_pct": f"{edit.similarity:.0%}",
                "draft_words": edit.draft_words,
                "response_words": edit.response_words,
                "broken": rule_names(v.rule for v in broken) if broken else "",
                "broken_count": len({v.rule for v in broken}),
            }
            yield Finding(start, end, params=params, severity=severity, text=response)

    def observe(self, record: Record, found: Sequence[Violation]) -> None:
        pairs = draft_pairs(record)
        if not pairs:
            return
        options = self._options
        tally = self._tallies.setdefault(record.annotator or UNKNOWN_ANNOTATOR, _Tally())
        for (_, response), edit in zip(pairs, self._edits(record), strict=True):
            breaks = bool(broken_by(found, [response], options.breaking_severity))
            tally.add(edit_size(edit, options), edit, breaks)
        self._last = None

    def report(self) -> ReportSection | None:
        if not self._tallies:
            return None
        total = _Tally()
        rows = []
        for annotator in sorted(self._tallies):
            tally = self._tallies[annotator]
            rows.append(tally.row(annotator))
            for name in ("drafts", "unchanged", "minor", "substantial", "accepted_breaking"):
                setattr(total, name, getattr(total, name) + getattr(tally, name))
            total.similarity += tally.similarity
        rows.append(total.row("(all)"))
        options = self._options
        notes = (
            f"unchanged: the same words as the draft; minor: fewer than "
            f"{plural(options.min_changed_words, 'word')} changed or similarity above "
            f"{options.max_similarity:.0%}; substantial: the rest.",
            "accepted_breaking: unchanged or minor edits whose response breaks a rule of "
            f"severity {options.breaking_severity.value} or worse (share: of the accepted drafts).",
        )
        return ReportSection(
            title=f"Edit sizes per annotator (rule {self.rule_id})",
            columns=(
                "annotator",
                "drafts",
                "unchanged",
                "minor",
                "substantial",
                "accepted_breaking",
                "accepted_breaking_share",
                "mean_similarity",
            ),
            rows=tuple(rows),
            notes=notes,
        )
