"""Where ``guidelint check`` sends its report: the format, the file, the reporter."""

from __future__ import annotations

import argparse
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

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


class Discard(io.StringIO):
    """Where the report goes under ``--diff`` without ``--output``: nowhere."""

    def write(self, text: str) -> int:
        return len(text)
