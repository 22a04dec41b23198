"""File formats: JSONL, JSON, CSV, TSV, Parquet, gzip, standard input, and bad input."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from reader_helpers import FIXTURES, read, write

from guidelint.errors import InputError, RecordError, UsageError
from guidelint.fields import FieldMapping
from guidelint.readers import DATASET_SUFFIXES, FORMATS, format_of, read_records
from guidelint.readers.jsonl import decode_json_line

# --- JSONL ----------------------------------------------------------------------------


def test_jsonl_records_with_lines_texts_and_meta() -> None:
    result = read(FIXTURES / "plain.jsonl")
    assert not result.errors
    first, second = result.records
    assert (first.line, first.index, first.item_id, first.annotator) == (1, 0, "p1", "ann-1")
    assert result.texts(0) == [
        ("instruction", "instruction", "What is 2+2?"),
        ("response", "response", "4."),
    ]
    assert first.texts[1].prompt == "What is 2+2?"
    assert first.meta["key"] == "p1"
    assert (second.line, second.index) == (3, 1)  # line 2 is blank
    assert second.meta["reviewer"] == "rev-1" and second.meta["approved"] is True


def test_jsonl_bom_crlf_and_blank_lines(tmp_path: Path) -> None:
    content = '\ufeff{"response": "a"}\r\n\r\n   \r\n{"response": "b"}\r\n'
    result = read(write(tmp_path, "d.jsonl", content))
    assert [(r.line, r.texts[0].text) for r in result.records] == [(1, "a"), (4, "b")]
    assert not result.errors


@pytest.mark.parametrize(
    ("line", "value"),
    [
        (b'{"a": 1}\r\n', {"a": 1}),
        (b'{"a": 1}  \t\n\r\n', {"a": 1}),
        (b"12\n", 12),
        (b'"x"', "x"),
        (b'{"a": "\\ud800"}\n', {"a": "\ud800"}),
    ],
)
def test_jsonl_line_values(line: bytes, value: object) -> None:
    assert decode_json_line(line, 5) == value


@pytest.mark.parametrize(
    ("line", "message", "column"),
    [
        (b'{"a": 1} x\n', "not valid JSON: Extra data", 10),
        # the error at the line end is at the end of the text, not on the line break
        (b'{"a": \n', "not valid JSON: Expecting value", 7),
        (b'{"a": \r\n', "not valid JSON: Expecting value", 7),
        (b'"abc\n', "not valid JSON: Unterminated string starting here", 1),
        (b'{"a": "b\x01"}\n', "not valid JSON: a raw control character (U+0001)", 9),
        ('\ufeff{"a": 1}\n'.encode(), "not valid JSON: Unexpected UTF-8 BOM", 1),
        (b"[" * 100_000 + b"\n", "cannot decode JSON: the value is nested too deeply to read", 1),
    ],
)
def test_jsonl_line_errors(line: bytes, message: str, column: int) -> None:
    error = decode_json_line(line, 5)
    assert isinstance(error, RecordError)
    assert error.message.startswith(message) and (error.line, error.column) == (5, column)


def test_jsonl_bad_line_is_an_error_and_the_rest_is_read(tmp_path: Path) -> None:
    content = '{"response": "a"}\n{"response": \n{"response": "c"}\n'
    result = read(write(tmp_path, "d.jsonl", content))
    assert [r.line for r in result.records] == [1, 3]
    [error] = result.errors
    assert error.line == 2 and "not valid JSON" in error.message


def test_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    content = b'{"response": "a"}\n{"response": "b\xff"}\n{"response": "c"}\n'
    result = read(write(tmp_path, "d.jsonl", content))
    assert [r.line for r in result.records] == [1, 3]
    [error] = result.errors
    assert (error.line, error.column) == (2, 16)
    assert "invalid UTF-8 (byte 0xff" in error.message


def test_jsonl_deeply_nested_or_huge_number_is_an_error(tmp_path: Path) -> None:
    content = "[" * 100_000 + "\n" + '{"response": ' + "9" * 5000 + "}\n" + '{"response": "ok"}\n'
    result = read(write(tmp_path, "d.jsonl", content))
    assert [e.line for e in result.errors] == [1, 2]
    assert [r.line for r in result.records] == [3]


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".tsv", ".jsonl.gz", ".csv.gz"])
def test_empty_file_yields_nothing(tmp_path: Path, suffix: str) -> None:
    result = read(write(tmp_path, "empty" + suffix, ""))
    assert result.items == []


# --- JSON -----------------------------------------------------------------------------


def test_json_array_elements_start_lines() -> None:
    result = read(FIXTURES / "alpaca.json")
    assert [r.line for r in result.records] == [2, 7]


def test_json_object_holding_a_list(tmp_path: Path) -> None:
    doc = {"version": 2, "examples": [{"response": "a"}, {"response": "b"}]}
    result = read(write(tmp_path, "d.json", json.dumps(doc, indent=1)))
    assert [r.texts[0].text for r in result.records] == ["a", "b"]
    assert [r.line for r in result.records] == [4, 7]


def test_json_single_record_object_is_one_record(tmp_path: Path) -> None:
    doc = {"conversations": [{"from": "human", "value": "Hi"}, {"from": "gpt", "value": "Hey"}]}
    result = read(write(tmp_path, "d.json", json.dumps(doc)))
    assert len(result.records) == 1 and result.records[0].schema == "sharegpt"


def test_json_file_holding_json_lines(tmp_path: Path) -> None:
    result = read(write(tmp_path, "d.json", '{"response": "a"}\n\n{"response": "b"}\n'))
    assert [r.line for r in result.records] == [1, 3]


def test_cut_off_json_array_keeps_the_elements_before_the_cut(tmp_path: Path) -> None:
    content = '[\n  {"response": "a"},\n  {"response": "b"},\n  {"respo'
    result = read(write(tmp_path, "d.json", content))
    assert [r.line for r in result.records] == [2, 3]
    [error] = result.errors
    assert error.line == 4 and "not valid JSON" in error.message
    assert "cut off" in (error.hint or "")


def test_bad_element_of_a_pretty_printed_array_is_skipped(tmp_path: Path) -> None:
    content = (
        '[\n  {"response": "a"},\n  {"response": "b",,},\n  {"response": "c"}\n'
        '  {"response": "d"}\n]\n'
    )
    result = read(write(tmp_path, "d.json", content))
    assert [(r.line, r.texts[0].text) for r in result.records] == [(2, "a"), (4, "c"), (5, "d")]
    assert [(e.line, e.message) for e in result.errors] == [
        (3, "not valid JSON: Expecting property name enclosed in double quotes"),
        (5, "not valid JSON: expected ',' or ']', found '{'"),
    ]


@pytest.mark.parametrize("layout", ["one-line", "values"])
def test_json_value_too_deep_or_too_long_is_skipped_and_the_rest_read(
    tmp_path: Path, layout: str
) -> None:
    deep = "[" * 100_000 + '"]]"' + "]" * 100_000  # a string holding brackets, too
    long = '{"response": ' + "9" * 5000 + "}"
    values = ['{"response": "a"}', deep, '{"response": "b"}', long, '{"response": "c"}']
    content = "[" + ",".join(values) + "]" if layout == "one-line" else "\n".join(values)
    result = read(write(tmp_path, "d.json", content))
    assert [r.texts[0].text for r in result.records] == ["a", "b", "c"]
    first, second = result.errors
    assert "cannot decode JSON: the value is nested too deeply to read" in first.message
    assert "cannot decode JSON: a number has more than 4,300 digits" in second.message
    assert "sys.set_int_max_str_digits" not in second.message
    assert (second.hint or "").startswith("store such a value as a quoted string")
    if layout == "one-line":
        assert [(e.line, e.column) for e in result.errors] == [(1, 20), (1, 200_043)]
    else:
        assert [(e.line, e.column) for e in result.errors] == [(2, 1), (4, 1)]


def test_json_value_too_deep_that_never_ends(tmp_path: Path) -> None:
    result = read(write(tmp_path, "d.json", '[{"response": "a"}, ' + "[" * 100_000))
    assert len(result.records) == 1
    [error] = result.errors
    assert (error.line, error.column) == (1, 21)
    assert error.hint == "flatten the nesting, or store the deep part as a string"


@pytest.mark.parametrize(
    ("content", "locators"),
    [
        # minified: every record is on line 1
        (
            '[{"id": "a", "response": "x"}, {"response": "y"},{"uid": 7, "response": "z"}]',
            ["element 1 (id a)", "element 2", "element 3 (id 7)"],
        ),
        ('{"response": "x"} {"response": "y"}\n{"response": "z"}', ["value 1", "value 2", None]),
        # a bad element counts, and the elements after it are named as before
        (
            '[{"response": "x"}, ' + "[" * 5000 + "]" * 5000 + ', {"response": "y"}]',
            ["element 1", "element 3"],
        ),
        # one element per line (pretty or compact), and a one-record document: none
        ('[\n  {"response": "x"},\n  {"response": "y"}\n]', [None, None]),
        ('[{"response": "x"}]', [None]),
    ],
    ids=["minified", "values", "bad-element", "one-per-line", "one-record"],
)
def test_json_records_sharing_a_line_are_named(
    content: str, locators: list[str | None], tmp_path: Path
) -> None:
    result = read(write(tmp_path, "d.json", content))
    assert [r.meta.get("locator") for r in result.records] == locators


def test_json_invalid_utf8_spoils_only_its_element(tmp_path: Path) -> None:
    content = b'[\n{"response": "a"},\n{"response": "b\xc3"},\n{"response": "c"}\n]'
    result = read(write(tmp_path, "d.json", content))
    assert [r.texts[0].text for r in result.records] == ["a", "c"]
    [error] = result.errors
    assert error.line == 3 and "invalid UTF-8 (byte 0xc3)" in error.message


def test_json_bom_and_crlf(tmp_path: Path) -> None:
    content = '\ufeff[\r\n{"response": "a"},\r\n{"response": "b"}\r\n]\r\n'
    result = read(write(tmp_path, "d.json", content))
    assert [r.line for r in result.records] == [2, 3]


def test_json_array_of_non_objects(tmp_path: Path) -> None:
    result = read(write(tmp_path, "d.json", '[{"response": "a"}, 3, "x"]'))
    assert len(result.records) == 1
    assert [e.message for e in result.errors] == [
        "record matches no known schema (it is a number, not an object), but this file's "
        "records are plain (from line 1)",
        "record matches no known schema (it is a string, not an object), but this file's "
        "records are plain (from line 1)",
    ]


# --- CSV / TSV ------------------------------------------------------------------------


def test_csv_rows_lines_multiline_cells_and_wrong_cell_count() -> None:
    result = read(FIXTURES / "plain.csv")
    assert [(r.line, r.item_id) for r in result.records] == [(2, "r1"), (3, "r2"), (6, "r4")]
    assert result.texts(1)[1] == ("response", "response", "Line one\nLine two")
    [error] = result.errors
    assert error.line == 5 and error.message == "row has 4 cells, the header has 3"


def test_tsv() -> None:
    result = read(FIXTURES / "plain.tsv")
    assert [(r.line, r.texts[1].text) for r in result.records] == [(2, "Hi!"), (3, "Bye.")]


def test_csv_cells_are_strings_and_nested_column_names(tmp_path: Path) -> None:
    content = "meta.prompt,answer,score\nHi?,Hello,5\n"
    result = read(
        write(tmp_path, "d.csv", content),
        schema="plain",
        fields=FieldMapping(instruction="meta.prompt", response="answer"),
    )
    record = result.records[0]
    assert record.data == {"meta.prompt": "Hi?", "answer": "Hello", "score": "5"}
    assert result.texts(0) == [
        ("instruction", "meta.prompt", "Hi?"),
        ("response", "answer", "Hello"),
    ]


def test_csv_bom_crlf_blank_lines_and_invalid_utf8(tmp_path: Path) -> None:
    content = b'\xef\xbb\xbfinstruction,response\r\nA,a\r\n\r\nB,b\xff\r\nC,"c\r\nc"\r\nD,d\r\n'
    result = read(write(tmp_path, "d.csv", content))
    assert [(r.line, r.texts[1].text) for r in result.records] == [
        (2, "a"),
        (5, "c\r\nc"),
        (7, "d"),
    ]
    [error] = result.errors
    assert (error.line, error.field) == (4, "response") and "invalid UTF-8" in error.message


def test_csv_unclosed_quote_is_an_error_and_the_lines_after_it_are_read(tmp_path: Path) -> None:
    content = (
        "id,instruction,response\n"
        '1,How do I reset,"oops\n'
        "2,Hi there,As an AI language model two\n"
        '3,Bye,""quoted"" word\n'
    )
    result = read(write(tmp_path, "d.csv", content))
    assert [(r.line, r.item_id) for r in result.records] == [(3, "2")]
    error, stray = result.errors
    assert (error.line, error.column) == (2, 18)
    assert error.message == (
        "quote opened at line 2, column 18 ('response') is never closed; "
        "the lines after line 2 are read as rows again"
    )
    assert result.items[0] is error
    # read as a row, `""quoted"" word` is an empty quoted cell followed by text: the csv
    # module would make it `quoted"" word` without a word
    assert (stray.line, stray.column) == (4, 8)
    assert stray.message.startswith("text follows the closing quote of 'response' at line 4")


def test_csv_unclosed_quote_after_a_closed_multiline_cell(tmp_path: Path) -> None:
    content = 'id,instruction,response\n1,"two\nlines","open\n2,b,c\n'
    result = read(write(tmp_path, "d.csv", content))
    [error] = result.errors
    assert (error.line, error.column) == (3, 8)
    assert "(in the row starting at line 2)" in error.message
    assert [(r.line, r.item_id) for r in result.records] == [(4, "2")]


@pytest.mark.parametrize("end", ["", "\n", "\r\n"])
def test_tsv_on_stdin_with_an_unclosed_quote_on_its_last_line(
    monkeypatch: pytest.MonkeyPatch, end: str
) -> None:
    _stdin(monkeypatch, f'id\tresponse\n1\ta\n2\tb "c\n3\t"d{end}'.encode())
    result = read("-", input_format="tsv")
    assert [(r.line, r.texts[0].text) for r in result.records] == [(2, "a"), (3, 'b "c')]
    [error] = result.errors
    assert (error.line, error.column) == (4, 3)
    assert error.message == "quote opened at line 4, column 3 ('response') is never closed"


def test_csv_header_with_an_unclosed_quote(tmp_path: Path) -> None:
    result = read(write(tmp_path, "d.csv", 'id,"response\n1,a\n'))
    [error] = result.items
    assert isinstance(error, RecordError)
    assert (error.line, error.column) == (1, 4) and "the header" in error.message


def test_csv_long_cells(tmp_path: Path) -> None:
    long = "word " * 100_000
    result = read(write(tmp_path, "d.csv", f"instruction,response\nA,{long}\n"))
    assert result.records[0].texts[1].text == long


# --- gzip -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("d.jsonl.gz", '{"response": "a"}\n{"response": "b"}\n'),
        ("d.ndjson.gz", '{"response": "a"}\n{"response": "b"}\n'),
        ("d.json.gz", '[{"response": "a"},\n{"response": "b"}]'),
        ("d.csv.gz", "response\na\nb\n"),
        ("d.tsv.gz", "id\tresponse\n1\ta\n2\tb\n"),
    ],
)
def test_gzip_compressed_formats(tmp_path: Path, name: str, content: str) -> None:
    result = read(write(tmp_path, name, content))
    assert [r.responses()[0].text for r in result.records] == ["a", "b"]
    assert (
        [r.line for r in result.records] == [1, 2]
        if "csv" not in name and "tsv" not in name
        else [2, 3]
    )


def _truncated(tmp_path: Path, name: str, content: str) -> Path:
    data = gzip.compress(content.encode())
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("name", ["d.jsonl.gz", "d.csv.gz", "d.json.gz"])
def test_truncated_gzip_is_reported_after_the_last_good_line(tmp_path: Path, name: str) -> None:
    rows = [
        {"id": str(i), "response": f"answer number {i} " + "x" * (i % 7)} for i in range(20_000)
    ]
    if name.startswith("d.jsonl"):
        content = "".join(json.dumps(r) + "\n" for r in rows)
    elif name.startswith("d.csv"):
        content = "id,response\n" + "".join(f"{r['id']},{r['response']}\n" for r in rows)
    else:
        content = "[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n"
    result = read(_truncated(tmp_path, name, content))
    assert 1000 < len(result.records) < 20_000
    error = result.errors[-1]
    assert error.message == "file is cut off (truncated gzip)"
    assert error.line == result.records[-1].line + 1
    assert result.items[-1] is error


def test_damaged_gzip_is_a_record_error(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl.gz"
    path.write_bytes(b"this is not gzip at all")
    result = read(path)
    [error] = result.items
    assert error.line == 1 and "damaged" in error.message  # type: ignore[union-attr]


# --- standard input -------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))


def test_stdin_defaults_to_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b'{"response": "a"}\n{"response": "b"}\n')
    result = read("-")
    assert [(r.path, r.line) for r in result.records] == [("-", 1), ("-", 2)]


def test_csv_on_stdin_read_as_jsonl_says_which_option_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _stdin(monkeypatch, b"instruction,response\nq,a\n")
    errors = read("-").errors
    assert len(errors) == 2 and "pass --input-format csv" in (errors[0].hint or "")
    _stdin(monkeypatch, b'[\n  {\n    "instruction": "q",\n    "response": "a"\n  }\n]\n')
    assert not any("--input-format csv" in (e.hint or "") for e in read("-").errors)
    _stdin(monkeypatch, b'{"response": "a"}\nnot, json\n')
    [error] = read("-").errors  # (after a good record: a broken line, not another format)
    assert "--input-format" not in (error.hint or "")


def test_stdin_gzip_and_input_format(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, gzip.compress(b"instruction,response\nq,a\n"))
    result = read("-", input_format="csv")
    assert result.texts(0) == [("instruction", "instruction", "q"), ("response", "response", "a")]


# --- Parquet --------------------------------------------------------------------------


def _parquet(path: Path, rows: list[dict[str, object]]) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def test_parquet_rows(tmp_path: Path) -> None:
    rows = [{"instruction": f"q{i}", "output": f"a{i}", "score": i} for i in range(3000)]
    result = read(_parquet(tmp_path / "d.parquet", rows))
    assert len(result.records) == 3000 and result.records[0].schema == "alpaca"
    assert [(r.line, r.index) for r in result.records[:2]] == [(1, 0), (2, 1)]
    assert result.records[2999].texts[1].text == "a2999"


def test_parquet_gz(tmp_path: Path) -> None:
    path = _parquet(tmp_path / "d.parquet", [{"response": "a"}])
    gz = tmp_path / "d.parquet.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    assert read(gz).records[0].texts[0].text == "a"


def test_a_damaged_parquet_row_group_leaves_the_others_read(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [{"instruction": f"q{i}", "output": f"answer number {i} " * 20} for i in range(400)]
    path = tmp_path / "d.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=100, compression="none")
    metadata = pq.ParquetFile(path).metadata
    start = metadata.row_group(1).column(1).data_page_offset  # group 2's responses
    data = bytearray(path.read_bytes())
    data[start : start + 64] = b"\xff" * 64  # its page header
    path.write_bytes(bytes(data))
    result = read(path)
    [error] = result.errors
    assert error.line == 101
    assert "cannot read Parquet row group 2 of 4 (rows 101-200 left unchecked)" in error.message
    lines = [r.line for r in result.records]
    assert lines == [*range(1, 101), *range(201, 401)]  # numbered as they are in the file
    assert result.records[-1].texts[1].text.startswith("answer number 399")


def test_parquet_that_is_not_parquet(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    result = read(write(tmp_path, "d.parquet", b"PAR1 but not really"))
    [error] = result.errors
    assert error.line == 1 and "not a readable Parquet file" in error.message


def test_parquet_without_pyarrow_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    path = write(tmp_path, "d.parquet", b"PAR1")
    with pytest.raises(InputError) as info:
        list(read_records(str(path)))
    assert "pip install 'guidelint[parquet]'" in str(info.value)


def test_pyarrow_is_imported_only_for_parquet(tmp_path: Path) -> None:
    path = write(tmp_path, "d.jsonl", '{"response": "a"}\n')
    code = (
        "import sys; from guidelint.readers import read_records; "
        f"list(read_records({str(path)!r})); print('pyarrow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- files that cannot be read at all --------------------------------------------------


def test_missing_file_directory_and_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_records(str(tmp_path / "nope.jsonl"))
    with pytest.raises(InputError, match="is a directory"):
        read_records(str(tmp_path))
    with pytest.raises(InputError, match="unknown dataset format"):
        read_records(str(write(tmp_path, "d.txt", "x")))


def test_unknown_format_or_schema_name_is_a_usage_error(tmp_path: Path) -> None:
    path = str(write(tmp_path, "d.jsonl", "{}"))
    with pytest.raises(UsageError, match="unknown input format"):
        read_records(path, input_format="xml")
    with pytest.raises(UsageError, match="unknown schema") as info:
        read_records(path, schema="nope")
    assert "sharegpt" in (info.value.hint or "")


def test_input_format_overrides_the_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, "d.txt", '{"response": "a"}\n')
    assert read(path, input_format="ndjson").records[0].texts[0].text == "a"


def test_format_of_and_suffixes() -> None:
    assert format_of("a/b.JSONL.gz") == "jsonl"
    assert format_of("x.tsv") == "tsv"
    assert format_of("-") == "jsonl"
    assert format_of("x.unknown", "csv") == "csv"
    assert ".parquet.gz" in DATASET_SUFFIXES and ".ndjson" in DATASET_SUFFIXES
    # ("arrow": a Hugging Face save_to_disk folder, see tests/pipelines/test_hf.py)
    assert set(FORMATS) == {"jsonl", "json", "csv", "tsv", "parquet", "arrow"}


# --- streaming --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["big.jsonl", "big.csv", "big-multiline.csv"])
def test_jsonl_and_csv_stream_in_constant_memory(tmp_path: Path, name: str) -> None:
    body = "x" * 1000
    lines = 20_000  # about 20 MB
    path = tmp_path / name
    with path.open("w") as out:
        if name == "big-multiline.csv":  # quoted cells spanning lines
            out.write("id,response\n")
            out.writelines(f'{i},"{body[:500]}\n{body[500:]}"\n' for i in range(lines))
        elif name.endswith(".csv"):
            out.write("id,response\n")
            out.writelines(f"{i},{body}\n" for i in range(lines))
        else:
            out.writelines(f'{{"id": {i}, "response": "{body}"}}\n' for i in range(lines))
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_records(str(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == lines
    assert peak < 2_000_000, f"peak {peak} bytes: records are not streamed"


def test_csv_row_with_one_cell(tmp_path: Path) -> None:
    path = write(tmp_path, "one.csv", "instruction,response\nonly one cell\n")
    [error] = read(path).errors
    assert error.message == "row has 1 cell, the header has 2"
