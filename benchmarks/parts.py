"""Where the time of ``guidelint check`` goes, per record: ``python benchmarks/parts.py``.

Times, in one process and in microseconds per record of the benchmark corpus (see
:mod:`corpus`; ``--records N`` takes the first N, default 10,000):

* reading: ``json.loads`` alone, then the whole of ``read_records`` (decoding, schema
  detection, building records);
* every rule of the guideline (``--guideline``, default ``customer-support``), run the
  way the engine's own loop runs it: its ``when`` first, then the phrase index, then
  the check. The phrase index (one search for all phrase-like rules, with the plain
  and lower-cased text it needs) is its own row; analysis shared by several rules is
  counted under the first rule that asks for it;
* the engine's work around the rules (``record_violations`` minus the rules: targets,
  violations, suppressions) and ``account`` (summary, observers).

Each part is the best of ``--repeat`` runs (default 3). This is the table under "Where
the time goes" in ``docs/benchmarks.md``; ``python -m pyinstrument -m guidelint check
-q --no-progress --jobs 1 FILE`` gives the call tree of a whole run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))  # this checkout's code

from corpus import source_records, write_replicated  # noqa: E402

from guidelint.checks.base import Target  # noqa: E402
from guidelint.engine import Linter  # noqa: E402
from guidelint.model import Record  # noqa: E402
from guidelint.readers import read_records  # noqa: E402
from guidelint.text import TextAnalysis  # noqa: E402


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def rule_times(linter: Linter, records: list[Record]) -> Counter[str]:
    """Seconds per rule (and for the phrase index) over all records, the engine's way."""
    spent: Counter[str] = Counter()
    clock = time.perf_counter
    for record in records:
        for text in record.texts:
            if not text.trained:
                continue
            plan = linter._plans.get(text.role) or linter._plan(text.role)
            analysis = TextAnalysis(text.text)
            target = Target(text, record, analysis)
            skipped = None
            for position, compiled in enumerate(plan.rules):
                rule = compiled.rule
                started = clock()
                later = (  # `when` judged after the check, unless it is known now
                    position in plan.deferred
                    and rule.when is not None
                    and not rule.when.known_now(record, text, analysis)
                )
                if (
                    rule.when is not None
                    and not later
                    and not rule.when.holds(record, text, analysis)
                ):
                    spent[f"`when` of {rule.id}"] += clock() - started
                    continue
                if position in plan.gated:
                    if skipped is None:
                        skipped = plan.index.skipped(analysis)
                        spent["phrase index"] += clock() - started
                        started = clock()
                    if position in skipped:
                        continue
                found = list(compiled.check.check(target))
                spent[rule.id] += clock() - started
                if later and found and rule.when is not None:
                    started = clock()
                    rule.when.holds(record, text, analysis)
                    spent[f"`when` of {rule.id}"] += clock() - started
    return spent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--guideline", default="customer-support")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    base, label = source_records()
    with tempfile.TemporaryDirectory(prefix="guidelint-parts-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        write_replicated(base, args.records, path)
        lines = path.read_bytes().splitlines()
        linter = Linter(args.guideline)
        records = [
            r for r in read_records(str(path), fields=linter.fields) if isinstance(r, Record)
        ]
        n = len(records)
        rows: list[tuple[str, float]] = [
            ("reading: json.loads", best_of(args.repeat, lambda: [json.loads(x) for x in lines])),
            (
                "reading: read_records (all of it)",
                best_of(args.repeat, lambda: list(read_records(str(path), fields=linter.fields))),
            ),
        ]
        rules = min(
            (rule_times(linter, records) for _ in range(args.repeat)),
            key=lambda spent: sum(spent.values()),
        )
        rows += rules.most_common()
        violations = [linter.record_violations(r) for r in records]
        engine = best_of(args.repeat, lambda: [linter.record_violations(r) for r in records])
        rows.append(("engine around the rules", max(engine - sum(rules.values()), 0.0)))
        fresh = Linter(args.guideline)
        rows.append(
            (
                "account (summary, observers)",
                best_of(
                    1,
                    lambda: [fresh.account(r, v) for r, v in zip(records, violations, strict=True)],
                ),
            )
        )
    print(f"{args.guideline} on {n:,} records of {label}; µs per record, best of {args.repeat}")
    total = 0.0
    for name, seconds in rows:
        micros = seconds / n * 1e6
        if name != "reading: json.loads":
            total += micros
        print(f"| {name} | {micros:.1f} |")
    print(f"| total (json.loads counted once, inside read_records) | {total:.1f} |")
    print(f"| responses/s this implies on one core, start-up excluded | {1e6 / total:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
