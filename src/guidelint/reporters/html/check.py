"""``guidelint check --format html``: the check run as one self-contained page.

Sections: the summary (records, violations by severity, the exit status the run
gives, the guideline and its version), violations per rule (bar chart and table), the
rate of each rule per file, per annotator and per generator (heat maps and tables),
the response lengths against the guideline's bounds (histogram and table), a sample
of the findings of each rule with location, excerpt and fix (and how many were left
out), the dataset-level findings, and the tables checks add to the report.

The reporter keeps aggregates and a bounded sample (:mod:`.tallies`); the page is
written at the end, section by section.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime
from typing import Any, TextIO

from guidelint.model import Severity, Violation
from guidelint.reporters.base import ReportContext, Reporter
from guidelint.reporters.html import charts, require_plotting
from guidelint.reporters.html.page import (
    Page,
    badge,
    esc,
    figure,
    number,
    percent,
    table,
)
from guidelint.reporters.html.tallies import DATASET_SAMPLE, SAMPLE, Tallies
from guidelint.summary import Summary
from guidelint.wording import counted, plural

#: Rules shown as columns of the rate heat maps (most reported first).
RATE_RULES = 15
#: Groups (files, annotators, generators) shown in a rate heat map and its table.
RATE_GROUPS = 50
#: Bins of the length histogram.
BINS = 40

_GROUP_TITLES = {
    "file": ("rates-file", "Rule rates per file", "file"),
    "annotator": ("rates-annotator", "Rule rates per annotator", "annotator"),
    "generator": ("rates-generator", "Rule rates per generator", "generator"),
}


class HtmlReporter(Reporter):
    """The check report as a page: the run tells :meth:`tally` of every violation as it
    is found (every table counts them all) and :meth:`violation` of those it shows (the
    findings sampled per rule)."""

    name = "html"

    def __init__(
        self, stream: TextIO, *, color: bool = False, quiet: bool = False, statistics: bool = False
    ):
        require_plotting()
        super().__init__(stream, color=color, quiet=quiet, statistics=statistics)
        self.tallies = Tallies()

    def attach(self, linter: Any) -> None:
        """Count records, groups and lengths from the linter's records."""
        self.tallies.attach(linter)

    def tally(self, violation: Violation) -> None:
        """Count every violation of the run, shown or not, in the order found."""
        self.tallies.violation(violation, shown=False)

    def violation(self, violation: Violation) -> None:
        """Sample a violation the run shows (counted already by :meth:`tally`; with
        ``--max-violations``, told at the end of the run)."""
        self.tallies.sample(violation)

    def finish(self, summary: Summary) -> None:
        write_check_page(self.stream, self.context, summary, self.tallies)


def exit_status(summary: Summary, fail_on: str) -> int:
    worst = summary.worst()
    return 1 if worst is not None and worst.rank >= Severity(fail_on).rank else 0


def write_check_page(
    stream: TextIO, context: ReportContext, summary: Summary, tallies: Tallies
) -> None:
    version = f" {context.version}" if context.version else ""
    page = Page(
        stream,
        f"guidelint check: {context.guideline}{version}",
        f"{esc(plural(summary.records, 'record'))} in {esc(summary.sources_text())}, "
        f"checked against guideline <b>{esc(context.guideline)}</b>{esc(version)}",
    )
    groups = [k for k in ("file", "annotator", "generator") if tallies.records[k]]
    sections = [("summary", "Summary"), ("rules", "Violations per rule")]
    sections += [(_GROUP_TITLES[k][0], _GROUP_TITLES[k][1]) for k in groups]
    sections += [("lengths", "Response lengths"), ("findings", "Findings per rule")]
    sections += [("dataset", "Dataset-level findings")]
    if summary.sections:
        sections.append(("tables", "Tables from checks"))
    sections.append(("guideline", "Guideline"))
    page.open(sections)
    page.section("summary", "Summary", _summary(context, summary))
    page.section("rules", "Violations per rule", _rules(context, summary, tallies))
    for kind in groups:
        key, title, noun = _GROUP_TITLES[kind]
        note = _invalid_per_file(summary) if kind == "file" else ""
        page.section(key, title, _rates(kind, noun, tallies) + note)
    page.section("lengths", "Response lengths", _lengths(tallies))
    page.section("findings", "Findings per rule", _findings(context, tallies))
    page.section("dataset", "Dataset-level findings", _dataset(tallies))
    if summary.sections:
        page.section("tables", "Tables from checks", _check_tables(summary))
    page.section("guideline", "Guideline", _guideline(context))
    page.close(_footer(context))


