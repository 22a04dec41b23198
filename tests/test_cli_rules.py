"""``guidelint rules list|explain|test``, run as a user runs them (a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from guidelint.guideline import bundled_names, load_guideline

ROOT = Path(__file__).resolve().parent.parent

WRONG = """\
name: wrong
rules:
  - id: no-alpha
    check: phrase
    phrases: [alpha]
    description: No alpha.
    examples:
      bad: [beta, alpha]
      good: [alpha here, fine]
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "GUIDELINT_DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-m", "guidelint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    return result


# -- rules test ---------------------------------------------------------------------------------


def test_rules_test_passes_on_every_bundled_guideline(tmp_path: Path) -> None:
    guidelines = [*bundled_names(), str(ROOT / "examples" / "guideline.yaml")]
    result = run("rules", "test", *guidelines, cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "FAIL" not in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].endswith(" passed, 0 failed")
    assert "ok    ai-identity-disclaimer bad #1" in result.stdout


def test_rules_test_defaults_to_customer_support(tmp_path: Path) -> None:
    result = run("rules", "test", "--quiet", cwd=tmp_path)
    assert result.returncode == 0
    total = sum(
        len(r.examples.good) + len(r.examples.bad) for r in load_guideline("customer-support").rules
    )
    assert result.stdout == f"\n{total} passed, 0 failed\n"


def test_rules_test_reports_a_wrong_example(tmp_path: Path) -> None:
    (tmp_path / "wrong.yaml").write_text(WRONG, encoding="utf-8")
    result = run("rules", "test", "wrong.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "FAIL  no-alpha bad #1: bad example was not flagged",
        "      example: beta",
        "ok    no-alpha bad #2",
        "FAIL  no-alpha good #1: good example was flagged: banned phrase 'alpha'",
        "      example: alpha here",
        "ok    no-alpha good #2",
        "",
        "2 passed, 2 failed",
    ]
    quiet = run("rules", "test", "wrong.yaml", "-q", cwd=tmp_path)
    assert quiet.returncode == 1
    assert "ok " not in quiet.stdout and quiet.stdout.count("FAIL") == 2


def test_rules_test_says_a_failing_example_was_inherited(tmp_path: Path) -> None:
    """An override that narrows a rule fails the examples written for the rule it
    overrides; they were reported as if written for the override."""
    (tmp_path / "base.yaml").write_text(
        "name: base\nrules:\n  - id: no-alpha\n    check: phrase\n    phrases: [alpha, beta]\n"
        "    examples:\n      bad:\n        - alpha\n        - beta\n",
        encoding="utf-8",
    )
    (tmp_path / "house.yaml").write_text(
        "name: house\nextends: base.yaml\nrules:\n  - id: no-alpha\n    phrases: [alpha]\n",
        encoding="utf-8",
    )
    result = run("rules", "test", "-q", "house.yaml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "FAIL  no-alpha bad #2: bad example was not flagged",
        "      example: beta",
        "      (inherited: written at base.yaml:9:11)",  # (the example's own line)
    ]
    assert "give the override `examples:` of its own" in lines[-1]
    own = run("rules", "test", "-q", "base.yaml", cwd=tmp_path)
    assert own.returncode == 0 and "inherited" not in own.stdout


