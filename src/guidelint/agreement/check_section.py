"""The agreement section of ``guidelint check``: a short table when labels overlap.

A :class:`CheckAgreement` is fed every record the Linter checks (``observe(record,
violations)``, the signature of a record observer). It keeps only ``(item,
annotator, label, value)`` in plain Python; numpy and the statistics load in
:meth:`CheckAgreement.section` and only when some item has labels from two or more
annotators. The section is a :class:`~guidelint.checks.base.ReportSection`, which
the text and JSON reporters already print: one row per label with its items,
annotators, overlap and headline statistic (Krippendorff's alpha, or Kendall's W for
a ranking; 95% interval, band), and notes that
point to ``guidelint agreement`` for the full report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from guidelint.checks.base import ReportSection
from guidelint.guideline.schema import AgreementSettings
from guidelint.model import Record, Violation

if TYPE_CHECKING:
    from guidelint.agreement.sources.collect import LabelCollector

__all__ = ["CheckAgreement", "summary_lines"]

#: Bootstrap resamples for the intervals in ``check``'s summary (a quick look; the
#: ``agreement`` command uses 1000 by default).
CHECK_BOOTSTRAP = 200
COLUMNS = (
    "label",
    "items",
    "annotators",
    "items with 2+",
    "overlap",
    "statistic",
    "level",
    "value",
    "95% CI",
    "band",
)


class CheckAgreement:
    """Collects labels while ``check`` runs; :meth:`section` reports them."""

    def __init__(self, settings: AgreementSettings | None = None) -> None:
        self.settings = settings or AgreementSettings()
        missing = {
            name: values["missing"]
            for name, values in self.settings.labels.items()
            if isinstance(values, dict) and isinstance(values.get("missing"), list)
        }
        # Label fields the guideline declares (`agreement: {label: ..., labels: {...}}`)
        # are read from plain records too; readers give Label Studio/Argilla labels.
        declared = [*self.settings.labels, *([self.settings.label] if self.settings.label else [])]
        self.declared = tuple(dict.fromkeys(declared))
        self._missing = missing
        #: Made when the first labelled record comes (most checks see none: the
        #: collector's modules are not imported then).
        self.collector: LabelCollector | None = None
        self._section: ReportSection | None = None
        self._done = False

    def observe(self, record: Record, found: Sequence[Violation] = ()) -> None:
        """Take the labels of one checked record."""
        if record.labels or self.declared:
            if self.collector is None:
                from guidelint.agreement.sources.collect import LabelCollector

                self.collector = LabelCollector(
                    labels=self.declared or None, missing=self._missing, keep_responses=False
                )
            self.collector.add_record(record, found)
            self._done = False

    def section(self) -> ReportSection | None:
        """The agreement table, or None when no item has two or more annotators."""
        if not self._done:
            collector = self.collector
            if collector is not None and collector.has_overlap():
                self._section = self._compute(collector)
            else:
                self._section = None
            self._done = True
        return self._section

    def _compute(self, collector: LabelCollector) -> ReportSection:
        from guidelint.agreement.measure import Bands, ReportOptions
        from guidelint.agreement.render.text import fmt, fmt_ci
        from guidelint.agreement.report import build_report
        from guidelint.agreement.sources.pipeline import label_settings
        from guidelint.errors import GuidelintError

        options = ReportOptions(
            bootstrap=CHECK_BOOTSTRAP,
            bands=Bands.from_settings(self.settings.bands),
            overlap_target=self.settings.overlap_target,
        )
        rows = []
        notes = []
        try:
            report = build_report(collector, options, label_settings(self.settings))
        except GuidelintError as exc:  # e.g. values off a scale the guideline declares
            return ReportSection("Agreement", COLUMNS, (), (f"not computed: {exc}",))
        ranked = False
        for label in report.labels:
            overlap, headline = label.overlap, label.headline
            ranking = label.label.kind == "ranking"
            ranked = ranked or ranking
            rows.append(
                {
                    "label": label.label.name,
                    "items": overlap.items,
                    "annotators": overlap.annotators,
                    "items with 2+": overlap.items_multi,
                    "overlap": overlap.rate,
                    "statistic": "Kendall's W" if ranking else "alpha",
                    # (a ranking's headline is Kendall's W, which has no level)
                    "level": "-" if ranking else headline.params.get("level", label.label.level),
                    "value": fmt(headline.value),
                    "95% CI": fmt_ci(headline),
                    "band": headline.band,
                }
            )
            warning = overlap.warning()
            if warning:
                notes.append(f"{label.label.name}: {warning}")
            if headline.value is None and headline.stat.note:
                notes.append(f"{label.label.name}: {headline.stat.note}")
        if ranked:
            notes.append(
                "Kendall's W: how alike the annotators order a ranking's candidates (0 to 1; "
                "no level)"
            )
        notes.append(
            f"alpha: Krippendorff's alpha at the label's level; each 95% CI from "
            f"{CHECK_BOOTSTRAP} bootstrap resamples; per annotator, per item and every "
            "statistic (with 1000 resamples): guidelint agreement PATH"
        )
        return ReportSection("Agreement", COLUMNS, tuple(rows), tuple(notes))


def summary_lines(agreement: CheckAgreement) -> list[str]:
    """The section as text lines (empty when labels do not overlap)."""
    section = agreement.section()
    if section is None:
        return []
    from guidelint.agreement.render.text import table

    cells = [list(section.columns)]
    for row in section.rows:
        cells.append(
            [
                f"{value:.1%}" if key == "overlap" and isinstance(value, float) else str(value)
                for key, value in ((c, row.get(c)) for c in section.columns)
            ]
        )
    return [section.title, *table(cells), *(f"  {note}" for note in section.notes)]
