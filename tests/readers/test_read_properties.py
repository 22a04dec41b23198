"""Readers never raise anything but guidelint's own errors, whatever the input."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidelint.errors import GuidelintError
from guidelint.fields import FieldMapping
from guidelint.model import Record
from guidelint.readers import SCHEMAS, SUFFIXES, read_records

SUFFIX_LIST = sorted(SUFFIXES) + [f"{s}.gz" for s in sorted(SUFFIXES)]
SCHEMA_CHOICES = [None, *SCHEMAS]
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def check(name: str, data: bytes, schema: str | None = None, **options: Any) -> None:
    """Write ``data`` to a file called ``name`` (gzip-compressed first when it ends in
    ``.gz``, unless ``raw_gz``) and read it all: only GuidelintError may escape, and what
    is yielded is well formed."""
    raw_gz = options.pop("raw_gz", False)
    with tempfile.TemporaryDirectory(prefix="guidelint-prop-") as directory:
        path = Path(directory) / name
        compress = name.endswith(".gz") and not raw_gz
        path.write_bytes(gzip.compress(data) if compress else data)
        try:
            for item in read_records(str(path), schema=schema, **options):
                if isinstance(item, Record):
                    assert all(isinstance(t.text, str) for t in item.texts)
                    assert item.line >= 1
                else:
                    assert isinstance(item, GuidelintError) and item.line >= 1
        except GuidelintError:
            pass


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIX_LIST))
def test_arbitrary_bytes_in_every_format(data: bytes, suffix: str) -> None:
    check("d" + suffix, data)


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(sorted(SUFFIXES)))
def test_arbitrary_bytes_named_gz_but_not_gzip(data: bytes, suffix: str) -> None:
    check(f"d{suffix}.gz", data, raw_gz=True)


_scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
)
_keys = st.sampled_from(
    [
        "id", "instruction", "input", "output", "response", "prompt", "completion", "chosen",
        "rejected", "label", "messages", "conversations", "role", "content", "from", "value",
        "weight", "data", "annotations", "predictions", "prediction", "result", "type",
        "from_name", "to_name", "text", "rating", "choices", "ranker", "selected", "items",
        "body", "was_cancelled", "completed_by", "fields", "responses", "user_id", "status",
        "suggestions", "preferred_output", "non_preferred_output", "q.responses",
        "q.responses.users", "q.responses.status", "q.suggestion", "system", "draft",
    ]
)  # fmt: skip
_values = st.recursive(
    _scalars
    | st.sampled_from(["textarea", "rating", "ranker", "pairwise", "choices", "user", "gpt"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_keys, children, max_size=6),
    max_leaves=25,
)
_records = st.dictionaries(_keys, _values, max_size=8)


@PROPERTY_SETTINGS
@given(records=st.lists(_records, max_size=4), schema=st.sampled_from(SCHEMA_CHOICES))
def test_schema_shaped_records_as_jsonl_and_json(
    records: list[dict[str, Any]], schema: str | None
) -> None:
    lines = "".join(json.dumps(r) + "\n" for r in records).encode()
    check("d.jsonl", lines, schema)
    check("d.json", json.dumps(records, indent=2).encode(), schema)


@PROPERTY_SETTINGS
@given(value=_values, schema=st.sampled_from(SCHEMA_CHOICES))
def test_any_json_value(value: Any, schema: str | None) -> None:
    check("d.jsonl", (json.dumps(value) + "\n").encode(), schema)
    check("d.json", json.dumps(value).encode(), schema)


@PROPERTY_SETTINGS
@given(
    rows=st.lists(st.lists(st.text(max_size=12), min_size=1, max_size=4), max_size=5),
    schema=st.sampled_from(SCHEMA_CHOICES),
    mapping=st.sampled_from([{}, {"instruction": "a", "response": "b"}, {"response": "0"}]),
)
def test_csv_rows(rows: list[list[str]], schema: str | None, mapping: dict[str, str]) -> None:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    check("d.csv", out.getvalue().encode(), schema, fields=FieldMapping(**mapping))


@pytest.mark.parametrize("suffix", [".parquet", ".parquet.gz"])
@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.dictionaries(_keys, _scalars, max_size=4), max_size=4))
def test_parquet_rows(rows: list[dict[str, Any]], suffix: str) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    try:
        table = pa.Table.from_pylist(rows)
    except (pa.ArrowException, ValueError, TypeError, OverflowError):
        return  # values pyarrow cannot put in one column
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    check("d" + suffix, sink.getvalue().to_pybytes())