def _summary(context: ReportContext, summary: Summary) -> str:
    code = exit_status(summary, context.fail_on)
    verdict = "fails" if code else "passes"
    status = (
        f'<p class="status {"fail" if code else "pass"}" data-exit-status="{code}">'
        f"The run {verdict}: exit status {code} (fails on {esc(context.fail_on)} or worse)</p>"
    )
    cards = [
        ("records", summary.records),
        ("files", summary.files),
        ("invalid records", summary.invalid_records),
        ("violations", summary.violations),
    ]
    cards += [(s, summary.by_severity.get(s, 0)) for s in ("error", "warning", "info")]
    card_html = "".join(
        f'<div class="card" data-count="{esc(name)}"><span class="n">{number(value)}</span>'
        f"{badge(name) if name in ('error', 'warning', 'info') else esc(name)}</div>"
        for name, value in cards
    )
    notes = "".join(f"<li>{esc(counted(n, note))}</li>" for note, n in summary.notes().items())
    notes_html = f"<h3>Notes</h3><ul>{notes}</ul>" if notes else ""
    return status + f'<div class="cards">{card_html}</div>' + notes_html


def _rules(context: ReportContext, summary: Summary, tallies: Tallies) -> str:
    if not summary.by_rule:
        return "<p>No violations were reported.</p>"
    ordered = sorted(summary.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))
    severities = [_severity(context, tallies, rule) for rule, _ in ordered]
    # (the records checked, as in the summary and for max_rate: not the invalid ones)
    records = max(summary.records, 1)
    rows = []
    for (rule, count), severity in zip(ordered, severities, strict=True):
        tally = tallies.rules.get(rule)
        broke = tally.records if tally is not None else 0
        if rule in tallies.dataset_rules:  # (found once every record was read)
            broke = summary.records_breaking.get(rule, 0)
        description = context.rules.get(rule, {}).get("description") or (
            tally.reason if tally else ""
        )
        rows.append(
            [
                f'<a href="#rule-{esc(rule)}">{esc(rule)}</a>',
                badge(severity),
                number(count),
                number(broke),
                percent(broke / records),
                esc(_first_sentence(description or "")),
            ]
        )
    svg = charts.bar_chart(
        [rule for rule, _ in ordered],
        [count for _, count in ordered],
        title="Violations per rule",
        xlabel="violations",
        severities=severities,
    )
    tab = table(
        ["rule", "severity", "violations", "records", "share of records", "description"],
        rows,
        numeric=(2, 3, 4),
        caption="Violations per rule (the chart's numbers)",
        name="rules",
    )
    return figure(svg, tab, name="rules", wide=True) + _invalid_note(summary)


def _invalid_note(summary: Summary) -> str:
    """What the shares leave out: the invalid records, which are not records checked."""
    if not summary.invalid_records:
        return ""
    count = summary.invalid_records
    invalid = plural(count, "invalid record")
    is_ = "is" if count == 1 else "are"
    return (
        f'<p class="muted">Shares are of the {esc(plural(summary.records, "record"))} '
        f"checked; the {esc(invalid)} (not readable as a record) {is_} not among them, as "
        "in the summary.</p>"
    )


def _invalid_per_file(summary: Summary) -> str:
    """The invalid records of each file, which its records do not count."""
    by_path = sorted(summary.invalid_by_path.items(), key=lambda kv: (-kv[1], kv[0]))
    if not by_path:
        return ""
    named = ", ".join(f"{path}: {count}" for path, count in by_path[:5])
    if len(by_path) > 5:
        named += f", and {plural(len(by_path) - 5, 'more file')}"
    return (
        '<p class="muted">A file\'s records are the records checked; its invalid records '
        f"(not readable as a record) are not among them, as in the summary ({esc(named)}).</p>"
    )


def _severity(context: ReportContext, tallies: Tallies, rule: str) -> str:
    tally = tallies.rules.get(rule)
    if tally is not None:
        return tally.worst.value
    return context.rules.get(rule, {}).get("severity", "info")


