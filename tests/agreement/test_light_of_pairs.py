"""Light's kappa from the pairs' kappas is Light's kappa, bit for bit."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from guidelint.agreement import report as report_module
from guidelint.agreement.statistics.kappa import cohen_kappa
from guidelint.agreement.statistics.light import light_kappa, light_kappa_of_pairs
from guidelint.cli.main import main


def _pairs(x: np.ndarray, cats: np.ndarray, weights: str | None) -> list:
    present = ~np.isnan(x)
    found = []
    for a, b in combinations(range(x.shape[1]), 2):
        both = present[:, a] & present[:, b]
        if both.any():
            stat = cohen_kappa(x[both, a], x[both, b], categories=cats, weights=weights)
            found.append((f"r{a}", f"r{b}", stat))
    return found


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_light_kappa_of_pairs_is_light_kappa(seed: int, weights: str | None) -> None:
    rng = np.random.default_rng(seed)
    items, raters = int(rng.integers(2, 300)), int(rng.integers(2, 6))
    scale = int(rng.integers(1, 7))
    x = rng.integers(1, scale + 1, size=(items, raters)).astype(float)
    x[rng.random(x.shape) < rng.random() * 0.8] = np.nan
    if seed % 5 == 0:  # a rater who always gives the same value: undefined pairs
        x[:, 0] = np.where(np.isnan(x[:, 0]), np.nan, 1.0)
    cats = np.unique(x[~np.isnan(x)])
    if cats.size == 0:
        return
    pairs = _pairs(x, cats, weights)
    if not pairs:
        return
    expected = light_kappa(x, categories=cats, weights=weights)
    assert light_kappa_of_pairs(x, pairs) == expected  # (value compared exactly)


def test_a_pair_not_computed_leaves_it_to_light_kappa() -> None:
    x = np.array([[1.0, 2.0, 2.0], [2.0, 2.0, 1.0]])
    pairs = _pairs(x, np.array([1.0, 2.0]), None)
    broken = (*pairs[0][:2], pairs[0][2].with_ci(None, "not computed: off the scale"))
    assert light_kappa_of_pairs(x, [broken, *pairs[1:]]) is None


def test_agreement_report_is_the_same_as_with_light_kappa_computed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(3)
    lines = []
    for item in range(400):
        for annotator in range(4):
            if rng.random() < 0.8:
                grade = int(rng.integers(1, 6))
                lines.append(f'{{"item": "i{item}", "annotator": "a{annotator}", "q": {grade}}}')
    path = tmp_path / "ratings.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def report(name: str, *flags: str) -> str:
        out = tmp_path / name
        args = ["agreement", str(path), "--format", "json", "--output", str(out), *flags]
        assert main([*args, "--bootstrap", "0"]) in (0, 1)
        return out.read_text(encoding="utf-8")

    for flags in ((), ("--weights", "quadratic")):
        reused = report("reused.json", *flags)
        with monkeypatch.context() as patch:
            patch.setattr(report_module, "light_kappa_of_pairs", lambda *args: None)
            assert report("computed.json", *flags) == reused
        assert "Light's kappa" in reused


def test_a_pair_sharing_one_item_is_left_out_of_the_mean() -> None:
    """A lead who rated one item of one annotator made a pair whose kappa on that item
    was 0 (the values differed): Light's kappa, the mean over pairs, fell from 'good'
    to 'moderate'. On one item kappa is no evidence: it is undefined and left out."""
    from guidelint.agreement import cohen_kappa, light_kappa

    rng = np.random.default_rng(3)
    base = rng.integers(1, 6, size=10).astype(float)
    three = np.column_stack([base, np.clip(base + rng.integers(-1, 2, 10), 1, 5), base])
    lead = np.full((11, 1), np.nan)
    lead[10, 0] = 1.0
    ratings = np.vstack([three, [[5.0, np.nan, np.nan]]])
    ratings = np.hstack([ratings, lead])
    one = cohen_kappa(ratings[:, 0], ratings[:, 3])
    assert one.value is None and "one item in common" in (one.note or "")
    pairs = [cohen_kappa(three[:, a], three[:, b]).value for a, b in ((0, 1), (0, 2), (1, 2))]
    found = light_kappa(ratings)
    assert found.value == pytest.approx(np.mean(pairs))
    assert found.note == "mean of Cohen's kappa over 3 rater pairs (Light's kappa)"


def test_pairs_sharing_one_item_each_are_named_as_the_reason() -> None:
    """Every pair shares one item: Light's kappa is undefined, and says why (it said no
    item had two ratings, while three had)."""
    from guidelint.agreement.statistics.light import ONE_ITEM_EACH, light_kappa

    nan = float("nan")
    ratings = [[1.0, 2.0, nan], [3.0, nan, 3.0], [nan, 4.0, 4.0]]
    result = light_kappa(ratings, categories=[1, 2, 3, 4, 5])
    assert result.value is None and result.note == ONE_ITEM_EACH
