"""Which plotting library draws the HTML report's charts: matplotlib's SVG backend or
Vega-Lite rendered to SVG by vl-convert-python (``python benchmarks/report_plots.py``).

Both render the same three charts the check and agreement reports need, offline, to
static SVG: a horizontal bar chart of 20 rules, a histogram of 35,000 response
lengths with two bounds drawn, and a 6 x 6 heat map with the values written in the
cells. For each library it prints the import time, the first render (cold: fonts,
engine start-up), the mean of 5 warm renders, and the SVG size in bytes (raw, and
gzip-compressed as a web server would send it). Results: docs/reports.md.
"""

from __future__ import annotations

import gzip
import io
import statistics
import subprocess
import sys
import time
from typing import Any

import numpy as np

RULES = [f"rule-{i:02d}-name" for i in range(20)]
COUNTS = [int(3000 / (i + 1)) for i in range(20)]
LENGTHS = np.random.default_rng(0).lognormal(5.0, 0.7, 35_000).astype(int)
BOUNDS = (30, 500)
NAMES = [f"annotator-{i}" for i in range(6)]
MATRIX = np.round(np.random.default_rng(1).uniform(0.2, 1.0, (6, 6)), 2)


# -- matplotlib -------------------------------------------------------------------------------
def mpl_charts() -> list[str]:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    plt.rcParams["svg.hashsalt"] = "guidelint"
    out = []
    fig, ax = plt.subplots(figsize=(7, 0.25 * len(RULES) + 0.8))
    ax.barh(RULES[::-1], COUNTS[::-1], color="#b3261e")
    out.append(_mpl_svg(fig))
    fig, ax = plt.subplots(figsize=(7, 3))
    edges = np.histogram_bin_edges(LENGTHS, bins=40)
    counts, _ = np.histogram(LENGTHS, bins=edges)
    ax.stairs(counts, edges, fill=True, color="#4a6fa5")
    for bound in BOUNDS:
        ax.axvline(bound, color="black", linestyle="--")
    out.append(_mpl_svg(fig))
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.imshow(MATRIX, cmap="viridis", vmin=0, vmax=1)
    ax.set_xticks(range(6), NAMES, rotation=45, ha="right")
    ax.set_yticks(range(6), NAMES)
    for i in range(6):
        for j in range(6):
            ax.text(j, i, f"{MATRIX[i, j]:.2f}", ha="center", va="center", fontsize=8)
    out.append(_mpl_svg(fig))
    return out


def _mpl_svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


# -- Vega-Lite via vl-convert ------------------------------------------------------------------
def vl_charts() -> list[str]:
    import vl_convert as vlc

    edges = np.histogram_bin_edges(LENGTHS, bins=40)
    counts, _ = np.histogram(LENGTHS, bins=edges)
    specs: list[dict[str, Any]] = [
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "width": 500,
            "data": {"values": [{"rule": r, "n": n} for r, n in zip(RULES, COUNTS, strict=True)]},
            "mark": {"type": "bar", "color": "#b3261e"},
            "encoding": {
                "y": {"field": "rule", "type": "nominal", "sort": "-x"},
                "x": {"field": "n", "type": "quantitative"},
            },
        },
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "width": 500,
            "height": 200,
            "layer": [
                {
                    "data": {
                        "values": [
                            {"a": float(edges[i]), "b": float(edges[i + 1]), "n": int(c)}
                            for i, c in enumerate(counts)
                        ]
                    },
                    "mark": {"type": "rect", "color": "#4a6fa5"},
                    "encoding": {
                        "x": {"field": "a", "type": "quantitative"},
                        "x2": {"field": "b"},
                        "y": {"field": "n", "type": "quantitative"},
                    },
                },
                {
                    "data": {"values": [{"x": b} for b in BOUNDS]},
                    "mark": {"type": "rule", "strokeDash": [4, 4]},
                    "encoding": {"x": {"field": "x", "type": "quantitative"}},
                },
            ],
        },
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "data": {
                "values": [
                    {"a": NAMES[i], "b": NAMES[j], "v": float(MATRIX[i, j])}
                    for i in range(6)
                    for j in range(6)
                ]
            },
            "encoding": {
                "x": {"field": "b", "type": "nominal"},
                "y": {"field": "a", "type": "nominal"},
            },
            "layer": [
                {"mark": "rect", "encoding": {"color": {"field": "v", "type": "quantitative"}}},
                {"mark": "text", "encoding": {"text": {"field": "v", "format": ".2f"}}},
            ],
        },
    ]
    return [vlc.vegalite_to_svg(spec) for spec in specs]


def measure(name: str) -> dict[str, float]:
    render = {"matplotlib": mpl_charts, "vl-convert": vl_charts}[name]
    start = time.perf_counter()
    if name == "matplotlib":
        import matplotlib
        import matplotlib.pyplot  # noqa: F401
    else:
        import vl_convert  # noqa: F401
    imported = time.perf_counter() - start
    start = time.perf_counter()
    svgs = render()
    cold = time.perf_counter() - start
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        svgs = render()
        warm.append(time.perf_counter() - start)
    raw = sum(len(s.encode()) for s in svgs)
    packed = sum(len(gzip.compress(s.encode())) for s in svgs)
    return {
        "import_s": imported,
        "cold_s": cold,
        "warm_s": statistics.mean(warm),
        "bytes": raw,
        "gzip_bytes": packed,
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(repr(measure(sys.argv[2])))
        return
    print("library      import   first render   warm render (3 charts)   SVG bytes   gzip")
    for name in ("matplotlib", "vl-convert"):
        # each in a fresh process, so that import and cold start are honest
        out = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
        ).stdout
        r = eval(out)  # our own child's repr of a dict of floats
        print(
            f"{name:<12} {r['import_s']:6.2f} s {r['cold_s']:9.2f} s {r['warm_s']:14.3f} s"
            f"{r['bytes']:>18,} {r['gzip_bytes']:>8,}"
        )


if __name__ == "__main__":
    main()
