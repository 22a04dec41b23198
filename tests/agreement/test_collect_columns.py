"""Blocks of long-format rows as columns are collected exactly as row by row."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from guidelint.agreement.sources.collect import LabelCollector
from guidelint.cli.main import main
from guidelint.readers.jsonl_columns import ABSENT, ColumnBlock

ITEMS: list[Any] = [f"i{k}" for k in range(30)] + [7, "", "  ", None, ABSENT]
ANNOTATORS: list[Any] = ["ann1", "ann2", "ann3", "ann4", 3, " ", None, ABSENT]
VALUES: list[Any] = [1, 2, 3, 4, 5, 2.0, 3.5, -0.0, "high", "", " ", None, ABSENT, 0, True,
                     "inf", [1, 2], {"a": 1}, 1e300, 10**30]  # fmt: skip


def _state(collector: LabelCollector) -> dict[str, Any]:
    labels = {}
    for name, label in collector.labels.items():
        columns = label.columns()
        labels[name] = (
            label.item_names,
            label.annotator_names,
            [repr(v) for v in label.distinct],
            columns.items.tolist(),
            columns.annotators.tolist(),
            columns.values.tolist(),
            dict(label.dropped),
        )
    return {
        "labels": labels,
        "seen": dict(collector.seen),
        "annotators_seen": collector.annotators_seen,
        "notes": dict(collector.notes),
        "first_not_finite": repr(collector.first_not_finite),
    }


class _Stop(Exception):
    """An infinite value: the reader stops there with an error (check_finite)."""


def _collect(entries: list[Any], **options: Any) -> tuple[Any, ...]:
    collector = LabelCollector(**options)
    unseen = {"quality"}
    others: list[Any] = []

    def other(entry: Any) -> None:
        others.append(entry)
        if entry[1].__class__ is dict:
            raise _Stop

    try:
        count = collector.add_plain_rows(
            iter(entries), "item", "annotator", ["quality"], unseen, other
        )
    except _Stop:
        state = _state(collector)
        # (row by row, the count of values seen is added up at the end, which the
        # error never reaches: the command stops there, nothing reads it)
        del state["seen"]
        return state, -1, others, unseen
    return _state(collector), count, others, unseen


def _rows(rng: random.Random, size: int, plain: bool) -> dict[str, list[Any]]:
    def pick(choices: list[Any], common: int) -> Any:
        return rng.choice(choices[:common] if plain or rng.random() < 0.9 else choices)

    return {
        "item": [pick(ITEMS, 30) for _ in range(size)],
        "annotator": [pick(ANNOTATORS, 4) for _ in range(size)],
        "quality": [pick(VALUES, 9) for _ in range(size)],
    }


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize(
    "options",
    [{}, {"missing": {"*": [0]}}, {"missing": {"quality": ["high"]}}, {"labels": ["quality"]}],
)
def test_blocks_collect_as_rows(seed: int, options: dict[str, Any]) -> None:
    rng = random.Random(seed)
    blocks = []
    first = 1
    for _ in range(rng.randint(1, 6)):
        columns = _rows(rng, rng.randint(1, 40), plain=rng.random() < 0.6)
        blocks.append(ColumnBlock(first, columns))
        first += len(columns["item"]) + rng.randint(0, 3)
    rows = [row for block in blocks for row in block.rows()]
    assert _collect(blocks, **options) == _collect(rows, **options)


def test_a_plain_block_takes_the_fast_way(monkeypatch: pytest.MonkeyPatch) -> None:
    columns = {
        "item": ["a", "a", "b", "b"],
        "annotator": ["x", "y", "x", "y"],
        "quality": [1, 2, None, ABSENT],
    }
    block = ColumnBlock(1, columns)
    monkeypatch.setattr(ColumnBlock, "rows", None)  # no row by row
    state, count, others, unseen = _collect([block])
    assert count == 4 and not others and not unseen
    assert state["labels"]["quality"][3:] == ([0, 0], [0, 1], [0, 1], {"empty values": 2})


def test_agreement_reports_match_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    lines = []
    for k in range(3000):
        quality = rng.choice(["1", "2", "3", "4", "null", '"n/a"', "2.0"])
        lines.append(f'{{"item": "i{k // 3}", "annotator": "a{k % 3}", "quality": {quality}}}')
    lines[1234] = '{"item": "broken"'
    lines[2000] = "[1, 2]"
    path = tmp_path / "ratings.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def report(name: str) -> str:
        out = tmp_path / name
        args = ["agreement", str(path), "--format", "json", "--output", str(out)]
        assert main([*args, "--bootstrap", "50", "--missing", "n/a"]) in (0, 1)
        return out.read_text(encoding="utf-8")

    blocks = report("blocks.json")
    monkeypatch.setattr(LabelCollector, "takes_columns", lambda self, keys: False)
    assert blocks == report("rows.json")
    assert '"ratings": 2' in blocks  # (the report is the usual one)
