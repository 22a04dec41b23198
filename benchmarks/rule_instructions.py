"""Instructions per record of a guideline's rules under callgrind (not moved by load).

    python benchmarks/rule_instructions.py [--records 1000] [--guideline customer-support]
    python /path/to/other/checkout/benchmarks/rule_instructions.py          # compare

On a shared machine ``benchmarks/rule_cost.py`` (CPU time) moves by about 5% between
runs; the number of instructions the interpreter executes does not. This runs
``valgrind --tool=callgrind`` twice on a child of itself that reads the first
``--warm + --records`` AlpacaEval responses (../shared/data), checks ``--warm`` of them
with a fresh Linter (caches of messages and words fill), then checks ``--records``
more with another, or none; the difference divided by ``--records`` is the cost of
checking one record (``Linter.check_record``: the rules, the engine, the summary; not
reading). ``PYTHONHASHSEED=0`` keeps the two runs alike. Needs valgrind; takes a
minute or two (callgrind runs Python about 50 times slower).
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

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "alpaca_eval" / "outputs.jsonl.gz"


def child(path: str, guideline_name: str, warm: int, records: int) -> None:
    """Check ``warm`` records, then ``records`` more (what the parent counts)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from guidelint.engine import Linter
    from guidelint.guideline import load_guideline
    from guidelint.readers import read_records

    guideline = load_guideline(guideline_name)
    items = [r for r in read_records(path, fields=guideline.fields) if not isinstance(r, Exception)]
    linter = Linter(guideline)
    for record in items[:warm]:
        linter.check_record(record)
    linter = Linter(guideline)
    for record in items[warm : warm + records]:
        linter.check_record(record)


def instructions(path: str, guideline: str, warm: int, records: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        path,
        guideline,
        str(warm),
        str(records),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    found = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"callgrind failed: {result.stderr.strip()[-500:]}")
    return int(found.group(1))


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        path, guideline, warm, records = sys.argv[2:6]
        child(path, guideline, int(warm), int(records))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--guideline", default="customer-support")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"{DATA} is not present", file=sys.stderr)
        return 1
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "sample.jsonl")
        with gzip.open(DATA, "rt", encoding="utf-8") as src, open(path, "w") as out:
            out.writelines(islice(src, args.warm + args.records))
        base = instructions(path, args.guideline, args.warm, 0)
        total = instructions(path, args.guideline, args.warm, args.records)
    per_record = (total - base) // args.records
    print(f"{args.records} records after {args.warm} warm-up, guideline {args.guideline}")
    print(f"{per_record:,} instructions per record (Linter.check_record)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
