"""Byte order marks, UTF-16/32 and binary files, wherever input is read (#18, items 2, 11)."""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest
from reader_helpers import read, write

from guidelint.cli.main import main
from guidelint.encoding import decode_text, sniff
from guidelint.errors import GuidelineError, UsageError

RECORDS = [
    {"instruction": "Où est la gare ?", "response": "À droite — 200 m."},
    {"instruction": "Say hi", "response": "Hi! 👋"},
]
LONG_CSV = "item,annotator,label\n1,ann,1\n1,bob,2\n2,ann,1\n2,bob,1\n3,ann,2\n3,bob,2\n4,ann,1\n"
#: (codec, byte order mark written before the text)
ENCODINGS = [
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE),
    ("utf-32-be", codecs.BOM_UTF32_BE),
    ("utf-16-le", b""),
    ("utf-16-be", b""),
    ("utf-32-le", b""),
    ("utf-32-be", b""),
]


def encoded(text: str, codec: str, bom: bytes) -> bytes:
    return bom + text.encode(codec)


@pytest.mark.parametrize(("codec", "bom"), ENCODINGS)
def test_sniff(codec: str, bom: bytes) -> None:
    found = sniff(encoded('{"response": "a"}\n', codec, bom))
    assert (found.codec, found.bom) == (codec, len(bom))


def test_sniff_utf8_and_binary() -> None:
    assert sniff(b'{"a": 1}').is_plain_utf8
    assert sniff("é".encode()).is_plain_utf8
    assert sniff(b"").is_plain_utf8
    assert sniff(random.Random(1).randbytes(4096)).is_binary
    assert sniff(b"PK\x03\x04\x14\x00\x00\x00").is_binary  # a zip file


@pytest.mark.parametrize(("codec", "bom"), ENCODINGS)
@pytest.mark.parametrize("suffix", ["jsonl", "json", "csv", "jsonl.gz"])
def test_every_format_reads_the_same_records(
    tmp_path: Path, suffix: str, codec: str, bom: bytes
) -> None:
    if suffix == "json":
        text = json.dumps(RECORDS, ensure_ascii=False, indent=2)
    elif suffix == "csv":
        text = "instruction,response\n" + "".join(
            f'"{r["instruction"]}","{r["response"]}"\r\n' for r in RECORDS
        )
    else:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS)
    result = read(write(tmp_path, f"d.{suffix}", encoded(text, codec, bom)))
    assert not result.errors
    assert [r.texts[1].text for r in result.records] == [r["response"] for r in RECORDS]
    assert (
        [r.line for r in result.records] == ([2, 6] if suffix == "json" else [1, 2])
        if (suffix != "csv")
        else [2, 3]
    )


@pytest.mark.parametrize("suffix", ["jsonl", "json", "csv"])
def test_text_not_valid_in_its_encoding_is_an_error_at_its_line(
    tmp_path: Path, suffix: str
) -> None:
    good = {"json": '[{"response": "ok"},\n', "csv": "response\nok\n"}.get(
        suffix, '{"response": "ok"}\n'
    )
    bad_line = {"json": '{"response": "X"}]\n', "csv": "X\n"}.get(suffix, '{"response": "X"}\n')
    after = "" if suffix == "json" else bad_line.replace("X", "fine")
    head, tail = bad_line.split("X")
    data = (
        codecs.BOM_UTF16_LE
        + (good + head).encode("utf-16-le")
        + b"\x00\xd8"  # a lone high surrogate
        + (tail + after).encode("utf-16-le")
    )
    result = read(write(tmp_path, f"d.{suffix}", data))
    assert len(result.errors) == 1
    error = result.errors[0]
    assert error.line == (3 if suffix == "csv" else 2)
    assert "not valid UTF-16 (little-endian)" in error.message
    assert len(result.records) == (1 if suffix == "json" else 2)


@pytest.mark.parametrize("suffix", ["jsonl", "json", "csv", "tsv", "jsonl.gz"])
def test_a_binary_file_is_said_to_be_binary_once(tmp_path: Path, suffix: str) -> None:
    data = random.Random(7).randbytes(200_000)
    result = read(write(tmp_path, f"random.{suffix}", data))
    assert not result.records
    assert len(result.errors) == 1
    assert "file looks binary" in result.errors[0].message


def test_agreement_on_a_utf16_csv_is_the_utf8_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel's "Unicode text" export: UTF-16 with a byte order mark."""
    results = []
    for name, data in [
        ("u8.csv", LONG_CSV.encode()),
        ("u16.csv", codecs.BOM_UTF16_LE + LONG_CSV.encode("utf-16-le")),
        ("u16be.csv", LONG_CSV.encode("utf-16-be")),
    ]:
        (tmp_path / name).write_bytes(data)
        code = main(["agreement", str(tmp_path / name), "--format", "json", "--bootstrap", "0"])
        out = json.loads(capsys.readouterr().out)
        assert code == 0
        label = out["labels"][0]
        results.append((label["annotators"], label["statistics"]))
    assert results[0] == results[1] == results[2]
    assert [a["annotator"] for a in results[0][0]] == ["ann", "bob"]


