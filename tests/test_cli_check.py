"""``guidelint check`` as a user runs it: a subprocess, in a directory of its own.

Every run happens in ``tmp_path`` (so the bundled guidelines must load from any
directory) and no run may print a traceback.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from clirun import clean_env, on_a_terminal, run
from clirun import write_jsonl as jsonl

ESC = "\x1b["
AI = "As an AI language model, I cannot reset it. Use Nimbus Basic."
ONE = {"id": "a", "instruction": "How do I reset my password?", "response": AI}


# -- the text report ------------------------------------------------------------------------


def test_text_output(tmp_path: Path) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    result = run("check", "data.jsonl", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        'data.jsonl:1:1: error ai-identity-disclaimer AI-identity disclaimer "As an AI language '
        'model": answer as the assistant, without talking about being a model',
        "    response: »As an AI language model«, I cannot reset it. Use Nimbus Basic.",
        "data.jsonl:1:1: warning response-length response has 12 words; at least 30 required",
        "    response: »As an AI language model, I cannot reset it. Use Nimbus Basic.«",
        'data.jsonl:1:26: error refusal-boilerplate refusal boilerplate "I cannot": say what can '
        "be done instead",
        "    response: As an AI language model, »I cannot« reset it. Use Nimbus Basic.",
        'data.jsonl:1:49: error outdated-product-info outdated product name "Nimbus Basic": use '
        '"Nimbus Starter"',
        "    response: … language model, I cannot reset it. Use »Nimbus Basic«.",
        "",
        "Checked 1 record in 1 file: 4 violations (3 errors, 1 warning, 0 infos)",
        "By rule: ai-identity-disclaimer 1, outdated-product-info 1, refusal-boilerplate 1, "
        "response-length 1",
        # which guideline judged the run, and why that one
        "Guideline: customer-support 1.0 (the default: no guidelint.yaml found)",
    ]


def test_quiet_prints_only_violation_lines(tmp_path: Path) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    result = run("check", "data.jsonl", "--quiet", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(" ")[:3] for line in result.stdout.splitlines()] == [
        ["data.jsonl:1:1:", "error", "ai-identity-disclaimer"],
        ["data.jsonl:1:1:", "warning", "response-length"],
        ["data.jsonl:1:26:", "error", "refusal-boilerplate"],
        ["data.jsonl:1:49:", "error", "outdated-product-info"],
    ]
    assert run("check", "data.jsonl", "-q", cwd=tmp_path).stdout == result.stdout


def test_statistics(tmp_path: Path) -> None:
    jsonl(tmp_path / "data.jsonl", ONE, {**ONE, "id": "b", "response": "I cannot. I cannot."})
    result = run("check", "data.jsonl", "--statistics", cwd=tmp_path)
    tail = result.stdout.split("\n\n", 1)[1].splitlines()
    assert tail == [
        "3  refusal-boilerplate",
        "2  response-length",
        "1  ai-identity-disclaimer",
        "1  outdated-product-info",
        "",
        "Checked 2 records in 1 file: 7 violations (5 errors, 2 warnings, 0 infos)",
        "Guideline: customer-support 1.0 (the default: no guidelint.yaml found)",
    ]
    # with -q, the violation lines and the counts alone (before, -q dropped them)
    quiet = run("check", "data.jsonl", "--statistics", "-q", cwd=tmp_path).stdout.splitlines()
    assert quiet[-4:] == [
        "3  refusal-boilerplate",
        "2  response-length",
        "1  ai-identity-disclaimer",
        "1  outdated-product-info",
    ]
    assert not any(line.startswith("Checked") for line in quiet)


# -- the JSON report --------------------------------------------------------------------------

VIOLATION_KEYS = {
    "path",
    "line",
    "column",
    "field",
    "span",
    "rule",
    "check",
    "severity",
    "message",
    "role",
    "item_id",
    "annotator",
    "record_key",
}


def test_json_output(tmp_path: Path) -> None:
    jsonl(tmp_path / "data.jsonl", ONE, {"id": "b", "response": ("fine " * 150).strip()})
    result = run("check", "data.jsonl", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["guideline"] == {"name": "customer-support", "version": "1.0"}
    summary = document["summary"]
    assert {
        "files",
        "records",
        "invalid_records",
        "violations",
        "by_severity",
        "by_rule",
        "notes",
    } <= set(summary)
    assert (summary["files"], summary["records"], summary["invalid_records"]) == (1, 2, 0)
    assert summary["violations"] == 4
    assert summary["by_severity"] == {"error": 3, "warning": 1, "info": 0}
    assert summary["by_rule"] == {
        "ai-identity-disclaimer": 1,
        "outdated-product-info": 1,
        "refusal-boilerplate": 1,
        "response-length": 1,
    }
    violations = document["violations"]
    assert len(violations) == 4
    for violation in violations:
        assert set(violation) >= VIOLATION_KEYS
        assert isinstance(violation["span"], list) and len(violation["span"]) == 2
    first = violations[0]
    assert {k: first[k] for k in VIOLATION_KEYS} == {
        "path": "data.jsonl",
        "line": 1,
        "column": 1,
        "field": "response",
        "span": [0, 23],
        "rule": "ai-identity-disclaimer",
        "check": "phrase",
        "severity": "error",
        "message": 'AI-identity disclaimer "As an AI language model": answer as the assistant, '
        "without talking about being a model",
        "role": "response",
        "item_id": "a",
        "annotator": None,
        "record_key": "a",
    }
    assert "fix" not in first
    [substitution] = [v for v in violations if v["check"] == "substitution"]
    assert substitution["span"] == [48, 60]
    assert substitution["fix"] == {
        "start": 48,
        "end": 60,
        "replacement": "Nimbus Starter",
        "safe": True,
    }
    assert AI[48:60] == "Nimbus Basic"


def test_json_output_without_violations(tmp_path: Path) -> None:
    jsonl(tmp_path / "data.jsonl", {"response": "Fine."})
    result = run("check", "data.jsonl", "-g", "llm-boilerplate", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["violations"] == []
    assert document["summary"]["violations"] == 0


# -- exit codes -----------------------------------------------------------------------------

WORDS_60 = " ".join(["Word"] * 59) + "."  # inside 30-500, below the optimal 100: info
WORDS_10 = " ".join(["Word"] * 9) + "."  # below 30: warning


@pytest.mark.parametrize(
    ("response", "fail_on", "code"),
    [
        ("I cannot. " + WORDS_60, None, 1),  # an error
        (WORDS_10, None, 0),  # a warning does not fail by default
        (WORDS_10, "error", 0),
        (WORDS_10, "warning", 1),
        (WORDS_10, "info", 1),
        (WORDS_60, "warning", 0),  # an info
        (WORDS_60, "info", 1),
        (" ".join(["Word"] * 149) + ".", "info", 0),  # clean
    ],
)
def test_exit_codes(tmp_path: Path, response: str, fail_on: str | None, code: int) -> None:
    jsonl(
        tmp_path / "data.jsonl", {"instruction": "How do I export my files?", "response": response}
    )
    args = ["check", "data.jsonl", "--select", "response-length,refusal-boilerplate"]
    if fail_on:
        args += ["--fail-on", fail_on]
    assert run(*args, cwd=tmp_path).returncode == code


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        ((), "PATH"),
        (("data.jsonl", "--fail-on", "fatal"), "invalid choice: 'fatal'"),
        (("data.jsonl", "--format", "xml"), "invalid choice: 'xml'"),
        (("data.jsonl", "--nope"), "unrecognized arguments: --nope"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...], stderr: str) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    result = run("check", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert stderr in result.stderr
    assert result.stdout == ""


def test_no_command_exits_2(tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert "check" in result.stderr and "rules" in result.stderr


def test_invalid_guideline_exits_2_with_its_location(tmp_path: Path) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    (tmp_path / "g.yaml").write_text(
        "rules:\n  - id: r1\n    check: phrase\n    phrasess: [a]\n", encoding="utf-8"
    )
    result = run("check", "data.jsonl", "-g", "g.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "guidelint: error: g.yaml:4:5: rule 'r1': unknown option 'phrasess'\n"
        "  hint: did you mean 'phrases'?\n"
    )


def test_unknown_guideline_name_exits_2(tmp_path: Path) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    result = run("check", "data.jsonl", "--guideline", "customer-suport", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown guideline 'customer-suport'" in result.stderr
    assert "did you mean 'customer-support'?" in result.stderr


# -- select / ignore --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "rules"),
    [
        (
            (),
            [
                "ai-identity-disclaimer",
                "response-length",
                "refusal-boilerplate",
                "outdated-product-info",
            ],
        ),
        (("--select", "refusal-boilerplate"), ["refusal-boilerplate"]),
        (
            ("--select", "refusal-boilerplate,response-length"),
            ["response-length", "refusal-boilerplate"],
        ),
        (
            ("--select", "refusal-boilerplate", "--select", "accuracy"),
            ["refusal-boilerplate", "outdated-product-info"],
        ),
        (("--select", "boilerplate"), ["ai-identity-disclaimer", "refusal-boilerplate"]),
        (("--select", "phrase"), ["ai-identity-disclaimer", "refusal-boilerplate"]),
        (("--ignore", "boilerplate"), ["response-length", "outdated-product-info"]),
        (("--ignore", "tone", "--ignore", "length"), ["outdated-product-info"]),
        (("--select", "boilerplate", "--ignore", "refusal"), ["ai-identity-disclaimer"]),
    ],
)
def test_select_and_ignore(tmp_path: Path, options: tuple[str, ...], rules: list[str]) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    result = run("check", "data.jsonl", "-q", *options, cwd=tmp_path)
    assert [line.split(" ")[2] for line in result.stdout.splitlines()] == rules


@pytest.mark.parametrize(
    ("options", "rules"),
    [
        ((), ["ai-identity-disclaimer", "unknown-suppression", "invalid-record"]),
        (("--ignore", "invalid-record"), ["ai-identity-disclaimer", "unknown-suppression"]),
        (("--ignore", "unknown-suppression"), ["ai-identity-disclaimer", "invalid-record"]),
        (("--select", "ai-identity-disclaimer"), ["ai-identity-disclaimer", "invalid-record"]),
        (("--select", "unknown-suppression"), ["unknown-suppression", "invalid-record"]),
        (("--select", "invalid-record"), ["invalid-record"]),
    ],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_select_and_ignore_of_the_built_in_rules(
    tmp_path: Path, options: tuple[str, ...], rules: list[str], jobs: str
) -> None:
    jsonl(
        tmp_path / "data.jsonl",
        {"response": "As an AI language model, hi.", "guidelint": {"ignore": ["nope"]}},
    )
    with (tmp_path / "data.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("not json\n")
    args = ("-g", "llm-boilerplate", "--jobs", jobs, "--format", "json", *options)
    report = json.loads(run("check", "data.jsonl", *args, cwd=tmp_path).stdout)
    assert [v["rule"] for v in report["violations"]] == rules
    assert report["summary"]["invalid_records"] == 1  # counted, reported or not
    config = tmp_path / "guidelint.yaml"
    config.write_text("ignore: [invalid-record]\n", encoding="utf-8")
    report = json.loads(run("check", "data.jsonl", *args, cwd=tmp_path).stdout)
    assert [v["rule"] for v in report["violations"]] == [r for r in rules if r != "invalid-record"]


@pytest.mark.parametrize(
    ("option", "name", "hint"),
    [
        ("--select", "refusal-boilerplat", "did you mean 'refusal-boilerplate'?"),
        ("--ignore", "tonee", "did you mean 'tone'?"),
        ("--select", "zzzzzz", "see `guidelint rules list`"),
    ],
)
def test_unknown_select_or_ignore_name_exits_2(
    tmp_path: Path, option: str, name: str, hint: str
) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    result = run("check", "data.jsonl", option, name, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "guidelint: error: --select/--ignore: guideline 'customer-support' has no rule, tag or "
        f"check '{name}'\n  hint: {hint}\n"
    )


# -- fields -----------------------------------------------------------------------------------


def test_instruction_and_response_fields_nested(tmp_path: Path) -> None:
    jsonl(
        tmp_path / "data.jsonl",
        {"id": "n1", "meta": {"prompt": "?"}, "answer": {"text": "I cannot " + WORDS_60}},
    )
    result = run(
        "check",
        "data.jsonl",
        "--instruction-field",
        "meta.prompt",
        "--response-field",
        "answer.text",
        "--format",
        "json",
        cwd=tmp_path,
    )
    found = [(v["rule"], v["field"], v["role"]) for v in json.loads(result.stdout)["violations"]]
    assert found == [
        ("instruction-too-short", "meta.prompt", "instruction"),
        ("refusal-boilerplate", "answer.text", "response"),
        ("response-length", "answer.text", "response"),
    ]


def test_response_field_flag_only(tmp_path: Path) -> None:
    jsonl(tmp_path / "data.jsonl", {"output_text": "I cannot."})
    result = run(
        "check",
        "data.jsonl",
        "-g",
        "llm-boilerplate",
        "--response-field",
        "output_text",
        "-q",
        cwd=tmp_path,
    )
    assert result.stdout.splitlines() == [
        'data.jsonl:1:1: error refusal-boilerplate refusal boilerplate "I cannot": say what can '
        "be done instead"
    ]


# -- directories ------------------------------------------------------------------------------


def test_directory_recursion(tmp_path: Path) -> None:
    refusal = {"response": "I cannot."}
    jsonl(tmp_path / "data" / "a.jsonl", refusal)
    jsonl(tmp_path / "data" / "sub" / "b.json", {"x": 1}).write_text(
        json.dumps([refusal, refusal]), encoding="utf-8"
    )
    (tmp_path / "data" / "sub" / "deeper").mkdir()
    with gzip.open(tmp_path / "data" / "sub" / "deeper" / "c.jsonl.gz", "wt") as out:
        out.write(json.dumps(refusal) + "\n")
    jsonl(tmp_path / "data" / ".hidden" / "skipped.jsonl", refusal)
    (tmp_path / "data" / "notes.txt").write_text("I cannot.\n", encoding="utf-8")
    result = run("check", "data", "-g", "llm-boilerplate", "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == [
        "data/a.jsonl:1:1:",
        "data/sub/b.json:1:1:",  # both elements start on line 1; columns are in the field
        "data/sub/b.json:1:1:",
        "data/sub/deeper/c.jsonl.gz:1:1:",
    ]
    result = run("check", "data", "-g", "llm-boilerplate", cwd=tmp_path)
    assert "Checked 4 records in 3 files" in result.stdout


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "readme.txt").write_text("nothing here", encoding="utf-8")
    result = run("check", "empty", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("guidelint: error: empty: no dataset files in this directory\n")
    assert "hint: guidelint looks for files ending in .jsonl" in result.stderr


# -- bad input --------------------------------------------------------------------------------

GOOD = b'{"response": "I cannot."}\n'

# (id, file name, content, exit code, stdout lines that must appear, stderr that must appear)
BAD_INPUT: list[tuple[str, str, bytes | None, int, list[str], str]] = [
    (
        "line not JSON",
        "d.jsonl",
        GOOD + b"not json\n" + GOOD,
        1,
        [
            "d.jsonl:1:1: error refusal-boilerplate",
            "d.jsonl:2:1: error invalid-record not valid JSON: Expecting value",
            "d.jsonl:3:1: error refusal-boilerplate",
        ],
        "",
    ),
    (
        "record without the fields",
        "d.jsonl",
        b'{"answer": "I cannot."}\n',
        1,
        ["d.jsonl:1:1: error invalid-record", "'answer'"],
        "",
    ),
    (
        "invalid UTF-8",
        "d.jsonl",
        b'{"response": "bad \xff byte"}\n' + GOOD,
        1,
        [
            "d.jsonl:1:19: error invalid-record invalid UTF-8 (byte 0xff at byte 19)",
            "d.jsonl:2:1: error refusal-boilerplate",
        ],
        "",
    ),
    ("BOM", "d.jsonl", b"\xef\xbb\xbf" + GOOD, 1, ["d.jsonl:1:1: error refusal-boilerplate"], ""),
    (
        "CRLF line ends",
        "d.jsonl",
        GOOD.replace(b"\n", b"\r\n") * 2,
        1,
        ["d.jsonl:1:1: error refusal-boilerplate", "d.jsonl:2:1: error refusal-boilerplate"],
        "",
    ),
    (
        "blank lines",
        "d.jsonl",
        b"\n  \n" + GOOD + b"\n\n" + GOOD,
        1,
        ["d.jsonl:3:1: error refusal-boilerplate", "d.jsonl:6:1: error refusal-boilerplate"],
        "",
    ),
    (
        "empty file",
        "d.jsonl",
        b"",
        0,
        ["Checked 0 records in 1 file: 0 violations"],
        "guidelint: warning: d.jsonl: no records found (is the file empty?)\n",
    ),
    (
        "missing file",
        "missing.jsonl",
        None,
        2,
        [],
        "guidelint: error: missing.jsonl: no such file or directory\n",
    ),
    (
        "unknown file type",
        "d.txt",
        GOOD,
        2,
        [],
        "guidelint: error: d.txt: unknown dataset format\n",
    ),
    (
        "JSON document cut off",
        "d.json",
        b'[{"response": "I cannot."},\n {"response": "ok"',
        1,
        [
            "d.json:1:1: error refusal-boilerplate",
            "d.json:2:",
            "error invalid-record not valid JSON",
        ],
        "",
    ),
    (
        "truncated gzip",
        "d.jsonl.gz",
        gzip.compress(GOOD * 50)[:30],
        1,
        ["error invalid-record file is cut off (truncated gzip)"],
        "",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "code", "stdout", "stderr"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_INPUT],
)
def test_bad_input(
    tmp_path: Path, name: str, content: bytes | None, code: int, stdout: list[str], stderr: str
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = run("check", name, "-g", "llm-boilerplate", cwd=tmp_path)
    assert result.returncode == code
    for part in stdout:
        assert part in result.stdout
    assert result.stderr.startswith(stderr) if stderr else result.stderr == ""


def test_a_missing_file_among_good_ones_stops_before_any_output(tmp_path: Path) -> None:
    (tmp_path / "good.jsonl").write_bytes(GOOD)
    result = run("check", "good.jsonl", "missing.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "missing.jsonl: no such file or directory" in result.stderr


def test_a_link_to_content_not_fetched_says_so(tmp_path: Path) -> None:
    (tmp_path / "annexed.jsonl").symlink_to(".git/annex/objects/K1.jsonl")  # (not there)
    result = run("check", "annexed.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "annexed.jsonl: a link to .git/annex/objects/K1.jsonl, which does not exist"
        in result.stderr
    )
    assert "git annex get, dvc pull" in result.stderr


def test_stdin(tmp_path: Path) -> None:
    result = run("check", "-", "-g", "llm-boilerplate", "-q", cwd=tmp_path, stdin=GOOD * 2)
    assert result.returncode == 1
    assert [line.split(" ")[2] for line in result.stdout.splitlines()] == [
        "refusal-boilerplate",
        "refusal-boilerplate",
    ]


# -- colour -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "env", "coloured"),
    [
        ((), {}, False),  # piped
        (("--color", "never"), {}, False),
        (("--color", "always"), {}, True),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1"}, True),
    ],
)
def test_colour_when_piped(
    tmp_path: Path, options: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    result = run("check", "data.jsonl", *options, cwd=tmp_path, env=env)
    assert (ESC in result.stdout) is coloured
    if coloured:
        assert f"{ESC}31merror{ESC}0m" in result.stdout
        assert "»" not in result.stdout


@pytest.mark.parametrize(
    ("options", "env", "coloured"),
    [((), {}, True), (("--color", "never"), {}, False), ((), {"NO_COLOR": "1"}, False)],
)
def test_colour_on_a_terminal(
    tmp_path: Path, options: tuple[str, ...], env: dict[str, str], coloured: bool
) -> None:
    jsonl(tmp_path / "data.jsonl", ONE)
    code, output, stderr = on_a_terminal(
        ["check", "data.jsonl", *options], tmp_path, clean_env(**env)
    )
    assert code == 1
    assert b"Traceback" not in stderr
    assert "ai-identity-disclaimer" in output
    assert (ESC in output) is coloured


# -- which files are checked --------------------------------------------------------------


def test_a_file_named_twice_or_also_found_in_a_folder_is_checked_once(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    jsonl(tmp_path / "data" / "a.jsonl", ONE)
    result = run(
        "check", "data", "data/a.jsonl", "./data/a.jsonl", "--format", "json", cwd=tmp_path
    )
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 1 and report["summary"]["records"] == 1
    assert len(report["violations"]) == 4  # not twice, and no duplicate of itself


def test_the_runs_own_baseline_and_report_are_not_read_as_datasets(tmp_path: Path) -> None:
    jsonl(tmp_path / "a.jsonl", ONE)
    written = run("check", ".", "--write-baseline", "guidelint-baseline.json", cwd=tmp_path)
    assert written.returncode == 0
    again = run("check", ".", "--baseline", "guidelint-baseline.json", cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert "invalid-record" not in again.stdout
    assert (
        "Note: 1 file skipped as this run's baseline, not a dataset: guidelint-baseline.json"
        in again.stdout
    )
    named_twice = run(
        "check",
        ".",
        "./guidelint-baseline.json",
        "--baseline",
        "guidelint-baseline.json",
        cwd=tmp_path,
    )
    assert named_twice.stdout.count("file skipped as this run's baseline") == 1
    # A pre-commit hook passes the baseline alone when only it changed: nothing to check.
    alone = run(
        "check", "guidelint-baseline.json", "--baseline", "guidelint-baseline.json", cwd=tmp_path
    )
    assert alone.returncode == 0 and "Checked 0 records in 0 files" in alone.stdout
    (tmp_path / "guidelint-baseline.json").unlink()
    for _ in range(2):  # the second run finds the first one's report in the folder
        reported = run("check", ".", "-o", "report.json", cwd=tmp_path)
        assert reported.returncode == 1
        assert "Checked 1 record in 1 file" in reported.stdout
    assert json.loads((tmp_path / "report.json").read_text())["summary"]["files"] == 1


@pytest.mark.parametrize(
    "options",
    [
        ["a.jsonl", "-o", "a.jsonl"],
        ["a.jsonl", "--write-baseline", "a.jsonl"],
        [".", "--diff", "-o", "a.jsonl"],  # found by the folder walk
        [".", "--format", "sarif", "--output", "./a.jsonl"],
    ],
)
def test_a_report_or_baseline_never_overwrites_a_file_to_check(
    tmp_path: Path, options: list[str]
) -> None:
    jsonl(tmp_path / "a.jsonl", ONE)
    before = (tmp_path / "a.jsonl").read_bytes()
    result = run("check", *options, cwd=tmp_path)
    assert result.returncode == 2
    assert "is also a file to read, and not a report or baseline that guidelint wrote" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert (tmp_path / "a.jsonl").read_bytes() == before


@pytest.mark.parametrize(
    "fmt", ["text", "json", "json-lines", "sarif", "junit", "markdown", "github"]
)
def test_an_earlier_report_named_among_the_files_is_rewritten(tmp_path: Path, fmt: str) -> None:
    jsonl(tmp_path / "a.jsonl", ONE)
    first = run("check", "a.jsonl", "--format", fmt, "-o", "report.out", cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    again = run("check", "a.jsonl", "report.out", "--format", fmt, "-o", "report.out", cwd=tmp_path)
    assert again.returncode == 1, again.stderr  # (not 2: the old report may be rewritten)
    assert "Checked 1 record in 1 file" in again.stdout  # (and is not read as a dataset)


def test_a_guidelint_report_or_baseline_left_in_a_folder_is_named_as_such(
    tmp_path: Path,
) -> None:
    jsonl(tmp_path / "a.jsonl", ONE)
    run("check", "a.jsonl", "-o", "report.json", cwd=tmp_path)
    run("check", "a.jsonl", "--format", "json-lines", "-o", "report.jsonl", cwd=tmp_path)
    run("check", "a.jsonl", "--write-baseline", "old-baseline.json", cwd=tmp_path)
    # found by a folder walk: skipped, each with a note saying what it is
    walked = run("check", ".", "--select", "invalid-record", cwd=tmp_path)
    assert walked.returncode == 0 and "Checked 1 record in 1 file" in walked.stdout
    for name, what in [
        ("old-baseline.json", "baseline"),
        ("report.json", "report"),
        ("report.jsonl", "report"),
    ]:
        assert f"file skipped as a guidelint {what}, not a dataset: {name}" in walked.stdout
    # named on the command line: an error that says what the file is
    named = ["old-baseline.json", "report.json", "report.jsonl"]
    result = run("check", *named, "--select", "invalid-record", "-q", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "old-baseline.json",
        "report.json",
        "report.jsonl",
    ]
    assert "this file is a guidelint baseline, not a dataset" in lines[0]
    assert all("this file is a guidelint report, not a dataset" in line for line in lines[1:])
    assert "no known dataset schema" not in result.stdout


@pytest.mark.parametrize("fmt", ["text", "github", "markdown", "json", "sarif", "junit"])
def test_a_lone_surrogate_in_a_text_is_written_escaped(tmp_path: Path, fmt: str) -> None:
    # A JSON "\ud800" escape decodes to a lone surrogate, which UTF-8 cannot encode.
    (tmp_path / "s.jsonl").write_text(
        '{"response": "As an AI language model \\ud800 I can DO NOT SHARE."}\n',
        encoding="utf-8",
    )
    result = run("check", "s.jsonl", "--format", fmt, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "ai-identity-disclaimer" in result.stdout
    if fmt == "text":
        assert "\\ud800" in result.stdout
    written = run("check", "s.jsonl", "--format", fmt, "-o", f"out.{fmt}", cwd=tmp_path)
    assert written.returncode == 1 and "internal error" not in written.stderr


def test_a_match_across_lines_keeps_the_text_report_one_line_per_violation(
    tmp_path: Path,
) -> None:
    response = "As an\nAI language model, here is the answer."
    jsonl(tmp_path / "nl.jsonl", {"instruction": "Tell me something please", "response": response})
    result = run("check", "nl.jsonl", "-g", "llm-boilerplate", "-q", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("nl.jsonl:1:1: error ai-identity-disclaimer")
    assert '"As an\u23ceAI language model"' in lines[0]


def test_an_annotation_read_without_one_bad_result_is_a_record_not_an_invalid_one(
    tmp_path: Path,
) -> None:
    results = [
        {"from_name": "response", "type": "textarea", "value": {"text": ["Fine answer here."]}},
        {"from_name": "quality", "type": "rating", "value": {"rating": "five"}},
    ]
    task = {"id": 5, "data": {"instruction": "Q5"}, "annotations": [{"id": 51, "result": results}]}
    (tmp_path / "t5.json").write_text(json.dumps([task]), encoding="utf-8")
    result = run("check", "t5.json", "--format", "json", cwd=tmp_path)
    summary = json.loads(result.stdout)["summary"]
    assert (summary["records"], summary["invalid_records"]) == (1, 0)
    assert summary["by_rule"]["invalid-record"] == 1  # (the bad rating is still reported)


def test_diff_says_why_fixes_found_are_not_in_the_diff(tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text(
        'instruction,response\nHow do I reset it?,"Go to Settings.  Then click Reset."\n',
        encoding="utf-8",
    )
    result = run("check", "f.csv", "--diff", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr == (
        "guidelint: note: 1 fix not shown: only JSON Lines and JSON files can be fixed\n"
    )


def test_the_html_report_counts_a_partly_read_annotation_once(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    good = {"from_name": "response", "type": "textarea", "value": {"text": ["Fine answer."]}}
    bad = {"from_name": "quality", "type": "rating", "value": {"rating": "five"}}
    tasks = [
        {"id": 1, "data": {"instruction": "Q one"}, "annotations": [{"id": 11, "result": [good]}]},
        {
            "id": 2,
            "data": {"instruction": "Q two"},
            "annotations": [{"id": 21, "result": [good, bad]}],
        },
    ]
    (tmp_path / "ls.json").write_text(json.dumps(tasks), encoding="utf-8")
    run("check", "ls.json", "--no-config", "--format", "html", "-o", "r.html", cwd=tmp_path)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    rates = page[page.index('data-table="rates-file"') :]
    row = rates.split("</tr>")[1]  # ls.json: 2 records (not 3), both too short
    assert "<td>ls.json</td><td class=num>2</td><td class=num>100.0% (2)</td>" in row


WHEN_TYPO = """name: t
rules:
  - id: house-lists
    check: structure
    max_list_items: 0
    when: {catgory: simple}
  - id: known-field
    check: length
    min: 1
    when: {category: simple}
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_when_field_no_record_has_is_noted(tmp_path: Path, jobs: str) -> None:
    """A misspelt `when:` field leaves its rule silently off: the summary says so, with
    the field the records do have (from the worker processes too)."""
    (tmp_path / "g.yaml").write_text(WHEN_TYPO, encoding="utf-8")
    rows = [{"instruction": "Why?", "response": "Because.\n- a\n- b", "category": "simple"}] * 300
    jsonl(tmp_path / "d.jsonl", *rows)
    result = run("check", "d.jsonl", "-g", "g.yaml", "--jobs", jobs, cwd=tmp_path)
    assert (
        "Note: 1 rule never applied: 'house-lists' asks `when: catgory`, a field none of the "
        "records has (did you mean 'category'?)"
    ) in result.stdout
    assert "known-field" not in result.stdout  # (its field is there)
    # one record that has the field, among many that do not: no note
    jsonl(tmp_path / "e.jsonl", *rows, {**rows[0], "catgory": "complex"})
    result = run("check", "e.jsonl", "-g", "g.yaml", "--jobs", jobs, cwd=tmp_path)
    assert "never applied" not in result.stdout
    # a rule --ignore leaves out is not noted
    result = run("check", "d.jsonl", "-g", "g.yaml", "--ignore", "house-lists", cwd=tmp_path)
    assert "never applied" not in result.stdout
    # nor one whose condition holds on a missing field: it applied (a review found it)
    (tmp_path / "h.yaml").write_text(
        "name: t\nrules:\n  - id: no-because\n    check: pattern\n    pattern: Because\n"
        "    when: {reviewed: {exists: false}, verdict: {not: bad}}\n",
        encoding="utf-8",
    )
    result = run("check", "d.jsonl", "-g", "h.yaml", cwd=tmp_path)
    assert "no-because" in result.stdout and "never applied" not in result.stdout


