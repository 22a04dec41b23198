"""JSON written from templates: the layout of ``json.dumps`` made once, the values per entry.

A report entry (a violation of the JSON report, a SARIF result) has a few shapes (which
optional keys it has) and the same layout every time; what varies is a handful of
strings and numbers. Serialising a dictionary tree per entry with ``json.dumps(...,
indent=2)`` runs Python's pure-Python encoder (the C one does not indent) and costs
several times what the text report spends on a violation. Here, each shape's layout is
made once by ``json.dumps`` itself, from a skeleton whose values are slot markers, and
turned into a format string; an entry then only encodes its values (strings with the
C function ``json.dumps`` uses) and fills the slots. The output is the same bytes.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from guidelint.reporters.spool import json_line_entry

__all__ = ["NotPlain", "Template", "encode", "optional", "slot", "string"]

_MARK = "\x00slot"

#: A string as a JSON string, as ``json.dumps(text, ensure_ascii=False)`` writes it
#: (the same function; it raises TypeError for anything but a ``str``).
string = encode_basestring


def slot(index: int) -> str:
    """The marker of slot ``index`` in a skeleton."""
    return f"{_MARK}{index}\x00"


class NotPlain(TypeError):
    """A value that is not a plain string, integer, boolean or ``None``."""


def optional(value: str | None) -> str:
    """A string or ``None`` (``null``)."""
    return "null" if value is None else encode_basestring(value)


def encode(value: object) -> str:
    """Any plain value (string, integer, boolean, ``None``) as ``json.dumps`` writes it."""
    if type(value) is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is int:
        return int.__repr__(value)
    raise NotPlain(value)


class Template:
    """A JSON text with :func:`slot` markers (as ``json.dumps`` writes a skeleton whose
    values are markers), to be filled with each entry's values."""

    def __init__(self, text: str):
        markers: list[str] = []
        while json.dumps(slot(len(markers))) in text:
            markers.append(json.dumps(slot(len(markers))))
        self.slots = len(markers)
        places = [text.index(marker) for marker in markers]
        # ``%`` formatting parses its template twice as fast as ``str.format``; it needs
        # the slots in the order they come (a skeleton's values are numbered so).
        if places == sorted(places):
            pattern = text.replace("%", "%%")
            for marker in markers:
                pattern = pattern.replace(marker, "%s")
            self._percent: str | None = pattern
        else:
            self._percent = None
            pattern = text.replace("{", "{{").replace("}", "}}")
            for i, marker in enumerate(markers):
                pattern = pattern.replace(marker, "{%d}" % i)  # noqa: UP031 (a format field)
            self._format = pattern.format

    @classmethod
    def indented(cls, skeleton: Any, depth: int = 0) -> Template:
        """``json.dumps(skeleton, ensure_ascii=False, indent=2)`` indented by ``depth``
        levels, as a nested value at that depth is."""
        prefix = "  " * depth
        text = json.dumps(skeleton, ensure_ascii=False, indent=2)
        return cls(prefix + text.replace("\n", "\n" + prefix))

    @classmethod
    def one_line(cls, skeleton: Any, depth: int = 0) -> Template:
        """``json.dumps(skeleton, ensure_ascii=False, separators=(", ", ": "))``, after
        ``depth`` levels of indentation (an array element on a line of its own)."""
        return cls(json_line_entry(skeleton, depth))

    def fill(self, values: list[Any]) -> str:
        """The entry with slot ``i`` holding ``values[i]`` (already JSON, or an ``int``)."""
        if self._percent is not None:
            return self._percent % tuple(values)
        return self._format(*values)


def plain_place(v: Any) -> bool:
    """Whether a violation's line, column, span and fix hold the types the model gives
    them (int, int, a pair of ints, a fix of ints): then a template's slots take them;
    otherwise a reporter writes it the straightforward way."""
    line, column, span, fix = v.line, v.column, v.span, v.fix
    return not (
        type(line) is not int
        or type(column) is not int
        or type(span) is not tuple
        or len(span) != 2
        or type(span[0]) is not int
        or type(span[1]) is not int
        or (
            fix is not None
            and not (type(fix.start) is int and type(fix.end) is int and type(fix.safe) is bool)
        )
    )
