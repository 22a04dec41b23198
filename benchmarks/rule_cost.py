"""CPU time per record of a guideline's rules, in one process (steady under load).

    python benchmarks/rule_cost.py [--records 6000] [--guideline customer-support]
    python /path/to/other/checkout/benchmarks/rule_cost.py                 # compare
    /path/to/venv/bin/python benchmarks/rule_cost.py --installed            # compiled

Reads the first N AlpacaEval responses (../shared/data), checks them three times with a
fresh Linter, and prints the best ``process_time`` per record, for the whole guideline
and for each rule alone (its cost over checking with no rule). ``process_time`` counts
this process's CPU only, so runs on a shared machine compare better than wall time.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

if "--installed" not in sys.argv:  # this checkout's code, unless asked for the installed one
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from guidelint.engine import Linter, Selection
from guidelint.guideline import load_guideline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"


def best_time(path: str, guideline: object, selection: Selection | None) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(3):
        linter = Linter(guideline, selection=selection)  # type: ignore[arg-type]
        start = time.process_time()
        found = sum(1 for _ in linter.check_file(path))
        times.append(time.process_time() - start)
    return min(times), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--guideline", default="customer-support")
    parser.add_argument("--per-rule", action="store_true", help="also each rule alone")
    parser.add_argument(
        "--installed",
        action="store_true",
        help="the guidelint installed for this Python (e.g. a compiled pip install .)",
    )
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"{DATA} is not present", file=sys.stderr)
        return 1
    guideline = load_guideline(args.guideline)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "sample.jsonl")
        with gzip.open(DATA, "rt", encoding="utf-8") as src, open(path, "w") as out:
            out.writelines(islice(src, args.records))
        none = Selection(select=frozenset({"__no_rule__"}))
        base, _ = best_time(path, guideline, none)
        total, found = best_time(path, guideline, None)
        print(f"{args.records} records, guideline {args.guideline} ({_mode()})")
        print(f"reading only      {base / args.records * 1e6:8.1f} µs/record")
        print(f"all rules         {total / args.records * 1e6:8.1f} µs/record ({found} violations)")
        if args.per_rule:
            for rule in guideline.rules:
                spent, n = best_time(path, guideline, Selection(select=frozenset({rule.id})))
                extra = (spent - base) / args.records * 1e6
                print(f"  {rule.id:<32} {extra:+8.1f} µs/record ({n} violations)")
    return 0


def _mode() -> str:
    try:
        from guidelint.compiled import mode
    except ImportError:  # an older checkout (compared with, see the module docs)
        return "pure Python"
    return mode()


if __name__ == "__main__":
    raise SystemExit(main())
