"""A progress line on standard error for long runs.

Shown only when the stream is a terminal and the ``CI`` environment variable is not
set (never in pipes, files or CI logs), only after the run has taken half a second,
and redrawn at most ten times a second. Progress is measured in bytes of the files on
disk: the sizes of the files already checked, plus, inside the current file, how far
the records reported so far go (the caller passes that position: where reading has
got with one job; the end of the last batch reported, not of the last one sent out,
with workers; compressed bytes for a ``.gz`` file). Without a position, the records'
line numbers times the bytes per line of the file's first 64 KiB are the estimate;
where neither is available (Parquet, standard input), the line shows records only.
"""

from __future__ import annotations

import os
import shutil
import time
from typing import TextIO

_SAMPLE = 1 << 16
_BAR = 24


def progress_wanted(stream: TextIO) -> bool:
    """Whether a progress line belongs on ``stream``."""
    if os.environ.get("CI") or os.environ.get("GUIDELINT_NO_PROGRESS"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


class Progress:
    """Call :meth:`file` for each file, :meth:`record` per record, :meth:`done` at the end."""

    def __init__(
        self,
        stream: TextIO,
        paths: list[str],
        *,
        enabled: bool,
        delay: float = 0.5,
        interval: float = 0.1,
    ):
        self.stream = stream
        self.enabled = enabled
        self.sizes = {p: _size(p) for p in paths} if enabled else {}
        self.total = sum(self.sizes.values())
        self.finished_bytes = 0
        self.records = 0
        self.path = ""
        self.bytes_per_line: float | None = None
        self.line = 0
        self.position: int | None = None
        self.visible = False
        self.interval = interval
        self.started = time.monotonic()
        self.next_draw = self.started + delay

    def file(self, path: str) -> None:
        if not self.enabled:
            return
        if self.path:
            self.finished_bytes += self.sizes.get(self.path, 0)
        self.path = path
        self.line = 0
        self.position = None
        self.bytes_per_line = _bytes_per_line(path)

    def record(self, line: int, position: int | None = None) -> None:
        """One record done; ``position``: bytes of the file on disk its records go to."""
        if not self.enabled:
            return
        self.records += 1
        self.line = max(self.line, line)
        if position is not None:
            self.position = max(self.position or 0, position)
        now = time.monotonic()
        if now >= self.next_draw:
            self.next_draw = now + self.interval
            self._draw()

    def clear(self) -> None:
        """Remove the line (before other output is written to the same terminal)."""
        if self.visible:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.visible = False

    def done(self) -> None:
        self.clear()

    def fraction(self) -> float | None:
        if self.total <= 0:
            return None
        inside = 0.0
        size = self.sizes.get(self.path, 0)
        if self.position is not None:
            inside = min(float(size), float(self.position))
        elif self.bytes_per_line is not None:
            inside = min(float(size), self.line * self.bytes_per_line)
        return min(1.0, (self.finished_bytes + inside) / self.total)

    def text(self, width: int) -> str:
        """The progress line, at most ``width`` characters."""
        fraction = self.fraction()
        elapsed = max(time.monotonic() - self.started, 1e-9)
        parts = []
        if fraction is not None:
            filled = round(fraction * _BAR)
            parts.append(f"[{'#' * filled}{'-' * (_BAR - filled)}] {fraction:4.0%}")
        parts.append(f"{self.records:,} records ({self.records / elapsed:,.0f}/s)")
        parts.append(self.path)
        line = "  ".join(parts)
        return line if len(line) <= width else line[: max(width - 1, 0)] + "…"

    def _draw(self) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r\x1b[K" + self.text(width))
        self.stream.flush()
        self.visible = True


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size if path != "-" else 0
    except OSError:
        return 0


def _bytes_per_line(path: str) -> float | None:
    """Average bytes per line in the file's first 64 KiB (None for binary formats)."""
    name = path.lower()
    if path == "-" or name.endswith((".gz", ".parquet")):
        return None
    try:
        with open(path, "rb") as stream:
            sample = stream.read(_SAMPLE)
    except OSError:
        return None
    lines = sample.count(b"\n")
    return len(sample) / lines if lines else None
