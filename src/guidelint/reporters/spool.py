"""Where a one-document report keeps its entries until the summary is known.

JSON, SARIF and JUnit reports put the summary (or counts) before the violations, and
the summary is only known at the end of the run. So that a report of a million
violations does not hold a million objects in memory, each entry is serialised as soon
as its violation is found and written to a temporary file (deleted when closed, in the
system's temporary directory, never next to the data); the document is written at the
end around the spooled text, which is copied through in blocks: as bytes, straight to
the file under the report's text stream when that stream writes UTF-8 without changing
line ends and no entry held a lone surrogate (which the stream would escape); else
decoded and written as text.
"""

from __future__ import annotations

import codecs
import json
import os
import tempfile
from typing import Any, TextIO

#: Bytes copied from the spool at a time.
COPY_BLOCK = 1 << 20
#: The placeholder a document holds where its spooled entries go.
PLACEHOLDER = "\x00guidelint-spooled-entries\x00"


class Spool:
    """Serialised entries in a temporary file, in segments that can be copied out."""

    def __init__(self) -> None:
        self._file: Any = None
        self.count = 0
        self._end = 0
        #: Whether an entry held a lone surrogate (kept as UTF-8 with ``surrogatepass``).
        self._surrogates = False

    def tell(self) -> int:
        """The offset the next entry starts at (for :meth:`copy_to`)."""
        return self._end

    def write(self, text: str) -> None:
        """Append one entry (its separator, if any, included)."""
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="guidelint-")  # noqa: SIM115 (closed in close())
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogatepass")
            self._surrogates = True
        self._file.write(data)
        self._end += len(data)
        self.count += 1

    def copy_to(self, stream: TextIO, start: int = 0, end: int | None = None) -> None:
        """Copy the spooled text from ``start`` to ``end`` (offsets given by :meth:`tell`)."""
        if self._file is None:
            return
        file = self._file
        position = self._end
        file.seek(start)
        raw = None if self._surrogates else utf8_bytes(stream)
        if raw is not None:
            stream.flush()
        decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
        left = (position if end is None else end) - start
        while left > 0:
            block = file.read(min(COPY_BLOCK, left))
            if not block:
                break
            left -= len(block)
            if raw is not None:
                raw.write(block)
            else:
                stream.write(decoder.decode(block, final=left <= 0))
        file.seek(position)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def utf8_bytes(stream: TextIO) -> Any:
    """The binary file under ``stream`` when text written to it goes there as UTF-8
    unchanged (no line-end translation can apply), else ``None``."""
    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    if buffer is None or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    try:
        return buffer if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None


def json_entry(data: Any, depth: int) -> str:
    """``data`` as indented JSON at ``depth`` (two spaces a level), as an array element."""
    prefix = "  " * depth
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return prefix + text.replace("\n", "\n" + prefix)


def json_line_entry(data: Any, depth: int) -> str:
    """``data`` as JSON on one line, indented by ``depth`` levels (two spaces a level), as
    an array element of its own line."""
    return "  " * depth + json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


def write_json_document(
    stream: TextIO, document: dict[str, Any], spool: Spool, *, key_depth: int
) -> None:
    """``document`` as indented JSON, with the array that holds :data:`PLACEHOLDER`
    filled by the spooled entries (written by :func:`json_entry` at ``key_depth + 1``,
    separated by ``,\\n``)."""
    text = json.dumps(document, ensure_ascii=False, indent=2)
    marker = json.dumps(PLACEHOLDER)
    before, _, after = text.partition(marker)
    stream.write(before)
    if spool.count:
        indent = "  " * key_depth
        stream.write("[\n")
        spool.copy_to(stream)
        stream.write(f"\n{indent}]")
    else:
        stream.write("[]")
    stream.write(after)
    stream.write("\n")
