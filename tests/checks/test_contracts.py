"""Check contracts: what every check declares on the ``Check`` base, and that the
engine, the guideline document and the tests rely on the declarations."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from analysis_spy import SPY_WORKS, SpyAnalysis
from clirun import EXAMPLES, clean_env
from guidelint.checks import REGISTRY, Check, CheckOptions, Finding, Target, check_class
from guidelint.checks.base import Description
from guidelint.guideline import load_guideline
from guidelint.guideline.guide import render
from guidelint.readers import read_records
from guidelint.text import TextAnalysis
from guidelint.text.phrase_index import TextRules
from guidelint.text.prefilter import Prefilter

ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLED = sorted(p.stem for p in (ROOT / "rules").glob("*.yaml"))


def test_a_check_name_lives_once_in_the_registry() -> None:
    classes = [REGISTRY[name] for name in REGISTRY]
    assert len(set(classes)) == len(classes), "a class registered under two names"
    for name, target in REGISTRY.items():
        module, _, _ = target.partition(":")
        assert module == f"guidelint.checks.{name}", "one module per check, named as it"
        cls = check_class(name)
        assert issubclass(cls, Check)
        assert not hasattr(cls, "name"), f"{cls.__name__} repeats its name"


needs_spy = pytest.mark.skipif(
    not SPY_WORKS, reason="compiled TextAnalysis: run in pure Python by the test below"
)


def test_the_spy_tests_run_in_pure_python_where_compiled() -> None:
    """Where mypyc compiled TextAnalysis (as CI installs it), the spy cannot stand in for
    it; the contract tests then run in a child interpreter on the pure-Python sources."""
    if SPY_WORKS:
        pytest.skip("the spy tests run in this interpreter")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", __file__],
        cwd=ROOT,
        env=clean_env(GUIDELINT_PURE_PYTHON="1"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "skipped" in result.stdout  # (this one, there)


@needs_spy
@pytest.mark.parametrize("guideline", BUNDLED)
def test_text_checks_read_only_what_they_declare(guideline: str) -> None:
    """Every text rule of the bundled guidelines on every example text, with an
    analysis that fails on a part the rule's check does not declare."""
    rules = [r for r in load_guideline(guideline).rules if r.check_class.scope == "text"]
    assert rules
    texts = [
        (record, text)
        for path in sorted(EXAMPLES.glob("*.jsonl"))
        for record in read_records(str(path))
        if not isinstance(record, Exception)
        for text in record.texts
    ]
    assert len(texts) > 50
    for rule in rules:
        cls = rule.check_class
        check = cls(rule.options, rule.id)
        for record, text in texts:
            spy = SpyAnalysis(text.text, cls.analysis, owner=f"rule '{rule.id}'")
            list(check.check(Target(text, record, spy)))


@needs_spy
def test_the_spy_catches_an_undeclared_read() -> None:
    spy = SpyAnalysis("Two words.", frozenset({"plain"}), owner="a check")
    assert spy.plain == "Two words."
    with pytest.raises(AssertionError, match="reads 'words'"):
        _ = spy.word_count


class _Options(CheckOptions):
    anchor: str = "zebra"


class _Anchored(Check):
    """A text check whose speed hook says it needs the word ``zebra``."""

    Options = _Options
    analysis = frozenset({"plain"})

    def __init__(self, options: CheckOptions, rule_id: str = "") -> None:
        super().__init__(options, rule_id)
        self.calls = 0

    def prefilter(self) -> Prefilter | None:
        assert isinstance(self.options, _Options)
        return Prefilter(lower=(self.options.anchor,))

    def check(self, target: Target) -> Iterable[Finding]:
        self.calls += 1
        return ()

    @classmethod
    def describe(cls, options: CheckOptions) -> Description:
        assert isinstance(options, _Options)
        return Description(phrases=(options.anchor,), terms=(("zebra crossing", "crosswalk"),))


def test_the_engine_uses_the_declared_speed_hook() -> None:
    class Compiled:
        def __init__(self, check: Check) -> None:
            self.check = check

    plain, anchored = Check(CheckOptions()), _Anchored(_Options())
    rules = TextRules([Compiled(plain), Compiled(anchored)])
    assert rules.gated == frozenset({1})  # the base declares no prefilter: never skipped
    assert rules.index.skipped(TextAnalysis("A horse.")) == frozenset({1})
    assert rules.index.skipped(TextAnalysis("A Zebra.")) == frozenset()


