"""The lines of a file that changed since a git revision (``--changed-since REV``).

``git diff --unified=0 REV -- FILE`` gives the changed line ranges of the file as it is
now (working tree against REV); a file git does not track is new as a whole, and a
binary diff (a ``.gz`` or Parquet file) counts as a change of the whole file. Only the
hunk headers are parsed, line by line, so a huge diff is never held in memory.

:func:`only_changed` filters a stream of records while it is read: a record spans from
the line where the value it was read from starts to the line before the next value's
(a pretty-printed JSON element covers several lines; the records of a Label Studio
task span the whole task, its shared data included), and is kept when a changed line
falls in that span, or lines were deleted inside it. Reading stops after the last
change.
"""

from __future__ import annotations

import os
import re
import subprocess
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from guidelint.errors import UsageError

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ENV = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C"}


@dataclass
class ChangedLines:
    """Changed lines of one file: whole-file, or 1-based inclusive ranges."""

    everything: bool = False
    ranges: list[tuple[int, int]] = field(default_factory=list)
    #: Lines after which lines were deleted (0: at the top of the file).
    deletions: list[int] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.ranges and not self.deletions

    @property
    def last(self) -> int:
        """The last line a change touches (the end of the file when everything changed)."""
        if self.everything:
            return 1 << 62
        return max([end for _, end in self.ranges] + [d + 1 for d in self.deletions] + [0])

    def touches(self, first: int, last: int) -> bool:
        """Whether lines ``first..last`` (inclusive) hold a change."""
        if self.everything:
            return True
        i = bisect_left(self.ranges, (first, 0))
        if i < len(self.ranges) and self.ranges[i][0] <= last:
            return True
        if i > 0 and self.ranges[i - 1][1] >= first:
            return True
        j = bisect_left(self.deletions, first)
        return j < len(self.deletions) and self.deletions[j] < last


class Git:
    """Runs git for one revision; checks each repository and the revision once."""

    def __init__(self, revision: str):
        self.revision = revision
        self._checked: set[str] = set()
        #: Per repository: path now → path at the revision, of files git sees renamed.
        self._renames: dict[str, dict[str, str]] = {}

    def changed_lines(self, path: str) -> ChangedLines:
        """The lines of ``path`` that differ from the revision."""
        if path == "-":
            raise UsageError("--changed-since cannot be used with standard input ('-')")
        if os.path.islink(path):
            # A link's own history is where it points; the data changed in its target:
            # that file is diffed when the repository holds it, else read as new.
            real = Path(os.path.realpath(path))
            held = self._run(str(real.parent), "ls-files", "--error-unmatch", "--", real.name)
            if held.returncode != 0:
                return ChangedLines(everything=True)
            path = str(real)
        folder = str(Path(path).resolve().parent)
        name = Path(path).name
        top = self._run(folder, "rev-parse", "--show-toplevel")
        if top.returncode != 0:
            raise UsageError(
                "--changed-since needs a git repository, and this file is in none",
                location=path,
                hint="run it inside a git checkout, or drop --changed-since",
            )
        root = top.stdout.decode(errors="replace").strip()
        if root not in self._checked:
            found = self._run(
                folder, "rev-parse", "--verify", "--quiet", f"{self.revision}^{{commit}}"
            )
            if found.returncode != 0:
                raise UsageError(
                    f"unknown git revision '{self.revision}'",
                    location=root,
                    hint="give a commit, branch or tag that exists here, e.g. HEAD~1 or "
                    "origin/main (in CI, fetch enough history: actions/checkout fetch-depth: 0)",
                )
            self._checked.add(root)
        if self._run(folder, "ls-files", "--error-unmatch", "--", name).returncode != 0:
            return ChangedLines(everything=True)  # untracked: new as a whole
        here = Path(os.path.relpath(Path(path).resolve(), root)).as_posix()
        before = self._renamed(root).get(here)
        if before is not None:  # (git mv: the lines changed against the file it was)
            return self._diff(root, here, before)
        return self._diff(folder, name)

    def _renamed(self, root: str) -> dict[str, str]:
        """Files of the repository at ``root`` that git sees renamed since the revision
        (staged or committed, as ``git diff -M`` finds them): path now → path then."""
        found = self._renames.get(root)
        if found is None:
            done = self._run(root, "diff", "--no-color", "-M", "--name-status", "-z", self.revision)
            found = {}
            parts = done.stdout.split(b"\0") if done.returncode == 0 else []
            i = 0
            while i < len(parts):
                status = parts[i]
                if status.startswith(b"R") and i + 2 < len(parts):
                    old, new = (p.decode("utf-8", "surrogateescape") for p in parts[i + 1 : i + 3])
                    found[new] = old
                    i += 3
                elif status.startswith(b"C") and i + 2 < len(parts):
                    i += 3
                else:
                    i += 2
            self._renames[root] = found
        return found

    def _diff(self, folder: str, name: str, before: str | None = None) -> ChangedLines:
        command = ["git", "-C", folder, "diff", "--no-color", "--no-ext-diff", "--no-textconv"]
        if before is None:
            command += ["--unified=0", self.revision, "--", name]
        else:  # (both names, for git to pair them as one renamed file)
            command += ["--unified=0", "-M", self.revision, "--", before, name]
        changed = ChangedLines()
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_ENV
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith(b"Binary files "):
                    changed.everything = True
                match = _HUNK.match(line)
                if match is None:
                    continue
                start, count = int(match.group(1)), int(match.group(2) or 1)
                if count == 0:
                    changed.deletions.append(start)
                else:
                    changed.ranges.append((start, start + count - 1))
            error = process.stderr.read() if process.stderr else b""
        if process.returncode != 0:
            raise UsageError(f"git diff failed: {error.decode(errors='replace').strip()}")
        changed.ranges.sort()
        changed.deletions.sort()
        return changed

    @staticmethod
    def _run(folder: str, *args: str) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(["git", "-C", folder, *args], capture_output=True, env=_ENV)
        except FileNotFoundError:
            raise UsageError(
                "--changed-since needs git, and it is not installed (or not on PATH)"
            ) from None


class _HasLine(Protocol):
    @property
    def line(self) -> int: ...


T = TypeVar("T", bound=_HasLine)


def only_changed(items: Iterable[T], changed: ChangedLines) -> Iterator[T]:
    """The items whose span of lines (up to the next item's line) holds a change.

    Items read from one value of the file (the records of the annotations of one Label
    Studio task, and errors in it) start where that value starts (:func:`start_line`),
    so a change of the task's shared data counts for all of them.
    """
    if changed.everything:
        yield from items
        return
    last_change = changed.last
    group: list[T] = []
    first = 0
    iterator = iter(items)
    for item in iterator:
        start = start_line(item)
        if group and start > first:
            if changed.touches(first, start - 1):
                yield from group
            group = []
            if start > last_change:
                close = getattr(iterator, "close", None)
                if close is not None:
                    close()  # stop reading: nothing after this line changed
                return
        if not group:
            first = start
        group.append(item)
    if group and changed.touches(first, 1 << 62):
        yield from group


def start_line(item: _HasLine) -> int:
    """The line where the value an item was read from starts: ``meta["source_line"]``
    of a record or ``source_line`` of an error when a reader set it, else its line."""
    meta = getattr(item, "meta", None)
    if meta:
        found = meta.get("source_line")
        if isinstance(found, int):
            return found
    found = getattr(item, "source_line", None)
    return found if isinstance(found, int) else item.line