def _rates(kind: str, noun: str, tallies: Tallies) -> str:
    records = tallies.records[kind]
    rules = [
        rule
        for rule, _ in sorted(
            ((r, t.records) for r, t in tallies.rules.items() if t.records),
            key=lambda kv: (-kv[1], kv[0]),
        )
    ]
    shown_rules = rules[:RATE_RULES]
    groups = sorted(records, key=lambda g: (-records[g], g))
    shown = groups[:RATE_GROUPS]
    intro = (
        f"<p>The share of each {esc(noun)}'s records in which a rule was reported "
        f"({esc(plural(len(groups), noun))}).</p>"
    )
    if not shown_rules:
        return intro + "<p>No rule was reported in any record.</p>"
    breaking = tallies.breaking[kind]
    values = [
        [breaking.get(g, Counter())[r] / records[g] if records[g] else None for r in shown_rules]
        for g in shown
    ]
    svg = charts.heat_map(
        shown,
        shown_rules,
        values,
        title=f"Share of records breaking each rule, per {noun}",
        vmin=0.0,
        vmax=max((v for row in values for v in row if v is not None), default=1.0) or 1.0,
        fmt="{:.0%}",
    )
    rows = [
        [esc(g), number(records[g])]
        + [
            f"{percent(v)} ({number(breaking.get(g, Counter())[r])})"
            for r, v in zip(shown_rules, row, strict=True)
        ]
        for g, row in zip(shown, values, strict=True)
    ]
    tab = table(
        [noun, "records", *shown_rules],
        rows,
        numeric=range(1, 2 + len(shown_rules)),
        caption=f"Rule rates per {noun} (share of records, records in brackets)",
        name=f"rates-{kind}",
    )
    left = []
    if len(groups) > len(shown):
        left.append(plural(len(groups) - len(shown), f"more {noun}") + " with fewer records")
    if len(rules) > len(shown_rules):
        left.append(plural(len(rules) - len(shown_rules), "less frequent rule"))
    note = f'<p class="left-out">Left out: {esc("; ".join(left))}.</p>' if left else ""
    return intro + figure(svg, tab, name=f"rates-{kind}", wide=True) + note


def _lengths(tallies: Tallies) -> str:
    lengths = tallies.lengths
    spec = tallies.length_spec
    unit = spec.unit
    if not lengths:
        why = "" if tallies.observed else " (the run did not show the report its records)"
        return f"<p>No response lengths were counted{esc(why)}.</p>"
    total = sum(lengths.values())
    values = sorted(lengths)
    top = _percentile(values, lengths, 0.99)
    upper = max(top, *(b for b, _ in spec.bounds)) if spec.bounds else top
    upper = max(math.ceil(upper * 1.1), values[0] + 1, 1)
    width = max(1, math.ceil(upper / BINS))
    edges = [i * width for i in range(BINS + 1)]
    counts = [0] * BINS
    over = 0
    for length, n in lengths.items():
        index = length // width
        if index >= BINS:
            over += n
        else:
            counts[index] += n
    if over:  # the last bin holds the long tail
        counts[-1] += over
    source = f"rule {spec.rule}" if spec.rule else "no length rule in the guideline"
    bounds_text = ", ".join(f"{name}" for _, name in spec.bounds) or "none"
    svg = charts.histogram(
        edges,
        counts,
        title=f"Response length in {unit}, with the guideline's bounds",
        xlabel=unit + (f" (last bin: {edges[-2]:,} or more)" if over else ""),
        bounds=spec.bounds,
    )
    rows = []
    for i, n in enumerate(counts):
        high = f"{edges[i + 1] - 1:,}" if i < BINS - 1 or not over else "…"
        rows.append([f"{edges[i]:,}–{high}", number(n), percent(n / total)])
    tab = table(
        [f"{unit}", "texts", "share"],
        rows,
        numeric=(1, 2),
        caption="Response lengths (the histogram's numbers)",
        name="lengths",
    )
    bounds_rows = []
    for value, name in spec.bounds:
        below = sum(n for length, n in lengths.items() if length < value)
        above = sum(n for length, n in lengths.items() if length > value)
        bounds_rows.append([esc(name), number(value), number(below), number(above)])
    bounds_tab = (
        table(
            ["bound", unit, "texts below", "texts above"],
            bounds_rows,
            numeric=(1, 2, 3),
            caption="Texts on either side of each bound",
            name="length-bounds",
        )
        if bounds_rows
        else ""
    )
    stats = (
        f"<p>{esc(plural(total, 'response'))}; median {number(_percentile(values, lengths, 0.5))}"
        f" {esc(unit)}, 99th percentile {number(top)}, longest {number(values[-1])}. "
        f"Bounds drawn: {esc(bounds_text)} ({esc(source)}).</p>"
    )
    return stats + figure(svg, tab + bounds_tab, name="lengths")


def _percentile(values: list[int], counts: Counter[int], share: float) -> int:
    """Nearest-rank percentile of the lengths counted in ``counts`` (``values`` sorted)."""
    total = sum(counts.values())
    rank = max(math.ceil(share * total), 1)
    seen = 0
    for value in values:
        seen += counts[value]
        if seen >= rank:
            return value
    return values[-1]


def _findings(context: ReportContext, tallies: Tallies) -> str:
    if not tallies.rules:
        return "<p>No findings.</p>"
    parts = [
        f"<p>For each rule, the first {SAMPLE} findings in the order they were found; "
        "the others are counted.</p>"
    ]
    ordered = sorted(tallies.rules.items(), key=lambda kv: (-kv[1].count, kv[0]))
    for rule, tally in ordered:
        left = tally.count - len(tally.sample)
        parts.append(
            f'<h3 id="rule-{esc(rule)}">{esc(rule)} {badge(tally.worst.value)} '
            f'<span class="muted">{esc(plural(tally.count, "finding"))}</span></h3>'
        )
        parts.extend(_finding(v) for v in tally.sample)
        if left:
            parts.append(
                f'<p class="left-out" data-left-out="{left}">{esc(plural(left, "more finding"))} '
                f"of {esc(rule)} left out (every finding: --format json, without "
                "--max-violations or --min-severity).</p>"
            )
    return "\n".join(parts)


