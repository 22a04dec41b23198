"""Baselines: accept today's violations, report only new ones.

``guidelint check --write-baseline FILE`` records every violation of a run, keyed by
file, record and rule, with a count; ``--baseline FILE`` then reports only violations
beyond those counts, and lists the baseline entries that no longer occur. A record
that had 2 violations of a rule and now has 3 reports 1 new violation.

The file is JSON, version 1::

    {"version": 1,
     "tool": "guidelint",
     "guideline": {"name": "customer-support", "version": "1.0"},
     "entries": [
       {"path": "data/train.jsonl", "record": "sup-004", "rule": "ai-identity-disclaimer",
        "count": 1}
     ]}

``path`` is relative to the directory of the baseline file (``/``-separated);
``record`` is the record's key: its own id (``id``, ``item_id``, ``uid``), else a hash
of its content; for a violation that belongs to no record (an unreadable line, a
dataset-level rate) it is ``line:N`` or empty. Entries are sorted, so the file diffs
well in version control. Readers must reject versions they do not know.
"""

from __future__ import annotations

import functools
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guidelint.encoding import read_text_file
from guidelint.errors import UsageError
from guidelint.model import Violation

VERSION = 1
Key = tuple[str, str, str]  # (path, record, rule)


def record_of(violation: Violation) -> str:
    """The record part of a violation's baseline key."""
    if violation.record_key:
        return violation.record_key
    return f"line:{violation.line}" if violation.line else ""


@dataclass
class BaselineWriter:
    """Collects the violations of a run and writes them as a baseline file."""

    path: Path
    counts: Counter[Key] = field(default_factory=Counter)

    def add(self, violation: Violation) -> None:
        self.counts[_key(violation, self.path.parent)] += 1

    def write(self, guideline: str, version: str) -> int:
        """Write the file (atomically); the number of entries written."""
        entries = [
            {"path": path, "record": record, "rule": rule, "count": count}
            for (path, record, rule), count in sorted(self.counts.items())
        ]
        document = {
            "version": VERSION,
            "tool": "guidelint",
            "guideline": {"name": guideline, "version": version},
            "entries": entries,
        }
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        target = Path(os.path.realpath(self.path))  # (a symbolic link stays a link)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(text, encoding="utf-8")
            os.replace(temp, target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise UsageError(
                f"cannot write the baseline: {exc.strerror or exc}", location=str(self.path)
            ) from None
        return len(entries)


@dataclass
class Baseline:
    """A loaded baseline: how many violations of each key are already known."""

    path: Path
    known: Counter[Key]
    seen: Counter[Key] = field(default_factory=Counter)

    def is_known(self, violation: Violation) -> bool:
        """Whether ``violation`` is covered by the baseline (counts it as seen either way)."""
        key = _key(violation, self.path.parent)
        self.seen[key] += 1
        return self.seen[key] <= self.known.get(key, 0)

    @property
    def suppressed(self) -> int:
        """Violations of this run that the baseline covered."""
        return sum(min(count, self.known.get(key, 0)) for key, count in self.seen.items())

    def gone(self, paths: Iterable[str], rules: set[str]) -> list[tuple[Key, int]]:
        """Entries (for the checked ``paths`` and ``rules``) seen fewer times than recorded."""
        checked = {_relative(p, self.path.parent) for p in paths}
        stale = []
        for key, count in sorted(self.known.items()):
            path, _, rule = key
            if path in checked and rule in rules and self.seen.get(key, 0) < count:
                stale.append((key, count - self.seen.get(key, 0)))
        return stale

    def of_missing_files(self) -> tuple[int, list[str]]:
        """Entries whose file no longer exists (renamed or deleted): their count, and
        the files. A run cannot see them stop occurring, so they would stay for ever."""
        base = self.path.parent
        exists: dict[str, bool] = {}
        missing: dict[str, int] = {}
        for (path, _, _), count in self.known.items():
            if path not in exists:
                exists[path] = (base / path).exists()
            if not exists[path]:
                missing[path] = missing.get(path, 0) + count
        return sum(missing.values()), sorted(missing)


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; UsageError when it is missing or not a baseline."""
    file = Path(path)
    try:
        document: Any = json.loads(read_text_file(file))
    except FileNotFoundError:
        raise UsageError(
            "baseline file not found",
            location=str(file),
            hint="create it with `guidelint check ... --write-baseline FILE`",
        ) from None
    except (OSError, ValueError) as exc:  # (json.JSONDecodeError is a ValueError)
        raise UsageError(
            f"cannot read the baseline: {exc}",
            location=str(file),
            hint="a baseline is the JSON file `--write-baseline FILE` writes: write it again",
        ) from None
    if not isinstance(document, dict) or document.get("version") != VERSION:
        found = document.get("version") if isinstance(document, dict) else None
        raise UsageError(
            f"not a guidelint baseline of version {VERSION} (version: {found!r})",
            location=str(file),
            hint="write it again with --write-baseline",
        )
    known: Counter[Key] = Counter()
    for number, entry in enumerate(document.get("entries") or []):
        try:
            key = (str(entry["path"]), str(entry["record"]), str(entry["rule"]))
            count = entry.get("count", 1)
            if type(count) is not int or count < 1:
                raise ValueError(count)
            known[key] += count
        except (KeyError, TypeError, ValueError, AttributeError):
            raise UsageError(
                f"baseline entry {number} needs path, record, rule and a count of 1 or more",
                location=str(file),
                hint="write the baseline again with --write-baseline rather than by hand",
            ) from None
    return Baseline(file, known)


def describe(stale: list[tuple[Key, int]], limit: int = 5) -> str:
    """``a.jsonl sup-4 rule-x (×2), …`` for a summary note."""
    shown = [
        f"{path} {record or '-'} {rule}" + (f" (×{count})" if count > 1 else "")
        for (path, record, rule), count in stale[:limit]
    ]
    more = len(stale) - limit
    return ", ".join(shown) + (f", and {more} more" if more > 0 else "")


def _key(violation: Violation, base: Path) -> Key:
    return (_relative(violation.path, base), record_of(violation), violation.rule)


@functools.lru_cache(maxsize=256)
def _real(folder: str) -> str:
    """``os.path.realpath`` of an absolute path, once per folder (a baseline asks for
    every violation; a relative path would be cached across changes of directory)."""
    return os.path.realpath(folder)


def _relative(path: str, base: Path) -> str:
    if path in {"-", "<stdin>"}:
        return "<stdin>"
    # The folder's links are followed (a dataset reached through a linked folder is the
    # same file), the file's own link is not: git-annex and DVC keep data files as links
    # into a store whose paths change with every version of the data.
    folder, name = os.path.split(os.path.abspath(path))
    try:
        real = os.path.join(_real(folder), name)
        return Path(os.path.relpath(real, _real(os.path.abspath(base)))).as_posix()
    except ValueError:
        return Path(path).as_posix()
