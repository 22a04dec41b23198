"""Agreement reports: every number cross-checked against the statistics functions."""

from __future__ import annotations

import math
from typing import Any

import jsonschema
import numpy as np
import pytest

from guidelint.agreement import (
    bootstrap,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    gwet_ac2,
    kendall_w,
    krippendorff_alpha,
    light_kappa,
    pairwise_preference_agreement,
    percent_agreement,
)
from guidelint.agreement.annotators import consensus_of
from guidelint.agreement.check_section import CheckAgreement, summary_lines
from guidelint.agreement.coding import LabelSettings, code_label, parse_scale
from guidelint.agreement.keys import STATISTICS
from guidelint.agreement.measure import Bands, Measure, ReportOptions
from guidelint.agreement.render.json import report_dict
from guidelint.agreement.render.schema import REPORT_SCHEMA
from guidelint.agreement.render.sheet import calibration_sheet
from guidelint.agreement.render.text import report_text
from guidelint.agreement.report import Overlap, build_report, label_report
from guidelint.agreement.rule_agreement import guideline_agreement
from guidelint.agreement.sources.collect import LabelCollector, ResponseInfo
from guidelint.errors import UsageError
from guidelint.guideline.schema import AgreementSettings
from guidelint.model import Record

NAN = math.nan
#: 8 items x 3 annotators on a 1-5 scale (NaN = not rated).
RATINGS = [
    [4, 4, 5],
    [2, 3, NAN],
    [5, 5, 5],
    [1, 2, 2],
    [3, NAN, 4],
    [4, 2, 4],
    [NAN, 1, NAN],
    [5, 4, NAN],
]
ANNOTATORS = ["ann", "bob", "eve"]
NO_CI = ReportOptions(bootstrap=0)


def collector_from(rows: list[list[Any]], name: str = "quality", **kwargs: Any) -> LabelCollector:
    collector = LabelCollector(**kwargs)
    for i, row in enumerate(rows):
        for annotator, value in zip(ANNOTATORS, row, strict=False):
            collector.add(f"item{i}", annotator, name, value)
    return collector


def report_of(
    rows: list[list[Any]], settings: LabelSettings | None = None, options: ReportOptions = NO_CI
):
    collector = collector_from(rows)
    return label_report(
        code_label(collector.labels["quality"], settings or LabelSettings()), options
    )


def matrix() -> np.ndarray:
    return np.array(RATINGS, dtype=float)


# -- statistics ------------------------------------------------------------------------------
def test_rating_statistics_match_the_functions() -> None:
    cats = [1, 2, 3, 4, 5]
    report = report_of(RATINGS, LabelSettings(categories=cats))
    x = matrix()
    assert report.label.kind == "rating" and report.label.level == "ordinal"
    assert report.label.weights == "quadratic" and report.label.declared
    values = {key: m.value for key, m in report.measures.items()}
    assert values["krippendorff_alpha"] == pytest.approx(
        krippendorff_alpha(x, "ordinal", cats).value
    )
    assert values["percent_agreement"] == pytest.approx(percent_agreement(x).value)
    assert values["fleiss_kappa"] == pytest.approx(fleiss_kappa(x, cats).value)
    assert values["gwet_ac1"] == pytest.approx(gwet_ac1(x, cats).value)
    assert values["gwet_ac2"] == pytest.approx(gwet_ac2(x, cats, weights="quadratic").value)
    pairs = [
        cohen_kappa(x[:, a], x[:, b], cats, weights="quadratic").value
        for a, b in ((0, 1), (0, 2), (1, 2))
    ]
    assert [p.measure.value for p in report.pairs] == pytest.approx(pairs)
    assert values["cohen_kappa"] == pytest.approx(sum(pairs) / 3)
    assert values["kendall_w"] is None
    assert report.measures["kendall_w"].stat.note.startswith("not applicable")
    assert report.headline_key == "krippendorff_alpha"
    assert report.headline.band == Bands().label(values["krippendorff_alpha"])


def test_intervals_are_the_seeded_bootstrap() -> None:
    options = ReportOptions(bootstrap=300, seed=7)
    report = report_of(RATINGS, LabelSettings(categories=[1, 2, 3, 4, 5]), options)
    expected = bootstrap(
        krippendorff_alpha,
        matrix(),
        n_resamples=300,
        seed=7,
        level="ordinal",
        categories=[1, 2, 3, 4, 5],
    )
    assert report.headline.stat.ci == pytest.approx(expected.ci)
    again = report_of(RATINGS, LabelSettings(categories=[1, 2, 3, 4, 5]), options)
    assert again.headline.stat.ci == report.headline.stat.ci
    assert report_of(RATINGS).headline.stat.ci is None  # --bootstrap 0


