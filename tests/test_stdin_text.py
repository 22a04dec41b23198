"""``guidelint check --stdin-text``: one response typed or pasted on standard input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import run, violation_lines


def test_a_pasted_response_is_reported_at_stdin_line_1(tmp_path: Path) -> None:
    text = "Thanks!\nAs an AI language model, I think Nimbus Basic is fine.\n"
    result = run("check", "--stdin-text", "-q", cwd=tmp_path, stdin=text)
    assert result.returncode == 1
    lines = violation_lines(result.stdout)
    assert "<stdin>:1:9: error ai-identity-disclaimer" in lines
    assert "<stdin>:1:42: error outdated-product-info" in lines


def test_instruction_and_fields_feed_the_rules(tmp_path: Path) -> None:
    response = "Our hours are:\n\n- Weekdays: 8am-8pm\n- Saturday: 9am-5pm"
    plain = run(
        "check", "--stdin-text", "-q", "--select", "structure", cwd=tmp_path, stdin=response
    )
    assert violation_lines(plain.stdout) == []  # the rule applies to simple questions only
    simple = run(
        "check",
        "--stdin-text",
        "-q",
        "--select",
        "structure",
        "--field",
        "category=simple",
        cwd=tmp_path,
        stdin=response,
    )
    assert "no-lists-in-simple-responses" in simple.stdout

    repeated = run(
        "check",
        "--stdin-text",
        "-q",
        "--select",
        "no-repeated-question",
        "--instruction",
        "How do I change the email address on my account?",
        cwd=tmp_path,
        stdin="You want to know how to change the email address on your account. Go to Settings.",
    )
    assert "<stdin>:1:1: warning no-repeated-question" in violation_lines(repeated.stdout)


def test_json_report_and_a_clean_response(tmp_path: Path) -> None:
    result = run(
        "check",
        "--stdin-text",
        "-g",
        "llm-boilerplate",
        "--format",
        "json",
        cwd=tmp_path,
        stdin="Hello there.",
    )
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document["summary"]["records"] == 1
    assert document["violations"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--stdin-text", "data.jsonl"), "give no PATH"),
        (("data.jsonl", "--instruction", "x"), "--instruction and --field go with --stdin-text"),
        (("--stdin-text", "--field", "novalue"), "--field takes KEY=VALUE"),
        (("--stdin-text", "--fix"), "cannot fix standard input"),
        ((), "give at least one PATH"),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "data.jsonl").write_text('{"response": "x"}\n', encoding="utf-8")
    result = run("check", *args, cwd=tmp_path, stdin="text")
    assert result.returncode == 2
    assert message in result.stderr


def test_invalid_utf8_is_a_located_invalid_record(tmp_path: Path) -> None:
    data = b"Hello\r\nAs an AI language model, caf\xe9.\n"
    result = run("check", "--stdin-text", "-g", "llm-boilerplate", cwd=tmp_path, stdin=data)
    assert result.returncode == 1
    assert (
        "<stdin>:2:29: error invalid-record invalid UTF-8 (byte 0xe9 at byte 36 of the input) "
        "(re-encode the text as UTF-8)"
    ) in result.stdout
    assert "1 invalid record" in result.stdout
    assert "ai-identity-disclaimer" not in result.stdout  # not checked with the byte replaced

    usage = run("check", "--stdin-text", "--field", "novalue", cwd=tmp_path, stdin=data)
    assert usage.returncode == 2 and "--field takes KEY=VALUE" in usage.stderr


def test_crlf_line_ends_are_read_as_before_and_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    data = "\ufeffThanks!\r\nAs an AI language model.\r\n".encode()
    result = run("check", "--stdin-text", "-g", "llm-boilerplate", cwd=tmp_path, stdin=data)
    assert "<stdin>:1:9: error ai-identity-disclaimer" in violation_lines(result.stdout)


def test_findings_read_left_to_right_as_in_a_file(tmp_path: Path) -> None:
    """A file's record is reported left to right whatever the order of the rules; a
    --stdin-text record came in the rules' order (1:1, 1:26, 1:1, 1:45)."""
    text = "As an AI language model, I cannot help with Nimbus Basic.\n"
    asked = ("--instruction", "Which plan should I buy for my team?")
    single = run("check", "--stdin-text", *asked, "-q", cwd=tmp_path, stdin=text)
    places = [line.split(" ")[0].rstrip(":") for line in violation_lines(single.stdout)]
    assert len(places) == 4
    assert places == sorted(places, key=lambda p: int(p.rsplit(":", 1)[1]))
    row = {"instruction": asked[1], "response": text.rstrip("\n")}
    (tmp_path / "one.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    in_file = run("check", "one.jsonl", "-q", cwd=tmp_path)
    columns = [
        line.split(" ")[0].rstrip(":").split(":", 1)[1] for line in violation_lines(in_file.stdout)
    ]
    assert [p.split(":", 1)[1] for p in places] == columns
