"""Time and memory per MB of one long, match-dense response: ``python benchmarks/long_text.py``.

Writes one-record JSON Lines files whose response is 1, 2, 4 and 8 MB of
``As an AI language model, I cannot  do that. `` (a banned phrase and a double space
every 44 characters: about 23,000 matches per MB for each of two rules), checks each
with the bundled ``customer-support`` guideline in a child process (one job, report as
JSON to a file), and prints wall time, seconds per MB (start-up, measured on a file
of one short record, subtracted) and peak memory. Findings past 100 per rule per text
are counted in one summary finding (see ``guidelint.finding_cap``), so the time per MB
should stay flat as the text grows. ``--write`` puts the table into
``docs/benchmarks.md`` between its long-text markers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(HERE.parent / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
)

from measure import machine_table, run, write_section  # noqa: E402

DOC = HERE.parent / "docs" / "benchmarks.md"
BEGIN, END = "<!-- long-text results: begin -->", "<!-- long-text results: end -->"
UNIT = "As an AI language model, I cannot  do that. "
SIZES_MB = (1, 2, 4, 8)


def _write(path: Path, megabytes: float) -> None:
    text = UNIT * max(1, int(megabytes * 2**20 / len(UNIT)))
    record = {"instruction": "Tell me something useful?", "response": text}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")


def _check(path: Path, out: Path) -> list[str]:
    command = [sys.executable, "-m", "guidelint", "check", str(path), "--jobs", "1"]
    return [*command, "--format", "json", "--output", str(out)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = folder / "small.jsonl"
        small.write_text(json.dumps({"instruction": "Hi?", "response": UNIT}) + "\n")
        startup = run(_check(small, folder / "small.json"), repeat=3).wall
        rows.append(f"| start-up (one short record) | {startup:.2f} s | - | - | - |")
        for size in SIZES_MB:
            path = folder / f"r{size}.jsonl"
            _write(path, size)
            report = folder / f"r{size}.json"
            result = run(_check(path, report), repeat=1)
            summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
            per_mb = (result.wall - startup) / size
            rows.append(
                f"| {size} MB response | {result.wall:.2f} s | {per_mb:.2f} s | "
                f"{result.peak_mb:.0f} MB | {summary['violations']:,} |"
            )
            print(rows[-1], flush=True)
    table = "\n".join(
        [
            "Measured with `python benchmarks/long_text.py` (one job, `--format json`).",
            "",
            *machine_table(),
            "",
            "| input | wall | per MB (start-up subtracted) | peak memory | violations reported |",
            "|---|---:|---:|---:|---:|",
            *rows,
        ]
    )
    print(table)
    if args.write:
        write_section(DOC, BEGIN, END, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