def test_undeclared_scale_is_the_observed_values() -> None:
    report = report_of(RATINGS)
    assert report.label.categories.tolist() == [1, 2, 3, 4, 5]
    assert not report.label.declared
    assert "observed" in report.label.scale_text()


def test_overlap_counts() -> None:
    report = report_of(RATINGS)
    o = report.overlap
    assert (o.ratings, o.items, o.annotators, o.items_multi) == (19, 8, 3, 7)
    assert o.rate == pytest.approx(7 / 8) and o.status == "above"


@pytest.mark.parametrize(
    ("multi", "items", "status", "words"),
    [
        (0, 10, "below", "cannot be measured"),
        (1, 20, "below", "too few"),
        (3, 20, "within", None),
        (5, 20, "above", "above the target"),
    ],
)
def test_overlap_against_target(multi: int, items: int, status: str, words: str | None) -> None:
    overlap = Overlap(ratings=items + multi, items=items, annotators=2, items_multi=multi)
    assert overlap.status == status
    warning = overlap.warning()
    assert (warning is None) if words is None else (words in (warning or ""))


def test_choice_labels_are_nominal_and_unweighted() -> None:
    rows = [["safe", "safe"], ["unsafe", "safe"], ["safe", "safe"], ["unsafe", "unsafe"]]
    report = report_of(rows, LabelSettings(categories=["safe", "unsafe", "unsure"]))
    label = report.label
    assert (label.kind, label.level, label.weights) == ("choice", "nominal", None)
    assert label.table.labels == ("safe", "unsafe", "unsure")
    codes = np.array([[0, 0], [1, 0], [0, 0], [1, 1]], dtype=float)
    assert report.headline.value == pytest.approx(
        krippendorff_alpha(codes, "nominal", [0, 1, 2]).value
    )
    assert report.measures["gwet_ac1"].value == pytest.approx(gwet_ac1(codes, [0, 1, 2]).value)
    assert report.measures["gwet_ac2"].value is None
    assert report.pairs[0].measure.params == {"weights": "none"}
    assert report.annotators[0].distribution == {"safe": 2, "unsafe": 2}


VERDICTS = [
    ["bad", "ok", "ok"],
    ["good", "good", "ok"],
    ["ok", "bad", "ok"],
    ["good", "good", "good"],
    ["bad", "bad", "ok"],
]


def test_lights_kappa_is_the_mean_over_pairs_with_an_interval() -> None:
    x = matrix()
    pairs = [
        cohen_kappa(x[:, a], x[:, b], [1, 2, 3, 4, 5], weights="linear").value
        for a, b in [(0, 1), (0, 2), (1, 2)]
    ]
    light = light_kappa(x, [1, 2, 3, 4, 5], weights="linear")
    assert light.value == pytest.approx(np.mean(pairs)) and light.n_raters == 3
    assert "over 3 rater pairs" in (light.note or "")
    options = ReportOptions(bootstrap=200, seed=0)
    report = report_of(RATINGS, LabelSettings(categories=[1, 2, 3, 4, 5]), options)
    measure = report.measures["cohen_kappa"]
    assert measure.stat.ci is not None and measure.stat.ci[0] <= measure.value <= measure.stat.ci[1]
    expected = bootstrap(
        light_kappa, x, categories=[1, 2, 3, 4, 5], weights="quadratic", n_resamples=200, seed=0
    )
    assert measure.stat.ci == expected.ci
    one_pair = report_of([row[:2] for row in RATINGS], LabelSettings(categories=[1, 2, 3, 4, 5]))
    assert one_pair.measures["cohen_kappa"].stat == one_pair.pairs[0].measure.stat


def test_text_categories_in_no_declared_order_get_no_ordinal_statistics() -> None:
    report = report_of(VERDICTS, LabelSettings(level="ordinal"))
    label = report.label
    assert (label.kind, label.level, label.weights) == ("choice", "ordinal", "quadratic")
    assert label.order_unknown is not None and "--categories" in label.order_unknown
    assert any("order of text categories unknown" in note for note in report.notes)
    for key in ("krippendorff_alpha", "cohen_kappa", "gwet_ac2"):
        measure = report.measures[key]
        assert measure.value is None and "not declared" in (measure.stat.note or ""), key
    assert all(p.measure.value is None for p in report.pairs)
    assert all(row.consensus.value is None and row.match is None for row in report.annotators)
    codes = np.array([[0, 2, 2], [1, 1, 2], [2, 0, 2], [1, 1, 1], [0, 0, 2]], dtype=float)
    assert report.measures["fleiss_kappa"].value == pytest.approx(fleiss_kappa(codes).value)
    assert report.measures["gwet_ac1"].value == pytest.approx(gwet_ac1(codes).value)
    assert "no declared order" in label.scale_text()


