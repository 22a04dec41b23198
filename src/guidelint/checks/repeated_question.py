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
  "The question of whether …") and holds at least ``cue_overlap`` of them, or, in
  other words, only tells the user what they want ("I understand you're looking to
  add some excitement to your evenings."; "I understand you're upset" is empathy).
* a **lead-in**: it announces what follows and names the request's topic: "Here are
  some ways to save money on groceries:", "Here is a poem about autumn leaves:",
  "Sure, I'd be happy to help you implement X.", "To roast a pig at home, you'll
  need:". It starts with "here is/are" (holding at least ``lead_in_words`` of the
  message's content words), offers help with the request, or ends with a colon with
  a framing word (you, I, these, following, …); the last two need half of their
  content words from the message, so "To find the length, use the distance formula:"
  (a method) passes.
* a **lead-in line**: the first line ends with a colon after two or three sentences, the
  last announcing ("Here are …", "the following", "… include:"), and the ones before
  hold at least two of the message's content words, 40% of their own: "Many famous
  actors began their careers on Broadway. Here are some of them:". The labelling guide
  judges the whole first line when it ends with a colon. Not when those sentences answer
  yes or no, give reasons or examples ("such as", "because"), name inline code or give
  the subject another name ("also known as"). Nor need they hold 40% when they only
  praise the request's subject (they open with two of its words and hold a vague word
  such as "essential", "valuable", with no aim or alias): "Conflict resolution is an
  essential skill that allows a team to work together. Here are some strategies for
  conflict resolution:". A few words that state no fact (no digit, no name) before an
  announcing sentence that itself holds two of the request's words count too: "Exciting!
  Here are some name suggestions for a friendly Telegram group:". "…, but here are some
  ways to X:" (or "…, but there are several signs that X:") after a clause of its own is
  a lead-in too, "…, and here's why:" is not; "According to the 2022 rankings, …:" names
  a source and passes, "According to the contract, …:" (the request's own text) or
  "According to various studies, …:" (generic words) does not; a colon lead-in that says
  no ("It's not possible to X, for several reasons:") answers, unless the request asked
  in the negative, and so does one that holds a number the request does not ("… by
  multiplying $47.50 by 0.14:"). An apology or disclaimer that opens the line is passed
  over, and the request's own names ("Python and JavaScript are …") state no fact.
* a **filler**: it only says the request has answers or is hard: "There are many
  ways to improve your sleep.", "Choosing a laptop depends on many factors.",
  "Predicting the future of AI is challenging.", "Making bubble solution is easy and
  …", "You can dry out a wide variety of herbs.", "The eternal struggle of cat owners!"
  (a short exclamation on the topic), "The meaning of life is a philosophical
  question …", holding at least two of the message's content words. So is an opening
  whose words are the request's and vague evaluative words only ("Learning to play
  the piano can be a rewarding and enjoyable experience."; not in the first person,
  which is text the user asked for): LABELLING.md decides such words are no content,
  and they do not count against a lead-in line's purity either; "If X had never
  happened, Y would have been significantly different." only says the answer would
  differ. A colon lead-in in such a shape is a filler too ("There are a few reasons why
  turkeys became associated with Thanksgiving:", "X has several meanings depending on
  its context:"). When the request has only one or two content words, one of them is
  enough. One that goes on to give reasons ("… depends on your budget, such as …",
  "because …", "thanks to …") adds information and passes, unless they are generic
  words ("… including cultural, social and individual factors") or what an offer after
  it is based on ("X is a complex task, but I'll provide a speculation based on current
  trends.").

A few words and a colon without a frame word ("Recipe for Opor Ayam:") title what
follows, and are not reported even in the request's words.

Answers reuse the message's key nouns, so an echo or restatement must also be
*pure*: at least ``purity`` of its content words come from the message, and it quotes
no term the message does not hold ('One word for it is "distress."' answers). A sentence
carrying the answer ("It takes about 20 minutes for our eyes to adapt to darkness",
"No, it is not true that …") is not. Content words are what is left without stop
words, lead-in fillers ("here", "some", "following", "steps", "guide") and a request's
framing verbs in any form ("making", "describes"), endings folded.

A pleasantry first does not count as the opening; the sentence after it does: praise of
the request ("A classic request!", "What a fascinating question about crystals!"), an
offer to help with "that" ("Sure, I'd be happy to help with that!"), a bare interjection
("Of course!"), thanks for the question ("Thank you for your question."), "Here is my
response to the instruction:". So "A classic request! Here's an ASCII house for you:" is
a lead-in, and "A great question about a legendary band! The answer is …" passes. Nor
does a disclaimer, apology or warning (up to three sentences: "As an AI, I don't have
access to databases.", "I'm sorry, but I can't browse the internet.", "Warning: …"; a
sentence after one that says what the assistant cannot do, or apologises, carries it
on): the sentence after it is the opening, judged only as a lead-in ("However, I can
provide you with a list of films in the public domain from the 1930s." restates; an
explanation after a refusal is not a filler). Such an offer is a lead-in when it shares
any word with the request but generic ones ("information", "knowledge"): "However, I can
provide you with some tips on how to look after the children:" after "Act as a
babysitter"; not when it answers ("I can tell you that …"), offers another task ("I can
help you find resources …") or gives an alias ("What I can do is provide …" offers too).
An "As an AI language model, " clause inside the opening sentence is passed over the
same way ("As an AI, I can suggest some good science fiction books to buy." is a
lead-in), and a disclaimer that goes on to a lead-in of its own ("As an AI, I have no
opinions, but here are some ways to X:") is judged from "here" on ("I don't have
personal experience with working from home, but here are some tips that might help:"
names nothing asked). The first sentence of a piece the user asked to have written
("Write an essay on …", "Need 300 words on …") is that piece: only a lead-in before it
("Here is an essay on X:") is judged.

Not reported: messages under ``min_question_words`` words; code blocks and long
quotations in the message (material to work on); an opening that is the whole response
(it is the answer). Openings without content words ("Sure!"), code and title lines
(headings, bold lines, "Title: …", a short unpunctuated line) are skipped, and a few
words and a colon without a frame word ("Project Plan Example:") title what follows. A
gloss is content (LABELLING.md): an opening that spells out an abbreviation in words the
request does not hold ("Certified Public Accountant (CPA)" after "CPA"; not "Artificial
Intelligence (AI)" after "artificial intelligence") or glosses a name ("Here's a recipe
for Mine Frite, a popular Mauritian street food:") is not reported, nor a lead-in line
that quotes a name of its own ('The new language that we'll call "NumLet" …'). A first
line of emojis is the answer. "I'm glad you're excited about X" answers what the user
said of themselves and is not announced; "I'm glad you're interested in X" is.
Paraphrases sharing few words with the message are not caught.

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
* ``report``: the kinds reported (echo, restatement, announced, lead-in, filler);
  ``[echo, announced]`` lets lead-ins such as "Here are some tips for X:" pass.
* ``lead_in_words``: content words of the message a "here is" lead-in must hold.

Message params: ``how`` (what the default message says of the kind), ``overlap``,
``purity`` (percent), ``kind``, ``sentence``, and for echo, restatement and announced
openings ``similarity`` (percent); the span is the sentence. On every tenth of the
35,419 AlpacaEval responses of 44 models the defaults report 33.3%, near the 35% that
readers found restating among 572 uniformly drawn ones (docs/rule-quality.md measures
precision and recall on labelled responses).

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

from collections.abc import Iterator

from pydantic import Field, NonNegativeInt, PositiveInt, field_validator

from guidelint.caching import cached as cached_property  # lock-free (caching.py)
from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.checks.question_words import content_words
from guidelint.checks.restatement import (
    DEFAULT_RESTATEMENT_CUES,
    Cues,
    Kind,
    Pieces,
    Settings,
    kind_of,
    lead_in_line,
    openings,
)

__all__ = [
    "DEFAULT_RESTATEMENT_CUES",
    "Cues",
    "Kind",
    "RepeatedQuestionCheck",
    "RepeatedQuestionOptions",
    "content_words",
]


class RepeatedQuestionOptions(CheckOptions):
    similarity: float = Field(0.8, ge=0, le=1)
    overlap: float = Field(0.75, ge=0, le=1)
    purity: float = Field(0.85, ge=0, le=1)
    cue_overlap: float = Field(0.5, ge=0, le=1)
    min_question_words: NonNegativeInt = 5
    opening_sentences: PositiveInt = 1
    skip_titles: bool = True
    restatement_cues: tuple[str, ...] = DEFAULT_RESTATEMENT_CUES
    report: tuple[Kind, ...] = ("echo", "restatement", "announced", "lead-in", "filler")
    lead_in_words: PositiveInt = 1

    @field_validator("report")
    @classmethod
    def _check_report(cls, value: tuple[Kind, ...]) -> tuple[Kind, ...]:
        if not value:
            raise ValueError(
                "report must name at least one of echo, restatement, announced, lead-in, filler"
            )
        return value


_HOW: dict[str, str] = {
    "lead-in": "restating the request in a lead-in; start with the answer",
    "filler": "restating the request without answering it; start with the answer",
}


class RepeatedQuestionCheck(Check):
    """Report responses whose opening restates the user's message."""

    Options = RepeatedQuestionOptions
    analysis = frozenset({"code_blocks", "lower_plain", "sentences", "words"})
    default_message = "the response opens by {how}"

    @cached_property
    def _cues(self) -> Cues:
        options = self.options
        assert isinstance(options, RepeatedQuestionOptions)
        return Cues(options.restatement_cues)

    @cached_property
    def _settings(self) -> Settings:
        options = self.options
        assert isinstance(options, RepeatedQuestionOptions)
        return Settings(
            similarity=options.similarity,
            overlap=options.overlap,
            purity=options.purity,
            cue_overlap=options.cue_overlap,
            min_question_words=options.min_question_words,
            opening_sentences=options.opening_sentences,
            skip_titles=options.skip_titles,
            report=options.report,
            lead_in_words=options.lead_in_words,
        )

    def check(self, target: Target) -> Iterator[Finding]:
        prompt = target.text.prompt
        if prompt is None:
            return  # no message to repeat
        settings = self._settings
        analysis = target.analysis
        spans = Pieces(analysis)  # walked by the openings, then the first line
        for opening in openings(analysis, prompt, settings, self._cues, spans):
            kind = kind_of(opening, settings)
            if kind is not None:
                overlap = round(opening.overlap * 100)
                params: dict[str, object] = {
                    "overlap": overlap,
                    "purity": round(opening.purity * 100),
                    "kind": kind,
                    "sentence": target.value[opening.start : opening.end],
                }
                if kind in ("lead-in", "filler"):
                    params["how"] = _HOW[kind]
                else:  # the word-sequence similarity is measured only for these
                    similarity = params["similarity"] = round(opening.similarity * 100)
                    params["how"] = (
                        f"repeating the user's question ({similarity}% similar, "
                        f"{overlap}% of its words)"
                    )
                yield Finding(opening.start, opening.end, params=params)
                return
        if "lead-in" in settings.report:
            line = lead_in_line(analysis, prompt, settings, spans)
            if line is not None:
                yield Finding(
                    line[0],
                    line[1],
                    params={
                        "how": _HOW["lead-in"],
                        "kind": "lead-in",
                        "sentence": target.value[line[0] : line[1]],
                        "overlap": 0,
                        "purity": 0,
                    },
                )
