"""Per-text analysis computed once and shared by every check that needs it.

A :class:`TextAnalysis` is created lazily for each text a rule looks at; each
property is computed on first use and cached, so a guideline that never asks for
sentences never splits sentences. Offsets are character offsets into the original
text; :attr:`TextAnalysis.plain` has the same length as the text (typographic quotes
replaced one-for-one by their plain forms), so spans found in it map back exactly.

Words are counted without a regex pass or a list of spans: :func:`word_start_bits`
marks where words start in one big integer, so counting the words of the text or of a
paragraph is a shift, a mask and ``int.bit_count``. The spans
(:attr:`TextAnalysis.words`) are built only for checks that need them.

Nothing here imports spaCy or textstat: checks that need them load them lazily.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from mypy_extensions import mypyc_attr

from guidelint.caching import cached
from guidelint.text.wordchars import (
    PLAIN_WORD_RE,
    URL_ANCHORS,
    WORD_RE,
    lower,
    may_hold_url,
    to_plain,
    url_spans,
    word_start_bits,
)

_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"')\]\u201d\u2019]*(?=\s+|$)")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
#: An e-mail address: "help@e-mail.org", "first.last+tag@mail.example.co.uk".
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Line-start patterns as "\n" + line (fast to search for) plus the first line on its own.
# (List items and headings run to the end of their line.)
# A number in bold ("**1. Blink rate:** …", "**2.** …") numbers items as a list does.
_LIST_ITEM = r"[ \t]*([-*+\u2022]|(?:\*\*|__)?\d{1,3}[.)](?:\*\*|__)?)[ \t]+\S[^\n]*"
_HEADING = r"[ \t]{0,3}(#{1,6})[ \t]+\S[^\n]*"
_FENCE = r"[ \t]*(```|~~~)"
LINE_PATTERNS = {
    name: (re.compile(source), re.compile("\n" + source))
    for name, source in (("list", _LIST_ITEM), ("heading", _HEADING), ("fence", _FENCE))
}
# Quoted passages: straight or typographic double quotes closed within a paragraph (a
# blank line ends a quote that never closed), and Markdown block quotes (``> `` lines).
# A straight quote right after a digit opens nothing: it is an inch mark (``13"``).
_QUOTED_RE = re.compile(
    r'(?<![0-9])"[^"\n]*(?:\n(?![ \t]*\n)[^"\n]*)*"|\u201c[^\u201c\u201d]*?\u201d'
)
#: Speech in single quotes, straight or typographic ('I cannot log in.', ‘No,’ she
#: said): it opens before a capital letter where no word goes on, holds apostrophes only
#: between letters ("can't"), and closes after a sentence's or clause's end mark where
#: no word goes on; within one line. An apostrophe is none of these (the users' files).
_SINGLE_QUOTED_RE = re.compile(
    r"(?<![\w'\u2018\u2019])(?:'(?=[A-Z])(?:[^'\n]|(?<=\w)'(?=\w))*?[.!?,]'"
    r"|\u2018(?=[A-Z])(?:[^\u2018\u2019\n]|(?<=\w)\u2019(?=\w))*?[.!?,]\u2019)(?![\w'\u2019])"
)
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _single_openings(text: str, start: int, end: int) -> list[int]:
    """Where speech in single quotes may open in ``text[start:end]``: a single quote
    before a capital letter (the regex above is tried only there; the quotes are found
    with ``str.find``, as most texts hold a few apostrophes and no such quote)."""
    found: list[int] = []
    for mark in ("'", "\u2018"):
        at = text.find(mark, start, end)
        while at >= 0:
            if text[at + 1 : at + 2] in _CAPITALS:
                found.append(at)
            at = text.find(mark, at + 1, end)
    if len(found) > 1:
        found.sort()
    return found


_BLOCK_QUOTE_RE = re.compile(r"(?m)^[ \t]{0,3}>[^\n]*")
# Inline code: a run of backticks and the same run closing it (CommonMark), on one
# paragraph.
_INLINE_CODE_RE = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
# Common abbreviations that end with a period but rarely end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "fig",
        "no",
        "approx",
        "dept",
    ]
)
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))
#: Words that open sentences and are no one's name: after "Vitamin C." one of them
#: says the period ends the sentence (after "John F." a name follows).
_OPENING_WORDS = (
    "a an the this that these those it its they their there he his she her we our you "
    "your my i in on at for if when while so but and or as to with also however then "
    "each every some many most all both no not is are was were what how why where who "
    "which here after before because since although though such another other"
)
_SENTENCE_OPENERS = frozenset(_OPENING_WORDS.split())
#: How far past an initial's period the name it begins is looked for.
_INITIAL_LOOKAHEAD = 80
# The characters that to_plain or lower-casing turns into a character of another kind
# for WORD_RE (word character, joiner, other), or into two (U+0130).
_RECLASSED_RE = re.compile("[\u0130\u02bc\u2010\u2011\u2018\u201a\u201b\u2032]")
# WORD_RE for lower-cased ASCII text (\w is [a-z0-9_] there), a third faster: possessive.
_LOWER_ASCII_PLAIN_RE = re.compile(
    r"[a-z0-9_]++(?:['\-][a-z0-9_]++|[.,](?<=[0-9][.,])(?=[0-9])[a-z0-9_]++)*+"
)
# (and with web addresses, for a text that may hold one: see words_re)
_LOWER_ASCII_WORD_RE = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"`]*[^\s<>\"`'.,;:!?)\]}]|" + _LOWER_ASCII_PLAIN_RE.pattern
)


@mypyc_attr(native_class=False)  # a plain class when compiled: cached_property, __dict__
class TextAnalysis:
    """Lazily computed facts about one text; every span is ``(start, end)``."""

    __slots__ = ("__dict__", "text")

    def __init__(self, text: str):
        self.text = text

    @cached
    def plain(self) -> str:
        return to_plain(self.text)

    @cached
    def lower_plain(self) -> str:
        return lower(self.plain)

    def has_lower(self, anchor: str) -> bool:
        """Whether ``anchor`` occurs in :attr:`lower_plain`.

        Answered from what the phrase index found (:meth:`note_anchors`) when it
        searched for this anchor, else by a substring test.
        """
        noted = self.__dict__.get("_anchors")
        if noted is not None and anchor in noted[0]:
            return anchor in noted[1]
        return anchor in self.lower_plain

    def has_any_lower(self, anchors: tuple[str, ...]) -> bool:
        """Whether any of ``anchors`` occurs in :attr:`lower_plain` (as :meth:`has_lower`
        of each, with set operations over what the phrase index found)."""
        noted = self.__dict__.get("_anchors")
        if noted is not None:
            searched, found = noted
            if not found.isdisjoint(anchors):
                return True
            if searched.issuperset(anchors):
                return False
        lower = self.lower_plain
        return any(anchor in lower for anchor in anchors)

    def noted_anchors(self) -> tuple[frozenset[str], set[str]] | None:
        """(searched, found) as :meth:`note_anchors` recorded them, or None.

        Noted only for a :attr:`fold_safe` text (the phrase index searches no other).
        """
        noted: tuple[frozenset[str], set[str]] | None = self.__dict__.get("_anchors")
        return noted

    def note_anchors(self, searched: frozenset[str], found: set[str]) -> None:
        """Record which of ``searched`` occur in :attr:`lower_plain` (all of ``found``)."""
        self.__dict__["_anchors"] = (searched, found)

    @cached
    def fold_safe(self) -> bool:
        """Whether ``s in lower_plain`` tells if a case-insensitive search finds ASCII ``s``.

        Not when the text holds İ, ı or ſ: ``re`` and ``regex`` match them to ASCII
        letters that ``str.lower`` does not turn them into (İ also changes length).
        """
        text = self.text
        if text.isascii():
            return True
        if "\u0130" in text or "\u0131" in text or "\u017f" in text:
            return False
        return len(self.lower_plain) == len(text)

    @cached
    def word_start_bits(self) -> int:
        return word_start_bits(self.text, self._urls_noted())

    def _urls_noted(self) -> bool | None:
        """Whether the text may hold a web address, when the phrase index found out."""
        noted = self.noted_anchors()
        if noted is None or not noted[0].issuperset(URL_ANCHORS):
            return None
        return not noted[1].isdisjoint(URL_ANCHORS)

    @cached
    def url_marks(self) -> bool:
        """Whether the text may hold a web address (then :data:`WORD_RE` is needed to
        find its words; otherwise a faster pattern finds the same)."""
        noted = self._urls_noted()
        if noted is not None:
            return noted
        known = self.__dict__.get("lower_plain")
        return may_hold_url(known if known is not None else lower(self.text))

    @property
    def _word_re(self) -> re.Pattern[str]:
        return WORD_RE if self.url_marks else PLAIN_WORD_RE

    @cached
    def words(self) -> list[tuple[int, int]]:
        return [m.span() for m in self._word_re.finditer(self.text)]

    @cached
    def word_count(self) -> int:
        if "words" in self.__dict__:
            return len(self.words)
        return self.word_start_bits.bit_count()

    def has_words(self, count: int) -> bool:
        """Whether the text holds at least ``count`` words (stops looking there)."""
        if "word_count" in self.__dict__ or count > 8:
            return self.word_count >= count
        matches = self._word_re.finditer(self.text)
        return all(next(matches, None) is not None for _ in range(count))

    @cached
    def word_list(self) -> list[str]:
        """The words, lower-cased, in order."""
        text, lower = self.text, self.lower_plain
        finder = _lower_words_finder(text, lower, 0, len(text), self.url_marks)
        if "words" not in self.__dict__ and finder is not None:
            return finder.findall(lower)
        return [lower[s:e] for s, e in self.words]

    def words_between(self, start: int, end: int) -> list[str]:
        """The lower-cased words that start inside ``text[start:end]``."""
        if "words" in self.__dict__:
            starts = self.word_starts
            return self.word_list[bisect_left(starts, start) : bisect_left(starts, end)]
        text, lower = self.text, self.lower_plain
        if _between_words(text, start) and _between_words(text, end):
            finder = _lower_words_finder(text, lower, start, end, self.url_marks)
            if finder is not None:
                return finder.findall(lower, start, end)
        # No word runs across white space: matching from there equals the whole scan.
        pos = start
        while pos > 0 and not text[pos - 1].isspace():
            pos -= 1
        found = []
        for match in self._word_re.finditer(text, pos):
            begin = match.start()
            if begin >= end:
                break
            if begin >= start:
                found.append(lower[begin : match.end()])
        return found

    @cached
    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans: split after ``.``, ``!``, ``?`` followed by space or end."""
        return list(self.iter_sentences())

    def iter_sentences(self) -> Iterator[tuple[int, int]]:
        """The spans of :attr:`sentences`, found one at a time (for the first few).

        Each span starts and ends at a character that is not white space.
        """
        if "sentences" in self.__dict__:
            yield from self.sentences
            return
        text = self.text
        start = _skip_space(text, 0)  # never white space: a span is never blank
        for match in _SENTENCE_END_RE.finditer(text, start):
            end = match.end()
            if text[match.start()] == "." and _ends_with_abbreviation(text, match.start()):
                continue
            if end > start:
                yield start, end
            start = _skip_space(text, end)
        if start < len(text):
            yield start, len(text.rstrip())

    @cached
    def paragraphs(self) -> list[tuple[int, int]]:
        """Paragraph spans: text separated by one or more blank lines."""
        spans: list[tuple[int, int]] = []
        text = self.text
        start = _skip_space(text, 0)  # each paragraph starts at a non-space character
        for match in _PARAGRAPH_BREAK_RE.finditer(text):
            end = match.start()
            if end > start:
                spans.append((start, end))
            start = match.end()
        if start < len(text):
            spans.append((start, len(text.rstrip())))
        return spans

    @cached
    def list_items(self) -> list[tuple[int, int]]:
        """Markdown list items (``-``, ``*``, ``+``, ``•``, ``1.``, ``1)``), outside code."""
        return self._outside_code("list")

    @cached
    def headings(self) -> list[tuple[int, int]]:
        """Markdown ATX headings (``# Title``), outside code."""
        if "#" not in self.text:
            return []
        return self._outside_code("heading")

    @cached
    def code_blocks(self) -> list[tuple[int, int]]:
        """Fenced code blocks (```` ``` ```` or ``~~~``); an unclosed fence runs to the end."""
        text = self.text
        if not _has_fence(text):
            return []
        spans: list[tuple[int, int]] = []
        opened: tuple[int, str] | None = None
        for start, match in _line_matches(text, "fence"):
            fence = match.group(1)
            if opened is None:
                opened = (start, fence)
            elif fence == opened[1]:
                line_end = text.find("\n", match.end())
                end = len(text) if line_end < 0 else line_end
                spans.append((opened[0], end))
                opened = None
        if opened is not None:
            spans.append((opened[0], len(text)))
        return spans

    @cached
    def code_spans(self) -> list[tuple[int, int]]:
        """Fenced code blocks and inline code spans (`` `x` ``), in text order."""
        spans = list(self.code_blocks)
        text = self.text
        if "`" in text:
            blocks = self.code_blocks
            spans.extend(
                m.span()
                for m in _INLINE_CODE_RE.finditer(text)
                if not any(b <= m.start() < e for b, e in blocks)
            )
            spans.sort()
        return spans

    @cached
    def address_spans(self) -> list[tuple[int, int]]:
        """Web addresses and e-mail addresses, in text order: literal text that a word
        rule must not change ("https://e-mail.example.com/how-to-utilize",
        "help@e-mail.org")."""
        text = self.text
        spans = url_spans(text)
        if "@" in text:
            spans.extend(m.span() for m in _EMAIL_RE.finditer(text))
            spans.sort()
        return spans

    def in_address(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies within a web or e-mail address."""
        text = self.text
        if "://" not in text and "@" not in text and "www." not in self.lower_plain:
            return False
        return any(begin <= start and end <= stop for begin, stop in self.address_spans)

    @cached
    def quoted_spans(self) -> list[tuple[int, int]]:
        """Quoted speech and example sentences: text between double quotes (straight or
        typographic) within a paragraph, speech between single quotes within a line
        (see _SINGLE_QUOTED_RE), and Markdown block quotes; outside code."""
        text = self.text
        spans: list[tuple[int, int]] = []
        if '"' in text or "\u201c" in text:
            spans.extend(m.span() for m in _QUOTED_RE.finditer(text))
        if "'" in text or "\u2018" in text:
            end = 0
            for opening in _single_openings(text, 0, len(text)):
                if opening < end:
                    continue  # (inside the quote found last)
                found = _SINGLE_QUOTED_RE.match(text, opening)
                if found is not None:
                    spans.append(found.span())
                    end = found.end()
        if ">" in text:
            spans.extend(m.span() for m in _BLOCK_QUOTE_RE.finditer(text))
        if spans and "`" in text:
            code = self.code_spans
            spans = [s for s in spans if not any(b <= s[0] < e for b, e in code)]
        spans.sort()
        # A quote inside another ('Stop.' inside a double-quoted sentence or a block
        # quote) is part of it: one span each, so that :meth:`inside` finds the outer one.
        merged: list[tuple[int, int]] = []
        for start, end in spans:
            if merged and start < merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
                continue
            merged.append((start, end))
        return merged

    def may_be_quoted(self, start: int) -> bool:
        """Whether a quote could hold ``start``: cheap, before :attr:`quoted_spans`.

        A straight quote opens after the paragraph's start (a blank line ends it), a
        typographic one anywhere before, a single quote on the same line, a block quote
        at the start of the line.
        """
        text = self.text
        paragraph = text.rfind("\n\n", 0, start)
        if (
            text.find('"', max(paragraph, 0), start + 1) >= 0
            or text.rfind("\u201c", 0, start + 1) >= 0
        ):
            return True
        line_start = text.rfind("\n", 0, start) + 1
        if _single_openings(text, line_start, start + 1):
            return True
        line = text.rfind("\n", 0, start) + 1
        return ">" in text[line : min(line + 4, start + 1)]

    def may_be_code(self, start: int) -> bool:
        """Whether code could hold ``start``: a backtick or a fence before it."""
        text = self.text
        return text.find("`", 0, start + 1) >= 0 or text.find("~~~", 0, start + 1) >= 0

    def inside(self, spans: list[tuple[int, int]], start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies within one of ``spans`` (sorted by start)."""
        i = bisect_left(spans, (start + 1, -1)) - 1
        return i >= 0 and spans[i][0] <= start and end <= spans[i][1]

    def _outside_code(self, kind: str) -> list[tuple[int, int]]:
        """(start of group 1, end of line) of each line-start match outside code blocks."""
        text = self.text
        first, after_newline = LINE_PATTERNS[kind]
        spans = [(m.start(1), m.end()) for m in after_newline.finditer(text)]
        match = first.match(text)
        if match is not None:
            spans.insert(0, (match.start(1), match.end()))
        blocks = self.code_blocks if spans else []
        if blocks:
            spans = [
                s for s in spans if not any(b <= _line_start(text, s[0]) < e for b, e in blocks)
            ]
        return spans

    @cached
    def word_starts(self) -> list[int]:
        return [s for s, _ in self.words]

    def words_in(self, start: int, end: int) -> int:
        """How many words start inside ``text[start:end]``."""
        if "words" in self.__dict__:
            starts = self.word_starts
            return bisect_left(starts, end) - bisect_left(starts, start)
        start = max(start, 0)
        if end <= start:
            return 0
        # A shift and a mask of the start bits: cheaper than a byte per character.
        return ((self.word_start_bits >> 8 * start) & ((1 << 8 * (end - start)) - 1)).bit_count()


def _line_matches(text: str, kind: str) -> Iterator[tuple[int, re.Match[str]]]:
    """(line start, match) of a line-start pattern, like ``re.MULTILINE`` with ``^``."""
    first, after_newline = LINE_PATTERNS[kind]
    match = first.match(text)
    if match is not None:
        yield 0, match
    for match in after_newline.finditer(text):
        yield match.start() + 1, match


def _has_fence(text: str) -> bool:
    """Whether ```` ``` ```` or ``~~~`` occurs (most texts have no backtick or tilde at all,
    which a one-character search finds out much faster)."""
    return ("`" in text and "```" in text) or ("~" in text and "~~~" in text)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _lower_words_finder(
    text: str, lower: str, start: int, end: int, urls: bool = True
) -> re.Pattern[str] | None:
    """A regex finding in ``lower[start:end]`` the words of ``text[start:end]``, if any does.

    ``lower`` is the text lower-cased and plain. :data:`WORD_RE` does unless a character
    there became one of another kind (word character, joiner, other) or one became two
    (U+0130); for ASCII text, a faster equivalent.
    """
    if text.isascii():
        return _LOWER_ASCII_WORD_RE if urls else _LOWER_ASCII_PLAIN_RE
    if len(lower) == len(text) and _RECLASSED_RE.search(text, start, end) is None:
        return WORD_RE if urls else PLAIN_WORD_RE
    return None


def _between_words(text: str, pos: int) -> bool:
    """Whether no word runs across ``pos``: it is an end of the text or has white space
    on one side (the words of ``text[start:end]`` are then those a search from
    ``start`` to ``end`` finds, cut at neither end)."""
    return pos <= 0 or pos >= len(text) or text[pos - 1].isspace() or text[pos].isspace()


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _opens_sentence(text: str, gap: int, after: int) -> bool:
    """Whether the word at ``after`` (past the white space from ``gap``) starts a new
    sentence rather than going on with a name: a line break comes before it, or it is
    one of :data:`_SENTENCE_OPENERS`."""
    if "\n" in text[gap:after]:
        return True
    end = after
    while end < len(text) and text[end].isalpha():
        end += 1
    return lower(text[after:end]) in _SENTENCE_OPENERS


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` ends an abbreviation, not a sentence: one of
    :data:`_ABBREVIATIONS` ("e.g.", "Dr."); letters with periods between them, or one
    letter, when a lower-case word follows ("at 9 a.m. daily", "Washington D.C. by
    Friday"); one letter after a capitalised word or at the start, or before a name,
    an initial ("John F. Kennedy", "by F. Scott Fitzgerald"). "Choose plan B. Then
    pay." and "It is 5 p.m. Come." are two sentences."""
    longer = text[max(dot - _LONGEST_ABBREVIATION - 1, 0) : dot]
    if len(longer) > _LONGEST_ABBREVIATION and longer.replace(".", "").isalpha():
        return False  # a run of letters and periods too long to be one
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = lower(text[start:dot])
    if word in _ABBREVIATIONS:
        return True
    if not (len(word) == 1 or "." in word) or not word.replace(".", "").isalpha():
        return False
    after = _skip_space(text, dot + 1)
    if after < len(text) and text[after].islower():
        return True
    if len(word) != 1:
        return False
    if start == 0:
        return True
    if not text[start - 1].isspace():
        return False  # ("?c=d." in a web address)
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    begin = end
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    if text[begin:end][:1].isupper():
        # "John F. Kennedy"; not "Take Vitamin C. It helps." (a word that opens sentences,
        # not names, follows) or "... Vitamin C.\nThen" (a line ends there)
        return not _opens_sentence(text, dot + 1, after)
    # after a lower-case word: an initial when a name follows ("by F. Scott Fitzgerald",
    # "was W. E. B. Du Bois"), not when a sentence does ("plan B. Then pay.")
    following = text[after : after + _INITIAL_LOOKAHEAD].split(maxsplit=2)
    if not following:
        return False
    head = following[0]
    if len(head) == 2 and head[0].isupper() and head[1] == ".":
        return True
    return len(following) > 1 and head[:1].isupper() and following[1][:1].isupper()
