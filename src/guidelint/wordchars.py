"""Characters of text: plain forms of typographic quotes, and where words start.

:func:`to_plain` maps typographic quotes, apostrophes and hyphens to their plain forms
one for one (offsets are kept). :data:`WORD_RE` is what a word is; :func:`word_start_bits`
marks where words start in one big integer, so counting the words of a text, or of a
part of it, needs no regex pass and no list of spans.
"""

from __future__ import annotations

import re

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

WORD_RE = re.compile(r"\w+(?:['\u2019\-]\w+)*")
_WORD_CHAR_RE = re.compile(r"\w")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
# Word characters (\w) and joiners (' and -) of ASCII text, one byte each (0 or 1).
_WORD_TABLE = bytes(int(chr(i).isalnum() or chr(i) == "_") for i in range(128)) + bytes(128)
_JOINER_TABLE = bytes(int(chr(i) in "'-") for i in range(128)) + bytes(128)
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


def word_start_bits(text: str) -> int:
    """Bit ``8 * i`` is set where a :data:`WORD_RE` match starts at ``text[i]``.

    A word starts at a word character that follows neither a word character nor a
    joiner (``'``, ``’``, ``-``) that follows a word character. Computed with a few
    big-integer operations on the text's character classes, without a regex pass.
    """
    if not text.isascii():
        present = set(_NON_ASCII_RE.findall(text))
        if len(present) > _MAX_REPLACED:
            text = text.translate({ord(c): _ascii_class(c) for c in present})
        else:
            for char in present:
                text = text.replace(char, _ascii_class(char))
    data = text.encode("ascii")
    word = int.from_bytes(data.translate(_WORD_TABLE), "little")
    joiner = int.from_bytes(data.translate(_JOINER_TABLE), "little")
    continues = word | (joiner & (word << 8))  # a word goes on through this character
    return word & ~(continues << 8)
