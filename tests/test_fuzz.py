"""Hostile input never reaches "internal error" (#18, items 4, 5, 11).

The cases are the ones a fuzzing session found, and their kind: hostile regular
expressions in every place a guideline takes one, text in other encodings and binary
files for every command that reads input, and names too long for the file system.
Deterministic (fixed seeds, bounded counts) and fast: part of the unit suite. Commands
run in-process through ``guidelint.cli.main.main`` (an "internal error" is what it
prints for an exception it did not expect).
"""

from __future__ import annotations

import codecs
import json
import random
import time
from pathlib import Path

import pytest

from guidelint.cli.main import main
from guidelint.engine import Linter
from guidelint.errors import GuidelineError
from guidelint.guideline import load_guideline
from guidelint.model import Record, Text

#: Patterns that are invalid or cannot run (cheap to reject: tried in every place).
INVALID_PATTERNS = ["a{99999999999}", "(", "[z-a]", "\\", "a**", "(?<", "a{2,1}"]
#: Patterns that run without end on short texts (rejected after a probe times out,
#: which costs a little: each is tried in some of the places, every place gets some).
ENDLESS_PATTERNS = ["(?R)", "(a|aa)+$", "(?:b|bb)+$", "(x|xx)+y"]
#: Every place a guideline takes a regular expression: (rule YAML with {P}, name).
PLACES = [
    ("    check: pattern\n    pattern: {P}\n", "pattern"),
    ("    check: phrase\n    patterns: [{P}]\n", "phrase patterns"),
    ("    check: phrase\n    phrases: [x]\n    exceptions: [{P}]\n", "phrase exceptions"),
    ("    check: length\n    max: 5\n    when:\n      category: {{matches: {P}}}\n", "when"),
    ("    check: tokens\n    patterns: [[{{TEXT: {{REGEX: {P}}}}}]]\n", "tokens REGEX"),
]
CASES = [
    pytest.param(rule, pattern, id=f"{place}: {pattern}")
    for rule, place in PLACES
    for pattern in INVALID_PATTERNS
] + [
    pytest.param(rule, pattern, id=f"{place}: {pattern}")
    for (rule, place), pattern in zip(PLACES, ENDLESS_PATTERNS * 2, strict=False)
]
HEAD = "name: hostile\nrules:\n  - id: r1\n"


def _quoted(pattern: str) -> str:
    return json.dumps(pattern)  # (a JSON string is a YAML flow scalar)


@pytest.mark.parametrize(("rule", "pattern"), CASES)
def test_a_hostile_regex_is_a_guideline_error_at_its_line(
    tmp_path: Path, rule: str, pattern: str
) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(HEAD + rule.format(P=_quoted(pattern)), encoding="utf-8")
    began = time.monotonic()
    try:
        load_guideline(path)
    except GuidelineError as error:
        assert error.location is not None and error.location.startswith(f"{path}:"), error
        line = int(error.location.split(":")[-2])
        assert line >= 3  # the rule's lines, not the file's start
        assert "regular expression" in error.message or "ran longer" in error.message
    else:  # (only a pattern the place accepts may load: none of these)
        pytest.fail(f"{pattern!r} was accepted")
    assert time.monotonic() - began < 5


def _record(instruction: str, response: str, **data: str) -> Record:
    return Record(
        path="d.jsonl",
        line=1,
        index=0,
        data={"instruction": instruction, "response": response, **data},
        texts=[
            Text(role="instruction", text=instruction, field="instruction"),
            Text(role="response", text=response, field="response", prompt=instruction),
        ],
    )


#: Catastrophic on a run of b's, but written so that it passes the load-time probes
#: (they try runs of the letters a pattern names): the time limit must stop it.
SLOW = r"(?:\x62|\x62\x62)+$"


@pytest.mark.parametrize(
    "rule",
    [
        "    check: length\n    max: 5000\n    when:\n      category: {matches: '%s'}\n",
        "    check: tokens\n    patterns: [[{TEXT: {REGEX: '%s'}}]]\n    timeout: 0.2\n",
        "    check: pattern\n    pattern: '%s'\n    timeout: 0.2\n",
    ],
    ids=["when", "tokens", "pattern"],
)
def test_a_slow_regex_stops_at_the_time_limit(
    tmp_path: Path, rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "guidelint.guideline.conditions.DEFAULT_TIMEOUT", 0.2
    )  # (when: the default 1 s)
    path = tmp_path / "g.yaml"
    path.write_text(HEAD + rule % SLOW, encoding="utf-8")
    linter = Linter(load_guideline(path))
    slow = "b" * 60 + "c"
    began = time.monotonic()
    found = linter.check_record(_record("Is this fine?", slow, category=slow))
    assert time.monotonic() - began < 10  # (without a limit: hours)
    assert [v.rule for v in found] == ["r1"]
    assert found[0].check in ("rule-timeout", "pattern", "tokens", "length")
    assert "ran longer than" in found[0].message and "r1" in found[0].message


