"""Agreement reports: per label, the statistics, the annotators, and the items.

:func:`build_report` turns a :class:`~guidelint.agreement.sources.collect.LabelCollector` into
an :class:`AgreementReport`: for each label its overlap (items with two or more
annotators against the target share), every statistic with its bootstrap interval
and interpretation band, the pairwise and leave-one-out agreement of each annotator,
the items annotators disagree on, and (when annotators wrote responses) the rules
they apply differently. Renderers (text, JSON, Markdown sheet) only format it.

The **headline** statistic is Krippendorff's alpha at the label's level (Kendall's W
for rankings) unless ``ReportOptions.metric`` names another: alpha handles any
number of annotators, missing values and every level of measurement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from guidelint.agreement.annotators import AnnotatorRow, PairRow, annotator_rows, pair_rows
from guidelint.agreement.coding import (
    ORDER_UNKNOWN,
    CodedLabel,
    LabelSettings,
    code_label,
    dropped_notes,
)
from guidelint.agreement.items import Disagreement, disagreements
from guidelint.agreement.measure import (
    HEADLINE,
    STATISTICS,
    Measure,
    ReportOptions,
    compute,
    not_applicable,
    not_computed,
)
from guidelint.agreement.ranking_report import overall_w
from guidelint.agreement.rule_agreement import GuidelineAgreement, guideline_agreement
from guidelint.agreement.sources.collect import LabelCollector
from guidelint.agreement.statistics._core import shared_coding
from guidelint.agreement.statistics.alpha import krippendorff_alpha
from guidelint.agreement.statistics.gwet import DECLARE_SCALE, gwet_ac1, gwet_ac2
from guidelint.agreement.statistics.kappa import fleiss_kappa, percent_agreement
from guidelint.agreement.statistics.light import light_kappa, light_kappa_of_pairs

__all__ = ["AgreementReport", "LabelReport", "Overlap", "Source", "build_report", "label_report"]


@dataclass(frozen=True)
class Overlap:
    """How many items have two or more annotators, against the target share."""

    ratings: int
    items: int
    annotators: int
    items_multi: int
    target: tuple[float, float] = (0.10, 0.20)

    @property
    def rate(self) -> float | None:
        return self.items_multi / self.items if self.items else None

    @property
    def status(self) -> str:
        """``none`` (no items), ``below``, ``within`` or ``above`` the target."""
        rate = self.rate
        if rate is None:
            return "none"
        low, high = self.target
        return "below" if rate < low else "above" if rate > high else "within"

    def warning(self) -> str | None:
        low, high = self.target
        target = f"{low:.0%}–{high:.0%}"
        if not self.items:
            return "there are no ratings"
        if not self.items_multi:
            who = "one annotator" if self.annotators == 1 else "annotators who never share an item"
            return (
                f"no item has two or more annotators ({who}): agreement cannot be measured; "
                f"have {target} of the items annotated independently by a second annotator "
                "(if each row names its item in a field of its own, say which: --item KEY, "
                "or fields: id: KEY in guidelint.yaml for a dataset)"
            )
        rate = self.items_multi / self.items
        if self.status == "below":
            return (
                f"only {rate:.1%} of items have two or more annotators (target {target}): "
                "too few to estimate agreement reliably"
            )
        if self.status == "above":
            return (
                f"{rate:.1%} of items have two or more annotators, above the target {target}: "
                "more double annotation than quality control needs "
                "(expected in a calibration batch)"
            )
        return None


@dataclass(frozen=True)
class LabelReport:
    """Everything reported about one label."""

    label: CodedLabel
    overlap: Overlap
    measures: dict[str, Measure]
    headline_key: str
    annotators: tuple[AnnotatorRow, ...]
    pairs: tuple[PairRow, ...]
    disagreements: Sequence[Disagreement]
    notes: tuple[str, ...] = ()

    @property
    def headline(self) -> Measure:
        return self.measures[self.headline_key]

    def meets(self, minimum: float) -> bool:
        """Whether the headline statistic is defined and at least ``minimum``."""
        value = self.headline.value
        return value is not None and value >= minimum


@dataclass(frozen=True)
class Source:
    """One input file: how it was read and how many rows or records it gave."""

    path: str
    mode: str
    rows: int


@dataclass(frozen=True)
class AgreementReport:
    """Every label's report, agreement on the guideline, and what reading saw."""

    labels: tuple[LabelReport, ...]
    options: ReportOptions
    guideline: GuidelineAgreement | None = None
    #: Per annotator: records checked and records with an error-level violation.
    violations: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    notes: tuple[str, ...] = ()
    guideline_name: str | None = None
    guideline_version: str | None = None

    def failing(self, minimum: float) -> list[LabelReport]:
        """Labels whose headline statistic is undefined or under ``minimum``."""
        return [report for report in self.labels if not report.meets(minimum)]

    def passes(self, minimum: float) -> bool:
        """Whether there are labels and every headline statistic reaches ``minimum``."""
        return bool(self.labels) and not self.failing(minimum)


