"""Where ``guidelint check`` sends its report: the format, the file, the reporter."""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from guidelint.cli.options import use_color

if TYPE_CHECKING:
    from guidelint.reporters.base import Reporter

#: ``--output`` suffix → the format it implies when ``--format`` is not given
OUTPUT_SUFFIXES = {
    ".sarif": "sarif",
    ".xml": "junit",
    ".json": "json",
    ".jsonl": "json-lines",
    ".md": "markdown",
    ".html": "html",
    ".txt": "text",
}


def report_format(args: argparse.Namespace) -> str:
    from guidelint.reporters import REPORTERS

    if args.format:
        return str(args.format)
    if args.output:
        implied = OUTPUT_SUFFIXES.get(Path(args.output).suffix.lower())
        return implied if implied in REPORTERS else "text"
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in REPORTERS:
        return "github"
    return "text"


def make_reporter(fmt: str, stream: TextIO, args: argparse.Namespace, *, grouped: bool) -> Reporter:
    from guidelint.reporters import reporter_class

    cls: type[Reporter] = reporter_class(fmt)
    isatty = getattr(stream, "isatty", None)
    if fmt == "text" and grouped and isatty is not None and isatty():
        from guidelint.reporters.terminal import GroupedTextReporter

        cls = GroupedTextReporter
    return cls(
        stream, color=use_color(stream, args.color), quiet=args.quiet, statistics=args.statistics
    )


def open_output(path: str) -> TextIO:
    from guidelint.errors import UsageError

    try:
        return open(path, "w", encoding="utf-8", errors="backslashreplace", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc.strerror or exc}", location=path) from None


#: Bytes of report held before they are written to standard output.
STDOUT_BUFFER = 1 << 16


class _Forward(io.RawIOBase):
    """Bytes for standard output's own buffer; closing this leaves standard output open."""

    def __init__(self, target: BinaryIO):
        super().__init__()
        self._target = target

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._target.write(data)
        return len(data)

    def flush(self) -> None:
        if not self.closed:
            self._target.flush()

    def isatty(self) -> bool:
        return bool(self._target.isatty())

    def fileno(self) -> int:
        return self._target.fileno()


def report_stdout() -> TextIO:
    """Standard output for a report, buffered as a report file is.

    Python writes standard output unbuffered when ``PYTHONUNBUFFERED`` is set (as in
    many CI images and containers), and a report is many small writes: a JSON report
    took twice as long to standard output as to ``--output``. This stream holds
    :data:`STDOUT_BUFFER` bytes before it writes (a terminal still gets every line as
    it is written); :func:`close_report_stdout` flushes it and leaves standard output
    open.
    """
    target = getattr(sys.stdout, "buffer", None)
    if target is None:  # (replaced by something without bytes: keep it)
        return sys.stdout
    sys.stdout.flush()
    tty = bool(sys.stdout.isatty())
    return io.TextIOWrapper(
        io.BufferedWriter(_Forward(target), STDOUT_BUFFER),
        encoding=sys.stdout.encoding or "utf-8",
        errors="backslashreplace",
        newline=None,
        line_buffering=tty,
    )


def close_report_stdout(stream: TextIO) -> None:
    """Write out what :func:`report_stdout` holds."""
    if stream is sys.stdout:
        return
    stream.close()  # (flushes; standard output itself stays open)


class Discard(io.StringIO):
    """Where the report goes under ``--diff`` without ``--output``: nowhere."""

    def write(self, text: str) -> int:
        return len(text)
