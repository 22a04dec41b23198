"""Merge labellers' shard files into labels.jsonl, adding each id's split and stratum.

    python benchmarks/rule_quality/merge_labels.py SHARD.jsonl... > labels.new.jsonl
    python benchmarks/rule_quality/merge_labels.py labels.jsonl --relabel CHANGES.jsonl

Keeps the draw's order (sample.py, batch after batch), so the file diffs cleanly when
labels are fixed; the current ``labels.jsonl`` can be one of the shards (to add a batch).

``--relabel`` applies a relabelling (one JSON object per change: ``id``, ``class``,
``old``, ``new``, ``decision``, ``reason``; see ``relabels/``): a change whose ``old`` is
not the current label is an error, and each changed row's note says what changed and
under which decision of LABELLING.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rq_corpus as corpus
import sample

KEYS = corpus.CLASSES


def relabel(labels: dict[str, dict[str, object]], name: str) -> None:
    """Apply the changes listed in ``name`` to ``labels`` (checked against ``old``)."""
    for number, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), 1):
        change = json.loads(line) if line.strip() else {}
        if "id" not in change:
            continue  # (a labeller's closing line)
        row, key = labels.get(change["id"]), change["class"]
        if row is None or key not in KEYS or row[key] != change["old"]:
            raise SystemExit(f"{name}:{number}: {change['id']} {key} is not {change['old']}")
        row[key] = change["new"]
        done = f"{key} {change['old']}->{change['new']} ({change['decision']})"
        row["note"] = "; ".join(filter(None, [str(row.get("note") or ""), f"relabelled: {done}"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shards", nargs="+")
    parser.add_argument("--relabel", action="append", default=[], metavar="CHANGES")
    args = parser.parse_args()
    labels: dict[str, dict[str, object]] = {}
    for name in args.shards:
        for number, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            for key in KEYS:
                if row.get(key) not in (0, 1):
                    raise SystemExit(f"{name}:{number}: {key} must be 0 or 1")
            labels[row["id"]] = row
    for name in args.relabel:
        relabel(labels, name)
    for item_id, stratum, batch in sample.draw_all():
        row = labels.get(item_id)
        if row is None:
            continue
        out = {"id": item_id, "split": corpus.split_of(item_id), "stratum": stratum}
        if batch > 1:  # (batch 1's rows are kept as they were written)
            out["batch"] = batch
        out.update({key: row[key] for key in KEYS})
        out["contexts"] = row.get("contexts") or []
        out["note"] = row.get("note") or ""
        out["labelled_by"] = row["labelled_by"]
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