def test_text_categories_follow_the_declared_order() -> None:
    report = report_of(VERDICTS, LabelSettings(level="ordinal", categories=["bad", "ok", "good"]))
    codes = np.array([[0, 1, 1], [2, 2, 1], [1, 0, 1], [2, 2, 2], [0, 0, 1]], dtype=float)
    assert report.label.order_unknown is None
    assert report.headline.value == pytest.approx(
        krippendorff_alpha(codes, "ordinal", [0, 1, 2]).value
    )


def test_weights_alone_need_the_order_of_text_categories() -> None:
    report = report_of(VERDICTS, LabelSettings(weights="linear"))
    assert report.label.level == "nominal" and report.headline.value is not None
    assert report.measures["gwet_ac2"].value is None
    assert report.measures["cohen_kappa"].value is None


def test_numbers_as_choices_are_ordered_by_value() -> None:
    rows = [["1", "2", "10"], ["2", "2", "10"], ["10", "10", "1"]]
    report = report_of(rows, LabelSettings(kind="choice", level="ordinal"))
    assert report.label.order_unknown is None
    assert report.label.table.labels == ("1", "2", "10")
    assert report.headline.value is not None


def test_a_choice_written_as_number_and_as_text_is_one_choice() -> None:
    """``"4.0"``, ``4`` and ``"4"`` are one choice (as ``--missing`` and ratings compare
    them), said in a note; before, ``"4.0"`` and ``4`` were two choices that disagreed."""
    rows = [
        ["4.0", 4],
        ["good", "good"],
        [4.0, " 4"],
        [True, "true"],
        [["4", "good"], ["good", 4.0]],
    ]
    report = report_of(rows, LabelSettings(kind="choice"))
    assert report.label.table.labels == ("4", "4 + good", "good", "true")
    assert report.measures["percent_agreement"].value == 1.0
    (note,) = [n for n in report.notes if "written differently" in n]
    assert '"4.0" = 4' in note and 'true = "true"' in note
    scale = ["4.0", "good", "4 + good", True]
    declared = report_of(rows, LabelSettings(kind="choice", categories=scale))
    assert declared.label.table.labels == ("4", "good", "4 + good", "true")
    plain = report_of([["bad", "bad"], [1, 2]])
    assert not [n for n in plain.notes if "written differently" in n]


def test_choices_that_are_long_ids_or_not_json_stay_apart_and_are_said() -> None:
    """Read through float, ids beyond 2**53 were one choice (alpha 1.0 for four
    different ids) and "1_0" was 10; a Decimal or a date crashed the note's JSON."""
    import datetime
    from decimal import Decimal

    ids = [["1234567890123456781", "1234567890123456782"], ["1234567890123456900"] * 2]
    report = report_of(ids, LabelSettings(kind="choice"))
    assert len(report.label.table.labels or ()) == 3
    assert not [n for n in report.notes if "written differently" in n]
    assert report_of([["1_0", "10"]], LabelSettings(kind="choice")).label.table.labels == (
        "10",
        "1_0",
    )
    odd = [[Decimal("1.5"), 1.5], [datetime.date(2026, 1, 1), "2026-01-01"]]
    noted = report_of(odd, LabelSettings(kind="choice"))
    (note,) = [n for n in noted.notes if "written differently" in n]
    assert '"1.5" = 1.5' in note


def test_not_applicable_markers_among_numbers_are_missing() -> None:
    rows = [[*row[:2], "N/A" if k == 0 else row[2]] for k, row in enumerate(RATINGS)]
    report = report_of(rows)
    assert report.label.kind == "rating" and report.label.level == "ordinal"
    reason = "values N/A read as missing, as the other values are numbers"
    assert any(reason in key for key in report.label.source.dropped)
    assert any("1 value N/A read as missing, as the other values" in n for n in report.notes)
    expected = matrix()
    expected[0, 2] = NAN
    assert report.headline.value == pytest.approx(krippendorff_alpha(expected, "ordinal").value)
    as_choice = report_of(rows, LabelSettings(kind="choice"))
    assert as_choice.label.table.labels is not None and "N/A" in as_choice.label.table.labels