def test_a_pretty_printed_record_is_reported_at_the_line_of_its_field(tmp_path: Path) -> None:
    """Where a diff shows the change, so a GitHub or SARIF annotation lands in the pull
    request's hunk (before: the line of the record's first "{")."""
    records = [
        {"id": "a", "instruction": "How do I reset it?", "response": "Open  Settings."},
        {"id": "b", "instruction": "How do I reset my password?", "response": AI},
    ]
    (tmp_path / "d.json").write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    lines = (tmp_path / "d.json").read_text(encoding="utf-8").splitlines()
    field_line = next(i for i, line in enumerate(lines, 1) if "As an AI" in line)
    record_line = field_line - 3  # ("{", "id", "instruction", then "response")
    assert lines[record_line - 1].strip() == "{"
    text = run("check", "d.json", "--select", "ai-identity-disclaimer", cwd=tmp_path).stdout
    assert f"d.json:{field_line}:1: error ai-identity-disclaimer" in text
    github = run(
        "check", "d.json", "--select", "ai-identity-disclaimer", "--format", "github",
        cwd=tmp_path,
    ).stdout  # fmt: skip
    assert f"file=d.json,line={field_line}," in github
    # --fix still finds the record by the line it is reported at
    fixed = run("check", "d.json", "--select", "stray-whitespace", "--fix", cwd=tmp_path)
    assert "Note: 1 violation fixed" in fixed.stdout and fixed.returncode == 0
    assert '"response": "Open Settings."' in (tmp_path / "d.json").read_text(encoding="utf-8")


