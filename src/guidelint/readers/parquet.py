"""Parquet files, read one row group batch at a time through pyarrow.

pyarrow is an optional extra (``pip install 'guidelint[parquet]'``) and is imported
only when a Parquet file is read. A record's line is its 1-based row number. A
gzip-compressed file or standard input is read into memory first (Parquet needs to
seek); a plain file is streamed batch by batch.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from guidelint.errors import InputError, RecordError
from guidelint.readers.base import RawRecord
from guidelint.readers.source import STDIN, is_gzip_name, open_binary, read_all

_BATCH_ROWS = 1024


def _pyarrow_parquet() -> tuple[ModuleType, type[BaseException]]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError(
            "reading Parquet files needs pyarrow, which is not installed",
            hint="pip install 'guidelint[parquet]'",
        ) from None
    return pyarrow.parquet, pyarrow.ArrowException


def read_parquet(path: str) -> Iterator[RawRecord | RecordError]:
    """Rows of a Parquet file as raw records (one dict per row)."""
    parquet, arrow_error = _pyarrow_parquet()
    errors = (arrow_error, OSError, ValueError, TypeError, KeyError, NotImplementedError)
    if path == STDIN or is_gzip_name(path):
        data, damage = read_all(path)
        if damage is not None:
            yield RecordError(damage, line=1)
            return
        yield from _rows(parquet, io.BytesIO(data), path, errors)
        return
    with open_binary(path) as stream:
        yield from _rows(parquet, stream, path, errors)


def _rows(
    parquet: ModuleType, source: Any, path: str, errors: tuple[type[BaseException], ...]
) -> Iterator[RawRecord | RecordError]:
    try:
        table = parquet.ParquetFile(source)
    except errors as exc:
        name = Path(path).name if path != STDIN else "standard input"
        yield RecordError(f"not a readable Parquet file ({name}): {exc}", line=1)
        return
    try:
        sizes = [table.metadata.row_group(k).num_rows for k in range(table.num_row_groups)]
    except errors as exc:
        yield RecordError(f"cannot read the Parquet file's row groups: {exc}", line=1)
        return
    # All row groups in one pass. When that fails (a damaged group: pyarrow may read
    # ahead, so the group is not told by the rows read), the groups from the one being
    # read are read one by one: a damaged one is reported (the footer gives each group's
    # rows) and the next ones are read, their rows numbered as they are in the file.
    row = 0
    try:
        for batch in table.iter_batches(batch_size=_BATCH_ROWS):
            for data in batch.to_pylist():
                row += 1
                yield RawRecord(path=path, line=row, index=row - 1, data=data)
        return
    except errors:
        pass
    start = 0
    for group, size in enumerate(sizes):
        end = start + size
        if end <= row:  # (read whole before the pass failed)
            start = end
            continue
        skip = row - start  # (rows of this group the pass read before it failed)
        try:
            for batch in table.iter_batches(batch_size=_BATCH_ROWS, row_groups=[group]):
                for data in batch.to_pylist():
                    if skip > 0:
                        skip -= 1
                        continue
                    row += 1
                    yield RawRecord(path=path, line=row, index=row - 1, data=data)
        except errors as exc:
            lost = f"rows {row + 1}-{end}" if end > row + 1 else f"row {row + 1}"
            yield RecordError(
                f"cannot read Parquet row group {group + 1} of {len(sizes)} ({lost} "
                f"left unchecked): {exc}",
                line=row + 1,
            )
        row = start = end
