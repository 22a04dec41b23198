"""The reporter lifecycle: start, one call per violation, then the summary.

Reporters only format; they differ only in what they override (like flake8's
formatters). ``stream`` receives the report; ``console`` (standard error, or standard
output when the report goes to a file) receives a short summary where a reporter
writes its report elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from guidelint.model import Violation
from guidelint.summary import Summary


class Reporter:
    #: The ``--format`` name.
    name = ""

    def __init__(
        self, stream: TextIO, *, color: bool = False, quiet: bool = False, statistics: bool = False
    ):
        self.stream = stream
        self.color = color
        self.quiet = quiet
        self.statistics = statistics

    def start(self, context: ReportContext) -> None:
        self.context = context

    def violation(self, violation: Violation) -> None:
        raise NotImplementedError

    def counted(self, violation: Violation) -> None:
        """A violation the run counts but does not show (below ``--min-severity``, or left
        out by ``--max-violations``, which may be decided only at the end of the run): for
        reports that count what they do not show (the JUnit report).

        A reporter that must hear of every violation in the order found (the HTML report
        tallies records) defines ``tally(violation)`` too: the run calls it for every
        violation it counts, shown or not, as found."""

    def finish(self, summary: Summary) -> None:
        """Write what comes after the violations (a summary, a closing bracket)."""


class ReportContext:
    """What every reporter may want to know about the run.

    ``rules`` maps each rule id the run may report to what is known about it; the keys
    reporters read are ``description``, ``severity`` (``error``/``warning``/``info``),
    ``check``, ``tags`` (comma-separated) and ``help_uri``, all optional.
    ``guideline_path`` is the guideline file; ``paths`` are the dataset files about to
    be checked (reports can list the ones without violations); ``root`` is the
    directory that file paths in SARIF and GitHub output are relative to (default: the
    current directory).
    """

    def __init__(
        self,
        *,
        guideline: str,
        version: str,
        fail_on: str,
        rules: dict[str, dict[str, str]] | None = None,
        tool_version: str = "",
        guideline_path: str = "",
        paths: Sequence[str] = (),
        root: str | None = None,
        source: str = "",
    ):
        self.guideline = guideline
        self.version = version
        self.fail_on = fail_on
        self.rules = rules or {}
        self.tool_version = tool_version
        self.guideline_path = guideline_path
        self.paths = tuple(paths)
        self.root = root
        #: Where the guideline came from, in words (``configuration ../guidelint.yaml``).
        self.source = source

    def guideline_line(self) -> str:
        """``Guideline: team 2.0 (configuration ../guidelint.yaml)``: which guideline
        judged the run, and where it came from (a configuration found higher up, or
        none, decides it without a word otherwise)."""
        line = f"Guideline: {self.guideline} {self.version}".rstrip()
        return f"{line} ({self.source})" if self.source else line
