"""The project configuration: found by walking up, validated with locations, overridden by flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from clirun import run, violation_lines, write_jsonl
from guidelint.errors import UsageError
from guidelint.run.config import Config, discover, find_config, load_config
from guidelint.run.globs import glob_match

AI = "As an AI language model, I think so!!"  # an error, and a warning (no-repeated-exclamation)
RECORD = {"id": "a", "instruction": "Is it good?", "response": AI}


def rules_found(stdout: str) -> list[str]:
    return sorted(line.split(" ")[2] for line in violation_lines(stdout))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_jsonl(tmp_path / "data" / "train.jsonl", RECORD)
    write_jsonl(tmp_path / "data" / "drafts" / "d.jsonl", RECORD)
    return tmp_path


def test_found_by_walking_up_from_the_checked_files(project: Path) -> None:
    (project / "guidelint.yaml").write_text(
        "guideline: llm-boilerplate\nignore: [ai-identity-disclaimer]\n", encoding="utf-8"
    )
    result = run("check", "train.jsonl", "-q", cwd=project / "data")
    assert rules_found(result.stdout) == []  # llm-boilerplate has no exclamation rule
    assert result.returncode == 0
    # from another directory, the files' own configuration still applies
    elsewhere = project.parent
    result = run("check", str(project / "data" / "train.jsonl"), "-q", cwd=elsewhere)
    assert rules_found(result.stdout) == []


@pytest.mark.parametrize("name", ["guidelint.yaml", ".guidelint.yaml", "pyproject.toml"])
def test_the_three_file_names(project: Path, name: str) -> None:
    if name == "pyproject.toml":
        text = '[project]\nname = "x"\n\n[tool.guidelint]\nselect = ["no-repeated-exclamation"]\n'
    else:
        text = "select: [no-repeated-exclamation]\n"
    (project / name).write_text(text, encoding="utf-8")
    result = run("check", "data/train.jsonl", "-q", cwd=project)
    assert rules_found(result.stdout) == ["no-repeated-exclamation"]
    assert result.returncode == 0  # a warning does not fail the run


def test_nearest_file_wins_and_pyproject_without_table_is_skipped(project: Path) -> None:
    (project / "guidelint.yaml").write_text("select: [no-repeated-exclamation]\n", encoding="utf-8")
    (project / "data" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(project / "data") == project / "guidelint.yaml"
    (project / "data" / ".guidelint.yaml").write_text(
        "select: [ai-identity-disclaimer]\n", encoding="utf-8"
    )
    assert find_config(project / "data") == project / "data" / ".guidelint.yaml"
    assert discover([str(project / "data" / "train.jsonl")]).values.select == [
        "ai-identity-disclaimer"
    ]


def test_settings_and_flags_that_override_them(project: Path) -> None:
    (project / "guidelint.yaml").write_text(
        "fail_on: warning\n"
        "select: no-repeated-exclamation, ai-identity-disclaimer\n"
        "severity: {ai-identity-disclaimer: info}\n",
        encoding="utf-8",
    )
    result = run("check", "data/train.jsonl", "-q", cwd=project)
    assert result.returncode == 1  # fail_on: warning, and the exclamation rule is a warning
    assert "info ai-identity-disclaimer" in result.stdout
    assert run("check", "data/train.jsonl", "--fail-on", "error", cwd=project).returncode == 0
    result = run(
        "check", "data/train.jsonl", "-q", "--select", "ai-identity-disclaimer", cwd=project
    )
    assert rules_found(result.stdout) == ["ai-identity-disclaimer"]
    result = run("check", "data/train.jsonl", "-q", "--no-config", cwd=project)
    assert "error ai-identity-disclaimer" in result.stdout


def test_guideline_and_fields_relative_to_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "team.yaml").write_text(
        "name: team\nrules:\n  - id: no-foo\n    check: phrase\n    phrases: [foo]\n",
        encoding="utf-8",
    )
    (tmp_path / "guidelint.yaml").write_text(
        "guideline: conf/team.yaml\nfields: {response: answer, instruction: question}\n",
        encoding="utf-8",
    )
    write_jsonl(tmp_path / "sub" / "d.jsonl", {"question": "q?", "answer": "foo bar"})
    result = run("check", "d.jsonl", "-q", cwd=tmp_path / "sub")
    assert rules_found(result.stdout) == ["no-foo"]
    assert result.stdout.startswith("d.jsonl:1:1: error no-foo")
    # --config names the file explicitly
    other = tmp_path / "elsewhere.yaml"
    other.write_text("guideline: llm-boilerplate\nfields: {response: answer}\n", encoding="utf-8")
    result = run("check", "d.jsonl", "-q", "--config", str(other), cwd=tmp_path / "sub")
    assert result.returncode == 0 and rules_found(result.stdout) == []


def test_per_path_overrides(project: Path) -> None:
    (project / "guidelint.yaml").write_text(
        "per_path:\n"
        '  "data/drafts/**":\n'
        "    ignore: [no-repeated-exclamation]\n"
        "    severity: {ai-identity-disclaimer: warning}\n"
        '  "train.jsonl":\n'
        "    select: [tone]\n",
        encoding="utf-8",
    )
    result = run("check", "data", "-q", cwd=project)
    lines = violation_lines(result.stdout)
    assert "data/drafts/d.jsonl:1:1: warning ai-identity-disclaimer" in lines
    assert not any(line.startswith("data/drafts/") and "exclamation" in line for line in lines)
    # `select: [tone]` keeps the tone rules (both have the tag) in train.jsonl
    assert sum(line.startswith("data/train.jsonl") for line in lines) == 2


# -- errors ---------------------------------------------------------------------------------------

ERRORS = [
    (
        "guidelint.yaml",
        "guideline: llm-boilerplate\nfail_onn: warning\n",
        "guidelint.yaml:2:1: configuration: unknown key 'fail_onn'",
        "did you mean 'fail_on'?",
    ),
    (
        "guidelint.yaml",
        "fail_on: fatal\n",
        "guidelint.yaml:1:10: configuration: `fail_on`: Input should be",
        None,
    ),
    (
        "guidelint.yaml",
        "severity:\n  respons-length: info\n",
        "guidelint.yaml:2:3: configuration: `severity` names 'respons-length'",
        "did you mean 'response-length'?",
    ),
    (
        "guidelint.yaml",
        "per_path:\n  x: {sellect: [a]}\n",
        "guidelint.yaml:2:7: configuration: unknown key 'per_path.x.sellect'",
        "did you mean 'select'?",
    ),
    (
        "guidelint.yaml",
        "fields: {respose: answer}\n",
        "guidelint.yaml:1:10: configuration: unknown key 'fields.respose'",
        "did you mean 'response'?",
    ),
    (
        "guidelint.yaml",
        "schema: nope\n",
        "guidelint.yaml:1:9: configuration: unknown schema 'nope'",
        None,
    ),
    ("guidelint.yaml", "- a list\n", "guidelint.yaml:1:1: a configuration must be a mapping", None),
    (
        "guidelint.yaml",
        "select: [\n",
        "guidelint.yaml:2:1: invalid YAML",
        "close the '[' or '{', or, if the value is text starting with '[' or '{', put it in quotes",
    ),
    (
        "guidelint.yaml",
        "guideline: team.yaml\n ignore: [a]\n",
        "guidelint.yaml:2:8: invalid YAML: mapping values are not allowed here",
        "check the indentation of line 2",
    ),
    (
        "guidelint.yaml",
        "select: [no-such-rule]\n",
        "guidelint.yaml:1:10: configuration: `select` names 'no-such-rule'",
        None,
    ),
    (
        "pyproject.toml",
        '[tool.guidelint]\nfail_on = "bad"\n',
        "pyproject.toml:1 (tool.guidelint.fail_on): configuration",
        None,
    ),
]


@pytest.mark.parametrize(("name", "text", "message", "hint"), ERRORS)
def test_errors_say_where(
    tmp_path: Path, name: str, text: str, message: str, hint: str | None
) -> None:
    write_jsonl(tmp_path / "d.jsonl", RECORD)
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run("check", "d.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    if hint:
        assert f"hint: {hint}" in result.stderr


def test_the_library_loads_without_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "guidelint.yaml"
    path.write_text(
        "guideline: team.yaml\nignore: a, b\nper_path: {'*.json': {schema: plain}}\n",
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.guideline() == str(tmp_path / "team.yaml")
    assert config.values.ignore == ["a", "b"]
    overrides = config.overrides_for(str(tmp_path / "x" / "y.json"))
    assert overrides is not None and overrides.schema_name == "plain"
    assert config.overrides_for(str(tmp_path / "y.jsonl")) is None
    assert Config().guideline() is None
    with pytest.raises(UsageError):
        load_config(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.jsonl", "a/b/c.jsonl", True),
        ("data/*.jsonl", "data/c.jsonl", True),
        ("data/*.jsonl", "data/x/c.jsonl", False),
        ("data/**/*.jsonl", "data/c.jsonl", True),
        ("data/**", "data/x/y/c.json", True),
        ("drafts/", "a/drafts/c.json", True),
        ("[!x]*.json", "x.json", False),
        ("?.json", "a.json", True),
        ("a.json", "b/a.jsonl", False),
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, path) is matches


def test_a_comma_separated_list_is_located_at_its_string(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", RECORD)
    (tmp_path / "guidelint.yaml").write_text("ignore: no-shouting, no-shoutin\n", encoding="utf-8")
    result = run("check", "d.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert "guidelint.yaml:1:9: configuration: `ignore` names 'no-shoutin'" in result.stderr
    assert "hint: did you mean 'no-shouting'?" in result.stderr


def test_flags_are_checked_too(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", RECORD)
    result = run("check", "d.jsonl", "--ignore", "no-shoutin", cwd=tmp_path)
    assert result.returncode == 2
    assert "--select/--ignore: guideline 'customer-support' has no rule" in result.stderr


def test_every_problem_of_the_configuration_in_one_run(tmp_path: Path) -> None:
    """Wrong keys and values, and names that are no rule of the guideline, together
    (before, the names came only once the keys were right: two runs)."""
    write_jsonl(tmp_path / "d.jsonl", RECORD)
    (tmp_path / "guidelint.yaml").write_text(
        "fail_onn: warning\nfail_on: eror\nignore: [response-lenght]\n"
        "severity: {no-slangg: info}\nfields: {respose: answer}\nfields: {response: r}\n",
        encoding="utf-8",
    )
    result = run("check", "d.jsonl", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    for part in (
        "guidelint.yaml:1:1: configuration: unknown key 'fail_onn'",
        "guidelint.yaml:2:10: configuration: `fail_on`",
        "guidelint.yaml:3:10: configuration: `ignore` names 'response-lenght'",
        "guidelint.yaml:4:12: configuration: `severity` names 'no-slangg'",
        "guidelint.yaml:6:1: duplicate key 'fields'",
        "5 errors in the configuration",
    ):
        assert part in result.stderr, part
    # the library's loader (no rule names to check) still raises at once
    with pytest.raises(UsageError) as info:
        load_config(tmp_path / "guidelint.yaml")
    assert len(info.value.errors) == 3  # (the keys, the value and the duplicate)


def test_the_guideline_line_says_when_the_configuration_names_none(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", RECORD)
    (tmp_path / "guidelint.yaml").write_text("ignore: [response-length]\n", encoding="utf-8")
    result = run("check", "d.jsonl", cwd=tmp_path)
    assert (
        "Guideline: customer-support 1.0 (the default; the configuration guidelint.yaml names none)"
    ) in result.stdout
    (tmp_path / "guidelint.yaml").write_text("guideline: llm-boilerplate\n", encoding="utf-8")
    result = run("check", "d.jsonl", cwd=tmp_path)
    assert "Guideline: llm-boilerplate 1.0 (configuration guidelint.yaml)" in result.stdout
