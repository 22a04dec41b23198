"""The charts of the HTML reports, drawn by matplotlib's SVG backend as inline SVG.

Text in the charts stays SVG text (``svg.fonttype: none``: smaller, searchable, read
by screen readers) and is never parsed as math (a ``$`` in an annotator's name stays
a dollar). matplotlib escapes text for XML. Each chart's ids get their own prefix so
that several SVGs can share one page; the fixed size attributes go, so the chart
scales with its column. The charts use colour maps whose lightness rises steadily
(viridis) and hatching by severity, so they read in greyscale too.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence
from typing import Any

from guidelint.reporters.html.page import SEVERITY_COLORS, SEVERITY_HATCH, esc

_counter = itertools.count(1)
_ID = re.compile(r'\bid="([^"]+)"')
_PLAIN_BAR = "#1f4e79"
#: Longest text of a tick label in a chart (the table beside it has the whole name).
_LABEL_CHARS = 40


def _plt() -> Any:
    import matplotlib

    matplotlib.use("svg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "guidelint",
            "text.parse_math": False,
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "hatch.color": "#333333",
            "hatch.linewidth": 0.6,
        }
    )
    return plt


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1] + "…"


def to_svg(fig: Any, title: str) -> str:
    """The figure as inline SVG: no XML prolog, its own ids, an accessible name."""
    plt = _plt()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    prefix = f"g{next(_counter)}-"
    ids = set(_ID.findall(svg))
    svg = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', svg)
    for old in sorted(ids, key=len, reverse=True):
        svg = svg.replace(f"url(#{old})", f"url(#{prefix}{old})")
        svg = svg.replace(f'href="#{old}"', f'href="#{prefix}{old}"')
    # matplotlib's RDF metadata (namespaces on other hosts) says nothing to a reader
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    # matplotlib's style sheet applies to '*': keep it to this chart
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, count=1, flags=re.S)
    # no fixed size: the chart scales down with its column, but never above its size
    width = re.search(r'<svg[^>]*?\swidth="([0-9.]+)pt"', svg)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    style = f' style="max-width:{float(width.group(1)) * 4 / 3:.0f}px"' if width else ""
    return svg.replace("<svg ", f'<svg role="img" aria-label="{esc(title)}"{style} ', 1)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    xlabel: str,
    severities: Sequence[str] | None = None,
    percent: bool = False,
) -> str:
    """Horizontal bars, first label on top; coloured and hatched by severity if given."""
    plt = _plt()
    height = 0.8 + 0.28 * max(len(labels), 1)
    fig, ax = plt.subplots(figsize=(6.4, height))
    positions = list(range(len(labels)))[::-1]
    colors = [SEVERITY_COLORS.get(s, _PLAIN_BAR) for s in severities] if severities else None
    bars = ax.barh(
        positions, values, color=colors or _PLAIN_BAR, edgecolor="#333333", linewidth=0.4
    )
    if severities:
        for bar, severity in zip(bars, severities, strict=True):
            bar.set_hatch(SEVERITY_HATCH.get(severity, ""))
    ax.set_yticks(positions, [_short(label) for label in labels])
    ax.set_xlabel(xlabel)
    if percent:
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    top = max(values, default=0) or 1
    for position, value in zip(positions, values, strict=True):
        shown = f"{value:.1%}" if percent else f"{value:,.0f}"
        ax.text(value + top * 0.01, position, shown, va="center", fontsize=8)
    ax.set_xlim(0, top * 1.15)
    ax.set_title(title, loc="left", fontsize=10)
    return to_svg(fig, title)


def diverging_bars(
    labels: Sequence[str], values: Sequence[float | None], *, title: str, xlabel: str
) -> str:
    """Horizontal bars around zero (bias: above or below the others)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 0.8 + 0.3 * max(len(labels), 1)))
    positions = list(range(len(labels)))[::-1]
    shown = [v or 0.0 for v in values]
    colors = ["#1f4e79" if v >= 0 else "#9ecae1" for v in shown]
    ax.barh(positions, shown, color=colors, edgecolor="#333333", linewidth=0.4)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(positions, [_short(label) for label in labels])
    ax.set_xlabel(xlabel)
    span = max((abs(v) for v in shown), default=0) or 1
    ax.set_xlim(-span * 1.3, span * 1.3)
    for position, value in zip(positions, values, strict=True):
        text = "–" if value is None else f"{value:+.2f}"
        x = (value or 0.0) + (span * 0.03 if (value or 0) >= 0 else -span * 0.03)
        ax.text(x, position, text, va="center", ha="left" if (value or 0) >= 0 else "right")
    ax.set_title(title, loc="left", fontsize=10)
    return to_svg(fig, title)


