"""The columnar path (ratings kept as item, annotator and value codes) against the
row-by-row way it replaced: the same values, tables, disagreements and distributions.

The reference functions here are the earlier implementations, kept as test oracles: a
dictionary ``{(item, annotator): value}`` (a repeat moves to the end), the ratings
matrix of :func:`ratings_from_long` on every rating, and per-row loops. Inputs are the
real data in ../shared/data (skipped when absent) and hypothesis-generated ratings with
missing values, single-rater items, repeats, and numeric, text and mixed labels.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from guidelint.agreement.annotators import _distribution
from guidelint.agreement.coding import CodedLabel, LabelSettings, _choice_text, code_label
from guidelint.agreement.items import disagreements
from guidelint.agreement.sources.collect import DUPLICATE, EMPTY, LabelCollector, as_number
from guidelint.agreement.sources.files import SourceOptions, read_sources
from guidelint.agreement.statistics.data import ratings_from_long
from guidelint.errors import UsageError

# -- the earlier, row-by-row implementations -----------------------------------------------


def reference_values(
    rows: list[tuple[str, str, Any]],
) -> tuple[dict[tuple[str, str], Any], Counter[str]]:
    """The dictionary the collector kept: missing values dropped, a repeat replaces
    the earlier value and moves to the end."""
    values: dict[tuple[str, str], Any] = {}
    dropped: Counter[str] = Counter()
    for item, annotator, value in rows:
        if value is None or (isinstance(value, str) and not value.strip()):
            dropped[EMPTY] += 1
            continue
        key = (item, annotator)
        if key in values:
            dropped[DUPLICATE] += 1
            del values[key]
        values[key] = value
    return values, dropped


def reference_table(label: CodedLabel) -> Any:
    """The ratings table built from every rating with :func:`ratings_from_long`."""
    source = label.source.values
    items = [k[0] for k in source]
    annotators = [k[1] for k in source]
    values = list(source.values())
    if label.kind == "rating" or label.kind == "continuous":
        coded: Any = np.asarray([as_number(v) for v in values], dtype=np.float64)
        declared = None if not label.declared else label.categories
    else:
        coded = np.asarray([_choice_text(v) for v in values], dtype=object)
        declared = (
            [label.decode(c) for c in label.categories]
            if label.declared and label.categories is not None
            else None
        )
    return ratings_from_long(
        np.asarray(items, dtype=object).astype(str),
        np.asarray(annotators, dtype=object).astype(str),
        coded,
        categories=declared,
    )


def reference_disagreements(label: CodedLabel) -> list[tuple[Any, ...]]:
    """The per-row loop over the ratings matrix."""
    source = label.source.values
    names = [str(a) for a in label.table.annotators.tolist()]
    order = {item: k for k, item in enumerate(label.source.items())}
    found = []
    for row, item in zip(
        label.table.ratings, [str(i) for i in label.table.items.tolist()], strict=True
    ):
        values = row[~np.isnan(row)]
        if values.size < 2:
            continue
        if label.numeric:
            spread, secondary, measure = (
                float(values.max() - values.min()),
                float(values.std()),
                "range",
            )
        else:
            _, counts = np.unique(values, return_counts=True)
            spread = float(counts.size)
            secondary = 1.0 - counts.max() / values.size
            measure = "distinct"
        if (label.numeric and spread > 0) or (not label.numeric and spread > 1):
            shown = tuple((a, label.show(source[(item, a)])) for a in names if (item, a) in source)
            found.append((item, spread, measure, secondary, shown))
    found.sort(key=lambda d: (-d[1], -d[3], -len(d[4]), order.get(d[0], 0)))
    return found


def reference_distribution(label: CodedLabel, values: np.ndarray) -> dict[str, int]:
    if label.kind in ("continuous", "ranking"):
        return {}
    counts = Counter(str(label.decode(v)) for v in values.tolist())
    cats = label.categories if label.categories is not None else []
    order = [str(label.decode(c)) for c in cats]
    return {k: counts[k] for k in order if counts[k]} | dict(counts)


def assert_same_label(label: CodedLabel) -> None:
    """The coded label's table, disagreements and distributions equal the references."""
    expected = reference_table(label)
    table = label.table
    if label.kind != "ranking":
        np.testing.assert_array_equal(table.ratings, expected.ratings)
        assert table.labels == expected.labels
    np.testing.assert_array_equal(table.items, expected.items)
    np.testing.assert_array_equal(table.annotators, expected.annotators)
    got = [(d.item, d.spread, d.measure, d.secondary, d.values) for d in disagreements(label)]
    if label.kind != "ranking":
        assert got == reference_disagreements(label)
    r = table.ratings
    for j in range(r.shape[1]):
        mine = ~np.isnan(r[:, j])
        assert _distribution(label, r[mine, j]) == reference_distribution(label, r[mine, j])


