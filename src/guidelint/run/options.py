"""What a check run is told and what it gives back: typed, with no argparse in sight.

:class:`CheckOptions` holds every setting of ``guidelint check`` as a value (the CLI
parses its arguments into one), :class:`Reporter` is what the run sends violations
to, and :class:`CheckResult` is what :func:`guidelint.run.run_check` returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, Protocol

from guidelint.errors import UsageError

if TYPE_CHECKING:
    from guidelint.guideline import Guideline
    from guidelint.model import Violation
    from guidelint.reporters.base import ReportContext
    from guidelint.run.config import Config
    from guidelint.summary import Summary

#: The lowest severity that makes a run fail.
FailOn = Literal["error", "warning", "info"]
#: A ``--field`` value: what ``KEY=3``, ``KEY=true``, ``KEY=null`` or ``KEY=text`` give.
FieldValue = str | int | float | bool | None


class Reporter(Protocol):
    """Where a check run sends what it finds: :meth:`start` once, :meth:`violation`
    per reported violation, :meth:`finish` with the summary. Every reporter of
    :mod:`guidelint.reporters` is one; so is :class:`guidelint.run.Collect`."""

    def start(self, context: ReportContext) -> None: ...

    def violation(self, violation: Violation) -> None: ...

    def finish(self, summary: Summary) -> None: ...


@dataclass(frozen=True)
class SingleText:
    """One response checked on its own (``--stdin-text``), reported at ``<stdin>:1``.

    ``data`` is the response, or a binary stream read when the run starts (bytes are
    decoded as UTF-8, a byte order mark dropped; what is not UTF-8 is an
    ``invalid-record``); ``instruction`` is the
    instruction it answers; ``fields`` are record fields for ``when`` conditions, as
    (dotted path, value) pairs.
    """

    data: bytes | str | IO[bytes]
    instruction: str | None = None
    fields: Sequence[tuple[str, FieldValue]] = ()


@dataclass(frozen=True)
class CheckOptions:
    """The settings of one check run. Unset values come from the project
    configuration, else the defaults (as on the command line).

    ``paths`` are files or directories (``-`` for standard input); ``text`` checks
    one response instead (then give no paths). ``config`` is a loaded
    :class:`~guidelint.run.config.Config` or a configuration file; None looks for one by
    walking up from the paths, unless ``use_config`` is False. ``fields`` overrides
    field paths of the guideline and the configuration (``{"response": "output"}``).
    ``jobs`` None picks one job for small inputs and every core for large ones.
    ``progress`` asks for a progress line on the message stream when it is a terminal.
    """

    paths: Sequence[str] = ()
    text: SingleText | None = None
    guideline: str | Path | Guideline | None = None
    config: Config | str | Path | None = None
    use_config: bool = True
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    #: Globs of files to leave out, named or found in a folder (relative to the current
    #: directory; the configuration's ``exclude`` adds its own, relative to its file).
    exclude: tuple[str, ...] = ()
    fail_on: FailOn | None = None
    schema: str | None = None
    input_format: str | None = None
    #: A CSV or TSV file's delimiter (one character; None: a CSV header decides it).
    delimiter: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    baseline: str | None = None
    write_baseline: str | None = None
    changed_since: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    jobs: int | None = None
    #: Where records are checked: ``local`` (``jobs`` processes) or ``ray`` (a Ray
    #: cluster, ``jobs`` actors; needs guidelint[ray]); the output is the same.
    engine: Literal["local", "ray"] = "local"
    #: With ``engine="ray"``: the cluster (default: RAY_ADDRESS, else a new local one).
    ray_address: str | None = None
    #: Report only violations at or above this severity (None: the configuration's
    #: ``min_severity``, else all); the summary and the exit code count every one.
    min_severity: FailOn | None = None
    #: Report at most this many violations, the most severe, at the end of the run (None:
    #: the configuration's ``max_violations``, else all); a note says how many more there
    #: were.
    max_violations: int | None = None
    progress: bool = False
    #: The report file (it is never read as a dataset, even inside a checked folder).
    report_path: str | None = None
    #: Load the guideline through the cache of compiled guidelines (see
    #: :mod:`guidelint.guideline.cache`; the command line's default, unless
    #: ``--no-cache`` or ``GUIDELINT_NO_CACHE=1``). Off by default here: a program
    #: using the API decides whether files are written to the user's cache directory.
    cache: bool = False

    def validate(self) -> None:
        """UsageError for settings that do not go together (checked before any work)."""
        self.validate_inputs()
        self.validate_actions()

    def validate_inputs(self) -> None:
        """UsageError for a bad ``jobs`` or for paths and ``text`` given both or neither."""
        if self.jobs is not None and self.jobs < 1:
            raise UsageError(f"--jobs takes a whole number of at least 1, not {self.jobs}")
        if self.max_violations is not None and self.max_violations < 0:
            raise UsageError(
                f"--max-violations takes a whole number of at least 0, not {self.max_violations}"
            )
        single = self.text is not None
        if single and self.paths:
            raise UsageError("--stdin-text reads the response from standard input: give no PATH")
        if not single and not self.paths:
            raise UsageError(
                "give at least one PATH to check ('-' for standard input)",
                hint="or pass --stdin-text to check one response typed or pasted on standard input",
            )

    def validate_actions(self) -> None:
        """UsageError for fixes, baselines and changed-since that do not go together."""
        single = self.text is not None
        if (self.fix or self.diff) and (single or "-" in self.paths):
            raise UsageError("--fix and --diff rewrite files: they cannot fix standard input")
        if self.write_baseline and self.changed_since:
            raise UsageError(
                "--write-baseline records a whole run; with --changed-since it would forget "
                "the violations of unchanged records",
                hint="write the baseline without --changed-since",
            )
        if self.unsafe_fixes and not (self.fix or self.diff):
            raise UsageError("--unsafe-fixes goes with --fix or --diff")
        live = [p for p in self.paths if p.startswith(("http://", "https://"))]
        if live and (self.fix or self.diff or self.changed_since):
            raise UsageError(
                "--fix, --diff and --changed-since work on files, not on a live Label Studio "
                f"project ({live[0]})",
                hint="pull the export first: guidelint labelstudio pull URL --output export.json",
            )
        if self.ray_address and self.engine != "ray":
            raise UsageError("--ray-address goes with --engine ray")
        if self.engine == "ray" and (single or self.changed_since):
            raise UsageError(
                "--engine ray checks whole files: not with --stdin-text or --changed-since",
                hint="leave out --engine ray (one response, or a few changed records, need "
                "no cluster)",
            )


@dataclass
class CheckResult:
    """What a check run ends with: its exit status (0 pass, 1 fail, 2 files whose
    fixes could not be written), its summary, and counts of the fixes."""

    exit_code: int
    summary: Summary
    fixed: int = 0
    files_fixed: int = 0
    checked: list[str] = field(default_factory=list)

    @property
    def headline(self) -> str:
        """The run in one line (``Checked 3 files, 120 records: ...``)."""
        from guidelint.reporters.summaries import summary_text

        lines = summary_text(self.summary).splitlines()
        return next(line for line in lines if line.startswith("Checked"))
