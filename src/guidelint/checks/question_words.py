"""Words and sentences for the ``repeated_question`` check.

Content words (stop words and lead-in fillers out, endings folded), the pieces of a
text (sentences cut at line breaks), the asking parts of a user's message, and title
lines. Words are folded once each (a bounded cache): texts repeat the same words.
Messages are analysed once each too (:func:`analysed_message`, also bounded): datasets
put the same question to many responses (AlpacaEval: 805 instructions, 44 models).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mypy_extensions import mypyc_attr

from guidelint.caching import cached
from guidelint.text import TextAnalysis
from guidelint.text.wordchars import words_re

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
    absolutely okay ok hello hi great question guide step-by-step"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s", "e", "ly")
_QUOTED_RE = re.compile(r'"[^"\n]{1,2000}"')
_WORD_CHAR_RE = re.compile(r"\w")
_MIN_QUOTED_WORDS = 4
_MAX_TITLE_WORDS = 12
_MIN_ASKED_CONTENT = 3
_TITLE_RE = re.compile(
    r"^(?:#{1,6}\s|(?:\w+\s)?(?:title|subject|name)\s*:|\*\*[^*]+\*\*:?$|__[^_]+__:?$)",
    re.IGNORECASE,
)

_MAX_CACHED_WORDS = 50_000
_MAX_CACHED_MESSAGES = 1_000
#: Longer messages are analysed each time: kept, 1,000 of them could hold tens of MB.
_MAX_CACHED_MESSAGE_CHARS = 4_000


class Folds(dict[str, str]):
    """word → its content stem ("" for a stop word); each word is folded once."""

    def __missing__(self, word: str) -> str:
        if len(self) > _MAX_CACHED_WORDS:
            self.clear()
        folded = self[word] = _content(word)
        return folded


def stem(word: str) -> str:
    """A crude fold of endings, so "improving", "improves" and "improve" meet."""
    if not word.endswith(_SUFFIXES):
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _content(word: str) -> str:
    """The stem of a word that carries meaning; "" for a stop word."""
    if word.endswith("n't"):
        return "not"
    word = word.partition("'")[0]
    if word in _STOP_WORDS or not word.strip("_"):
        return ""  # (a run of underscores, the blanks of "H__AR_", is no word)
    folded = stem(word)
    return "" if folded in _STOP_STEMS else folded


#: The verbs a request is put with are stop words in every form: "making", "describes"
#: frame the request as "make", "describe" do ("Making frosting with Crisco!" after "How
#: to make frosting with crisco").
_STOP_STEMS = frozenset(map(stem, ["tell", "give", "explain", "describe", "make"]))
FOLDS = Folds()


def content_words(words: list[str]) -> list[str]:
    """Stems of the words that carry meaning: stop words out, negations and numbers in."""
    return list(filter(None, map(FOLDS.__getitem__, words)))


def pieces(analysis: TextAnalysis) -> Iterator[tuple[int, int]]:
    """Sentences cut at line breaks, without surrounding white space."""
    text = analysis.text
    for start, end in analysis.iter_sentences():
        if text.find("\n", start, end) < 0:  # one line, and sentences are stripped
            yield start, end
            continue
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
    plain = prompt.plain
    quoted = (
        [
            m.span()
            for m in _QUOTED_RE.finditer(plain)
            if len(words_re(m.group()).findall(m.group())) >= _MIN_QUOTED_WORDS
        ]
        if '"' in plain
        else []
    )
    blanks = [*prompt.code_blocks, *quoted]
    if not blanks and plain is prompt.text:
        return prompt
    return TextAnalysis(_blank(plain, blanks))


def questions(message: TextAnalysis) -> list[list[str]]:
    """The words of each part of the message that asks.

    Those are its first sentence, its sentences ending in "?", its last line when that
    is one sentence and no earlier line ends with ":" (which introduces material to
    work on), and the whole message when it is one line (its words are then the
    message's :attr:`~TextAnalysis.word_list` itself).
    """
    text = message.text.rstrip()
    found = list(pieces(message))
    if not found:
        return []
    chosen = [found[0], *(p for p in found if text[p[0] : p[1]].endswith("?"))]
    last_line = text.rfind("\n") + 1
    introduced = any(line.rstrip().endswith(":") for line in text[:last_line].splitlines())
    if not introduced and not text[last_line : found[-1][0]].strip():
        chosen.append(found[-1])
    if "\n" not in text.strip():
        chosen.append((0, len(text)))
    whole = (0, len(text))
    return [
        message.word_list if span == whole else message.words_between(*span)
        for span in dict.fromkeys(chosen)
    ]


def is_title(text: str, start: int, end: int) -> bool:
    """A heading, a bold line, a "Title:" line, or a short unpunctuated line of its own."""
    line = text[start:end]
    if _TITLE_RE.match(line):
        return True
    own_line = text.startswith("\n", end) and (start == 0 or text[start - 1] == "\n")
    return own_line and line[-1] not in ".!?:;,)" and len(line.split()) <= _MAX_TITLE_WORDS


def in_code_block(analysis: TextAnalysis, position: int) -> bool:
    """Whether ``position`` (not white space) lies in a fenced code block.

    A block starts at its opening fence's line, so a fence must begin by ``position``.
    """
    head = analysis.text[: position + 3]
    if "```" not in head and "~~~" not in head:
        return False
    return any(s <= position < e for s, e in analysis.code_blocks)


@mypyc_attr(native_class=False)  # a plain class when compiled: cached attributes
class Message:
    """The user's message, analysed only as far as an opening needs."""

    def __init__(self, prompt: TextAnalysis, min_words: int):
        self.prompt = prompt
        self.min_words = min_words

    @cached
    def analysis(self) -> TextAnalysis:
        """The message without code blocks and long quotations."""
        return question_analysis(self.prompt)

    @cached
    def wanted(self) -> set[str]:
        """Its content words."""
        return set(map(FOLDS.__getitem__, self.analysis.word_list)) - {""}

    @cached
    def asked(self) -> list[list[str]]:
        """The words of its asking parts (see :func:`questions`)."""
        return [q for q in questions(self.analysis) if len(q) >= self.min_words]

    @cached
    def topics(self) -> list[set[str]]:
        """Sets of content words an opening may cover: all, and each asking part's.

        The part that is the whole message (its word list) covers :attr:`wanted`.
        """
        words = self.analysis.word_list
        parts = (self.wanted if q is words else set(content_words(q)) for q in self.asked)
        return [self.wanted, *(t for t in parts if len(t) >= _MIN_ASKED_CONTENT)]


_MESSAGES: dict[tuple[str, int], Message | None] = {}


def analysed_message(text: str, min_words: int) -> Message | None:
    """The user's message ``text`` analysed (None if under ``min_words`` words), kept for reuse."""
    key = (text, min_words)
    if key in _MESSAGES:
        return _MESSAGES[key]
    prompt = TextAnalysis(text)
    found = Message(prompt, min_words) if prompt.has_words(min_words) else None
    if len(text) <= _MAX_CACHED_MESSAGE_CHARS:  # long messages would hold memory
        if len(_MESSAGES) >= _MAX_CACHED_MESSAGES:
            _MESSAGES.clear()
        _MESSAGES[key] = found
    return found
