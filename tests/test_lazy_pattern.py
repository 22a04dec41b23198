"""LazyPattern: a module-level regex compiled on first use, answering as re's does."""

from __future__ import annotations

import re

import pytest

from guidelint.lazy_pattern import LazyPattern


def test_it_is_compiled_on_first_use_and_answers_as_the_compiled_pattern() -> None:
    lazy = LazyPattern(r"(?:here(?:'s| is)|below)\b", re.IGNORECASE)
    assert "search" not in vars(lazy)  # nothing compiled yet
    compiled = re.compile(lazy.pattern, re.IGNORECASE)
    text = "Sure! Here's the plan, and BELOW is more."
    assert lazy.search(text).span() == compiled.search(text).span()  # type: ignore[union-attr]
    assert "search" in vars(lazy) and "finditer" in vars(lazy)  # every method, at once
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.match(text) is None and compiled.match(text) is None
    assert lazy.fullmatch("below") is not None
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("X", text) == compiled.sub("X", text)
    assert lazy.subn("X", text) == compiled.subn("X", text)
    assert lazy.split(text) == compiled.split(text)


def test_an_invalid_pattern_fails_when_used() -> None:
    lazy = LazyPattern("(unclosed")
    with pytest.raises(re.error):
        lazy.search("text")


def test_other_attributes_are_not_invented() -> None:
    lazy = LazyPattern("a")
    with pytest.raises(AttributeError):
        _ = lazy.groups  # type: ignore[attr-defined]
    assert "a" in repr(lazy)


def test_the_restated_question_check_compiles_its_patterns_only_when_used() -> None:
    import guidelint.checks.restatement as module

    lazy = [value for value in vars(module).values() if isinstance(value, LazyPattern)]
    assert len(lazy) > 15
    assert all(isinstance(pattern, LazyPattern) for _, pattern in module._FILLER_PATTERNS)
