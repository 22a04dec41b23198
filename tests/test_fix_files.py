"""What ``--fix`` does with files it should not simply rewrite: read-only files and
files with other hard links are refused with a reason (issue: both were rewritten
without a word, the hard links split), and the temporary file of a killed fix is
recognised as a leftover (and removed by the next run: tests/test_interrupts.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import run
from guidelint.errors import InputError
from guidelint.model import Fix, Severity, Violation
from guidelint.run.fixes import fix_file
from guidelint.run.leftovers import TEMP_SUFFIX, leftovers, remove_leftovers

BEFORE = '{"response": "Use Nimbus Basic."}\n'
AFTER = '{"response": "Use Nimbus Starter."}\n'


def nimbus(path: Path) -> Violation:
    return Violation(
        path=str(path),
        line=1,
        column=5,
        field="response",
        span=(4, 16),
        rule="outdated-product-info",
        check="substitution",
        severity=Severity.ERROR,
        message="outdated",
        excerpt=("Use ", "Nimbus Basic", "."),
        fix=Fix(4, 16, "Nimbus Starter", safe=True),
    )


def test_a_read_only_file_is_not_fixed(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(BEFORE, encoding="utf-8")
    data.chmod(0o444)
    with pytest.raises(InputError) as info:
        fix_file(str(data), [nimbus(data)], write=True)
    assert "read-only" in info.value.message
    assert "chmod u+w" in (info.value.hint or "")
    assert data.read_text(encoding="utf-8") == BEFORE
    assert data.stat().st_mode & 0o777 == 0o444
    assert list(tmp_path.iterdir()) == [data]  # (no temporary file left)
    # --diff only shows: a read-only file can be diffed
    shown = fix_file(str(data), [nimbus(data)], write=False)
    assert '+{"response": "Use Nimbus Starter."}' in shown.diff


def test_the_cli_reports_a_read_only_file_and_its_violations(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(BEFORE, encoding="utf-8")
    data.chmod(0o444)
    result = run("check", "d.jsonl", "--fix", "--no-config", cwd=tmp_path)
    assert result.returncode == 2
    assert "guidelint: error: d.jsonl: the file is read-only: not fixed" in result.stderr
    assert "outdated-product-info" in result.stdout  # still reported
    assert data.read_text(encoding="utf-8") == BEFORE


def test_a_file_with_other_hard_links_is_not_fixed(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(BEFORE, encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    os.link(data, cache / "ab12")
    with pytest.raises(InputError) as info:
        fix_file(str(data), [nimbus(data)], write=True)
    assert info.value.message.startswith("the file has 1 other hard link: not fixed")
    assert "dvc unprotect" in (info.value.hint or "")
    assert data.read_text(encoding="utf-8") == BEFORE
    assert (cache / "ab12").read_text(encoding="utf-8") == BEFORE
    assert os.stat(data).st_ino == os.stat(cache / "ab12").st_ino  # still one file
    # once it is a file of its own, it is fixed
    (cache / "ab12").unlink()
    assert len(fix_file(str(data), [nimbus(data)], write=True).fixed) == 1
    assert data.read_text(encoding="utf-8") == AFTER


def test_a_symbolic_link_to_a_read_only_target_is_not_fixed(tmp_path: Path) -> None:
    """git-annex: the link points into the annex, whose objects are read-only."""
    store = tmp_path / ".git" / "annex" / "objects"
    store.mkdir(parents=True)
    target = store / "SHA256E-s35--x.jsonl"
    target.write_text(BEFORE, encoding="utf-8")
    target.chmod(0o444)
    link = tmp_path / "d.jsonl"
    link.symlink_to(target)
    with pytest.raises(InputError) as info:
        fix_file(str(link), [nimbus(link)], write=True)
    assert "read-only" in info.value.message and "git annex unlock" in (info.value.hint or "")
    assert target.read_text(encoding="utf-8") == BEFORE


def test_temporary_files_of_dead_runs_are_leftovers(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(BEFORE, encoding="utf-8")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    gone = tmp_path / f".d.jsonl.{dead.stdout.strip()}.k3j2{TEMP_SUFFIX}"
    gone.write_bytes(b"x" * 1000)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy = tmp_path / f".d.jsonl.{sleeper.pid}.a9b8{TEMP_SUFFIX}"
        busy.write_bytes(b"y")
        other = tmp_path / f".e.jsonl.{dead.stdout.strip()}.zz{TEMP_SUFFIX}"
        other.write_bytes(b"z")
        assert leftovers(str(data)) == [gone]  # (not a live run's, not another file's)
        assert remove_leftovers(str(data)) == [str(gone)]
        assert not gone.exists() and busy.exists() and other.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_the_temporary_file_names_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(BEFORE, encoding="utf-8")
    seen = []
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        seen.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    fix_file(str(data), [nimbus(data)], write=True)
    [name] = seen
    assert name.startswith(f".d.jsonl.{os.getpid()}.") and name.endswith(TEMP_SUFFIX)
