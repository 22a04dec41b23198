"""The calibration sheet: a Markdown document for the session where a team clarifies
its guideline (``guidelint calibrate``).

It opens with how well the team agrees (and a warning when agreement is under 0.5,
where teams that have not calibrated typically stay on complex tasks), then each
annotator against the group, the rules annotators apply differently, and the items
with the most disagreement first: each annotator's label and response and the rules
the response broke, with room for the decision.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from guidelint.agreement.measure import NOT_APPLICABLE, Measure
from guidelint.agreement.render.text import LABEL_SOURCES, NO_LABELS
from guidelint.agreement.report import AgreementReport, LabelReport
from guidelint.agreement.sources.collect import ResponseInfo
from guidelint.wording import plural

__all__ = [
    "UNCALIBRATED",
    "broken_messages",
    "calibration_sheet",
    "item_order",
    "nothing_to_discuss",
]

#: Agreement under which the sheet warns: what uncalibrated teams typically reach on
#: complex tasks.
UNCALIBRATED = 0.5

#: How a statistic is named for people (the calibration sheet, the HTML reports).
STATISTIC_NAMES = {
    "krippendorff_alpha": "Krippendorff's alpha",
    "percent_agreement": "Percent agreement",
    "cohen_kappa": "Cohen's kappa",
    "fleiss_kappa": "Fleiss' kappa",
    "gwet_ac1": "Gwet's AC1",
    "gwet_ac2": "Gwet's AC2",
    "kendall_w": "Kendall's W",
}


def _num(value: float | None, signed: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    value = 0.0 if abs(value) < 5e-4 else value
    digits = ".4g" if abs(value) >= 1e6 else ".2f"  # (1e308 would take 309 digits)
    text = f"{value:+{digits}}" if signed else f"{value:{digits}}"
    return text.replace("-", "−")


def _cell(shown: Any) -> str:
    """A value as shown (:meth:`CodedLabel.show`) for a table cell."""
    text = f"{shown:.3g}" if isinstance(shown, float) else str(shown)
    return text.replace("|", "\\|").replace("\n", " ")


def _ci(measure: Measure) -> str:
    ci = measure.stat.ci
    return "–" if ci is None else f"{_num(ci[0])} to {_num(ci[1])}"


def _quote(text: str) -> list[str]:
    return [f"> {line}".rstrip() for line in text.strip().splitlines()] or [">"]


def _spread(values: Sequence[Any], numeric: bool) -> str:
    """``2–5`` for numbers, ``a / b`` for choices (distinct values, in order)."""
    if numeric:
        numbers = [float(v) for v in values]
        low, high = min(numbers), max(numbers)
        return _cell(low) if low == high else f"{_cell(low)}–{_cell(high)}"
    return " / ".join(dict.fromkeys(_cell(v) for v in values))


def _warning(report: LabelReport) -> list[str]:
    headline = report.headline
    name = STATISTIC_NAMES.get(report.headline_key, report.headline_key)
    value = headline.value
    if value is None:
        why = headline.stat.note or "undefined"
        return [f"> **{name} could not be computed** for `{report.label.name}`: {why}.", ""]
    if value >= UNCALIBRATED:
        return []
    return [
        f"> **Agreement on `{report.label.name}` is under {UNCALIBRATED}**: {name} is "
        f"{_num(value)} ({_ci(headline)}). Teams that have not calibrated typically stay "
        f"under {UNCALIBRATED} on complex tasks. Use this session to find where the guideline "
        "leaves room for different readings, decide, and write the decisions into the guideline.",
        "",
    ]


def _statistics(report: LabelReport) -> list[str]:
    lines = ["| statistic | value | 95% CI | band |", "|---|---:|---|---|"]
    for key, measure in report.measures.items():
        if (measure.stat.note or "").startswith(NOT_APPLICABLE):
            continue
        name = STATISTIC_NAMES.get(key, key)
        detail = ", ".join(_param(k, str(v)) for k, v in measure.params.items())
        name += f" ({detail})" if detail else ""
        if key == report.headline_key:
            name = f"**{name}**"
        lines.append(f"| {name} | {_num(measure.value)} | {_ci(measure)} | {measure.band} |")
    return lines


def _param(key: str, value: str) -> str:
    """The value as it was (``ordinal``, ``quadratic``); ``unweighted`` for no weights
    (``Cohen's kappa (none)`` read as if kappa were not computed)."""
    return "unweighted" if (key, value) == ("weights", "none") else value


def _annotators(report: LabelReport, violations: Mapping[str, tuple[int, int]]) -> list[str]:
    label = report.label.name
    found = (r.consensus.params.get("against") for r in report.annotators)
    against = next((a for a in found if a), None)
    consensus = str(against or "consensus of the others").replace(" of the others", "")
    if report.label.kind == "ranking":
        return _rankers(report, violations)
    lines = [
        f"| annotator | items (shared) | mean {label} | bias vs the others "
        f"| agreement with the others | same as the others' {consensus} "
        "| responses with errors |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report.annotators:
        records, failing = violations.get(row.annotator, (0, 0))
        errors = f"{failing} of {records}" if records else "–"
        same = (
            f"{round(row.match * row.compared)} of {row.compared}" if row.match is not None else "–"
        )
        lines.append(
            f"| {row.annotator} | {row.items} ({row.shared}) | {_num(row.mean)} "
            f"| {_num(row.bias, True)} | {_num(row.consensus.value)} | {same} | {errors} |"
        )
    lines += [
        "",
        f"*Bias*: the annotator's {label} minus the others' mean on the same items (positive: "
        f"rates higher). *Agreement with the others*: Krippendorff's alpha against the "
        f"{against or 'consensus of the others'}. *Same as the others' {consensus}*: "
        f"the shared items where the annotator's {label} equals it (items where the others "
        "tie are left out).",
    ]
    return lines


def _rankers(report: LabelReport, violations: Mapping[str, tuple[int, int]]) -> list[str]:
    """The annotators of a ranking: a mean and a bias mean nothing for orders."""
    lines = [
        "| annotator | items (shared) | agreement with the others (Kendall's W) "
        "| responses with errors |",
        "|---|---:|---:|---:|",
    ]
    for row in report.annotators:
        records, failing = violations.get(row.annotator, (0, 0))
        errors = f"{failing} of {records}" if records else "–"
        lines.append(
            f"| {row.annotator} | {row.items} ({row.shared}) | {_num(row.consensus.value)} "
            f"| {errors} |"
        )
    lines += [
        "",
        "*Agreement with the others*: Kendall's W between the annotator's ranking and the "
        "others' mean ranks, averaged over the items they ranked (1: the same order).",
    ]
    return lines


def _rules(report: AgreementReport) -> list[str]:
    agreement = report.guideline
    if agreement is None or not agreement.rules:
        return []
    split = [r for r in agreement.rules if r.split]
    lines = ["## Rules the annotators apply differently", ""]
    if not split:
        return [*lines, "On every item, the responses pass or break each rule alike."]
    lines += [
        "Items where some annotators' responses break the rule and others' do not:",
        "",
        "| rule | severity | items split | whose responses broke it |",
        "|---|---|---:|---|",
    ]
    for rule in split:
        by = ", ".join(f"{a} ({n})" for a, n in rule.broken_by.items())
        lines.append(
            f"| `{rule.rule}` | {rule.severity} | {rule.split} of {rule.compared} | {by} |"
        )
    return lines


def item_order(report: AgreementReport) -> list[str]:
    order: list[str] = []
    for label in report.labels:
        order.extend(d.item for d in label.disagreements)
    if report.guideline is not None:
        for rule in report.guideline.rules:
            order.extend(rule.items)
    return list(dict.fromkeys(order))


def _item(
    number: int,
    item: str,
    report: AgreementReport,
    responses: Mapping[tuple[str, str], ResponseInfo],
) -> list[str]:
    values: dict[str, dict[str, Any]] = {}
    for label in report.labels:
        for (it, annotator), value in label.label.source.values.items():
            if it == item:
                values.setdefault(annotator, {})[label.label.name] = label.label.show(value)
    infos = {a: info for (it, a), info in responses.items() if it == item}
    annotators = list(dict.fromkeys([*values, *infos]))
    summary = []
    for label in report.labels:
        name = label.label.name
        shown = [values[a][name] for a in annotators if name in values.get(a, {})]
        if shown:
            summary.append(f"{name} {_spread(shown, label.label.numeric)}")
    lines = ["", f"### {number}. Item {item}" + (f" — {'; '.join(summary)}" if summary else ""), ""]
    instruction = next((i.instruction for i in infos.values() if i.instruction), None)
    if instruction:
        lines += ["**Instruction:**", "", *_quote(instruction), ""]
    names = [label.label.name for label in report.labels]
    head = ["annotator", *names, "rules the response broke"]
    lines += ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for annotator in annotators:
        info = infos.get(annotator)
        broke = (
            ", ".join(
                f"`{r}` ({s}){_times(info.found.get(r, 1))}" for r, (s, _) in info.broken.items()
            )
            if info
            else ""
        )
        cells = [annotator, *[_cell(values.get(annotator, {}).get(n, "–")) for n in names]]
        lines.append("| " + " | ".join([*cells, broke or "–"]) + " |")
    for annotator in annotators:
        info = infos.get(annotator)
        if info is None or not info.responses:
            continue
        lines += ["", f"**Response by {annotator}:**", ""]
        for text in info.responses:
            lines += _quote(text)
        if info.broken:
            lines += ["", "Rules broken:", ""]
            for rule, severity, messages, more in broken_messages(info):
                if len(messages) == 1 and not more:
                    lines.append(f"- `{rule}` ({severity}): {messages[0]}")
                    continue
                lines.append(f"- `{rule}` ({severity}), {len(messages) + more} times:")
                lines += [f"  - {message}" for message in messages]
                if more:
                    lines.append(f"  - and {more} more")
    lines += ["", "**Decision:** ", "", "---"]
    return lines


def nothing_to_discuss(report: AgreementReport) -> str:
    """Why no item is to be discussed, in words that are true of the batch: the
    annotators agree on every item they share, or they share none."""
    shared = any(label.overlap.items_multi for label in report.labels) or bool(
        report.guideline and report.guideline.items
    )
    if shared:
        return "Annotators agree on every shared item: nothing to discuss."
    if not report.labels:
        return "No labels found: nothing to discuss."
    return "No item was labelled by two or more annotators: nothing to compare or discuss."


def broken_messages(info: ResponseInfo) -> list[tuple[str, str, list[str], int]]:
    """Each rule the response broke: ``(rule, severity, messages, more)``, the first
    messages of the rule (every one, up to a few) and how many more there were."""
    return [
        (rule, severity, *info.messages_of(rule)) for rule, (severity, _) in info.broken.items()
    ]


def _times(count: int) -> str:
    """`` ×3`` after a rule broken three times in one response; nothing for once."""
    return f" ×{count}" if count > 1 else ""


def _agreed(report: AgreementReport, discussed: set[str]) -> list[str]:
    """Shared items everyone labelled alike (to confirm quickly)."""
    found: dict[str, list[str]] = {}
    for label in report.labels:
        values = label.label.source.values
        per_item: dict[str, list[Any]] = {}
        for (item, _), value in values.items():
            per_item.setdefault(item, []).append(value)
        for item, shown in per_item.items():
            if len(shown) >= 2 and item not in discussed:
                found.setdefault(item, []).append(
                    f"{label.label.name} {_cell(label.label.show(shown[0]))}"
                )
    if not found:
        return []
    items = [f"{item} ({', '.join(parts)})" for item, parts in found.items()]
    return ["", "## Items everyone labelled alike", "", ", ".join(items)]


def calibration_sheet(
    report: AgreementReport,
    responses: Mapping[tuple[str, str], ResponseInfo],
    *,
    title: str,
    incomplete: Sequence[str] = (),
) -> str:
    """The Markdown sheet. ``incomplete`` lists shared items not every annotator did."""
    lines = [f"# Calibration: {title}", ""]
    if report.guideline_name:
        lines += [
            f"Guideline: **{report.guideline_name}** {report.guideline_version or ''}".rstrip(),
            "",
        ]
    for label in report.labels:
        o = label.overlap
        lines.append(
            f"- `{label.label.name}`: {plural(o.annotators, 'annotator')}, {o.items_multi} of "
            f"{plural(o.items, 'item')} labelled by two or more; {label.label.kind}, "
            f"{label.label.level} level, "
            f"scale {label.label.scale_text()}"
        )
    for label in report.labels:
        single = label.overlap.items - label.overlap.items_multi
        if single:
            lines.append(
                f"- `{label.label.name}`: {single} item(s) with a single annotator are not compared"
            )
    if incomplete:
        shown = ", ".join(incomplete[:15]) + (" …" if len(incomplete) > 15 else "")
        lines.append(f"- shared items not every annotator did: {shown}")
    lines.extend(f"- {note}" for note in report.notes)
    lines.append("")
    if not report.labels:
        lines += [NO_LABELS, "", LABEL_SOURCES, ""]
    for label in report.labels:
        lines += [f"## Agreement on `{label.label.name}`", ""]
        lines += _warning(label)
        lines += _statistics(label)
        lines += ["", "### Each annotator against the group", ""]
        lines += _annotators(label, report.violations)
        lines.append("")
    lines += _rules(report)
    order = item_order(report)
    if order or report.labels:  # (with no labels and no rules split, nothing was compared)
        lines += ["", "## Items to discuss, most disagreement first"]
    if not order and report.labels:
        lines += ["", nothing_to_discuss(report)]
    for number, item in enumerate(order, 1):
        lines += _item(number, item, report, responses)
    lines += _agreed(report, set(order))
    return "\n".join(lines).rstrip() + "\n"