def test_the_guide_asks_each_check_to_describe_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(REGISTRY, "anchored", f"{__name__}:_Anchored")
    path = tmp_path / "g.yaml"
    path.write_text(
        "name: g\nrules:\n  - id: no-zebras\n    check: anchored\n    anchor: okapi\n",
        encoding="utf-8",
    )
    text = render(load_guideline(path))
    assert "- `okapi` (no-zebras)" in text
    assert "| zebra crossing | crosswalk | no-zebras |" in text


def test_every_declared_speed_hook_overrides_the_base() -> None:
    hooked = {name for name in REGISTRY if check_class(name).prefilter is not Check.prefilter}
    assert hooked == {"phrase", "substitution", "pattern", "apology"}
    for name in REGISTRY:
        module = importlib.import_module(REGISTRY[name].partition(":")[0])
        assert module.__doc__, f"check '{name}' has no module docstring"


_REQUIRES_PROBE = """
import sys
from types import SimpleNamespace
from guidelint.checks import Target, check_class
from guidelint.guideline import load_guideline
from guidelint.readers import read_records
from guidelint.text import TextAnalysis

HEAVY = ("spacy", "textstat", "pyarrow", "numpy")
records = [
    r for path in sys.argv[1:] for r in read_records(path) if not isinstance(r, Exception)
]
rules = {}
for name in ("customer-support", "llm-boilerplate", "annotation-types"):
    for rule in load_guideline(name).rules:
        rules.setdefault(rule.check, rule)
EXTRA = {"tokens": {"patterns": [[{"LOWER": "utilize"}]]}, "readability": {"max": 60}}
for name, options in EXTRA.items():
    cls = check_class(name)
    valid = cls.Options.model_validate(options)
    rules.setdefault(name, SimpleNamespace(check=name, check_class=cls, options=valid, id=name))
ordered = sorted(rules.values(), key=lambda r: bool(r.check_class.requires))
print("(setup)", "", ",".join(sorted(h for h in HEAVY if h in sys.modules)))
for rule in ordered:
    cls = rule.check_class
    for library in sorted(cls.requires):  # (what the library itself imports is its own)
        __import__(library)
        print("(import)", "", ",".join(sorted(h for h in HEAVY if h in sys.modules)))
    check = cls(rule.options, rule.id)
    for record in records:
        if cls.scope == "text":
            for text in record.texts:
                list(check.check(Target(text, record, TextAnalysis(text.text))))
        elif cls.scope == "record":
            list(check.check_record(record, []))
        else:
            check.observe(record, [])
    if cls.scope == "dataset":
        list(check.finish())
        check.report()
    loaded = sorted(h for h in HEAVY if h in sys.modules)
    print(rule.check, ",".join(sorted(cls.requires)), ",".join(loaded))
"""


def test_requires_names_the_heavy_libraries_a_check_loads() -> None:
    """Checks run in order, those without ``requires`` first: none loads a heavy
    library it does not declare (what a declared library imports itself aside)."""
    import subprocess
    import sys

    from clirun import clean_env

    paths = [str(p) for p in sorted(EXAMPLES.glob("*.jsonl"))]
    result = subprocess.run(
        [sys.executable, "-c", _REQUIRES_PROBE, *paths],
        capture_output=True,
        text=True,
        check=True,
        env=clean_env(),
    )
    seen: set[str] = set()
    rows = [line.split(" ") for line in result.stdout.splitlines()]
    assert len(rows) >= 12 and rows[0][0] == "(setup)"
    assert {"tokens", "readability"} <= {row[0] for row in rows}
    seen = set(filter(None, rows[0][2].split(",")))  # (loading guidelines and records)
    for check, requires, loaded in rows[1:]:
        declared = set(filter(None, requires.split(",")))
        now = set(filter(None, loaded.split(",")))
        if check == "(import)":
            seen |= now
            continue
        assert now - seen <= declared, f"check '{check}' loads {now - seen} undeclared"
        seen |= now
