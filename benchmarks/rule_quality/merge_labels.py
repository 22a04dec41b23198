"""Merge labellers' shard files into labels.jsonl, adding each id's split and stratum.

    python benchmarks/rule_quality/merge_labels.py SHARD.jsonl... > labels.new.jsonl

Keeps the draw's order (sample.py, batch after batch), so the file diffs cleanly when
labels are fixed; the current ``labels.jsonl`` can be one of the shards (to add a batch).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import rq_corpus as corpus
import sample

KEYS = corpus.CLASSES


def main() -> int:
    labels: dict[str, dict[str, object]] = {}
    for name in sys.argv[1:]:
        for number, line in enumerate(Path(name).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            for key in KEYS:
                if row.get(key) not in (0, 1):
                    raise SystemExit(f"{name}:{number}: {key} must be 0 or 1")
            labels[row["id"]] = row
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
