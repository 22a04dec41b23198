"""Command-line options shared by several subcommands, and how they are read."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from guidelint.errors import InputError, UsageError


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
    from guidelint.config import discover

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


def expand_paths(paths: Iterable[str], suffixes: tuple[str, ...]) -> Iterator[str]:
    """Files as given; directories walked recursively for dataset files (sorted); the
    URL of a live Label Studio project as its canonical form."""
    from guidelint.labelstudio.urls import is_url, parse_project_url

    for path in paths:
        if path == "-":
            yield path
            continue
        if is_url(path):
            yield str(parse_project_url(path))
            continue
        file = Path(path)
        if file.is_dir():
            found = sorted(
                str(p)
                for p in file.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(file).parts)
                and _has_suffix(p, suffixes)
            )
            if not found:
                raise InputError(
                    "no dataset files in this directory",
                    location=path,
                    hint=f"guidelint looks for files ending in {', '.join(suffixes)} (also .gz)",
                )
            yield from found
        elif not file.exists():
            raise InputError("no such file or directory", location=path)
        else:
            yield path


def distinct_paths(paths: Iterable[str], own: dict[str, str]) -> tuple[list[str], list[str]]:
    """``paths`` without repeats (the same file named twice, or found in a folder and
    named too) and without the run's own files; also what was left out and why.

    ``own`` maps the run's own files (its report, its baseline) to what they are: they
    are not datasets, even when a folder walk or a pre-commit hook passes them.
    """
    mine = {_identity(path): what for path, what in own.items()}
    seen: set[str] = set()
    kept: list[str] = []
    left_out: list[str] = []
    for path in paths:
        key = _identity(path)
        if key in mine:
            if key not in seen:  # (noted once, however it is named)
                seen.add(key)
                left_out.append(f"file skipped as this run's {mine[key]}, not a dataset: {path}")
            continue
        if key not in seen:  # (a repeat is dropped quietly: the file is checked once)
            seen.add(key)
            kept.append(path)
    return kept, left_out


def _identity(path: str) -> str:
    if path == "-" or path.startswith(("http://", "https://")):
        return path
    return os.path.realpath(path)


def _has_suffix(path: Path, suffixes: tuple[str, ...]) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(suffixes)


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
