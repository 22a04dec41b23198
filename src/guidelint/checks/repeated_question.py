"""The response opens by repeating the user's question.

What it does
------------
"Never repeat the user's question." Compares the opening sentence of a response
(its first ``opening_sentences``) with the user's message it answers and reports
the first opening that is:

* an **echo**: word-sequence similarity of at least ``similarity`` with an asking
  sentence of the message (its first sentence, those ending in "?", its last line,
  or the whole message when it is one line). "There are several reasons why someone
  might prefer to shop at a small, locally-owned business …".
* a **restatement**: it holds at least ``overlap`` of the message's content words
  (or of one asking sentence's). "Here are some tips to cook a juicy, medium-rare
  steak:" for "Can you give any tips on how to cook a juicy, medium-rare steak?".
* **announced**: it says it restates ("You asked …", "I understand you want …",
  "The question of whether …") and holds at least ``cue_overlap`` of them.

Answers reuse the message's key nouns, so an echo or restatement must also be
*pure*: at least ``purity`` of its content words come from the message. A sentence
carrying the answer ("It takes about 20 minutes for our eyes to adapt to darkness",
"No, it is not true that …") is not. Content words are what is left without stop
words and lead-in fillers ("here", "some", "following", "steps"), endings folded.

Not reported: messages under ``min_question_words`` words; code blocks and long
quotations in the message (material to work on); an opening that is the whole
response (it is the answer). Openings without content words ("Sure!"), code and
title lines (headings, bold lines, "Title: …", a short unpunctuated line) are
skipped. Paraphrases sharing few words with the message are not caught.

Why
---
A response that opens by repeating the question wastes the reader's time, and a model
trained on such openings learns to pad every answer with them.

Options
-------
* ``similarity``: how similar (0-1) an opening sentence must be to an asking
  sentence of the message to be an echo.
* ``overlap``: the share (0-1) of the message's content words a restatement holds.
* ``purity``: the share (0-1) of an echo's or restatement's content words that
  must come from the message.
* ``cue_overlap``: the share (0-1) of the message's content words an announced
  restatement holds.
* ``min_question_words``: shorter messages are not compared.
* ``opening_sentences``: how many opening sentences to look at.
* ``skip_titles``: skip title lines before the first sentence.
* ``restatement_cues``: phrases that announce a restatement ("you asked", "you're
  asking", "you want to know", "your question", "the question of", "I understand
  you", …).
* ``report``: the kinds reported;
  ``[echo, announced]`` lets lead-ins such as "Here are some tips for X:" pass.

Message params: ``similarity``, ``overlap``, ``purity`` (percent), ``kind`` and
``sentence``; the span is the sentence. On 35,419 AlpacaEval responses of 44 models
the defaults report 7.2% (0.1% to 25% per model), mostly "Here is X:" lead-ins.

Example
-------
The rule::

    - id: no-repeated-question
      check: repeated_question
      severity: warning

Passing::

    instruction: How can I change the email address on my account?
    response: Open Settings, choose Account, and type the new address under Email. …

Failing (echo: "the response opens by repeating the user's question (100% similar,
100% of its words)")::

    instruction: How can I change the email address on my account?
    response: How can I change the email address on my account? Open Settings, …

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from functools import cached_property
from typing import Literal

from pydantic import Field, NonNegativeInt, PositiveInt, field_validator

from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.checks.question_words import (
    Message,
    analysed_message,
    content_words,
    in_code_block,
    is_title,
    pieces,
)
from guidelint.text import to_plain

Kind = Literal["echo", "restatement", "announced"]
_WORD_CHAR_RE = re.compile(r"\w")
#: Phrases that announce a restatement ("|" separates them).
_CUES_TEXT = (
    "you asked|you've asked|you have asked|you are asking|you're asking|you want to know|"
    "you wanted to know|you would like to know|you'd like to know|you're wondering|"
    "you are wondering|your question|the question of|the question is|I understand you|"
    "I understand that you"
)
DEFAULT_RESTATEMENT_CUES: tuple[str, ...] = tuple(_CUES_TEXT.split("|"))


class RepeatedQuestionOptions(CheckOptions):
    similarity: float = Field(0.8, ge=0, le=1)
    overlap: float = Field(0.75, ge=0, le=1)
    purity: float = Field(0.85, ge=0, le=1)
    cue_overlap: float = Field(0.5, ge=0, le=1)
    min_question_words: NonNegativeInt = 5
    opening_sentences: PositiveInt = 1
    skip_titles: bool = True
    restatement_cues: tuple[str, ...] = DEFAULT_RESTATEMENT_CUES
    report: tuple[Kind, ...] = ("echo", "restatement", "announced")

    @field_validator("report")
    @classmethod
    def _check_report(cls, value: tuple[Kind, ...]) -> tuple[Kind, ...]:
        if not value:
            raise ValueError("report must name at least one of echo, restatement, announced")
        return value


class Cues:
    """The phrases that announce a restatement, found in lower-cased plain text."""

    def __init__(self, phrases: tuple[str, ...]):
        cues = [words for words in (to_plain(c).lower().split() for c in phrases) if words]
        alternatives = [r"\s+".join(map(re.escape, words)) for words in cues]
        self.pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)") if cues else None
        )
        # The longest word of each cue: a match holds one (a cheap test before the search).
        words = dict.fromkeys(max(words, key=len) for words in cues)
        self.words = re.compile("|".join(map(re.escape, words)))

    def found(self, lower: str, start: int, end: int) -> bool:
        """Whether ``lower[start:end]`` holds a cue."""
        if self.pattern is None or self.words.search(lower, start, end) is None:
            return False
        return self.pattern.search(lower, start, end) is not None


class Opening:
    """How much one opening sentence of a response resembles the user's message.

    ``cued`` and ``maybe_pure`` (what :func:`may_be_pure` says) are measured first, by
    :func:`openings`; ``purity``, ``overlap`` and ``similarity`` on first use, after
    ``maybe_pure`` and ``similarity_bound`` show they could matter.
    """

    __slots__ = ("__dict__", "cued", "end", "maybe_pure", "start")

    def __init__(
        self,
        start: int,
        end: int,
        cued: bool,
        maybe_pure: bool,
        words: list[str],
        found: list[str],
        message: Message,
    ):
        self.start, self.end, self.cued, self.maybe_pure = start, end, cued, maybe_pure
        self._words, self._found, self._message = words, found, message

    @cached_property
    def purity(self) -> float:
        """The share of the opening's content words that come from the message."""
        wanted = self._message.wanted
        return sum(w in wanted for w in self._found) / len(self._found)

    @cached_property
    def overlap(self) -> float:
        """The largest share of a topic's content words the opening holds."""
        found = self._found
        return max(len(t.intersection(found)) / len(t) if t else 0.0 for t in self._message.topics)

    @cached_property
    def similarity(self) -> float:
        """The best word-sequence similarity with an asking part of the message."""
        matcher = difflib.SequenceMatcher(None, b=self._words, autojunk=False)  # indexed once
        best = 0.0
        for q in self._message.asked:
            matcher.set_seq1(q)
            best = max(best, matcher.ratio())
        return best

    @cached_property
    def similarity_bound(self) -> float:
        """At least :attr:`similarity`: matched words are at most the words in common.

        The words of an asking part that occur in the opening at all, fewer or as many,
        are counted first: usually they already show that the part cannot raise it.
        """
        words = self._words
        bound = 0.0
        counts: Counter[str] | None = None
        for q in self._message.asked:
            total = len(q) + len(words)
            if 2.0 * min(len(q), len(words)) / total <= bound:
                continue
            counts = counts if counts is not None else Counter(words)
            shared = [w for w in q if w in counts]
            if 2.0 * len(shared) / total <= bound:
                continue
            left = dict(counts)
            common = 0
            for word in shared:  # each of the opening's words matched once
                if left[word]:
                    left[word] -= 1
                    common += 1
            bound = max(bound, 2.0 * common / total)
        return bound


