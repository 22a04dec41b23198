"""Dataset files as UTF-8 bytes, whatever their encoding (see :mod:`guidelint.encoding`)."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO, cast

from guidelint.encoding import (
    BAD_MARK,
    BINARY_HINT,
    ERRORS,
    HEAD_BYTES,
    UTF8,
    Encoding,
    binary_message,
    invalid_text,
    sniff,
)
from guidelint.readers.source import STDIN, STREAM_ERRORS, open_binary

__all__ = [
    "BAD_MARK",
    "BINARY_HINT",
    "UTF8",
    "Encoding",
    "binary_message",
    "invalid_text",
    "open_utf8",
    "sniff",
    "sniff_path",
]
_CHUNK = 1 << 16


class _Transcoder(io.RawIOBase):
    """UTF-8 bytes of a stream in another encoding, decoded chunk by chunk."""

    def __init__(self, stream: BinaryIO, codec: str):
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(codec)(ERRORS)
        self._pending = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            chunk = self._stream.read(_CHUNK)
            text = self._decoder.decode(chunk, final=not chunk)
            self._done = not chunk
            self._pending = text.encode("utf-8", "surrogateescape")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _peek(stream: BinaryIO) -> tuple[BinaryIO, bytes]:
    """The stream, still at its start, and up to its first :data:`HEAD_BYTES` bytes
    (fewer when the stream gives less at once: a pipe)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        stream = cast(BinaryIO, io.BufferedReader(cast(io.RawIOBase, stream)))
        peek = stream.peek  # type: ignore[attr-defined]
    return stream, bytes(peek(HEAD_BYTES)[:HEAD_BYTES])


@contextmanager
def open_utf8(path: str) -> Iterator[tuple[BinaryIO, Encoding]]:
    """``path`` (``-``: standard input; ``.gz`` decompressed) as a stream of UTF-8 bytes,
    and the encoding the file is in. A binary file gives an empty stream."""
    with open_binary(path) as stream:
        try:
            stream, head = _peek(stream)
        except STREAM_ERRORS:  # (a damaged gzip stream: the reader reports it)
            yield stream, UTF8
            return
        found = sniff(head)
        if found.is_binary:
            yield cast(BinaryIO, io.BytesIO()), found
        elif found.is_plain_utf8:
            yield stream, found
        elif found.codec == "utf-8":
            stream.read(found.bom)
            yield stream, found
        else:
            stream.read(found.bom)
            raw = _Transcoder(stream, cast(str, found.codec))
            yield cast(BinaryIO, io.BufferedReader(raw, _CHUNK)), found


def sniff_path(path: str) -> Encoding:
    """The encoding of a file (for a caller that reads its bytes itself)."""
    if path == STDIN:
        return UTF8
    with open_binary(path) as stream:
        try:
            return sniff(stream.read(HEAD_BYTES))
        except STREAM_ERRORS:
            return UTF8
