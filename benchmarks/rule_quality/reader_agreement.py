"""How far two readers agree, and how close the rules come to a reader.

    python benchmarks/rule_quality/reader_agreement.py

Some responses of the evaluation set were read a second time (``sample.py
--second-reading``: a fixed random draw over every batch) by readers who saw neither
the first reading nor the rules; their labels are in ``second_reading.jsonl``. For
each class this prints, on those responses:

* the two readings' agreement (percent and Cohen's kappa, computed by guidelint's own
  ``guidelint.agreement.cohen_kappa``);
* the second reading scored against the first as if it were a rule (precision and
  recall): what a careful human reaches against the reference the rules are judged
  by, the ceiling the targets of docs/rule-quality.md should be read against;
* the rules' kappa with each reading.

Both splits count here: the point is the readers, not the rules' generalisation.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import rq_corpus as corpus  # noqa: E402
import rule_quality  # noqa: E402

SECOND = HERE / "second_reading.jsonl"


def classes_of(row: dict[str, Any]) -> set[str]:
    """The classes a reading found in one response (the derived one included)."""
    return set(rule_quality.expected_of(row))


def rule_classes(ids: list[str], first: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """The classes the bundled rules find in each response (by the class-to-rule map)."""
    from guidelint.engine import Linter
    from guidelint.evaluation import read_labelled
    from guidelint.guideline import load_guideline

    guideline = load_guideline(rule_quality.GUIDELINE)
    items = corpus.load(set(ids))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "labelled.jsonl"
        rule_quality.write_labelled([first[i] for i in ids], items, path)
        labelled, errors = read_labelled(path, guideline)
    if errors:
        raise SystemExit(f"unreadable labelled records: {errors[:3]}")
    linter = Linter(guideline)
    found: dict[str, set[str]] = {}
    for item in labelled:
        fired = {violation.rule for violation in linter.check_record(item.record)}
        found[item.id] = {
            name
            for name, rules in rule_quality.CLASS_RULES.items()
            if any(rule in fired for rule in rules)
        }
    return found


def kappa(a: list[int], b: list[int]) -> str:
    from guidelint.agreement import cohen_kappa

    value = cohen_kappa(a, b, categories=[0, 1]).value
    return "-" if value is None else f"{value:.2f}"


def main() -> int:
    if not corpus.available():
        print("../shared/data is not present: nothing to compare", file=sys.stderr)
        return 1
    first = {row["id"]: row for row in rule_quality.read_labels()}
    second = {row["id"]: row for row in rule_quality.read_labels(SECOND)}
    ids = [item_id for item_id in second if item_id in first]
    rules = rule_classes(ids, first)
    print(f"{len(ids)} responses read twice ({SECOND.name})\n")
    header = (
        f"{'class':<24} {'pos 1st/2nd':>11} {'agree':>6} {'kappa':>6}   "
        f"{'2nd vs 1st P / R':>16}   {'rules kappa 1st / 2nd':>21}"
    )
    print(header)
    print("-" * len(header))
    for name in [rule_quality.EITHER, *corpus.CLASSES]:
        a = [int(name in classes_of(first[i])) for i in ids]
        b = [int(name in classes_of(second[i])) for i in ids]
        r = [int(name in rules[i]) for i in ids]
        if not any(a) and not any(b):
            continue
        both = sum(x and y for x, y in zip(a, b, strict=True))
        precision = f"{both / sum(b):.2f}" if sum(b) else "-"
        recall = f"{both / sum(a):.2f}" if sum(a) else "-"
        agree = sum(x == y for x, y in zip(a, b, strict=True)) / len(ids)
        print(
            f"{name:<24} {f'{sum(a)}/{sum(b)}':>11} {agree:>6.2f} {kappa(a, b):>6}   "
            f"{f'{precision} / {recall}':>16}   {f'{kappa(a, r)} / {kappa(b, r)}':>21}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
