"""Which files a run checks: folders walked for dataset files, repeats and the run's
own files (its report, its baseline) left out."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from guidelint.errors import InputError
from guidelint.paths import exists, is_dir, path_problem
from guidelint.readers.arrow_folder import dataset_folders


def expand_paths(
    paths: Iterable[str], suffixes: tuple[str, ...], walked: set[str] | None = None
) -> Iterator[str]:
    """Files as given; directories walked recursively for dataset files (sorted), each
    added to ``walked`` when given; the URL of a live Label Studio project as its
    canonical form."""
    from guidelint.labelstudio.urls import is_url, parse_project_url

    for path in paths:
        if path == "-":
            yield path
            continue
        if is_url(path):
            yield str(parse_project_url(path))
            continue
        file = Path(path)
        if is_dir(file):
            # Hugging Face save_to_disk folders are datasets (one per split); their
            # JSON files are metadata.
            folders = dataset_folders(file)
            found = sorted(
                [
                    str(p)
                    for p in file.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(file).parts)
                    and _has_suffix(p, suffixes)
                    and not _in_dataset_folder(p, folders)
                ]
                + folders
            )
            if not found:
                raise InputError(
                    "no dataset files in this directory",
                    location=path,
                    hint=f"guidelint looks for files ending in {', '.join(suffixes)} (also .gz)",
                )
            ignored = git_ignored(found, file)
            kept = [p for p in found if p not in ignored]
            if walked is not None:
                walked.update(kept)
            yield from kept
        elif not exists(file):
            problem = path_problem(file)
            if problem is not None:  # (a name too long: the reader says so, per file)
                yield path
                continue
            if os.path.islink(file):
                raise InputError(
                    f"a link to {os.readlink(file)}, which does not exist",
                    location=path,
                    hint="is the content fetched? (git annex get, dvc pull)",
                )
            raise InputError("no such file or directory", location=path)
        elif (folder := _metadata_folder(file)) is not None:
            # a save_to_disk folder's metadata, named alone (a pre-commit hook passes the
            # files that changed): the dataset it describes is checked instead
            yield from expand_paths([folder], suffixes, walked)
        else:
            yield path


def _metadata_folder(file: Path) -> str | None:
    """The ``save_to_disk`` folder that ``file`` (``state.json``, ``dataset_info.json``,
    ``dataset_dict.json``) is the metadata of, if it is."""
    from guidelint.readers.arrow_folder import DICT, METADATA, is_dataset_folder

    if file.name not in METADATA:
        return None
    folder = file.parent
    if file.name == DICT:
        return str(folder) if dataset_folders(folder) else None
    return str(folder) if is_dataset_folder(folder) else None


def distinct_paths(paths: Iterable[str], own: dict[str, str]) -> tuple[list[str], list[str]]:
    """``paths`` without repeats (the same file named twice, or found in a folder and
    named too) and without the run's own files; also what was left out and why.

    ``own`` maps the run's own files (its report, its baseline) to what they are: they
    are not datasets, even when a folder walk or a pre-commit hook passes them.
    """
    mine = {file_identity(path): what for path, what in own.items()}
    seen: set[str] = set()
    kept: list[str] = []
    left_out: list[str] = []
    for path in paths:
        key = file_identity(path)
        if key in mine:
            if key not in seen:  # (noted once, however it is named)
                seen.add(key)
                left_out.append(f"file skipped as this run's {mine[key]}, not a dataset: {path}")
            continue
        if key not in seen:  # (a repeat is dropped quietly: the file is checked once)
            seen.add(key)
            kept.append(path)
    return kept, left_out


#: The suffixes of files guidelint may have written (its JSON and JSON Lines output).
_OUTPUT_SUFFIXES = (".json", ".jsonl", ".ndjson")


def skip_found_outputs(
    paths: list[str], walked: set[str], named: Iterable[str]
) -> tuple[list[str], list[str]]:
    """``paths`` without the files a folder walk found (``walked``) that guidelint wrote:
    a report, a baseline, an agreement report left among the data by an earlier run
    (told by their first bytes: see :func:`~guidelint.run.own_files.output_kind`); also
    a note for each. A file ``named`` on the command line is kept: reading it says what
    it is, as an error."""
    from guidelint.run.own_files import output_kind

    explicit = {file_identity(path) for path in named}
    kept: list[str] = []
    notes: list[str] = []
    for path in paths:
        if path in walked and path.lower().endswith(_OUTPUT_SUFFIXES):
            kind = output_kind(path)
            if kind is not None and file_identity(path) not in explicit:
                notes.append(f"file skipped as a guidelint {kind}, not a dataset: {path}")
                continue
        kept.append(path)
    return kept, notes


def _in_dataset_folder(path: Path, folders: list[str]) -> bool:
    """Whether ``path`` is a file of a ``save_to_disk`` folder (or a DatasetDict's)."""
    if path.name == "dataset_dict.json":
        return True
    return any(path.is_relative_to(folder) for folder in folders)


def file_identity(path: str) -> str:
    """What names one file however it is written: its real path (a URL or ``-`` as is)."""
    if path == "-" or path.startswith(("http://", "https://")):
        return path
    return os.path.realpath(path)


def _has_suffix(path: Path, suffixes: tuple[str, ...]) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(suffixes)


def git_ignored(paths: list[str], folder: Path) -> set[str]:
    """The ``paths`` (files found in ``folder``) that git ignores (.gitignore, the
    repository's exclude file, the user's excludes), as ``git check-ignore`` says: a
    folder walk leaves them out, as ruff's and black's do. Tracked files are never
    ignored; outside a repository, or without git, none is."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None or not paths:
        return set()
    try:
        done = subprocess.run(
            [git, "check-ignore", "--stdin", "-z"],
            input="\0".join(os.path.abspath(p) for p in paths).encode("utf-8", "surrogateescape"),
            cwd=folder,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if done.returncode not in (0, 1):  # (128: not in a repository)
        return set()
    ignored = {name.decode("utf-8", "surrogateescape") for name in done.stdout.split(b"\0") if name}
    return {p for p in paths if os.path.abspath(p) in ignored}
