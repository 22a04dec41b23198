"""``guidelint.run``: the check run of ``guidelint check`` from Python, with its powers
(baselines, per-path overrides, fixes, the exit status) and no command line."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from clirun import EXAMPLES, ROOT, clean_env, run
from guidelint import check_file
from guidelint.errors import UsageError
from guidelint.run import CheckOptions, Collect, SingleText, run_check
from guidelint.run.config import load_config


@pytest.fixture
def support(tmp_path: Path) -> Path:
    data = tmp_path / "support.jsonl"
    shutil.copy(EXAMPLES / "support.jsonl", data)
    return data


def _keys(violations: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(v["line"], v["column"], v["rule"], v["severity"]) for v in violations]


def test_run_check_reports_what_the_command_reports(support: Path) -> None:
    found = Collect()
    result = run_check(CheckOptions(paths=[str(support)], use_config=False), found)

    cli = run("check", "support.jsonl", "--format", "json", "--no-config", cwd=support.parent)
    report = json.loads(cli.stdout)
    assert found.violations, "the example dataset has violations"
    assert [(v.line, v.column, v.rule, v.severity.value) for v in found.violations] == _keys(
        report["violations"]
    )
    assert result.exit_code == cli.returncode == 1
    assert found.summary is result.summary and result.summary.records == 15
    assert found.context is not None and found.context.guideline == "customer-support"
    assert result.headline.startswith("Checked 15 records in 1 file: ")


def test_a_baseline_written_by_the_api_hides_every_known_violation(support: Path) -> None:
    baseline = support.parent / "baseline.json"
    err = io.StringIO()
    first = run_check(
        CheckOptions(paths=[str(support)], write_baseline=str(baseline), use_config=False),
        Collect(),
        err=err,
    )
    assert first.exit_code == 0 and "wrote baseline" in err.getvalue()

    again = Collect()
    second = run_check(
        CheckOptions(paths=[str(support)], baseline=str(baseline), use_config=False), again
    )
    assert again.violations == [] and second.exit_code == 0


def test_per_path_overrides_of_a_config_given_as_an_object(support: Path) -> None:
    config_file = support.parent / "guidelint.yaml"
    config_file.write_text(
        'per_path:\n  "support.jsonl":\n    severity: {outdated-product-info: info}\n'
        "    ignore: [ai-identity-disclaimer]\n",
        encoding="utf-8",
    )
    plain, overridden = Collect(), Collect()
    run_check(CheckOptions(paths=[str(support)], use_config=False), plain)
    run_check(CheckOptions(paths=[str(support)], config=load_config(config_file)), overridden)

    rules = {v.rule: v.severity.value for v in overridden.violations}
    assert "ai-identity-disclaimer" in {v.rule for v in plain.violations}
    assert "ai-identity-disclaimer" not in rules
    assert rules["outdated-product-info"] == "info"


def test_fixes_from_the_api_rewrite_the_file_and_are_not_reported(support: Path) -> None:
    before = support.read_bytes()
    found = Collect()
    result = run_check(CheckOptions(paths=[str(support)], fix=True, use_config=False), found)

    assert support.read_bytes() == before.replace(b"Nimbus Basic", b"Nimbus Starter")
    assert result.fixed == 1 and result.files_fixed == 1
    assert "outdated-product-info" not in {v.rule for v in found.violations}


def test_diff_goes_to_the_given_stream_and_changes_nothing(support: Path) -> None:
    before = support.read_bytes()
    out = io.StringIO()
    result = run_check(
        CheckOptions(paths=[str(support)], diff=True, use_config=False), Collect(), out=out
    )
    assert support.read_bytes() == before
    assert "-" in out.getvalue() and "+" in out.getvalue() and "Nimbus Starter" in out.getvalue()
    assert result.exit_code == 1


def test_a_single_text_with_its_instruction_and_fields() -> None:
    found = Collect()
    result = run_check(
        CheckOptions(
            text=SingleText("As an AI language model, I cannot help.", fields=[("lang", "en")]),
            use_config=False,
        ),
        found,
    )
    assert [(v.path, v.line) for v in found.violations][:1] == [("<stdin>", 1)]
    assert "ai-identity-disclaimer" in {v.rule for v in found.violations}
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (CheckOptions(), "give at least one PATH"),
        (CheckOptions(paths=["a.jsonl"], jobs=0), "at least 1"),
        (CheckOptions(paths=["-"], fix=True), "cannot fix standard input"),
        (
            CheckOptions(paths=["a.jsonl"], write_baseline="b.json", changed_since="HEAD"),
            "--write-baseline records a whole run",
        ),
        (CheckOptions(paths=["a.jsonl"], unsafe_fixes=True), "goes with --fix or --diff"),
    ],
)
def test_settings_that_do_not_go_together_are_refused(options: CheckOptions, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        run_check(options, Collect())


def test_the_run_never_loads_the_command_line(support: Path) -> None:
    code = (
        "import sys\n"
        "from guidelint.run import CheckOptions, Collect, run_check\n"
        f"run_check(CheckOptions(paths=[{str(support)!r}], use_config=False), Collect())\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('guidelint.cli') "
        "or m == 'argparse')\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=clean_env(),
    )
    assert result.stdout.strip() == "[]"


def test_the_readme_example_runs(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("from guidelint.run import CheckOptions, Collect, run_check")
    code = readme[start : readme.index("```", start)]
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLES / "support.jsonl", tmp_path / "examples" / "support.jsonl")
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        env=clean_env(),
    )
    assert "outdated-product-info" not in result.stdout  # fixable, so not reported
    assert "- exit status 1 - 1 fixed" in result.stdout
    assert "+" in result.stdout and "Nimbus Starter" in result.stdout  # the diff
    # (it shows the fix: the bundled example a newcomer runs it on is not rewritten)
    assert (tmp_path / "examples" / "support.jsonl").read_bytes() == (
        EXAMPLES / "support.jsonl"
    ).read_bytes()


def test_the_readme_linter_example_gives_what_check_file_gives(tmp_path: Path) -> None:
    """The README's loop over a Linter left out finish(): every duplicate and max_rate
    verdict of a dataset rule was missing from what the command line reports."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("from itertools import chain")
    code = readme[start : readme.index("```", start)].replace(
        "customer-support", "annotation-types"
    )
    data = tmp_path / "data.jsonl"
    data.write_bytes((EXAMPLES / "support.jsonl").read_bytes() * 2)  # every record twice
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True,
        env=clean_env(),
    )  # fmt: skip
    expected = list(check_file(data, "annotation-types"))
    assert any(v.rule == "duplicate-response" for v in expected)
    assert len(result.stdout.splitlines()) == len(expected)


