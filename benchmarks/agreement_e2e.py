"""Agreement end to end, from JSON Lines to the JSON report: ``python benchmarks/agreement_e2e.py``.

A child process writes, in a temporary directory, a JSON Lines file of long-format
ratings (docs/agreement.md: one row per (item, annotator), ``{"item": "i000001",
"annotator": "ann1", "quality": 4}``): 250k items x 4 annotators = 1M ratings by
default (``--items``), seeded. Each item has a true grade on a 1-5 scale; each
annotator gives it with a probability of 0.6 and otherwise a grade one step off (two
steps with 0.1), so agreement is realistic (ordinal alpha about 0.7). Then
``guidelint agreement FILE --format json --output out.json`` runs in a child process,
without the bootstrap (``--bootstrap 0``) and with the default one (1,000 resamples),
and the table gives wall time, CPU time and peak memory (:mod:`measure`: ``os.wait4``).
``--write`` puts the table into ``docs/benchmarks.md`` between its agreement
end-to-end markers. ``--before DIR`` also runs the checkout ``DIR`` (its ``src``, e.g.
``/work/main`` or a ``git worktree`` of the commit before a change) on the same file,
right before each run of this checkout, and adds its rows to the table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# Measure this checkout's code, even where another copy of guidelint is installed.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(HERE.parent / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
)

from measure import Run, guidelint_python, machine_table, run, write_section  # noqa: E402

DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN = "<!-- agreement end-to-end results: begin -->"
END = "<!-- agreement end-to-end results: end -->"
ANNOTATORS = 4
#: (what, guidelint agreement flags, target wall seconds, target peak MB or None)
CASES = (
    ("no bootstrap (`--bootstrap 0`)", ["--bootstrap", "0"], 3.0, 250.0),
    ("default bootstrap (1,000 resamples)", [], 10.0, None),
)


def make(path: Path, items: int, seed: int = 0) -> None:
    """Write ``items`` x 4 ratings as JSON Lines (run in a child process)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 6, size=items)
    steps = rng.choice([0, 1, 2], p=[0.6, 0.3, 0.1], size=(items, ANNOTATORS))
    signs = rng.choice([-1, 1], size=(items, ANNOTATORS))
    grades = truth[:, None] + steps * signs
    grades = np.where(grades > 5, 10 - grades, grades)  # reflect at the ends of 1-5
    grades = np.where(grades < 1, 2 - grades, grades)
    with path.open("w", encoding="utf-8") as out:
        for i, row in enumerate(grades.tolist()):
            item = f"i{i:06d}"
            out.writelines(
                f'{{"item": "{item}", "annotator": "ann{a + 1}", "quality": {g}}}\n'
                for a, g in enumerate(row)
            )


def command(path: Path, report: Path, flags: list[str]) -> list[str]:
    return [
        guidelint_python(),
        "-m",
        "guidelint",
        "agreement",
        str(path),
        "--format",
        "json",
        "--output",
        str(report),
        *flags,
    ]


def verdict(measured: float, target: float) -> str:
    return "pass" if measured <= target else f"**miss** ({measured / target:.2f}x over)"


Result = tuple[str, Run, str, str, list[str]]


def run_from(source: Path | None, args: list[str]) -> Run:
    """:func:`measure.run` of ``args`` with ``source`` (a ``src`` folder) first on
    ``PYTHONPATH`` (None: this checkout's)."""
    if source is None:
        return run(args)
    saved = os.environ["PYTHONPATH"]
    os.environ["PYTHONPATH"] = os.pathsep.join([str(source), saved])
    try:
        return run(args)
    finally:
        os.environ["PYTHONPATH"] = saved


def measure(
    folder: Path, items: int = 250_000, before: Path | None = None
) -> tuple[float, list[Result]] | None:
    """Write the ratings in ``folder`` and run every case: (file size in MB, and per case
    what, its run, alpha shown, targets, verdicts); None when guidelint failed. With
    ``before`` (a checkout), each case is run with its code first, as "before: ..."."""
    data = folder / "ratings.jsonl"
    maker = [sys.executable, str(Path(__file__).resolve()), "--items", str(items)]
    subprocess.run([*maker, "--make", str(data)], check=True)
    size_mb = data.stat().st_size / 2**20
    results: list[Result] = []
    runs: list[tuple[str, Path | None]] = [("", None)]
    if before is not None:
        runs.insert(0, ("before: ", before / "src"))
    cases = [(prefix, source, *case) for case in CASES for prefix, source in runs]
    for prefix, source, what, flags, wall_target, memory_target in cases:
        report = folder / "out.json"
        result = run_from(source, command(data, report, flags))
        if result.code != 0:
            print(f"guidelint agreement exited {result.code}", file=sys.stderr)
            return None
        what = prefix + what
        label = json.loads(report.read_text(encoding="utf-8"))["labels"][0]
        alpha = label["statistics"]["krippendorff_alpha"]
        shown = f"{alpha['value']:.4f}" + (f" {alpha['ci']}" if alpha["ci"] else "")
        targets = f"< {wall_target:g} s" + (f", < {memory_target:g} MB" if memory_target else "")
        verdicts = [verdict(result.wall, wall_target)]
        if memory_target:
            verdicts.append(verdict(result.peak_mb, memory_target))
        results.append((what, result, shown, targets, verdicts))
    data.unlink()
    return size_mb, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=250_000, help="items (x 4 annotators)")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument(
        "--before", metavar="DIR", type=Path, help="also run the checkout DIR, for before/after"
    )
    parser.add_argument("--make", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make(Path(args.make), args.items)
        return 0
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        measured = measure(Path(tmp), args.items, args.before)
        if measured is None:
            return 1
        size_mb, results = measured
        ratings = args.items * ANNOTATORS
        for what, result, shown, targets, verdicts in results:
            rows.append(
                f"| {what} | {result.wall:.2f} s | {result.cpu:.2f} s | "
                f"{result.peak_mb:.0f} MB | {shown} | {targets} | {', '.join(verdicts)} |"
            )
            print(rows[-1], flush=True)
    table = "\n".join(
        [
            f"Measured with `python benchmarks/agreement_e2e.py` on {ratings:,} ratings "
            f"({args.items:,} items x {ANNOTATORS} annotators, JSON Lines, {size_mb:.0f} MB): "
            "`guidelint agreement FILE --format json --output out.json`, one run each"
            + (
                f" (`--before {args.before}`: rows marked before ran that checkout's code "
                "on the same file, right before the row after them)."
                if args.before
                else "."
            ),
            "",
            *machine_table(),
            "",
            "| run | wall | CPU | peak memory | ordinal alpha [95% CI] | target | verdict |",
            "|---|---:|---:|---:|---|---|---|",
            *rows,
        ]
    )
    print(table)
    if args.write:
        write_section(DOC, BEGIN, END, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
