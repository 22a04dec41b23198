"""What the worker processes of :mod:`guidelint.run.parallel` do, and how lines are batched.

A worker builds its own :class:`~guidelint.engine.Linter` once (:func:`start_worker`),
then per batch (:func:`run_batch`) decodes the lines as
:func:`~guidelint.readers.jsonl.read_jsonl` would, reads them with the file's schema
(after the line that set it, whose own results are dropped) and returns, per item,
the violations of a record or the error of an unreadable one.
"""

from __future__ import annotations

import gc
import io
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from guidelint.engine import Linter
from guidelint.errors import RecordError
from guidelint.fields import FieldMapping
from guidelint.model import Record, Violation
from guidelint.readers.base import RawRecord, ReadStats

_BOM = b"\xef\xbb\xbf"

#: (message, line, column, field, hint): a RecordError, which does not pickle.
ErrorTuple = tuple[str, int, int, str, str | None]
#: per item of a batch: (line, error) or (line, violations, annotator, record or None)
Item = tuple[int, ErrorTuple] | tuple[int, list[Violation], str | None, Record | None]


@dataclass(frozen=True)
class Batch:
    path: str
    fields: FieldMapping
    schema: str | None
    first_line: int
    #: the raw lines, or None: the worker reads them from ``span`` of the file
    lines: list[bytes] | None
    seed: tuple[int, bytes] | None  # the line that set the file's schema, when before
    send_records: bool
    span: tuple[int, int] | None = None  # (offset, size) in an uncompressed file

    def raw_lines(self) -> list[bytes]:
        if self.lines is not None:
            return self.lines
        assert self.span is not None
        offset, size = self.span
        with open(self.path, "rb") as file:
            file.seek(offset)
            return split_lines(file.read(size))


def split_lines(data: bytes) -> list[bytes]:
    """The lines of ``data`` with their breaks, cut at b"\\n" only, as iterating over a
    binary file cuts them (``bytes.splitlines`` would also cut at b"\\r")."""
    return io.BytesIO(data).readlines()


@dataclass
class BatchResult:
    items: list[Item]
    stats: ReadStats = field(default_factory=ReadStats)
    #: ``when:`` fields the worker saw for the first time (Linter.take_when_seen), and
    #: the keys of its first record (for a "did you mean" of a field none has).
    when_seen: set[str] = field(default_factory=set)
    first_keys: tuple[str, ...] = ()


_worker: Linter | None = None


def start_worker(
    guideline: Any, selection: Any, severity_overrides: Any, fields: FieldMapping
) -> None:
    global _worker
    # Ctrl-C reaches every process of the terminal's process group: the main process
    # stops the run (exit 130) and terminates the pool; a worker that took the
    # KeyboardInterrupt itself would print "Process ForkPoolWorker-1:" and a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = Linter(
        guideline, selection=selection, severity_overrides=severity_overrides, fields=fields
    )
    # As `check` does in the main process: what lives as long as the worker (modules,
    # guideline, compiled rules) is put out of the collector's sight, so that the
    # collections the records' garbage sets off do not walk it again and again.
    gc.freeze()


def run_batch(batch: Batch, linter: Linter | None = None) -> BatchResult:
    """The items of one batch, checked (in a worker process, or by ``linter``).

    Only :meth:`Linter.record_violations`, which changes no state, runs on ``linter``.
    """
    linter = linter or _worker
    assert linter is not None, "worker not started"
    linter.fields = batch.fields
    result = BatchResult([])
    in_batch = [batch.seed is None]

    def raws() -> Iterator[RawRecord | RecordError]:
        if batch.seed is not None:
            yield from _decode(batch.path, [batch.seed[1]], batch.seed[0], result.stats)
            in_batch[0] = True  # what the seed's record gave is dropped, and its counts
            result.stats.notes.clear()
            result.stats.schemas.clear()
        yield from _decode(batch.path, batch.raw_lines(), batch.first_line, result.stats)

    return check_raws(
        raws(), batch.fields, batch.schema, linter, batch.send_records, in_batch, result
    )


def check_raws(
    raws: Iterator[RawRecord | RecordError],
    fields: FieldMapping,
    schema: str | None,
    linter: Linter,
    send_records: bool,
    inside: list[bool],
    result: BatchResult,
) -> BatchResult:
    """Read ``raws`` into records and check them into ``result``; what comes while
    ``inside[0]`` is false (the seed that set the schema) is read, not kept. Shared by
    the worker processes and the Ray actors (guidelint.pipelines.ray_engine)."""
    from guidelint.readers.detect import resolve, schema_named

    chosen = schema_named(schema) if schema else None
    for item in resolve(raws, fields, chosen, result.stats):
        if not inside[0]:
            continue
        if isinstance(item, RecordError):
            error = (item.message, item.line, item.column, item.field, item.hint)
            result.items.append((item.line, error))
        else:
            found = linter.record_violations(item)
            # Records go back when dataset checks need them, or when they carry labels
            # (for the agreement summary); others cost only their violations.
            record = item if send_records or item.labels else None
            result.items.append((item.line, found, item.annotator, record))
    if linter.when_seen:
        result.when_seen = linter.take_when_seen()
    if linter.when_unseen:
        result.first_keys = linter.first_keys
    return result


