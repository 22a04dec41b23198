"""The agreement report as text for a terminal (``guidelint agreement``)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from guidelint.agreement.annotators import AnnotatorRow, PairRow
from guidelint.agreement.measure import NOT_APPLICABLE, Measure
from guidelint.agreement.report import AgreementReport, LabelReport
from guidelint.agreement.rule_agreement import GuidelineAgreement

__all__ = ["fmt", "fmt_ci", "report_text", "table"]


#: What a report says when no label was found, and where labels come from.
NO_LABELS = "No labels found: nothing to compare."
LABEL_SOURCES = (
    "Labels come from records (Label Studio ratings and choices, a record's own field named "
    "with --label), from long-format files (--item, --annotator, --label), or from wide "
    "files (--wide)."
)


def fmt(value: float | None, signed: bool = False) -> str:
    """Three decimals; a very large value in exponent form, an infinite one as "-"."""
    if value is None or not math.isfinite(value):
        return "-"
    value = 0.0 if abs(value) < 5e-4 else value
    if abs(value) >= 1e6:  # (1e308 would take 309 digits)
        return f"{value:+.4g}" if signed else f"{value:.4g}"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def fmt_ci(measure: Measure) -> str:
    ci = measure.stat.ci
    return "-" if ci is None else f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def percent(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}%}"


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def short(value: object) -> str:
    """A value for a table cell: floats to at most 3 decimals."""
    if isinstance(value, float):
        return f"{round(value, 3):g}"
    return str(value)


def table(
    rows: Sequence[Sequence[str]], indent: str = "  ", right: frozenset[int] = frozenset()
) -> list[str]:
    """Aligned columns; ``right`` lists the columns to align right."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def _label_head(report: LabelReport) -> list[str]:
    label, overlap = report.label, report.overlap
    weights = f", {label.weights} weights" if label.weights else ""
    lines = [
        f"Label '{label.name}': {label.kind}, {label.level} level{weights}; "
        f"scale {label.scale_text()}",
        f"  {_n(overlap.ratings, 'rating')} of {_n(overlap.items, 'item')} by "
        f"{_n(overlap.annotators, 'annotator')}; {_n(overlap.items_multi, 'item')} "
        f"({percent(overlap.rate, 1)}) {'has' if overlap.items_multi == 1 else 'have'} "
        "2+ annotators",
    ]
    warning = overlap.warning()
    if warning:
        lines.append(f"  warning: {warning}")
    lines.extend(f"  note: {note}" for note in report.notes)
    return lines


def _statistics(report: LabelReport, advice: str | None, confidence: float) -> list[str]:
    rows = [["statistic", "value", f"{confidence:.0%} CI", "items", "band", ""]]
    notes = []
    for key, measure in report.measures.items():
        note = measure.stat.note or ""
        if note.startswith(NOT_APPLICABLE):
            continue
        extra = ", ".join(f"{k} {v}" for k, v in measure.params.items())
        if key == report.headline_key:
            extra = "headline" + (f"; {extra}" if extra else "")
        rows.append(
            [
                key,
                fmt(measure.value),
                fmt_ci(measure),
                str(measure.stat.n_items),
                measure.band,
                extra,
            ]
        )
        if note:
            notes.append(f"{key}: {note}")
    lines = ["", *table(rows, right=frozenset({1, 3}))]
    headline_note = report.headline.stat.note or ""
    if headline_note.startswith(NOT_APPLICABLE):
        lines.append(f"  headline {report.headline_key}: {headline_note}")
    if advice:
        lines.append(f"  → {advice}")
    lines.extend(f"  · {note}" for note in notes)
    return lines


def _annotators(
    rows: Sequence[AnnotatorRow], violations: dict[str, tuple[int, int]], report: LabelReport
) -> list[str]:
    ranking = report.label.kind == "ranking"
    against = "vs others (W)" if ranking else "vs others (alpha)"
    head = ["annotator", "items", "shared", "mean", "bias", against, "95% CI", "match"]
    if violations:
        head.append("records with errors")
    lines = [head]
    for row in rows:
        cells = [
            row.annotator,
            str(row.items),
            str(row.shared),
            fmt(row.mean) if row.mean is not None else "-",
            fmt(row.bias, signed=True),
            fmt(row.consensus.value),
            fmt_ci(row.consensus),
            percent(row.match),
        ]
        if violations:
            records, failing = violations.get(row.annotator, (0, 0))
            cells.append(f"{failing}/{records} ({percent(failing / records if records else None)})")
        lines.append(cells)
    against_what = (
        "others' mean rank"
        if ranking
        else next((r.consensus.params.get("against", "") for r in rows if r.consensus.params), "")
    )
    out = [
        "",
        "  Annotators (bias: own value minus the others' mean on shared items; "
        f"vs others: agreement with the {against_what or 'consensus of the others'})",
    ]
    out += table(lines, indent="    ", right=frozenset({1, 2, 3, 4, 5, 7}))
    return out


