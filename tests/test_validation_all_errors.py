"""Every validation error of a guideline or configuration is reported in one run, as
yamllint and ruff do (issue: four mistakes took four edit-and-run rounds), in the order
of the files' lines, and a misspelled override id gets a "did you mean"."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run, write_jsonl
from guidelint.errors import GuidelineError, UsageError
from guidelint.guideline import load_guideline

FOUR_MISTAKES = """\
name: four
extends: customer-support
rules:
  - id: Bad_ID
    check: phrase
    phrases: [hello]
  - id: bad-regex
    check: phrase
    patterns: ["(unclosed"]
  - id: min-max
    check: length
    min: 300
    max: 10
  - id: crit
    check: phrase
    phrases: [x]
    severity: critical
  - id: response-lenght
    optimal_severity: warning
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_mistake_of_a_guideline_at_once(here: Path) -> None:
    (here / "g.yaml").write_text(FOUR_MISTAKES, encoding="utf-8")
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    found = [(e.location, e.message) for e in info.value.each()]
    assert found == [
        ("g.yaml:4:9", "rule 'Bad_ID': `id`: rule id 'Bad_ID' must be kebab-case, e.g. 'bad-id'"),
        (
            "g.yaml:7:5",
            "rule 'bad-regex': patterns entry '(unclosed' is not a valid regular expression: "
            "missing ) at position 9",
        ),
        ("g.yaml:10:5", "rule 'min-max': min (300) is greater than max (10)"),
        (
            "g.yaml:17:15",
            "rule 'crit': `severity`: unknown severity 'critical' (one of error, warning, info)",
        ),
        ("g.yaml:18:9", "rule 'response-lenght' has no `check` and overrides no inherited rule"),
    ]
    hint = info.value.each()[-1].hint or ""
    assert hint.startswith("did you mean 'response-length' (an inherited rule)?")


def test_the_cli_prints_each_error_and_how_many(here: Path) -> None:
    (here / "g.yaml").write_text(FOUR_MISTAKES, encoding="utf-8")
    write_jsonl(here / "d.jsonl", {"instruction": "Hi?", "response": "Hello."})
    result = run("check", "d.jsonl", "-g", "g.yaml", cwd=here)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    errors = [line for line in lines if line.startswith("guidelint: error: ")]
    assert [line.split(" ")[2] for line in errors] == [
        "g.yaml:4:9:",
        "g.yaml:7:5:",
        "g.yaml:10:5:",
        "g.yaml:17:15:",
        "g.yaml:18:9:",
    ]
    assert "  hint: did you mean 'response-length' (an inherited rule)?" in result.stderr
    assert lines[-1] == "guidelint: 5 errors in guideline g.yaml"
    assert "Traceback" not in result.stderr


def test_errors_of_several_keys_of_one_rule_and_of_an_extended_file(here: Path) -> None:
    (here / "base.yaml").write_text(
        "rules:\n  - id: base-rule\n    check: phrase\n    phrases: [a]\n    severty: info\n",
        encoding="utf-8",
    )
    (here / "g.yaml").write_text(
        "extends: base.yaml\nnmae: x\nrules:\n"
        "  - id: r1\n    check: length\n    min: -1\n    maximum: 3\n    severity: loud\n"
        "  - id: r2\n    check: nosuchcheck\n",
        encoding="utf-8",
    )
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    found = [(e.location, e.message, e.hint) for e in info.value.each()]
    places = [location for location, _, _ in found]
    assert places[0] == "base.yaml:5:5"
    assert set(places[1:]) >= {"g.yaml:2:1", "g.yaml:7:5", "g.yaml:8:15", "g.yaml:10:12"}
    assert ("g.yaml:2:1", "unknown guideline key 'nmae'", "did you mean 'name'?") in found
    assert any(hint == "did you mean 'max'?" for _, _, hint in found)


def test_an_override_of_a_misspelled_rule_id_gets_a_did_you_mean(here: Path) -> None:
    (here / "g.yaml").write_text(
        "extends: customer-support\nrules:\n  - id: no-wall-of-txt\n    severity: info\n",
        encoding="utf-8",
    )
    with pytest.raises(GuidelineError) as info:
        load_guideline("g.yaml")
    assert info.value.location == "g.yaml:3:9"
    assert (info.value.hint or "").startswith("did you mean 'no-wall-of-text' (an inherited rule)?")


def test_every_mistake_of_a_configuration_at_once(here: Path) -> None:
    (here / "guidelint.yaml").write_text(
        "fail_on: critical\nseverty: {x: info}\nselect: 5\n", encoding="utf-8"
    )
    write_jsonl(here / "d.jsonl", {"instruction": "Hi?", "response": "Hello."})
    result = run("check", "d.jsonl", cwd=here)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert [line.split(" ")[2] for line in errors] == [
        "guidelint.yaml:1:10:",
        "guidelint.yaml:2:1:",
        "guidelint.yaml:3:9:",
    ]
    assert "did you mean 'severity'?" in result.stderr


def test_every_unknown_name_in_a_configuration_at_once(here: Path) -> None:
    from guidelint.run.config import load_config

    (here / "guidelint.yaml").write_text(
        "severity: {no-wall-of-txt: info}\nignore: [stray-whitespace, no-shoutin]\n",
        encoding="utf-8",
    )
    config = load_config(here / "guidelint.yaml")
    guideline = load_guideline("customer-support")
    ids = {r.id for r in guideline.rules}
    with pytest.raises(UsageError) as info:
        config.check_names(ids, ids)
    found = [(e.location, e.hint) for e in info.value.each()]
    assert found == [
        ("guidelint.yaml:1:12", "did you mean 'no-wall-of-text'?"),
        ("guidelint.yaml:2:28", "did you mean 'no-shouting'?"),
    ]
