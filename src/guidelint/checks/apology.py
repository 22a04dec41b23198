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
* ``not_apologies``: uses of a cue that are not an apology; a cue inside one is
  not reported.
* ``weak_complaint_cues``: complaint
  cues that are as often words of a task ("correct the spelling errors"); they count
  only in a sentence of the user's message that speaks of the user ("my parcel is
  late", "I have a problem with my order"). ``[]`` makes every cue count anywhere.
* ``exempt_apology_topic``: when the user's message itself uses an
  apology cue ("how do I apologize to a customer?"), the apologies in the response
  are the topic, not the tone, and are not reported.
* ``ignore_quoted``: apologies inside double quotation marks on
  one line (a song called "Sorry", a line of dialogue) are quotations, not the
  response's tone, and are not reported.
* ``without_prompt``: what to do when the response has no user
  message to compare with: ``skip`` it, or ``flag`` its apologies anyway.
* ``in_requested_text``: ``declines`` reports, when the user asked
  for text in another voice (``$request`` is ``creative``: a story, a letter, a role),
  only an apology that opens the response and wraps a decline or a self-identification
  ("I'm sorry, but I am an AI and cannot play Freyja."); apologies in the requested
  text itself are the content asked for.

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
from typing import Literal

from pydantic import field_validator

from guidelint.caching import cached as cached_property  # lock-free (caching.py)
from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.text import TextAnalysis, to_plain
from guidelint.text.prefilter import Prefilter

_QUOTED_RE = re.compile(r'"[^"\n]*"')
#: An apology that wraps a decline or a self-identification: "I'm sorry, but I am an AI
#: …", "I apologize, but I cannot …" (the assistant's own voice, even in a role).
_DECLINE_RE = re.compile(
    r"\bbut,? (?:as an? [\w -]{1,40}, )?I(?:(?:'m| am) (?:(?:an?|just|only|merely)\s+)*(?:AI\b|"
    r"artificial|(?:large )?language model|assistant|chatbot|not able|unable|not (?:going|"
    r"comfortable|allowed|programmed|designed|permitted))| can't| cannot| can not| do not| "
    r"don't| won't| will not| must (?:decline|refuse)| would not| wouldn't)\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?\n]")
#: What may come before an apology that opens the response: "I'm (so) sorry".
_OPENER_RE = re.compile(
    r"[\s\"'*]*(?:(?:i'm|i am|we're|we are)\s+)?(?:(?:so|very|truly|really|terribly)\s+)?",
    re.IGNORECASE,
)
_FIRST_PERSON_RE = re.compile(r"(?<!\w)(?:i|i'm|i've|i'd|me|my|mine|we|we're|our|us)(?!\w)", re.I)