def _finding(v: Violation) -> str:
    where = f"{v.path}:{v.line}:{v.column}" if v.line else (v.path or "dataset")
    who = " · ".join(
        part
        for part in (
            f"field {v.field}" if v.field else "",
            f"item {v.item_id}" if v.item_id else "",
            f"annotator {v.annotator}" if v.annotator else "",
            v.locator or "",
        )
        if part
    )
    lines = [
        f'<div class="finding {esc(v.severity.value)}">'
        f'<div><span class="where">{esc(where)}</span> {badge(v.severity.value)} '
        f"{esc(v.message)}</div>"
    ]
    if who:
        lines.append(f'<div class="muted">{esc(who)}</div>')
    if v.excerpt is not None:
        before, match, after = v.excerpt
        lines.append(
            f'<div class="excerpt">{esc(before)}<mark>{esc(match)}</mark>{esc(after)}</div>'
        )
    if v.fix is not None:
        how = "--fix" if v.fix.safe else "--unsafe-fixes"
        what = (
            f"replace with <code>{esc(v.fix.replacement)}</code>"
            if v.fix.replacement and not v.fix.replacement.isspace()
            else f"replace with {_whitespace_named(v.fix.replacement)}"
            if v.fix.replacement
            else "delete the text"
        )
        lines.append(f"<div>Fix ({esc(how)}): {what} at characters {v.fix.start}–{v.fix.end}</div>")
    lines.append("</div>")
    return "".join(lines)


def _whitespace_named(text: str) -> str:
    """White space said in words (in a ``<code>`` it would not be seen): ``one space``,
    ``2 line breaks``."""
    if text.strip(" ") == "":
        what = "space"
    elif text.replace("\r\n", "\n").strip("\n") == "":
        text, what = text.replace("\r\n", "\n"), "line break"
    else:
        return f"the white space <code>{esc(repr(text))}</code>"
    return f"one {what}" if len(text) == 1 else f"{len(text)} {what}s"


def _dataset(tallies: Tallies) -> str:
    if not tallies.dataset_total:
        return "<p>No dataset-level findings (duplicates, rule rates over their limit).</p>"
    rows = [
        [
            esc(v.rule),
            badge(v.severity.value),
            esc(f"{v.path}:{v.line}" if v.line else v.path or "dataset"),
            esc(v.message),
        ]
        for v in [*tallies.rate_verdicts, *tallies.dataset_findings]
    ]
    tab = table(
        ["rule", "severity", "where", "message"],
        rows,
        caption="Findings about the dataset as a whole (duplicates, rule rates)",
        name="dataset",
    )
    left = tallies.dataset_total - len(tallies.dataset_findings) - len(tallies.rate_verdicts)
    note = (
        f'<p class="left-out" data-left-out="{left}">'
        f"{esc(plural(left, 'more dataset-level finding'))} left out (every rule rate over "
        f"its limit and the first {DATASET_SAMPLE} others are shown).</p>"
        if left
        else ""
    )
    return tab + note


def _check_tables(summary: Summary) -> str:
    parts = []
    for section in summary.sections:
        rows = [[esc(_cell(row.get(c))) for c in section.columns] for row in section.rows]
        parts.append(f"<h3>{esc(section.title)}</h3>")
        parts.append(table(list(section.columns), rows, name="check-section"))
        parts.extend(f'<p class="muted">{esc(note)}</p>' for note in section.notes)
    return "\n".join(parts)


def _cell(value: object) -> str:
    from guidelint.reporters.summaries import cell_text as text_cell

    return text_cell(value)


def _guideline(context: ReportContext) -> str:
    rows = [
        ["name", esc(context.guideline)],
        ["version", esc(context.version or "–")],
        ["file", esc(context.guideline_path or "–")],
        ["fails on", esc(context.fail_on)],
        ["rules in the run", number(len(context.rules))],
    ]
    return table(["", ""], rows, name="guideline")


def _footer(context: ReportContext) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Written by guidelint {esc(context.tool_version)} on {esc(when)}; guideline "
        f"{esc(context.guideline)} {esc(context.version)}. This page loads nothing from "
        "anywhere and needs no script."
    )


def _first_sentence(text: str) -> str:
    from guidelint.reporters.summaries import first_sentence

    return first_sentence(text)