def test_a_matching_when_pattern_still_works(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    rule = "    check: length\n    max: 1\n    when:\n      category: {matches: '^sim'}\n"
    path.write_text(HEAD + rule, encoding="utf-8")
    linter = Linter(load_guideline(path))
    assert [v.rule for v in linter.check_record(_record("Hi there", "a b c", category="simple"))]
    assert not linter.check_record(_record("Hi there", "a b c", category="hard"))


def test_tokens_regex_still_matches(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    rule = "    check: tokens\n    patterns: [[{LOWER: {REGEX: '^colou?r$'}}, {LOWER: red}]]\n"
    path.write_text(HEAD + rule, encoding="utf-8")
    linter = Linter(load_guideline(path))
    found = linter.check_record(_record("Which one?", "The Colour red, the color blue."))
    assert [v.excerpt for v in found if v.rule == "r1"] != []
    assert not [v for v in linter.check_record(_record("Which?", "A colr red.")) if v.rule == "r1"]


# -- every command, hostile names and files --------------------------------------------

LONG = "x" * 300  # longer than any file system allows for one name (ENAMETOOLONG)
GUIDELINE = "name: g\nrules:\n  - id: r1\n    check: length\n    max: 50\n"
LABELS = "item,annotator,label\n1,ann,1\n1,bob,2\n2,ann,1\n2,bob,1\n3,ann,2\n3,bob,2\n"
DATA = '{"instruction": "Say hi please", "response": "Hello there, friend."}\n'


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    assert "internal error" not in out.err, (args, out.err)
    assert "Traceback" not in out.err
    return code, out.out, out.err


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.yaml").write_text(GUIDELINE, encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(DATA, encoding="utf-8")
    (tmp_path / "labels.csv").write_text(LABELS, encoding="utf-8")
    (tmp_path / "ext.yaml").write_text(
        f"name: e\nextends: [{LONG}.yaml]\nrules: []\n", encoding="utf-8"
    )
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "guidelint.yaml").write_text(f"guideline: {LONG}.yaml\n", "utf-8")
    (tmp_path / "cfg" / "d.jsonl").write_text(DATA, encoding="utf-8")
    return tmp_path


LONG_NAME_COMMANDS = [
    ["check", f"{LONG}.jsonl"],
    ["check", f"{LONG}.jsonl", "d.jsonl"],
    ["check", f"dir/{LONG}/d.jsonl"],
    ["check", "d.jsonl", "-g", f"{LONG}.yaml"],
    ["check", "d.jsonl", "-g", LONG],
    ["check", "d.jsonl", "-g", "ext.yaml"],
    ["check", "cfg/d.jsonl"],
    ["check", "d.jsonl", "--config", f"{LONG}.yaml"],
    ["check", "d.jsonl", "-g", "g.yaml", "--output", f"{LONG}.json"],
    ["check", "d.jsonl", "-g", "g.yaml", "--write-baseline", f"{LONG}.json"],
    ["check", "d.jsonl", "-g", "g.yaml", "--baseline", f"{LONG}.json"],
    ["agreement", f"{LONG}.csv"],
    ["agreement", "labels.csv", "-g", f"{LONG}.yaml"],
    ["calibrate", f"{LONG}.csv"],
    ["calibrate", "labels.csv", "--output", f"{LONG}.md"],
    ["guide", f"{LONG}.yaml"],
    ["guide", "g.yaml", "-o", f"{LONG}.md"],
    ["rules", "list", "-g", f"{LONG}.yaml"],
    ["rules", "explain", "r1", "-g", f"{LONG}.yaml"],
    ["init", LONG],
]


@pytest.mark.parametrize("args", LONG_NAME_COMMANDS, ids=lambda a: " ".join(a)[:60])
def test_a_name_too_long_is_a_clear_error(
    workdir: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, _, err = run(args, capsys)
    assert code == 2, err
    assert any(w in err for w in ("too long", "no such", "not found", "unknown guideline")), err


def _encodings(text: str) -> dict[str, bytes]:
    return {
        "utf-16 (Excel's Unicode text)": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf-16-be, no mark": text.encode("utf-16-be"),
        "utf-32": codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
        "utf-8 with a mark": codecs.BOM_UTF8 + text.encode(),
    }


@pytest.mark.parametrize("encoding", list(_encodings("")))
@pytest.mark.parametrize("command", ["agreement", "calibrate"])
def test_label_files_in_other_encodings_give_the_utf8_result(
    workdir: Path, capsys: pytest.CaptureFixture[str], encoding: str, command: str
) -> None:
    extra = ["--bootstrap", "0"] if command == "agreement" else []
    expected = run([command, "labels.csv", *extra], capsys)
    (workdir / "other.csv").write_bytes(_encodings(LABELS)[encoding])
    got = run([command, "other.csv", *extra], capsys)
    assert got == (expected[0], expected[1].replace("labels.csv", "other.csv"), expected[2])


@pytest.mark.parametrize("encoding", list(_encodings("")))
def test_guidelines_configs_and_data_in_other_encodings(
    workdir: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    expected = run(["check", "d.jsonl", "-g", "g.yaml"], capsys)
    (workdir / "sub").mkdir()
    (workdir / "sub" / "d.jsonl").write_bytes(_encodings(DATA)[encoding])
    (workdir / "sub" / "g.yaml").write_bytes(_encodings(GUIDELINE)[encoding])
    (workdir / "sub" / "guidelint.yaml").write_bytes(_encodings("guideline: g.yaml\n")[encoding])
    got = run(["check", "sub/d.jsonl"], capsys)
    assert got[0] == expected[0]
    assert got[1].replace("sub/", "") == expected[1].replace(
        "Guideline: g\n", "Guideline: g (configuration guidelint.yaml)\n"
    )


def _hostile_files(seed: int) -> dict[str, bytes]:
    """Random bytes, text in a broken encoding, surrogate escapes, control characters."""
    rng = random.Random(seed)
    bad16 = codecs.BOM_UTF16_LE + "item,annotator,label\n1,a".encode("utf-16-le") + b"\x00\xd8"
    return {
        "random": rng.randbytes(rng.randint(1, 50_000)),
        "zeros": bytes(rng.randint(1, 5000)),
        "broken utf-16": bad16 + "\n1,b,2\n".encode("utf-16-le"),
        "latin-1": "item,annotator,label\n1,Zoë,1\n1,Bob,2\n".encode("latin-1"),
        "surrogate escapes": b'{"item": "1", "annotator": "a\\ud800", "label": 1}\n'
        b'{"item": "1", "annotator": "b", "label": 2}\n',
        "control characters": bytes(rng.randrange(32) for _ in range(2000)),
        "truncated gzip magic": b"\x1f\x8b\x08",
    }


@pytest.mark.parametrize("suffix", ["jsonl", "json", "csv", "tsv", "jsonl.gz"])
def test_hostile_files_for_every_command(
    workdir: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    for name, data in _hostile_files(len(suffix)).items():
        path = workdir / f"{name.replace(' ', '-')}.{suffix}"
        path.write_bytes(data)
        for args in (
            ["check", path.name, "-g", "g.yaml"],
            ["agreement", path.name, "--bootstrap", "0"],
            ["calibrate", path.name, "--output", "sheet.md"],
        ):
            code, _, _ = run(args, capsys)
            assert code in (0, 1, 2), (name, args)


def test_a_binary_file_is_one_error(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "random.jsonl").write_bytes(random.Random(11).randbytes(1_000_000))
    code, out, _ = run(["check", "random.jsonl", "d.jsonl", "-g", "g.yaml"], capsys)
    assert code == 1
    assert out.count("random.jsonl:") == 1
    assert "file looks binary" in out
    assert "Checked 1 record in 2 files" in out


def test_hostile_guideline_files(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(5)
    hostile = [
        rng.randbytes(3000),
        codecs.BOM_UTF16_LE + GUIDELINE.encode("utf-16-le") + b"\x00\xdc",
        GUIDELINE.encode() + b"    message: caf\xe9\n",
        b"name: g\nrules:\n  - id: r1\n    check: length\n    max: 1e999\n",
        b"name: g\nrules:\n  - id: r1\n    check: length\n    max: 99999999999999999999999\n",
        b"name: g\nrules: &a [*a]\n",
        b"name: g\nextends: [g.yaml]\nrules: []\n",
        b"name: g\nrules:\n  - id: r1\n    check: phrase\n    phrases: ['\\ud800']\n",
        b"name: g\nrules:\n  - id: r1\n    check: tokens\n    patterns: [[{LOWER: {REGEX: 1}}]]\n",
        b"- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -",
        b"[" * 5000,
    ]
    for number, data in enumerate(hostile):
        (workdir / "h.yaml").write_bytes(data)
        for args in (["check", "d.jsonl", "-g", "h.yaml"], ["guide", "h.yaml"]):
            code, _, err = run(args, capsys)
            assert code in (0, 1, 2), (number, err)
