"""``repeated_question``: the response opens by repeating the user's question.

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

Options:

* ``similarity`` (default ``0.8``), ``overlap`` (default ``0.75``), ``purity``
  (default ``0.85``), ``cue_overlap`` (default ``0.5``): thresholds, 0-1.
* ``min_question_words`` (default ``5``): shorter messages are not compared.
* ``opening_sentences`` (default ``1``): how many opening sentences to look at.
* ``skip_titles`` (default ``true``): skip title lines before the first sentence.
* ``restatement_cues`` (default: "you asked", "you're asking", "you want to know",
  "your question", "the question of", "I understand you", …).
* ``report`` (default ``[echo, restatement, announced]``): the kinds reported;
  ``[echo, announced]`` lets lead-ins such as "Here are some tips for X:" pass.

Message params: ``similarity``, ``overlap``, ``purity`` (percent), ``kind`` and
``sentence``; the span is the sentence. On 35,419 AlpacaEval responses of 44 models
the defaults report 7.2% (0.1% to 25% per model), mostly "Here is X:" lead-ins.

Example rule::

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
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pydantic import Field, NonNegativeInt, PositiveInt, field_validator

from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.text import WORD_RE, TextAnalysis, to_plain

Kind = Literal["echo", "restatement", "announced"]

_STOP_TEXT = """a about above after again against all also am an and any are as at be because
    been before being below between both but by can could did do does doing done down during
    each few for from further get got had has have having he her here hers herself him himself
    his how i if in into is it its itself just let like me more most my myself nor of off on
    once only or other our ours ourselves out over own please same she should so some such
    than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves tell give write explain describe list provide
    show make need want know help think one thing things way ways something many much well
    may might must shall several various following follow given steps tips ideas reasons
    example examples sample include includes including detailed simple basic brief concise
    key potential possible common top best good important main different sure certainly
    absolutely okay ok hello hi great question"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s", "e", "ly")
_QUOTED_RE = re.compile(r'"[^"\n]{1,2000}"')
_MIN_QUOTED_WORDS = 4
_MIN_ASKED_CONTENT = 3
_MAX_TITLE_WORDS = 12
_TITLE_RE = re.compile(
    r"^(?:#{1,6}\s|(?:\w+\s)?(?:title|subject|name)\s*:|\*\*[^*]+\*\*:?$|__[^_]+__:?$)",
    re.IGNORECASE,
)

#: Phrases that announce a restatement ("|" separates them).
_CUES_TEXT = (
    "you asked|you've asked|you have asked|you are asking|you're asking|you want to know|"
    "you wanted to know|you would like to know|you'd like to know|you're wondering|"
    "you are wondering|your question|the question of|the question is|I understand you|"
    "I understand that you"
)
DEFAULT_RESTATEMENT_CUES: tuple[str, ...] = tuple(_CUES_TEXT.split("|"))


def stem(word: str) -> str:
    """A crude fold of endings, so "improving", "improves" and "improve" meet."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(words: list[str]) -> list[str]:
    """Stems of the words that carry meaning: stop words out, negations and numbers in."""
    found = []
    for word in words:
        if word.endswith("n't"):
            found.append("not")
            continue
        word = word.partition("'")[0]
        if word not in _STOP_WORDS:
            found.append(stem(word))
    return found


def _words(analysis: TextAnalysis, start: int, end: int) -> list[str]:
    starts = analysis.word_starts
    return analysis.word_list[bisect_left(starts, start) : bisect_left(starts, end)]


def _pieces(analysis: TextAnalysis) -> Iterator[tuple[int, int]]:
    """Sentences cut at line breaks, without surrounding white space."""
    text = analysis.text
    for start, end in analysis.sentences:
        position = start
        for line in text[start:end].split("\n"):
            stripped = line.strip()
            if stripped:
                lead = position + len(line) - len(line.lstrip())
                yield lead, lead + len(stripped)
            position += len(line) + 1


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def question_analysis(prompt: TextAnalysis) -> TextAnalysis:
    """The user's message without code blocks and long quoted passages."""
    quoted = [
        m.span()
        for m in _QUOTED_RE.finditer(prompt.plain)
        if len(WORD_RE.findall(m.group())) >= _MIN_QUOTED_WORDS
    ]
    return TextAnalysis(_blank(prompt.plain, [*prompt.code_blocks, *quoted]))