def histogram(
    edges: Sequence[float],
    counts: Sequence[int],
    *,
    title: str,
    xlabel: str,
    bounds: Sequence[tuple[float, str]] = (),
) -> str:
    """A histogram with vertical lines at ``bounds`` (value, name)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 3.0))
    ax.stairs(counts, edges, fill=True, color="#7aa6c2", edgecolor="#1f4e79")
    styles = itertools.cycle([("--", "#000000"), (":", "#b71c1c")])
    for value, name in bounds:
        style, color = next(styles)
        ax.axvline(value, color=color, linestyle=style, linewidth=1.4)
        ax.annotate(
            name,
            (value, 1),
            xycoords=("data", "axes fraction"),
            rotation=90,
            va="top",
            ha="right",
            fontsize=8,
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel("texts")
    ax.set_title(title, loc="left", fontsize=10)
    return to_svg(fig, title)


def heat_map(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    title: str,
    vmin: float,
    vmax: float,
    fmt: str = "{:.2f}",
    xlabel: str = "",
    ylabel: str = "",
) -> str:
    """A matrix as coloured cells (viridis: lightness rises with the value) with each
    value written in its cell; ``None`` cells are left blank and grey."""
    import numpy as np

    plt = _plt()
    data = np.array([[np.nan if v is None else v for v in row] for row in values], dtype=float)
    width = min(2.2 + 0.55 * max(len(columns), 1), 9.5)
    height = min(1.4 + 0.4 * max(len(rows), 1), 14)
    fig, ax = plt.subplots(figsize=(width, height))
    cmap = plt.get_cmap("viridis").with_extremes(bad="#eeeeee")
    image = ax.imshow(data, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(columns)), [_short(c) for c in columns], rotation=45, ha="right")
    ax.set_yticks(range(len(rows)), [_short(r) for r in rows])
    ax.spines[:].set_visible(False)
    middle = (vmin + vmax) / 2
    if len(rows) * len(columns) <= 200:  # (more: the table beside has the values)
        for i in range(len(rows)):
            for j in range(len(columns)):
                value = data[i, j]
                if np.isnan(value):
                    continue
                color = "white" if value < middle else "black"
                ax.text(j, i, fmt.format(value), ha="center", va="center", fontsize=7, color=color)
    fig.colorbar(image, ax=ax, shrink=0.8)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize=10)
    return to_svg(fig, title)


def stacked_bars(
    rows: Sequence[str],
    categories: Sequence[str],
    counts: Sequence[Sequence[int]],
    *,
    title: str,
) -> str:
    """One horizontal bar per row, split into the shares of each category (viridis
    shades with hatching alternating, so neighbours differ in greyscale too)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 1.2 + 0.32 * max(len(rows), 1)))
    cmap = plt.get_cmap("viridis")
    positions = list(range(len(rows)))[::-1]
    totals = [sum(row) or 1 for row in counts]
    left = [0.0] * len(rows)
    hatches = ["", "//", "", "..", "", "xx"]
    for k, category in enumerate(categories):
        shares = [row[k] / total for row, total in zip(counts, totals, strict=True)]
        color = cmap(k / max(len(categories) - 1, 1))
        ax.barh(
            positions,
            shares,
            left=left,
            color=color,
            edgecolor="#333333",
            linewidth=0.4,
            hatch=hatches[k % len(hatches)],
            label=_short(category),
        )
        left = [a + b for a, b in zip(left, shares, strict=True)]
    ax.set_yticks(positions, [_short(r) for r in rows])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0%}")
    ax.legend(ncols=min(len(categories), 6), loc="upper left", bbox_to_anchor=(0, -0.12))
    ax.set_title(title, loc="left", fontsize=10)
    return to_svg(fig, title)


def intervals(
    labels: Sequence[str],
    values: Sequence[float | None],
    cis: Sequence[tuple[float, float] | None],
    *,
    title: str,
    bands: Sequence[tuple[float, str]],
) -> str:
    """Each statistic as a point with its interval, over the interpretation bands."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.4, 1.0 + 0.35 * max(len(labels), 1)))
    positions = list(range(len(labels)))[::-1]
    edges = [-1.0, *(b for b, _ in bands), 1.0]
    names = ["low", *(n for _, n in bands)]
    for k, name in enumerate(names):
        shade = 0.97 - 0.07 * k
        ax.axvspan(edges[k], edges[k + 1], color=(shade, shade, shade), zorder=0)
        ax.text(
            (edges[k] + edges[k + 1]) / 2,
            1.0,
            name,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=7,
            color="#333333",
        )
    for position, value, ci in zip(positions, values, cis, strict=True):
        if ci is not None:
            ax.plot(ci, [position, position], color="#1f4e79", linewidth=2)
        if value is not None:
            ax.plot([value], [position], "o", color="#b71c1c", markersize=6)
            ax.text(value, position + 0.25, f"{value:.3f}", ha="center", fontsize=7)
    ax.set_yticks(positions, labels)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_title(title, loc="left", fontsize=10, pad=14)
    return to_svg(fig, title)
