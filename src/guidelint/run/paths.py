"""Which files a run checks: folders walked for dataset files, repeats and the run's
own files (its report, its baseline) left out."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from guidelint.errors import InputError


def expand_paths(paths: Iterable[str], suffixes: tuple[str, ...]) -> Iterator[str]:
    """Files as given; directories walked recursively for dataset files (sorted)."""
    for path in paths:
        if path == "-":
            yield path
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
    return path if path == "-" else os.path.realpath(path)


def _has_suffix(path: Path, suffixes: tuple[str, ...]) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(suffixes)