def questions(message: TextAnalysis) -> list[list[str]]:
    """The words of each part of the message that asks.

    Those are its first sentence, its sentences ending in "?", its last line when that
    is one sentence and no earlier line ends with ":" (which introduces material to
    work on), and the whole message when it is one line.
    """
    text = message.text.rstrip()
    pieces = list(_pieces(message))
    if not pieces:
        return []
    chosen = [pieces[0], *(p for p in pieces if text[p[0] : p[1]].endswith("?"))]
    last_line = text.rfind("\n") + 1
    introduced = any(line.rstrip().endswith(":") for line in text[:last_line].splitlines())
    if not introduced and not text[last_line : pieces[-1][0]].strip():
        chosen.append(pieces[-1])
    if "\n" not in text.strip():
        chosen.append((0, len(text)))
    return [_words(message, start, end) for start, end in dict.fromkeys(chosen)]


def _is_title(text: str, start: int, end: int) -> bool:
    """A heading, a bold line, a "Title:" line, or a short unpunctuated line of its own."""
    line = text[start:end]
    if _TITLE_RE.match(line):
        return True
    own_line = text.startswith("\n", end) and (start == 0 or text[start - 1] == "\n")
    return own_line and line[-1] not in ".!?:;,)" and len(line.split()) <= _MAX_TITLE_WORDS


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


@dataclass(frozen=True, slots=True)
class Opening:
    """How much one opening sentence of a response resembles the user's message."""

    start: int
    end: int
    similarity: float
    overlap: float
    purity: float
    cued: bool


def openings(
    target: Target, options: RepeatedQuestionOptions, cue: re.Pattern[str] | None
) -> Iterator[Opening]:
    """Measure the opening sentences of the response against the user's message.

    Sentences without content words ("Sure!") and, with ``skip_titles``, title lines
    do not count as openings; a sentence that is all the response says is not measured.
    """
    prompt = target.prompt_analysis
    if prompt is None or prompt.word_count < options.min_question_words:
        return
    message = question_analysis(prompt)
    asked = [q for q in questions(message) if len(q) >= options.min_question_words]
    wanted = set(content_words(message.word_list))
    topics = [wanted, *(t for q in asked if len(t := set(content_words(q))) >= _MIN_ASKED_CONTENT)]
    analysis = target.analysis
    seen = 0
    for start, end in _pieces(analysis):
        if seen >= options.opening_sentences:
            break
        words = _words(analysis, start, end)
        found = content_words(words)
        in_code = any(s <= start < e for s, e in analysis.code_blocks)
        if not found or in_code or (options.skip_titles and _is_title(analysis.text, start, end)):
            continue
        seen += 1
        if analysis.words_in(end, len(analysis.text)) == 0:
            break
        similarity = max(
            (difflib.SequenceMatcher(None, q, words, autojunk=False).ratio() for q in asked),
            default=0.0,
        )
        covered = max(len(t.intersection(found)) / len(t) if t else 0.0 for t in topics)
        pure = sum(w in wanted for w in found) / len(found)
        cued = cue is not None and cue.search(analysis.lower_plain, start, end) is not None
        yield Opening(start, end, similarity, covered, pure, cued)


class RepeatedQuestionCheck(Check):
    """Report responses whose opening restates the user's message."""

    name = "repeated_question"
    Options = RepeatedQuestionOptions
    default_message = (
        "the response opens by repeating the user's question "
        "({similarity}% similar, {overlap}% of its words)"
    )

    @cached_property
    def _cue(self) -> re.Pattern[str] | None:
        options = self.options
        assert isinstance(options, RepeatedQuestionOptions)
        cues = [to_plain(c).lower().split() for c in options.restatement_cues]
        alternatives = [r"\s+".join(map(re.escape, words)) for words in cues if words]
        if not alternatives:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")

    def kind(self, opening: Opening) -> Kind | None:
        """What kind of repetition the opening is, among those reported; None if fine."""
        options = self.options
        assert isinstance(options, RepeatedQuestionOptions)
        pure = opening.purity >= options.purity
        kinds: list[Kind] = []
        if pure and opening.similarity >= options.similarity:
            kinds.append("echo")
        if pure and opening.overlap >= options.overlap:
            kinds.append("restatement")
        if opening.cued and opening.overlap >= options.cue_overlap:
            kinds.append("announced")
        return next((kind for kind in kinds if kind in options.report), None)

    def check(self, target: Target) -> Iterator[Finding]:
        options = self.options
        assert isinstance(options, RepeatedQuestionOptions)
        for opening in openings(target, options, self._cue):
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
