"""Import contracts between the layers (in the spirit of import-linter), read from the
source: every ``import`` and ``from ... import`` counts, inside functions and
``TYPE_CHECKING`` blocks too. ``docs/architecture.md`` describes the layers."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "guidelint"


def _module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, src: Path = SRC) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import in ``path``, relative ones resolved."""
    module = _module_name(path, src)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            yield node.lineno, base
            for alias in node.names:  # `from guidelint.x import module`
                yield node.lineno, f"{base}.{alias.name}"


def _modules(under: str = "") -> list[Path]:
    folder = PACKAGE / under if under else PACKAGE
    return sorted(folder.rglob("*.py"))


def _broken(paths: list[Path], forbidden: tuple[str, ...], src: Path = SRC) -> list[str]:
    """``file:line imports module`` for each import of a ``forbidden`` module or below."""
    found = []
    for path in paths:
        for line, name in _imports(path, src):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(src)}:{line} imports {name}")
    return sorted(set(found))


def test_nothing_outside_the_cli_imports_the_cli() -> None:
    entry = PACKAGE / "__main__.py"  # (`python -m guidelint` is the command line)
    outside = [p for p in _modules() if p.relative_to(PACKAGE).parts[0] != "cli" and p != entry]
    assert _broken(outside, ("guidelint.cli",)) == []


def test_the_statistics_import_only_numpy_the_standard_library_and_each_other() -> None:
    found = []
    for path in _modules("agreement/statistics"):
        for line, name in _imports(path):
            if name.startswith("guidelint") and not name.startswith(
                "guidelint.agreement.statistics"
            ):
                found.append(f"{path.relative_to(SRC)}:{line} imports {name}")
    assert found == []


def test_the_statistics_import_no_reader_renderer_or_engine() -> None:
    forbidden = (
        "guidelint.readers",
        "guidelint.reporters",
        "guidelint.engine",
        "guidelint.agreement.render",
        "guidelint.agreement.sources",
        "guidelint.run",
    )
    assert _broken(_modules("agreement/statistics"), forbidden) == []


#: Reporter modules, one per format; ``terminal`` is the text format on a terminal.
REPORTER_MODULES = (
    "text",
    "json",
    "json_lines",
    "sarif",
    "junit",
    "github",
    "markdown",
    "terminal",
    "html",
)


@pytest.mark.parametrize("name", REPORTER_MODULES)
def test_reporters_import_no_reporter(name: str) -> None:
    others = tuple(f"guidelint.reporters.{n}" for n in REPORTER_MODULES if n != name)
    if name == "terminal":  # (the grouped terminal form of the text reporter extends it)
        others = tuple(o for o in others if o != "guidelint.reporters.text")
    module = PACKAGE / "reporters" / f"{name}.py"
    paths = [module] if module.is_file() else sorted((PACKAGE / "reporters" / name).glob("*.py"))
    assert paths
    assert _broken(paths, others) == []


def test_every_registered_reporter_is_under_contract() -> None:
    from guidelint.reporters import REPORTERS

    modules = {
        target.partition(":")[0].removeprefix("guidelint.reporters.").split(".")[0]
        for target in REPORTERS.values()
    }
    assert modules <= set(REPORTER_MODULES)


def test_checks_look_only_at_what_they_are_given() -> None:
    forbidden = ("guidelint.readers", "guidelint.reporters", "guidelint.engine", "guidelint.run")
    assert _broken(_modules("checks"), forbidden) == []


def test_the_engine_and_readers_know_nothing_of_runs_reports_or_agreement_rendering() -> None:
    paths = [PACKAGE / "engine.py", *_modules("readers")]
    forbidden = ("guidelint.run", "guidelint.reporters", "guidelint.agreement.render")
    assert _broken(paths, forbidden) == []


def test_a_broken_contract_is_found(tmp_path: Path) -> None:
    package = tmp_path / "guidelint" / "agreement" / "statistics"
    package.mkdir(parents=True)
    (package / "bad.py").write_text(
        "def f():\n    from ..render import text\n    import guidelint.engine\n", encoding="utf-8"
    )
    broken = _broken(
        [package / "bad.py"], ("guidelint.engine", "guidelint.agreement.render"), src=tmp_path
    )
    assert broken == [
        "guidelint/agreement/statistics/bad.py:2 imports guidelint.agreement.render",
        "guidelint/agreement/statistics/bad.py:2 imports guidelint.agreement.render.text",
        "guidelint/agreement/statistics/bad.py:3 imports guidelint.engine",
    ]
