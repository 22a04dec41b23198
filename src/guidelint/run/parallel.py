"""Checking JSON Lines files on several cores (``guidelint check --jobs N``).

The output is the same as with one job, in the same order. How:

* The main process cuts the file into batches: for an uncompressed file, spans of
  whole lines of about :data:`BATCH_BYTES`, smaller towards the end so that the
  processes finish together (it counts their line breaks; the workers read the lines
  themselves), for a gzip stream, raw lines (bytes, not parsed), at
  most :data:`BATCH_RECORDS` lines or :data:`BATCH_BYTES` bytes. A few batches per
  process at most are waiting, so memory stays flat however long the file is.
* ``--jobs N`` starts N - 1 worker processes (``fork`` where available, else
  ``spawn``); each builds its own :class:`~guidelint.engine.Linter` once, from the main
  linter's guideline, selection, severity overrides and fields. The main process is
  the Nth: whenever the batch due next is not back yet, it checks the next batch
  itself instead of waiting (see :meth:`ParallelChecker._in_order`). Per batch, the
  lines are decoded, read with the file's schema and checked with
  :meth:`Linter.record_violations` (text and record rules, suppressions): the pure
  part of checking.
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

import itertools
import os

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
from collections import deque
from collections.abc import Generator, Iterator
from typing import Any

from mypy_extensions import mypyc_attr

from guidelint.engine import Linter
from guidelint.errors import GuidelintError, RecordError
from guidelint.model import Record, Violation
from guidelint.run.parallel_worker import (
    Batch,
    BatchResult,
    batches,
    find_seed,
    run_batch,
    spans,
    split_lines,
    start_worker,
)

BATCH_RECORDS = 1_000
BATCH_BYTES = 2 << 20
#: The smallest batch near the end of an uncompressed file (see parallel_worker.taper).
MIN_BATCH_BYTES = 64 << 10
#: Inputs smaller than this are checked with one job by default (workers cost ~0.1 s).
PARALLEL_FROM_BYTES = 5 << 20
_IN_FLIGHT_PER_JOB = 3
#: The size asked for the pool's pipes (see :func:`_widen_pipes`).
_PIPE_BYTES = 1 << 20


def default_jobs(paths: list[str]) -> int:
    """Every core for large inputs, one job below :data:`PARALLEL_FROM_BYTES` or stdin."""
    total = 0
    for path in paths:
        if path == "-":
            return 1
        size = os.path.getsize(path) if os.path.isfile(path) else 0
        total += size * 4 if path.lower().endswith(".gz") else size
    return cpu_count() if total >= PARALLEL_FROM_BYTES else 1


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


@mypyc_attr(allow_interpreted_subclasses=True)  # (compiled: still open to subclasses)
class ParallelChecker:
    """Checks files with ``jobs`` worker processes; use as a context manager.

    :meth:`check_file` yields ``(line, violations)`` per item of the file (record or
    unreadable record), in file order, and updates the linter's summary and its
    dataset-level checks exactly like checking record by record does.
    """

    #: Whether this process checks a batch itself while the one due next is not back
    #: (with --jobs; a Ray driver only reads, reduces and reports).
    checks_here = True

    def __init__(self, linter: Linter, jobs: int):
        self.linter = linter
        self.jobs = max(1, jobs)
        self._pool: Any = None
        #: In a parallel run, how far into the file on disk the records reported so
        #: far go (bytes read when their batch was read); see :meth:`position`.
        self._done: tuple[str, int] | None = None
        #: The file being read as a stream (JSON Lines, CSV, TSV), whose reading
        #: position is that of its records (a JSON document is read whole first).
        self._streamed: str | None = None

    def position(self, path: str) -> int | None:
        """How far into ``path`` on disk the records yielded so far go, in bytes (for
        the progress line): with workers, the end of the last batch reported (not of
        the last one sent out); with one job, where reading has got."""
        from guidelint.readers.source import reading_position

        if self._done is not None and self._done[0] == path:
            return self._done[1]
        return reading_position(path) if path == self._streamed else None

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
        self,
        path: str,
        *,
        schema: str | None = None,
        input_format: str | None = None,
        delimiter: str | None = None,
    ) -> Iterator[tuple[int, list[Violation]]]:
        """(line, violations) per item of ``path``, in order (see the class docstring)."""
        from guidelint.readers import read_records, resolve_format

        linter = self.linter
        kind = resolve_format(path, input_format)
        jsonl = kind == "jsonl"
        self._streamed = path if kind in ("jsonl", "csv", "tsv") else None
        if self.jobs == 1 or not jsonl or path == "-" or not _plain_utf8(path):
            stats = linter.summary.read_stats
            items = read_records(
                path,
                fields=linter.fields,
                schema=schema,
                input_format=input_format,
                stats=stats,
                delimiter=delimiter,
            )
            yield from linter.check_items(path, items)
            return
        yield from self._parallel(path, schema)

    def _parallel(self, path: str, schema: str | None) -> Iterator[tuple[int, list[Violation]]]:
        from guidelint.readers import read_records
        from guidelint.readers.source import open_binary

        linter = self.linter
        fields = linter.fields
        explicit = schema or fields.schema_name
        send_records = bool(linter.observers) or linter.wants_records
        seed: tuple[int, bytes] | None = None
        read_records(path, fields=fields, schema=schema)  # the same errors, up front
        with open_binary(path) as stream:
            runs = _batches(path, stream, self.jobs)
            first = next(runs, None)
            if first is None:
                return
            start, lines, _damage, span = first
            if explicit is None:
                seed = find_seed(_lines(lines, span), start, fields)
                if seed is None:  # no schema yet: one job, from the start
                    yield from ParallelChecker(linter, 1).check_file(path, schema=schema)
                    return
            self._done = (path, 0)  # (nothing reported yet, whatever was read ahead)

            def jobs() -> Iterator[Batch | RecordError]:
                """The file's batches, each followed by the damage that ended it, if any."""
                for start, lines, damage, span in itertools.chain([first], runs):
                    if lines or span:
                        yield Batch(
                            path,
                            fields,
                            explicit,
                            start,
                            lines,
                            None if start == 1 else seed,
                            send_records,
                            None if span is None else span[:2],
                        )
                    if damage is not None:
                        yield RecordError(damage, line=start + len(lines or ()))

            yield from self._in_order(path, jobs())

    def _in_order(
        self, path: str, jobs: Iterator[Batch | RecordError]
    ) -> Iterator[tuple[int, list[Violation]]]:
        """Check batches on the workers and here, and report them in file order.

        ``jobs`` N means N - 1 worker processes and this process: it reports every
        batch in order, and whenever the batch due next is not back from a worker yet,
        it checks the next unassigned batch itself instead of waiting. Its own batches
        cost no pickling, and N processes share N cores instead of N + 1. (On 2 cores
        and 100k AlpacaEval records, two workers with this process only reading and
        reporting measured 1.59x; this scheme, 1.70-1.73x: see docs/benchmarks.md.)
        Each worker has at most :data:`_IN_FLIGHT_PER_JOB` batches, and at most
        ``2 * N * _IN_FLIGHT_PER_JOB`` batches wait to be reported, so memory stays
        flat.
        """
        from guidelint.readers.source import reading_position

        linter = self.linter
        workers = self.workers()
        pending: deque[Any] = deque()  # AsyncResult, BatchResult or RecordError, in order
        ends: deque[int | None] = deque()  # for each of pending: bytes read by then
        in_flight = 0  # of pending, those with a worker
        index = 0
        more = True
        while True:
            while more and in_flight < workers * _IN_FLIGHT_PER_JOB:
                job = next(jobs, None)
                if job is None:
                    more = False
                elif not isinstance(job, RecordError):
                    pending.append(self._submit(job))
                    ends.append(reading_position(path))
                    in_flight += 1
                else:
                    pending.append(job)
                    ends.append(reading_position(path))
            if not pending:
                return
            head = pending[0]
            # (an AsyncResult, or what another engine's _submit gives: see RayChecker)
            waiting = not isinstance(head, RecordError | BatchResult) and not head.ready()
            if waiting and not self.checks_here:
                head.wait()
                continue
            if waiting and more and len(pending) < self.jobs * _IN_FLIGHT_PER_JOB * 2:
                job = next(jobs, None)  # check one here while the worker finishes
                if job is None:
                    more = False
                else:
                    pending.append(run_batch(job, linter) if isinstance(job, Batch) else job)
                    ends.append(reading_position(path))
                continue
            pending.popleft()
            end = ends.popleft()
            if not isinstance(head, RecordError | BatchResult):
                in_flight -= 1  # an AsyncResult (or another engine's pending result)
                head = head.get()
            if end is not None:  # (this batch is checked: its records count as done)
                self._done = (path, end)
            if isinstance(head, RecordError):
                yield head.line, linter.invalid_record(path, head)
            else:
                index = yield from self._collect(head, path, index)

    def workers(self) -> int:
        """How many batches are checked elsewhere at once (``jobs`` - 1 processes, as this
        process is the Nth)."""
        return max(1, self.jobs - 1)

    def _submit(self, batch: Batch) -> Any:
        """Start checking ``batch`` elsewhere: something with ``ready()``, ``wait()`` and
        ``get()`` (a multiprocessing AsyncResult here)."""
        if self._pool is None:
            import multiprocessing  # only when workers start: a one-job run never pays it

            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            linter = self.linter
            spec = (linter.guideline, linter.selection, linter.severity_overrides, linter.fields)
            self._pool = context.Pool(max(1, self.jobs - 1), start_worker, spec)
            _widen_pipes(self._pool)
        return self._pool.apply_async(run_batch, (batch,))

    def _collect(
        self, result: BatchResult, path: str, index: int
    ) -> Generator[tuple[int, list[Violation]], None, int]:
        """Yield the items of one batch, accounted for; the record index after them."""
        linter = self.linter
        summary = linter.summary
        summary.read_stats.notes.update(result.stats.notes)
        summary.read_stats.schemas.update(result.stats.schemas)
        if result.when_seen:
            linter.when_unseen -= result.when_seen
        if result.first_keys and not linter.first_keys:
            linter.first_keys = result.first_keys
        needs_records = linter.needs_records
        for item in result.items:
            if len(item) == 2:
                message, line, column, field_path, hint = item[1]
                error = RecordError(message, line=line, column=column, field=field_path, hint=hint)
                yield line, linter.invalid_record(path, error)
                continue
            line, found, annotator, record = item
            if record is None and not needs_records:  # the common case: counts only
                index += 1
                yield line, linter.account_counts(path, annotator, found)
                continue
            if record is None:
                record = Record(path=path, line=line, index=index, data={}, texts=[])
                record.annotator = annotator
            record.index = index
            index += 1
            yield line, linter.account(record, found)
        return index


