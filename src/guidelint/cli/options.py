"""Command-line options shared by several subcommands, and how they are read."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from typing import TextIO

from guidelint.errors import UsageError
from guidelint.run.paths import distinct_paths, expand_paths

__all__ = [
    "add_field_options",
    "add_guideline_option",
    "add_labelstudio_option",
    "distinct_paths",
    "expand_paths",
    "guideline_named",
    "parse_severity",
    "split_list",
    "use_color",
]


def add_guideline_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-g",
        "--guideline",
        metavar="NAME|FILE",
        help="a bundled guideline name or a guideline YAML file (default: the project "
        "configuration's, else customer-support)",
    )


def guideline_named(args: argparse.Namespace, paths: Iterable[str] = ()) -> str:
    """The guideline a command uses: ``--guideline``, else the guideline of the project
    configuration governing ``paths`` (or the working directory), else customer-support."""
    if args.guideline:
        return str(args.guideline)
    from guidelint.run.config import discover

    return discover(list(paths)).guideline() or "customer-support"


def add_field_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading datasets")
    group.add_argument("--instruction-field", metavar="PATH", help="field path of the instruction")
    group.add_argument("--response-field", metavar="PATH", help="field path of the response")
    group.add_argument(
        "--schema", metavar="NAME", help="dataset schema (default: detected per record)"
    )
    group.add_argument(
        "--input-format",
        metavar="FORMAT",
        help="file format when the suffix does not tell (jsonl, json, csv, …)",
    )
    group.add_argument(
        "--delimiter",
        metavar="CHAR",
        type=_delimiter,
        help="cell delimiter of CSV and TSV files: one character, or tab, comma, semicolon, "
        "pipe (default: a CSV file's header line decides; TSV: tab)",
    )


def _delimiter(value: str) -> str:
    from guidelint.errors import UsageError
    from guidelint.readers.delimited import parse_delimiter

    try:
        return parse_delimiter(value)
    except UsageError as exc:
        raise argparse.ArgumentTypeError(
            f"{exc.message}; {exc.hint}" if exc.hint else exc.message
        ) from None


def add_labelstudio_option(parser: argparse.ArgumentParser) -> None:
    """``--labelstudio-token-file``, for commands that read live Label Studio projects."""
    parser.add_argument(
        "--labelstudio-token-file",
        metavar="FILE",
        action=_TokenFile,
        help="read the Label Studio API token from FILE (default: $LABEL_STUDIO_API_KEY); "
        "used when a PATH is a project URL such as http://127.0.0.1:8080/projects/3",
    )


class _TokenFile(argparse.Action):
    """Where the token is read from, set as the option is parsed (the token itself is
    read only when a server is called, and never shown)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from guidelint.labelstudio.auth import use_token_file

        use_token_file(str(values))
        setattr(namespace, self.dest, values)


def split_list(values: Iterable[str] | None) -> frozenset[str]:
    """``--select a,b --select c`` → ``{a, b, c}``."""
    names: set[str] = set()
    for value in values or []:
        names.update(part.strip() for part in value.split(",") if part.strip())
    return frozenset(names)


def use_color(stream: TextIO, choice: str = "auto") -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return bool(getattr(stream, "isatty", lambda: False)())


def parse_severity(value: str) -> str:
    value = value.lower()
    if value not in {"error", "warning", "info"}:
        raise UsageError(f"--fail-on takes error, warning or info, not '{value}'")
    return value
