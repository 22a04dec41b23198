"""``--jobs N`` gives the same violations, in the same order, and the same summary."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

import pytest

from guidelint.engine import Linter
from guidelint.run import parallel
from guidelint.run.parallel import ParallelChecker, default_jobs

GUIDELINE = """\
name: parallel-test
version: "1"
extends: customer-support
rules:
  - id: duplicate-response
    check: duplicates
    roles: [response]
    severity: warning
  - id: length-spread
    check: length_distribution
    severity: info
  - id: rare-sorry
    check: phrase
    phrases: [sorry]
    max_rate: 0.01
    severity: error
"""

RESPONSES = [
    "As an AI language model, I cannot browse the web.",
    "Sorry!! Here is how to reset your password: open Settings, then Security.",
    "Your Nimbus Basic plan includes 100 GB.\n\n- one\n- two",
    "PLEASE DO NOT SHARE your password with anyone at all, ever.",
    "You asked how to change your email. Open Settings, then Account, and edit it.",
    "Open Settings, then Billing.  Your invoices are listed by month. " * 40,
]


def _write_dataset(path: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    lines = []
    for i in range(count):
        record: dict[str, Any] = {
            "id": f"r{i}",
            "instruction": rng.choice(["How do I change my email address?", "Hi", "Why?"]),
            "response": rng.choice(RESPONSES) + " " * rng.randint(0, 2) + str(rng.randint(0, 3)),
            "annotator": rng.choice(["ann", "bob", None]),
        }
        if rng.random() < 0.05:
            record["category"] = "simple"
        if rng.random() < 0.02:
            record["guidelint"] = {"ignore": ["no-shouting", "not-a-rule"]}
        lines.append(json.dumps(record))
        roll = rng.random()
        if roll < 0.01:
            lines.append("{not json")
        elif roll < 0.02:
            lines.append("")
        elif roll < 0.03:
            lines.append(json.dumps({"prompt": "no response field"}))
        elif roll < 0.035:
            lines.append(json.dumps([1, 2]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _run(guideline: str | Path, paths: list[Path], jobs: int) -> tuple[list[Any], tuple[Any, ...]]:
    linter = Linter(guideline)
    out: list[Any] = []
    with ParallelChecker(linter, jobs) as checker:
        for path in paths:
            out.extend(checker.check_file(str(path)))
    out.append(("finish", list(linter.finish())))
    s = linter.summary
    summary = (
        s.records,
        s.invalid_records,
        s.first_path,
        dict(s.by_rule),
        dict(s.by_severity),
        dict(s.records_breaking),
        dict(s.annotator_records),
        dict(s.annotator_failing),
        dict(s.read_stats.schemas),
        dict(s.read_stats.notes),
        [(section.title, section.rows) for section in s.sections],
    )
    return out, summary


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "BATCH_RECORDS", 97)  # gzip: batches of lines
    monkeypatch.setattr(parallel, "BATCH_BYTES", 4096)  # other files: spans of bytes


@pytest.mark.usefixtures("small_batches")
def test_two_jobs_give_the_same_output_as_one(tmp_path: Path) -> None:
    guideline = tmp_path / "guideline.yaml"
    guideline.write_text(GUIDELINE, encoding="utf-8")
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    _write_dataset(first, 1500, seed=1)
    _write_dataset(tmp_path / "b.jsonl", 700, seed=2)
    second.write_bytes(gzip.compress((tmp_path / "b.jsonl").read_bytes()))
    one = _run(guideline, [first, second], jobs=1)
    two = _run(guideline, [first, second], jobs=2)
    assert two == one
    rules = {v.rule for _, found in one[0][:-1] for v in found}
    assert {"invalid-record", "no-shouting", "unknown-suppression"} <= rules
    assert {v.rule for v in one[0][-1][1]} >= {"duplicate-response", "rare-sorry"}


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("jobs", [2, 3])
def test_spans_of_an_uncompressed_file(tmp_path: Path, jobs: int) -> None:
    """Workers read their own spans: lines cut at b"\n" only, long lines, no final break."""
    guideline = tmp_path / "guideline.yaml"
    guideline.write_text(GUIDELINE, encoding="utf-8")
    path = tmp_path / "spans.jsonl"
    _write_dataset(path, 900, seed=3)
    odd = [
        '{"instruction": "Why?",\r"response": "A carriage return between tokens.  "}',
        '{"instruction": "Long?", "response": "' + "word " * 3000 + '"}',  # > BATCH_BYTES
        '{"instruction": "CRLF?", "response": "I cannot say."}\r',
        '{"instruction": "Last?", "response": "No line break after me!!"}',
    ]
    data = path.read_text(encoding="utf-8") + "\n".join(odd)
    path.write_bytes(data.encode("utf-8"))
    one = _run(guideline, [path], jobs=1)
    assert _run(guideline, [path], jobs=jobs) == one
    assert one[1][0] == 900 + len(odd)  # records; the broken lines are counted apart


@pytest.mark.usefixtures("small_batches")
def test_schema_set_by_a_later_line_and_odd_records(tmp_path: Path) -> None:
    guideline = tmp_path / "guideline.yaml"
    guideline.write_text(GUIDELINE, encoding="utf-8")
    path = tmp_path / "mixed.jsonl"
    lines = ["{bad", json.dumps({"x": 1})]  # before the schema is known
    for i in range(400):
        if i % 50 == 7:
            lines.append(json.dumps({"messages": [{"role": "user", "content": "hi"}]}))
        else:
            lines.append(json.dumps({"instruction": "Say hi", "output": f"Hi there {i}!!"}))
    path.write_text("\n".join(lines), encoding="utf-8")
    assert _run(guideline, [path], jobs=2) == _run(guideline, [path], jobs=1)


@pytest.mark.usefixtures("small_batches")
def test_truncated_gzip(tmp_path: Path) -> None:
    guideline = tmp_path / "guideline.yaml"
    guideline.write_text(GUIDELINE, encoding="utf-8")
    plain = tmp_path / "c.jsonl"
    _write_dataset(plain, 800, seed=3)
    packed = gzip.compress(plain.read_bytes())
    cut = tmp_path / "c.jsonl.gz"
    cut.write_bytes(packed[: len(packed) * 2 // 3])
    one = _run(guideline, [cut], jobs=1)
    assert one[0][-2][1][0].message.startswith("file is cut off")
    assert _run(guideline, [cut], jobs=2) == one


def test_other_formats_and_one_job_read_in_the_main_process(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps([{"instruction": "Hi", "response": "Sorry!!"}]), encoding="utf-8")
    linter = Linter("customer-support")
    with ParallelChecker(linter, 2) as checker:
        found = list(checker.check_file(str(path)))
        assert checker._pool is None
    assert [line for line, _ in found] == [1]


def test_default_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text("{}\n", encoding="utf-8")
    assert default_jobs([str(small)]) == 1
    assert default_jobs(["-"]) == 1
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 2)
    # (the cores are asked of the operating system: a compiled parallel module calls its
    # own cpu_count directly, so that is not what is replaced)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert default_jobs([str(small)]) == 4


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.usefixtures("small_batches")
@pytest.mark.parametrize("example", ["ai-assisted.jsonl", "edit-based.jsonl", "dpo.jsonl"])
def test_checks_that_observe_records(tmp_path: Path, example: str) -> None:
    lines = (EXAMPLES / example).read_text(encoding="utf-8").splitlines()
    path = tmp_path / example
    path.write_text("\n".join(lines * (400 // len(lines) + 1)) + "\n", encoding="utf-8")
    one = _run("annotation-types", [path], jobs=1)
    assert one[1][-1], "the guideline's report sections (edit sizes, reviews) are compared too"
    assert _run("annotation-types", [path], jobs=2) == one


def _labelled(path: Path) -> None:
    """Records several annotators rated (labels come back from the workers)."""
    lines = []
    for item in range(2400):
        for annotator in ("ann-a", "ann-b") if item % 5 == 0 else ("ann-a",):
            rating = 1 + (item + (annotator == "ann-b") * (item % 3)) % 5
            lines.append(
                json.dumps(
                    {
                        "id": f"item-{item}",
                        "annotator": annotator,
                        "instruction": "How do I reset my password?",
                        "response": "As an AI language model, use the link." if item % 7 else "Ok.",
                        "quality": rating,
                    }
                )
            )
    lines.insert(1500, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_cli_jobs_output_is_identical(tmp_path: Path, fmt: str) -> None:
    import subprocess
    import sys

    data = tmp_path / "rated.jsonl"
    _labelled(data)
    guideline = tmp_path / "rated.yaml"
    guideline.write_text(
        "name: rated\nextends: customer-support\n"
        "agreement:\n  labels:\n    quality: {categories: [1, 2, 3, 4, 5]}\n",
        encoding="utf-8",
    )
    outputs = []
    for jobs in ("1", "2"):
        command = ["check", str(data), "-g", str(guideline), "--jobs", jobs, "--format", fmt]
        done = subprocess.run(
            [sys.executable, "-m", "guidelint", *command, "--no-progress"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 1, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert "invalid-record" in outputs[0]
    assert "Agreement" in outputs[0]  # labels came back from the workers


def test_cli_jobs_must_be_positive(tmp_path: Path) -> None:
    import subprocess
    import sys

    data = tmp_path / "d.jsonl"
    data.write_text('{"response": "fine"}\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "guidelint", "check", str(data), "--jobs", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--jobs takes a whole number of at least 1" in done.stderr


@pytest.mark.parametrize("tapered", [False, True])
@pytest.mark.parametrize("size", [1, 5, 16, 1000])
@pytest.mark.parametrize("data", [b"", b"a", b"a\n", b"ab\r\ncd\n\nefgh\rij\nklmnopqrstuvwxyz"])
def test_spans_cover_the_file_in_whole_lines(data: bytes, size: int, tapered: bool) -> None:
    import io

    from guidelint.run.parallel_worker import spans

    total = len(data) if tapered else None
    found = list(spans(io.BytesIO(data), size, total=total, parts=2, min_bytes=2))
    assert b"".join(chunk for *_, chunk in found) == data
    lines = io.BytesIO(data).readlines()
    for first_line, offset, length, chunk in found:
        assert data[offset : offset + length] == chunk
        assert chunk.endswith(b"\n") or offset + length == len(data)
        own = io.BytesIO(chunk).readlines()
        assert lines[first_line - 1 : first_line - 1 + len(own)] == own


def test_batches_shrink_towards_the_end_of_a_file() -> None:
    """So that the processes finish together: the last batches handed out are small."""
    import io

    from guidelint.run.parallel_worker import TAPER, spans, taper

    assert taper(100 << 20, 2, 2 << 20, 64 << 10) == 2 << 20  # far from the end: whole
    assert taper(8 << 20, 2, 2 << 20, 64 << 10) == (8 << 20) // (TAPER * 2)
    assert taper(10, 2, 2 << 20, 64 << 10) == 64 << 10  # never below the minimum
    data = b"".join(b"%06d\n" % i for i in range(20_000))  # 140,000 bytes
    found = list(spans(io.BytesIO(data), 8_000, total=len(data), parts=2, min_bytes=500))
    sizes = [size for _, _, size, _ in found]
    assert b"".join(chunk for *_, chunk in found) == data
    line = 7  # (a batch ends at a line break: it may hold the rest of the last read's line)
    assert sizes[0] <= 8_000 and max(sizes) < 8_000 + line
    assert all(size < 500 + line for size in sizes[-3:])  # the end: the smallest
    halfway = len(sizes) // 2
    assert sum(sizes[halfway:]) < sum(sizes[:halfway])


def test_violations_and_fixes_cross_processes_whole() -> None:
    # (--jobs sends them back from the workers as tuples of their fields)
    import pickle

    from guidelint.model import Fix, Severity, Violation

    fix = Fix(3, 5, "x", safe=False)
    violation = Violation(
        path="d.jsonl",
        line=4,
        column=2,
        field="response",
        span=(3, 5),
        rule="r",
        check="whitespace",
        severity=Severity.WARNING,
        message="m",
        fix=fix,
        role="response",
        item_id="i",
        annotator="ann",
        record_key="k",
        excerpt=("a", "b", "c"),
        reason="why",
        locator="element 2",
    )
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(violation, protocol))
        assert again == violation and again.fix == fix and type(again.fix) is Fix
        assert pickle.loads(pickle.dumps(fix, protocol)) == fix


def test_the_pools_pipes_are_widened_where_the_system_allows() -> None:
    import multiprocessing

    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("no pipe sizes on this system")
    parallel._widen_pipes(object())  # not a pool: nothing happens, nothing is raised
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        parallel._widen_pipes(pool)
        size = fcntl.fcntl(pool._outqueue._reader.fileno(), fcntl.F_GETPIPE_SZ)
    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    assert size == parallel._PIPE_BYTES or limit < parallel._PIPE_BYTES
