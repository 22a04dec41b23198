"""One pass over a text tells which phrase-like rules of a guideline can match it.

Every rule whose check offers a :class:`~guidelint.prefilter.Prefilter` (``phrase``,
``substitution``, ``pattern``, ``apology``) joins the index. The case-insensitive
anchors of all of them are merged into one regular expression shaped like a trie
(``i(?:'m |a(?:m |...)|can(?:not|...))``), searched once over the lower-cased plain
text: most texts hold none of them, and then every one of those rules is skipped in
that one pass. When some anchors occur, a rule runs only if one of its own does.
Case-sensitive anchors and character runs are tested per rule (they are few).

With only a few anchors, plain substring tests are faster than the merged search and
are used instead. The index never skips a rule that could match (see
:mod:`guidelint.prefilter`); a rule without a prefilter is never skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from guidelint.prefilter import Prefilter, has_runs
from guidelint.text import TextAnalysis

#: With more anchors than this, one merged search beats one substring test each.
MERGE_ABOVE = 12


def prefilter_of(check: object) -> Prefilter | None:
    """The check's prefilter, if its kind offers one."""
    method = getattr(check, "prefilter", None)
    return method() if callable(method) else None


_Trie = dict[str, "_Trie"]


def trie_source(strings: Sequence[str]) -> str:
    """A regex matching any of ``strings``, longest first, with shared prefixes factored."""
    trie: _Trie = {}
    for string in strings:
        node = trie
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        branches = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return build(trie)


class PhraseIndex:
    """Which of a list of prefilters may match a text, decided in one pass."""

    def __init__(self, prefilters: Sequence[Prefilter | None]):
        self.prefilters = list(prefilters)
        self.gated = [i for i, p in enumerate(self.prefilters) if p is not None]
        anchors = sorted({a for p in self.prefilters if p is not None for a in p.lower})
        self.anchors = anchors
        self._searched = frozenset(anchors)
        #: anchor → the anchors that are its prefixes (found with it at the same place)
        self._prefixes = {a: [b for b in anchors if a.startswith(b)] for a in anchors}
        self._merged = re.compile(trie_source(anchors)) if len(anchors) > MERGE_ABOVE else None

    def __bool__(self) -> bool:
        return bool(self.gated)

    def present(self, lower: str) -> set[str]:
        """The anchors that occur in ``lower`` (the lower-cased plain text)."""
        merged = self._merged
        if merged is None:
            return {a for a in self.anchors if a in lower}
        found: set[str] = set()
        search = merged.search
        match = search(lower)
        while match is not None:
            found.update(self._prefixes[match.group()])
            match = search(lower, match.start() + 1)
        return found

    def skipped(self, analysis: TextAnalysis) -> set[int]:
        """Positions (in the list given) of the prefilters that cannot match the text."""
        if not self.gated:
            return set()
        present: set[str] | None = None
        if analysis.fold_safe and self.anchors:
            present = self.present(analysis.lower_plain)
            analysis.note_anchors(self._searched, present)  # checks reuse what was found
        skipped: set[int] = set()
        for i in self.gated:
            prefilter = self.prefilters[i]
            assert prefilter is not None
            if not _possible(prefilter, present, analysis):
                skipped.add(i)
        return skipped


def _possible(prefilter: Prefilter, present: set[str] | None, analysis: TextAnalysis) -> bool:
    if prefilter.lower and (present is None or not present.isdisjoint(prefilter.lower)):
        return True
    if prefilter.cased:
        plain = analysis.plain
        if any(anchor in plain for anchor in prefilter.cased):
            return True
    return any(has_runs(analysis, *run) for run in prefilter.runs)


class TextRules:
    """The text rules that apply to one role of text, with the index of their prefilters.

    ``rules`` are the engine's compiled rules (anything with a ``check``); ``gated``
    holds the positions of those the index can skip.
    """

    def __init__(self, rules: Sequence[Any]):
        self.rules = list(rules)
        self.index = PhraseIndex([prefilter_of(rule.check) for rule in self.rules])
        self.gated = frozenset(self.index.gated)
