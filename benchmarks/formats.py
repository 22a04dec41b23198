"""Peak memory and time of every report format on a large dataset: ``python benchmarks/formats.py``.

Writes the benchmark corpus (see :mod:`corpus`) replicated to ``--records`` records
(default 1,000,000) in a temporary directory, then runs ``guidelint check --format F
--output FILE`` once per format with the full ``customer-support`` guideline and the
default jobs, each in a child process (:func:`measure.run`: wall time, peak resident
memory of the largest process). The JSON report is also written to standard output
(``> FILE``) with ``PYTHONUNBUFFERED=1``, as many CI images set it, against
``--output``. Target: peak memory under 150 MB in every format.

It prints a table and writes it to ``docs/benchmarks.md`` between the markers of the
"Report formats" section (``--no-write``: print only).
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(HERE.parent / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
)

from measure import machine, run, write_section  # noqa: E402

DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- format results: begin -->", "<!-- format results: end -->"
FORMATS = ["text", "json", "json-lines", "sarif", "junit", "github", "markdown"]
TARGET_MB = 150


SELECT = "response-length,stray-whitespace"


def command(fmt: str, select: str, *extra: str) -> list[str]:
    chosen = [] if select == "all" else ["--select", select]
    return [
        *(sys.executable, "-m", "guidelint", "check", "--no-progress", "--format", fmt),
        *chosen,
        *extra,
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated")
    parser.add_argument("--select", default=SELECT, help="rules to run ('all': every rule)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument(
        "--data", help="an existing corpus file written by corpus.py (default: write one)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    info = machine()
    tmp = Path(tempfile.mkdtemp(prefix="guidelint-formats-"))
    rows = []
    violations = 0
    try:
        if args.data:
            data = Path(args.data)
            with open(data, "rb") as lines:
                args.records = sum(1 for _ in lines)
            size = data.stat().st_size
            made = {"origin": f"{data.name}, made by corpus.py"}
        else:
            made = json.loads(
                subprocess.run(
                    [sys.executable, str(HERE / "corpus.py"), str(tmp), str(args.records)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            data = tmp / f"r{args.records}.jsonl"
            size = made["sizes"][str(args.records)]
        for fmt in args.formats.split(","):
            report = tmp / f"report.{fmt}"
            result = run(command(fmt, args.select, "--output", str(report), str(data)))
            rows.append((f"`--format {fmt} --output FILE`", result, report.stat().st_size))
            if fmt == "json-lines":
                with open(report, "rb") as lines:
                    violations = sum(1 for _ in lines) - 1
            print(rows[-1][0], result, flush=True)
            report.unlink()
            if fmt == "json":
                os.environ["PYTHONUNBUFFERED"] = "1"
                try:
                    result = run(command(fmt, args.select, str(data)), output=report)
                finally:
                    del os.environ["PYTHONUNBUFFERED"]
                rows.append((f"`--format {fmt} > FILE` (PYTHONUNBUFFERED=1)", result, 0))
                print(rows[-1][0], result, flush=True)
                report.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    took = time.perf_counter() - started
    lines = [
        f"Measured with `python benchmarks/formats.py "
        f"{'--data ' + args.data if args.data else '--records ' + str(args.records)}"
        f"{' --select ' + args.select if args.select != SELECT else ''}` (took "
        f"{took:.0f} s): {args.records:,} records ({size / 2**20:,.0f} MB, {made['origin']}), "
        f"`customer-support` rules {'all' if args.select == 'all' else args.select}, "
        f"{violations:,} violations, default jobs on {dict(info)['cores available']} cores. "
        f"Load average at start: {dict(info)['load average at start']}.",
        "",
        f"| format | wall | peak memory (target < {TARGET_MB} MB) | report size |",
        "|---|---|---|---|",
    ]
    for name, result, report_size in rows:
        verdict = "pass" if result.peak_mb < TARGET_MB else "**miss**"
        shown = f"{report_size / 2**20:,.0f} MB" if report_size else "-"
        lines.append(
            f"| {name} | {result.wall:.1f} s | {result.peak_mb:.0f} MB ({verdict}) | {shown} |"
        )
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        write_section(DOC, BEGIN, END, table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