def may_be_pure(found: list[str], message_text: str, purity: float) -> bool:
    """Whether an upper bound of the purity reaches ``purity``.

    The bound is the share of content words that occur in the message's lower-cased
    text: a content word from the message is a stem of one of its words, or a negation
    ("not") from "n't". It is given up as soon as the words missing put it below.
    """
    total = len(found)
    missing = 0
    for word in found:
        if word not in message_text and word != "not":
            missing += 1
            if (total - missing) / total < purity:
                return False
    return True


def openings(target: Target, options: RepeatedQuestionOptions, cues: Cues) -> Iterator[Opening]:
    """The opening sentences of the response that may repeat the user's message.

    Sentences without content words ("Sure!") and, with ``skip_titles``, title lines
    do not count as openings; a sentence that is all the response says is not measured.
    An opening neither cued nor within the purity bound (most are) cannot be reported
    and is not yielded; the message is looked at no further than that needs.
    """
    prompt_text = target.text.prompt
    if prompt_text is None:
        return
    message_text = to_plain(prompt_text).lower()
    analysis = target.analysis
    text = analysis.text
    seen = 0
    message: Message | None = None
    for start, end in pieces(analysis):
        if (options.skip_titles and is_title(text, start, end)) or in_code_block(analysis, start):
            continue  # (tested before the words: a title's are not needed)
        words = analysis.words_between(start, end)
        found = content_words(words)
        if not found:
            continue
        seen += 1
        if _WORD_CHAR_RE.search(text, end) is None:  # no word after it: the whole answer
            break
        cued = cues.found(analysis.lower_plain, start, end)
        maybe_pure = may_be_pure(found, message_text, options.purity)
        if cued or maybe_pure:
            message = message or analysed_message(prompt_text, options.min_question_words)
            if message is None:  # too short to compare
                return
            yield Opening(start, end, cued, maybe_pure, words, found, message)
        if seen >= options.opening_sentences:
            break


