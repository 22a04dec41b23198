"""What every check is: a class with validated options that yields findings.

A **rule** is one configured instance in a guideline (id, severity, message, options);
a **check** is the code for one kind of rule. Checks only look at what they are given
and yield :class:`Finding` objects: they never print, exit or do I/O. The engine turns
findings into :class:`~guidelint.model.Violation` objects, stamping the rule id,
severity, location and message.

Three scopes exist:

* ``text`` checks look at one text (a response, an instruction) through a
  :class:`Target`: :meth:`Check.check`.
* ``record`` checks look at a whole record and at the violations the text rules found
  in it (e.g. a preference pair whose chosen side breaks more rules):
  :meth:`Check.check_record`.
* ``dataset`` checks are fed every record and report at the end (duplicates, rates):
  :meth:`Check.observe` then :meth:`Check.finish`. They keep hashes, not records.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from guidelint.model import Fix, Record, Severity, Text, Violation
from guidelint.text import TextAnalysis

Scope = Literal["text", "record", "dataset"]


class CheckOptions(BaseModel):
    """Base of every check's options: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


@dataclass(frozen=True, slots=True)
class Target:
    """The text a text-scope check looks at, with its record and shared analysis."""

    text: Text
    record: Record
    analysis: TextAnalysis

    @property
    def value(self) -> str:
        return self.text.text

    @property
    def prompt_analysis(self) -> TextAnalysis | None:
        """Analysis of the user text this response answers, if any."""
        prompt = self.text.prompt
        return None if prompt is None else TextAnalysis(prompt)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a record-level or dataset-level finding points (defaults: the record)."""

    path: str
    line: int
    field: str = ""
    role: str | None = None
    item_id: str | None = None
    annotator: str | None = None
    record_key: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check reports: a span in the target text and values for the message.

    ``params`` fill the rule's message template (``{match}``, ``{count}``, …).
    ``severity`` overrides the rule's severity (e.g. a softer "optimal range" finding).
    ``text`` names another text of the record than the target (record checks);
    ``place`` puts a dataset-level finding at another record.
    """

    start: int = 0
    end: int = 0
    params: Mapping[str, Any] = field(default_factory=dict)
    fix: Fix | None = None
    severity: Severity | None = None
    message: str | None = None
    text: Text | None = None
    place: Place | None = None


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A table a check adds to the run's report (e.g. edit sizes per annotator).

    ``columns`` name the keys of each row, in order; ``notes`` are sentences shown
    under the table.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    notes: tuple[str, ...] = ()


class Check:
    """Base class of every check kind. Subclasses set the class variables below."""

    #: The name used in a rule's ``check:`` key.
    name: ClassVar[str] = ""
    #: The pydantic model of the options (extra keys forbidden).
    Options: ClassVar[type[CheckOptions]] = CheckOptions
    #: The message used when a rule gives none; may use the finding's params.
    default_message: ClassVar[str] = ""
    #: ``text``, ``record`` or ``dataset``.
    scope: ClassVar[Scope] = "text"
    #: Heavy libraries this check loads when it runs (``spacy``, ``textstat``).
    requires: ClassVar[frozenset[str]] = frozenset()
    #: Record- and dataset-scope checks that also want ``observe`` calls set this.
    observes: ClassVar[bool] = False
    #: Default roles of text this check looks at (``applies_to`` overrides).
    default_applies_to: ClassVar[tuple[str, ...]] = ("response",)

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        self.options = options
        self.rule_id = rule_id

    # -- text scope -------------------------------------------------------------
    def check(self, target: Target) -> Iterable[Finding]:
        """Yield findings for one text (text-scope checks)."""
        return ()

    # -- record scope -----------------------------------------------------------
    def check_record(self, record: Record, found: Sequence[Violation]) -> Iterable[Finding]:
        """Yield findings for a record, given what text rules found in it."""
        return ()

    # -- dataset scope ----------------------------------------------------------
    def observe(self, record: Record, found: Sequence[Violation]) -> None:
        """Take note of one record (dataset-scope checks keep hashes, not records)."""

    def finish(self) -> Iterable[Finding]:
        """Yield findings once every record was observed; each carries a ``place``."""
        return ()

    def report(self) -> ReportSection | None:
        """A summary table for the report, once every record was seen (optional)."""
        return None


def options_doc(options: type[CheckOptions]) -> list[tuple[str, str, str]]:
    """(name, type, default) of each option, for ``rules explain`` and the docs."""
    rows = []
    for name, info in options.model_fields.items():
        annotation = getattr(info.annotation, "__name__", None) or str(info.annotation)
        default = (
            "required" if info.is_required() else repr(info.get_default(call_default_factory=True))
        )
        rows.append((info.alias or name, annotation.replace("typing.", ""), default))
    return rows
