"""A report written to standard output is buffered as a report file is (issue: with
``PYTHONUNBUFFERED``, as in many CI images, every small write went to the pipe and
``--format json > report.json`` took twice as long as ``--output report.json``)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from guidelint.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


class CountingRaw(io.RawIOBase):
    """Standard output's file: counts the writes that reach it."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        chunk = bytes(data)  # type: ignore[call-overload]
        self.writes += 1
        self.data += chunk
        return len(chunk)


def unbuffered_stdout(monkeypatch: pytest.MonkeyPatch) -> CountingRaw:
    """``sys.stdout`` as ``python -u`` / ``PYTHONUNBUFFERED=1`` makes it."""
    raw = CountingRaw()
    monkeypatch.setattr(
        sys,
        "stdout",
        io.TextIOWrapper(raw, encoding="utf-8", write_through=True),  # type: ignore[arg-type]
    )
    return raw


@pytest.mark.parametrize("fmt", ["text", "json", "github", "json-lines"])
def test_report_to_unbuffered_stdout_is_written_in_blocks(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = unbuffered_stdout(monkeypatch)
    args = ["check", "--no-progress", "--no-config", "--format", fmt]
    code = main([*args, str(EXAMPLES / "support.jsonl"), "-g", str(EXAMPLES / "guideline.yaml")])
    assert code == 1
    sys.stdout.flush()
    report = raw.data.decode("utf-8")
    assert report.count("\n") > 20  # (a report of many lines...)
    assert raw.writes <= 3, f"{raw.writes} writes for {len(raw.data):,} bytes"  # (...in blocks)
    assert not sys.stdout.closed  # (standard output itself stays open)
    sys.stdout.write("after\n")
    sys.stdout.flush()
    assert raw.data.decode("utf-8") == report + "after\n"


def test_report_stdout_leaves_replaced_stdout_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(EXAMPLES / "support.jsonl"), "-g", str(EXAMPLES / "guideline.yaml")]
    code = main(["check", "--no-progress", "--no-config", "--format", "json", "-q", *paths])
    assert code == 1
    assert '"violations": [' in capsys.readouterr().out
