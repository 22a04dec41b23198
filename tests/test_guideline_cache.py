"""The cache of compiled guidelines (guidelint.guideline.cache): a hit gives what a cold
load gives, anything it was made from changing makes it miss, a damaged entry or an
unwritable directory is never an error, and racing writers leave a whole entry."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import time
from pathlib import Path

import pytest

from clirun import EXAMPLES, run
from guidelint.engine import Linter
from guidelint.guideline import bundled_dir, load_guideline
from guidelint.guideline import cache as guideline_cache
from guidelint.guideline.cache import CompiledChecks, load_cached
from guidelint.run import CheckOptions, Collect, run_check


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own (also for the child processes it starts)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("GUIDELINT_CACHE_DIR", str(folder))
    monkeypatch.delenv("GUIDELINT_NO_CACHE", raising=False)
    return folder


def _entries(folder: Path) -> list[Path]:
    """The entries (not the temporary files of writers)."""
    return sorted(folder.glob("[!.]*.pickle")) if folder.is_dir() else []


def _violations(paths: list[str], guideline: str, *, cache: bool) -> list[object]:
    found = Collect()
    run_check(CheckOptions(paths=paths, guideline=guideline, cache=cache, jobs=1), found)
    return list(found.violations)


def _no_cold_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make loading a guideline from its files fail: what loads now comes from the cache."""

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the guideline was loaded from its files, not the cache")

    monkeypatch.setattr("guidelint.guideline.load_with_sources", refuse)


EXAMPLE_DATA = sorted(str(p) for p in EXAMPLES.glob("*.jsonl"))


