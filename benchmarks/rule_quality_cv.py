"""Cross-validation inside the tuning part: how well do rule changes generalise?

    python benchmarks/rule_quality_cv.py                     # scores per class
    python benchmarks/rule_quality_cv.py --show restated_question fn 10

The held-out part is reported, never tuned on (benchmarks/rule_quality.py). To judge a
change before the lead measures held-out, the tuning part is cut into five folds by a
fixed hash of the id (``sha256("fold:" + id) % 5``): folds 0-3 are the *design* folds,
whose errors may be read while changing a rule; fold 4 is the *judge* fold, whose
scores are printed but whose texts are never shown. A change that helps the design
folds and not the judge fold fits items, not language. Only ``split == tuning`` rows
are read; held-out texts, labels and ids are never loaded.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "rule_quality"))  # its corpus.py, not benchmarks/corpus.py
sys.path.insert(0, str(HERE.parent / "src"))

import rq_corpus as corpus  # noqa: E402
import rule_quality as rq  # noqa: E402

from guidelint.engine import Linter  # noqa: E402
from guidelint.evaluation import read_labelled  # noqa: E402
from guidelint.guideline import load_guideline  # noqa: E402

FOLDS = 5
JUDGE = 4


def fold_of(item_id: str) -> int:
    digest = hashlib.sha256(("fold:" + item_id).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % FOLDS


def load_tuning() -> tuple[list[dict[str, Any]], dict[str, Any], list[Any], Any] | None:
    """The tuning part's label rows, texts (by id), labelled records and the guideline
    (``None``, said on standard error, when they cannot be read)."""
    if not corpus.available():
        print("../shared/data is not present: the texts cannot be read", file=sys.stderr)
        return None
    rows = [row for row in rq.read_labels() if row["split"] == "tuning"]
    items = corpus.load({row["id"] for row in rows})
    guideline = load_guideline(rq.GUIDELINE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "labelled.jsonl"
        rq.write_labelled(rows, items, path)
        labelled, errors = read_labelled(path, guideline)
    if errors:
        print(f"{len(errors)} labelled records could not be read", file=sys.stderr)
        return None
    return rows, items, labelled, guideline


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--show", nargs=3, metavar=("CLASS", "fp|fn", "N"), help="errors of the design folds"
    )
    args = parser.parse_args()
    tuning = load_tuning()
    if tuning is None:
        return 1
    rows, items, labelled, guideline = tuning
    linter = Linter(guideline)
    classes = {name: rules for name, rules in rq.CLASS_RULES.items() if name != "outdated_info"}
    by_id = {row["id"]: row for row in rows}
    outcome: dict[str, dict[str, tuple[bool, bool]]] = {}
    for item in labelled:
        fired = {violation.rule for violation in linter.check_record(item.record)}
        expected = set(rq.expected_of(by_id[item.id]))
        outcome[item.id] = {
            name: (name in expected, any(rule in fired for rule in rules))
            for name, rules in classes.items()
        }
    if args.show:
        name, kind, count = args.show
        wanted = (False, True) if kind == "fp" else (True, False)
        shown = [i for i in outcome if fold_of(i) != JUDGE and outcome[i][name] == wanted]
        for item_id in shown[: int(count)]:
            item = items[item_id]
            print(f"===== {item_id} | {by_id[item_id].get('note', '')[:200]}")
            print("  Q:", item.instruction[:300].replace("\n", " "))
            print("  R:", item.response[:400].replace("\n", " | "))
        return 0

    def score(ids: list[str], name: str) -> str:
        tp = sum(outcome[i][name] == (True, True) for i in ids)
        fp = sum(outcome[i][name] == (False, True) for i in ids)
        fn = sum(outcome[i][name] == (True, False) for i in ids)
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "  - "
        recall = f"{tp / (tp + fn):.2f}" if tp + fn else "  - "
        return f"P {precision} R {recall} ({tp:3d} tp {fp:3d} fp {fn:3d} fn)"

    design = [i for i in outcome if fold_of(i) != JUDGE]
    judge = [i for i in outcome if fold_of(i) == JUDGE]
    print(f"tuning part: {len(design)} design items (folds 0-3), {len(judge)} judge items (fold 4)")
    print(f"{'class':<24}  {'design folds 0-3':<36}  judge fold 4")
    for name in classes:
        print(f"{name:<24}  {score(design, name):<36}  {score(judge, name)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
