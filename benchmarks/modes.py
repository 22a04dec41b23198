"""Compiled (mypyc) against pure Python, and the README's first command, in CPU seconds.

``python benchmarks/modes.py`` runs, with the ``guidelint`` installed for this Python
(``pip install .`` compiles it when a C compiler is there), each command in a fresh
process and reports the CPU time (user + system) the process used: on a machine shared
with other work, CPU time moves much less than wall time. Each is the best of
``--repeat`` runs (default 3).

* the full ``customer-support`` guideline on the AlpacaEval outputs (35,419 responses,
  see :mod:`corpus`; ``--records N`` replicates or cuts to N), ``--jobs 1``, compiled
  and with ``GUIDELINT_PURE_PYTHON=1``; per record and the ratio;
* the README's first command (``guidelint check examples/support.jsonl --guideline
  examples/guideline.yaml``), and the same with ``--guideline BEFORE`` when given (the
  example guideline as it was, with its spaCy ``tokens`` rule).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import source_records, write_replicated  # noqa: E402


def cpu_seconds(command: list[str], *, pure: bool, repeat: int) -> float:
    """Best CPU time (user + system) of ``command`` over ``repeat`` fresh processes."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "GUIDELINT_PURE_PYTHON"}}
    if pure:
        env["GUIDELINT_PURE_PYTHON"] = "1"
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, spent)
    return best


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=0, help="default: the whole corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", help="the example guideline as it was (a path)")
    args = parser.parse_args(argv)
    guidelint = [sys.executable, "-m", "guidelint"]
    version = subprocess.run([*guidelint, "--version"], capture_output=True, text=True, cwd="/")
    print(version.stdout.strip())
    base, label = source_records()
    records = args.records or len(base)
    with tempfile.TemporaryDirectory(prefix="guidelint-modes-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_replicated(base, records, path)
        check = [*guidelint, "check", str(path), "-g", "customer-support", "-q"]
        check += ["--no-progress", "--jobs", "1"]
        compiled = cpu_seconds(check, pure=False, repeat=args.repeat)
        pure = cpu_seconds(check, pure=True, repeat=args.repeat)
    print(f"customer-support on {records:,} records of {label}, --jobs 1, CPU seconds:")
    print("| mode | CPU s | µs per record | records per CPU-second |")
    print("| --- | --- | --- | --- |")
    for name, seconds in (("pure Python", pure), ("compiled (mypyc)", compiled)):
        print(
            f"| {name} | {seconds:.2f} | {seconds / records * 1e6:.0f} | {records / seconds:,.0f} |"
        )
    print(f"compiled / pure CPU time: {compiled / pure:.2f} (speed-up {pure / compiled:.2f}x)")
    readme = [*guidelint, "check", "examples/support.jsonl", "--guideline"]
    rows = [("README command, example guideline now", "examples/guideline.yaml")]
    if args.before:
        rows.insert(0, ("README command, example guideline before", args.before))
    print("| command | pure Python, CPU s | compiled, CPU s |")
    print("| --- | --- | --- |")
    for name, guideline in rows:
        times = [
            cpu_seconds([*readme, guideline], pure=p, repeat=args.repeat) for p in (True, False)
        ]
        print(f"| {name} | {times[0]:.2f} | {times[1]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
