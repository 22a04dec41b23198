"""Agreement statistics over ratings that live in a Ray or Hugging Face dataset.

The ratings are long rows ``(item, annotator, value)``, millions of them. The engine
groups them by item (Ray Data's ``groupby(...).map_groups``; pyarrow's hash
group-by over a ``datasets`` table, which is memory-mapped Arrow, or over the batches
of an IterableDataset), giving one row per item with its annotators and values. The
driver then pivots those into the ratings matrix (:func:`ratings_from_long`) and
computes the same statistics as ``guidelint agreement``'s functions, so the results
are those of the statistics on the whole table, exactly.

Memory on the driver: the ratings matrix, 8 bytes per (item, annotator) cell (1M items
rated by 4 annotators: 32 MB), plus the grouped rows while they are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from guidelint.errors import UsageError

__all__ = ["STATISTICS", "hf_agreement", "ray_agreement", "statistics_of_groups"]

#: The statistics computed by default (Cohen's kappa too when there are two annotators).
STATISTICS = ("percent_agreement", "fleiss_kappa", "krippendorff_alpha", "gwet_ac1")


def ray_agreement(
    dataset: Any,
    *,
    item: str = "item",
    annotator: str = "annotator",
    value: str = "value",
    categories: Sequence[Any] | None = None,
    level: str | None = None,
    kind: str | None = None,
    statistics: Sequence[str] = STATISTICS,
) -> dict[str, Any]:
    """Agreement over the ``(item, annotator, value)`` columns of a Ray dataset."""
    _check_columns(dataset.columns(), (item, annotator, value))

    def per_item(group: Any) -> Any:
        import pyarrow as pa

        return pa.table(
            {
                "item": [group[item][0]],
                "annotators": [group[annotator].to_pylist()],
                "values": [group[value].to_pylist()],
            }
        )

    grouped = (
        dataset.select_columns([item, annotator, value])
        .groupby(item)
        .map_groups(per_item, batch_format="pyarrow")
    )
    groups = (
        (row_item, row_annotators, row_values)
        for batch in grouped.iter_batches(batch_format="pyarrow", batch_size=4096)
        for row_item, row_annotators, row_values in zip(
            batch["item"].to_pylist(),
            batch["annotators"].to_pylist(),
            batch["values"].to_pylist(),
            strict=True,
        )
    )
    return statistics_of_groups(
        groups,
        categories=categories,
        level=level,
        kind=kind,
        statistics=statistics,
        name=value,
    )


def hf_agreement(
    dataset: Any,
    *,
    item: str = "item",
    annotator: str = "annotator",
    value: str = "value",
    categories: Sequence[Any] | None = None,
    level: str | None = None,
    kind: str | None = None,
    statistics: Sequence[str] = STATISTICS,
    batch_size: int = 100_000,
) -> dict[str, Any]:
    """Agreement over the ``(item, annotator, value)`` columns of a Hugging Face
    ``Dataset`` or ``IterableDataset``."""
    import pyarrow as pa

    names = dataset.column_names
    if names is not None:
        _check_columns(names, (item, annotator, value))
    columns = [item, annotator, value]
    if hasattr(dataset, "data") and hasattr(dataset.data, "table"):  # a Dataset
        table = dataset.select_columns(columns).with_format("arrow")[:]
    else:  # an IterableDataset: its batches, as Arrow
        parts = [
            pa.table({name: batch[name] for name in columns})
            for batch in dataset.iter(batch_size=batch_size)
        ]
        if not parts:
            return statistics_of_groups(
                [], categories=categories, level=level, kind=kind, name=value
            )
        table = pa.concat_tables(parts, promote_options="default")
    grouped = table.group_by(item, use_threads=False).aggregate(
        [(annotator, "list"), (value, "list")]
    )
    groups = zip(
        grouped[item].to_pylist(),
        grouped[f"{annotator}_list"].to_pylist(),
        grouped[f"{value}_list"].to_pylist(),
        strict=True,
    )
    return statistics_of_groups(
        groups,
        categories=categories,
        level=level,
        kind=kind,
        statistics=statistics,
        name=value,
    )


def statistics_of_groups(
    groups: Iterable[tuple[Any, Sequence[Any], Sequence[Any]]],
    *,
    categories: Sequence[Any] | None = None,
    level: str | None = None,
    kind: str | None = None,
    statistics: Sequence[str] = STATISTICS,
    name: str = "value",
) -> dict[str, Any]:
    """The statistics of ratings grouped by item: ``(item, annotators, values)`` each.

    The ratings are coded as ``guidelint agreement`` codes them (the kind of label, its
    level and scale decided from the values unless ``kind``, ``level`` or
    ``categories`` say; see docs/agreement.md), so the numbers are the command line's:
    numbers are an ordinal rating, many distinct fractions are continuous (alpha at the
    interval level; the statistics for categories are not applicable, with a note).
    Returns ``{name: Statistic}`` (see :mod:`guidelint.agreement`); ``cohen_kappa`` is
    added when exactly two annotators rated; asked for with more, it is Light's kappa
    (the mean of Cohen's kappa over the pairs), as in the command line's report.
    ``name`` names the label in errors (the column of the values).
    """
    from guidelint.agreement.coding import LabelSettings, code_label
    from guidelint.agreement.keys import STATISTICS as KNOWN
    from guidelint.agreement.measure import ReportOptions
    from guidelint.agreement.report import label_report
    from guidelint.agreement.sources.collect import LabelCollector

    unknown = [name for name in statistics if name not in KNOWN]
    if unknown:
        raise UsageError(
            f"unknown statistic {unknown[0]!r}", hint=f"use some of {', '.join(KNOWN)}"
        )
    collector = LabelCollector()
    for group_item, group_annotators, group_values in groups:
        for who, value in zip(group_annotators, group_values, strict=True):
            collector.add(group_item, who, name, value)
    label = collector.labels.get(name)
    if not label:
        raise UsageError("no ratings to compare: the dataset has no rows with a value")
    given = {
        key: value
        for key, value in (
            ("kind", kind),
            ("level", level),
            ("categories", None if categories is None else list(categories)),
        )
        if value is not None
    }
    try:
        settings = LabelSettings.model_validate(given)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise UsageError(
            f"{where}={given.get(where)!r}: {error['msg']}",
            hint="kind: rating, choice or ranking; level: nominal, ordinal, interval or ratio",
        ) from None
    report = label_report(code_label(label, settings), ReportOptions(bootstrap=0))
    # cohen_kappa is the report's, as the command line gives it: Cohen's kappa of two
    # annotators, or with more Light's kappa, the mean over the pairs (its name is
    # light_kappa and its note says so). Unasked, it is added for two annotators only.
    results = {name: report.measures[name].stat for name in statistics if name in report.measures}
    if report.overlap.annotators == 2 and "cohen_kappa" in report.measures:
        results["cohen_kappa"] = report.measures["cohen_kappa"].stat
    return results


def _check_columns(names: Sequence[str], wanted: Sequence[str]) -> None:
    missing = [name for name in wanted if name not in names]
    if missing:
        have = ", ".join(f"'{n}'" for n in list(names)[:8])
        raise UsageError(
            f"the dataset has no column '{missing[0]}' (it has {have})",
            hint="name the columns with item=, annotator=, value=",
        )
