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
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from guidelint.frozen import frozen
from guidelint.model import Fix, Record, Severity, Text, Violation
from guidelint.text import TextAnalysis

if TYPE_CHECKING:
    from guidelint.text.prefilter import Prefilter

Scope = Literal["text", "record", "dataset"]
#: A part of the shared :class:`~guidelint.text.TextAnalysis` a text check reads:
#: ``plain`` (the text with typographic quotes made plain), ``lower_plain`` (its lower
#: case, and the anchors found in it), ``words``, ``sentences``, ``paragraphs``,
#: ``list_items``, ``headings`` and ``code_blocks``.
Facet = Literal[
    "plain",
    "lower_plain",
    "words",
    "sentences",
    "paragraphs",
    "list_items",
    "headings",
    "code_blocks",
]


class CheckOptions(BaseModel):
    """Base of every check's options: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


@frozen
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


@frozen
class Place:
    """Where a record-level or dataset-level finding points (defaults: the record)."""

    path: str
    line: int
    field: str = ""
    role: str | None = None
    item_id: str | None = None
    annotator: str | None = None
    record_key: str | None = None
    #: Which record, where its line does not tell (``element 3 (id r2)`` of a minified
    #: JSON document, ``task 7, annotation 12`` of a live Label Studio project).
    locator: str | None = None

    def where(self) -> str:
        """``data.jsonl:12``, or ``data.json:1 [element 3 (id r2)]`` with a locator."""
        at = f"{self.path}:{self.line}"
        return f"{at} [{self.locator}]" if self.locator else at


@frozen
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


@dataclass(frozen=True, slots=True)
class Description:
    """What the annotators' guideline document shows of one rule (``guidelint guide``):
    the phrases and regular expressions it bans, and the terms it replaces."""

    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()


class Check:
    """Base class of every check kind. Subclasses set the class variables below.

    A check's name is its key in :data:`guidelint.checks.REGISTRY` (and nowhere else);
    its user documentation is its module's docstring, in the section layout of
    ``CONTRIBUTING.md`` (rendered to ``docs/checks/NAME.md``).
    """

    #: The pydantic model of the options (extra keys forbidden).
    Options: ClassVar[type[CheckOptions]] = CheckOptions
    #: The message used when a rule gives none; may use the finding's params.
    default_message: ClassVar[str] = ""
    #: ``text``, ``record`` or ``dataset``.
    scope: ClassVar[Scope] = "text"
    #: Heavy libraries this check loads when it runs (``spacy``, ``textstat``): shown in
    #: its documentation; a check that loads one it does not declare fails
    #: ``tests/checks/test_contracts.py``.
    requires: ClassVar[frozenset[str]] = frozenset()
    #: What a text check reads from the shared text analysis: shown in its
    #: documentation, and a check that reads more than it declares fails
    #: ``tests/checks/test_contracts.py``.
    analysis: ClassVar[frozenset[Facet]] = frozenset()
    #: Record- and dataset-scope checks that also want ``observe`` calls set this.
    observes: ClassVar[bool] = False
    #: Text checks that cost a few microseconds and have no effect but their findings
    #: set this: the engine then runs them before a costly ``when`` (``$request``,
    #: ``$instruction_words``; see ``When.deferrable``) and judges the ``when`` only
    #: for a text they find something in. The same findings, less work: most texts
    #: give such a rule nothing to report (the list rule: most responses hold no list).
    cheap: ClassVar[bool] = False
    #: Default roles of text this check looks at (``applies_to`` overrides).
    default_applies_to: ClassVar[tuple[str, ...]] = ("response",)

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        self.options = options
        self.rule_id = rule_id

    # -- contracts -------------------------------------------------------------
    def prefilter(self) -> Prefilter | None:
        """The speed hook: what a text must contain for this rule to possibly match it.

        The engine merges the prefilters of a role's text rules into one index
        (:mod:`guidelint.text.phrase_index`) and skips a rule on texts that hold none of its
        anchors. It may say "maybe" too often, never "no" wrongly. None (the default):
        the rule runs on every text.
        """
        return None

    @classmethod
    def describe(cls, options: CheckOptions) -> Description:
        """What the guideline document shows of a rule with these options (default:
        nothing beyond its description and examples)."""
        return Description()

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
    """(name, type, default) of each option, for ``rules explain``, in a guideline's terms:
    ``integer >= 0 or null``, ``info | warning | error``; the default as written in YAML."""
    from pydantic_core import to_jsonable_python

    rows = []
    for name, info in options.model_fields.items():
        kind = type_name(info.annotation, tuple(info.metadata))
        if info.is_required():
            default = "required"
        else:
            default = yaml_text(to_jsonable_python(info.get_default(call_default_factory=True)))
        rows.append((info.alias or name, kind, default))
    return rows


def yaml_text(value: Any) -> str:
    """``value`` (plain data) as it is written in YAML, on one line: ``{min: 100, max: 300}``."""
    import yaml

    text: str = yaml.safe_dump(
        value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=1 << 30
    )
    return text.removesuffix("\n").removesuffix("\n...").strip()


_BOUNDS = (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"))


def type_name(annotation: Any, metadata: tuple[Any, ...] = ()) -> str:
    """What a guideline writes for a value of type ``annotation``, in words."""
    import enum
    import types
    import typing

    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(args[0], (*metadata, *args[1:]))
    if origin in (typing.Union, types.UnionType):
        named = [type_name(a, metadata) for a in args if a is not type(None)]
        none = " or null" if type(None) in args else ""
        return " or ".join(named) + none
    if origin is Literal:
        return " | ".join(yaml_text(a) for a in args)
    if origin in (list, tuple, set, frozenset, Sequence):
        inner = type_name(args[0]) if args else "any value"
        return f"list of ({inner})" if "|" in inner or " or " in inner else f"list of {inner}"
    if origin in (dict, Mapping):
        if len(args) == 2 and args[1] is not Any:
            return f"mapping of {type_name(args[0])} to {type_name(args[1])}"
        return "mapping"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return " | ".join(yaml_text(m.value) for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        keys = [f.alias or n for n, f in annotation.model_fields.items()]
        return "{" + ", ".join(keys) + "}"
    names = {bool: "true or false", int: "integer", float: "number", str: "text"}
    base = names.get(annotation, "any value" if annotation is Any else str(annotation))
    bounds = {
        attr: f"{getattr(m, attr):g}"
        for m in metadata
        for attr, _ in _BOUNDS
        if isinstance(getattr(m, attr, None), (int, float))
    }
    if "ge" in bounds and "le" in bounds and len(bounds) == 2:
        return f"{base} from {bounds['ge']} to {bounds['le']}"
    shown = [f"{sign} {bounds[attr]}" for attr, sign in _BOUNDS if attr in bounds]
    return f"{base} {' and '.join(shown)}" if shown else base