# -- real data ------------------------------------------------------------------------------


def _judges_rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


DISCRETE_JUDGES = ("alpaca_eval_cot_gpt4_turbo_fn", "alpaca_eval_gpt4", "alpaca_eval_gpt4_turbo_fn")


@pytest.mark.parametrize(
    ("missing", "judges", "scale"),
    [(None, None, None), ([0], None, None), ([0], DISCRETE_JUDGES, [1, 1.5, 2])],
)
def test_judges_file_columns_equal_the_dictionary_and_the_references(
    shared_data: Path,
    missing: list[int] | None,
    judges: tuple[str, ...] | None,
    scale: list[float] | None,
) -> None:
    path = shared_data / "alpaca_eval" / "judges.jsonl.gz"
    collector = LabelCollector(
        labels=["preference"], annotators=judges, missing={"*": missing} if missing else None
    )
    read_sources([str(path)], SourceOptions(annotator="judge", labels=("preference",)), collector)
    label = collector.labels["preference"]
    rows = [
        (
            str(r["item"]),
            str(r["judge"]),
            None if missing and r["preference"] == 0 else r["preference"],
        )
        for r in _judges_rows(path)
        if judges is None or r["judge"] in judges
    ]
    expected, _ = reference_values(rows)
    assert label.values == expected
    assert list(label.values) == list(expected)  # the same reading order
    coded = code_label(label, LabelSettings(categories=scale))
    assert coded.kind == ("continuous" if judges is None else "rating")
    assert_same_label(coded)


def test_label_studio_exports_give_the_reference_tables(shared_data: Path) -> None:
    for name in ("support_batch_export.json", "export_two_annotators.json"):
        collector = LabelCollector()
        read_sources([str(shared_data / "labelstudio" / name)], SourceOptions(), collector)
        assert collector.labels
        for label in collector.labels.values():
            assert_same_label(code_label(label, LabelSettings()))


def test_the_jsonl_fast_path_reads_what_the_row_reader_reads(
    shared_data: Path, tmp_path: Path
) -> None:
    """The same file read by path (straight into columns) and from standard input (the
    general reader of raw records) gives the same values, drops and notes."""
    import io
    import sys

    path = shared_data / "alpaca_eval" / "judges.jsonl.gz"
    text = gzip.decompress(path.read_bytes())
    plain = tmp_path / "judges.jsonl"
    plain.write_bytes(text)
    options = SourceOptions(annotator="judge", labels=("preference",))
    fast = LabelCollector(missing={"*": [0]})
    _, fast_notes = read_sources([str(plain)], options, fast)
    slow = LabelCollector(missing={"*": [0]})
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(text), encoding="utf-8")
    try:
        _, slow_notes = read_sources(["-"], options, slow)
    finally:
        sys.stdin = stdin
    assert fast.labels["preference"].values == slow.labels["preference"].values
    assert fast.labels["preference"].dropped == slow.labels["preference"].dropped
    assert (fast.seen, fast.annotators_seen) == (slow.seen, slow.annotators_seen)
    assert fast_notes == slow_notes


# -- generated data -------------------------------------------------------------------------

ITEMS = st.sampled_from(["a", "b", "c", "d", "e", "10", "2", " x", "é"])
ANNOTATORS = st.sampled_from(["ann", "bob", "eve", "zed"])
NUMBERS = st.one_of(st.integers(1, 5), st.sampled_from([1.0, 2.5, 3.0, "4", " 2 "]))
TEXTS = st.sampled_from(["good", "bad", "ok", "Bad", "2", "10"])
MISSING = st.sampled_from([None, "", "  "])