def test_other_text_among_numbers_suggests_missing() -> None:
    rows = [[*row[:2], "five" if k == 0 else row[2]] for k, row in enumerate(RATINGS)]
    report = report_of(rows)
    assert report.label.kind == "choice"
    (note,) = [n for n in report.notes if "not numbers" in n]
    assert "'five'" in note and "--missing five" in note


@pytest.mark.parametrize(
    ("values", "hint", "not_in"),
    [
        # numbers with a decimal comma: --missing cannot name them (it splits at commas)
        (["4,5", "3,5"], "write them with a decimal point (4.5)", "--missing"),
        # a value with a comma is left out of the --missing suggestion
        (["n/a, late", "skip"], "pass --missing skip", "late"),
        (["n/a, late"], "leave them out or write them as null", "--missing"),
        # thousands separators are not decimal commas; the other values keep their advice
        (
            ["1,000", "n/a"],
            "write them without (1000); if 'n/a' means 'no label', pass --missing n/a",
            "decimal",
        ),
    ],
)
def test_text_among_numbers_gets_a_hint_that_works(
    values: list[str], hint: str, not_in: str
) -> None:
    rows = [[*row[:2], values[k] if k < len(values) else row[2]] for k, row in enumerate(RATINGS)]
    report = report_of(rows)
    (note,) = [n for n in report.notes if "not numbers" in n]
    assert hint in note and not_in not in note.partition(";")[2]


def test_kind_rating_refuses_text_and_lists() -> None:
    with pytest.raises(UsageError, match=r"declared a rating .* 8 of its 8 values") as info:
        report_of([*VERDICTS[:2], ["ok", "bad"]], LabelSettings(kind="rating"))
    assert "--kind choice" in (info.value.hint or "")
    rows = [[*row[:2], "five" if k == 0 else row[2]] for k, row in enumerate(RATINGS)]
    with pytest.raises(UsageError, match="1 of its 19 values is not a number: 'five'") as info:
        report_of(rows, LabelSettings(kind="rating"))
    assert "--missing five" in (info.value.hint or "")
    with pytest.raises(UsageError, match=r"'\[a, b\]'"):
        report_of([[["a", "b"], ["b", "a"]]], LabelSettings(kind="rating"))


def test_kind_rating_on_continuous_values_says_why_it_stays_continuous() -> None:
    rng = np.random.default_rng(1)
    rows = [[b, b + 0.01, b - 0.02] for b in rng.uniform(1, 2, 20)]
    report = report_of(rows, LabelSettings(kind="rating"))
    assert report.label.kind == "continuous"
    assert any("declared a rating (--kind rating)" in note for note in report.notes)


def test_values_off_the_declared_scale_are_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"not on the declared scale 1, 2, 3: 4, 5"):
        report_of(RATINGS, LabelSettings(categories=[1, 2, 3]))
    with pytest.raises(UsageError, match="text categories"):
        report_of(RATINGS, LabelSettings(categories=["low", "high"]))


def test_continuous_values_get_interval_alpha_only() -> None:
    rng = np.random.default_rng(0)
    base = rng.uniform(1, 2, 30)
    rows = [[b, b + rng.normal(0, 0.05), b + rng.normal(0, 0.05)] for b in base]
    report = report_of(rows)
    assert report.label.kind == "continuous" and report.label.level == "interval"
    assert report.label.weights is None
    x = np.array(rows, dtype=float)
    assert report.headline.value == pytest.approx(krippendorff_alpha(x, "interval").value)
    assert report.measures["percent_agreement"].value is None
    assert "continuous" in report.measures["fleiss_kappa"].stat.note
    assert report.pairs[0].measure.key == "krippendorff_alpha"
    assert report.annotators[0].match is None


def test_zero_on_a_one_based_scale_gets_a_hint() -> None:
    report = report_of([[1, 2], [0, 2], [2, 2]])
    assert any("--missing 0" in note for note in report.notes)


def test_text_values_that_are_numbers() -> None:
    report = report_of([["4", "5"], ["3", "3"]])
    assert report.label.kind == "rating"
    assert "text values were read as numbers" in report.notes


def test_parse_scale() -> None:
    assert parse_scale("1, 2,3") == [1, 2, 3]
    assert parse_scale("1,1.5,2") == [1, 1.5, 2]
    assert parse_scale("bad,ok,good") == ["bad", "ok", "good"]


