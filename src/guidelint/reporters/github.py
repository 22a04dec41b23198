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

import os
import re
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from guidelint.model import Severity, Violation
from guidelint.reporters.base import Reporter
from guidelint.reporters.text import summary_text
from guidelint.summary import Summary

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
#: Paths that name no file (records read from standard input).
NO_FILE = frozenset({"", "-", "<stdin>"})


def escape_data(text: str) -> str:
    """Escape a workflow command's message (what follows ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``file=``, ``title=``…)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


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
    before, match, after = (re.sub(r"\s+", " ", part) for part in v.excerpt)
    marked = f"{before}»{match}«{after}" if match else f"{before}{after}"
    return marked.strip()


def command(v: Violation, root: str | None = None) -> str:
    """The workflow command line (without the newline) for one violation."""
    properties = []
    path = relative_path(v.path, root)
    if path is not None:
        properties.append(f"file={escape_property(path)}")
        if v.line >= 1:
            properties.append(f"line={v.line}")
            column = file_column(v)
            if column is not None:
                properties.append(f"col={column}")
    properties.append(f"title={escape_property(v.rule)}")
    message = v.message
    where = field_location(v)
    if where:
        excerpt = excerpt_text(v)
        message += f"\n{where}" + (f": {excerpt}" if excerpt else "")
    return f"::{COMMANDS[v.severity]} {','.join(properties)}::{escape_data(message)}"


class GithubReporter(Reporter):
    name = "github"

    def violation(self, violation: Violation) -> None:
        self.stream.write(command(violation, self.context.root) + "\n")

    def finish(self, summary: Summary) -> None:
        if not self.quiet:
            self.stream.write(summary_text(summary, statistics=self.statistics))
