"""Edit one string value inside raw JSON text, leaving every other character as it was.

A fix is a span of the *decoded* field text and a replacement. :func:`edit_value`
finds the field's string token in the raw text (walking the JSON to the field path
with :class:`~guidelint.readers.json_position.JsonPositions`), maps decoded offsets to
raw offsets (an escape such as ``\\u00e9`` or ``\\"`` is one decoded character), and
replaces only the raw characters of each span by the replacement encoded in the
token's own style: ``\\uXXXX`` escapes for non-ASCII when the text uses them, raw
UTF-8 otherwise. The rest of the token, the record and the line stay identical.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]

from guidelint.model import Fix
from guidelint.readers.json_position import JsonPositions

_SIMPLE_ESCAPES = frozenset('"\\/bfnrt')
_NON_ASCII_ESCAPE = re.compile(r"\\u(?!00[0-7])([0-9a-fA-F]{4})")


@dataclass(frozen=True, slots=True)
class Edit:
    """One fix to apply to a field; ``expected`` is the text the span must hold (if known)."""

    field: str
    fix: Fix
    expected: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """A JSON string token: ``text[start:end]`` including its quotes, and its value."""

    start: int
    end: int
    value: str
    #: raw offset (from ``start + 1``) of each decoded character, plus one past the last
    offsets: tuple[int, ...]


def string_token(text: str, pos: int) -> Token | None:
    """The string token starting at ``pos`` (a ``"``), or None if there is none."""
    if not text.startswith('"', pos):
        return None
    try:
        value, end = scanstring(text, pos + 1)
    except ValueError:
        return None
    offsets: list[int] = []
    i = pos + 1
    close = end - 1
    while i < close:
        offsets.append(i - pos - 1)
        if text[i] != "\\":
            i += 1
        elif text[i + 1] in _SIMPLE_ESCAPES:
            i += 2
        else:  # \uXXXX, and a surrogate pair decodes to one character
            code = int(text[i + 2 : i + 6], 16)
            paired = 0xD800 <= code < 0xDC00 and text.startswith("\\u", i + 6)
            low = int(text[i + 8 : i + 12], 16) if paired else 0
            i += 12 if paired and 0xDC00 <= low < 0xE000 else 6
    offsets.append(close - pos - 1)
    if len(offsets) != len(value) + 1:
        return None  # a decoding this walk does not mirror: leave the value alone
    return Token(pos, end, value, tuple(offsets))


def ascii_style(sample: str) -> bool | None:
    """True when ``sample`` escapes non-ASCII (``\\u00e9``), False when it has raw
    non-ASCII characters, None when it shows neither."""
    if _NON_ASCII_ESCAPE.search(sample):
        return True
    if not sample.isascii():
        return False
    return None


def encode(value: str, *, ensure_ascii: bool, upper_hex: bool = False) -> str:
    """``value`` as the inside of a JSON string token."""
    body = json.dumps(value, ensure_ascii=ensure_ascii)[1:-1]
    if upper_hex:
        body = re.sub(r"\\u([0-9a-f]{4})", lambda m: "\\u" + m.group(1).upper(), body)
    return body


def holds(text: str, start: int, edit: Edit) -> bool:
    """Whether the element at ``start`` has a string at ``edit.field`` whose span holds
    ``edit.expected``: where :func:`edit_value` would apply the edit, without copying
    the text."""
    pos = JsonPositions(text, start, 1).position(edit.field)
    token = None if pos is None else string_token(text, pos)
    fix = edit.fix
    return (
        token is not None
        and edit.expected is not None
        and 0 <= fix.start <= fix.end <= len(token.value)
        and token.value[fix.start : fix.end].startswith(edit.expected)
    )


def edit_value(
    text: str, start: int, edits: Sequence[Edit], *, default_ascii: bool
) -> tuple[str, list[Edit]]:
    """``text`` with the edits of one element (its JSON value starting at ``start``) applied.

    Returns the new text and the edits applied. An edit is skipped when its field is not
    a string here, its span is out of range, the span does not hold ``expected``, or it
    overlaps an earlier edit of the same field.
    """
    positions = JsonPositions(text, start, 1)
    by_field: dict[str, list[Edit]] = {}
    for edit in edits:
        by_field.setdefault(edit.field, []).append(edit)
    replacements: list[tuple[int, int, str]] = []
    applied: list[Edit] = []
    for field, group in by_field.items():
        pos = positions.position(field)
        token = None if pos is None else string_token(text, pos)
        if token is None:
            continue
        raw = text[token.start + 1 : token.end - 1]
        style = ascii_style(raw)
        ensure_ascii = default_ascii if style is None else style
        upper = bool(re.search(r"\\u[0-9a-fA-F]{0,3}[A-F]", raw))
        last: tuple[int, int] = (-1, -1)
        for edit in sorted(group, key=lambda e: (e.fix.start, e.fix.end)):
            fix = edit.fix
            if not 0 <= fix.start <= fix.end <= len(token.value) or fix.start < last[1]:
                continue  # out of range, or overlapping the edit before
            if (fix.start, fix.end) == last and fix.start == fix.end:
                continue  # a second insertion at the same place
            if edit.expected is not None and not token.value[fix.start : fix.end].startswith(
                edit.expected
            ):
                continue
            last = (fix.start, fix.end)
            body = token.start + 1
            replacements.append(
                (
                    body + token.offsets[fix.start],
                    body + token.offsets[fix.end],
                    encode(fix.replacement, ensure_ascii=ensure_ascii, upper_hex=upper),
                )
            )
            applied.append(edit)
    for begin, end, new in sorted(replacements, reverse=True):
        text = text[:begin] + new + text[end:]
    return text, applied