def _rows(values: st.SearchStrategy[Any]) -> st.SearchStrategy[list[tuple[str, str, Any]]]:
    return st.lists(st.tuples(ITEMS, ANNOTATORS, st.one_of(values, MISSING)), max_size=40)


def _collect(rows: list[tuple[str, str, Any]]) -> LabelCollector:
    collector = LabelCollector()
    for item, annotator, value in rows:
        collector.add(item, annotator, "q", value)
    return collector


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(_rows(st.one_of(NUMBERS, TEXTS, st.sampled_from(["N/A", "n/a"]))))
def test_generated_values_equal_the_dictionary(rows: list[tuple[str, str, Any]]) -> None:
    label = _collect(rows).labels.get("q")
    expected, dropped = reference_values(rows)
    if label is None:
        assert not expected and not dropped
        return
    assert label.values == expected
    assert list(label.values) == list(expected)
    assert label.dropped == dropped
    assert label.items() == list(dict.fromkeys(k[0] for k in expected))
    assert len(label) == len(expected)


@SETTINGS
@given(_rows(NUMBERS), st.booleans())
def test_generated_ratings_give_the_reference_report_parts(
    rows: list[tuple[str, str, Any]], declared: bool
) -> None:
    label = _collect(rows).labels.get("q")
    if label is None or not len(label):
        return
    scale = LabelSettings(categories=[1, 2, 2.5, 3, 4, 5]) if declared else LabelSettings()
    assert_same_label(code_label(label, scale))


@SETTINGS
@given(_rows(st.one_of(TEXTS, NUMBERS)), st.sampled_from(["nominal", "ordinal"]))
def test_generated_choices_and_mixed_labels_give_the_reference_report_parts(
    rows: list[tuple[str, str, Any]], level: str
) -> None:
    label = _collect(rows).labels.get("q")
    if label is None or not len(label):
        return
    try:
        coded = code_label(label, LabelSettings(level=level))  # type: ignore[arg-type]
    except UsageError:
        return  # (ratio of negative values and the like: not what is compared here)
    assert_same_label(coded)


@SETTINGS
@given(
    st.lists(
        st.tuples(ITEMS, ANNOTATORS, st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: x / 7)),
        min_size=2,
        max_size=40,
    )
)
def test_generated_continuous_values_give_the_reference_report_parts(
    rows: list[tuple[str, str, Any]],
) -> None:
    label = _collect(rows).labels["q"]
    assert_same_label(code_label(label, LabelSettings()))


def test_values_one_and_one_point_zero_and_true_are_kept_apart_where_they_differ() -> None:
    collector = LabelCollector()
    collector.add("i", "a", "q", 1)
    collector.add("i", "b", "q", 1.0)
    collector.add("j", "a", "q", True)
    collector.add("j", "b", "q", (True, 2))
    collector.add("k", "b", "q", (1, 2))
    values = collector.labels["q"].values
    assert values[("i", "a")] == values[("i", "b")] == 1
    assert values[("j", "a")] is True
    assert [type(v) for v in values[("j", "b")]] == [bool, int]
    assert [type(v) for v in values[("k", "b")]] == [int, int]


# -- errors of the fast JSON Lines path ------------------------------------------------------


