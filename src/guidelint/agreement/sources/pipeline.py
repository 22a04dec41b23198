"""From files to an agreement report: settings, reading, checking responses, statistics.

:func:`run_agreement` is what ``guidelint agreement`` and ``guidelint calibrate`` call:
it merges the guideline's ``agreement:`` section with the request (the command line
wins), reads the files into a :class:`~guidelint.agreement.sources.collect.LabelCollector`,
checks annotators' responses with the guideline's Linter (unless ``lint`` is off),
and builds the :class:`~guidelint.agreement.report.AgreementReport`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from guidelint.agreement.coding import LabelSettings
from guidelint.agreement.measure import Bands, ReportOptions
from guidelint.agreement.report import AgreementReport, build_report
from guidelint.agreement.sources.collect import LabelCollector
from guidelint.agreement.sources.files import SourceOptions, read_sources
from guidelint.engine import Linter
from guidelint.errors import UsageError
from guidelint.fields import FieldMapping
from guidelint.guideline import Guideline
from guidelint.guideline.schema import AgreementSettings

__all__ = [
    "AgreementRequest",
    "AgreementRun",
    "guideline_label_settings",
    "label_settings",
    "run_agreement",
]


@dataclass(frozen=True)
class AgreementRequest:
    """What to read and how to compare it (the command line, as data)."""

    paths: tuple[str, ...]
    guideline: Guideline
    #: Whether the guideline was named (else it is the default one).
    guideline_named: bool = False
    labels: tuple[str, ...] | None = None
    item: str | None = None
    annotator: str | None = None
    wide: bool = False
    #: Wide files: the annotator columns; otherwise: only these annotators.
    annotators: tuple[str, ...] | None = None
    #: Settings for every label; keys set here win over the guideline's.
    settings: LabelSettings = field(default_factory=LabelSettings)
    bootstrap: int = 1000
    seed: int = 0
    metric: str | None = None
    lint: bool = True
    fields: FieldMapping | None = None
    schema: str | None = None
    input_format: str | None = None
    delimiter: str | None = None
    keep_texts: bool = False
    #: Notes from before the reading (files left out of ``paths``, and why).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgreementRun:
    report: AgreementReport
    collector: LabelCollector


def label_settings(
    agreement: AgreementSettings, location: str | None = None
) -> dict[str, LabelSettings]:
    """``agreement.labels`` of a guideline, validated (UsageError naming the key)."""
    found = {}
    for name, value in agreement.labels.items():
        try:
            found[name] = LabelSettings.model_validate(value)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(p) for p in error["loc"])
            raise UsageError(
                f"agreement.labels.{name}: {where + ': ' if where else ''}{error['msg']}",
                location=location,
                hint="label settings are kind, level, categories, weights and missing",
            ) from None
    return found


def guideline_label_settings(guideline: Guideline) -> dict[str, LabelSettings]:
    """The guideline's ``agreement.labels``, validated."""
    return label_settings(guideline.agreement, guideline.path)


def _check_labels(collector: LabelCollector, labels: tuple[str, ...] | None) -> None:
    """A usage error when none of the labels asked for occurs at all (a typo)."""
    if not labels or any(collector.labels[n] or collector.labels[n].dropped for n in labels):
        return
    seen = ", ".join(sorted(collector.seen)) or "none"
    asked = ", ".join(repr(n) for n in labels)
    if all(name in collector.seen for name in labels):  # (there, but none was kept)
        raise UsageError(
            f"label {asked} has no value of the annotators asked for",
            hint="--annotators names the annotators to compare: leave it out to compare all",
        )
    raise UsageError(f"no label {asked} in the data", hint=f"labels found: {seen}")


def _check_annotators(collector: LabelCollector) -> None:
    """A usage error when an annotator asked for with ``--annotators`` is not in the
    data (a typo would otherwise just leave them out)."""
    unknown = collector.unknown_annotators()
    if not unknown:
        return
    found = sorted(collector.annotators_seen)
    shown = ", ".join(found[:20]) + (" …" if len(found) > 20 else "")
    ids = {email: who for who, email in collector.emails.items()}
    named = [f"{ids[a]} for {a}" for a in unknown if a in ids]
    hint = f"annotators found: {shown or 'none'}"
    if named:  # (an e-mail of a Label Studio user, who is named by id)
        hint = f"Label Studio annotators are named by user id: {', '.join(named)}; {hint}"
    raise UsageError(
        f"--annotators: no annotator {', '.join(repr(a) for a in unknown)} in the data",
        hint=hint,
    )


def run_agreement(request: AgreementRequest) -> AgreementRun:
    """Read, check and report; raises UsageError/InputError for bad input or flags."""
    guideline = request.guideline
    settings = guideline.agreement
    per_label = guideline_label_settings(guideline)
    labels = request.labels or ((settings.label,) if settings.label else None)
    missing = {name: s.missing for name, s in per_label.items() if s.missing}
    if request.settings.missing:
        missing["*"] = request.settings.missing
    collector = LabelCollector(
        labels=labels,
        annotators=None if request.wide else request.annotators,
        missing=missing,
        keep_texts=request.keep_texts,
    )
    fields = request.fields or guideline.fields
    source_options = SourceOptions(
        item=request.item or settings.item,
        annotator=request.annotator or settings.annotator,
        keys_given=bool(request.item or request.annotator),
        labels=labels,
        wide=request.wide,
        columns=request.annotators if request.wide else None,
        fields=fields,
        schema=request.schema,
        input_format=request.input_format,
        delimiter=request.delimiter,
    )
    made: list[Linter] = []

    def make_linter() -> Linter:  # (only files of records with responses need one)
        made.append(Linter(guideline, fields=fields))
        return made[0]

    sources, notes = read_sources(
        request.paths, source_options, collector, linter=make_linter if request.lint else None
    )
    notes[:0] = request.notes
    linter = made[0] if made else None
    _check_annotators(collector)  # (first: annotators left out leave a label without values)
    _check_labels(collector, labels)
    violations: dict[str, tuple[int, int]] = {}
    if linter is not None:
        summary = linter.summary
        violations = {
            a: (n, summary.annotator_failing.get(a, 0))
            for a, n in summary.annotator_records.items()
        }
    if request.settings.missing:
        shown = ", ".join(str(v) for v in request.settings.missing)
        notes.append(f"values treated as missing (--missing): {shown}")
    options = ReportOptions(
        bootstrap=request.bootstrap,
        seed=request.seed,
        bands=Bands.from_settings(settings.bands),
        overlap_target=settings.overlap_target,
        metric=request.metric,
    )
    report = build_report(
        collector,
        options,
        per_label,
        default=request.settings,
        violations=violations,
        sources=tuple(sources),
        notes=tuple(notes),
        guideline_name=guideline.name if violations or request.guideline_named else None,
        guideline_version=guideline.version,
        rules=request.lint,
    )
    return AgreementRun(report, collector)