# -- annotators and items ------------------------------------------------------------------------
def test_annotator_rows_bias_and_consensus() -> None:
    report = report_of(RATINGS, LabelSettings(categories=[1, 2, 3, 4, 5]))
    x = matrix()
    ann = report.annotators[0]
    assert ann.annotator == "ann" and ann.items == 7
    shared = ~np.isnan(x[:, 0]) & ((~np.isnan(x)).sum(axis=1) >= 2)
    assert ann.shared == int(shared.sum())
    others = x[shared][:, 1:]
    assert ann.bias == pytest.approx(np.mean(x[shared, 0] - np.nanmean(others, axis=1)))
    assert ann.mean == pytest.approx(np.nanmean(x[:, 0]))
    consensus = np.nanmedian(others, axis=1)
    expected = krippendorff_alpha(np.column_stack([x[shared, 0], consensus]), "ordinal")
    assert ann.consensus.value == pytest.approx(expected.value)
    assert ann.match == pytest.approx(np.mean(x[shared, 0] == consensus))
    assert ann.deviations == int((x[shared, 0] != consensus).sum())


def test_consensus_majority_and_median() -> None:
    others = np.array([[1, 1, 2], [1, 2, NAN], [3, NAN, NAN], [NAN, NAN, NAN]])
    majority = consensus_of(others, nominal=True)
    assert majority[0] == 1 and np.isnan(majority[1]) and majority[2] == 3 and np.isnan(majority[3])
    median = consensus_of(others, nominal=False)
    assert median[:3].tolist() == [1.0, 1.5, 3.0] and np.isnan(median[3])


def test_disagreements_most_spread_first() -> None:
    report = report_of(RATINGS)
    spreads = [(d.item, d.spread) for d in report.disagreements]
    assert spreads[0] == ("item5", 2.0)
    assert [s for _, s in spreads] == sorted((s for _, s in spreads), reverse=True)
    assert ("item2", 0.0) not in spreads  # everyone agreed
    assert report.disagreements[0].values == (("ann", 4), ("bob", 2), ("eve", 4))


def test_rankings_use_kendall_w() -> None:
    rows = [
        [("a", "b", "c"), ("a", "b", "c"), ("b", "a", "c")],
        [("x", "y"), ("y", "x"), NAN],
        [("p", "q", "r", "s"), ("p", "q", "r", "s"), NAN],
    ]
    report = report_of(rows)
    assert report.label.kind == "ranking" and report.headline_key == "kendall_w"
    w1 = kendall_w([[1, 2, 3], [1, 2, 3], [2, 1, 3]]).value
    w2 = kendall_w([[1, 2], [2, 1]]).value
    assert report.headline.value == pytest.approx((w1 + w2 + 1.0) / 3)
    assert [d.item for d in report.disagreements] == ["item1", "item0"]
    assert report.disagreements[1].values[2] == ("eve", "b > a > c")
    ann_bob = next(p for p in report.pairs if (p.a, p.b) == ("ann", "bob"))
    assert ann_bob.shared == 3
    assert ann_bob.percent == pytest.approx(2 / 3)  # ranked identically
    assert ann_bob.measure.value == pytest.approx((3 + 0 + 6) / (3 + 1 + 6))  # pairs in order
    assert (ann_bob.measure.stat.n_items, ann_bob.measure.stat.n_raters) == (3, 2)
    assert report.headline.stat.n_raters == 3
    assert report.measures["krippendorff_alpha"].value is None
    text = report_text(build_report(collector_from(rows), NO_CI))
    assert "vs others: agreement with the others' mean rank)" in text and "the the" not in text
    rows_of = {row.annotator: row for row in report.annotators}
    # (eve orders item0 otherwise than ann and bob; item1 is ann's and bob's only)
    assert [rows_of[a].deviations for a in ANNOTATORS] == [2, 2, 1]
    assert rows_of["ann"].consensus.stat.n_raters == 2
    # the calibration sheet names W, and shows no mean rank or bias (meaningless for orders)
    sheet = calibration_sheet(build_report(collector_from(rows), NO_CI), {}, title="t")
    assert "agreement with the others (Kendall's W)" in sheet
    assert "Krippendorff's alpha against" not in sheet and "*Bias*" not in sheet
    ann = report.annotators[0]
    assert f"| ann | {ann.items} ({ann.shared}) | {ann.consensus.value:.2f} |" in sheet