def test_agreement_on_invalid_utf16_reports_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = LONG_CSV.splitlines(keepends=True)
    data = (
        codecs.BOM_UTF16_LE
        + "".join(lines[:3]).encode("utf-16-le")
        + b"\x00\xdc"  # a lone low surrogate on line 4
        + "".join(lines[3:]).encode("utf-16-le")
    )
    (tmp_path / "bad.csv").write_bytes(data)
    main(["agreement", str(tmp_path / "bad.csv"), "--bootstrap", "0"])
    out = capsys.readouterr()
    assert "line 4" in out.out + out.err or "bad.csv:4" in out.out + out.err
    assert "UTF-16" in out.out + out.err


def test_calibrate_on_utf16(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + LONG_CSV.encode("utf-16-le"))
    code = main(["calibrate", str(path), "--item", "item", "--annotator", "annotator"])
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    assert "internal error" not in out.err
    assert "| bob" in out.out or "bob" in out.out


def test_decode_text() -> None:
    text, found, bad = decode_text(codecs.BOM_UTF16_LE + "a: 1\nb: é\n".encode("utf-16-le"))
    assert (text, found.codec, bad) == ("a: 1\nb: é\n", "utf-16-le", None)
    _, found, bad = decode_text(b"a: 1\nb: \xff\n")
    assert (found.codec, bad) == ("utf-8", 2)


GUIDELINE = "name: g\nversion: '1'\nrules:\n  - id: r\n    check: length\n    max: 5\n"


@pytest.mark.parametrize(("codec", "bom"), ENCODINGS[:5])
def test_guideline_and_config_in_any_encoding(tmp_path: Path, codec: str, bom: bytes) -> None:
    from guidelint.guideline import load_guideline
    from guidelint.run.config import load_config

    path = tmp_path / "g.yaml"
    path.write_bytes(encoded(GUIDELINE, codec, bom))
    assert [r.id for r in load_guideline(path).rules] == ["r"]
    config = tmp_path / "guidelint.yaml"
    config.write_bytes(encoded("guideline: g.yaml\n", codec, bom))
    assert load_config(config).values.guideline == "g.yaml"


def test_guideline_that_is_not_text(tmp_path: Path) -> None:
    from guidelint.guideline import load_guideline
    from guidelint.run.config import load_config

    path = tmp_path / "g.yaml"
    path.write_bytes(GUIDELINE.encode() + b"  # caf\xe9\n")
    with pytest.raises(GuidelineError, match="line 7: invalid UTF-8"):
        load_guideline(path)
    path.write_bytes(random.Random(3).randbytes(500))
    with pytest.raises(GuidelineError, match="looks binary"):
        load_guideline(path)
    with pytest.raises(UsageError, match="looks binary"):
        load_config(path)


def test_fix_refuses_a_utf16_file_and_leaves_it_alone(tmp_path: Path) -> None:
    from guidelint.model import Fix, Severity, Violation
    from guidelint.run.fixes import fix_file

    path = tmp_path / "d.jsonl"
    data = codecs.BOM_UTF16_LE + '{"response": "a  b"}\n'.encode("utf-16-le")
    path.write_bytes(data)
    violation = Violation(
        path=str(path), line=1, column=2, field="response", span=(1, 3), rule="ws",
        check="whitespace", severity=Severity.INFO, message="m", fix=Fix(1, 3, " "),
    )  # fmt: skip
    result = fix_file(str(path), [violation], write=True)
    assert result.not_fixed == [violation] and not result.fixed
    assert result.reason is not None and "UTF-16 (little-endian)" in result.reason
    assert path.read_bytes() == data


def test_a_baseline_in_utf16_is_read(tmp_path: Path) -> None:
    from guidelint.run.baseline import load_baseline

    path = tmp_path / "b.json"
    document = {"version": 1, "tool": "guidelint", "guideline": "g", "entries": []}
    path.write_bytes(codecs.BOM_UTF16_LE + json.dumps(document).encode("utf-16-le"))
    assert load_baseline(path).path == path
    path.write_bytes(random.Random(2).randbytes(3000))
    with pytest.raises(UsageError, match="looks binary"):
        load_baseline(path)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_sniff_text_that_is_mostly_not_ascii(codec: str) -> None:
    """CJK text in UTF-16 has zero bytes in both byte positions (一 is U+4E00)."""
    record = {"instruction": "请解释一下这个问题的背景和原因", "response": "这是一个中文回答，一。"}
    text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for _ in range(40))
    assert sniff(text.encode(codec)[:4096]).codec == codec