class _Tallying(Collect):
    """A reporter that also hears of the violations it is not shown."""

    def __init__(self) -> None:
        super().__init__()
        self.unshown: list[object] = []

    def counted(self, violation: object) -> None:
        self.unshown.append(violation)


@pytest.mark.parametrize(
    ("options", "shown"),
    [({"max_violations": 3}, 3), ({"min_severity": "error"}, None), ({}, None)],
)
def test_a_reporter_may_hear_of_every_violation_it_is_not_shown(
    support: Path, options: dict[str, object], shown: int | None
) -> None:
    every = Collect()
    run_check(CheckOptions(paths=[str(support)], use_config=False), every)
    found = _Tallying()
    run_check(CheckOptions(paths=[str(support)], use_config=False, **options), found)  # type: ignore[arg-type]
    if shown is not None:
        assert len(found.violations) == shown
    if "min_severity" in options:
        assert {v.severity.value for v in found.violations} == {"error"}
    assert sorted(map(repr, found.violations + found.unshown)) == sorted(
        map(repr, every.violations)
    )
    assert bool(found.unshown) == bool(options)


def test_the_html_tallies_count_violations_not_shown_in_every_table() -> None:
    from guidelint.model import Severity, Violation
    from guidelint.reporters.html.tallies import Tallies

    def at(line: int, rule: str) -> Violation:
        return Violation("d.jsonl", line, 1, "response", (0, 1), rule, "phrase", Severity.INFO, "m")

    shown, partly = Tallies(), Tallies()
    for i, v in enumerate([at(1, "r"), at(2, "r"), at(2, "s"), at(3, "r")]):
        shown.violation(v)
        partly.violation(v, shown=i < 1)
    assert partly.rules["r"].records == shown.rules["r"].records == 3
    assert partly.breaking == shown.breaking
    assert len(partly.rules["r"].sample) == 1 and len(shown.rules["r"].sample) == 3


def test_the_html_tallies_keep_every_rate_verdict_after_many_duplicates() -> None:
    from guidelint.model import Severity, Violation
    from guidelint.reporters.html.tallies import DATASET_SAMPLE, Tallies

    tallies = Tallies()
    tallies.dataset_rules = frozenset({"dup"})
    tallies.rate_rules = frozenset({"r"})
    for k in range(DATASET_SAMPLE + 10):
        tallies.violation(
            Violation("d.jsonl", k + 1, 1, "", (0, 0), "dup", "dup", Severity.INFO, "m")
        )
    verdict = Violation("d.jsonl", 0, 0, "", (0, 0), "r", "phrase", Severity.ERROR, "3% > 1%")
    tallies.violation(verdict)
    assert tallies.rate_verdicts == [verdict]
    assert len(tallies.dataset_findings) == DATASET_SAMPLE
    assert tallies.dataset_total == DATASET_SAMPLE + 11


def test_the_html_tallies_count_records_of_a_live_project_as_records() -> None:
    from guidelint.model import Severity, Violation
    from guidelint.reporters.html.tallies import Tallies

    tallies = Tallies()
    tallies.rate_rules = frozenset({"r"})
    for k in range(60):  # (a live Label Studio project's records are at line 0, with a key)
        at = Violation(
            "http://ls/projects/1", 0, 1, "response", (0, 1), "r", "phrase", Severity.INFO, "m"
        )
        tallies.violation(replace(at, record_key=f"task {k}"))
    assert tallies.rules["r"].records == 60 and tallies.rate_verdicts == []
    assert tallies.dataset_total == 0