def test_the_sheet_lists_a_few_messages_of_each_rule_and_counts_the_rest() -> None:
    from guidelint.agreement.sources.collect import MESSAGES_KEPT
    from guidelint.model import Severity, Violation

    info = ResponseInfo("item5", "bob", "p", 2, responses=["Sorry, sorry, sorry."])
    for n in range(MESSAGES_KEPT + 2):
        info.add(
            Violation("p", 2, 1, "response", (0, 1), "sorry", "phrase", Severity.WARNING, f"s{n}")
        )
    info.add(Violation("p", 2, 1, "response", (0, 1), "once", "phrase", Severity.ERROR, "o"))
    sheet = calibration_sheet(
        build_report(collector_from(RATINGS), NO_CI), {("item5", "bob"): info}, title="t"
    )
    listed = "".join(f"  - s{n}\n" for n in range(MESSAGES_KEPT))
    assert f"- `sorry` (warning), {MESSAGES_KEPT + 2} times:\n{listed}  - and 2 more\n" in sheet
    assert "- `once` (error): o\n" in sheet
    assert f"| bob | 2 | `sorry` (warning) ×{MESSAGES_KEPT + 2}, `once` (error) |" in sheet


def test_json_has_no_negative_zero() -> None:
    document = report_dict(build_report(collector_from([[1, 2], [2, 1], [1, 1]]), NO_CI))
    values = [s["value"] for s in document["labels"][0]["statistics"].values()]
    assert all(math.copysign(1.0, v) == 1.0 for v in values if v == 0)
    measure = report_of(RATINGS).headline
    stat = measure.stat.with_ci((-1e-9, 0.5))
    shown = Measure(measure.key, stat, measure.band).to_dict()
    assert math.copysign(1.0, shown["ci"][0]) == 1.0


def test_single_category_note_names_the_command_line_option() -> None:
    report = report_of([[3, 3], [3, 3]])
    note = report.measures["gwet_ac1"].stat.note or ""
    assert note.endswith("declare the full scale with --categories"), note
    assert "categories=" not in note


def test_multiple_choices_compare_as_a_set() -> None:
    rows = [[("b", "a"), ("a", "b")], [("a",), ("a", "c")]]
    report = report_of(rows)
    assert report.label.kind == "choice"
    assert report.label.table.labels == ("a", "a + b", "a + c")


def test_a_set_of_choices_is_shown_as_on_the_scale_everywhere() -> None:
    collector = collector_from([[("tone", "facts"), ("tone",)], [("facts",), ("facts",)]])
    report = build_report(collector, NO_CI)
    (label,) = report.labels
    (disagreement,) = label.disagreements
    assert disagreement.values == (("ann", "facts + tone"), ("bob", "tone"))
    assert "ann=facts + tone" in report_text(report)
    document = report_dict(report)
    assert document["labels"][0]["disagreements"]["items"][0]["values"]["ann"] == "facts + tone"
    sheet = calibration_sheet(report, {}, title="t")
    assert "| ann | facts + tone |" in sheet and ">" not in sheet.split("## Items to discuss")[1]


# -- degenerate data -----------------------------------------------------------------------------
def test_one_annotator_is_explained_not_raised() -> None:
    report = report_of([[4], [5], [3]])
    assert report.overlap.items_multi == 0
    assert "cannot be measured" in report.overlap.warning()
    for measure in report.measures.values():
        assert measure.value is None and measure.stat.note
    assert report.disagreements == () and report.pairs == ()
    assert report.annotators[0].consensus.value is None


def test_everything_missing() -> None:
    collector = collector_from([[None, ""], [NAN, None]])
    report = build_report(collector, NO_CI)
    only = report.labels[0]
    assert only.overlap.ratings == 0 and only.overlap.warning() == "there are no ratings"
    assert only.headline.value is None and not report.passes(0.0)
    assert "empty values" in " ".join(only.notes)
    assert "there are no ratings" in report_text(report)


def test_no_labels_at_all() -> None:
    report = build_report(LabelCollector(), NO_CI)
    assert report.labels == () and not report.passes(-1.0)
    assert "No labels found" in report_text(report)


# -- thresholds, bands, rendering ------------------------------------------------------------------
def test_headline_metric_and_threshold() -> None:
    collector = collector_from(RATINGS)
    report = build_report(collector, ReportOptions(bootstrap=0, metric="percent_agreement"))
    only = report.labels[0]
    assert only.headline_key == "percent_agreement"
    value = only.headline.value
    assert report.passes(value) and not report.passes(value + 0.01)
    assert report.failing(value + 0.01) == [only]


def test_custom_bands_from_the_guideline() -> None:
    bands = Bands.from_settings({"poor": 0.0, "fair": 0.3, "great": 0.7})
    assert (
        bands.label(-0.2) == "poor" and bands.label(0.3) == "fair" and bands.label(0.9) == "great"
    )
    assert bands.advice("fair") is None
    assert Bands.from_settings(AgreementSettings().bands) == Bands()
    assert Bands().advice("low") == "agreement is low: review the annotation guidelines"


