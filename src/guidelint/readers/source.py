"""Opening sources: files, gzip-compressed files, and standard input (``-``).

A ``.gz`` file is decompressed on the fly (standard input too, when it starts with the
gzip magic bytes). Errors met while opening are :class:`~guidelint.errors.InputError`;
errors met part-way through (a truncated or damaged gzip stream) are turned into a
message by :func:`damage_message` so the format reader can report them as a
``RecordError`` after the records read before the damage.
"""

from __future__ import annotations

import gzip
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

from guidelint.errors import InputError
from guidelint.paths import exists, is_dir, path_problem

STDIN = "-"
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
#: Errors a stream can raise part-way through (gzip.BadGzipFile is an OSError).
STREAM_ERRORS = (EOFError, OSError, zlib.error)
TRUNCATED = "file is cut off (truncated gzip)"


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def is_gzip_name(path: str) -> bool:
    return path.lower().endswith(".gz")


def damage_message(exc: BaseException) -> str:
    """What to tell the user about an error raised while reading a stream."""
    if isinstance(exc, EOFError):
        return TRUNCATED
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return f"file is damaged (gzip: {exc})"
    return f"cannot read further: {exc}"


def _stdin() -> BinaryIO:
    stream = sys.stdin.buffer
    peek = getattr(stream, "peek", None)
    if peek is not None and peek(2)[:2] == _GZIP_MAGIC:
        return cast(BinaryIO, gzip.GzipFile(fileobj=stream, mode="rb"))
    return stream


def check_readable(path: str) -> Path:
    """The path as a Path; InputError when it does not exist or is a directory."""
    file = Path(path)
    problem = path_problem(path)
    if problem is not None:
        raise InputError(f"cannot open: {problem[0]}", location=path, hint=problem[1])
    if not exists(file):
        raise InputError("no such file", location=path, hint="check the path")
    if is_dir(file):
        raise InputError(
            "is a directory",
            location=path,
            hint="pass dataset files, or let the command walk the directory",
        )
    return file


#: The files being read, by path: what :func:`reading_position` asks.
_READING: dict[str, BinaryIO] = {}


def reading_position(path: str) -> int | None:
    """How far into the file on disk reading of ``path`` has got, in bytes (for a
    ``.gz`` file, compressed bytes); None when it is not being read."""
    raw = _READING.get(path)
    if raw is None or raw.closed:
        return None
    try:
        return raw.tell()
    except (OSError, ValueError):
        return None


@contextmanager
def open_binary(path: str) -> Iterator[BinaryIO]:
    """Open ``path`` for binary reading, decompressing ``.gz``; ``-`` is standard input.

    While it is open, :func:`reading_position` tells how far reading has got."""
    if path == STDIN:
        yield _stdin()
        return
    file = check_readable(path)
    try:
        raw = open(file, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", location=path) from None
    stream = cast(BinaryIO, gzip.GzipFile(fileobj=raw, mode="rb")) if is_gzip_name(path) else raw
    _READING[path] = raw
    try:
        yield stream
    finally:
        if _READING.get(path) is raw:
            del _READING[path]
        stream.close()
        raw.close()


def read_all(path: str) -> tuple[bytes, str | None]:
    """The whole decompressed content of a source, and a message if it is damaged.

    A truncated gzip file gives the bytes before the cut and :data:`TRUNCATED`.
    """
    chunks: list[bytes] = []
    with open_binary(path) as stream:
        # read1 returns what one underlying read gave: nothing decompressed before a
        # cut is lost (read(n) would drop the data it gathered for this call).
        read = getattr(stream, "read1", stream.read)
        while True:
            try:
                chunk = read(_CHUNK)
            except STREAM_ERRORS as exc:
                return b"".join(chunks), damage_message(exc)
            if not chunk:
                return b"".join(chunks), None
            chunks.append(chunk)