class RepeatedQuestionCheck(Check):
    """Report responses whose opening restates the user's message."""

    Options = RepeatedQuestionOptions
    analysis = frozenset({"code_blocks", "lower_plain", "sentences", "words"})
    default_message = (
        "the response opens by repeating the user's question "
        "({similarity}% similar, {overlap}% of its words)"
    )

    @cached_property
    def _cues(self) -> Cues:
        options = self.options
        assert isinstance(options, RepeatedQuestionOptions)
        return Cues(options.restatement_cues)

    def kind(self, opening: Opening) -> Kind | None:
        """What kind of repetition the opening is, among those reported; None if fine."""
        options = self.options
        assert isinstance(options, RepeatedQuestionOptions)
        pure = opening.maybe_pure and opening.purity >= options.purity
        if not pure and not opening.cued:
            return None
        kinds: list[Kind] = []
        if (
            pure
            and "echo" in options.report
            and opening.similarity_bound >= options.similarity
            and opening.similarity >= options.similarity
        ):
            kinds.append("echo")
        if pure and opening.overlap >= options.overlap:
            kinds.append("restatement")
        if opening.cued and opening.overlap >= options.cue_overlap:
            kinds.append("announced")
        return next((kind for kind in kinds if kind in options.report), None)

    def check(self, target: Target) -> Iterator[Finding]:
        options = self.options
        assert isinstance(options, RepeatedQuestionOptions)
        for opening in openings(target, options, self._cues):
            kind = self.kind(opening)
            if kind is not None:
                params = {
                    "similarity": round(opening.similarity * 100),
                    "overlap": round(opening.overlap * 100),
                    "purity": round(opening.purity * 100),
                    "kind": kind,
                    "sentence": target.value[opening.start : opening.end],
                }
                yield Finding(opening.start, opening.end, params=params)
                return
