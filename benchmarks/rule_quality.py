"""How right are the bundled rules? Scores on hand-labelled real responses.

    python benchmarks/rule_quality.py                 # the held-out part (the reported one)
    python benchmarks/rule_quality.py --split tuning  # the part rules may be tuned on
    python benchmarks/rule_quality.py --split all --json results.json
    python benchmarks/rule_quality.py --batch 2       # one batch of the sample only

Reads the labels (``benchmarks/rule_quality/labels.jsonl``: ids, classes, split), the
texts by id from ``../shared/data`` (never copied into the repository), and prints per
class and per bundled rule: precision, recall and F1 with 95% Wilson intervals, the ids
of false positives and false negatives, the false alarms in quoted speech, fiction,
role-play, code and third-person text about AI, and the same scores for the phrase lists
that teams use today to clean SFT data (``rule_quality/community_lists.yaml``), applied
as their scripts apply them. Method and results: docs/rule-quality.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "rule_quality"))
sys.path.insert(0, str(HERE.parent / "src"))

import rq_corpus as corpus  # noqa: E402
import yaml  # noqa: E402

from guidelint.evaluation import (  # noqa: E402
    ClassScore,
    Evaluation,
    evaluate,
    format_table,
    read_labelled,
)
from guidelint.guideline import load_guideline  # noqa: E402

LABELS = HERE / "rule_quality" / "labels.jsonl"
COMMUNITY = HERE / "rule_quality" / "community_lists.yaml"
GUIDELINE = "customer-support"

CLASSES = corpus.CLASSES
#: The derived class the first target is set on: either of the two, one finding counts.
EITHER = "ai_identity_or_refusal"

#: Which bundled rules should find each class.
CLASS_RULES: dict[str, list[str]] = {
    EITHER: ["ai-identity-disclaimer", "knowledge-cutoff", "refusal-boilerplate"],
    "ai_identity": ["ai-identity-disclaimer", "knowledge-cutoff"],
    "refusal": ["refusal-boilerplate"],
    "inappropriate_apology": ["no-inappropriate-apology"],
    "restated_question": ["no-repeated-question"],
    "list_in_simple_answer": ["no-lists-in-simple-responses"],
    "outdated_info": ["outdated-product-info"],
}

#: Classes whose rules must stay quiet in contexts the labellers marked.
CONTEXT_RULES = sorted({rule for rules in CLASS_RULES.values() for rule in rules})


def read_labels(path: Path = LABELS) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{number}: {exc}") from exc
    return rows


def expected_of(row: dict[str, Any]) -> list[str]:
    found = [name for name in CLASSES if row.get(name)]
    if row.get("ai_identity") or row.get("refusal"):
        found.append(EITHER)
    return found


def write_labelled(rows: list[dict[str, Any]], items: dict[str, corpus.Item], out: Path) -> None:
    """The labelled records as a dataset ``guidelint rules eval`` reads."""
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            item = items[row["id"]]
            record = {"id": row["id"], **item.record()}
            record["expected"] = expected_of(row)
            record["split"] = row["split"]
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


# -- community lists --------------------------------------------------------------------
def community_matchers() -> dict[str, tuple[str, Callable[[str], bool]]]:
    """Each list's title and a function that says whether it flags a response."""
    lists = yaml.safe_load(COMMUNITY.read_text(encoding="utf-8"))
    matchers: dict[str, tuple[str, Callable[[str], bool]]] = {}
    for name, spec in lists.items():
        kind = spec["match"]
        if kind == "substring_ignore_case":
            lowered = [phrase.lower() for phrase in spec["phrases"]]
            matchers[name] = (
                spec["title"],
                lambda text, p=lowered: any(word in text.lower() for word in p),
            )
        elif kind == "substring":
            phrases = list(spec["phrases"])
            matchers[name] = (spec["title"], lambda text, p=phrases: any(w in text for w in p))
        elif kind == "airoboros":
            patterns = [re.compile(pattern, re.I) for pattern in spec["patterns"]]
            starts = tuple(spec["startswith"])

            def airoboros(
                text: str,
                patterns: list[re.Pattern[str]] = patterns,
                starts: tuple[str, ...] = starts,
            ) -> bool:
                # As the script calls it: banned.search(text, re.I) searches from pos re.I == 2.
                return any(p.search(text, int(re.I)) for p in patterns) or text.startswith(starts)

            matchers[name] = (spec["title"], airoboros)
        else:
            raise SystemExit(f"{COMMUNITY}: unknown match kind {kind!r} for {name}")
    return matchers