def _pairs(report: LabelReport) -> list[str]:
    pairs: Sequence[PairRow] = report.pairs
    if not pairs:
        return []
    names = [str(a) for a in report.label.table.annotators.tolist()]
    key = pairs[0].measure.key
    weights = pairs[0].measure.params.get("weights")
    what = f"{key}" + (f" ({weights} weights)" if weights and weights != "none" else "")
    cell = {(p.a, p.b): p for p in pairs}
    rows = [["", *[f"[{k + 1}]" for k in range(len(names))]]]
    for i, a in enumerate(names):
        row = [f"[{i + 1}] {a}"]
        for j, b in enumerate(names):
            pair = cell.get((a, b)) or cell.get((b, a))
            row.append(
                "·"
                if i == j
                else "-"
                if pair is None
                else f"{fmt(pair.measure.value)} ({pair.shared})"
            )
        rows.append(row)
    return ["", f"  Pairs: {what} on shared items (items shared)", *table(rows, indent="    ")]


def _disagreements(report: LabelReport, top: int) -> list[str]:
    found = report.disagreements
    if not found:
        if report.overlap.items_multi:
            return ["", "  Disagreements: none (annotators agree on every shared item)"]
        return []
    shown = found if top <= 0 else found[:top]
    lines = [
        "",
        f"  Disagreements: {len(found)} of {report.overlap.items_multi} shared items, "
        f"most spread first"
        + (f" (top {len(shown)}; --top to see more)" if len(shown) < len(found) else ""),
    ]
    rows = [["item", found[0].measure, "values (annotator=value)"]]
    for d in shown:
        spread = f"{d.spread:g}" if d.measure != "1 - W" else f"{d.spread:.3f}"
        rows.append([d.item, spread, "  ".join(f"{a}={short(v)}" for a, v in d.values)])
    return lines + table(rows, indent="    ")


def guideline_text(agreement: GuidelineAgreement | None, top: int) -> list[str]:
    if agreement is None:
        return []
    lines = [
        "",
        f"Guideline agreement: {_n(agreement.items, 'item')} with responses by 2+ annotators "
        f"({agreement.responses} responses by {agreement.annotators} annotators)",
    ]
    if not agreement.rules:
        return [*lines, "  no compared response broke any rule"]
    rows = [["rule", "severity", "split items", "share", "all broke", "broken by (on split items)"]]
    for rule in agreement.rules if top <= 0 else agreement.rules[:top]:
        by = ", ".join(f"{a} ×{n}" for a, n in rule.broken_by.items()) or "-"
        rows.append(
            [
                rule.rule,
                rule.severity,
                str(rule.split),
                percent(rule.share),
                str(rule.all_broken),
                by,
            ]
        )
    return [*lines, *table(rows, right=frozenset({2, 3, 4}))]


def report_text(report: AgreementReport, *, top: int = 20) -> str:
    """The whole report; ``top`` limits the disagreements and rules listed (0 = all)."""
    lines: list[str] = []
    where = ", ".join(f"{s.path} ({s.mode}, {s.rows} rows)" for s in report.sources)
    head = "Agreement"
    if report.guideline_name:
        named = f"{report.guideline_name} {report.guideline_version or ''}".rstrip()
        head += f" (guideline {named})"
    lines.append(f"{head}: {where}" if where else head)
    lines.extend(f"note: {note}" for note in report.notes)
    if not report.labels:
        lines.append("")
        lines.append(NO_LABELS)
        lines.append(f"  {LABEL_SOURCES}")
    bands = report.options.bands
    for label_report in report.labels:
        lines.append("")
        lines.extend(_label_head(label_report))
        if label_report.overlap.ratings == 0:
            continue
        advice = bands.advice(label_report.headline.band)
        lines.extend(_statistics(label_report, advice, report.options.confidence))
        lines.extend(_annotators(label_report.annotators, dict(report.violations), label_report))
        lines.extend(_pairs(label_report))
        lines.extend(_disagreements(label_report, top))
    lines.extend(guideline_text(report.guideline, top))
    return "\n".join(lines) + "\n"
