"""``docs/checks/*.md`` are generated from the check modules; they must not drift."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from guidelint.checks import REGISTRY, check_class
from guidelint.checks import docs as check_docs
from guidelint.checks.base import options_doc

DOCS = Path(__file__).resolve().parent.parent / "docs" / "checks"


@pytest.mark.parametrize("file", sorted(check_docs.pages()))
def test_committed_page_is_what_the_source_generates(file: str) -> None:
    committed = DOCS / file
    assert committed.is_file(), f"docs/checks/{file} is missing"
    assert committed.read_text(encoding="utf-8") == check_docs.pages()[file], (
        f"docs/checks/{file} differs from its check's docstring: "
        "run `python -m guidelint.checks.docs docs/checks`"
    )


def test_no_page_without_a_check() -> None:
    assert {p.name for p in DOCS.glob("*.md")} == set(check_docs.pages())


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_option_is_described_and_every_description_is_an_option(name: str) -> None:
    described, _ = check_docs.options_described(name)
    fields = [row[0] for row in options_doc(check_class(name).Options)]
    assert list(described) == fields, f"check '{name}': the Options section and model differ"
    assert all(text.strip() for text in described.values())


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_check_uses_the_one_section_layout(name: str) -> None:
    summary, parts = check_docs.sections(name)
    assert tuple(parts) == check_docs.SECTIONS
    assert summary and all(parts.values())


def test_a_docstring_out_of_layout_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("fake")
    module.__doc__ = "Summary.\n\nWhat it does\n------------\nThings.\n\nHow\n---\nSo.\n"
    monkeypatch.setattr(check_docs.importlib, "import_module", lambda _: module)
    with pytest.raises(check_docs.DocError, match="unknown section 'How'"):
        check_docs.sections("phrase")
    module.__doc__ = "Summary.\n\nWhy\n---\nBecause.\n"
    with pytest.raises(check_docs.DocError, match="every check has"):
        check_docs.sections("phrase")


def test_rest_literal_blocks_become_fenced_markdown() -> None:
    text = "Passing::\n\n    response: fine\n      more\n\nafter ``x``"
    assert check_docs._markdown(text) == (
        "Passing:\n\n```yaml\nresponse: fine\n  more\n```\n\nafter `x`"
    )


def test_the_guideline_docs_link_every_check_page() -> None:
    text = (DOCS.parent / "guidelines.md").read_text(encoding="utf-8")
    missing = [name for name in REGISTRY if f"(checks/{name}.md)" not in text]
    assert missing == [], "docs/guidelines.md lists no link to these checks' pages"
