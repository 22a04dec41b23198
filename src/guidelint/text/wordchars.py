"""Characters of text: plain forms of typographic quotes, and where words start.

:func:`to_plain` maps typographic quotes, apostrophes and hyphens to their plain forms
one for one (offsets are kept). :data:`WORD_RE` is what a word is; :func:`word_start_bits`
marks where words start in one big integer, so counting the words of a text, or of a
part of it, needs no regex pass and no list of spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Python's own str.lower, called as an object: mypyc compiles ``s.lower()`` to a
# character-by-character lower-casing that misses the final-sigma rule ("Σ" at the end of
# a word becomes "ς" in Python), so compiled modules lower-case through this.
_PYTHON_LOWER: Callable[[str], str] = str.lower


def lower(text: str) -> str:
    """``text.lower()``, exactly as Python does it, compiled or not."""
    return text.lower() if text.isascii() else _PYTHON_LOWER(text)


# One-for-one replacements, so offsets in the plain text equal offsets in the text.
_PLAIN_PAIRS = {
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u201a": "'",  # ‚
    "\u201b": "'",  # ‛
    "\u2032": "'",  # ′
    "\u02bc": "'",  # ʼ
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u201e": '"',  # „
    "\u201f": '"',  # ‟
    "\u2033": '"',  # ″
    "\u00a0": " ",  # no-break space
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
}
_PLAIN = str.maketrans(_PLAIN_PAIRS)
_PLAIN_CHAR_RE = re.compile("[" + "".join(_PLAIN_PAIRS) + "]")

# A web address: a scheme or "www.", then what is not white space, quotes or angle
# brackets, ending before trailing punctuation ("see https://x.com/a." ends at "a").
_URL_HEAD = r"(?i:https?://|ftp://|www\.)"
_URL_BODY = '[^\\s<>"`\u201c\u201d]*[^\\s<>"`\u201c\u201d\'\u2018\u2019.,;:!?)\\]}]'
#: A word: a web address ("https://example.com/help" is one word, as word processors
#: count it), or word characters joined by apostrophes and hyphens ("don't",
#: "state-of-the-art") and by a point or comma between two ASCII digits ("1.5",
#: "1,000", "v1.2.3"): a number is one word.
WORD_RE = re.compile(
    _URL_HEAD + _URL_BODY + r"|\w+(?:['\u2019\-]\w+|[.,](?<=[0-9][.,])(?=[0-9])\w+)*"
)
#: :data:`WORD_RE` without web addresses: the same words in a text that holds none
#: (see :func:`words_re`), and faster (no branch tried at every word).
PLAIN_WORD_RE = re.compile(r"\w+(?:['\u2019\-]\w+|[.,](?<=[0-9][.,])(?=[0-9])\w+)*")
#: A web address where a word starts (not inside "x-https://…": see word_start_bits).
_URL_RE = re.compile(r"(?<!\w)(?<!\w['\u2019\-])" + _URL_HEAD + _URL_BODY)
_WORD_CHAR_RE = re.compile(r"\w")
#: The classes of a digit, a point or comma, a digit (see _CLASS_TABLE): most texts have
#: no such number, and their words need no more work.
_NUMBER_JOIN = b"\x05\x08\x05"
# (searched with re: its literal search took 0.95 µs on a 1.8 KB text where `in` took 1.7)
_NUMBER_JOIN_RE = re.compile(re.escape(_NUMBER_JOIN))
# The class bits of each ASCII character in one byte: 1 for a word character (\w), 2
# for a joiner (' and -), 4 for a digit (also a word character), 8 for a point or comma;
# and, to tell from the classes alone whether a text may hold a web address, 16 for
# "w" and "W", 32 for ":" and 64 for "/" (every use of the classes masks its own bit).
_CLASS_TABLE = bytes(
    (1 if chr(i).isalnum() or chr(i) == "_" else 2 if chr(i) in "'-" else 0)
    | (4 if chr(i).isdigit() else 8 if chr(i) in ".," else 0)
    | (16 if chr(i) in "wW" else 32 if chr(i) == ":" else 64 if chr(i) == "/" else 0)
    for i in range(128)
) + bytes(128)
#: The classes of "://" and of "ww." (or "ww,", any case): a text without either holds
#: no web address, and its words need no more work.
_SCHEME_MARK = b"\x20\x40\x40"
_WWW_MARK = b"\x11\x11\x08"
_ASCII = bytes(range(128))
# Bit 0 of every byte, to take the word characters out of the classes (longer texts
# make their own).
_ONES_SIZE = 1 << 16
_ONES = int.from_bytes(b"\x01" * _ONES_SIZE, "little")
_ASCII_CLASS: dict[str, str] = {}
_MAX_REPLACED = 16


def to_plain(text: str) -> str:
    """Replace typographic quotes, apostrophes and hyphens by their plain forms."""
    if text.isascii():
        return text
    present = set(_PLAIN_CHAR_RE.findall(text))
    if len(present) > 3:
        return text.translate(_PLAIN)
    for char in present:
        text = text.replace(char, _PLAIN_PAIRS[char])
    return text


def _ascii_class(char: str) -> str:
    """An ASCII stand-in of the same class: ``a`` (word character), ``'`` (joiner) or space."""
    found = _ASCII_CLASS.get(char)
    if found is None:
        found = "a" if _WORD_CHAR_RE.match(char) else "'" if char == "\u2019" else " "
        _ASCII_CLASS[char] = found
    return found


