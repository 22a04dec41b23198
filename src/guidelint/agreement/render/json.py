"""The agreement report as JSON (``guidelint agreement --format json``).

The document's shape is :data:`guidelint.agreement.render.schema.REPORT_SCHEMA`
(documented in docs/agreement.md); ``version`` changes when a key changes meaning or
goes away. Numbers are rounded to 6 decimals; undefined values are ``null`` with a
``note`` saying why.
"""

from __future__ import annotations

import math
from typing import Any

from guidelint.agreement.annotators import AnnotatorRow, PairRow
from guidelint.agreement.coding import CodedLabel
from guidelint.agreement.report import AgreementReport, LabelReport

__all__ = ["SCHEMA_VERSION", "report_dict"]

SCHEMA_VERSION = 1


def _num(value: float | None) -> float | None:
    """6 decimals; ``-0.0`` (a tiny negative rounded) is ``0.0``; None for None and
    for values that are not finite (JSON has no infinity)."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 6) + 0.0


def _categories(label: CodedLabel) -> list[Any] | None:
    if label.categories is None:
        return None
    return [label.decode(c) for c in label.categories]


def _pair(pair: PairRow) -> dict[str, Any]:
    return {
        "a": pair.a,
        "b": pair.b,
        "shared_items": pair.shared,
        "percent_agreement": _num(pair.percent),
        "statistic": pair.measure.key,
        **pair.measure.to_dict(),
    }


def _annotator(row: AnnotatorRow, violations: dict[str, tuple[int, int]]) -> dict[str, Any]:
    records, failing = violations.get(row.annotator, (None, None))
    return {
        "annotator": row.annotator,
        "items": row.items,
        "shared_items": row.shared,
        "mean": _num(row.mean),
        "bias": _num(row.bias),
        "distribution": dict(row.distribution),
        "vs_others": {"statistic": row.consensus.key, **row.consensus.to_dict()},
        "match": _num(row.match),
        "deviations": row.deviations,
        "records": records,
        "records_failing": failing,
        "violation_rate": _num(failing / records) if records and failing is not None else None,
    }


def label_dict(
    report: LabelReport, violations: dict[str, tuple[int, int]], top: int, minimum: float | None
) -> dict[str, Any]:
    label, overlap = report.label, report.overlap
    statistics = {key: measure.to_dict() for key, measure in report.measures.items()}
    if label.kind in ("rating", "choice"):
        statistics["cohen_kappa"]["pairs"] = [_pair(p) for p in report.pairs]
    shown = report.disagreements if top <= 0 else report.disagreements[:top]
    headline = report.headline
    return {
        "name": label.name,
        "kind": label.kind,
        "level": label.level,
        "weights": label.weights,
        "categories": _categories(label),
        "categories_declared": label.declared,
        "counts": {
            "ratings": overlap.ratings,
            "items": overlap.items,
            "annotators": overlap.annotators,
            "items_with_2plus": overlap.items_multi,
            "overlap_rate": _num(overlap.rate),
            "overlap_target": list(overlap.target),
            "overlap_status": overlap.status,
        },
        "warnings": [w for w in [overlap.warning()] if w],
        "notes": list(report.notes),
        "dropped": dict(label.source.dropped),
        "headline": {
            "metric": report.headline_key,
            "value": _num(headline.value),
            "interpretation": headline.band,
            "passed": None if minimum is None else report.meets(minimum),
        },
        "statistics": statistics,
        "annotators": [_annotator(row, violations) for row in report.annotators],
        "pairs": [_pair(p) for p in report.pairs],
        "disagreements": {
            "total": len(report.disagreements),
            "shown": len(shown),
            "items": [
                {
                    "item": d.item,
                    "spread": _num(d.spread),
                    "measure": d.measure,
                    "secondary": _num(d.secondary),
                    "values": dict(d.values),
                }
                for d in shown
            ],
        },
    }


def report_dict(
    report: AgreementReport, *, top: int = 20, minimum: float | None = None
) -> dict[str, Any]:
    """The JSON document of a report; ``top`` limits the disagreements (0 = all)."""
    options = report.options
    violations = dict(report.violations)
    guideline = None
    if report.guideline_name is not None:
        guideline = {"name": report.guideline_name, "version": report.guideline_version}
    return {
        "version": SCHEMA_VERSION,
        "guideline": guideline,
        "settings": {
            "bootstrap": options.bootstrap,
            "seed": options.seed,
            "confidence": options.confidence,
            "metric": options.metric,
            "bands": options.bands.as_dict(),
            "overlap_target": list(options.overlap_target),
            "min_agreement": minimum,
        },
        "sources": [{"path": s.path, "mode": s.mode, "rows": s.rows} for s in report.sources],
        "notes": list(report.notes),
        "labels": [label_dict(r, violations, top, minimum) for r in report.labels],
        "guideline_agreement": report.guideline.to_dict() if report.guideline else None,
        "passed": None if minimum is None else report.passes(minimum),
    }
