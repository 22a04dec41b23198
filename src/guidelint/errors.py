"""One base exception; subclasses for guideline, input and usage errors.

Every error carries a message that says what was wrong, where, and what to do. The
CLI maps them to exit code 2 in one place (``guidelint.cli.main``).
"""

from __future__ import annotations


class GuidelintError(Exception):
    """Base class of every error guidelint reports to the user."""

    def __init__(self, message: str, *, location: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


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