DEFAULT_APOLOGY_CUES: tuple[str, ...] = (
    "sorry",
    "apologies",
    "I apologize",
    "I apologise",
    "I must apologize",
    "I want to apologize",
    "I'd like to apologize",
    "I would like to apologize",
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

#: Complaint cues that are as often words of a task ("correct the spelling errors", "when
#: you're stuck on a coding problem"): they count only in a sentence of the user's
#: message that speaks of the user ("I have a problem with my order").
DEFAULT_WEAK_COMPLAINT_CUES: tuple[str, ...] = (
    "problem*",
    "issue*",
    "error*",
    "mistake*",
    "bug*",
    "wrong",
    "incorrect",
    "fail*",
    "trouble*",
    "can't",
    "cannot",
    "can not",
    "unable",
    "couldn't",
    "could not",
    "won't",
    "late",
    "delay*",
    "slow*",
    "down",
    "lost",
    "loss",
    "missing",
    "stuck",
    "confus*",
    "concerned",
    "worried",
    "sad",
    "hurt",
    "ill",
    "sick",
    "deleted",
)

#: Uses of an apology word that are not the response apologizing: "say sorry", a word
#: being defined ("Sorry: used to …"), "feel sorry for".
DEFAULT_NOT_APOLOGIES: tuple[str, ...] = (
    "say sorry",
    "says sorry",
    "saying sorry",
    "said sorry",
    "feel sorry",
    "feels sorry",
    "felt sorry",
    "feeling sorry",
    "sorry state",
    "sorry excuse",
    "safe than sorry",
    "sorry:",
    "apologies:",
    "sorry seems to be",
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
    "died",
    "dead",
    "death",
    "passed away",
    "loss",
    "grief",
    "grieving",
    "sick",
    "ill",
    "injured",
    "hurt",
    "sad",
    "depressed",
    "lonely",
    "exhausted",
    "stressed",
    "anxious",
    "fired",
    "laid off",
    "divorce*",
    "broke up",
    "breakup",
    "bad day",
    "struggling",
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


def _loose_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """Like :func:`cue_pattern`, but a cue may end with punctuation ("sorry:")."""
    parts = []
    for cue in sorted({to_plain(c.strip()).lower() for c in cues}, key=len, reverse=True):
        body = r"\s*".join(re.escape(word) for word in cue.split())
        parts.append(body + (r"(?!\w)" if cue[-1:].isalnum() else ""))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")", re.IGNORECASE)


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
    not_apologies: tuple[str, ...] = DEFAULT_NOT_APOLOGIES
    weak_complaint_cues: tuple[str, ...] = DEFAULT_WEAK_COMPLAINT_CUES
    exempt_apology_topic: bool = True
    ignore_quoted: bool = True
    without_prompt: Literal["skip", "flag"] = "skip"
    in_requested_text: Literal["all", "declines"] = "all"

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
            if self._complaint is not None and self._reports_problem(plain_prompt):
                return
            if options.exempt_apology_topic and self._apology.search(plain_prompt):
                return
        text, plain = target.value, target.analysis.plain
        declines_only = options.in_requested_text == "declines" and _requested_text(target)
        quoted = [m.span() for m in _QUOTED_RE.finditer(plain)] if options.ignore_quoted else []
        allowed = [m.span() for m in self._not_apology.finditer(plain)] if self._not_apology else []
        for match in self._apology.finditer(plain):
            start, end = match.span()
            if any(q_start < start and end < q_end for q_start, q_end in quoted):
                continue
            if any(a_start <= start and end <= a_end for a_start, a_end in allowed):
                continue
            if declines_only and not _wraps_decline(plain, start, end):
                continue
            yield Finding(start, end, params={"match": text[start:end]})

    def _reports_problem(self, prompt: str) -> bool:
        """Whether the user reports a problem: a complaint cue, where a weak one (see
        ``weak_complaint_cues``) counts only in a sentence that speaks of the user."""
        complaint = self._complaint
        assert complaint is not None
        weak = self._weak
        for match in complaint.finditer(prompt):
            if weak is None or not weak.fullmatch(match.group()):
                return True
            start = max(prompt.rfind(".", 0, match.start()), prompt.rfind("\n", 0, match.start()))
            ends = [
                i for i in (prompt.find(".", match.end()), prompt.find("\n", match.end())) if i >= 0
            ]
            sentence = prompt[start + 1 : min(ends) if ends else len(prompt)]
            if _FIRST_PERSON_RE.search(sentence):
                return True
        return False

    @cached_property
    def _weak(self) -> re.Pattern[str] | None:
        options = self.options
        assert isinstance(options, ApologyOptions)
        cues = options.weak_complaint_cues
        return cue_pattern(cues) if cues else None

    @cached_property
    def _not_apology(self) -> re.Pattern[str] | None:
        options = self.options
        assert isinstance(options, ApologyOptions)
        return _loose_pattern(options.not_apologies) if options.not_apologies else None


def _requested_text(target: Target) -> bool:
    """Whether the user asked for text in another voice (``$request`` is creative)."""
    from guidelint.request_kind import request_kind

    return request_kind(target.record.data, target.text.prompt) == "creative"


def _wraps_decline(plain: str, start: int, end: int) -> bool:
    """Whether the apology opens the response and its sentence goes on to decline."""
    if _OPENER_RE.fullmatch(plain, 0, start) is None:
        return False
    stop = _SENTENCE_END_RE.search(plain, end)
    return _DECLINE_RE.search(plain, end, stop.end() if stop else len(plain)) is not None