def test_bad_rows_of_a_jsonl_file_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    rows = [
        '{"item": "1", "annotator": "a", "q": 4}',
        '{"item": "1", "annotator": "b", "q": 5',
        "[1, 2]",
        "",
        '{"item": "2", "annotator": "a", "q": 3}  ',
        '\t{"item": "2", "annotator": "b", "q": 3}',
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    collector = LabelCollector()
    sources, notes = read_sources([str(path)], SourceOptions(), collector)
    assert sources[0].rows == 3
    assert collector.labels["q"].values == {("1", "a"): 4, ("2", "a"): 3, ("2", "b"): 3}
    (note,) = [n for n in notes if "could not be read" in n]
    assert f"{path}:2: not valid JSON" in note
    assert f"{path}:3: row is not an object with named columns" in note


def test_an_infinite_number_in_a_jsonl_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(
        '{"item": "1", "annotator": "a", "q": 4}\n{"item": "1", "annotator": "b", "q": Infinity}\n',
        encoding="utf-8",
    )
    with pytest.raises(UsageError) as caught:
        read_sources([str(path)], SourceOptions(), LabelCollector())
    assert caught.value.location == f"{path}:2"
    assert "not a finite number" in str(caught.value)


def test_a_nan_rating_is_an_empty_value(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(
        '{"item": "1", "annotator": "a", "q": NaN}\n{"item": "1", "annotator": "b", "q": 2}\n'
        '{"item": "2", "annotator": "b", "q": NaN}\n',
        encoding="utf-8",
    )
    collector = LabelCollector()
    read_sources([str(path)], SourceOptions(), collector)
    label = collector.labels["q"]
    assert label.values == {("1", "b"): 2}
    assert label.dropped[EMPTY] == 2
    assert not math.isnan(next(iter(label.values.values())))


def test_disagreements_break_ties_by_more_annotators_then_reading_order() -> None:
    collector = LabelCollector()
    ratings = {
        "late": {"a": 1, "b": 3},
        "wide": {"a": 1, "b": 3, "c": 1, "d": 3},  # same range and deviation, more raters
        "first": {"a": 3, "b": 1},
        "far": {"a": 1, "b": 5},
        "same": {"a": 2, "b": 2},
        "alone": {"c": 4},
    }
    for item in ("first", "far", "same", "alone", "late", "wide"):
        for annotator, value in ratings[item].items():
            collector.add(item, annotator, "q", value)
    label = code_label(collector.labels["q"], LabelSettings())
    found = disagreements(label)
    assert [d.item for d in found] == ["far", "wide", "first", "late"]
    assert found[1].values == (("a", 1), ("b", 3), ("c", 1), ("d", 3))
    assert found[-1] == found[3] and found[1:3] == (found[1], found[2]) and len(found) == 4
    assert_same_label(label)
    choices = LabelCollector()
    for item, values in {"x": "ab", "y": "abab", "z": "abc", "w": "aab"}.items():
        for k, value in enumerate(values):
            choices.add(item, f"r{k}", "c", value)
    coded = code_label(choices.labels["c"], LabelSettings())
    assert [(d.item, d.spread, d.secondary) for d in disagreements(coded)] == [
        ("z", 3.0, 1 - 1 / 3),
        ("y", 2.0, 0.5),
        ("x", 2.0, 0.5),
        ("w", 2.0, 1 - 2 / 3),
    ]
    assert_same_label(coded)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(ITEMS, st.integers(0, 3), st.sampled_from(["", " ", None])),
            st.one_of(ANNOTATORS, st.integers(7, 8), st.sampled_from(["", None])),
            st.one_of(
                NUMBERS,
                TEXTS,
                MISSING,
                st.booleans(),
                st.sampled_from([[1, 2], {"x": 1}, 0]),
            ),
        ),
        max_size=30,
    )
)
@example(rows=[("a", "ann", 1), ("", "bob", 1), ("b", "", 1), ("c", "eve", 1)])
def test_generated_jsonl_rows_read_as_the_row_reader_reads_them(
    rows: list[tuple[Any, Any, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every kind of row through the one-loop reader of JSON Lines files, against
    the general reader of raw records (standard input)."""
    import io
    import sys

    lines = [json.dumps({"item": i, "annotator": a, "q": v}) for i, a, v in rows]
    text = ("\n".join(['{"item": "x", "annotator": "ann", "q": 3}', *lines]) + "\n").encode()
    path = tmp_path_factory.mktemp("rows") / "rows.jsonl"
    path.write_bytes(text)
    options = SourceOptions(labels=("q",))
    fast = LabelCollector(missing={"*": [0]})
    fast_sources, fast_notes = read_sources([str(path)], options, fast)
    slow = LabelCollector(missing={"*": [0]})
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(text), encoding="utf-8")
    try:
        slow_sources, slow_notes = read_sources(["-"], options, slow)
    finally:
        sys.stdin = stdin
    got, expected = fast.labels["q"], slow.labels["q"]
    assert list(got.values.items()) == list(expected.values.items())
    assert [type(v) for v in got.values.values()] == [type(v) for v in expected.values.values()]
    assert got.dropped == expected.dropped
    assert (fast.seen, fast.annotators_seen, fast.notes) == (
        slow.seen,
        slow.annotators_seen,
        slow.notes,
    )
    assert fast_sources[0].rows == slow_sources[0].rows
    assert fast_notes == slow_notes
