"""Sentence spans are those of the straightforward character-by-character splitter."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from guidelint.checks.question_words import pieces
from guidelint.text.analysis import _ABBREVIATIONS, TextAnalysis

_OPENING_WORDS = (
    "a an the this that these those it its they their there he his she her we our you "
    "your my i in on at for if when while so but and or as to with also however then "
    "each every some many most all both no not is are was were what how why where who "
    "which here after before because since although though such another other"
)
_OPENERS = set(_OPENING_WORDS.split())
_SENTENCE_END_RE = re.compile(r"[.!?\u2026]+[\"')\]\u201d\u2019]*(?=\s+|$)")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if len(word) > max(map(len, _ABBREVIATIONS)):
        return False  # a run of letters and periods too long to be an abbreviation
    if word in _ABBREVIATIONS:
        return True
    if not (len(word) == 1 or "." in word) or not word.replace(".", "").isalpha():
        return False
    following = text[dot + 1 :].lstrip()
    if following[:1].islower():
        return True  # "9 a.m. daily"
    if len(word) != 1:
        return False
    if start == 0:
        return True
    if not text[start - 1].isspace():
        return False
    previous = text[:start].split()
    if previous and previous[-1][:1].isupper():
        # an initial ("John F. Kennedy"), unless a sentence opener or a new line follows
        head = following.split(maxsplit=1)[0] if following.strip() else ""
        letters = head[: next((k for k, c in enumerate(head) if not c.isalpha()), len(head))]
        opener = letters.lower() in _OPENERS
        return not (opener or "\n" in text[dot + 1 : len(text) - len(following)])
    words = following[:80].split(maxsplit=2)
    if not words:
        return False
    if len(words[0]) == 2 and words[0][0].isupper() and words[0][1] == ".":
        return True  # "W. E. B. Du Bois"
    return len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper()


def test_abbreviations_initials_and_one_letter_ends() -> None:
    """A lower-case word after "a.m." or "D.C." goes on with the sentence; one letter
    ends a sentence unless it is an initial after a capitalised word."""
    cases = {
        "Choose plan B. Then pay.": ["Choose plan B.", "Then pay."],
        "Take vitamin C. It helps.": ["Take vitamin C.", "It helps."],
        "Take Vitamin C. It helps.": ["Take Vitamin C.", "It helps."],
        "Vitamin C. This is it.": ["Vitamin C.", "This is it."],
        "Take Vitamin C.\nRest well.": ["Take Vitamin C.", "Rest well."],
        "Ask Mary J. Blige. She sings.": ["Ask Mary J. Blige.", "She sings."],
        "We open at 9 a.m. daily.": ["We open at 9 a.m. daily."],
        "Ship it to Washington D.C. by Friday.": ["Ship it to Washington D.C. by Friday."],
        "It is 5 p.m. Come now.": ["It is 5 p.m.", "Come now."],
        "John F. Kennedy was president. He died.": ["John F. Kennedy was president.", "He died."],
        "See https://x.com/?c=d. Thanks.": ["See https://x.com/?c=d.", "Thanks."],
        "It is by F. Scott Fitzgerald. Read it.": ["It is by F. Scott Fitzgerald.", "Read it."],
        "It was W. E. B. Du Bois. He wrote.": ["It was W. E. B. Du Bois.", "He wrote."],
    }
    for text, expected in cases.items():
        spans = TextAnalysis(text).sentences
        assert [text[s:e] for s, e in spans] == expected
        assert list(reference_sentences(text)) == spans


def reference_sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentence splitter as first written: every character looked at in Python."""
    start = _skip_space(text, 0)
    for match in _SENTENCE_END_RE.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _ends_with_abbreviation(text, match.start()):
            continue
        if end > start and text[start:end].strip():
            yield start, end
        start = _skip_space(text, end)
    if start < len(text) and text[start:].strip():
        yield start, len(text.rstrip())


def reference_pieces(text: str) -> Iterator[tuple[int, int]]:
    """Sentences cut at line breaks, each line stripped."""
    for start, end in reference_sentences(text):
        position = start
        for line in text[start:end].split("\n"):
            stripped = line.strip()
            if stripped:
                lead = position + len(line) - len(line.lstrip())
                yield lead, lead + len(stripped)
            position += len(line) + 1


# Sentence ends, abbreviations (short and long runs of letters and periods), white space
# of every kind, quotes after the end, non-ASCII letters and digits that are not letters.
_PARTS = st.sampled_from(
    [
        ".",
        "!",
        "?",
        "\u2026",
        "...",
        "?!",
        '."',
        ".)",
        ".\u201d",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "\r\n",
        "\u00a0",
        "\u2028",
        "\x1c",
        "e.g.",
        "i.e.",
        "etc.",
        "Dr.",
        "approx.",
        "U.S.A.",
        "a.b.c.d.e.f.g.",
        "J.",
        "x",
        "word",
        "Understanding",
        "abcdef",
        "abcdefg",
        "İ",
        "ſt",
        "é",
        "²",
        "½",
        "42",
        "_",
        "é.",
        "```",
        "# Title",
    ]
)
_TEXTS = st.lists(_PARTS, max_size=30).map("".join) | st.text(max_size=60)


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_sentences_match_the_reference(text: str) -> None:
    expected = list(reference_sentences(text))
    assert list(TextAnalysis(text).iter_sentences()) == expected
    assert TextAnalysis(text).sentences == expected
    for start, end in expected:
        assert not text[start].isspace() and not text[end - 1].isspace()


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_pieces_match_the_reference(text: str) -> None:
    assert list(pieces(TextAnalysis(text))) == list(reference_pieces(text))


def test_abbreviations_and_long_runs() -> None:
    text = "See e.g. the docs. Understanding. Approx. two. A.B.C.D.E.F.G. Ok."
    assert list(TextAnalysis(text).iter_sentences()) == list(reference_sentences(text))
    assert [text[s:e] for s, e in TextAnalysis(text).iter_sentences()] == [
        "See e.g. the docs.",
        "Understanding.",
        "Approx. two.",
        "A.B.C.D.E.F.G.",
        "Ok.",
    ]
