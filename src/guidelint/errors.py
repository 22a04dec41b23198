"""One base exception; subclasses for guideline, input and usage errors.

Every error carries a message that says what was wrong, where, and what to do. The
CLI maps them to exit code 2 in one place (``guidelint.cli.main``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

_E = TypeVar("_E", bound="GuidelintError")


class GuidelintError(Exception):
    """Base class of every error guidelint reports to the user.

    One error may stand for several found in one pass over a file (every mistake of a
    guideline or configuration, as yamllint and ruff report them): ``errors`` then
    holds them, in the order found, and :meth:`each` gives them one by one.
    """

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        hint: str | None = None,
        errors: Sequence[GuidelintError] = (),
    ):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.errors = list(errors)

    def each(self) -> list[GuidelintError]:
        """The errors this one stands for (itself, when it is one)."""
        return [e for error in self.errors for e in error.each()] if self.errors else [self]

    def __str__(self) -> str:
        if self.errors:
            return "\n".join(str(error) for error in self.each())
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


_PLACE = re.compile(r"^(.*?):(\d+)(?::(\d+))?")


def _place(error: GuidelintError) -> tuple[str, int, int]:
    match = _PLACE.match(error.location or "")
    if match is None:
        return (error.location or "", 0, 0)
    return (match.group(1), int(match.group(2)), int(match.group(3) or 0))


class Problems:
    """Errors gathered while one file is validated, so that all are reported at once."""

    def __init__(self) -> None:
        self.errors: list[GuidelintError] = []

    def add(self, error: GuidelintError) -> None:
        self.errors.extend(error.each())

    @contextmanager
    def gather(self) -> Iterator[None]:
        """Keep a GuidelintError raised inside the block and go on after it."""
        try:
            yield
        except GuidelintError as exc:
            self.add(exc)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def check(self, cls: type[_E], what: str) -> None:
        """Raise what was gathered: the one error, or ``cls`` standing for them all
        (in the order of their places in the files)."""
        self.errors.sort(key=_place)
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise cls(f"{len(self.errors)} errors in {what}", errors=self.errors)


class GuidelineError(GuidelintError):
    """The guideline YAML is unreadable, unsafe or invalid."""


class InputError(GuidelintError):
    """A dataset file cannot be read at all (missing, not a file, unknown format)."""


class UsageError(GuidelintError):
    """The command line or configuration is wrong."""


class RecordError(GuidelintError):
    """One record cannot be checked; reported as an ``invalid-record`` violation.

    ``line`` is the 1-based line (or row) of the record, ``column`` the 1-based column
    of the problem when known, ``field`` the field path when known.
    """

    def __init__(
        self,
        message: str,
        *,
        line: int,
        column: int = 0,
        field: str = "",
        hint: str | None = None,
    ):
        super().__init__(message, hint=hint)
        self.line = line
        self.column = column
        self.field = field
        #: Where the value holding the problem starts, when it is not ``line`` (an
        #: annotation of a Label Studio task); set by the readers.
        self.source_line: int | None = None
        #: Where the record is when no line tells (a task of a live Label Studio
        #: project: ``task 7, annotation 12``); set by the readers.
        self.locator: str | None = None