def test_json_report_follows_the_schema() -> None:
    collector = collector_from(RATINGS)
    collector.responses[("item0", "ann")] = ResponseInfo(
        "item0", "ann", "p", 1, {"r": ("error", "m")}
    )
    collector.responses[("item0", "bob")] = ResponseInfo("item0", "bob", "p", 2)
    report = build_report(collector, ReportOptions(bootstrap=50), violations={"ann": (7, 2)})
    document = report_dict(report, top=3, minimum=0.5)
    jsonschema.validate(document, REPORT_SCHEMA)
    label = document["labels"][0]
    assert tuple(label["statistics"]) == STATISTICS
    assert label["statistics"]["cohen_kappa"]["weights"] == "quadratic"
    assert len(label["statistics"]["cohen_kappa"]["pairs"]) == 3
    assert label["disagreements"]["shown"] == 3 and label["disagreements"]["total"] > 3
    assert label["annotators"][0]["violation_rate"] == pytest.approx(2 / 7)
    assert document["guideline_agreement"]["rules"][0]["items_split"] == 1
    assert document["passed"] is report.passes(0.5)


def test_text_report_mentions_every_part() -> None:
    collector = collector_from(RATINGS)
    text = report_text(build_report(collector, ReportOptions(bootstrap=20)), top=2)
    for words in (
        "Label 'quality'",
        "krippendorff_alpha",
        "headline",
        "Annotators",
        "Pairs",
        "Disagreements",
        "--top",
    ):
        assert words in text


# -- agreement on the guideline ----------------------------------------------------------------
def test_rules_annotators_apply_differently() -> None:
    def info(item: str, annotator: str, *rules: str) -> ResponseInfo:
        return ResponseInfo(item, annotator, "p", 1, {r: ("warning", r) for r in rules})

    responses = {
        ("1", "a"): info("1", "a", "sorry", "long"),
        ("1", "b"): info("1", "b", "long"),
        ("2", "a"): info("2", "a", "sorry"),
        ("2", "b"): info("2", "b"),
        ("3", "a"): info("3", "a", "long"),
        ("3", "b"): info("3", "b", "long"),
        ("4", "a"): info("4", "a", "sorry"),  # one annotator: not compared
    }
    agreement = guideline_agreement(responses)
    assert agreement is not None
    assert (agreement.items, agreement.annotators, agreement.responses) == (3, 2, 6)
    sorry, long = agreement.rules
    assert (sorry.rule, sorry.split, sorry.all_broken, sorry.broken_by) == ("sorry", 2, 0, {"a": 2})
    assert sorry.items == ("1", "2") and sorry.share == pytest.approx(2 / 3)
    assert (long.rule, long.split, long.all_broken) == ("long", 0, 2)
    assert guideline_agreement({("1", "a"): info("1", "a", "x")}) is None


# -- the section of `guidelint check` ------------------------------------------------------------
def test_check_section() -> None:
    agreement = CheckAgreement(
        AgreementSettings(labels={"quality": {"categories": [1, 2, 3, 4, 5]}})
    )
    for i, row in enumerate(RATINGS):
        for annotator, value in zip(ANNOTATORS, row, strict=True):
            if not math.isnan(value):
                agreement.observe(
                    Record(
                        "p",
                        i + 1,
                        i,
                        {},
                        [],
                        item_id=f"item{i}",
                        annotator=annotator,
                        labels={"quality": value},
                    )
                )
    section = agreement.section()
    assert section is not None and section.title == "Agreement"
    row = section.rows[0]
    expected = krippendorff_alpha(matrix(), "ordinal", [1, 2, 3, 4, 5]).value
    assert row["label"] == "quality" and row["value"] == f"{expected:.3f}"
    assert row["statistic"] == "alpha"
    assert (row["items"], row["annotators"], row["items with 2+"]) == (8, 3, 7)
    assert row["level"] == "ordinal"
    lines = summary_lines(agreement)
    assert lines[0] == "Agreement" and "87.5%" in lines[2]
    assert any("guidelint agreement" in line for line in lines)
    assert any("95% CI from 200 bootstrap resamples" in line for line in lines)
    assert CheckAgreement().section() is None


