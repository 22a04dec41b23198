"""The response apologizes though the user reported no problem.

What it does
------------
"Empathetic, without apologizing for non-existent issues": when the user's message
(the instruction or chat turn the response answers) contains none of the
``complaint_cues``, every apology cue in the response is reported, one finding per
occurrence, spanning it. When the user did report a problem ("my order arrived
damaged"), apologies are fine and nothing is reported.

Cues are matched case-insensitively, on word boundaries, with typographic
apostrophes read as plain ones; spaces in a cue match any run of white space, and a
trailing ``*`` matches the rest of a word (``frustrat*`` matches "frustrated",
"frustrating"). Where cues overlap, the longest match wins and counts once.

Why
---
Apologies where nothing went wrong sound insincere and teach a model to apologise by
reflex; guidelines commonly allow them only when the user reports a problem.

Options
-------
* ``apology_cues``: what an apology
  looks like.
* ``complaint_cues``: what a reported problem looks like.
* ``exempt_apology_topic``: when the user's message itself uses an
  apology cue ("how do I apologize to a customer?"), the apologies in the response
  are the topic, not the tone, and are not reported.
* ``ignore_quoted``: apologies inside double quotation marks on
  one line (a song called "Sorry", a line of dialogue) are quotations, not the
  response's tone, and are not reported.
* ``without_prompt``: what to do when the response has no user
  message to compare with: ``skip`` it, or ``flag`` its apologies anyway.

Message params: ``match`` (the apology as written in the response).

Example
-------
The rule::

    - id: no-needless-apology
      check: apology
      severity: warning

Passing (the user reported a problem)::

    instruction: My parcel arrived damaged. What can I do?
    response: I'm sorry to hear that your parcel arrived damaged. You can ask for a …

Failing ("sorry"; the user asked a plain how-to)::

    instruction: How do I reset my password?
    response: Sorry, but here is how to reset your password: open Settings …

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Literal

from pydantic import field_validator

from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.text import TextAnalysis, to_plain
from guidelint.text.prefilter import Prefilter

_QUOTED_RE = re.compile(r'"[^"\n]*"')

DEFAULT_APOLOGY_CUES: tuple[str, ...] = (
    "sorry",
    "apology",
    "apologies",
    "apologize*",
    "apologise*",
    "apologizing",
    "apologising",
    "I apologize",
    "I apologise",
    "we apologize",
    "we apologise",
    "my apologies",
    "our apologies",
    "we regret",
    "I regret",
    "regret any inconvenience",
    "pardon the inconvenience",
    "excuse the inconvenience",
    "sorry for the inconvenience",
    "sorry for any inconvenience",
    "sorry for any confusion",
    "forgive me",
)

DEFAULT_COMPLAINT_CUES: tuple[str, ...] = (
    "problem*",
    "issue*",
    "error*",
    "broken",
    "broke",
    "not working",
    "isn't working",
    "stopped working",
    "doesn't work",
    "does not work",
    "didn't work",
    "won't",
    "fail*",
    "wrong",
    "incorrect",
    "mistake*",
    "complain*",
    "complaint*",
    "refund*",
    "frustrat*",
    "disappoint*",
    "annoy*",
    "upset",
    "angry",
    "unhappy",
    "charged twice",
    "double charged",
    "overcharged",
    "late",
    "delay*",
    "missing",
    "lost",
    "never arrived",
    "never received",
    "still waiting",
    "damaged",
    "defective",
    "faulty",
    "crash*",
    "bug*",
    "glitch*",
    "stuck",
    "trouble*",
    "can't",
    "cannot",
    "can not",
    "unable",
    "couldn't",
    "could not",
    "down",
    "outage*",
    "slow*",
    "terrible",
    "awful",
    "horrible",
    "unacceptable",
    "without any warning",
    "without warning",
    "went up",
    "hacked",
    "locked out",
    "deleted",
    "disappeared",
    "never signed up",
    "second time",
    "confus*",
    "worried",
    "concerned",
)


def cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any cue as whole words, longest first."""
    parts = []
    for cue in sorted({to_plain(c.strip()).lower() for c in cues}, key=len, reverse=True):
        wildcard = cue.endswith("*")
        words = cue.rstrip("*").split()
        body = r"\s+".join(re.escape(word) for word in words)
        parts.append(body + (r"\w*" if wildcard else ""))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def cue_anchors(cues: tuple[str, ...]) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of :func:`cue_pattern` contains.

    The longest word of each cue; None when one is not ASCII (case-insensitive
    matching of other letters is not a plain lower-casing).
    """
    anchors = set()
    for cue in cues:
        words = to_plain(cue.strip()).lower().rstrip("*").split()
        anchor = max(words, key=len)
        if not anchor.isascii():
            return None
        anchors.add(anchor)
    return tuple(a for a in sorted(anchors, key=len) if not any(k in a for k in anchors - {a}))


def _clean_cues(value: tuple[str, ...], option: str) -> tuple[str, ...]:
    cleaned = tuple(cue.strip() for cue in value)
    for cue in cleaned:
        if not cue.rstrip("*").strip():
            raise ValueError(f"{option} holds an empty cue")
        if "*" in cue.rstrip("*"):
            raise ValueError(f"'{cue}' in {option}: '*' is allowed only at the end of a cue")
    return cleaned


class ApologyOptions(CheckOptions):
    apology_cues: tuple[str, ...] = DEFAULT_APOLOGY_CUES
    complaint_cues: tuple[str, ...] = DEFAULT_COMPLAINT_CUES
    exempt_apology_topic: bool = True
    ignore_quoted: bool = True
    without_prompt: Literal["skip", "flag"] = "skip"

    @field_validator("apology_cues")
    @classmethod
    def _check_apology_cues(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("apology_cues must list at least one cue")
        return _clean_cues(value, "apology_cues")

    @field_validator("complaint_cues")
    @classmethod
    def _check_complaint_cues(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _clean_cues(value, "complaint_cues")


class ApologyCheck(Check):
    """Report apologies in responses to messages that reported no problem."""

    Options = ApologyOptions
    analysis = frozenset({"lower_plain", "plain"})
    default_message = "apology '{match}' though the user reported no problem"

    @cached_property
    def _apology(self) -> re.Pattern[str]:
        options = self.options
        assert isinstance(options, ApologyOptions)
        return cue_pattern(options.apology_cues)

    @cached_property
    def _anchors(self) -> tuple[str, ...] | None:
        options = self.options
        assert isinstance(options, ApologyOptions)
        return cue_anchors(options.apology_cues)

    def prefilter(self) -> Prefilter | None:
        """What a response must contain to hold an apology (see :mod:`guidelint.text.prefilter`)."""
        anchors = self._anchors
        return None if anchors is None else Prefilter(lower=anchors)

    def may_apologize(self, analysis: TextAnalysis) -> bool:
        """False when the text holds no apology cue, judged by substrings."""
        prefilter = self._prefilter
        return prefilter is None or prefilter.may_match(analysis)

    @cached_property
    def _prefilter(self) -> Prefilter | None:
        return self.prefilter()

    @cached_property
    def _complaint(self) -> re.Pattern[str] | None:
        options = self.options
        assert isinstance(options, ApologyOptions)
        return cue_pattern(options.complaint_cues) if options.complaint_cues else None

    def check(self, target: Target) -> Iterator[Finding]:
        options = self.options
        assert isinstance(options, ApologyOptions)
        if not self.may_apologize(target.analysis):
            return
        prompt = target.text.prompt
        if prompt is None:
            if options.without_prompt == "skip":
                return
        else:
            plain_prompt = to_plain(prompt)
            if self._complaint is not None and self._complaint.search(plain_prompt):
                return
            if options.exempt_apology_topic and self._apology.search(plain_prompt):
                return
        text, plain = target.value, target.analysis.plain
        quoted = [m.span() for m in _QUOTED_RE.finditer(plain)] if options.ignore_quoted else []
        for match in self._apology.finditer(plain):
            start, end = match.span()
            if not any(q_start < start and end < q_end for q_start, q_end in quoted):
                yield Finding(start, end, params={"match": text[start:end]})
