"""Where a violation is, as reporters show it: paths relative to a root, the column
in the file's line, the place inside the record, the excerpt on one line.

Shared by the reporters (a reporter module imports no other reporter module).
"""

from __future__ import annotations

import os
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from guidelint.model import Violation

#: Paths that name no file (records read from standard input).
NO_FILE = frozenset({"", "-", "<stdin>"})
#: Whitespace that is not one space alone: a run of two or more, or another character.
#: (Replacing it with a space is replacing every run of ``\s+`` with one, without
#: touching the single spaces between words.)
_SPACES = re.compile(r"\s{2,}|[^\S ]")


def relative_path(path: str, root: str | None = None) -> str | None:
    """``path`` relative to ``root`` (default: the current directory), ``/``-separated.

    ``None`` for a path that names no file; an absolute path outside ``root`` stays
    absolute.
    """
    if path in NO_FILE:
        return None
    if path.startswith(("http://", "https://")):  # a live Label Studio project
        return path
    base = os.path.abspath(root if root is not None else os.getcwd())
    full = os.path.abspath(path)
    try:
        relative = os.path.relpath(full, base)
    except ValueError:  # another drive on Windows
        return _posix(full)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return _posix(full)
    return _posix(relative)


def _posix(path: str) -> str:
    pure: PurePath = PureWindowsPath(path) if os.sep == "\\" else PurePosixPath(path)
    return pure.as_posix()


def file_column(v: Violation) -> int | None:
    """The violation's column when it is a column of the file's line, else ``None``."""
    return v.column if not v.field and v.column >= 1 and v.line >= 1 else None


def field_location(v: Violation) -> str:
    """Where inside the record: ``response, column 41``.

    Just the field for a finding with no span in the text (an empty span at its
    start), and empty for a finding about the whole record. A record that shares its
    line with others (minified JSON) is named first: ``element 3 (id 17), response``.
    """
    if not v.field:
        return v.locator or ""
    whole_text = v.span == (0, 0) or v.column < 1
    where = v.field if whole_text else f"{v.field}, column {v.column}"
    return f"{v.locator}, {where}" if v.locator else where


def excerpt_text(v: Violation) -> str:
    """The excerpt on one line with the match marked ``»like this«`` (or empty)."""
    if v.excerpt is None:
        return ""
    before, match, after = v.excerpt
    if match:
        if match.isspace():  # (stray whitespace: shown as it is, line breaks as ⏎)
            shown = match.replace("\r", "").replace("\n", "⏎").replace("\t", "→")
            return f"{_SPACES.sub(' ', before).lstrip()}»{shown}«{_SPACES.sub(' ', after).rstrip()}"
        # (no run of whitespace goes across » or «: one substitution does)
        return _SPACES.sub(" ", f"{before}»{match}«{after}").strip()
    return f"{_SPACES.sub(' ', before)}{_SPACES.sub(' ', after)}".strip()
