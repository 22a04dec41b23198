"""The bundled rules measured on hand-labelled real responses (docs/rule-quality.md).

The labels live in the repository (ids only); the texts are read from
``../shared/data``. The held-out scores must not fall below the figures documented in
docs/rule-quality.md, kept in ``benchmarks/rule_quality/floor.json``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
LABELS = BENCH / "rule_quality" / "labels.jsonl"
FLOOR = BENCH / "rule_quality" / "floor.json"
sys.path.insert(0, str(BENCH / "rule_quality"))
sys.path.insert(0, str(BENCH))

import rq_corpus as corpus  # noqa: E402

KEYS = corpus.CLASSES


def _rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]


def test_labels_file_is_complete_and_split_by_hash() -> None:
    rows = _rows()
    assert len(rows) >= 800
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["split"] == corpus.split_of(row["id"]), row["id"]
        assert all(row[key] in (0, 1) for key in KEYS), row["id"]
        assert row["labelled_by"], row["id"]
        assert row["id"].split(":", 1)[0] in {"alpaca_eval", "sharegpt", "labelstudio"}
    splits = Counter(row["split"] for row in rows)
    assert splits["heldout"] >= len(rows) / 3
    # Batch 1 is the sample (at least 800, half uniform, half by cue); later
    # batches add mostly cue-drawn responses of the classes with the widest intervals.
    first = [row for row in rows if row.get("batch", 1) == 1]
    assert len(first) >= 800
    strata = Counter(row["stratum"].split(":")[0] for row in first)
    assert strata["uniform"] >= len(first) * 0.45 and strata["cue"] >= len(first) * 0.45
    strata = Counter(row["stratum"].split(":")[0] for row in rows)
    assert strata["uniform"] >= len(rows) * 0.4
    generators = {row["id"].split(":", 1)[1].split("/")[0] for row in rows if "alpaca" in row["id"]}
    assert len(generators) == 44


def test_second_reading_reads_labelled_responses_again() -> None:
    first = {row["id"] for row in _rows()}
    second = [
        json.loads(line)
        for line in (BENCH / "rule_quality" / "second_reading.jsonl").read_text().splitlines()
    ]
    assert len(second) >= 150
    assert len({row["id"] for row in second}) == len(second)
    for row in second:
        assert row["id"] in first, row["id"]
        assert all(row[key] in (0, 1) for key in KEYS), row["id"]
        assert "second reading" in row["labelled_by"], row["id"]


@pytest.fixture(scope="module")
def heldout_scores() -> dict[str, Any]:
    if not corpus.available():
        pytest.skip("../shared/data is not present")
    import tempfile

    import rule_quality

    from guidelint.evaluation import evaluate, read_labelled
    from guidelint.guideline import load_guideline

    rows = rule_quality.read_labels(LABELS)
    items = corpus.load({row["id"] for row in rows})
    guideline = load_guideline(rule_quality.GUIDELINE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "labelled.jsonl"
        rule_quality.write_labelled(rows, items, path)
        labelled, errors = read_labelled(path, guideline)
    assert errors == []
    result = evaluate(guideline, labelled, rule_quality.CLASS_RULES, split="heldout")
    community = rule_quality.score_community([r for r in rows if r["split"] == "heldout"], items)
    return {
        "classes": {score.name: score for score in result.classes},
        "community": {score.name: score for _, score in community},
    }


def test_heldout_scores_hold_the_documented_floor(heldout_scores: dict[str, Any]) -> None:
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))
    # Only the figures are compared and shown, never the held-out ids a score holds (a
    # failing assertion would print them: the held-out part is not read while tuning).
    below = []
    for name, bounds in floor["classes"].items():
        score = heldout_scores["classes"][name]
        precision, recall = score.precision, score.recall
        if precision is None or recall is None:
            below.append(f"{name}: undefined")
            continue
        if precision < bounds["precision"]:
            below.append(f"{name}: precision {precision:.3f} < {bounds['precision']}")
        if recall < bounds["recall"]:
            below.append(f"{name}: recall {recall:.3f} < {bounds['recall']}")
    assert not below, "; ".join(below)


def test_guidelint_beats_every_community_list(heldout_scores: dict[str, Any]) -> None:
    ours = heldout_scores["classes"]["ai_identity_or_refusal"].f1
    for name, score in heldout_scores["community"].items():
        assert ours > (score.f1 or 0.0), name
