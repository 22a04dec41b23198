"""Speed and memory benchmarks of guidelint, measured in one run: ``python benchmarks/run.py``.

Builds the corpus (see :mod:`corpus`) in a temporary directory, replicated to 10k,
100k and 1M records (``--quick``: 10k only), then measures, each in a child process:

* ``guidelint check`` with the full ``customer-support`` guideline, one job, on the
  AlpacaEval corpus and on 10k/100k/1M records: responses/s, MB/s, peak memory (and
  with the default jobs on the AlpacaEval corpus);
* the same rules as a plain ``re`` script (``benchmarks/baseline_re.py``);
* the ``llm-boilerplate`` phrase rules alone, ``--jobs 2``, on the corpus ten times
  over (350k records for AlpacaEval, so that start-up does not dominate), against
  ``grep -ciE`` over its phrases on the same file;
* ``--format json`` and ``--format sarif`` against the text format, every violation
  written to a file with ``--output``, the formats taking turns three times (the
  fastest run of each);
* the spaCy ``tokens`` check and the ``readability`` check alone (``benchmarks/*.yaml``);
* ``--jobs 2`` against ``--jobs 1``;
* the start-up on 100 records with the cache of compiled guidelines warm and empty
  (:mod:`startup`, with a cache directory of its own);
* ``guidelint agreement`` end to end on 1M ratings from JSON Lines, without and with
  the default bootstrap (:mod:`agreement_e2e`), and the statistics alone on arrays.

It prints a table (target, measured, pass or miss and by how much) and writes it to
``docs/benchmarks.md`` between the markers there, with the machine described.

By default it measures this checkout's ``src`` (pure Python: an editable or no
install). ``--python VENV/bin/python`` measures the guidelint installed in that
virtualenv instead, as users get it: ``pip install .`` compiles the hot paths with mypyc
where a C compiler is present (docs/benchmarks.md, "Compiled hot paths"); the header of
the table gives what ``guidelint --version`` says of the one measured.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# Measure this checkout's code, even where another copy of guidelint is installed.
sys.path.insert(0, str(HERE.parent / "src"))
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(HERE.parent / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
)

import agreement_e2e  # noqa: E402
import startup  # noqa: E402
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

ROOT = HERE.parent

DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- benchmark results: begin -->", "<!-- benchmark results: end -->"
Row = tuple[str, str, str, str]


def guidelint(*args: str) -> list[str]:
    return [guidelint_python(), "-m", "guidelint", "check", "-q", "--no-progress", *args]


def verdict(measured: float, target: float, higher_is_better: bool) -> str:
    ok = measured >= target if higher_is_better else measured <= target
    if ok:
        return "pass"
    factor = target / measured if higher_is_better else measured / target
    return f"**miss** ({factor:.2f}x short)"


def rate_row(name: str, records: int, size: int, result: Run, target: float | None) -> Row:
    rate = records / result.wall
    measured = (
        f"{rate:,.0f} resp/s ({size / result.wall / 2**20:.1f} MB/s, "
        f"{records / result.cpu:,.0f} resp/s per CPU-second), peak {result.peak_mb:.0f} MB"
    )
    if target is None:
        return name, "-", measured, "-"
    return name, f">= {target:,.0f} resp/s", measured, verdict(rate, target, True)


def grep_pattern() -> str:
    """The literal phrases of ``llm-boilerplate`` as one extended regex."""
    import yaml

    rules = yaml.safe_load((ROOT / "rules" / "llm-boilerplate.yaml").read_text())["rules"]
    phrases = [p for rule in rules for p in rule.get("phrases", [])]
    return "|".join(re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", p) for p in phrases)


#: Runs of each report format, taking turns (as ``benchmarks/reporters.py`` does).
FORMAT_ROUNDS = 3


def format_rows(corpus: Path, tmp: Path) -> list[Row]:
    """``--format json`` and ``sarif`` against text: one job, the same corpus, every
    violation written to a file (``--output``). The formats take turns,
    :data:`FORMAT_ROUNDS` runs each, and the fastest run of each counts: one run of
    each, one after the other, let the machine's drift decide (+3% to +23% for SARIF
    in runs of the same code)."""
    times: dict[str, Run] = {}
    for _ in range(FORMAT_ROUNDS):
        for fmt in ("text", "json", "sarif"):
            out = tmp / f"report.{fmt}"
            result = run(
                [
                    *guidelint("--jobs", "1", "--format", fmt, "--output", str(out)),
                    str(corpus),
                ]
            )
            out.unlink(missing_ok=True)
            if fmt not in times or result.wall < times[fmt].wall:
                times[fmt] = result
    text = times["text"]
    rows: list[Row] = []
    for fmt in ("json", "sarif"):
        extra = times[fmt].wall / text.wall - 1
        rows.append(
            (
                f"`--format {fmt}` vs text, to a file",
                "<= 15% more wall time",
                f"{extra:+.0%} ({times[fmt].wall:.1f} s vs {text.wall:.1f} s), "
                f"peak {times[fmt].peak_mb:.0f} MB vs {text.peak_mb:.0f} MB",
                "pass" if extra <= 0.15 else f"**miss** ({extra:.0%} more)",
            )
        )
    return rows


#: Turns of ``--jobs 1`` and ``--jobs 2`` (see :func:`jobs_pair`).
JOBS_ROUNDS = 2


def jobs_pair(path: Path) -> tuple[Run, Run]:
    """``--jobs 1`` and ``--jobs 2`` on ``path``, in turn, :data:`JOBS_ROUNDS` runs each,
    the fastest of each (after the files just made are flushed to disk). One run of
    each let the machine's drift decide: on the shared 2-core machine ``--jobs 1``
    alone spread over 14.8-17.4 s within an hour while ``--jobs 2`` held at 8.5-9.3 s,
    so single pairs gave 1.70x to 1.88x (eighth round)."""
    os.sync()
    best: dict[str, Run] = {}
    for _ in range(JOBS_ROUNDS):
        for jobs in ("1", "2"):
            result = run(guidelint("--jobs", jobs, str(path)))
            if jobs not in best or result.wall < best[jobs].wall:
                best[jobs] = result
    return best["1"], best["2"]


def agreement_rows() -> list[Row]:
    import numpy as np

    from guidelint import agreement

    rng = np.random.default_rng(0)
    n = 1_000_000
    items, raters = rng.integers(0, 250_000, n), rng.integers(0, 8, n)
    values = np.clip(items % 5 + rng.integers(-1, 2, n), 0, 4) + 1
    start = time.perf_counter()
    table = agreement.ratings_from_long(
        items, raters, values, categories=[1, 2, 3, 4, 5], duplicates="last"
    )
    agreement.krippendorff_alpha(table.ratings, level="ordinal", categories=[1, 2, 3, 4, 5])
    agreement.fleiss_kappa(table.ratings, categories=[1, 2, 3, 4, 5])
    big = time.perf_counter() - start
    small = table.ratings[:10_000]
    start = time.perf_counter()
    agreement.bootstrap_ci(
        agreement.krippendorff_alpha,
        small,
        n_resamples=1000,
        level="ordinal",
        categories=[1, 2, 3, 4, 5],
    )
    boot = time.perf_counter() - start
    return [
        (
            "agreement statistics alone: 1M ratings on arrays (pivot, alpha, Fleiss)",
            "-",
            f"{big:.2f} s",
            "-",
        ),
        (
            "agreement statistics alone: bootstrap, 1,000 resamples of 10k items",
            "-",
            f"{boot:.2f} s",
            "-",
        ),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k records only (about 2 minutes)")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument(
        "--python",
        metavar="PATH",
        help="measure the guidelint installed for this interpreter (e.g. a compiled "
        "`pip install .` in a virtualenv) instead of this checkout's src",
    )
    args = parser.parse_args(argv)
    if args.python:
        use_installed(args.python)
    started = time.perf_counter()
    # Compile the checkout's bytecode, as pip does when it installs the package: the
    # start-up rows would otherwise include compiling every module from source where
    # PYTHONDONTWRITEBYTECODE is set.
    compileall.compile_dir(str(ROOT / "src" / "guidelint"), quiet=1)
    info = machine()
    rows: list[Row] = []
    tmp = Path(tempfile.mkdtemp(prefix="guidelint-bench-"))
    # A cache of compiled guidelines of the run's own (warm after the first run, as a
    # user's is), never the user's.
    os.environ["GUIDELINT_CACHE_DIR"] = str(tmp / "cache")
    os.environ.pop("GUIDELINT_NO_CACHE", None)
    try:
        say = lambda text: print(f"[{time.perf_counter() - started:6.1f}s] {text}", flush=True)  # noqa: E731
        sizes = [10_000] if args.quick else [10_000, 100_000, 1_000_000]
        say("writing the corpus")
        made = json.loads(
            subprocess.run(
                [sys.executable, str(HERE / "corpus.py"), str(tmp), "100", *map(str, sizes)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        origin, n = made["origin"], made["records"]
        corpus, corpus_size = tmp / "corpus.jsonl", made["sizes"]["corpus"]
        if not args.quick:
            say(f"customer-support on {origin}")
            full = run(guidelint("--jobs", "1", str(corpus)))
            rows.append(
                rate_row(f"customer-support, 1 job, {n:,} responses", n, corpus_size, full, None)
            )
            full_jobs = run(guidelint(str(corpus)))  # default jobs: every core here
            say("plain re script")
            plain = run([sys.executable, str(HERE / "baseline_re.py"), str(corpus)])
            ratio = plain.wall / full.wall
            rows.append(
                (
                    "customer-support, 1 job, vs plain `re` script",
                    ">= 5.5x faster",
                    f"{ratio:.2f}x ({full.wall:.1f} s vs {plain.wall:.1f} s)",
                    verdict(ratio, 5.5, True),
                )
            )
            say("llm-boilerplate against grep, on the corpus ten times over")
            tenfold = tmp / "corpus10.jsonl"
            with tenfold.open("wb") as out:
                for _ in range(10):
                    with corpus.open("rb") as part:
                        shutil.copyfileobj(part, out)
            boiler = run(guidelint("--jobs", "2", "--guideline", "llm-boilerplate", str(tenfold)))
            boiler1 = run(guidelint("--jobs", "1", "--guideline", "llm-boilerplate", str(corpus)))
            grep = run(
                ["grep", "-ciE", grep_pattern(), str(tenfold)], repeat=3, output=tmp / "grep.txt"
            )
            ratio = boiler.wall / grep.wall
            rows.append(
                (
                    f"llm-boilerplate, `--jobs 2`, {10 * n:,} records, vs `grep -ciE`",
                    "<= 3x grep's time",
                    f"{ratio:.2f}x ({boiler.wall:.2f} s vs {grep.wall:.2f} s)",
                    verdict(ratio, 3, False),
                )
            )
            tenfold.unlink()
            say("report formats, every violation written to a file")
            rows.extend(format_rows(corpus, tmp))
            for name, result in (
                ("customer-support, default jobs", full_jobs),
                ("plain `re` script", plain),
                ("llm-boilerplate, 1 job", boiler1),
            ):
                rows.append(rate_row(f"{name}, {n:,} responses", n, corpus_size, result, None))
            rows.append(
                rate_row(
                    f"llm-boilerplate, `--jobs 2`, {10 * n:,} records",
                    10 * n,
                    10 * corpus_size,
                    boiler,
                    None,
                )
            )
        peaks = []
        files = {count: tmp / f"r{count}.jsonl" for count in sizes}
        for count in sizes:
            say(f"customer-support on {count:,} records")
            result = run(guidelint("--jobs", "1", str(files[count])))
            peaks.append(result.peak_mb)
            size = made["sizes"][str(count)]
            rows.append(
                rate_row(f"customer-support, 1 job, {count:,} records", count, size, result, None)
            )
        rows.append(
            (
                f"peak memory, {sizes[0]:,} to {sizes[-1]:,} records",
                "< 150 MB, flat",
                " / ".join(f"{p:.0f}" for p in peaks) + " MB",
                verdict(max(peaks), 150, False)
                if max(peaks) - min(peaks) < 15
                else "**miss** (grows)",
            )
        )
        tenk = files[10_000]
        for name in ("tokens", "readability"):
            say(f"{name} check alone")
            result = run(
                guidelint("--jobs", "1", "--guideline", str(HERE / f"{name}.yaml"), str(tenk))
            )
            rows.append(
                rate_row(
                    f"`{name}` check alone, 10,000 records",
                    10_000,
                    tenk.stat().st_size,
                    result,
                    None,
                )
            )
        jobs_file = files[10_000 if args.quick else 100_000]
        say("--jobs 2 against --jobs 1")
        one, two = jobs_pair(jobs_file)
        rows.append(
            (
                f"`--jobs 2` vs `--jobs 1` ({jobs_file.name})",
                ">= 1.8x",
                f"{one.wall / two.wall:.2f}x ({one.wall:.1f} s vs {two.wall:.1f} s)",
                verdict(one.wall / two.wall, 1.8, True),
            )
        )
        say("start-up")
        startup_dir = tmp / "startup"
        startup_dir.mkdir()
        _, started_up = startup.measure(startup_dir, 5)
        rows.extend(startup.rows_of(started_up))
        say("agreement end to end")
        agreement_dir = tmp / "agreement"
        agreement_dir.mkdir()
        measured = agreement_e2e.measure(agreement_dir)
        if measured is None:
            raise SystemExit("guidelint agreement failed")
        for what, result, _, targets, verdicts in measured[1]:
            rows.append(
                (
                    f"agreement, 1M ratings from JSON Lines to the JSON report, {what}",
                    targets,
                    f"{result.wall:.2f} s ({result.cpu:.2f} s CPU), peak {result.peak_mb:.0f} MB",
                    ", ".join(verdicts),
                )
            )
        rows.extend(agreement_rows())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    info.append(("load average at end", " ".join(f"{x:.2f}" for x in os.getloadavg())))
    took = time.perf_counter() - started
    report = render(rows, info, origin, took, args.quick, installed=bool(args.python))
    print(report)
    if not args.no_write:
        write_doc(report)
    return 0


def render(
    rows: list[Row],
    info: list[tuple[str, str]],
    origin: str,
    took: float,
    quick: bool,
    *,
    installed: bool = False,
) -> str:
    flags = (" --quick" if quick else "") + (" --python VENV/bin/python" if installed else "")
    what = "an installed guidelint" if installed else "this checkout's src"
    lines = [
        f"Measured with `python benchmarks/run.py{flags}` ({what}: `{guidelint_mode()}`; "
        f"took {took:.0f} s). Corpus: {origin}.",
        "",
        *machine_table(info),
        "",
        "| measure | target | measured | result |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
    ]
    return "\n".join(lines)


def write_doc(report: str) -> None:
    write_section(DOC, BEGIN, END, report)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
