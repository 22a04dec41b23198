"""The temporary files an interrupted ``--fix`` leaves beside the data, and their removal.

Kept apart from :mod:`guidelint.run.fixes` so that every ``check`` can look for them
without importing what fixing needs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["TEMP_SUFFIX", "leftovers", "remove_leftovers", "remove_leftovers_in", "temp_prefix"]

TEMP_SUFFIX = ".guidelint-tmp"


def temp_prefix(target: str) -> str:
    """The start of the name of a temporary file fixing ``target``."""
    return f".{os.path.basename(target)}."


def leftovers(path: str) -> list[Path]:
    """Temporary files of interrupted fixes of ``path`` whose process is gone."""
    target = os.path.realpath(path)
    folder = Path(os.path.dirname(target))
    prefix = temp_prefix(target)
    found = []
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(TEMP_SUFFIX)]
    except OSError:
        return []
    for name in names:
        pid = name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue  # (another run is fixing the file right now)
        found.append(folder / name)
    return found


_PID = re.compile(r"\.(\d+)\.[a-z0-9_]+" + re.escape(TEMP_SUFFIX) + "$")


def remove_leftovers_in(folder: str) -> list[str]:
    """Remove the temporary files of interrupted fixes in ``folder`` (those of a
    process that is gone, and those of versions that did not name the process); the
    paths of those removed."""
    removed = []
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return []
    for name in names:
        if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
            continue
        match = _PID.search(name)
        if match is not None and _alive(int(match.group(1))):
            continue
        leftover = os.path.join(folder, name)
        try:
            os.unlink(leftover)
        except OSError:
            continue
        removed.append(leftover)
    return removed


def remove_leftovers(path: str) -> list[str]:
    """Remove :func:`leftovers` of ``path``; the names of those removed."""
    removed = []
    for leftover in leftovers(path):
        try:
            leftover.unlink()
        except OSError:
            continue
        removed.append(str(leftover))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # (a leftover of this very process id, from an earlier run)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # (alive, another user's)
        return True
    return True
