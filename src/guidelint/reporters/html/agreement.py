"""``guidelint agreement --format html`` and ``guidelint calibrate --format html``.

The numbers come from the JSON report (:func:`guidelint.agreement.render.json.report_dict`),
so the page and ``--format json`` agree. For each label: the headline statistics with
their intervals and bands (chart and table), the annotator x annotator agreement as a
heat map, each annotator's bias and violation rate, the confusion matrix of the two
annotators who share the most items, the distribution of ratings per annotator, and
the disagreement list; then agreement on the guideline's rules. ``calibrate`` adds
the items to discuss, with each annotator's value, response and broken rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

import numpy as np

from guidelint.agreement.render.sheet import STATISTIC_NAMES as _NAMES
from guidelint.agreement.render.sheet import broken_messages
from guidelint.reporters.html import charts
from guidelint.reporters.html.page import Page, badge, esc, figure, number, percent, table

#: Categories shown one by one in distributions and confusion matrices (more: binned).
MAX_CATEGORIES = 12
#: Bins of continuous values in distributions and confusion matrices.
BINS = 6
#: Items in the calibration discussion list.
DISCUSS = 100


def write_agreement_page(
    stream: TextIO,
    report: Any,
    *,
    top: int = 20,
    minimum: float | None = None,
    title: str = "guidelint agreement",
    responses: Mapping[tuple[str, str], Any] | None = None,
) -> None:
    """The agreement report as one page; with ``responses`` (calibrate) the items to
    discuss follow."""
    from guidelint.agreement.render.json import report_dict

    document = report_dict(report, top=top, minimum=minimum)
    guideline = document["guideline"]
    version = ""
    if guideline is not None:
        version = f"{guideline['name']} {guideline.get('version') or ''}".strip()
    sources = ", ".join(s["path"] for s in document["sources"]) or "no files"
    page = Page(
        stream,
        title,
        f"{esc(sources)}" + (f" · guideline <b>{esc(version)}</b>" if version else ""),
    )
    sections = [("overview", "Overview")]
    sections += [(f"label-{i}", f"Label {lab['name']}") for i, lab in enumerate(document["labels"])]
    sections.append(("rules", "Agreement on the guideline's rules"))
    if responses is not None:
        sections.append(("discuss", "Items to discuss"))
    sections.append(("settings", "Settings and guideline"))
    page.open(sections)
    page.section("overview", "Overview", _overview(document))
    for i, (lab, label_report) in enumerate(zip(document["labels"], report.labels, strict=True)):
        body = _label(lab, label_report, i, _bands(document))
        page.section(f"label-{i}", f"Label {lab['name']}", body)
    page.section("rules", "Agreement on the guideline's rules", _rules(document))
    if responses is not None:
        page.section("discuss", "Items to discuss", _discuss(report, responses))
    page.section("settings", "Settings and guideline", _settings(document))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page.close(
        f"Written by guidelint on {esc(when)}"
        + (f"; guideline {esc(version)}" if version else "")
        + ". This page loads nothing from anywhere and needs no script."
    )


def _overview(document: dict[str, Any]) -> str:
    rows = []
    for i, lab in enumerate(document["labels"]):
        head = lab["headline"]
        stat = lab["statistics"].get(head["metric"], {})
        passed = head["passed"]
        rows.append(
            [
                f'<a href="#label-{i}">{esc(lab["name"])}</a>',
                esc(_NAMES.get(head["metric"], head["metric"])),
                number(head["value"]),
                _ci(stat.get("ci")),
                esc(head["interpretation"]),
                number(lab["counts"]["items_with_2plus"]),
                number(lab["counts"]["annotators"]),
                "–" if passed is None else ("passes" if passed else "fails"),
            ]
        )
    intro = ""
    if document["passed"] is not None:
        code = 0 if document["passed"] else 1
        intro = (
            f'<p class="status {"pass" if code == 0 else "fail"}" data-exit-status="{code}">'
            f"--min-agreement {esc(document['settings']['min_agreement'])}: "
            f"{'every label passes' if code == 0 else 'a label fails'} (exit status {code})</p>"
        )
    if not rows:
        return intro + "<p>No labels were found: nothing to compare.</p>"
    notes = "".join(f"<li>{esc(n)}</li>" for n in document["notes"])
    return (
        intro
        + table(
            [
                "label",
                "headline statistic",
                "value",
                "95% interval",
                "band",
                "shared items",
                "annotators",
                "threshold",
            ],
            rows,
            numeric=(2, 5, 6),
            caption="Headline statistic per label",
            name="overview",
        )
        + (f"<h3>Notes</h3><ul>{notes}</ul>" if notes else "")
    )


def _ci(ci: Sequence[float | None] | None) -> str:
    if not ci:
        return "–"
    return f"{number(ci[0])} to {number(ci[1])}"


def _bands(document: dict[str, Any]) -> list[tuple[float, str]]:
    bands = document["settings"]["bands"].items()
    return [(float(bound), name) for name, bound in bands if bound is not None]


def _label(
    lab: dict[str, Any], label_report: Any, index: int, bands: list[tuple[float, str]]
) -> str:
    parts = [_counts(lab), _statistics(lab, index, bands)]
    parts.append(_pairs(lab, index))
    parts.append(_annotators(lab, index))
    parts.append(_confusion(label_report, index))
    parts.append(_distribution(lab, label_report, index))
    parts.append(_disagreements(lab, index))
    return "\n".join(parts)


def _counts(lab: dict[str, Any]) -> str:
    counts = lab["counts"]
    scale = lab["categories"]
    if lab["kind"] == "ranking":
        shown_scale = "rankings"  # (as the text report says; no categories, not continuous)
    else:
        shown_scale = "continuous values" if scale is None else ", ".join(str(c) for c in scale)
    warnings = "".join(f'<p class="status fail">{esc(w)}</p>' for w in lab["warnings"])
    notes = "".join(f'<p class="muted">{esc(n)}</p>' for n in lab["notes"])
    return (
        f"<p>{esc(lab['kind'])} label, {esc(lab['level'])} level"
        + (f", {esc(lab['weights'])} weights" if lab["weights"] else "")
        + f"; scale: {esc(shown_scale)}. {number(counts['ratings'])} ratings of "
        f"{number(counts['items'])} items by {number(counts['annotators'])} annotators; "
        f"{number(counts['items_with_2plus'])} items have two or more annotators "
        f"({percent(counts['overlap_rate'])}).</p>" + warnings + notes
    )


def _statistics(lab: dict[str, Any], index: int, bands: list[tuple[float, str]]) -> str:
    rows, labels, values, cis = [], [], [], []
    for key, stat in lab["statistics"].items():
        name = _NAMES.get(key, key)
        ci = stat.get("ci")
        rows.append(
            [
                esc(name) + (" (headline)" if key == lab["headline"]["metric"] else ""),
                number(stat.get("value")),
                _ci(ci),
                esc(stat.get("interpretation", "")),
                number(stat.get("n_items")),
                esc(stat.get("note", "")),
            ]
        )
        if stat.get("value") is not None:
            labels.append(name)
            values.append(stat["value"])
            cis.append(tuple(ci) if ci and None not in ci else None)
    tab = table(
        ["statistic", "value", "95% interval", "band", "items", "note"],
        rows,
        numeric=(1, 4),
        caption="Statistics with bootstrap intervals and bands",
        name=f"statistics-{index}",
    )
    if not labels:
        return "<h3>Statistics</h3>" + tab
    svg = charts.intervals(
        labels, values, cis, title=f"Agreement on {lab['name']} (95% intervals)", bands=bands
    )
    return "<h3>Statistics</h3>" + figure(svg, tab, name=f"statistics-{index}", wide=True)


def _pairs(lab: dict[str, Any], index: int) -> str:
    pairs = lab["pairs"]
    if not pairs:
        return "<h3>Annotator pairs</h3><p>No two annotators share an item.</p>"
    names = sorted({p["a"] for p in pairs} | {p["b"] for p in pairs})
    where = {n: i for i, n in enumerate(names)}
    matrix: list[list[float | None]] = [[None] * len(names) for _ in names]
    for p in pairs:
        a, b = where[p["a"]], where[p["b"]]
        matrix[a][b] = matrix[b][a] = p["value"]
    statistic = _NAMES.get(pairs[0]["statistic"], pairs[0]["statistic"])
    rows = [
        [
            esc(p["a"]),
            esc(p["b"]),
            number(p["shared_items"]),
            percent(p["percent_agreement"]),
            number(p["value"]),
            _ci(p.get("ci")),
        ]
        for p in pairs
    ]
    tab = table(
        ["annotator", "annotator", "shared items", "same value", statistic, "95% interval"],
        rows,
        numeric=(2, 3, 4),
        caption=f"Pairwise agreement ({statistic})",
        name=f"pairs-{index}",
    )
    svg = charts.heat_map(
        names,
        names,
        matrix,
        title=f"{statistic} of each pair of annotators",
        vmin=-1.0 if any((v or 0) < 0 for row in matrix for v in row) else 0.0,
        vmax=1.0,
    )
    return "<h3>Annotator × annotator agreement</h3>" + figure(
        svg, tab, name=f"pairs-{index}", wide=True
    )


def _annotators(lab: dict[str, Any], index: int) -> str:
    rows_data = lab["annotators"]
    if not rows_data:
        return ""
    rows = [
        [
            esc(r["annotator"]),
            number(r["items"]),
            number(r["shared_items"]),
            number(r["mean"]),
            number(r["bias"]),
            number(r["vs_others"].get("value")),
            percent(r["match"]),
            number(r["deviations"]),
            number(r["records"]),
            percent(r["violation_rate"]),
        ]
        for r in rows_data
    ]
    tab = table(
        [
            "annotator",
            "items",
            "shared",
            "mean",
            "bias",
            "vs others",
            "matches consensus",
            "deviations",
            "records checked",
            "violation rate",
        ],
        rows,
        numeric=range(1, 10),
        caption="Each annotator against the others",
        name=f"annotators-{index}",
    )
    names = [r["annotator"] for r in rows_data]
    svgs = []
    if any(r["bias"] is not None for r in rows_data):
        svgs.append(
            charts.diverging_bars(
                names,
                [r["bias"] for r in rows_data],
                title="Bias: own rating minus the others' on the same items",
                xlabel="bias",
            )
        )
    if any(r["violation_rate"] is not None for r in rows_data):
        svgs.append(
            charts.bar_chart(
                names,
                [r["violation_rate"] or 0.0 for r in rows_data],
                title="Violation rate: records with an error-level violation",
                xlabel="share of records",
                percent=True,
            )
        )
    if not svgs:
        return "<h3>Annotators</h3>" + tab
    return "<h3>Annotators: bias and violation rate</h3>" + figure(
        "".join(svgs), tab, name=f"annotators-{index}", wide=True
    )


def _classes(label: Any) -> tuple[list[str], Any] | None:
    """The classes values fall in: the categories, or for continuous values
    :data:`BINS` equal bins of their range; with a function from value to class."""
    if label.kind == "ranking":
        return None
    if label.categories is not None and len(label.categories) <= MAX_CATEGORIES * 2:
        cats = [float(c) for c in label.categories]
        where = {c: i for i, c in enumerate(cats)}
        return [str(label.decode(c)) for c in cats], lambda v: where.get(float(v))
    values = label.table.ratings[~np.isnan(label.table.ratings)]
    if values.size == 0:
        return None
    low, high = float(values.min()), float(values.max())
    if low == high:
        return [number(low)], lambda v: 0
    width = (high - low) / BINS
    edges = [number(low + k * width, 2) for k in range(BINS + 1)]
    names = [f"{edges[k]}–{edges[k + 1]}" for k in range(BINS)]
    return names, lambda v: min(int((float(v) - low) / width), BINS - 1)


def _confusion(label_report: Any, index: int) -> str:
    label = label_report.label
    title = "<h3>Confusion matrix</h3>"
    classes = _classes(label)
    if classes is None:
        return title + "<p>No confusion matrix: the values are rankings.</p>"
    shown, where = classes
    pairs = label_report.pairs
    if not pairs:
        return title + "<p>No two annotators share an item.</p>"
    best = max(pairs, key=lambda p: (p.shared, p.a, p.b))
    ratings = label.table.ratings
    names = [str(a) for a in label.table.annotators.tolist()]
    a, b = names.index(best.a), names.index(best.b)
    both = ~np.isnan(ratings[:, a]) & ~np.isnan(ratings[:, b])
    counts = [[0] * len(shown) for _ in shown]
    for x, y in zip(ratings[both, a], ratings[both, b], strict=True):
        i, j = where(x), where(y)
        if i is not None and j is not None:
            counts[i][j] += 1
    svg = charts.heat_map(
        shown,
        shown,
        [[float(n) for n in row] for row in counts],
        title=f"{best.a} (rows) against {best.b} (columns)",
        vmin=0.0,
        vmax=float(max((n for row in counts for n in row), default=1) or 1),
        fmt="{:.0f}",
        xlabel=best.b,
        ylabel=best.a,
    )
    rows = [[esc(shown[i]), *(number(n) for n in row)] for i, row in enumerate(counts)]
    tab = table(
        [f"{best.a} \\ {best.b}", *shown],
        rows,
        numeric=range(1, len(shown) + 1),
        caption=f"Items by {best.a}'s value (rows) and {best.b}'s (columns)",
        name=f"confusion-{index}",
    )
    binned = ""
    if label.categories is None:
        binned = " Continuous values are put in equal bins of their range."
    note = (
        f"<p>The two annotators who share the most items ({best.shared}); "
        f"{len(pairs) - 1} other pairs are in the pair table.{binned}</p>"
        if len(pairs) > 1
        else f"<p>The two annotators' {best.shared} shared items.{binned}</p>"
    )
    return title + note + figure(svg, tab, name=f"confusion-{index}", wide=len(shown) > 6)


def _distribution(lab: dict[str, Any], label_report: Any, index: int) -> str:
    label = label_report.label
    classes = _classes(label)
    if classes is None or not lab["annotators"]:
        return ""
    columns, where = classes
    ratings = label.table.ratings
    names = [str(a) for a in label.table.annotators.tolist()]
    counts = []
    for k in range(len(names)):
        row = [0] * len(columns)
        for value in ratings[~np.isnan(ratings[:, k]), k]:
            i = where(value)
            if i is not None:
                row[i] += 1
        counts.append(row)
    svg = charts.stacked_bars(
        names, columns, counts, title=f"Distribution of {lab['name']} per annotator"
    )
    rows = [
        [esc(name), *(number(n) for n in row), number(sum(row))]
        for name, row in zip(names, counts, strict=True)
    ]
    tab = table(
        ["annotator", *columns, "total"],
        rows,
        numeric=range(1, len(columns) + 2),
        caption="Values given by each annotator",
        name=f"distribution-{index}",
    )
    return "<h3>Ratings per annotator</h3>" + figure(
        svg, tab, name=f"distribution-{index}", wide=len(columns) > 5
    )


def _disagreements(lab: dict[str, Any], index: int) -> str:
    block = lab["disagreements"]
    items = block["items"]
    if not items:
        if not lab["counts"]["items_with_2plus"]:
            return (
                "<h3>Disagreements</h3><p>No item was labelled by two or more annotators: "
                "nothing to compare.</p>"
            )
        return "<h3>Disagreements</h3><p>Annotators agree on every shared item.</p>"
    rows = [
        [
            esc(d["item"]),
            number(d["spread"]),
            esc(d["measure"]),
            esc("; ".join(f"{a}: {v}" for a, v in d["values"].items())),
        ]
        for d in items
    ]
    tab = table(
        ["item", "spread", "measure", "values"],
        rows,
        numeric=(1,),
        caption="Items with the most disagreement first",
        name=f"disagreements-{index}",
    )
    left = block["total"] - block["shown"]
    note = (
        f'<p class="left-out" data-left-out="{left}">{left} more disagreements left out '
        "(--top 0 lists all).</p>"
        if left
        else ""
    )
    return f"<h3>Disagreements ({block['total']})</h3>" + tab + note


def _rules(document: dict[str, Any]) -> str:
    data = document["guideline_agreement"]
    if not data:
        return (
            "<p>No item has responses from two or more annotators checked against the "
            "guideline, so there is no agreement on its rules to show.</p>"
        )
    rules = data["rules"]
    intro = (
        f"<p>{number(data['items_compared'])} items with responses from two or more of "
        f"{number(data['annotators'])} annotators ({number(data['responses'])} responses). "
        "A rule splits an item when some annotators' responses break it and others' do not."
        "</p>"
    )
    if not rules:
        return intro + "<p>No response broke a rule.</p>"
    rows = [
        [
            esc(r["rule"]),
            badge(r["severity"]),
            number(r["items_compared"]),
            number(r["items_split"]),
            number(r["items_all_broken"]),
            percent(r["share_split"]),
            esc(", ".join(f"{a} {n}" for a, n in r["broken_by"].items())),
        ]
        for r in rules
    ]
    tab = table(
        ["rule", "severity", "items", "split", "all broke it", "share split", "broken by"],
        rows,
        numeric=(2, 3, 4, 5),
        caption="Per rule: items the annotators' responses split on",
        name="rule-agreement",
    )
    svg = charts.bar_chart(
        [r["rule"] for r in rules],
        [r["share_split"] for r in rules],
        title="Share of items the annotators split on, per rule",
        xlabel="share of items split",
        severities=[r["severity"] for r in rules],
        percent=True,
    )
    return intro + figure(svg, tab, name="rule-agreement", wide=True)


def _discuss(report: Any, responses: Mapping[tuple[str, str], Any]) -> str:
    from guidelint.agreement.render.sheet import item_order, nothing_to_discuss

    order = item_order(report)
    if not order:
        return f"<p>{esc(nothing_to_discuss(report))}</p>"
    shown = order[:DISCUSS]
    per_item: dict[str, dict[str, Any]] = {}
    for (item, annotator), info in responses.items():
        per_item.setdefault(item, {})[annotator] = info
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for label in report.labels:
        for (item, annotator), value in label.label.source.values.items():
            values.setdefault(item, {}).setdefault(annotator, {})[label.label.name] = (
                label.label.show(value)
            )
    names = [label.label.name for label in report.labels]
    parts = [
        f"<p>{len(order)} items, the most disagreement first"
        + (f"; the first {DISCUSS} are shown" if len(order) > DISCUSS else "")
        + ".</p>"
    ]
    for number_, item in enumerate(shown, 1):
        infos = per_item.get(item, {})
        item_values = values.get(item, {})
        annotators = list(dict.fromkeys([*item_values, *infos]))
        parts.append(f"<h3>{number_}. Item {esc(item)}</h3>")
        instruction = next((i.instruction for i in infos.values() if i.instruction), None)
        if instruction:
            parts.append(f"<p><b>Instruction:</b></p><blockquote>{esc(instruction)}</blockquote>")
        rows = []
        for annotator in annotators:
            info = infos.get(annotator)
            broke = (
                ", ".join(
                    f"{r} ({s})" + (f" ×{info.found[r]}" if info.found.get(r, 1) > 1 else "")
                    for r, (s, _) in info.broken.items()
                )
                if info
                else ""
            )
            cells = [esc(item_values.get(annotator, {}).get(n, "–")) for n in names]
            rows.append([esc(annotator), *cells, esc(broke or "–")])
        parts.append(table(["annotator", *names, "rules the response broke"], rows, name="discuss"))
        for annotator in annotators:
            info = infos.get(annotator)
            if info is None or not info.responses:
                continue
            parts.append(f"<p><b>Response by {esc(annotator)}:</b></p>")
            parts.extend(f"<blockquote>{esc(text)}</blockquote>" for text in info.responses)
            if info.broken:
                listed = "".join(
                    _broken_item(rule, severity, messages, more)
                    for rule, severity, messages, more in broken_messages(info)
                )
                parts.append(f"<ul>{listed}</ul>")
    if len(order) > DISCUSS:
        parts.append(
            f'<p class="left-out" data-left-out="{len(order) - DISCUSS}">'
            f"{len(order) - DISCUSS} more items left out.</p>"
        )
    return "\n".join(parts)


def _broken_item(rule: str, severity: str, messages: list[str], more: int) -> str:
    """A rule the response broke, with its messages (as the Markdown sheet lists them)."""
    if len(messages) == 1 and not more:
        return f"<li>{esc(rule)} {badge(severity)}: {esc(messages[0])}</li>"
    listed = "".join(f"<li>{esc(message)}</li>" for message in messages)
    if more:
        listed += f"<li>and {more} more</li>"
    times = len(messages) + more
    return f"<li>{esc(rule)} {badge(severity)}, {times} times:<ul>{listed}</ul></li>"


def _settings(document: dict[str, Any]) -> str:
    settings = document["settings"]
    guideline = document["guideline"] or {}
    bands = ", ".join(
        f"{name} from {bound}" if bound is not None else f"{name} below"
        for name, bound in settings["bands"].items()
    )
    rows = [
        ["guideline", esc(guideline.get("name") or "–")],
        ["guideline version", esc(guideline.get("version") or "–")],
        ["bootstrap resamples", number(settings["bootstrap"])],
        ["seed", number(settings["seed"])],
        ["confidence", percent(settings["confidence"])],
        ["bands", esc(bands)],
        ["overlap target", esc(" to ".join(percent(t) for t in settings["overlap_target"]))],
    ]
    sources = [[esc(s["path"]), esc(s["mode"]), number(s["rows"])] for s in document["sources"]]
    return table(["setting", "value"], rows, name="settings") + table(
        ["file", "read as", "rows"], sources, numeric=(2,), caption="Files", name="sources"
    )
