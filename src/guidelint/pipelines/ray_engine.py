"""``guidelint check --engine ray``: the check of ``--jobs``, with Ray actors as the workers.

The driver (the process that runs ``guidelint check``) cuts each file into blocks as
``--jobs`` does (:mod:`guidelint.run.parallel`): spans of whole lines of a JSON Lines file
(about 2 MB; the driver reads the bytes and ships them, so workers need not see the
file), and blocks of :data:`BLOCK_ROWS` rows of a Parquet, CSV/TSV or dataset folder.
Each block goes to one of N actors (``--jobs N``, default: the cluster's CPUs), each
of which built its own Linter once and reads and checks the block's records
(text and record rules, suppressions). Blocks come back in order.

The reduce runs on the driver, in file order, exactly as with one job: every record is
counted in the summary, unreadable records are reported, and the dataset-level
checks (duplicates, length distributions, ``max_rate``) observe every record, then
report once all are in (:meth:`Linter.finish`). Actors send a record back only when
such a check (or the agreement summary) needs it, without its raw data unless the
agreement summary reads labels from it. So the output is the same, in content and
order, as ``--engine local``.

JSON documents (``.json``: records point back into the document for their lines) and
standard input are read and checked on the driver.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from guidelint.engine import Linter
from guidelint.errors import GuidelintError, RecordError, UsageError
from guidelint.fields import FieldMapping
from guidelint.model import Record, Violation
from guidelint.readers.base import RawRecord
from guidelint.run.parallel import ParallelChecker
from guidelint.run.parallel_worker import Batch, BatchResult, check_raws, run_batch

#: Rows per block of a file read row by row (Parquet, CSV, dataset folders).
BLOCK_ROWS = 2_000


def import_ray() -> Any:
    """The ``ray`` package, or a UsageError saying how to install it."""
    try:
        import ray
    except ImportError:
        raise UsageError(
            "--engine ray needs Ray, which is not installed",
            hint="pip install 'guidelint[ray]'",
        ) from None
    return ray


def connect(address: str | None) -> Any:
    """Connect to the Ray cluster at ``address`` (else ``RAY_ADDRESS``, else a new local
    one), quietly; the ``ray`` module."""
    ray = import_ray()
    if ray.is_initialized():
        return ray
    import logging

    options: dict[str, Any] = {
        "log_to_driver": False,
        "logging_level": logging.ERROR,
        "configure_logging": True,
    }
    local = address is None and not os.environ.get("RAY_ADDRESS")
    if local:
        options["include_dashboard"] = False
    _reachable(address or os.environ.get("RAY_ADDRESS"))
    try:
        # With no address, "local": a new cluster of this machine. (None would join the
        # cluster a file left by `ray start` names, and wait for ever if it is gone.)
        ray.init(address="local" if local else address, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or os.environ.get("RAY_ADDRESS") or "a new local cluster"
        raise UsageError(
            f"cannot connect to the Ray cluster at {where}: {exc}",
            hint="start one with `ray start --head`, and pass its address "
            "(host:port or ray://host:10001) with --ray-address",
        ) from None
    return ray


def _reachable(address: str | None) -> None:
    """A UsageError at once when nothing listens at ``host:port`` (Ray itself would
    retry for minutes before giving up)."""
    import socket

    if not address or address == "auto" or "://" in address:
        return
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(
            f"--ray-address takes host:port or ray://host:port, not '{address}'",
            hint="the address `ray start --head` printed, e.g. 10.0.0.5:6379",
        )
    try:
        with socket.create_connection((host, int(port)), timeout=5):
            pass
    except OSError as exc:
        raise UsageError(
            f"cannot connect to the Ray cluster at {address}: {exc.strerror or exc}",
            hint="start one with `ray start --head`, and pass its address with --ray-address",
        ) from None


@dataclass(frozen=True)
class RowBlock:
    """Rows of a file read row by row, to be read with the file's schema and checked."""

    path: str
    fields: FieldMapping
    schema: str | None
    rows: list[tuple[int, Any]]  # (line, decoded row)
    seed: tuple[int, Any] | None  # the row that set the schema, when before the block
    send_records: bool


def run_rows(block: RowBlock, linter: Linter) -> BatchResult:
    """What :func:`~guidelint.run.parallel_worker.run_batch` does, for decoded rows."""
    linter.fields = block.fields
    result = BatchResult([])
    in_block = [block.seed is None]

    def raws() -> Iterator[RawRecord]:
        if block.seed is not None:
            yield RawRecord(block.path, block.seed[0], 0, block.seed[1])
            in_block[0] = True
            result.stats.notes.clear()
            result.stats.schemas.clear()
        for line, row in block.rows:
            yield RawRecord(block.path, line, line - 1, row)

    return check_raws(
        raws(), block.fields, block.schema, linter, block.send_records, in_block, result
    )


class BlockWorker:
    """The state of one Ray actor: a Linter built once, then one block per call."""

    def __init__(self, spec: tuple[Any, ...], keep_data: bool):
        import gc

        guideline, selection, severity_overrides, fields = spec
        self.linter = Linter(
            guideline, selection=selection, severity_overrides=severity_overrides, fields=fields
        )
        self.keep_data = keep_data
        gc.freeze()

    def run(self, block: Batch | RowBlock) -> BatchResult:
        if isinstance(block, RowBlock):
            result = run_rows(block, self.linter)
        else:
            result = run_batch(block, self.linter)
        if not self.keep_data:  # (dataset-level checks read texts and places, not data)
            result.items = [_slim(item) for item in result.items]
        return result


