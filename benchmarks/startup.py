"""Start-up of ``guidelint check`` on small inputs: ``python benchmarks/startup.py``.

What a pre-commit hook pays on every commit: the interpreter, the imports, loading the
guideline, compiling its rules, checking a 100-record file and writing the report.
Each command runs in a child process (``benchmarks/measure.py``: output to
``/dev/null``, wall time, and CPU time from ``os.wait4``), ``--repeat`` times (default
7); the best wall time is shown, with its CPU time. Measured:

* ``python -c pass``: the interpreter alone;
* ``guidelint check FILE`` as the pre-commit hook runs it (``customer-support``, the
  default guideline; text report) on 100 records: with the cache of compiled
  guidelines warm, with an empty cache (each run loads, compiles and writes the
  entry) and with ``--no-cache``;
* the README's first command (``guidelint check examples/support.jsonl --guideline
  examples/guideline.yaml``), warm and ``--no-cache``.

The cache is a temporary directory (``GUIDELINT_CACHE_DIR``), never the user's.
The checkout's bytecode is compiled first, as pip does when it installs the package.
``--write`` replaces the section between the start-up markers of
``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
# Measure this checkout's code, even where another copy of guidelint is installed.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
)

from measure import (  # noqa: E402
    Run,
    guidelint_mode,
    guidelint_python,
    machine,
    machine_table,
    run,
    use_installed,
    write_section,
)

DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- startup results: begin -->", "<!-- startup results: end -->"
#: The targets of issue #19 (wall time, interpreter start included).
CACHED_TARGET, UNCACHED_TARGET = 0.25, 0.4


def entry_point() -> list[str]:
    """The ``guidelint`` console script beside this interpreter (as pre-commit runs it),
    else ``python -m guidelint``."""
    python = guidelint_python()
    script = Path(python).parent / "guidelint"
    if script.is_file():
        return [str(script)]
    found = shutil.which("guidelint") if python == sys.executable else None
    return [found] if found else [python, "-m", "guidelint"]


def fresh_cache_runs(command: list[str], cache: Path, repeat: int) -> Run:
    """The best of ``repeat`` runs, each starting with an empty cache directory."""
    best: Run | None = None
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        result = run(command)
        if best is None or result.wall < best.wall:
            best = result
    assert best is not None
    return best


def cell(result: Run) -> str:
    return f"{result.wall:.3f} s ({result.cpu:.3f} s)"


def verdict(result: Run, target: float) -> str:
    if result.wall <= target:
        return "pass"
    return f"**miss** ({result.wall / target:.2f}x over)"


def measure(tmp: Path, repeat: int) -> tuple[str, dict[str, Run]]:
    """Every command of the table, ``repeat`` times each, with a cache in ``tmp``
    (``GUIDELINT_CACHE_DIR``, set for the children and left set); the corpus's origin
    and the best run of each."""
    cache = tmp / "cache"
    os.environ["GUIDELINT_CACHE_DIR"] = str(cache)
    os.environ.pop("GUIDELINT_NO_CACHE", None)
    made = json.loads(
        subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), str(tmp), "100"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    (tmp / "corpus.jsonl").unlink()
    hundred = str(tmp / "r100.jsonl")
    guidelint = entry_point()
    check = [*guidelint, "check", hundred]
    readme = [
        *guidelint,
        "check",
        str(ROOT / "examples" / "support.jsonl"),
        "--guideline",
        str(ROOT / "examples" / "guideline.yaml"),
    ]
    results = {"bare": run([sys.executable, "-c", "pass"], repeat=repeat)}
    run(check)  # (writes the entry)
    results["warm"] = run(check, repeat=repeat)
    results["empty"] = fresh_cache_runs(check, cache, repeat)
    results["off"] = run([*check, "--no-cache"], repeat=repeat)
    run(readme)
    results["readme_warm"] = run(readme, repeat=repeat)
    results["readme_off"] = run([*readme, "--no-cache"], repeat=repeat)
    return str(made["origin"]), results


def rows_of(results: dict[str, Run]) -> list[tuple[str, str, str, str]]:
    return [
        ("`python -c pass` (the interpreter alone)", "-", cell(results["bare"]), "-"),
        (
            "`guidelint check r100.jsonl`, cache warm",
            f"< {CACHED_TARGET} s",
            cell(results["warm"]),
            verdict(results["warm"], CACHED_TARGET),
        ),
        (
            "`guidelint check r100.jsonl`, cache empty (load, compile, write the entry)",
            f"< {UNCACHED_TARGET} s",
            cell(results["empty"]),
            verdict(results["empty"], UNCACHED_TARGET),
        ),
        (
            "`guidelint check r100.jsonl --no-cache`",
            f"< {UNCACHED_TARGET} s",
            cell(results["off"]),
            verdict(results["off"], UNCACHED_TARGET),
        ),
        ("README's first command, cache warm", "-", cell(results["readme_warm"]), "-"),
        ("README's first command, `--no-cache`", "-", cell(results["readme_off"]), "-"),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command (best kept)")
    parser.add_argument("--write", action="store_true", help="rewrite docs/benchmarks.md")
    parser.add_argument(
        "--python", metavar="PATH", help="measure the guidelint installed for this interpreter"
    )
    args = parser.parse_args(argv)
    if args.python:
        use_installed(args.python)
    started = time.perf_counter()
    compileall.compile_dir(str(ROOT / "src" / "guidelint"), quiet=1)
    info = machine()
    tmp = Path(tempfile.mkdtemp(prefix="guidelint-startup-"))
    try:
        origin, results = measure(tmp, args.repeat)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    info.append(("load average at end", " ".join(f"{x:.2f}" for x in os.getloadavg())))
    took = time.perf_counter() - started
    repeat = args.repeat
    rows = rows_of(results)
    lines = [
        f"Measured with `python benchmarks/startup.py --repeat {repeat}"
        f"{' --python VENV/bin/python' if args.python else ''}` ({guidelint_mode()}) "
        f"(took {took:.0f} s; {origin}, first 100 records): best wall time of "
        f"{repeat} runs, and the CPU time (user + system) of that run.",
        "",
        *machine_table(info),
        "",
        "| command | target | wall (CPU) | result |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
    ]
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section(DOC, BEGIN, END, table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
