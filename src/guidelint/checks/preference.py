"""A preference pair that teaches nothing, or the wrong thing.

What it does
------------
For DPO and reward-model data, a record with ``chosen`` and ``rejected`` texts is a
preference pair (TRL ``prompt``/``chosen``/``rejected``, OpenAI preference data, a
Label Studio ``pairwise`` result). The check reports, one finding per problem:

* ``missing``: the record has one side but not the other (from a reader that maps
  fields to sides: a Label Studio text area or an Argilla question named ``chosen``
  or ``rejected`` in the field mapping; a TRL or OpenAI preference record without
  a side, or whose side has no assistant message, is an ``invalid-record`` error
  instead, as those schemas need both sides);
* ``empty``: a side is empty or only white space;
* ``identical``: both sides are the same once white space is collapsed (and accents
  composed: "é" written as e and a combining accent is "é");
* ``inversion``: the chosen response breaks text rules (at ``breaking_severity`` or
  worse) that the rejected one does not, or breaks them more often. The guideline
  says the chosen side is worse: the preference may be inverted. The finding points
  at the first such violation in the chosen text.

When a side is a conversation with several assistant turns, all of its turns are
that side.

Why
---
A preference pair teaches the model to prefer the chosen side: a missing, empty or
identical side teaches nothing, and a chosen side that breaks the guideline while the
rejected side does not teaches the opposite of the guideline.

Options
-------
* ``check_empty``: report ``missing`` and ``empty`` sides.
* ``check_identical``: report identical sides.
* ``check_inversion``: report inverted preferences.
* ``breaking_severity``: the violations that count as breaking.

Message params: ``problem`` (the sentence), ``kind`` (``missing``, ``empty``,
``identical``, ``inversion``), ``side`` (``chosen`` or ``rejected``), and for
inversions ``broken`` (the rules only the chosen side breaks, or breaks more often),
``chosen_count`` and ``rejected_count`` (their violations on each side).

Example
-------
The rule::

    - id: preference-pair
      check: preference

Passing::

    {"prompt": "How do I reset my password?",
     "chosen": "Click Forgot password on the sign-in page; we e-mail you a link.",
     "rejected": "I cannot help with passwords."}

Failing (``inversion``, with the ``refusal-boilerplate`` rule: "preference may be
inverted: the chosen response breaks 'refusal-boilerplate', which the rejected one
does not")::

    {"prompt": "How do I reset my password?",
     "chosen": "I cannot help with passwords.",
     "rejected": "Click Forgot password on the sign-in page; we e-mail you a link."}

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from guidelint.checks.annotation import (
    at_violation,
    broken_by,
    inversion,
    is_blank,
    rule_names,
    text_span,
    words,
)
from guidelint.checks.base import Check, CheckOptions, Finding
from guidelint.model import Record, Severity, Text, Violation

SIDES = ("chosen", "rejected")


class PreferenceOptions(CheckOptions):
    check_empty: bool = True
    check_identical: bool = True
    check_inversion: bool = True
    breaking_severity: Severity = Severity.ERROR


def side_text(texts: Sequence[Text]) -> list[str]:
    """The words of one side (all its turns), for comparing sides."""
    return [word for t in texts for word in words(t.text)]


class PreferenceCheck(Check):
    """Report preference pairs with a missing, empty or identical side, or inverted."""

    Options = PreferenceOptions
    default_message = "{problem}"
    scope = "record"
    default_applies_to = ("chosen", "rejected")

    def check_record(self, record: Record, found: Sequence[Violation]) -> Iterator[Finding]:
        options = self.options
        assert isinstance(options, PreferenceOptions)
        sides = {side: record.texts_with_role(side) for side in SIDES}
        if not sides["chosen"] and not sides["rejected"]:
            return
        if options.check_empty:
            yield from self._empty(sides)
        if not (sides["chosen"] and sides["rejected"]):
            return
        chosen, rejected = sides["chosen"], sides["rejected"]
        blank = any(all(is_blank(t.text) for t in texts) for texts in sides.values())
        if options.check_identical and not blank and side_text(chosen) == side_text(rejected):
            start, end = text_span(chosen[0].text)
            problem = "chosen and rejected responses are identical: the pair teaches no preference"
            same = {"problem": problem, "kind": "identical", "side": "chosen"}
            yield Finding(start, end, params=same, text=chosen[0])
            return
        if not options.check_inversion:
            return
        chosen_broken = broken_by(found, chosen, options.breaking_severity)
        rejected_broken = broken_by(found, rejected, options.breaking_severity)
        worse = inversion(chosen_broken, rejected_broken)
        if not worse:
            return
        first = min(worse, key=lambda v: v.span)
        rules = rule_names(v.rule for v in worse)
        if first.rule in {v.rule for v in rejected_broken}:
            detail = f"breaks {rules} more often than the rejected one"
        else:
            detail = f"breaks {rules}, which the rejected one does not"
        params: dict[str, object] = {
            "problem": f"preference may be inverted: the chosen response {detail}",
            "kind": "inversion",
            "side": "chosen",
            "broken": rules,
            "chosen_count": len(chosen_broken),
            "rejected_count": len(rejected_broken),
        }
        at = at_violation(first, chosen)  # (the violation's span is in its field; the
        # finding's is in the text, which starts `offset` into the field)
        yield Finding(first.span[0] - at.offset, first.span[1] - at.offset, params=params, text=at)

    def _empty(self, sides: dict[str, list[Text]]) -> Iterator[Finding]:
        present = next(texts for texts in sides.values() if texts)
        for side, texts in sides.items():
            if not texts:
                other = "rejected" if side == "chosen" else "chosen"
                problem = f"preference pair has a {other} response but no {side} one"
                params = {"problem": problem, "kind": "missing", "side": side}
                yield Finding(params=params, text=present[0])
            elif all(is_blank(t.text) for t in texts):
                params = {
                    "problem": f"the {side} response of the preference pair is empty",
                    "kind": "empty",
                    "side": side,
                }
                yield Finding(params=params, text=texts[0])
