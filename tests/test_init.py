"""``guidelint init``: a starter configuration and guideline that work as written."""

from __future__ import annotations

from pathlib import Path

from clirun import run, violation_lines, write_jsonl
from guidelint.run.config import load_config


def test_init_writes_a_working_configuration_and_guideline(tmp_path: Path) -> None:
    result = run("init", cwd=tmp_path)
    assert result.returncode == 0
    assert "wrote guidelint.yaml" in result.stdout and "wrote guideline.yaml" in result.stdout
    config = (tmp_path / "guidelint.yaml").read_text(encoding="utf-8")
    assert config.startswith("# guidelint project configuration")
    assert load_config(tmp_path / "guidelint.yaml").values.guideline == "guideline.yaml"

    tested = run("rules", "test", "guideline.yaml", cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout
    assert " 0 failed" in tested.stdout

    write_jsonl(
        tmp_path / "data" / "d.jsonl",
        {
            "instruction": "Which plan?",
            "response": "Your Acme Cloud Classic plan is in the L2 queue.",
        },
    )
    checked = run("check", "d.jsonl", "-q", cwd=tmp_path / "data")
    rules = {line.split(" ")[2] for line in violation_lines(checked.stdout)}
    assert {"house-product-names", "house-no-internal-jargon"} <= rules
    assert checked.returncode == 1


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "guideline.yaml").write_text("name: mine\n", encoding="utf-8")
    result = run("init", cwd=tmp_path)
    assert result.returncode == 2
    assert "guideline.yaml already exists; nothing written" in result.stderr
    assert "hint: pass --force to overwrite" in result.stderr
    assert not (tmp_path / "guidelint.yaml").exists()
    assert (tmp_path / "guideline.yaml").read_text(encoding="utf-8") == "name: mine\n"

    assert run("init", "--force", cwd=tmp_path).returncode == 0
    assert "extends: customer-support" in (tmp_path / "guideline.yaml").read_text(encoding="utf-8")


def test_init_into_a_directory(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    assert run("init", "repo", cwd=tmp_path).returncode == 0
    assert (tmp_path / "repo" / "guidelint.yaml").is_file()
    assert run("init", "missing", cwd=tmp_path).returncode == 2
