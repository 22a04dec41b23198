"""An AI-generated response that no human reviewed.

What it does
------------
In AI-assisted annotation a strong model writes the responses and people review and
correct them. A record's ``draft`` text is the model's response; its ``response`` is
what goes into the dataset. A response that is the draft itself (the same words once
white space is collapsed and accents composed) is **unreviewed** unless the record
carries a review mark: a reviewer (``reviewer_field``) or an approved flag
(``approved_field``). Both are read from the record as read (nested paths such as
``review.by`` allowed), else from the review metadata a reader stored in ``record.meta``
(``reviewer``, ``approved``). A reviewer may be a name, an id or an object with an
``email``, ``id``, ``username`` or ``name``. The approved flag may be
``true``/``false``, 1/0, or ``yes``/``no``, ``approved``/``rejected``,
``accepted``/``declined``; any other value is no mark. A response whose approved flag is
false is reported too (``flag_not_approved``): a reviewer turned it down, yet it is in
the dataset. Records without a draft are skipped.

Why
---
AI-assisted annotation is only as good as its review: a model-written response without a
reviewer or approval is unreviewed model output in the training data.

Options
-------
* ``reviewer_field``: the field naming the reviewer.
* ``approved_field``: the field holding the approved flag.
* ``flag_not_approved``: report responses marked not approved.

Message params: ``outcome`` (the sentence), ``kind`` (``unreviewed`` or
``not_approved``), ``reviewer``, ``approved``, ``reviewer_field``,
``approved_field``. The finding spans the response.

Report: a table "Review rate per reviewer": per reviewer the records with a model
draft they reviewed, their share of all such records, how many they approved and
turned down, and how many responses they passed as the draft unchanged; a
``(no review)`` row counts the records without a review mark.

Example
-------
The rule::

    - id: unreviewed-ai-response
      check: unreviewed
      reviewer_field: review.by
      approved_field: review.approved

Passing (reviewed)::

    {"draft": "Open Settings.", "response": "Open Settings.",
     "review": {"by": "ana", "approved": true}}

Failing (``unreviewed``: "response is the model draft unchanged and has no review
mark (no 'review.by' or 'review.approved')")::

    {"draft": "Open Settings.", "response": "Open Settings."}

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from guidelint.checks.annotation import approval, draft_pairs, same_text, text_span
from guidelint.checks.base import Check, CheckOptions, Finding, ReportSection
from guidelint.fields import get_path
from guidelint.model import Record, Violation
from guidelint.wording import plural

NO_REVIEW = "(no review)"
ANONYMOUS = "(anonymous)"


class UnreviewedOptions(CheckOptions):
    reviewer_field: str = "reviewer"
    approved_field: str = "approved"
    flag_not_approved: bool = True


def reviewer_name(value: Any) -> str | None:
    """A reviewer given as a name, an id or an object; None when absent or empty."""
    if isinstance(value, Mapping):
        value = next((value[k] for k in ("email", "id", "username", "name") if value.get(k)), None)
    if value is None or isinstance(value, bool | list | dict) or value == "":
        return None
    return str(value)


class UnreviewedCheck(Check):
    """Report model drafts that went into the dataset without a review."""

    Options = UnreviewedOptions
    default_message = "{outcome}"
    scope = "record"
    observes = True

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        self._records: Counter[str] = Counter()
        self._approved: Counter[str] = Counter()
        self._turned_down: Counter[str] = Counter()
        self._unchanged: Counter[str] = Counter()

    @property
    def _options(self) -> UnreviewedOptions:
        assert isinstance(self.options, UnreviewedOptions)
        return self.options

    def review_of(self, record: Record) -> tuple[str | None, bool | None]:
        """The record's reviewer and approved flag (None when absent)."""
        options = self._options
        reviewer = get_path(record.data, options.reviewer_field)
        if reviewer is None:
            reviewer = record.meta.get("reviewer")
        approved = get_path(record.data, options.approved_field)
        if approved is None:
            approved = record.meta.get("approved")
        return reviewer_name(reviewer), approval(approved)

    def check_record(self, record: Record, found: Sequence[Violation]) -> Iterator[Finding]:
        pairs = draft_pairs(record)
        if not pairs:
            return
        options = self._options
        reviewer, approved = self.review_of(record)
        params = {
            "reviewer": reviewer,
            "approved": approved,
            "reviewer_field": options.reviewer_field,
            "approved_field": options.approved_field,
        }
        if reviewer is None and approved is None:
            for draft, response in pairs:
                if not same_text(draft.text, response.text):
                    continue
                outcome = (
                    "response is the model draft unchanged and has no review mark (no "
                    f"'{options.reviewer_field}' or '{options.approved_field}'): have it "
                    "reviewed, or record the review"
                )
                start, end = text_span(response.text)
                yield Finding(
                    start,
                    end,
                    params={**params, "outcome": outcome, "kind": "unreviewed"},
                    text=response,
                )
        elif approved is False and options.flag_not_approved:
            response = pairs[0][1]
            who = f"reviewer '{reviewer}'" if reviewer else "its reviewer"
            outcome = (
                f"response was turned down by {who} ('{options.approved_field}' is false), "
                "yet it is in the dataset: fix it or drop the record"
            )
            start, end = text_span(response.text)
            yield Finding(
                start,
                end,
                params={**params, "outcome": outcome, "kind": "not_approved"},
                text=response,
            )

    def observe(self, record: Record, found: Sequence[Violation]) -> None:
        pairs = draft_pairs(record)
        if not pairs:
            return
        reviewer, approved = self.review_of(record)
        key = reviewer or (ANONYMOUS if approved is not None else NO_REVIEW)
        self._records[key] += 1
        if approved is True:
            self._approved[key] += 1
        elif approved is False:
            self._turned_down[key] += 1
        if any(same_text(d.text, r.text) for d, r in pairs):
            self._unchanged[key] += 1

    def report(self) -> ReportSection | None:
        total = sum(self._records.values())
        if not total:
            return None
        rows = []
        for key in sorted(self._records, key=lambda k: (k == NO_REVIEW, k)):
            rows.append(
                {
                    "reviewer": key,
                    "records": self._records[key],
                    "share": round(self._records[key] / total, 4),
                    "approved": self._approved[key],
                    "not_approved": self._turned_down[key],
                    "unchanged": self._unchanged[key],
                }
            )
        reviewed = total - self._records[NO_REVIEW]
        notes = [
            f"{reviewed} of {plural(total, 'record')} with a model draft "
            f"{'was' if reviewed == 1 else 'were'} reviewed ({reviewed / total:.1%}).",
            "unchanged: responses that are the model draft, word for word.",
        ]
        if self._unchanged[NO_REVIEW]:
            notes.append(
                f"{plural(self._unchanged[NO_REVIEW], 'unreviewed response')} "
                f"{'is' if self._unchanged[NO_REVIEW] == 1 else 'are'} the model draft unchanged."
            )
        return ReportSection(
            title=f"Review rate per reviewer (rule {self.rule_id})",
            columns=("reviewer", "records", "share", "approved", "not_approved", "unchanged"),
            rows=tuple(rows),
            notes=tuple(notes),
        )
