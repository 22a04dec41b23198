"""``LazyPattern``: a module-level regular expression compiled when it is first used.

Python's ``re`` compiles in Python, and a check module with thirty patterns spends
milliseconds of every start-up compiling them, though a run may never need most of
them (a pattern that only judges a rare kind of sentence). A ``LazyPattern`` stands
where the compiled pattern stood: the first use of any of its methods compiles it and
puts the compiled pattern's bound methods on the instance, so later calls cost what a
call of the compiled pattern costs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["LazyPattern"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """``re.compile(source, flags)``, done on first use."""

    search: Callable[..., re.Match[str] | None]
    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    sub: Callable[..., str]
    subn: Callable[..., tuple[str, int]]
    split: Callable[..., list[Any]]

    def __init__(self, source: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = source
        self.flags = int(flags)

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        return re.compile(self.pattern, self.flags)  # (re's own cache keeps it)

    def __getattr__(self, name: str) -> Any:
        # Only for attributes not yet on the instance: the methods, on their first use.
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = self.compiled()
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"
