"""Which text encoding a file is in: byte order marks, UTF-16/32 without one, binary.

Every text input (datasets, label files, guidelines, configurations) goes through
:func:`sniff`, so a file saved as "Unicode text" by Excel (UTF-16 with a byte order
mark) reads the same as its UTF-8 copy, and a file that is not text at all is said to
be binary once, instead of being read as thousands of broken lines.

* A byte order mark decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE (the mark is dropped).
* Without one, the first :data:`HEAD_BYTES` bytes decide. Text that is mostly ASCII in
  UTF-16 has a zero byte in every other position (UTF-32: three in every four), which
  UTF-8 text never has: that pattern gives UTF-16/32 (the JSON RFC's own detection).
  Any other zero byte means the file is binary (no text format guidelint reads
  holds one). Else the file is UTF-8.

Dataset readers get UTF-8 bytes whatever the encoding
(:func:`guidelint.readers.encoding.open_utf8`): UTF-16/32
are decoded and encoded again as they are read, in constant memory. Text that is not
valid in the detected encoding becomes the byte ``0xff`` (never valid UTF-8), so the
reader reports it at its own line and column, with :func:`invalid_text` naming the
detected encoding.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from typing import cast

#: Bytes looked at to decide the encoding of a file without a byte order mark.
HEAD_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-32-le": "UTF-32 (little-endian)",
    "utf-32-be": "UTF-32 (big-endian)",
}
#: What text that is not valid in the detected encoding becomes in the UTF-8 stream.
BAD_MARK = "\udcff"
ERRORS = "guidelint-mark-invalid"
BINARY_HINT = (
    "guidelint reads text datasets (JSON Lines, JSON, CSV, TSV; UTF-8 or UTF-16/32), "
    "and Parquet and Arrow files by their suffix or --input-format parquet (on standard "
    "input, which has no suffix); check the path, or decompress the file first"
)


def _mark_invalid(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return BAD_MARK, exc.end


codecs.register_error(ERRORS, _mark_invalid)


@dataclass(frozen=True)
class Encoding:
    """What :func:`sniff` found: a codec name (None: binary) and the length of its mark."""

    codec: str | None
    bom: int = 0
    #: for a binary file: what gave it away
    reason: str = ""

    @property
    def name(self) -> str:
        """The encoding as shown to the user (``UTF-16 (little-endian)``)."""
        return _NAMES.get(self.codec or "", self.codec or "binary")

    @property
    def is_binary(self) -> bool:
        return self.codec is None

    @property
    def is_plain_utf8(self) -> bool:
        """UTF-8 without a byte order mark: the bytes are read as they are."""
        return self.codec == "utf-8" and not self.bom


UTF8 = Encoding("utf-8")


def sniff(head: bytes) -> Encoding:
    """The encoding of a file whose first bytes are ``head`` (see the module docstring)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return Encoding(codec, len(bom))
    if b"\x00" not in head:
        return UTF8
    size = len(head) - len(head) % 4
    if size >= 4:
        zero = [head[i:size:4].count(0) / (size // 4) for i in range(4)]
        if zero[3] > 0.99 and zero[2] > 0.9 and zero[0] < 0.5:
            return Encoding("utf-32-le")
        if zero[0] > 0.99 and zero[1] > 0.9 and zero[3] < 0.5:
            return Encoding("utf-32-be")
        odd, even = (zero[1] + zero[3]) / 2, (zero[0] + zero[2]) / 2
        if odd > 0.25 and even < odd / 4:
            return Encoding("utf-16-le")
        if even > 0.25 and odd < even / 4:
            return Encoding("utf-16-be")
    at = head.index(b"\x00")
    return Encoding(None, reason=f"a zero byte at byte {at + 1}")


def decode_text(data: bytes) -> tuple[str, Encoding, int | None]:
    """The text of a whole file (a guideline or configuration), its encoding, and the
    1-based line of the first text that is not valid in that encoding (None: none)."""
    found = sniff(data[:HEAD_BYTES])
    if found.is_binary:
        return "", found, 1
    text = data[found.bom :].decode(cast(str, found.codec), ERRORS)
    bad = text.find(BAD_MARK)
    return text, found, (None if bad < 0 else text.count("\n", 0, bad) + 1)


def invalid_text(encoding: Encoding, byte: int | None = None) -> str:
    """The message for text that is not valid in ``encoding``."""
    if encoding.is_binary or encoding.codec == "utf-8":
        return "invalid UTF-8" + ("" if byte is None else f" (byte 0x{byte:02x})")
    return f"text that is not valid {encoding.name}"


def binary_message(encoding: Encoding) -> str:
    return f"file looks binary, not text ({encoding.reason}); it was not read"


def read_text_file(path: str | os.PathLike[str]) -> str:
    """The text of a guideline or configuration file in any encoding :func:`sniff`
    knows. Raises OSError when it cannot be read and ValueError (its message says
    where) when it is binary or holds text that is not valid in its encoding."""
    with open(path, "rb") as stream:
        data = stream.read()
    text, found, bad = decode_text(data)
    if found.is_binary:
        raise ValueError(binary_message(found))
    if bad is not None:
        raise ValueError(f"line {bad}: {invalid_text(found)}")
    return text
