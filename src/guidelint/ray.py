"""Ray Data: guidelint as a step of a Ray Data pipeline.

::

    import ray
    import guidelint.ray

    ds = ray.data.read_json("responses.jsonl")
    checked = ds.map_batches(
        guidelint.ray.Checker,
        fn_constructor_kwargs={"guideline": "customer-support"},
        concurrency=4,
        batch_format="pyarrow",
    )
    failing = checked.filter(expr="guidelint_pass == False")

:class:`Checker` is a stateful actor class: each actor loads the guideline and compiles
its rules once, then checks batch after batch with :class:`guidelint.batch.BatchChecker`
(the result columns are documented there and in ``docs/pipelines.md``).
:func:`agreement` computes agreement statistics over ratings in a Ray dataset. This
module's name is ``guidelint.ray``; it imports the real ``ray`` package only when used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from guidelint.guideline import Guideline

__all__ = ["Checker", "agreement"]

#: What to do when the checker is given one row: Ray Data's ``map`` passes rows, and
#: would refuse the table it returns with an error that does not say why.
_ROW_HINT = (
    "use ds.map_batches(guidelint.ray.Checker, fn_constructor_kwargs=..., concurrency=N), "
    "not ds.map: the checker takes batches of rows and returns them as a table"
)


class Checker:
    """``map_batches`` callable class: the batch with guidelint's result columns added.

    Keyword arguments are those of :class:`guidelint.batch.BatchChecker` (``fields``,
    ``schema``, ``select``, ``ignore``, ``severity``, ``fail_on``, ``prefix``, ``path``).
    Batches may come as ``pyarrow`` (the fastest), ``pandas`` or ``numpy`` (dict) batch
    formats; the result is a pyarrow Table, whose ``violations`` column has the same
    type in every block.
    """

    def __init__(self, guideline: Guideline | str | Path = "customer-support", **options: Any):
        from guidelint.batch import BatchChecker

        self.checker = BatchChecker(guideline, **options)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        from guidelint.batch import _rows_of, arrow_table

        kind, _columns, rows = _rows_of(batch, row_hint=_ROW_HINT)
        results = self.checker.check_rows(rows)
        added = self.checker.columns(results)
        if kind == "arrow":
            table = batch if isinstance(batch, pa.Table) else pa.Table.from_batches([batch])
        elif kind == "pandas":
            table = pa.Table.from_pandas(batch, preserve_index=False)
        else:
            try:
                table = pa.Table.from_pylist(rows) if rows else pa.table({})
            except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                from guidelint.errors import UsageError

                raise UsageError(
                    f"a column of this numpy batch holds values Arrow cannot put in one "
                    f"column ({exc}); the rows were checked, but the batch with the result "
                    "columns cannot be built",
                    hint="use map_batches(..., batch_format='pyarrow') or 'pandas': their "
                    "columns keep their types, and a bad value is one row's invalid-record",
                ) from None
        return arrow_table(table, added, self.checker.prefix)


def agreement(dataset: Any, **options: Any) -> Any:
    """Agreement statistics over ratings in a Ray dataset (see
    :func:`guidelint.pipelines.agreement.ray_agreement`)."""
    from guidelint.pipelines.agreement import ray_agreement

    return ray_agreement(dataset, **options)
