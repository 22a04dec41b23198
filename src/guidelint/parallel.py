"""Checking JSON Lines files on several cores (``guidelint check --jobs N``).

The output is the same as with one job, in the same order. How:

* The main process reads raw lines (bytes, not parsed) and cuts them into batches of
  :data:`BATCH_RECORDS` lines or :data:`BATCH_BYTES` bytes. At most two batches per
  worker are in flight, so memory stays flat however long the file is.
* Worker processes (``fork`` where available, else ``spawn``) each build their own
  :class:`~guidelint.engine.Linter` once, from the main linter's guideline, selection,
  severity overrides and fields. Per batch they decode the lines, read them with the
  file's schema and run :meth:`Linter.record_violations` (text and record rules,
  suppressions): the pure part of checking.
* Results come back in batch order. The main process does the rest, in file order,
  exactly as one job would: it counts every record in the summary
  (:meth:`Linter.account`), reports unreadable lines (:meth:`Linter.invalid_record`),
  and feeds dataset-level checks and checks that ``observe`` records: when the
  guideline has any, workers send the records back for them (costlier, but those
  checks need every record, and their state lives in the main process only).
  Record-scope ``check_record`` runs in the workers: it may look only at its record
  and the violations found in it, never at what ``observe`` gathered (true of every
  check kind).
* Schema detection is per file ("the first record that matches a schema sets it"):
  the main process finds that first record while filling the first batch; every
  later batch is read by a worker *after* that record (its results dropped), so
  records that do not match the file's schema get the same error as with one job.
  A file whose first batch sets no schema is checked in the main process.

Other formats (JSON, CSV, Parquet) and standard input are checked in the main process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from guidelint.engine import Linter
from guidelint.errors import RecordError
from guidelint.model import Record, Violation
from guidelint.parallel_worker import (
    Batch,
    BatchResult,
    batches,
    find_seed,
    run_batch,
    start_worker,
)

BATCH_RECORDS = 1_000
BATCH_BYTES = 2 << 20
#: Inputs smaller than this are checked with one job by default (workers cost ~0.1 s).
PARALLEL_FROM_BYTES = 5 << 20
_IN_FLIGHT_PER_JOB = 2


def default_jobs(paths: list[str]) -> int:
    """Every core for large inputs, one job below :data:`PARALLEL_FROM_BYTES` or stdin."""
    total = 0
    for path in paths:
        if path == "-":
            return 1
        size = Path(path).stat().st_size if Path(path).is_file() else 0
        total += size * 4 if path.lower().endswith(".gz") else size
    return cpu_count() if total >= PARALLEL_FROM_BYTES else 1


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class ParallelChecker:
    """Checks files with ``jobs`` worker processes; use as a context manager.

    :meth:`check_file` yields ``(line, violations)`` per item of the file (record or
    unreadable record), in file order, and updates the linter's summary and its
    dataset-level checks exactly like checking record by record does.
    """

    def __init__(self, linter: Linter, jobs: int):
        self.linter = linter
        self.jobs = max(1, jobs)
        self._pool: Any = None

    def __enter__(self) -> ParallelChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def check_file(
        self, path: str, *, schema: str | None = None, input_format: str | None = None
    ) -> Iterator[tuple[int, list[Violation]]]:
        """(line, violations) per item of ``path``, in order (see the class docstring)."""
        from guidelint.readers import format_of, read_records

        linter = self.linter
        fmt = (input_format or format_of(path)) if path != "-" else (input_format or "jsonl")
        jsonl = fmt.strip().lower().lstrip(".") in ("jsonl", "ndjson")
        if self.jobs == 1 or not jsonl or path == "-":
            stats = linter.summary.read_stats
            items = read_records(
                path, fields=linter.fields, schema=schema, input_format=input_format, stats=stats
            )
            for item in items:
                if isinstance(item, RecordError):
                    yield item.line, [linter.invalid_record(path, item)]
                else:
                    yield item.line, linter.check_record(item)
            return
        yield from self._parallel(path, schema)

    def _parallel(self, path: str, schema: str | None) -> Iterator[tuple[int, list[Violation]]]:
        from guidelint.readers import read_records
        from guidelint.readers.source import open_binary

        linter = self.linter
        fields = linter.fields
        explicit = schema or fields.schema_name
        send_records = bool(linter.observers) or linter.wants_records
        pending: deque[Any] = deque()
        seed: tuple[int, bytes] | None = None
        index = 0
        read_records(path, fields=fields, schema=schema)  # the same errors, up front
        with open_binary(path) as stream:
            for start, lines, damage in batches(stream, BATCH_RECORDS, BATCH_BYTES):
                if start == 1 and explicit is None:
                    seed = find_seed(lines, start, fields)
                    if seed is None:  # no schema yet: one job, from the start
                        yield from ParallelChecker(linter, 1).check_file(path, schema=schema)
                        return
                if lines:
                    first = start == 1
                    batch = Batch(
                        path, fields, explicit, start, lines, None if first else seed, send_records
                    )
                    pending.append(self._submit(batch))
                while len(pending) >= self.jobs * _IN_FLIGHT_PER_JOB or (damage and pending):
                    index = yield from self._collect(pending.popleft().get(), path, index)
                if damage is not None:
                    error = RecordError(damage, line=start + len(lines))
                    yield error.line, [linter.invalid_record(path, error)]
            while pending:
                index = yield from self._collect(pending.popleft().get(), path, index)

    def _submit(self, batch: Batch) -> Any:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            linter = self.linter
            spec = (linter.guideline, linter.selection, linter.severity_overrides, linter.fields)
            self._pool = context.Pool(self.jobs, start_worker, spec)
        return self._pool.apply_async(run_batch, (batch,))

    def _collect(
        self, result: BatchResult, path: str, index: int
    ) -> Generator[tuple[int, list[Violation]], None, int]:
        """Yield the items of one batch, accounted for; the record index after them."""
        linter = self.linter
        summary = linter.summary
        summary.read_stats.notes.update(result.stats.notes)
        summary.read_stats.schemas.update(result.stats.schemas)
        for item in result.items:
            if len(item) == 2:
                message, line, column, field_path, hint = item[1]
                error = RecordError(message, line=line, column=column, field=field_path, hint=hint)
                yield line, [linter.invalid_record(path, error)]
                continue
            line, found, annotator, record = item
            if record is None:
                record = Record(path=path, line=line, index=index, data={}, texts=[])
                record.annotator = annotator
            record.index = index
            index += 1
            yield line, linter.account(record, found)
        return index