@pytest.mark.parametrize(
    "guideline", [str(EXAMPLES / "guideline.yaml"), "customer-support", "annotation-types"]
)
def test_a_hit_reports_what_a_cold_run_reports(
    guideline: str, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = _violations(EXAMPLE_DATA, guideline, cache=False)
    assert _entries(cache) == []  # (cache=False writes nothing)
    first = _violations(EXAMPLE_DATA, guideline, cache=True)  # compiles, writes the entry
    assert len(_entries(cache)) == 1
    _no_cold_load(monkeypatch)
    hit = _violations(EXAMPLE_DATA, guideline, cache=True)
    assert cold  # (the example data breaks rules of every guideline here)
    assert first == cold
    assert hit == cold


def test_a_hit_compiles_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_cached_linter = Linter(load_cached("customer-support"))
    assert load_cached_linter.text_rules
    from guidelint.checks.phrase import PhraseCheck

    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise AssertionError("a phrase rule was compiled again")

    monkeypatch.setattr(PhraseCheck, "__init__", refuse)
    _no_cold_load(monkeypatch)
    again = Linter(load_cached("customer-support"))
    assert [c.rule.id for c in again.text_rules] == [
        c.rule.id for c in load_cached_linter.text_rules
    ]
    # each Linter gets checks of its own (dataset checks keep state)
    assert again.text_rules[0].check is not load_cached_linter.text_rules[0].check


def test_a_guideline_loaded_with_the_cache_equals_one_loaded_without(cache: Path) -> None:
    for name in ("customer-support", "annotation-types", str(EXAMPLES / "guideline.yaml")):
        Linter(load_cached(name))  # written
        hit = load_cached(name)
        assert hit.compiled is not None and hit.compiled.pickles
        assert hit == load_guideline(name)


def _write_pair(folder: Path, phrase: str) -> Path:
    (folder / "base.yaml").write_text(
        f"name: base\nrules:\n  - id: banned\n    check: phrase\n    phrases: ['{phrase}']\n",
        encoding="utf-8",
    )
    main = folder / "main.yaml"
    main.write_text(
        "name: main\nextends: base.yaml\nrules:\n  - id: short\n    check: length\n    min: 3\n",
        encoding="utf-8",
    )
    return main


def _phrases(guideline_path: Path) -> list[str]:
    linter = Linter(load_cached(str(guideline_path)))
    options = linter.guideline.rule("banned").options
    phrases: list[str] = options.phrases  # type: ignore[attr-defined]
    return phrases


def test_a_changed_extended_file_or_the_file_itself_is_loaded_again(
    cache: Path, tmp_path: Path
) -> None:
    main = _write_pair(tmp_path, "as an ai")
    assert _phrases(main) == ["as an ai"]
    assert _phrases(main) == ["as an ai"]  # (a hit)
    (tmp_path / "base.yaml").write_text(
        "name: base\nrules:\n  - id: banned\n    check: phrase\n    phrases: ['certainly']\n",
        encoding="utf-8",
    )
    assert _phrases(main) == ["certainly"]
    main.write_text(
        main.read_text(encoding="utf-8") + "  - id: banned\n    severity: warning\n",
        encoding="utf-8",
    )
    assert load_cached(str(main)).rule("banned").severity.value == "warning"
    assert len(_entries(cache)) == 1  # (one entry per guideline, rewritten)


def test_an_extends_entry_resolving_to_another_file_is_loaded_again(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `extends: base.yaml` is looked for beside the guideline, then in the working
    # directory: a file created beside the guideline later takes over.
    folder = tmp_path / "guidelines"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)
    _write_pair(tmp_path, "as an ai")
    (tmp_path / "main.yaml").rename(folder / "main.yaml")
    main = folder / "main.yaml"
    assert _phrases(main) == ["as an ai"]
    _write_pair(folder, "certainly")
    (folder / "main.yaml").write_text(main.read_text(encoding="utf-8"), encoding="utf-8")
    assert _phrases(main) == ["certainly"]


def test_a_damaged_entry_is_ignored_and_written_again(cache: Path) -> None:
    Linter(load_cached("llm-boilerplate"))
    (entry,) = _entries(cache)
    whole = entry.read_bytes()
    damaged = [
        b"",
        whole[: len(whole) // 2],  # truncated
        whole[:-1] + bytes([whole[-1] ^ 1]),  # one bit flipped
        b"not a cache entry at all",
        guideline_cache.MAGIC + b"\0" * 40,
    ]
    for data in damaged:
        entry.write_bytes(data)
        assert guideline_cache._read(entry) is None
        guideline = load_cached("llm-boilerplate")
        assert guideline == load_guideline("llm-boilerplate")
        Linter(guideline)  # writes the entry again
        assert guideline_cache._read(entry) is not None


def test_an_entry_that_unpickles_badly_is_ignored(cache: Path) -> None:
    Linter(load_cached("llm-boilerplate"))
    (entry,) = _entries(cache)
    found = guideline_cache._read(entry)
    assert found is not None
    # a well-formed entry whose pickles are not what they say (another version's classes)
    bad = {**found, "guideline": b"\x80\x05garbage", "checks": {"refusal-boilerplate": b"x"}}
    guideline_cache._write(entry, bad)
    guideline = load_cached("llm-boilerplate")
    assert guideline == load_guideline("llm-boilerplate")
    store = CompiledChecks({"refusal-boilerplate": pickle.dumps(3)}, entry=None)
    rule = guideline.rule("refusal-boilerplate")
    assert type(store.check(rule)) is rule.check_class  # (compiled: the pickle was no check)


def test_an_entry_of_other_package_versions_is_not_used(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Linter(load_cached("llm-boilerplate"))
    (entry,) = _entries(cache)
    found = guideline_cache._read(entry)
    assert found is not None
    assert "pydantic" in found["packages"]  # (the checks' options are pydantic models)
    guideline_cache._write(entry, {**found, "packages": {**found["packages"], "pydantic": "0.0"}})
    loaded: list[object] = []
    real = guideline_cache._load_and_keep
    monkeypatch.setattr(
        guideline_cache,
        "_load_and_keep",
        lambda *args: loaded.append(args) or real(*args),
    )
    load_cached("llm-boilerplate")
    assert len(loaded) == 1


def test_the_key_follows_guidelints_code_and_data(tmp_path: Path) -> None:
    package = tmp_path / "guidelint"
    (package / "checks").mkdir(parents=True)
    (package / "data").mkdir()
    module = package / "checks" / "phrase.py"
    module.write_text("X = 1\n", encoding="utf-8")
    words = package / "data" / "words.txt.gz"
    words.write_bytes(b"abc")
    before = guideline_cache.fingerprint_of(package)
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "phrase.cpython-311.pyc").write_bytes(b"...")
    assert guideline_cache.fingerprint_of(package) == before  # (bytecode is not code)
    module.write_text("X = 2\n", encoding="utf-8")
    os.utime(module, ns=(1, 1))
    changed = guideline_cache.fingerprint_of(package)
    assert changed != before
    words.write_bytes(b"abcd")
    assert guideline_cache.fingerprint_of(package) != changed


def test_an_entry_writable_by_others_is_not_read(cache: Path) -> None:
    Linter(load_cached("llm-boilerplate"))
    (entry,) = _entries(cache)
    assert entry.stat().st_mode & 0o777 == 0o600
    assert guideline_cache._read(entry) is not None
    entry.chmod(0o666)
    assert guideline_cache._read(entry) is None


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="no O_NOFOLLOW")
def test_an_entry_that_is_a_symbolic_link_is_not_read(cache: Path, tmp_path: Path) -> None:
    Linter(load_cached("llm-boilerplate"))
    (entry,) = _entries(cache)
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)  # (a file of the user's, linked to by someone else)
    entry.symlink_to(elsewhere)
    assert guideline_cache._read(elsewhere) is not None
    assert guideline_cache._read(entry) is None