def test_check_section_says_each_labels_level() -> None:
    """The note said 'ordinal for numbers, nominal for text' under the alpha of a text
    label declared ordinal (and of numbers declared nominal): the row says the level."""
    settings = {
        "verdict": {"kind": "choice", "categories": ["reject", "revise", "accept"],
                    "level": "ordinal"},
        "quality": {"level": "nominal"},
    }  # fmt: skip
    agreement = CheckAgreement(AgreementSettings(labels=settings))
    values = [("reject", 1), ("revise", 2), ("accept", 3), ("revise", 2)]
    for i, (verdict, quality) in enumerate(values * 2):
        for annotator, shift in (("a", 0), ("b", i % 2)):
            labels = {"verdict": verdict if not shift else "accept", "quality": quality + shift}
            agreement.observe(
                Record("p", i + 1, i, {}, [], item_id=f"i{i}", annotator=annotator, labels=labels)
            )
    section = agreement.section()
    assert section is not None
    assert {row["label"]: row["level"] for row in section.rows} == {
        "verdict": "ordinal",
        "quality": "nominal",
    }
    assert not any("nominal for text" in note for note in section.notes)


def test_lists_ranked_alike_everywhere_are_sets_of_choices() -> None:
    report = report_of([[("a", "b"), ("a", "b")], [("c", "d"), ("c", "d")]])
    assert report.label.kind == "choice"
    ranked = report_of([[("a", "b"), ("a", "b")]], LabelSettings(kind="ranking"))
    assert ranked.label.kind == "ranking" and ranked.headline.value == pytest.approx(1.0)


def test_a_declared_ranking_needs_lists() -> None:
    with pytest.raises(UsageError, match="declared a ranking"):
        report_of(RATINGS, LabelSettings(kind="ranking"))


def test_a_headline_that_does_not_apply_says_so() -> None:
    collector = collector_from(RATINGS)
    report = build_report(collector, ReportOptions(bootstrap=0, metric="kendall_w"), rules=False)
    assert report.labels[0].headline.value is None and report.guideline is None
    assert "headline kendall_w: not applicable: the label is not a ranking" in report_text(report)


def test_the_match_with_the_others_counts_only_items_compared() -> None:
    # for the first annotator, item 2's others tie ("y" and "z"): left out of the match
    report = report_of([["x", "x", "x"], ["x", "y", "z"], ["x", "y", "y"]])
    first = report.annotators[0]
    assert (first.shared, first.compared, first.deviations) == (3, 2, 1)
    assert first.match == pytest.approx(0.5)  # item 1 matches the others' x, item 3 not


def test_a_partial_ranking_pair_pools_only_the_candidate_pairs_both_ranked() -> None:
    """ann left out w on item 2: their pair compared 3 candidate pairs there, not 6, as
    pairwise_preference_agreement on the same ranks (and a count by hand) says."""
    rows = [
        [("x", "y", "z", "w"), ("y", "x", "z", "w")],
        [("x", "y", "z"), ("x", "y", "z", "w")],
        [("w", "z", "y", "x"), ("x", "y", "z", "w")],
    ]
    report = report_of(rows, LabelSettings(kind="ranking"))
    [pair] = report.pairs
    # item0: 5 of 6 pairs in order; item1: 3 of 3 (w unranked by ann); item2: 0 of 6
    assert pair.measure.value == pytest.approx((5 + 3 + 0) / (6 + 3 + 6))
    ranks = np.array(
        [[[1, 2, 3, 4], [2, 1, 3, 4]], [[1, 2, 3, NAN], [1, 2, 3, 4]], [[4, 3, 2, 1], [1, 2, 3, 4]]]
    )
    assert pair.measure.value == pytest.approx(pairwise_preference_agreement(ranks).value)


def test_check_section_names_kendalls_w_for_a_ranking() -> None:
    """A ranking's headline (Kendall's W) was shown in the column 'alpha', under a note
    saying it was Krippendorff's alpha."""
    agreement = CheckAgreement()
    orders = [("a", "b", "c"), ("b", "a", "c"), ("a", "c", "b"), ("c", "b", "a")]
    for i in range(4):
        for k, annotator in enumerate(("x", "y")):
            order = orders[(i + k) % 4] if k else orders[i]
            agreement.observe(
                Record("p", i + 1, i, {}, [], item_id=f"i{i}", annotator=annotator,
                       labels={"rank": list(order)})
            )  # fmt: skip
    section = agreement.section()
    assert section is not None
    [row] = section.rows
    assert (row["statistic"], row["level"]) == ("Kendall's W", "-")
    assert "alpha" not in row
    assert any(note.startswith("Kendall's W:") for note in section.notes)