def test_a_pair_verdict_points_where_its_violation_is(tmp_path: Path) -> None:
    """An inversion in an implicit-prompt pair pointed past the violation it names (the
    prompt's length was added twice), and --fix deleted the space before the answers."""
    jsonl(
        tmp_path / "p.jsonl",
        {
            "chosen": "Question: reset? Answer: Sure. I cannot help.",
            "rejected": "Question: reset? Answer: Click Forgot password.",
        },
    )
    args = ("p.jsonl", "-g", "annotation-types", "-q")
    result = run("check", *args, "--select", "preference-pair,refusal-boilerplate", cwd=tmp_path)
    columns = {line.split()[2]: line.split()[0] for line in result.stdout.splitlines() if line}
    assert columns["refusal-boilerplate"] == columns["preference-pair"] == "p.jsonl:1:32:"
    fixed = run("check", *args, "--select", "stray-whitespace", "--fix", cwd=tmp_path)
    assert fixed.returncode == 0 and "fixed" not in fixed.stdout


def test_an_answer_after_an_implicit_prompt_cut_after_a_word_keeps_its_space(
    tmp_path: Path,
) -> None:
    """When the texts share a prompt up to the end of a word ("Larry Page" + ", the …" or
    + " is …"), the space that starts one answer parts it from the prompt: it was
    reported as whitespace at the start of the response, and the safe --fix wrote
    "Larry Pageis a computer scientist" into the file (and "42.It is also")."""
    rows = [
        {
            "chosen": "Who is Larry Page? Larry Page, the co-founder of Google.",
            "rejected": "Who is Larry Page? Larry Page is a computer scientist.",
        },
        {
            "chosen": "Q: What is it?\nA: The answer is 42.",
            "rejected": "Q: What is it?\nA: The answer is 42.  It is also 6 times 7.",
        },
    ]
    path = jsonl(tmp_path / "p.jsonl", *rows)
    before = path.read_bytes()
    args = ("p.jsonl", "-g", "annotation-types", "--select", "stray-whitespace")
    assert "stray-whitespace" not in run("check", *args, "-q", cwd=tmp_path).stdout
    run("check", *args, "--fix", cwd=tmp_path)
    assert path.read_bytes() == before


