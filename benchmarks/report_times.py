"""Time and peak memory of the HTML reports (``python benchmarks/report_times.py``).

* ``guidelint check`` on the 35k-record AlpacaEval corpus (``../shared/data``), one job,
  with ``--format text``, ``json`` and ``html``: wall time, peak memory (RSS) and the
  report's size; and the same on every 7th record (the same generators and rules, so
  the same charts), to show how memory grows with the records;
* ``guidelint agreement`` and ``guidelint calibrate`` on a made-up 1,000-item batch
  (4 annotators rating 1-5, each writing a response) as text, JSON and HTML.

Each run is a fresh process (``python -m guidelint``); peak memory is that process's
``ru_maxrss``. Results: docs/reports.md.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"

_RUN = """
import resource, sys
from guidelint.cli.main import entry
sys.argv = ["guidelint", *sys.argv[1:]]
try:
    entry()
finally:
    print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one ``guidelint`` run in a fresh process."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args], cwd=cwd, capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"guidelint {' '.join(args)} failed:\n{done.stderr}")
    line = next(x for x in done.stderr.splitlines() if x.startswith("MAXRSS"))
    return seconds, int(line.split()[1]) / 1024


def batch(path: Path, items: int = 1000) -> Path:
    """A calibration-style batch: every item rated 1-5 by 4 annotators who also wrote
    a response (some break rules), in long format."""
    rng = random.Random(0)
    answers = [
        "You can change your plan any time from Settings, then Plan.",
        "As an AI language model, I cannot see your account.",
        "I'm sorry, but I cannot help with that.",
        "Go to Settings > Plan and pick the plan you want; the change applies at once.",
    ]
    with path.open("w", encoding="utf-8") as out:
        for i in range(items):
            truth = rng.randint(1, 5)
            for annotator in ("ann", "ben", "cho", "dia"):
                rating = min(5, max(1, truth + rng.choice([-1, 0, 0, 0, 1])))
                record = {
                    "id": f"item-{i}",
                    "annotator": annotator,
                    "quality": rating,
                    "instruction": f"How do I change my plan? ({i})",
                    "response": rng.choice(answers),
                }
                out.write(json.dumps(record) + "\n")
    return path


def main() -> None:
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if CORPUS.exists():
            small = work / "every7th.jsonl"  # the same generators and rules, 1/7 of the records
            with gzip.open(CORPUS, "rt", encoding="utf-8") as src, small.open("w") as dst:
                dst.writelines(line for n, line in enumerate(src) if n % 7 == 0)
            for name, path in (("35k AlpacaEval", CORPUS), ("every 7th record (5,060)", small)):
                for fmt in ("text", "json", "html"):
                    out = work / f"report.{fmt}"
                    args = ["check", str(path), "--jobs", "1", "--format", fmt, "-o", str(out)]
                    seconds, peak = timed(args, work)
                    rows.append(
                        f"| check {name} | {fmt} | {seconds:.1f} s | {peak:.0f} MB | "
                        f"{out.stat().st_size / 1e6:.2f} MB |"
                    )
        else:
            print(f"(no {CORPUS}: the check runs are left out)")
        labels = batch(work / "batch.jsonl")
        for command, formats in (
            ("agreement", ("text", "json", "html")),
            ("calibrate", ("markdown", "html")),
        ):
            for fmt in formats:
                out = work / f"{command}.{fmt}"
                args = [command, str(labels), "--label", "quality", "--format", fmt, "-o", str(out)]
                seconds, peak = timed(args, work)
                rows.append(
                    f"| {command} 1,000 items x 4 annotators | {fmt} | {seconds:.1f} s | "
                    f"{peak:.0f} MB | {out.stat().st_size / 1e6:.2f} MB |"
                )
    print("| run | format | time | peak memory | report size |")
    print("|---|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