def test_no_home_directory_is_no_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(guideline_cache, "cache_dir", no_home)
    guideline = load_cached("llm-boilerplate")
    assert guideline.compiled is None
    assert guideline == load_guideline("llm-boilerplate")


def test_selected_rules_are_compiled_and_kept_one_by_one(cache: Path) -> None:
    from guidelint.engine import Selection

    Linter(load_cached("customer-support"), selection=Selection(select=frozenset({"no-shouting"})))
    (entry,) = _entries(cache)
    found = guideline_cache._read(entry)
    assert found is not None and set(found["checks"]) == {"no-shouting"}
    Linter(load_cached("customer-support"))
    found = guideline_cache._read(entry)
    assert found is not None
    assert set(found["checks"]) == {r.id for r in load_guideline("customer-support").rules}


def test_old_entries_are_pruned_and_leftover_temporary_files_removed(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guideline_cache, "MAX_ENTRIES", 3)
    cache.mkdir(mode=0o700)
    leftover = cache / ".tmp-killed.pickle"
    leftover.write_bytes(b"half")
    old = time.time() - 2 * guideline_cache.STALE_TEMP_SECONDS
    os.utime(leftover, (old, old))
    recent = cache / ".tmp-writing-now.pickle"
    recent.write_bytes(b"half")
    stamped: set[Path] = set()
    for i in range(5):
        guideline = tmp_path / f"g{i}.yaml"
        guideline.write_text(
            f"name: g{i}\nrules:\n  - id: short\n    check: length\n    min: {i + 1}\n",
            encoding="utf-8",
        )
        Linter(load_cached(str(guideline)))
        (new,) = set(_entries(cache)) - stamped
        stamp = time.time() - 100 + i  # (distinct times, oldest first)
        os.utime(new, (stamp, stamp))
        stamped.add(new)
    assert len(_entries(cache)) == 3
    assert not leftover.exists()
    assert recent.exists()  # (another process may be writing it)
    for i in (2, 3, 4):  # the most recently used are kept
        kept = load_cached(str(tmp_path / f"g{i}.yaml")).compiled
        assert kept is not None and kept.pickles


def _race(folder: str, barrier: multiprocessing.synchronize.Barrier, rounds: int) -> None:
    os.environ["GUIDELINT_CACHE_DIR"] = folder
    barrier.wait()
    for _ in range(rounds):
        guideline = load_cached("customer-support")
        assert guideline.compiled is not None
        guideline.compiled.added = True  # write the entry every time
        Linter(guideline)


