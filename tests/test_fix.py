"""``--fix``, ``--diff`` and ``--unsafe-fixes``: only the fixed spans change, byte for byte."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clirun import EXAMPLES, run
from guidelint.cli.main import main
from guidelint.errors import InputError
from guidelint.model import Fix, Severity, Violation
from guidelint.run.fixes import fix_file
from guidelint.run.json_edit import Edit, edit_value, string_token

GUIDELINE = """\
name: fixes
rules:
  - id: plan-names
    check: substitution
    terms: {Nimbus Basic: Nimbus Starter, naive: naïve}
  - id: risky-words
    check: substitution
    safe: false
    terms: {guarantee: aim}
"""


@pytest.fixture
def guideline(tmp_path: Path) -> Path:
    path = tmp_path / "guideline.yaml"
    path.write_text(GUIDELINE, encoding="utf-8")
    return path


def test_fix_on_the_example_dataset_changes_only_the_fixed_span(tmp_path: Path) -> None:
    data = tmp_path / "support.jsonl"
    shutil.copy(EXAMPLES / "support.jsonl", data)
    before = data.read_bytes()
    assert before.count(b"Nimbus Basic") == 1

    result = run("check", "support.jsonl", "--fix", cwd=tmp_path)

    after = data.read_bytes()
    assert after == before.replace(b"Nimbus Basic", b"Nimbus Starter")
    assert "outdated-product-info" not in result.stdout  # fixed, so not reported
    assert "Note: 1 violation fixed" in result.stdout
    assert "--- a/support.jsonl" not in result.stdout  # the diff is for --diff only
    assert result.returncode == 1  # other errors remain
    again = run("check", "support.jsonl", "--fix", cwd=tmp_path)
    assert data.read_bytes() == after
    assert "fixed" not in again.stdout


def test_crlf_escapes_and_key_order_stay_as_they_were(tmp_path: Path, guideline: Path) -> None:
    lines = [
        # \u escapes, an escaped quote and newline and a surrogate pair before the term
        b'{"z": 1, "response": "Caf\\u00e9 \\"quote\\"\\n\\ud83d\\ude00 Nimbus Basic and'
        b' NIMBUS BASIC.", "a": [1,2]}',
        b'{"response":"unchanged text with no term","id":"x"}',
        # raw UTF-8 and odd spacing; the replacement "naïve" is written raw here
        b'{ "response" : "Un caf\xc3\xa9 naive,  Nimbus Basic" , "meta": {"k": "v"} }',
        # \u style: the replacement is written with a \u escape here
        b'{"response": "na\\u00efvely naive"}',
    ]
    data = tmp_path / "d.jsonl"
    data.write_bytes(b"\r\n".join(lines) + b"\r\n")

    result = run("check", "d.jsonl", "-g", str(guideline), "--fix", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    after = data.read_bytes()
    expected = [
        lines[0]
        .replace(b"Nimbus Basic", b"Nimbus Starter")
        .replace(b"NIMBUS BASIC", b"NIMBUS STARTER"),
        lines[1],
        lines[2].replace(b"naive", "naïve".encode()).replace(b"Nimbus Basic", b"Nimbus Starter"),
        lines[3].replace(b"ly naive", b"ly na\\u00efve"),
    ]
    assert after == b"\r\n".join(expected) + b"\r\n"
    for line in after.splitlines():
        json.loads(line)


def test_unsafe_fixes_need_the_flag(tmp_path: Path, guideline: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(json.dumps({"response": "We guarantee it."}) + "\n", encoding="utf-8")
    before = data.read_bytes()
    result = run("check", "d.jsonl", "-g", str(guideline), "--fix", cwd=tmp_path)
    assert data.read_bytes() == before
    assert result.returncode == 1
    assert "risky-words" in result.stdout
    assert (
        "Note: 1 fix not applied: it may change the meaning (use --unsafe-fixes)" in result.stdout
    )

    diff = run("check", "d.jsonl", "-g", str(guideline), "--diff", cwd=tmp_path)
    assert (diff.returncode, diff.stdout) == (0, "")
    assert diff.stderr == (
        "guidelint: note: 1 fix not shown: they may change the meaning "
        "(add --unsafe-fixes to see them)\n"
    )

    result = run("check", "d.jsonl", "-g", str(guideline), "--fix", "--unsafe-fixes", cwd=tmp_path)
    assert result.returncode == 0
    assert data.read_bytes() == before.replace(b"guarantee", b"aim")


def test_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "support.jsonl"
    shutil.copy(EXAMPLES / "support.jsonl", data)
    before = data.read_bytes()

    result = run("check", "support.jsonl", "--diff", cwd=tmp_path)

    assert data.read_bytes() == before
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == ["--- a/support.jsonl", "+++ b/support.jsonl", "@@ -6,1 +6,1 @@"]
    assert lines[3].startswith("-") and "Nimbus Basic" in lines[3]
    assert lines[4] == "+" + lines[3][1:].replace("Nimbus Basic", "Nimbus Starter")
    assert len(lines) == 5  # no report on stdout: only the diff
    assert "violations would be fixed" not in result.stdout

    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps({"response": "Nothing to fix here."}) + "\n", encoding="utf-8")
    assert run("check", "clean.jsonl", "--diff", cwd=tmp_path).returncode == 0


def test_a_finding_in_alpacas_input_is_reported_and_fixed_there(tmp_path: Path) -> None:
    """The checks see the instruction and its input as one text; a finding in the input
    names the input at its own column, and its fix is applied there (it was reported in
    the instruction at a column past its end, and never fixed)."""
    (tmp_path / "g.yaml").write_text(
        "name: g\nrules:\n  - id: terms\n    check: substitution\n"
        "    applies_to: [instruction]\n    terms: {utilize: use}\n",
        encoding="utf-8",
    )
    data = tmp_path / "a.jsonl"
    record = {"instruction": "Please utilize this", "input": "We utilize it.", "output": "Ok."}
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")

    report = run("check", "a.jsonl", "-g", "g.yaml", "--no-config", cwd=tmp_path).stdout
    assert "a.jsonl:1:8: error terms" in report and "instruction: Please »utilize«" in report
    assert "a.jsonl:1:4: error terms" in report and "input: We »utilize« it." in report

    fixed = run("check", "a.jsonl", "-g", "g.yaml", "--no-config", "--fix", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert json.loads(data.read_text(encoding="utf-8")) == {
        "instruction": "Please use this",
        "input": "We use it.",
        "output": "Ok.",
    }


def test_json_array_is_fixed_in_place(tmp_path: Path, guideline: Path) -> None:
    records = [
        {"id": 1, "response": "Fine."},
        {"id": 2, "response": "Try Nimbus Basic, the naive choice."},
        {"id": 3, "response": "Also Nimbus Basic."},
    ]
    data = tmp_path / "d.json"
    data.write_text(json.dumps(records, indent=2) + "\n", encoding="utf-8")
    before = data.read_bytes()

    run("check", "d.json", "-g", str(guideline), "--fix", cwd=tmp_path)

    after = data.read_bytes()
    expected = before.replace(b"Nimbus Basic", b"Nimbus Starter").replace(
        b"naive",
        b"na\\u00efve",  # the file shows no raw non-ASCII: json.dumps' default style
    )
    assert after == expected


def test_a_duplicate_key_is_fixed_where_json_reads_it(tmp_path: Path, guideline: Path) -> None:
    # json.loads keeps the last of duplicate keys: that is the text checked and fixed
    line = '{"response":"Nimbus Basic a","meta":{"k":"Nimbus Basic"},"response":"Nimbus Basic b"}'
    (tmp_path / "d.jsonl").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "d.json").write_text(f"[\n  {line}\n]\n", encoding="utf-8")

    result = run("check", "d.jsonl", "d.json", "-g", str(guideline), "--fix", cwd=tmp_path)

    assert "Note: 2 violations fixed" in result.stdout
    fixed = line.replace("Nimbus Basic b", "Nimbus Starter b")
    assert (tmp_path / "d.jsonl").read_text(encoding="utf-8") == fixed + "\n"
    assert (tmp_path / "d.json").read_text(encoding="utf-8") == f"[\n  {fixed}\n]\n"
    again = run("check", "d.jsonl", "d.json", "-g", str(guideline), cwd=tmp_path)
    assert again.returncode == 0, again.stdout


def test_compressed_and_csv_files_are_not_rewritten(tmp_path: Path, guideline: Path) -> None:
    import gzip

    data = tmp_path / "d.jsonl.gz"
    data.write_bytes(gzip.compress(b'{"response": "Nimbus Basic"}\n'))
    before = data.read_bytes()
    result = run("check", "d.jsonl.gz", "-g", str(guideline), "--fix", cwd=tmp_path)
    assert data.read_bytes() == before
    assert result.returncode == 1
    assert "plan-names" in result.stdout
    # (it said "only JSON Lines and JSON files can be fixed" of a JSON Lines file)
    assert "Note: 1 fix not applied: a compressed file cannot be fixed in place" in result.stdout
    (tmp_path / "d.csv.gz").write_bytes(gzip.compress(b"response\nNimbus Basic\n"))
    result = run("check", "d.csv.gz", "-g", str(guideline), "--fix", cwd=tmp_path)
    assert "Note: 1 fix not applied: only JSON Lines and JSON files can be fixed" in result.stdout
    csv = tmp_path / "d.csv"
    csv.write_text("response\nNimbus Basic\n", encoding="utf-8")
    result = run("check", "d.csv", "-g", str(guideline), "--fix", cwd=tmp_path)
    assert "Note: 1 fix not applied: only JSON Lines and JSON files can be fixed" in result.stdout


def test_fix_refuses_standard_input(tmp_path: Path) -> None:
    result = run("check", "-", "--fix", cwd=tmp_path, stdin='{"response": "x"}\n')
    assert result.returncode == 2
    assert "cannot fix standard input" in result.stderr


# -- atomic writes ---------------------------------------------------------------------------


def _violation(path: Path, line: int, start: int, end: int, new: str, match: str) -> Violation:
    return Violation(
        path=str(path),
        line=line,
        column=start + 1,
        field="response",
        span=(start, end),
        rule="plan-names",
        check="substitution",
        severity=Severity.ERROR,
        message="",
        fix=Fix(start, end, new),
        excerpt=("", match, ""),
    )


@pytest.mark.parametrize("failing", ["os.replace", "os.fsync"])
def test_a_failed_write_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"response": "Use Nimbus Basic."}\n', encoding="utf-8")
    before = data.read_bytes()

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(failing, fail)
    with pytest.raises(InputError, match="cannot write the fixed file"):
        fix_file(
            str(data), [_violation(data, 1, 4, 16, "Nimbus Starter", "Nimbus Basic")], write=True
        )
    monkeypatch.undo()
    assert data.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.jsonl"]


def test_a_failed_write_through_the_cli_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"response": "Use Nimbus Basic."}\n', encoding="utf-8")
    before = data.read_bytes()
    monkeypatch.chdir(tmp_path)

    def fail(*args: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    code = main(["check", "d.jsonl", "--fix", "--no-config", "--no-progress"])
    assert code == 2
    out, err = capsys.readouterr()
    assert "cannot write the fixed file: Permission denied" in err
    assert "d.jsonl:1:5: error outdated-product-info" in out  # still reported, not fixed
    assert "fixed" not in out
    assert data.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["d.jsonl"]


def test_a_folder_without_room_for_the_fixed_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # (as when the folder is read-only or immutable: the temporary file cannot be made)
    import tempfile

    data = tmp_path / "d.jsonl"
    data.write_text('{"response": "Use Nimbus Basic."}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def fail(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", fail)
    code = main(["check", "d.jsonl", "--fix", "--no-config", "--no-progress"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "internal error" not in err
    assert "d.jsonl: cannot write the fixed file: Operation not permitted" in err
    assert "hint: the folder must be writable" in err
    assert "outdated-product-info" in out


def test_a_symbolic_link_stays_a_link_and_its_target_is_fixed(tmp_path: Path) -> None:
    real = tmp_path / "store" / "real.jsonl"
    real.parent.mkdir()
    real.write_text('{"response": "Use Nimbus Basic."}\n', encoding="utf-8")
    link = tmp_path / "data.jsonl"
    link.symlink_to(real)
    result = run("check", "data.jsonl", "--fix", "--no-config", cwd=tmp_path)
    assert "Note: 1 violation fixed" in result.stdout
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8") == '{"response": "Use Nimbus Starter."}\n'
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.jsonl"]


def test_the_file_mode_is_kept(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"response": "Use Nimbus Basic."}\n', encoding="utf-8")
    data.chmod(0o640)
    result = fix_file(
        str(data), [_violation(data, 1, 4, 16, "Nimbus Starter", "Nimbus Basic")], write=True
    )
    assert len(result.fixed) == 1
    assert data.stat().st_mode & 0o777 == 0o640


def test_a_span_that_no_longer_holds_the_match_is_not_fixed(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"response": "Use Nimbus Basic."}\n', encoding="utf-8")
    stale = _violation(data, 1, 0, 3, "Try", "Buy")
    result = fix_file(str(data), [stale], write=True)
    assert result.fixed == [] and result.not_fixed == [stale]
    assert data.read_text(encoding="utf-8") == '{"response": "Use Nimbus Basic."}\n'


# -- the string token editor ------------------------------------------------------------------


def test_string_token_maps_decoded_offsets_to_raw_offsets() -> None:
    text = r'"a\u00e9\"\n\ud83d\ude00b"'
    token = string_token(text, 0)
    assert token is not None
    assert token.value == 'aé"\n😀b'
    assert token.offsets == (0, 1, 7, 9, 11, 23, 24)


def test_overlapping_and_duplicate_edits() -> None:
    line = '{"response": "abcdef"}'
    edits = [
        Edit("response", Fix(0, 3, "X")),
        Edit("response", Fix(2, 4, "Y")),  # overlaps the first: skipped
        Edit("response", Fix(4, 4, "+")),
        Edit("response", Fix(4, 4, "+")),  # the same insertion twice: once
        Edit("missing", Fix(0, 1, "Z")),  # no such field
    ]
    new, applied = edit_value(line, 0, edits, default_ascii=True)
    assert new == '{"response": "Xd+ef"}'
    assert applied == [edits[0], edits[2]]


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    value=_text,
    replacement=_text,
    ensure_ascii=st.booleans(),
    data=st.data(),
)
def test_any_edit_decodes_to_the_edited_value(
    value: str, replacement: str, ensure_ascii: bool, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(value)))
    end = data.draw(st.integers(start, len(value)))
    prefix = '{"id": 7, "response": '
    line = prefix + json.dumps(value, ensure_ascii=ensure_ascii) + ', "z": "é"}'
    new, applied = edit_value(
        line, 0, [Edit("response", Fix(start, end, replacement))], default_ascii=True
    )
    assert len(applied) == 1
    assert json.loads(new)["response"] == value[:start] + replacement + value[end:]
    assert new.startswith(prefix) and new.endswith(', "z": "é"}')
    raw_before = json.dumps(value[:start], ensure_ascii=ensure_ascii)[:-1]
    assert new[len(prefix) :].startswith(raw_before)  # the text before the span is untouched


def test_chat_and_label_studio_fields_are_found(tmp_path: Path, guideline: Path) -> None:
    chat = {
        "messages": [
            {"role": "user", "content": "Plan?"},
            {"role": "assistant", "content": "Nimbus Basic, I\u2019d say."},
        ]
    }
    (tmp_path / "chat.jsonl").write_text(
        json.dumps(chat) + "\n" + json.dumps(chat, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    task = {
        "id": 1,
        "data": {"prompt": "Which plan?"},
        "annotations": [
            {
                "id": n,
                "completed_by": n,
                "result": [
                    {
                        "from_name": "answer",
                        "to_name": "prompt",
                        "type": "textarea",
                        "value": {"text": [f"Take Nimbus Basic, option {n}."]},
                    }
                ],
            }
            for n in (1, 2)
        ],
    }
    (tmp_path / "ls.json").write_text(json.dumps([task], indent=2) + "\n", encoding="utf-8")
    before = {name: (tmp_path / name).read_bytes() for name in ("chat.jsonl", "ls.json")}

    result = run("check", "chat.jsonl", "ls.json", "-g", str(guideline), "--fix", cwd=tmp_path)

    assert result.returncode == 0, result.stdout
    assert "Note: 4 violations fixed" in result.stdout
    for name, old in before.items():
        assert (tmp_path / name).read_bytes() == old.replace(b"Nimbus Basic", b"Nimbus Starter")


def test_whitespace_is_normalised_and_nothing_else_changes(tmp_path: Path) -> None:
    guideline = tmp_path / "ws.yaml"
    guideline.write_text("name: ws\nrules:\n  - id: ws\n    check: whitespace\n", encoding="utf-8")
    lines = [
        b'{"id": "k", "response": "Open Settings,  then Billing. \\n\\n\\n\\nDone.  ", "n": 1}\r\n',
        b'{"response":"Clean text.","id":"z"}\r\n',
    ]
    data = tmp_path / "data.jsonl"
    data.write_bytes(b"".join(lines))

    result = run("check", "data.jsonl", "--guideline", str(guideline), "--fix", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Note: 4 violations fixed" in result.stdout
    fixed = b'{"id": "k", "response": "Open Settings, then Billing.\\n\\nDone.", "n": 1}\r\n'
    assert data.read_bytes() == fixed + lines[1]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_what_remains_after_fix_is_reported_where_it_now_is(tmp_path: Path, jobs: str) -> None:
    data = tmp_path / "d.jsonl"
    rows = [
        {"response": "Try Nimbus Basic today. Please DO NOT SHARE codes."},
        {"response": "Nothing to fix, but DO NOT SHARE codes."},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    args = ("check", "d.jsonl", "--fix", "--select", "no-shouting,outdated-product-info")
    result = run(*args, "--format", "json", "--jobs", jobs, cwd=tmp_path)
    report = json.loads(result.stdout)
    fixed_text = json.loads(data.read_text(encoding="utf-8").splitlines()[0])["response"]
    first, second = report["violations"]
    assert first["rule"] == "no-shouting" and first["line"] == 1
    assert fixed_text[first["span"][0] : first["span"][1]] == "DO NOT SHARE"
    assert first["column"] == fixed_text.index("DO NOT SHARE") + 1  # not the old column
    assert (second["line"], second["column"]) == (2, 21)  # an unfixed record: as it was
    assert report["summary"]["violations"] == 2
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    text = run(*args, "--jobs", jobs, cwd=tmp_path).stdout
    assert "Try Nimbus Starter today. Please »DO NOT SHARE« codes." in text  # its excerpt
    assert "Nimbus Basic" not in text


def test_records_sharing_a_line_get_only_the_fixes_that_are_surely_theirs(
    tmp_path: Path,
) -> None:
    # Minified JSON: every record is on line 1. The same fix at the same place in two
    # records cannot be told apart, so neither is applied (and none is counted); a fix
    # whose text only one record holds there is applied to that record.
    data = tmp_path / "e.json"
    data.write_text(
        '[{"id":0,"response":"Try Nimbus Basic today."}, '
        '{"id":1,"response":"Try Nimbus Basic now."}, '
        '{"id":2,"response":"We moved on from Nimbus Basic."}]\n',
        encoding="utf-8",
    )
    result = run("check", "e.json", "--fix", "--select", "outdated-product-info", cwd=tmp_path)
    records = json.loads(data.read_text(encoding="utf-8"))
    assert [r["response"] for r in records] == [
        "Try Nimbus Basic today.",
        "Try Nimbus Basic now.",
        "We moved on from Nimbus Starter.",
    ]
    assert "Note: 1 violation fixed" in result.stdout
    assert "Note: 2 fixes not applied: several records share their line" in result.stdout
    assert result.stdout.count("outdated-product-info outdated product name") == 2


def test_notes_of_several_files_add_up_in_the_right_number(tmp_path: Path, guideline: Path) -> None:
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text('{"response": "We guarantee it."}\n', encoding="utf-8")
    args = ("check", "a.jsonl", "b.jsonl", "-g", str(guideline), "--fix")
    text = run(*args, cwd=tmp_path).stdout
    assert "Note: 2 fixes not applied: they may change the meaning (use --unsafe-fixes)" in text
    (tmp_path / "b.jsonl").write_text('{"response": "Fine."}\n', encoding="utf-8")
    report = json.loads(run(*args, "--format", "json", cwd=tmp_path).stdout)
    # JSON keys a note by its plural, whatever the count: a stable key for tools
    assert report["summary"]["notes"] == {
        "fixes not applied: they may change the meaning (use --unsafe-fixes)": 1
    }
    one = run(*args, cwd=tmp_path).stdout
    assert "Note: 1 fix not applied: it may change the meaning (use --unsafe-fixes)" in one


def test_a_fix_another_fix_overlapped_is_noted(tmp_path: Path) -> None:
    """Two rules replacing the same term differently: one replacement is applied, and a
    note says the other was not (before, it vanished without a word)."""
    (tmp_path / "g.yaml").write_text(
        "name: team\nextends: [customer-support]\nrules:\n"
        "  - id: mine\n    check: substitution\n    terms: {Nimbus Basic: Nimbus Essentials}\n",
        encoding="utf-8",
    )
    (tmp_path / "d.jsonl").write_text(
        '{"instruction": "Which plan?", "response": "Nimbus Basic is the cheapest plan."}\n',
        encoding="utf-8",
    )
    args = ["check", "d.jsonl", "-g", "g.yaml", "--select", "mine,outdated-product-info"]
    result = run(*args, "--fix", cwd=tmp_path)
    assert "Note: 1 violation fixed" in result.stdout
    assert "Note: 1 fix not applied: another fix changed the same text first" in result.stdout


def test_what_is_left_after_a_fix_is_reported_in_column_order(tmp_path: Path) -> None:
    """The violations a fixed record still has were reported out of column order."""
    (tmp_path / "g.yaml").write_text(
        "name: g\nrules:\n"
        "  - id: terms\n    check: substitution\n    terms: {utilize: use}\n"
        "  - id: hedge\n    check: phrase\n    phrases: [it is important to note]\n"
        "  - id: short\n    check: length\n    min: 50\n",
        encoding="utf-8",
    )
    data = tmp_path / "d.jsonl"
    data.write_text(
        json.dumps({"response": "Please utilize the form. It is important to note that."}) + "\n",
        encoding="utf-8",
    )
    result = run("check", "d.jsonl", "-g", "g.yaml", "--no-config", "--fix", cwd=tmp_path)
    places = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("d.jsonl:")]
    assert places == ["d.jsonl:1:1:", "d.jsonl:1:22:"], result.stdout


@pytest.mark.parametrize("indent", [2, None])
def test_a_pretty_printed_json_record_fixed_is_not_reported_again(
    tmp_path: Path, guideline: Path, indent: int | None
) -> None:
    """A violation of a record written over several lines is on its field's line, not on
    the record's: the fixed record was not found again, and what --fix had fixed was
    reported as remaining, exit 1."""
    records = [
        {"id": "x1", "instruction": "Which plan?", "response": "You are on Nimbus Basic."},
        {"id": "x2", "instruction": "Which plan?", "response": "Nimbus Basic, I'd say."},
    ]
    (tmp_path / "d.json").write_text(json.dumps(records, indent=indent) + "\n", encoding="utf-8")
    result = run("check", "d.json", "-g", str(guideline), "--fix", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "Checked 2 records in 1 file: 0 violations" in result.stdout
    assert "Note: 2 violations fixed" in result.stdout
    assert "Nimbus Basic" not in (tmp_path / "d.json").read_text(encoding="utf-8")
