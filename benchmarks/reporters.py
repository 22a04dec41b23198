"""Per-violation cost of every report format: ``python benchmarks/reporters.py``.

Two measures, one run:

* **end to end**: ``guidelint check --jobs 1 --format F --output FILE`` once per format
  on the same corpus (the AlpacaEval corpus of :mod:`corpus`, or ``--data FILE``), the
  full ``customer-support`` guideline (``--select``), every violation written to a
  file, the formats taking turns ``--rounds`` times. Wall time, CPU time (the least of
  the rounds) and peak resident memory of each (:func:`measure.run`), the
  ratio of wall and CPU time to the text format's, and the extra CPU time per
  violation over the text format. Target (issue #19): ``json`` and ``sarif`` at most
  15% more wall time than ``text``; every format under 150 MB.
* **reporter alone**: the reporter of each format, in this process, given a fixed list
  of ``--violations`` pre-computed violations (found by the same guideline in the first
  records of the corpus, repeated with increasing line numbers) and writing to a file
  opened as ``--output`` opens it: CPU microseconds per violation (``process_time``:
  steadier than wall time on a shared machine), ``start`` and ``finish`` included (best
  of ``--repeat``).

``--write`` puts the tables in ``docs/benchmarks.md`` between the markers of the
"Reporter cost" section.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(SRC))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]
)

from measure import Run, machine, run, write_section  # noqa: E402

DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- reporter results: begin -->", "<!-- reporter results: end -->"
FORMATS = ["text", "json", "json-lines", "sarif", "junit", "github", "markdown"]
#: Formats with a wall-time target against text (issue #19), and the ratio.
TARGET_FORMATS = {"json", "sarif"}
TARGET_RATIO = 1.15
TARGET_MB = 150
GUIDELINE = "customer-support"


def check_command(fmt: str, select: str, jobs: str, output: Path, data: Path) -> list[str]:
    chosen = [] if select == "all" else ["--select", select]
    return [
        *(sys.executable, "-m", "guidelint", "check", "--no-progress", "--jobs", jobs),
        *("-g", GUIDELINE, "--format", fmt, "--output", str(output), *chosen, str(data)),
    ]


def corpus(tmp: Path, data: str | None) -> tuple[Path, str]:
    """The corpus file and a sentence about it."""
    if data:
        path = Path(data)
        with open(path, "rb") as lines:
            count = sum(1 for _ in lines)
        return path, f"{path.name}, {count:,} records ({path.stat().st_size / 2**20:,.0f} MB)"
    made = json.loads(
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), str(tmp)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    size = made["sizes"]["corpus"] / 2**20
    return tmp / "corpus.jsonl", f"{made['origin']}, {made['records']:,} records ({size:,.0f} MB)"


def end_to_end(
    formats: list[str], data: Path, tmp: Path, select: str, jobs: str, rounds: int
) -> tuple[list[tuple[str, Run, int]], int]:
    """Each format's run, the formats taking turns ``rounds`` times: the least wall and
    the least CPU time of each (a shared machine slows some runs down), the largest
    peak memory."""
    best: dict[str, tuple[Run, int]] = {}
    violations = 0
    for _ in range(rounds):
        for fmt in formats:
            report = tmp / f"report.{fmt}"
            result = run(check_command(fmt, select, jobs, report, data))
            if result.code not in (0, 1):
                raise SystemExit(f"guidelint check --format {fmt} exited with {result.code}")
            if fmt == "json-lines":
                with open(report, "rb") as lines:
                    violations = sum(1 for _ in lines) - 1
            print(f"end to end {fmt}: {result}", flush=True)
            size = report.stat().st_size
            report.unlink()
            if fmt in best:
                seen = best[fmt][0]
                result = Run(
                    min(seen.wall, result.wall),
                    min(seen.cpu, result.cpu),
                    max(seen.peak_mb, result.peak_mb),
                    result.code,
                )
            best[fmt] = (result, size)
    if not violations:
        violations = _count_violations(data, tmp, select, jobs)
    return [(fmt, result, size) for fmt, (result, size) in best.items()], violations


def _count_violations(data: Path, tmp: Path, select: str, jobs: str) -> int:
    report = tmp / "count.jsonl"
    run(check_command("json-lines", select, jobs, report, data))
    with open(report, "rb") as lines:
        count = sum(1 for _ in lines) - 1
    report.unlink()
    return count


def sample_violations(data: Path, count: int, records: int) -> list[object]:
    """``count`` violations: those the guideline finds in the first ``records``
    records of ``data``, repeated (each copy further down the file)."""
    from itertools import islice

    from guidelint.engine import Linter
    from guidelint.guideline import load_guideline

    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "train.jsonl"
        with open(data, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as out:
            out.writelines(islice(src, records))
        found = list(Linter(load_guideline(GUIDELINE)).check_file(str(sample)))
    if not found:
        raise SystemExit("the sample has no violations")
    out_list: list[object] = []
    copy = 0
    while len(out_list) < count:
        for v in found:
            if len(out_list) == count:
                break
            moved = replace(v, path="data/train.jsonl")  # (a path under the report's root)
            out_list.append(replace(moved, line=v.line + copy * records) if v.line >= 1 else moved)
        copy += 1
    return out_list


def reporter_alone(
    formats: list[str], violations: list[object], tmp: Path, repeat: int
) -> dict[str, float]:
    """CPU seconds each format's reporter takes for ``violations`` (best of ``repeat``)."""
    from guidelint.cli.output import open_output
    from guidelint.guideline import load_guideline
    from guidelint.reporters import ReportContext, reporter_class
    from guidelint.summary import Summary

    guideline = load_guideline(GUIDELINE)
    rules = {
        rule.id: {
            "description": rule.description,
            "severity": rule.severity.value,
            "check": rule.check,
        }
        for rule in guideline.rules
    }
    summary = Summary(files=1, records=len(violations))
    for v in violations:
        summary.add_violation(v)  # type: ignore[arg-type]
    spent: dict[str, float] = {}
    for fmt in formats:
        best = float("inf")
        for _ in range(repeat):
            path = tmp / f"alone.{fmt}"
            stream = open_output(str(path))
            reporter = reporter_class(fmt)(stream)
            start = time.process_time()
            reporter.start(
                ReportContext(
                    guideline=guideline.name,
                    version=str(guideline.version),
                    fail_on="error",
                    rules=rules,
                    paths=["data/train.jsonl"],
                    root=str(tmp),
                )
            )
            for v in violations:
                reporter.violation(v)  # type: ignore[arg-type]
            reporter.finish(summary)
            stream.close()
            best = min(best, time.process_time() - start)
            path.unlink()
        spent[fmt] = best
        print(f"reporter alone {fmt}: {best / len(violations) * 1e6:.2f} µs/violation", flush=True)
    return spent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a JSONL corpus to check (default: the benchmark corpus)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated")
    parser.add_argument("--select", default="all", help="rules to run ('all': every rule)")
    parser.add_argument("--jobs", default="1", help="--jobs of the end-to-end runs")
    parser.add_argument("--rounds", type=int, default=2, help="end-to-end runs per format")
    parser.add_argument("--violations", type=int, default=100_000, help="for the reporter alone")
    parser.add_argument(
        "--sample", type=int, default=2_000, help="records the violations come from"
    )
    parser.add_argument("--repeat", type=int, default=3, help="reporter-alone runs per format")
    parser.add_argument("--no-end-to-end", action="store_true")
    parser.add_argument("--no-alone", action="store_true")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    formats = args.formats.split(",")
    if "text" not in formats:
        formats.insert(0, "text")
    started = time.perf_counter()
    info = dict(machine())
    tmp = Path(tempfile.mkdtemp(prefix="guidelint-reporters-"))
    try:
        data, about = corpus(tmp, args.data)
        rows, found = ([], 0)
        if not args.no_end_to_end:
            rows, found = end_to_end(formats, data, tmp, args.select, args.jobs, args.rounds)
        alone: dict[str, float] = {}
        if not args.no_alone:
            violations = sample_violations(data, args.violations, args.sample)
            alone = reporter_alone(formats, violations, tmp, args.repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    took = time.perf_counter() - started
    table = render(args, about, info, rows, found, alone, took)
    print(table)
    if args.write:
        write(table)
    return 0


def render(
    args: argparse.Namespace,
    about: str,
    info: dict[str, str],
    rows: list[tuple[str, Run, int]],
    found: int,
    alone: dict[str, float],
    took: float,
) -> str:
    command = "python benchmarks/reporters.py " + " ".join(
        a for a in sys.argv[1:] if a != "--write"
    )
    lines = [
        f"Measured with `{command.strip()}` (took {took:.0f} s) on {info['cores available']} "
        f"cores, load average at start {info['load average at start']}. Corpus: {about}; "
        f"guideline `{GUIDELINE}`, rules {args.select}.",
    ]
    if rows:
        text = next(r for name, r, _ in rows if name == "text")
        lines += [
            "",
            f"End to end, `guidelint check --jobs {args.jobs} --format F --output FILE`, "
            f"{found:,} violations written; the formats took turns, {args.rounds} runs each "
            "(least wall and least CPU time of each):",
            "",
            "| format | wall | CPU | peak memory | report size | wall / text | CPU / text "
            "| extra CPU per violation | target |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for name, result, size in rows:
            wall_ratio = result.wall / text.wall
            cpu_ratio = result.cpu / text.cpu
            extra = (result.cpu - text.cpu) / found * 1e6 if found else 0.0
            verdicts = []
            if name in TARGET_FORMATS:
                ok = wall_ratio <= TARGET_RATIO
                verdicts.append(f"wall <= {TARGET_RATIO:.2f}x text: {'pass' if ok else '**miss**'}")
            ok_mb = result.peak_mb < TARGET_MB
            verdicts.append(f"< {TARGET_MB} MB: {'pass' if ok_mb else '**miss**'}")
            lines.append(
                f"| {name} | {result.wall:.2f} s | {result.cpu:.2f} s | {result.peak_mb:.0f} MB "
                f"| {size / 2**20:,.1f} MB | {wall_ratio:.2f}x | {cpu_ratio:.2f}x "
                f"| {extra:+.1f} µs | {'; '.join(verdicts)} |"
            )
    if alone:
        base = alone["text"]
        lines += [
            "",
            f"Reporter alone, {args.violations:,} pre-computed violations (from the first "
            f"{args.sample:,} records), written to a file, CPU time, best of {args.repeat}:",
            "",
            "| format | CPU per violation | / text |",
            "|---|---:|---:|",
        ]
        for name, seconds in alone.items():
            lines.append(
                f"| {name} | {seconds / args.violations * 1e6:.2f} µs | {seconds / base:.2f}x |"
            )
    return "\n".join(lines)


def write(table: str) -> None:
    write_section(DOC, BEGIN, END, table)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
