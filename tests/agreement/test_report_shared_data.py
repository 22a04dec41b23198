"""Agreement reports on the real data in ../shared/data (skipped when it is absent).

The AlpacaEval judges file: 3,220 items, each judged by 3 or 4 automatic judges
(preference 1 or 2, 1.5 for a tie, a float in [1, 2] for the weighted judge, 0 where a
judge failed). The Label Studio exports: Rating ``quality`` by several annotators.
Counts are asserted exactly; statistics are a snapshot of point estimates (no
bootstrap, so they do not depend on the resampling).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guidelint.agreement import krippendorff_alpha
from guidelint.agreement.coding import LabelSettings
from guidelint.agreement.render.json import report_dict
from guidelint.agreement.render.schema import REPORT_SCHEMA
from guidelint.agreement.sources.pipeline import AgreementRequest, AgreementRun, run_agreement
from guidelint.guideline import load_guideline

DISCRETE_JUDGES = ("alpaca_eval_cot_gpt4_turbo_fn", "alpaca_eval_gpt4", "alpaca_eval_gpt4_turbo_fn")
WEIGHTED = "weighted_alpaca_eval_gpt4_turbo"


def run(path: Path, **options: object) -> AgreementRun:
    request = AgreementRequest(
        paths=(str(path),), guideline=load_guideline("customer-support"), bootstrap=0, **options
    )
    return run_agreement(request)  # type: ignore[arg-type]


def values(run: AgreementRun) -> dict[str, float | None]:
    return {key: m.value for key, m in run.report.labels[0].measures.items()}


@pytest.fixture
def judges(shared_data: Path) -> Path:
    return shared_data / "alpaca_eval" / "judges.jsonl.gz"


def test_judges_all_four_are_continuous(judges: Path) -> None:
    result = run(judges, annotator="judge", labels=("preference",))
    (label,) = result.report.labels
    o = label.overlap
    assert (o.ratings, o.items, o.annotators, o.items_multi) == (10463, 3220, 4, 3220)
    assert o.status == "above"
    assert label.label.kind == "continuous" and label.label.level == "interval"
    assert any("--missing 0" in note for note in label.notes)  # 24 failed judgments hinted
    assert label.headline.value == pytest.approx(0.118255, abs=1e-6)
    assert values(result)["percent_agreement"] is None


def test_judges_with_failures_as_missing(judges: Path) -> None:
    result = run(
        judges, annotator="judge", labels=("preference",), settings=LabelSettings(missing=[0])
    )
    (label,) = result.report.labels
    assert label.overlap.ratings == 10463 - 24
    assert dict(label.label.source.dropped) == {"values 0 declared missing": 24}
    assert "24 values 0 declared missing" in label.notes
    assert "values treated as missing (--missing): 0" in result.report.notes
    assert label.headline.value == pytest.approx(0.117691, abs=1e-6)
    rows = {row.annotator: row for row in label.annotators}
    assert {a: r.items for a, r in rows.items()} == {
        DISCRETE_JUDGES[0]: 3220,
        DISCRETE_JUDGES[1]: 3194,
        DISCRETE_JUDGES[2]: 1610,
        WEIGHTED: 2415,
    }
    # alpaca_eval_gpt4 prefers output 2 far more often than the others: the bias shows it
    assert rows[DISCRETE_JUDGES[1]].bias == pytest.approx(0.565333, abs=1e-6)
    assert rows[DISCRETE_JUDGES[1]].consensus.value < 0 < rows[WEIGHTED].consensus.value


def test_judges_discrete_only(judges: Path) -> None:
    result = run(
        judges,
        annotator="judge",
        labels=("preference",),
        settings=LabelSettings(missing=[0]),
        annotators=DISCRETE_JUDGES,
    )
    (label,) = result.report.labels
    o = label.overlap
    assert (o.ratings, o.items, o.annotators, o.items_multi) == (8024, 3220, 3, 3198)
    assert label.label.kind == "rating" and label.label.categories.tolist() == [1, 1.5, 2]
    assert values(result) == pytest.approx(
        {
            "krippendorff_alpha": 0.044839,
            "percent_agreement": 0.409631,
            "cohen_kappa": 0.263590,
            "fleiss_kappa": -0.038477,
            "gwet_ac1": 0.163921,
            "gwet_ac2": 0.023949,
            "kendall_w": None,
        },
        abs=1e-6,
    )
    pairs = {(p.a, p.b): (p.shared, p.measure.value) for p in label.pairs}
    assert pairs[DISCRETE_JUDGES[0], DISCRETE_JUDGES[2]] == (
        1610,
        pytest.approx(0.651821, abs=1e-6),
    )
    assert pairs[DISCRETE_JUDGES[0], DISCRETE_JUDGES[1]][0] == 3194
    assert len(label.disagreements) == 2331
    assert f"annotators left out (--annotators): {WEIGHTED}" in result.report.notes


def test_support_batch_export(shared_data: Path) -> None:
    result = run(shared_data / "labelstudio" / "support_batch_export.json")
    report = result.report
    (label,) = report.labels
    o = label.overlap
    assert (o.ratings, o.items, o.annotators, o.items_multi) == (50, 39, 4, 8)
    assert o.rate == pytest.approx(8 / 39) and o.status == "above"
    assert values(result) == pytest.approx(
        {
            "krippendorff_alpha": -0.228968,
            "percent_agreement": 0.0,
            # (the mean over the 5 pairs sharing 2+ items; 0.004144 with the pair of
            # annotators 1 and 3, who share one item and disagree on it, counted as 0)
            "cohen_kappa": 0.004973,
            "fleiss_kappa": -0.467480,
            "gwet_ac1": -0.203623,
            "gwet_ac2": 0.628741,
            "kendall_w": None,
        },
        abs=1e-6,
    )
    x = label.label.table.ratings
    assert label.headline.value == krippendorff_alpha(x, "ordinal", [2, 3, 4, 5]).value
    assert [(d.item, d.spread) for d in label.disagreements[:3]] == [
        ("22", 3.0),
        ("1", 2.0),
        ("8", 2.0),
    ]
    assert len(label.disagreements) == 8
    bias = {row.annotator: row.bias for row in label.annotators}
    assert bias == pytest.approx({"1": 0.6, "2": 0.9, "3": -1.5, "4": -0.3})
    assert {a: n for a, (n, _) in report.violations.items()} == {"1": 12, "2": 13, "3": 12, "4": 13}
    agreement = report.guideline
    assert agreement is not None and (agreement.items, agreement.responses) == (8, 19)
    splits = [r.split for r in agreement.rules]
    assert splits == sorted(splits, reverse=True)
    assert "1 cancelled annotation skipped" in report.notes


def test_support_batch_export_on_a_declared_scale(shared_data: Path) -> None:
    result = run(
        shared_data / "labelstudio" / "support_batch_export.json",
        settings=LabelSettings(categories=[1, 2, 3, 4, 5]),
    )
    got = values(result)
    assert got["krippendorff_alpha"] == pytest.approx(
        -0.228968, abs=1e-6
    )  # unused categories do not matter
    assert got["gwet_ac1"] == pytest.approx(-0.145319, abs=1e-6)  # but they do for AC1
    assert got["gwet_ac2"] == pytest.approx(0.796315, abs=1e-6)


def test_two_annotators_export(shared_data: Path) -> None:
    result = run(shared_data / "labelstudio" / "export_two_annotators.json")
    (label,) = result.report.labels
    o = label.overlap
    assert (o.ratings, o.items, o.annotators, o.items_multi) == (6, 3, 2, 3)
    got = values(result)
    assert got["krippendorff_alpha"] == pytest.approx(-2 / 3)
    assert got["percent_agreement"] == pytest.approx(1 / 3)
    assert got["cohen_kappa"] == pytest.approx(-1.0)
    assert [d.item for d in label.disagreements] == ["1", "3"]
    document = report_dict(result.report)
    import jsonschema

    jsonschema.validate(document, REPORT_SCHEMA)