def _cohen(label: CodedLabel, options: ReportOptions, pairs: tuple[PairRow, ...]) -> Measure:
    """Cohen's kappa of the one pair of annotators, or Light's kappa (the mean over the
    pairs) with a bootstrap interval that resamples items for every pair at once."""
    weights = {"weights": label.weights or "none"}
    if len(pairs) == 1:
        return pairs[0].measure
    if not pairs:
        return not_computed("cohen_kappa", "no two annotators share an item", **weights)
    if not label.ordered(weighted=True):
        return not_computed("cohen_kappa", ORDER_UNKNOWN, **weights)
    if options.bootstrap == 0 and label.categories is not None:
        # Without an interval, the mean of the pairs' kappas already computed (each
        # pair's on the same scale and weights as Light's kappa asks for).
        stat = light_kappa_of_pairs(
            label.table.ratings, [(pair.a, pair.b, pair.measure.stat) for pair in pairs]
        )
        if stat is not None:
            return Measure("cohen_kappa", stat, options.bands.label(stat.value), weights)
    return compute(
        "cohen_kappa",
        light_kappa,
        options,
        label.table.ratings,
        categories=label.categories,
        weights=label.weights,
        params=weights,
    )


def _measures(
    label: CodedLabel, options: ReportOptions, pairs: tuple[PairRow, ...]
) -> dict[str, Measure]:
    r, cats = label.table.ratings, label.categories
    found: dict[str, Measure] = {}
    if label.kind == "ranking":
        found["kendall_w"] = overall_w(label, options)
        why = "the label is a ranking (see kendall_w)"
        for key in STATISTICS:
            found.setdefault(key, not_applicable(key, why))
        return found
    level = {"level": label.level}
    if label.ordered():
        found["krippendorff_alpha"] = compute(
            "krippendorff_alpha",
            krippendorff_alpha,
            options,
            r,
            level=label.level,
            categories=cats,
            params=level,
        )
    else:
        found["krippendorff_alpha"] = not_computed("krippendorff_alpha", ORDER_UNKNOWN, **level)
    weights = {"weights": label.weights or "none"}
    if label.kind == "continuous":
        why = "the values are continuous; declare a scale with --categories to compare categories"
        for key in STATISTICS:
            found.setdefault(key, not_applicable(key, why))
        return found
    found["percent_agreement"] = compute("percent_agreement", percent_agreement, options, r)
    found["cohen_kappa"] = _cohen(label, options, pairs)
    found["fleiss_kappa"] = compute("fleiss_kappa", fleiss_kappa, options, r, categories=cats)
    found["gwet_ac1"] = compute("gwet_ac1", gwet_ac1, options, r, categories=cats)
    if label.weights is not None and not label.ordered(weighted=True):
        found["gwet_ac2"] = not_computed("gwet_ac2", ORDER_UNKNOWN, **weights)
    elif label.weights is not None:
        found["gwet_ac2"] = compute(
            "gwet_ac2",
            gwet_ac2,
            options,
            r,
            categories=cats,
            weights=label.weights,
            params=weights,
        )
    else:
        found["gwet_ac2"] = not_applicable(
            "gwet_ac2", "the label is compared unweighted; see gwet_ac1"
        )
    found["kendall_w"] = not_applicable("kendall_w", "the label is not a ranking")
    return {key: _cli_words(found[key]) for key in STATISTICS}


def _cli_words(measure: Measure) -> Measure:
    """The measure with a note that names the function argument ``categories=``
    naming the report's ``--categories`` instead."""
    note = measure.stat.note or ""
    if DECLARE_SCALE not in note:
        return measure
    stat = replace(
        measure.stat, note=note.replace(DECLARE_SCALE, "declare the full scale with --categories")
    )
    return Measure(measure.key, stat, measure.band, measure.params)


def label_report(label: CodedLabel, options: ReportOptions) -> LabelReport:
    """The full report of one coded label (numbers too large to square, such as
    ``1e308``, give infinite or undefined values, not warnings)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return _label_report(label, options)


def _label_report(label: CodedLabel, options: ReportOptions) -> LabelReport:
    ratings = label.table.ratings
    present = ~np.isnan(ratings)
    counts = present.sum(axis=1)
    overlap = Overlap(
        ratings=int(present.sum()),
        items=int((counts >= 1).sum()),
        annotators=int(present.any(axis=0).sum()),
        items_multi=int((counts >= 2).sum()),
        target=options.overlap_target,
    )
    pairs = pair_rows(label, options)
    with shared_coding():  # (the statistics of the one ratings matrix share its coding)
        measures = _measures(label, options, pairs)
    key = options.metric or ("kendall_w" if label.kind == "ranking" else HEADLINE)
    notes = [*dropped_notes(label.source), *label.notes]
    return LabelReport(
        label=label,
        overlap=overlap,
        measures=measures,
        headline_key=key,
        annotators=annotator_rows(label, options),
        pairs=pairs,
        disagreements=disagreements(label),
        notes=tuple(notes),
    )


def build_report(
    collector: LabelCollector,
    options: ReportOptions,
    settings: Mapping[str, LabelSettings] | None = None,
    *,
    default: LabelSettings | None = None,
    violations: Mapping[str, tuple[int, int]] | None = None,
    sources: tuple[Source, ...] = (),
    notes: tuple[str, ...] = (),
    guideline_name: str | None = None,
    guideline_version: str | None = None,
    rules: bool = True,
) -> AgreementReport:
    """Code and report every collected label (``settings`` per label name, else
    ``default``), and with ``rules`` the rules annotators' responses split on;
    raises UsageError for values off a declared scale."""
    reports = []
    collector.count_records_without_values()
    for name, values in collector.labels.items():
        chosen = (settings or {}).get(name, LabelSettings())
        if default is not None:
            chosen = chosen.overridden_by(default)
        reports.append(label_report(code_label(values, chosen), options))
    return AgreementReport(
        labels=tuple(reports),
        options=options,
        guideline=guideline_agreement(collector.responses) if rules else None,
        violations=dict(violations or {}),
        sources=sources,
        notes=notes,
        guideline_name=guideline_name,
        guideline_version=guideline_version,
    )
