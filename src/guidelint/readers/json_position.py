"""Lines of nested values inside one element of a JSON document.

A pretty-printed export spans many lines per record; a Label Studio task holds its
annotations lines below the task's start. :class:`JsonPositions` finds where a field
path (``annotations[1].result[0]``) starts in the element's text, without decoding
the document again: it walks the path through the text, skipping the values it does
not need with the C decoder, and remembers every object and array it has scanned so
that the next path into the same element costs little.
"""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]

from guidelint.fields import split_path

_DECODER = json.JSONDecoder()
_WS = " \t\r\n"


def skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


class JsonPositions:
    """Start positions and lines of values nested in the JSON value at ``start``."""

    __slots__ = ("_arrays", "_line", "_objects", "_start", "_text")

    def __init__(self, text: str, start: int, line: int):
        self._text = text
        self._start = start
        self._line = line
        self._objects: dict[int, dict[str, int] | None] = {}
        self._arrays: dict[int, list[int] | None] = {}

    def line_of(self, path: str) -> int | None:
        """The 1-based line where the value at ``path`` starts, or None if absent."""
        pos = self.position(path)
        if pos is None:
            return None
        return self._line + self._text.count("\n", self._start, pos)

    def position(self, path: str) -> int | None:
        parts = split_path(path)
        pos = self._start
        i = 0
        try:
            while i < len(parts):
                part = parts[i]
                if isinstance(part, int):
                    items = self._items(pos)
                    if items is None or not -len(items) <= part < len(items):
                        return None
                    pos = items[part]
                    i += 1
                    continue
                keys = self._keys(pos)
                if keys is None:
                    return None
                found = self._match_key(keys, parts, i)
                if found is None:
                    return None
                pos, i = found
        except (ValueError, RecursionError, IndexError):
            return None
        return pos

    @staticmethod
    def _match_key(keys: dict[str, int], parts: list[str | int], i: int) -> tuple[int, int] | None:
        """The value of the longest dotted key made of ``parts[i:]`` (``q.responses``)."""
        end = i
        while end < len(parts) and isinstance(parts[end], str):
            end += 1
        for stop in range(end, i, -1):
            name = ".".join(str(p) for p in parts[i:stop])
            if name in keys:
                return keys[name], stop
        return None

    def keys(self) -> dict[str, int]:
        """The keys of the element itself (when it is an object) and where their values start."""
        return self._keys(self._start) or {}

    def _keys(self, pos: int) -> dict[str, int] | None:
        if pos not in self._objects:
            self._objects[pos] = self._scan_object(pos)
        return self._objects[pos]

    def _items(self, pos: int) -> list[int] | None:
        if pos not in self._arrays:
            self._arrays[pos] = self._scan_array(pos)
        return self._arrays[pos]

    def _scan_object(self, pos: int) -> dict[str, int] | None:
        """Keys of the object at ``pos``; those before a cut or an error when it has one.

        A key written twice is where its last value starts: the value ``json.loads``
        gives, so lines, and the text a fix edits, are those of the text checked.
        """
        text = self._text
        if not text.startswith("{", pos):
            return None
        keys: dict[str, int] = {}
        pos = skip_ws(text, pos + 1)
        try:
            while text.startswith('"', pos):
                name, pos = scanstring(text, pos + 1)
                pos = skip_ws(text, pos)
                if not text.startswith(":", pos):
                    break
                pos = skip_ws(text, pos + 1)
                keys[name] = pos  # of duplicate keys, json.loads keeps the last
                _, pos = _DECODER.raw_decode(text, pos)
                pos = skip_ws(text, pos)
                if not text.startswith(",", pos):
                    break
                pos = skip_ws(text, pos + 1)
        except (ValueError, RecursionError):
            pass
        return keys

    def _scan_array(self, pos: int) -> list[int] | None:
        """Start of each element of the array at ``pos`` (up to a cut or an error)."""
        text = self._text
        if not text.startswith("[", pos):
            return None
        items: list[int] = []
        pos = skip_ws(text, pos + 1)
        try:
            while pos < len(text) and text[pos] != "]":
                items.append(pos)
                _, pos = _DECODER.raw_decode(text, pos)
                pos = skip_ws(text, pos)
                if not text.startswith(",", pos):
                    break
                pos = skip_ws(text, pos + 1)
        except (ValueError, RecursionError):
            pass
        return items