def _widen_pipes(pool: Any) -> None:
    """Give the pool's pipes room for a whole batch's result (Linux, best effort).

    A batch's result (about 0.2 MB for 2 MB of AlpacaEval lines) does not fit the
    default 64 KB of a pipe: the worker then waits, several times per batch, for the
    pool's result thread here, which needs the interpreter lock this process holds
    while it checks a batch of its own. With 1 MB pipes (the Linux default limit for a
    process's pipe) it writes the result at once: about 0.15 s less on 100k records.
    """
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if set_size is None:
        return
    for queue in (getattr(pool, "_outqueue", None), getattr(pool, "_inqueue", None)):
        reader = getattr(queue, "_reader", None)
        try:
            fcntl.fcntl(reader.fileno(), set_size, _PIPE_BYTES)  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            return  # (another platform, another Pool, or a lower limit: keep the default)


#: (first line, raw lines or None, damage, (offset, size, bytes) or None)
_Run = tuple[int, list[bytes] | None, str | None, tuple[int, int, bytes] | None]


def _plain_utf8(path: str) -> bool:
    """Whether the file's bytes are its UTF-8 text (batches cut bytes at line breaks;
    UTF-16/32 and binary files are read by one job, which decodes or rejects them)."""
    from guidelint.readers.encoding import sniff_path

    try:
        return sniff_path(path).is_plain_utf8
    except GuidelintError:
        return True  # (the reader reports it)


def _batches(path: str, stream: Any, parts: int) -> Iterator[_Run]:
    """Batches of a file: spans of an uncompressed file (smaller towards its end, for
    ``parts`` processes), raw lines of a gzip stream."""
    from guidelint.readers.source import is_gzip_name

    if is_gzip_name(path):
        for start, lines, damage in batches(stream, BATCH_RECORDS, BATCH_BYTES):
            yield start, lines, damage, None
        return
    total = os.path.getsize(path) if os.path.isfile(path) else None  # (not a pipe)
    for start, offset, size, data in spans(
        stream, BATCH_BYTES, total=total, parts=parts, min_bytes=MIN_BATCH_BYTES
    ):
        yield start, None, None, (offset, size, data)


def _lines(lines: list[bytes] | None, span: tuple[int, int, bytes] | None) -> list[bytes]:
    if lines is not None:
        return lines
    assert span is not None
    return split_lines(span[2])
