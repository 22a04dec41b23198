"""A :class:`TextAnalysis` that fails a test when a check reads a part of the analysis
its class does not declare in ``Check.analysis``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any

from guidelint.text import TextAnalysis, analysis

#: Whether the spy can stand in for TextAnalysis: not where mypyc compiled it (a compiled
#: class takes no interpreted subclass, and compiled checks take no other class). CI
#: installs the compiled build, so the contract tests then run themselves again in a
#: pure-Python interpreter (tests/checks/test_contracts.py).
SPY_WORKS = not str(getattr(analysis, "__file__", "")).endswith((".so", ".pyd"))

#: TextAnalysis attribute → the facet it belongs to (``text`` is free to read).
FACET_OF = {
    "plain": "plain",
    "lower_plain": "lower_plain",
    "has_lower": "lower_plain",
    "has_any_lower": "lower_plain",
    "note_anchors": "lower_plain",
    "fold_safe": "lower_plain",
    "words": "words",
    "word_count": "words",
    "has_words": "words",
    "word_list": "words",
    "words_between": "words",
    "word_starts": "words",
    "words_in": "words",
    "word_start_bits": "words",
    "sentences": "sentences",
    "iter_sentences": "sentences",
    "paragraphs": "paragraphs",
    "list_items": "list_items",
    "headings": "headings",
    "code_blocks": "code_blocks",
}


class SpyAnalysis(TextAnalysis):
    """Records the facets read from outside the analysis; with ``allowed``, reading any
    other facet raises AssertionError naming it."""

    __slots__ = ("_allowed", "_depth", "_owner", "read")

    def __init__(self, text: str, allowed: frozenset[str] | None = None, owner: str = ""):
        super().__init__(text)
        self._allowed = allowed
        self._owner = owner
        self._depth = 0
        self.read: set[str] = set()

    def __getattribute__(self, name: str) -> Any:
        facet = FACET_OF.get(name)
        if facet is None or object.__getattribute__(self, "_depth"):
            return super().__getattribute__(name)
        allowed = object.__getattribute__(self, "_allowed")
        object.__getattribute__(self, "read").add(facet)
        if allowed is not None and facet not in allowed:
            owner = object.__getattribute__(self, "_owner")
            raise AssertionError(
                f"{owner} reads '{facet}' (TextAnalysis.{name}) from the text analysis but "
                f"does not declare it: add it to the check's `analysis`"
            )
        value = self._inside(lambda: super(SpyAnalysis, self).__getattribute__(name))
        if inspect.ismethod(value):
            return self._wrap(value)
        return value

    def _inside(self, compute: Callable[[], Any]) -> Any:
        object.__setattr__(self, "_depth", object.__getattribute__(self, "_depth") + 1)
        try:
            return compute()
        finally:
            object.__setattr__(self, "_depth", object.__getattribute__(self, "_depth") - 1)

    def _wrap(self, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            result = self._inside(lambda: method(*args, **kwargs))
            if inspect.isgenerator(result):
                return self._iterate(result)
            return result

        return call

    def _iterate(self, generator: Iterator[Any]) -> Iterator[Any]:
        while True:
            try:
                item = self._inside(lambda: next(generator))
            except StopIteration:
                return
            yield item