def _read_all_along(folder: str, barrier: multiprocessing.synchronize.Barrier) -> None:
    """Read the entry while others write it: once there, it is always whole."""
    seen = 0
    barrier.wait()
    deadline = time.monotonic() + 120
    while seen < 200:
        assert time.monotonic() < deadline, "the writers wrote no entry"
        entries = list(Path(folder).glob("[!.]*.pickle"))
        if entries:
            assert guideline_cache._read(entries[0]) is not None
            seen += 1


def test_processes_writing_at_once_leave_a_whole_entry(cache: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writers = 3
    barrier = context.Barrier(writers + 1)
    processes = [context.Process(target=_read_all_along, args=(str(cache), barrier))]
    processes += [
        context.Process(target=_race, args=(str(cache), barrier, 8)) for _ in range(writers)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
    assert [p.exitcode for p in processes] == [0] * len(processes)
    (entry,) = _entries(cache)
    assert not list(cache.glob(".tmp-*"))
    assert guideline_cache._read(entry) is not None
    assert load_cached("customer-support") == load_guideline("customer-support")


# -- the command line ---------------------------------------------------------------------------


def _check(tmp_path: Path, *args: str, **env: str) -> dict[str, object]:
    result = run(
        "check", "data.jsonl", "-g", "llm-boilerplate", "--format", "json", *args,
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.fixture
def data(tmp_path: Path) -> Path:
    (tmp_path / "data.jsonl").write_text(
        json.dumps({"instruction": "Hi?", "response": "As an AI language model, I can't."}) + "\n",
        encoding="utf-8",
    )
    return tmp_path


def test_the_command_line_uses_the_cache_directory_named(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    cold = _check(data, "--no-cache", GUIDELINT_CACHE_DIR=str(folder))
    assert _entries(folder) == []
    first = _check(data, GUIDELINT_CACHE_DIR=str(folder))
    assert len(_entries(folder)) == 1
    hit = _check(data, GUIDELINT_CACHE_DIR=str(folder))
    assert cold["violations"] == first["violations"] == hit["violations"]
    assert cold["violations"]


def test_guidelint_no_cache_turns_it_off(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    _check(data, GUIDELINT_CACHE_DIR=str(folder), GUIDELINT_NO_CACHE="1")
    assert _entries(folder) == []


def test_an_unwritable_cache_directory_is_no_error(data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    report = _check(data, GUIDELINT_CACHE_DIR=str(blocker / "cache"))
    assert report["violations"]
    assert blocker.read_text(encoding="utf-8") == "not a directory\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anyway")
def test_a_read_only_cache_directory_is_no_error(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert _check(data, GUIDELINT_CACHE_DIR=str(folder))["violations"]
        assert _entries(folder) == []
    finally:
        folder.chmod(0o700)


def test_the_default_directory_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GUIDELINT_CACHE_DIR")
    if os.name == "nt" or os.uname().sysname == "Darwin":
        pytest.skip("XDG applies to Linux and other Unix systems")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert guideline_cache.cache_dir() == tmp_path / "guidelint"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # (the spec: absolute only)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert guideline_cache.cache_dir() == tmp_path / "home" / ".cache" / "guidelint"


def test_bundled_guidelines_are_keyed_by_their_files(cache: Path) -> None:
    guideline = load_cached("customer-support")
    assert guideline.compiled is not None
    sources = [Path(s) for s, _ in guideline.compiled.found["sources"]]
    assert sources[0] == (bundled_dir() / "customer-support.yaml").resolve()


def test_jobs_workers_take_the_compiled_checks_along(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guidelint.run import parallel
    from guidelint.run.parallel import ParallelChecker

    monkeypatch.setattr(parallel, "BATCH_BYTES", 4096)  # (several batches for the workers)
    lines = (EXAMPLES / "support.jsonl").read_text(encoding="utf-8").splitlines()
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(lines * 20) + "\n", encoding="utf-8")

    def violations(linter: Linter, jobs: int) -> list[object]:
        with ParallelChecker(linter, jobs) as checker:
            return [v for _, found in checker.check_file(str(data)) for v in found]

    guideline = str(EXAMPLES / "guideline.yaml")
    one = violations(Linter(load_guideline(guideline)), 1)
    Linter(load_cached(guideline))  # (written)
    two = violations(Linter(load_cached(guideline)), 2)
    assert one
    assert two == one


class _Unpicklable:
    """Pickles, but its state cannot be set again (as a frozen class compiled by mypyc
    once refused)."""

    def __init__(self) -> None:
        self.value = 1

    def __setstate__(self, state: object) -> None:
        raise AttributeError("cannot assign to field 'value'")


def test_a_check_that_does_not_unpickle_is_compiled_each_run_without_rewriting_the_entry(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guidelint.checks.length import LengthCheck

    real = LengthCheck.__init__

    def with_unpicklable(self: LengthCheck, *args: object, **kwargs: object) -> None:
        real(self, *args, **kwargs)  # type: ignore[arg-type]
        self.part = _Unpicklable()  # type: ignore[attr-defined]

    monkeypatch.setattr(LengthCheck, "__init__", with_unpicklable)
    Linter(load_cached("customer-support"))
    (entry,) = _entries(cache)
    found = guideline_cache._read(entry)
    assert found is not None
    assert "response-length" not in found["checks"]  # (length rules: not kept)
    assert "no-shouting" in found["checks"]
    inode = entry.stat().st_ino
    os.utime(entry, ns=(1, 1))
    Linter(load_cached("customer-support"))
    assert entry.stat().st_mtime_ns != 1  # (touched: used)
    assert entry.stat().st_ino == inode  # not written again (a new entry is a new file)


def test_prefilters_pickle_as_a_call_of_their_class() -> None:
    from guidelint.text.prefilter import Prefilter, Runs

    prefilter = Prefilter(("as an ai",), ("AI",), (Runs(b"x" * 256, 2, 3, True),))
    assert pickle.loads(pickle.dumps(prefilter)) == prefilter
    assert prefilter.__reduce__() == (Prefilter, (prefilter.lower, prefilter.cased, prefilter.runs))


def test_check_and_agreement_share_one_entry(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`check` loads with rules required, `agreement` without: one entry serves both."""
    expected = load_guideline("customer-support", require_rules=False)
    Linter(load_cached("customer-support"))  # (a check: compiles and writes the entry)
    assert len(_entries(cache)) == 1
    _no_cold_load(monkeypatch)
    settings_only = load_cached("customer-support", require_rules=False)
    assert settings_only == expected
    assert len(_entries(cache)) == 1


def test_a_guideline_without_rules_cached_for_agreement_still_fails_a_check(
    cache: Path, tmp_path: Path
) -> None:
    from guidelint.errors import GuidelineError

    path = tmp_path / "settings.yaml"
    path.write_text("name: settings\nagreement:\n  label: quality\n", encoding="utf-8")
    kept = load_cached(path, require_rules=False)
    assert kept.rules == () or list(kept.rules) == []
    assert kept.compiled is not None
    kept.compiled.save()  # (as the agreement command keeps it)
    assert len(_entries(cache)) == 1
    with pytest.raises(GuidelineError) as cold:
        load_guideline(path)
    with pytest.raises(GuidelineError) as cached:
        load_cached(path)
    assert str(cached.value) == str(cold.value)


def test_the_agreement_command_keeps_the_guideline_in_the_cache(
    cache: Path, tmp_path: Path
) -> None:
    data = tmp_path / "ratings.jsonl"
    rows = [
        {"item": f"i{i}", "annotator": f"a{a}", "quality": (i + a) % 3}
        for i in range(8)
        for a in range(2)
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    first = run("agreement", str(data), "--format", "json", cwd=tmp_path, process=True)
    assert first.returncode == 0, first.stderr
    assert len(_entries(cache)) == 1
    again = run("agreement", str(data), "--format", "json", cwd=tmp_path, process=True)
    assert again.stdout == first.stdout