def word_start_bits(text: str, urls: bool | None = None) -> int:
    """Bit ``8 * i`` is set where a :data:`WORD_RE` match starts at ``text[i]``.

    A word starts at a word character that follows neither a word character nor a
    joiner (``'``, ``’``, ``-``) that follows a word character, and is not a digit
    after a point or comma after a digit. Computed with a few big-integer operations on
    the text's character classes, without a regex pass. ``urls``: whether the text may
    hold a web address, when the caller knows (None: its classes tell).
    """
    original = text
    if not text.isascii():
        present = set(_non_ascii(text))
        if len(present) > _MAX_REPLACED:
            text = text.translate({ord(c): _ascii_class(c) for c in present})
        else:
            for char in present:
                text = text.replace(char, _ascii_class(char))
    class_bytes = text.encode("ascii").translate(_CLASS_TABLE)
    classes = int.from_bytes(class_bytes, "little")
    ones = _ONES if len(text) <= _ONES_SIZE else int.from_bytes(b"\x01" * len(text), "little")
    word = classes & ones
    joiner_after_word = (classes >> 1) & (word << 8)  # the joiner bit moved to bit 0
    continues = word | joiner_after_word  # a word goes on through this character
    follows = continues << 8  # (a word character here does not start a word)
    if _NUMBER_JOIN_RE.search(class_bytes):  # ("1.5", "1,000": one word each)
        digit = (classes >> 2) & ones
        separator_after_digit = (classes >> 3) & (digit << 8)
        follows |= (separator_after_digit << 8) & digit  # the digit after "1." or "1,"
    # word & ~follows, without the slower bit operations of negative numbers
    starts = word ^ (word & follows)
    if urls is None:
        urls = _SCHEME_MARK in class_bytes or _WWW_MARK in class_bytes
    if urls:
        starts = _without_url_insides(original, starts)
    return starts


#: What a text holding a web address holds, lower-cased.
URL_ANCHORS = ("://", "www.")


def may_hold_url(lower: str) -> bool:
    """Whether a text may hold a web address: ``lower``, the text lower-cased, holds
    "://" or "www."."""
    return "://" in lower or "www." in lower


def words_re(text: str) -> re.Pattern[str]:
    """:data:`WORD_RE`, or the faster pattern that finds the same words in ``text``."""
    return WORD_RE if "://" in text or may_hold_url(lower(text)) else PLAIN_WORD_RE


def _without_url_insides(text: str, starts: int) -> int:
    """``starts`` without the word starts inside web addresses (each is one word).

    A word starts at each address (where a word may start): after it come only
    trailing punctuation, then white space, a quote or an angle bracket, so the words
    after it start where they did.
    """
    for begin, end in url_spans(text):
        begin += 1
        if end > begin:
            inside = ((1 << 8 * (end - begin)) - 1) << 8 * begin
            starts &= ~inside
    return starts


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans ``_URL_RE.finditer(text)`` gives, tried only where "://" or "www."
    occurs (a scan of the whole text tried the pattern at every character)."""
    folded = text.lower() if text.isascii() else None
    candidates: set[int] = set()
    pos = text.find("://")
    while pos >= 0:
        candidates.update(p for p in (pos - 5, pos - 4, pos - 3) if p >= 0)  # https, http, ftp
        pos = text.find("://", pos + 3)
    if folded is not None:
        pos = folded.find("www.")
        while pos >= 0:
            candidates.add(pos)
            pos = folded.find("www.", pos + 4)
    else:  # (lower-casing may change the length: the case-insensitive pattern finds them)
        candidates.update(m.start() for m in _WWW_RE.finditer(text))
    spans: list[tuple[int, int]] = []
    end = 0
    for start in sorted(candidates):
        if start < end:
            continue
        match = _URL_RE.match(text, start)
        if match is not None:
            spans.append(match.span())
            end = match.end()
    return spans


_WWW_RE = re.compile("(?i)www\\.")


def _non_ascii(text: str) -> str:
    """The characters of ``text`` that are not ASCII, in order.

    UTF-8 writes them with bytes of 128 and more only, so deleting the ASCII bytes
    and decoding again leaves them (``surrogatepass`` keeps lone surrogates as they are).
    """
    data = text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
    return data.decode("utf-8", "surrogatepass")
