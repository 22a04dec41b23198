"""Instructions per record of a whole ``guidelint check`` run, under callgrind.

    python benchmarks/run_instructions.py                          # this checkout, pure
    python benchmarks/run_instructions.py --python VENV/bin/python --installed   # a build
    python benchmarks/run_instructions.py --src OTHER/CHECKOUT/src  # another version

``benchmarks/rule_instructions.py`` counts ``Linter.check_record`` on 1,000 records
after 200, which is quick but not the corpus a user checks: the first 1,200 AlpacaEval
records answer 805 different requests, so most of its records judge a request for the
first time, where on the whole corpus (44 answers to each request) 2% do. This counts
what ``benchmarks/run.py`` times: the command line (``check FILE --jobs 1 --no-config``,
the text report to ``/dev/null``) on every AlpacaEval record, less the same run on its
first record (start-up, loading the guideline, from the cache of compiled guidelines where the
version has one), divided by the records. Start-up,
reading, the rules and the report are all in it. Each run takes a few minutes
(callgrind runs Python about 50 times slower); ``--records N`` takes the first N.

Instructions are not time: code that misses the caches more (a larger compiled
binary, bigger tables) takes longer per instruction; ``--cache`` adds callgrind's cache
simulation (first-level instruction and data misses), slower still. Needs valgrind.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[1] / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"


def count(
    python: str, src: str | None, path: str, guideline: str, cache: bool, cache_dir: str
) -> dict[str, int]:
    """Callgrind's totals for one ``guidelint check`` run: ``Ir`` (instructions), and
    with ``cache`` the simulated cache misses. ``cache_dir`` holds this benchmark's own
    cache of compiled guidelines."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    if cache:
        command.append("--cache-sim=yes")
    command += [python, "-m", "guidelint", "check", path, "-g", guideline, "--jobs", "1"]
    command.append("--no-config")
    env = {**os.environ, "PYTHONHASHSEED": "0", "GUIDELINT_CACHE_DIR": cache_dir}
    if src is not None:
        env["PYTHONPATH"] = src
    result = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, check=False
    )
    events = re.search(r"Events *: *(.+)", result.stderr)
    totals = re.search(r"Collected *: *([\d ]+)", result.stderr)
    if result.returncode not in (0, 1) or events is None or totals is None:
        raise SystemExit(f"callgrind failed: {result.stderr.strip()[-500:]}")
    return dict(zip(events.group(1).split(), map(int, totals.group(1).split()), strict=False))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="the Python to run")
    parser.add_argument(
        "--src", help="run the guidelint of this source folder (default: this checkout's)"
    )
    parser.add_argument(
        "--installed", action="store_true", help="the guidelint installed for --python"
    )
    parser.add_argument("--records", type=int, default=0, help="the first N records (0: all)")
    parser.add_argument("--guideline", default="customer-support")
    parser.add_argument("--cache", action="store_true", help="also simulate the caches")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"{DATA} is not present", file=sys.stderr)
        return 1
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    src = None if args.installed else (args.src or str(HERE.parent / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        corpus, first = Path(tmp) / "corpus.jsonl", Path(tmp) / "first.jsonl"
        with gzip.open(DATA, "rt", encoding="utf-8") as lines:
            chosen = list(islice(lines, args.records or None))
        corpus.write_text("".join(chosen), encoding="utf-8")
        first.write_text(chosen[0], encoding="utf-8")
        # (twice: the first run may write the cache of compiled guidelines, which the
        # others then read, as every run after a user's first does)
        own = str(Path(tmp) / "cache")
        count(args.python, src, str(first), args.guideline, False, own)
        one = count(args.python, src, str(first), args.guideline, args.cache, own)
        every = count(args.python, src, str(corpus), args.guideline, args.cache, own)
    records = len(chosen) - 1
    print(
        f"guidelint check, {args.guideline}, {records + 1:,} AlpacaEval records, "
        + ("the installed build" if src is None else f"source {src}")
    )
    for event, total in every.items():
        print(f"{event}: {(total - one.get(event, 0)) / records:,.0f} per record")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
