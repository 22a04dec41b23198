"""Hugging Face ``datasets``: guidelint as a ``map`` or ``filter`` step.

::

    import datasets
    import guidelint.hf

    ds = datasets.load_dataset("json", data_files="responses.jsonl", split="train")
    checked = ds.map(guidelint.hf.checker("customer-support"), batched=True, num_proc=4)
    clean = ds.filter(guidelint.hf.passes("customer-support"), batched=True)

Both work on a ``Dataset`` (with ``num_proc``: each process compiles the guideline once,
when it checks its first batch) and on an ``IterableDataset`` (streaming). The columns
:func:`checker` adds are those of :class:`guidelint.batch.BatchChecker`
(``docs/pipelines.md``). :func:`agreement` computes agreement statistics over ratings
in a dataset. ``guidelint check`` reads ``save_to_disk`` folders itself.
This module imports ``datasets`` only when a function here needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from guidelint.guideline import Guideline

__all__ = ["Checker", "Filter", "agreement", "checker", "features", "passes"]


class _Lazy:
    """Builds its BatchChecker on first use: in each process of ``num_proc``, once
    (the object itself pickles small: the guideline's name and the options)."""

    def __init__(self, guideline: Guideline | str | Path, options: dict[str, Any]):
        from guidelint.batch import BatchChecker

        self.guideline = guideline
        self.options = options
        self._checker: BatchChecker | None = BatchChecker(guideline, **options)  # validates now

    def __getstate__(self) -> dict[str, Any]:
        return {"guideline": self.guideline, "options": self.options, "_checker": None}

    #: The columns of the last batch checked (a change starts a new dataset).
    _last_columns: tuple[Any, ...] | None = None

    def batch_checker(self) -> Any:
        if self._checker is None:
            from guidelint.batch import BatchChecker

            self._checker = BatchChecker(self.guideline, **self.options)
        return self._checker

    def _checker_for(self, batch: Any) -> Any:
        """The batch checker, told of a new dataset when the batch's columns are not the
        last batch's (one function mapped over each split of a DatasetDict)."""
        checker = self.batch_checker()
        keys = getattr(batch, "keys", None)
        columns = tuple(keys()) if callable(keys) else None
        if columns is not None and columns != self._last_columns:
            checker.new_dataset()
        self._last_columns = columns
        return checker


class Checker(_Lazy):
    """``map(..., batched=True)`` function: the result columns of each batch.

    ``with_indices=True`` makes violations' lines the rows' 1-based numbers in the
    dataset (else rows are numbered per process).
    """

    def __call__(self, batch: Any, indices: Sequence[int] | None = None) -> Any:
        from guidelint.batch import _rows_of, arrow_table

        checker = self._checker_for(batch)
        _kind, _columns, rows = _rows_of(batch)
        results = checker.check_rows(rows, indices)
        added: dict[str, Any] = checker.columns(results)
        table = getattr(batch, "pa_table", None)  # (a Dataset's batch: datasets' LazyBatch)
        if table is not None and table.num_rows == len(rows):
            # The batch's own Arrow columns with the result columns typed: datasets
            # would infer the types from the first batch, and a batch without any fix
            # would make the fix column null-typed for the whole dataset.
            return arrow_table(table, added, checker.prefix)
        return added


class Filter(_Lazy):
    """``filter(..., batched=True)`` function: which rows pass (no violation at
    ``fail_on`` or above)."""

    def __call__(self, batch: Any, indices: Sequence[int] | None = None) -> list[bool]:
        from guidelint.batch import _rows_of

        checker = self._checker_for(batch)
        _kind, _columns, rows = _rows_of(batch)
        return [result.passed for result in checker.check_rows(rows, indices)]


def checker(guideline: Guideline | str | Path = "customer-support", **options: Any) -> Checker:
    """A ``map(batched=True)`` function adding guidelint's result columns (options: those of
    :class:`guidelint.batch.BatchChecker`). Pass ``features=guidelint.hf.features(ds)``
    to an IterableDataset's ``map`` to give the result columns their types up front."""
    return Checker(guideline, options)


def passes(guideline: Guideline | str | Path = "customer-support", **options: Any) -> Filter:
    """A ``filter(batched=True)`` function keeping the rows that pass ``fail_on``."""
    return Filter(guideline, options)


def features(dataset: Any, prefix: str = "guidelint_") -> Any:
    """The dataset's features with guidelint's result columns added, for ``map(features=)``."""
    import datasets

    found = dict(dataset.features or {})
    fix = {
        "start": datasets.Value("int64"),
        "end": datasets.Value("int64"),
        "replacement": datasets.Value("string"),
        "safe": datasets.Value("bool"),
    }
    violation = {
        "rule": datasets.Value("string"),
        "severity": datasets.Value("string"),
        "message": datasets.Value("string"),
        "field": datasets.Value("string"),
        "column": datasets.Value("int64"),
        "span": datasets.List(datasets.Value("int64")),
        "fix": fix,
    }
    found[f"{prefix}violations"] = datasets.List(violation)
    for name in ("errors", "warnings", "infos"):
        found[f"{prefix}{name}"] = datasets.Value("int64")
    found[f"{prefix}pass"] = datasets.Value("bool")
    return datasets.Features(found)


def agreement(dataset: Any, **options: Any) -> Any:
    """Agreement statistics over ratings in a Hugging Face dataset (see
    :func:`guidelint.pipelines.agreement.hf_agreement`)."""
    from guidelint.pipelines.agreement import hf_agreement

    return hf_agreement(dataset, **options)