def score_community(
    rows: list[dict[str, Any]], items: dict[str, corpus.Item]
) -> list[tuple[str, ClassScore]]:
    scores = []
    for name, (title, flags) in community_matchers().items():
        score = ClassScore(name, ())
        for row in rows:
            expected = bool(row.get("ai_identity") or row.get("refusal"))
            score.add(row["id"], expected, flags(items[row["id"]].response))
        scores.append((title, score))
    return scores


def context_alarms(
    rows: list[dict[str, Any]], labelled_path: Path, split: str | None
) -> dict[str, tuple[int, list[str]]]:
    """Per context: items that have it, and ids where a class rule fired on a clean item."""
    from guidelint.engine import Linter

    guideline = load_guideline(GUIDELINE)
    labelled, _ = read_labelled(labelled_path, guideline)
    by_id = {item.id: item for item in labelled}
    linter = Linter(guideline)
    result: dict[str, tuple[int, list[str]]] = {}
    for row in rows:
        if split and row["split"] != split:
            continue
        contexts = row.get("contexts") or []
        if not contexts:
            continue
        fired = {v.rule for v in linter.check_record(by_id[row["id"]].record)}
        for context in contexts:
            count, alarms = result.get(context, (0, []))
            wrong = [
                rule
                for cls, rules in CLASS_RULES.items()
                if cls != EITHER and not row.get(cls)
                for rule in rules
                if rule in fired
            ]
            if wrong:
                alarms = [*alarms, f"{row['id']} ({', '.join(sorted(set(wrong)))})"]
            result[context] = (count + 1, alarms)
    return result


def _fmt(score: ClassScore) -> str:
    def one(value: float | None, interval: tuple[float, float]) -> str:
        return "-" if value is None else f"{value:.2f} [{interval[0]:.2f}, {interval[1]:.2f}]"

    f1 = "-" if score.f1 is None else f"{score.f1:.2f}"
    return (
        f"{one(score.precision, score.precision_interval):<20}  "
        f"{one(score.recall, score.recall_interval):<20}  {f1}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="heldout", choices=["heldout", "tuning", "all"])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", type=Path, help="also write the scores as JSON here")
    parser.add_argument("--show-ids", type=int, default=20)
    parser.add_argument(
        "--batch",
        type=int,
        help="only the responses of this batch of the sample (rule_quality/sample.py)",
    )
    args = parser.parse_args()
    if not corpus.available():
        print("../shared/data is not present: the texts cannot be read", file=sys.stderr)
        return 1
    rows = read_labels(args.labels)
    if args.batch is not None:
        rows = [row for row in rows if row.get("batch", 1) == args.batch]
    split = None if args.split == "all" else args.split
    chosen = [row for row in rows if split is None or row["split"] == split]
    items = corpus.load({row["id"] for row in rows})
    missing = sorted({row["id"] for row in rows} - set(items))
    if missing:
        print(
            f"{len(missing)} labelled ids are not in ../shared/data: {missing[:5]}", file=sys.stderr
        )
        return 1
    guideline = load_guideline(GUIDELINE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "labelled.jsonl"
        write_labelled(rows, items, path)
        labelled, errors = read_labelled(path, guideline)
        if errors:
            print(f"{len(errors)} labelled records could not be read", file=sys.stderr)
            return 1
        result: Evaluation = evaluate(guideline, labelled, CLASS_RULES, split=split)
        alarms = context_alarms(rows, path, split)
    print(f"Bundled guideline '{GUIDELINE}' (extends llm-boilerplate)")
    print(format_table(result, show_ids=args.show_ids))
    print("False alarms of the class rules in marked contexts (clean for that class):")
    for context, (count, ids) in sorted(alarms.items()):
        print(
            f"  {context:<16} {count:>4} items  {len(ids)} with a false alarm  {', '.join(ids[:8])}"
        )
    print(f"\nCommunity lists on '{EITHER}' ({len(chosen)} records):")
    print(f"  {'list':<48}  {'precision [95% CI]':<20}  {'recall [95% CI]':<20}  F1")
    either = next(score for score in result.classes if score.name == EITHER)
    print(f"  {'guidelint customer-support (llm-boilerplate)':<48}  {_fmt(either)}")
    community = score_community(chosen, items)
    for title, score in community:
        print(f"  {title:<48}  {_fmt(score)}")
    if args.json:
        payload = result.as_dict()
        payload["community"] = {score.name: score.as_dict() for _, score in community}
        payload["contexts"] = {c: {"items": n, "alarms": ids} for c, (n, ids) in alarms.items()}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
