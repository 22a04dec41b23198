"""GitHub Actions output: one workflow command per violation, shown as an annotation.

::

    ::error file=data/train.jsonl,line=12,title=no-apology::apology "sorry"%0Aresponse, column 41

``error`` violations become ``::error``, ``warning`` ones ``::warning`` and ``info``
ones ``::notice``. The workflow runner turns each line into an annotation on the file
and line, in the run's summary and, for a pull request, on its diff.

* ``file`` is relative to the report's root (the current directory unless the run
  names another; run from the repository root, as actions do by default), with ``/``
  separators. Records read from standard input, and dataset-level findings that
  belong to no file, have no ``file``; those with no line (line 0) have no ``line``.
* ``col`` is written only when the violation's column is a column of the file's line
  (a violation without a field, such as an unreadable record). A violation inside a
  field's text has a column *in the field's decoded text*, which is not a column of
  the JSONL line (escapes such as ``\\n`` and the keys before the field shift it), so
  the message names the field and that column instead, and before them the record
  when its line holds other records too (``element 3 (id 17), response, column 41``:
  a minified JSON document is one line).
* The message is escaped as GitHub requires (``%`` → ``%25``, CR → ``%0D``,
  LF → ``%0A``); property values also escape ``:`` → ``%3A`` and ``,`` → ``%2C``.

After the annotations, the usual text summary follows (not with ``--quiet``).
GitHub shows at most 10 annotations of each kind per step (50 per job) in its
interface; every violation is still in the log.
"""

from __future__ import annotations

from functools import lru_cache

from guidelint.model import Severity, Violation
from guidelint.reporters.base import ReportContext, Reporter
from guidelint.reporters.locations import (
    NO_FILE,
    excerpt_text,
    field_location,
    file_column,
    relative_path,
)
from guidelint.reporters.summaries import summary_text
from guidelint.summary import Summary

__all__ = [
    "NO_FILE",
    "GithubReporter",
    "command",
    "command_in",
    "escape_data",
    "escape_property",
    "excerpt_text",
    "field_location",
    "file_column",
    "file_property",
    "relative_path",
]

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: (By the severity's value: an enum member's own hash is a Python-level call.)
_COMMANDS = {severity.value: name for severity, name in COMMANDS.items()}


def escape_data(text: str) -> str:
    """Escape a workflow command's message (what follows ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``file=``, ``title=``…)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(v: Violation, root: str | None = None) -> str:
    """The workflow command line (without the newline) for one violation."""
    return command_in(v, file_property(v.path, root))


def file_property(path: str, root: str | None = None) -> str | None:
    """The ``file=`` property for a violation in ``path`` (``None``: no file)."""
    relative = relative_path(path, root)
    return None if relative is None else f"file={escape_property(relative)}"


def command_in(v: Violation, file: str | None) -> str:
    """:func:`command` given the violation's ``file=`` property (:func:`file_property`),
    which is the same for every violation in a file."""
    properties = ""
    if file is not None:
        properties = f"{file},"
        if v.line >= 1:
            properties += f"line={v.line},"
            column = file_column(v)
            if column is not None:
                properties += f"col={column},"
    properties += _title(v.rule)
    message = v.message
    where = field_location(v)
    if where:
        excerpt = excerpt_text(v)
        message += f"\n{where}" + (f": {excerpt}" if excerpt else "")
    return f"::{_COMMANDS[v.severity._value_]} {properties}::{escape_data(message)}"


@lru_cache(maxsize=1024)
def _title(rule: str) -> str:
    return f"title={escape_property(rule)}"


class GithubReporter(Reporter):
    name = "github"

    def start(self, context: ReportContext) -> None:
        super().start(context)
        self._files: dict[str, str | None] = {}

    def violation(self, violation: Violation) -> None:
        path = violation.path
        files = self._files
        file = (
            files[path]
            if path in files
            else files.setdefault(path, file_property(path, self.context.root))
        )
        self.stream.write(command_in(violation, file) + "\n")

    def finish(self, summary: Summary) -> None:
        if not self.quiet:
            self.stream.write(
                summary_text(
                    summary,
                    statistics=self.statistics,
                    guideline=self.context.guideline_line() if hasattr(self, "context") else "",
                )
            )
