"""What is shown of a run: ``--min-severity`` / ``min_severity`` (a display threshold
that leaves exit codes to ``--fail-on``), ``--max-violations`` / ``max_violations``
(a cap with an "N more" note), the summary counting everything; ``--write-baseline``
prints only its line; a record's violations come in the order of their places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clirun import EXAMPLES, run, violation_lines

SUPPORT = str(EXAMPLES / "support.jsonl")
GUIDELINE = str(EXAMPLES / "guideline.yaml")


def check(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = run("check", SUPPORT, "-g", GUIDELINE, "--no-config", *args, cwd=cwd)
    return result.returncode, result.stdout, result.stderr


def test_min_severity_hides_lower_findings_and_counts_them(tmp_path: Path) -> None:
    code, everything, _ = check(cwd=tmp_path)
    code_errors, errors_only, _ = check("--min-severity", "error", cwd=tmp_path)
    shown = violation_lines(errors_only)
    assert shown and all(": error " in line for line in shown)
    assert len(shown) == sum(": error " in line for line in violation_lines(everything))
    summary = [line for line in everything.splitlines() if line.startswith("Checked")]
    assert summary == [line for line in errors_only.splitlines() if line.startswith("Checked")]
    hidden = len(violation_lines(everything)) - len(shown)
    assert f"Note: {hidden} violations below --min-severity error not shown" in errors_only
    assert code == code_errors == 1  # (the exit code is --fail-on's)
    code, _, _ = check("--min-severity", "error", "--fail-on", "warning", cwd=tmp_path)
    assert code == 1


def test_min_severity_does_not_change_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(
        "rules:\n  - id: bang\n    check: phrase\n    phrases: ['!!']\n"
        "    word_boundary: false\n    severity: warning\n",
        encoding="utf-8",
    )
    (tmp_path / "d.jsonl").write_text('{"response": "Hello!!"}\n', encoding="utf-8")
    args = ("check", "d.jsonl", "-g", "g.yaml", "--no-config", "--min-severity", "error")
    result = run(*args, "--fail-on", "warning", cwd=tmp_path)
    assert violation_lines(result.stdout) == []
    assert "1 warning" in result.stdout
    assert result.returncode == 1  # a warning, not shown, still fails the run
    assert run(*args, cwd=tmp_path).returncode == 0


def test_max_violations_caps_what_is_shown_with_an_n_more_note(tmp_path: Path) -> None:
    _, everything, _ = check(cwd=tmp_path)
    total = len(violation_lines(everything))
    code, capped, _ = check("--max-violations", "3", cwd=tmp_path)
    # the most severe first (errors, then warnings, then infos; the first found among
    # equals), shown in the order they were found
    ranked = sorted(
        violation_lines(everything),
        key=lambda line: [" error ", " warning ", " info "].index(_severity(line)),
    )
    chosen = set(ranked[:3])
    assert violation_lines(capped) == [v for v in violation_lines(everything) if v in chosen]
    assert f"Note: {total - 3} more violations not shown (--max-violations 3)" in capped
    assert f"{total} violations" in capped  # (the summary counts everything)
    assert code == 1
    _, none, _ = check("--max-violations", "0", "--format", "json", cwd=tmp_path)
    report = json.loads(none)
    assert report["violations"] == []
    assert report["summary"]["violations"] == total
    assert report["summary"]["notes"] == {"more violations not shown (--max-violations 0)": total}
    result = run("check", SUPPORT, "--max-violations", "-1", cwd=tmp_path)
    assert result.returncode == 2 and "at least 0" in result.stderr


def _severity(line: str) -> str:
    return next(s for s in (" error ", " warning ", " info ") if s in line)


def test_max_violations_shows_errors_before_what_was_found_earlier(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(
        "rules:\n"
        "  - id: minor\n    check: phrase\n    phrases: [minor]\n    severity: info\n"
        "  - id: bad\n    check: phrase\n    phrases: [bad]\n    severity: error\n"
        "  - id: meh\n    check: phrase\n    phrases: [meh]\n    severity: warning\n",
        encoding="utf-8",
    )
    lines = ["minor minor", "meh", "minor", "bad", "meh", "bad", "bad"]
    (tmp_path / "d.jsonl").write_text(
        "".join(json.dumps({"response": text}) + "\n" for text in lines), encoding="utf-8"
    )
    args = ("check", "d.jsonl", "-g", "g.yaml", "--no-config", "--max-violations")
    shown = [
        line.split(": ", 1)[0] for line in violation_lines(run(*args, "2", cwd=tmp_path).stdout)
    ]
    assert shown == ["d.jsonl:4:1", "d.jsonl:6:1"]  # the first two errors, not lines 1-2
    result = run(*args, "4", cwd=tmp_path)
    shown = [line.split(": ", 1)[0] for line in violation_lines(result.stdout)]
    assert shown == ["d.jsonl:2:1", "d.jsonl:4:1", "d.jsonl:6:1", "d.jsonl:7:1"]
    assert "Note: 4 more violations not shown (--max-violations 4)" in result.stdout
    assert result.returncode == 1


def test_the_configuration_sets_both(tmp_path: Path) -> None:
    (tmp_path / "guidelint.yaml").write_text(
        f"guideline: {GUIDELINE}\nmin_severity: warning\nmax_violations: 2\n", encoding="utf-8"
    )
    data = tmp_path / "support.jsonl"
    data.write_bytes(Path(SUPPORT).read_bytes())
    result = run("check", "support.jsonl", cwd=tmp_path)
    lines = violation_lines(result.stdout)
    assert len(lines) == 2 and all(": info " not in line for line in lines)
    assert "more violations not shown (--max-violations 2)" in result.stdout
    # the command line wins
    result = run("check", "support.jsonl", "--min-severity", "error", cwd=tmp_path)
    assert all(": error " in line for line in violation_lines(result.stdout))
    (tmp_path / "guidelint.yaml").write_text("min_severity: critical\n", encoding="utf-8")
    result = run("check", "support.jsonl", cwd=tmp_path)
    assert result.returncode == 2 and "min_severity" in result.stderr


def test_write_baseline_prints_only_its_line(tmp_path: Path) -> None:
    code, out, err = check("--write-baseline", "b.json", cwd=tmp_path)
    assert code == 0
    assert out == ""
    assert err.startswith("guidelint: wrote baseline b.json: ")
    assert (tmp_path / "b.json").is_file()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_records_violations_are_in_column_order(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "g.yaml").write_text(
        "rules:\n"
        "  - id: late-word\n    check: phrase\n    phrases: [zebra]\n"
        "  - id: early-word\n    check: phrase\n    phrases: [apple]\n"
        "  - id: middle-word\n    check: phrase\n    phrases: [mango]\n",
        encoding="utf-8",
    )
    (tmp_path / "d.jsonl").write_text(
        '{"instruction": "zebra apple?", "response": "apple then mango then zebra"}\n'
        '{"instruction": "x", "response": "zebra apple"}\n',
        encoding="utf-8",
    )
    result = run("check", "d.jsonl", "-g", "g.yaml", "--no-config", "--format", fmt, cwd=tmp_path)
    if fmt == "json":
        found = [
            (v["line"], v["column"], v["rule"]) for v in json.loads(result.stdout)["violations"]
        ]
    else:
        found = [
            (int(line.split(":")[1]), int(line.split(":")[2]), line.split(" ")[2])
            for line in violation_lines(result.stdout)
        ]
    assert found == [
        (1, 1, "early-word"),
        (1, 12, "middle-word"),
        (1, 23, "late-word"),
        (2, 1, "late-word"),
        (2, 7, "early-word"),
    ]