def _slim(item: Any) -> Any:
    if len(item) == 4 and item[3] is not None and not item[3].labels:
        record: Record = item[3]
        return (item[0], item[1], item[2], dataclasses.replace(record, data={}, turns=[]))
    return item


class _Pending:
    """A block out on an actor: what ParallelChecker waits on."""

    def __init__(self, ray: Any, ref: Any, done: Any):
        self.ray = ray
        self.ref = ref
        self.done = done

    def ready(self) -> bool:
        ready, _ = self.ray.wait([self.ref], timeout=0)
        return bool(ready)

    def wait(self) -> None:
        self.ray.wait([self.ref])

    def get(self) -> BatchResult:
        try:
            result: BatchResult = self.ray.get(self.ref)
        except self.ray.exceptions.RayError as exc:
            raise GuidelintError(f"a Ray worker failed: {exc}") from None
        finally:
            self.done()
        return result


class RayChecker(ParallelChecker):
    """A ParallelChecker whose workers are Ray actors (``--engine ray``)."""

    checks_here = False

    def __init__(self, linter: Linter, jobs: int | None, address: str | None = None):
        self.ray = connect(address)
        if jobs is None:
            jobs = max(1, int(self.ray.cluster_resources().get("CPU", 1)))
        super().__init__(linter, jobs)
        self._actors: list[Any] = []
        self._load: list[int] = []

    def workers(self) -> int:
        return self.jobs  # (each actor holds up to 3 blocks: one checked, two waiting)

    def close(self) -> None:
        for actor in self._actors:
            self.ray.kill(actor)
        self._actors = []

    def check_file(
        self,
        path: str,
        *,
        schema: str | None = None,
        input_format: str | None = None,
        delimiter: str | None = None,
    ) -> Iterator[tuple[int, list[Violation]]]:
        from guidelint.readers import format_of

        fmt = (input_format or format_of(path)) if path != "-" else (input_format or "jsonl")
        fmt = fmt.strip().lower().lstrip(".")
        if path != "-" and fmt in ("jsonl", "ndjson"):
            yield from self._parallel(path, schema)
        elif path != "-" and fmt in _ROW_FORMATS:
            yield from self._rows(path, fmt, schema, delimiter)
        else:  # a JSON document or standard input: on the driver
            yield from ParallelChecker(self.linter, 1).check_file(
                path, schema=schema, input_format=input_format, delimiter=delimiter
            )

    # -- blocks of rows -------------------------------------------------------------------
    def _rows(
        self, path: str, fmt: str, schema: str | None, delimiter: str | None = None
    ) -> Iterator[tuple[int, list[Violation]]]:
        from guidelint.readers import read_raw, read_records
        from guidelint.readers.detect import detect_schema

        linter = self.linter
        fields = linter.fields
        explicit = schema or fields.schema_name
        # (the same errors, up front)
        read_records(path, fields=fields, schema=schema, input_format=fmt, delimiter=delimiter)
        send = bool(linter.observers) or linter.wants_records
        raws = read_raw(path, fmt, delimiter)
        first = list(itertools.islice(raws, BLOCK_ROWS))
        seed = None
        if explicit is None:
            seed = next(
                (
                    (raw.line, raw.data)
                    for raw in first
                    if isinstance(raw, RawRecord) and detect_schema(raw.data, fields) is not None
                ),
                None,
            )
            if seed is None:  # no schema in the first block: on the driver, from the start
                yield from ParallelChecker(linter, 1).check_file(
                    path, schema=schema, input_format=fmt, delimiter=delimiter
                )
                return

        def block(rows: list[tuple[int, Any]]) -> RowBlock:
            # Every block but the one holding the seed row is read after it, as a file's
            # later rows are read once its schema is known.
            own = seed is not None and any(line == seed[0] for line, _ in rows)
            return RowBlock(path, fields, explicit, rows, None if own else seed, send)

        def jobs() -> Iterator[RowBlock | RecordError]:
            rows: list[tuple[int, Any]] = []
            for raw in itertools.chain(first, raws):
                if isinstance(raw, RecordError):
                    if rows:
                        yield block(rows)
                        rows = []
                    yield raw
                    continue
                rows.append((raw.line, raw.data))
                if len(rows) >= BLOCK_ROWS:
                    yield block(rows)
                    rows = []
            if rows:
                yield block(rows)

        yield from self._in_order(path, jobs())  # type: ignore[arg-type]

    # -- actors -----------------------------------------------------------------------------
    def _submit(self, batch: Batch | RowBlock) -> Any:
        ray = self.ray
        if not self._actors:
            linter = self.linter
            spec = (linter.guideline, linter.selection, linter.severity_overrides, linter.fields)
            actor_class = ray.remote(num_cpus=1)(BlockWorker)
            self._actors = [
                actor_class.remote(spec, linter.wants_records) for _ in range(self.jobs)
            ]
            self._load = [0] * self.jobs
        if isinstance(batch, Batch) and batch.lines is None:
            # The driver reads the span and ships its lines: the actors may run on
            # machines that cannot see the file.
            batch = dataclasses.replace(batch, lines=batch.raw_lines(), span=None)
        index = min(range(len(self._actors)), key=self._load.__getitem__)
        self._load[index] += 1

        def done(i: int = index) -> None:
            self._load[i] -= 1

        return _Pending(ray, self._actors[index].run.remote(batch), done)


_ROW_FORMATS = ("csv", "tsv", "parquet", "arrow")