def test_rules_test_invalid_guideline_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: r1\n    check: phrse\n", encoding="utf-8")
    result = run("rules", "test", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("guidelint: error: bad.yaml:3:12: rule 'r1': unknown check")
    assert "did you mean 'phrase'?" in result.stderr


@pytest.mark.parametrize(
    "command", [("rules", "test", "empty.yaml"), ("check", "d.jsonl", "-g", "empty.yaml")]
)
def test_a_guideline_without_rules_exits_2(tmp_path: Path, command: tuple[str, ...]) -> None:
    # it used to say "0 passed, 0 failed" and "0 violations", exit 0
    (tmp_path / "empty.yaml").write_text("rules: []\n", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text('{"instruction": "hi there", "response": "alpha"}\n')
    result = run(*command, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "guidelint: error: empty.yaml:1:8: guideline 'empty' has no rules, so it checks nothing\n"
        "  hint: add rules under `rules:` (see docs/guidelines.md), or start from a bundled "
        "guideline with `extends: customer-support`\n"
    )


# -- rules list ---------------------------------------------------------------------------------


def test_rules_list(tmp_path: Path) -> None:
    result = run("rules", "list", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    guideline = load_guideline("customer-support")
    assert lines[0] == f"customer-support 1.0: {len(guideline.rules)} rules"
    assert lines[1].split() == ["ID", "CHECK", "SEVERITY", "TAGS", "DESCRIPTION"]
    assert [line.split()[0] for line in lines[2:]] == [r.id for r in guideline.rules]
    row = next(line for line in lines if line.startswith("response-length "))
    assert row.split()[1:4] == ["length", "warning", "length"]


def test_rules_list_of_a_file(tmp_path: Path) -> None:
    (tmp_path / "wrong.yaml").write_text(WRONG, encoding="utf-8")
    result = run("rules", "list", "--guideline", "wrong.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "wrong: 1 rule"
    assert result.stdout.splitlines()[2].split() == ["no-alpha", "phrase", "error", "No", "alpha."]


def test_rules_commands_use_the_project_configurations_guideline(tmp_path: Path) -> None:
    (tmp_path / "wrong.yaml").write_text(WRONG, encoding="utf-8")
    (tmp_path / "guidelint.yaml").write_text("guideline: wrong.yaml\n", encoding="utf-8")
    below = tmp_path / "data" / "batch"
    below.mkdir(parents=True)
    listed = run("rules", "list", cwd=below)
    assert listed.stdout.splitlines()[0] == "wrong: 1 rule"
    explained = run("rules", "explain", "no-alpha", cwd=below)
    assert explained.returncode == 0
    assert explained.stdout.startswith("no-alpha  (phrase, error)")
    tested = run("rules", "test", cwd=below)  # its examples are wrong on purpose
    assert tested.returncode == 1
    assert "FAIL  no-alpha bad #1" in tested.stdout
    named = run("rules", "list", "--guideline", "llm-boilerplate", cwd=below)
    assert named.stdout.startswith("llm-boilerplate")
    ignored = run("rules", "explain", "response-length", cwd=below)
    assert ignored.returncode == 2
    assert "guideline 'wrong' has no rule 'response-length'" in ignored.stderr


# -- rules explain ------------------------------------------------------------------------------


def test_rules_explain(tmp_path: Path) -> None:
    result = run("rules", "explain", "response-length", cwd=tmp_path)
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("response-length  (length, warning)\n  defined at ")
    assert "customer-support.yaml:20:5" in out.splitlines()[1]
    for part in [
        "  tags: length\n",
        "  applies to: response\n",
        "Sufficient but not excessive: 100-300 words is optimal.",
        "options:\n",
        "  unit: words    (words | characters | sentences | paragraphs, default words)\n",
        "  min: 30    (integer >= 0 or null, default null)\n",
        "  max: 500    (integer >= 0 or null, default null)\n",
        "  optimal: {min: 100, max: 300}    ({min, max} or null, default null)\n",
        "  optimal_severity: info    (info | warning | error, default info)\n",
        "good examples:\n",
        "bad examples:\n  - Go to Settings and click Reset.\n"
        "    why: Six words cannot be a complete, empathetic answer.\n",
    ]:
        assert part in out


def test_rules_explain_shows_when_and_instruction_examples(tmp_path: Path) -> None:
    out = run("rules", "explain", "no-lists-in-simple-responses", cwd=tmp_path).stdout
    assert "  when: $request is simple\n" in out
    assert "  record: {category: simple}\n" in out
    out = run("rules", "explain", "no-repeated-question", cwd=tmp_path).stdout
    assert "  instruction: How do I change the email address on my account?\n" in out


def test_rules_explain_of_an_inherited_rule_in_the_example_guideline(tmp_path: Path) -> None:
    guideline = str(ROOT / "examples" / "guideline.yaml")
    result = run("rules", "explain", "response-length", "-g", guideline, cwd=tmp_path)
    assert result.returncode == 0
    assert "  optimal_severity: warning    (" in result.stdout  # the override


def test_rules_explain_shows_options_as_written_in_yaml() -> None:
    # types and values were Python's: "guidelint.checks.length.OptimalRange | None",
    # "<Severity.INFO: 'info'>", "'words'"
    from guidelint.checks import REGISTRY, check_class
    from guidelint.checks.base import options_doc

    for name in REGISTRY:
        for option, kind, default in options_doc(check_class(name).Options):
            for python in ("typing", "guidelint.", "<", "Optional", "Literal", "None", "'"):
                assert python not in kind, (name, option, kind)
            for python in ("<", "None", "True", "False", "(", "Severity"):
                assert python not in default, (name, option, default)
    rows = {row[0]: row[1:] for row in options_doc(check_class("duplicates").Options)}
    assert rows["near_duplicates"] == ("{threshold, shingle, num_perm, seed} or null", "null")
    assert rows["roles"] == ("list of text", "[response]")
    rows = {row[0]: row[1:] for row in options_doc(check_class("repeated_question").Options)}
    assert rows["similarity"] == ("number from 0 to 1", "0.8")
    assert rows["report"] == (
        "list of (echo | restatement | announced | lead-in | filler)",
        "[echo, restatement, announced, lead-in, filler]",
    )
    rows = {row[0]: row[1:] for row in options_doc(check_class("substitution").Options)}
    assert rows["terms"] == ("mapping of text to text", "required")
    assert rows["case_sensitive"] == ("true or false", "false")


@pytest.mark.parametrize(
    ("rule_id", "hint"),
    [
        ("response-lenght", "did you mean 'response-length'?"),
        ("zzz", "see `guidelint rules list`"),
    ],
)
def test_rules_explain_unknown_id(tmp_path: Path, rule_id: str, hint: str) -> None:
    result = run("rules", "explain", rule_id, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"guidelint: error: guideline 'customer-support' has no rule '{rule_id}'\n  hint: {hint}\n"
    )


def test_rules_without_an_action_exits_2(tmp_path: Path) -> None:
    result = run("rules", cwd=tmp_path)
    assert result.returncode == 2
    assert "the following arguments are required: ACTION" in result.stderr