def _decode(
    path: str, lines: list[bytes], first_line: int, stats: ReadStats
) -> Iterator[RawRecord | RecordError]:
    """Raw records of some lines, as :func:`guidelint.readers.jsonl.read_jsonl` gives them."""
    from guidelint.readers.jsonl import decode_json_line

    for number, raw_line in enumerate(lines, first_line):
        if number == 1 and raw_line.startswith(_BOM):
            raw_line = raw_line[len(_BOM) :]
        if not raw_line or raw_line.isspace():  # blank (strip() would copy the line)
            continue
        value = decode_json_line(raw_line, number)
        yield value if isinstance(value, RecordError) else RawRecord(path, number, 0, value)


def batches(
    stream: Any, max_records: int, max_bytes: int
) -> Iterator[tuple[int, list[bytes], str | None]]:
    """(first line number, lines, damage) of consecutive batches of raw lines.

    ``damage`` says why reading stopped part-way (a damaged gzip stream), on the last
    batch, which holds the lines read before it.
    """
    from guidelint.readers.source import STREAM_ERRORS, damage_message

    lines: list[bytes] = []
    size = 0
    start = 1
    iterator = iter(stream)
    while True:
        try:
            raw_line = next(iterator)
        except StopIteration:
            break
        except STREAM_ERRORS as exc:
            yield start, lines, damage_message(exc)
            return
        lines.append(raw_line)
        size += len(raw_line)
        if len(lines) >= max_records or size >= max_bytes:
            yield start, lines, None
            start += len(lines)
            lines, size = [], 0
    if lines:
        yield start, lines, None


def spans(
    stream: Any, max_bytes: int, *, total: int | None = None, parts: int = 1, min_bytes: int = 1
) -> Iterator[tuple[int, int, int, bytes]]:
    """(first line number, offset, size, bytes) of consecutive runs of whole lines.

    For uncompressed files: the main process finds where batches start and how many
    lines each holds (``bytes.count``), and the workers read the lines themselves
    (:meth:`Batch.raw_lines`), so no line passes through the main process in Python.
    A line longer than ``max_bytes`` makes its run longer.

    With ``total`` (the stream's size), runs shrink towards the end: at most the
    part of what is left that :func:`taper` gives ``parts`` processes, and at least
    ``min_bytes``, so that the processes finish close together.
    """
    offset = 0
    first_line = 1
    rest = b""
    while True:
        size = max_bytes
        if total is not None:
            size = taper(total - offset - len(rest), parts, max_bytes, min_bytes)
        chunk = stream.read(size)
        data = rest + chunk if rest else chunk
        if not chunk:  # end of file: what is left is the last line, without "\n"
            if data:
                yield first_line, offset, len(data), data
            return
        cut = data.rfind(b"\n") + 1
        if cut == 0:  # no line ends yet
            rest = data
            continue
        whole, rest = data[:cut], data[cut:]
        yield first_line, offset, cut, whole
        first_line += whole.count(b"\n")
        offset += cut


#: Near the end of a file a batch is at most 1/(TAPER x processes) of what is left.
TAPER = 4


def taper(left: int, parts: int, max_bytes: int, min_bytes: int) -> int:
    """How many bytes the next batch reads when ``left`` bytes are left for ``parts``
    processes (guided self-scheduling): the whole ``max_bytes`` while much is left,
    then smaller batches, so that when the last is handed out, what each process still
    has queued (up to three batches a worker) is little work. With 2 MB batches to the
    end, the main process, out of batches, waited for the worker's queue for about half
    a second on 100k records."""
    return max(min_bytes, min(max_bytes, left // (TAPER * max(1, parts))))


def find_seed(lines: list[bytes], start: int, fields: FieldMapping) -> tuple[int, bytes] | None:
    """The first line whose record matches a schema, as detection would find it."""
    from guidelint.readers.detect import DETECT_WINDOW, detect_schema

    unmatched = 0
    for raw in _decode("", lines, start, ReadStats()):
        if isinstance(raw, RecordError):
            continue
        if detect_schema(raw.data, fields) is not None:
            return raw.line, lines[raw.line - start]
        unmatched += 1
        if unmatched >= DETECT_WINDOW:
            return None
    return None
