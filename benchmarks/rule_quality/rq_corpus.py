"""The rule-quality evaluation corpus: real responses from ``../shared/data``, by id.

The repository stores only ids and labels (``labels.jsonl``); the texts are read from
the shared data folder every time, never copied. An id names its source:

- ``alpaca_eval:<generator>/<n>``: a response in ``alpaca_eval/outputs.jsonl.gz``
  (its ``id`` field); the instruction is the record's ``instruction``.
- ``sharegpt:<conversation id>#<turn>``: the ``gpt`` turn at index ``turn`` of a
  conversation in ``sharegpt/dummy_conversation.json``; the instruction is the human
  turn before it.
- ``labelstudio:<export file stem>:<task id>/<annotation id>``: the TextArea
  ``response`` of one annotation in a Label Studio export under ``labelstudio/``; the
  instruction is the task's ``instruction`` and the task's other data fields (such as
  ``category``) come with it.

Every item becomes a flat record ``{"instruction", "response", **task data}`` so that
any guideline with the default field mapping can check it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"

#: The classes each labelled response has (0 or 1), as LABELLING.md defines them.
CLASSES = (
    "ai_identity",
    "refusal",
    "inappropriate_apology",
    "restated_question",
    "list_in_simple_answer",
    "outdated_info",
)

# The held-out part: ids whose SHA-256 falls in the first 40 of 100 buckets. Fixed for
# good: changing it would let rules be tuned on what is reported.
HELDOUT_BUCKETS = 40


@dataclass(frozen=True)
class Item:
    id: str
    source: str
    instruction: str
    response: str
    data: dict[str, Any] = field(default_factory=dict)
    generator: str | None = None

    def record(self) -> dict[str, Any]:
        """The item as a flat record (instruction, response, task fields)."""
        record: dict[str, Any] = {k: v for k, v in self.data.items() if k != "instruction"}
        record["instruction"] = self.instruction
        record["response"] = self.response
        return record


def split_of(item_id: str) -> str:
    """``heldout`` or ``tuning``, by a fixed hash of the id."""
    bucket = int.from_bytes(hashlib.sha256(item_id.encode("utf-8")).digest()[:4], "big") % 100
    return "heldout" if bucket < HELDOUT_BUCKETS else "tuning"


def available(data: Path = SHARED_DATA) -> bool:
    return (data / "alpaca_eval" / "outputs.jsonl.gz").is_file()


def iter_alpaca(data: Path = SHARED_DATA) -> Iterator[Item]:
    with gzip.open(data / "alpaca_eval" / "outputs.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield Item(
                id=f"alpaca_eval:{row['id']}",
                source="alpaca_eval",
                instruction=row["instruction"],
                response=row["output"],
                generator=row.get("generator"),
            )


def iter_sharegpt(data: Path = SHARED_DATA) -> Iterator[Item]:
    path = data / "sharegpt" / "dummy_conversation.json"
    if not path.is_file():
        return
    for conv in json.loads(path.read_text(encoding="utf-8")):
        turns = conv.get("conversations", [])
        for i, turn in enumerate(turns):
            if turn.get("from") != "gpt" or i == 0:
                continue
            yield Item(
                id=f"sharegpt:{conv['id']}#{i}",
                source="sharegpt",
                instruction=str(turns[i - 1].get("value", "")),
                response=str(turn.get("value", "")),
                generator="sharegpt",
            )


def iter_labelstudio(data: Path = SHARED_DATA) -> Iterator[Item]:
    folder = data / "labelstudio"
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        for task in json.loads(path.read_text(encoding="utf-8")):
            task_data = dict(task.get("data", {}))
            for annotation in task.get("annotations", []):
                if annotation.get("was_cancelled"):
                    continue
                texts = [
                    r["value"]["text"][0]
                    for r in annotation.get("result", [])
                    if r.get("type") == "textarea" and r.get("value", {}).get("text")
                ]
                if not texts:
                    continue
                yield Item(
                    id=f"labelstudio:{path.stem}:{task['id']}/{annotation['id']}",
                    source="labelstudio",
                    instruction=str(task_data.get("instruction", "")),
                    response=str(texts[0]),
                    data=task_data,
                    generator="labelstudio",
                )


def iter_all(data: Path = SHARED_DATA) -> Iterator[Item]:
    yield from iter_alpaca(data)
    yield from iter_sharegpt(data)
    yield from iter_labelstudio(data)


def load(ids: set[str] | None = None, data: Path = SHARED_DATA) -> dict[str, Item]:
    """The items with the given ids (all when ``ids`` is None), keyed by id."""
    found: dict[str, Item] = {}
    for item in iter_all(data):
        if ids is None or item.id in ids:
            found[item.id] = item
    return found
