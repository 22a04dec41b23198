"""Hugging Face ``datasets`` folders written by ``save_to_disk``, read with pyarrow.

A ``Dataset.save_to_disk(folder)`` folder holds the rows in Arrow stream files
(``data-00000-of-00002.arrow``, ...) and two metadata files, ``dataset_info.json`` and
``state.json`` (which lists the Arrow files in order); a ``DatasetDict`` folder holds
``dataset_dict.json`` and one such folder per split (``train/``, ``test/``). The
metadata files are not datasets: a directory walk checks each split folder as one
dataset and leaves them out. A record's path is its split folder and its line its
1-based row number in the split (row ``line - 1`` of ``dataset[split]``).

pyarrow is an optional extra (``guidelint[hf]`` or ``guidelint[parquet]``), imported
only when such a folder is read. ``datasets`` itself is not needed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from guidelint.errors import InputError, RecordError
from guidelint.readers.base import RawRecord

STATE = "state.json"
INFO = "dataset_info.json"
DICT = "dataset_dict.json"
METADATA = frozenset({STATE, INFO, DICT})


def is_dataset_folder(path: str | Path) -> bool:
    """Whether ``path`` is a folder written by ``Dataset.save_to_disk``."""
    folder = Path(path)
    return (folder / STATE).is_file() and any(folder.glob("*.arrow"))


def dataset_folders(path: str | Path) -> list[str]:
    """The dataset folders at or under ``path`` (each split of a DatasetDict), sorted."""
    folder = Path(path)
    if is_dataset_folder(folder):
        return [str(folder)]
    found = sorted(
        str(state.parent)
        for state in folder.rglob(STATE)
        if is_dataset_folder(state.parent)
        and not any(part.startswith(".") for part in state.parent.relative_to(folder).parts)
    )
    return found


def arrow_files(path: str) -> list[Path]:
    """The Arrow files of a dataset folder, in the order of its ``state.json``."""
    folder = Path(path)
    try:
        state = json.loads((folder / STATE).read_text(encoding="utf-8"))
        names = [entry["filename"] for entry in state["_data_files"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"cannot read {STATE} of this datasets folder ({exc})",
            location=path,
            hint="the folder should be written by datasets' save_to_disk",
        ) from None
    return [folder / name for name in names]


def read_arrow_folder(path: str) -> Iterator[RawRecord | RecordError]:
    """The rows of a ``save_to_disk`` folder as raw records (one dict per row)."""
    try:
        import pyarrow as pa
    except ImportError:
        raise InputError(
            "reading a datasets folder needs pyarrow, which is not installed",
            location=path,
            hint="pip install 'guidelint[hf]'",
        ) from None
    row = 0
    for file in arrow_files(path):
        try:
            with pa.memory_map(str(file)) as source:
                reader = pa.ipc.open_stream(source)
                for batch in reader:
                    for data in batch.to_pylist():
                        row += 1
                        yield RawRecord(path=path, line=row, index=row - 1, data=data)
        except (pa.ArrowException, OSError, ValueError) as exc:
            yield RecordError(
                f"cannot read the rows of {file.name} after row {row}: {exc}", line=row + 1
            )
            return