def test_a_rule_switched_off_breaks_nothing_a_record_rule_weighs(tmp_path: Path) -> None:
    """The inversion cited rules --ignore, the configuration's `ignore` or the record's
    own suppression had switched off: an error-level finding naming rules a team had
    turned off, whose violations were shown nowhere. (--select of other rules still
    lets them count: the guideline's rules are what a pair is judged by.)"""
    pair = {
        "prompt": "What plans exist?",
        "chosen": "As an AI language model, I cannot say which plans exist.",
        "rejected": "We have Starter and Plus plans.",
    }
    jsonl(tmp_path / "p.jsonl", pair)
    switched_off = ["ai-identity-disclaimer", "refusal-boilerplate"]
    jsonl(tmp_path / "s.jsonl", {**pair, "guidelint": {"ignore": switched_off}})
    (tmp_path / "c.yaml").write_text(
        "ignore: [ai-identity-disclaimer, refusal-boilerplate]\n", encoding="utf-8"
    )
    base = ("-g", "annotation-types", "-q", "--select", "preference-pair")
    off = "--ignore=ai-identity-disclaimer,refusal-boilerplate"
    assert "may be inverted" in run("check", "p.jsonl", *base, cwd=tmp_path).stdout
    for args in (("p.jsonl", "-g", "annotation-types", "-q", off), ("s.jsonl", *base),
                 ("p.jsonl", "-g", "annotation-types", "-q", "--config", "c.yaml")):  # fmt: skip
        result = run("check", *args, cwd=tmp_path)
        assert "preference-pair" not in result.stdout, args
