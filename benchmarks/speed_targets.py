"""The check speed targets of issue #19 in one run: ``python benchmarks/speed_targets.py``.

* the full ``customer-support`` guideline, ``--jobs 1``, on the AlpacaEval corpus (see
  :mod:`corpus`) against the plain ``re`` script (``benchmarks/baseline_re.py``) on the
  same file: target >= 5.5x;
* ``--jobs 2`` against ``--jobs 1`` with ``customer-support`` on 100,000 records:
  target >= 1.8x;
* the phrase rules alone (``llm-boilerplate``), ``--jobs 2``, on ten times the corpus
  (354,190 records, so that start-up does not dominate) against ``grep -ciE`` over the
  same phrases: target within 3x of grep's time.

Ratios are taken within one run, so that a shared machine's load weighs on both
sides. ``--python PATH`` runs guidelint with another interpreter and its installed
package (e.g. a compiled ``pip install .``); by default this checkout's ``src`` is run
with this interpreter. ``--pure`` sets ``GUIDELINT_PURE_PYTHON=1``. Unlike
``benchmarks/run.py`` this writes nothing to the docs.
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

from measure import run  # noqa: E402
from run import grep_pattern  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", help="interpreter whose installed guidelint is run")
    parser.add_argument("--pure", action="store_true", help="GUIDELINT_PURE_PYTHON=1")
    parser.add_argument(
        "--only", choices=["re", "jobs", "grep"], action="append", help="measure only these"
    )
    args = parser.parse_args(argv)
    parts = set(args.only or ["re", "jobs", "grep"])
    python = args.python or sys.executable
    if args.python:
        os.environ.pop("PYTHONPATH", None)
    if args.pure:
        os.environ["GUIDELINT_PURE_PYTHON"] = "1"
    mode = subprocess.run(
        [python, "-m", "guidelint", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"{mode} ({python}); load average {os.getloadavg()[0]:.2f}", flush=True)

    def guidelint(*options: str) -> list[str]:
        return [python, "-m", "guidelint", "check", "-q", "--no-progress", *options]

    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="guidelint-targets-"))
    try:
        made = json.loads(
            subprocess.run(
                [sys.executable, str(HERE / "corpus.py"), str(tmp), "100000", "354190"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        corpus, n = tmp / "corpus.jsonl", made["records"]
        if "re" in parts:
            full = run(guidelint("--jobs", "1", str(corpus)))
            plain = run([sys.executable, str(HERE / "baseline_re.py"), str(corpus)])
            print(
                f"customer-support, 1 job, {n:,} records: {full.wall:.2f} s "
                f"(cpu {full.cpu:.2f} s); re script {plain.wall:.2f} s (cpu {plain.cpu:.2f} s) -> "
                f"{plain.wall / full.wall:.2f}x (target >= 5.5x; by CPU time "
                f"{plain.cpu / full.cpu:.2f}x)",
                flush=True,
            )
        if "jobs" in parts:
            hundred = tmp / "r100000.jsonl"
            one = run(guidelint("--jobs", "1", str(hundred)))
            two = run(guidelint("--jobs", "2", str(hundred)))
            print(
                f"customer-support, 100,000 records: --jobs 1 {one.wall:.2f} s (cpu "
                f"{one.cpu:.2f} s), --jobs 2 {two.wall:.2f} s (cpu {two.cpu:.2f} s) -> "
                f"{one.wall / two.wall:.2f}x (target >= 1.8x)",
                flush=True,
            )
        if "grep" in parts:
            ten = tmp / "r354190.jsonl"
            boiler = run(guidelint("--jobs", "2", "--guideline", "llm-boilerplate", str(ten)))
            grep = run(["grep", "-ciE", grep_pattern(), str(ten)], repeat=3, output=tmp / "g")
            print(
                f"llm-boilerplate, --jobs 2, 354,190 records: {boiler.wall:.2f} s "
                f"(cpu {boiler.cpu:.2f} s); grep -ciE {grep.wall:.2f} s (cpu {grep.cpu:.2f} s) -> "
                f"{boiler.wall / grep.wall:.2f}x grep's time (target <= 3x)",
                flush=True,
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"took {time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
