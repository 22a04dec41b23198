"""One pass over a text tells which phrase-like rules of a guideline can match it.

Every rule whose check offers a :class:`~guidelint.text.prefilter.Prefilter` (the speed hook
:meth:`Check.prefilter <guidelint.checks.base.Check.prefilter>`: ``phrase``,
``substitution``, ``pattern``, ``apology``) joins the index. The case-insensitive
anchors of all of them are merged into one Aho-Corasick automaton (``ahocorasick_rs``,
Rust), searched once over the lower-cased plain text: most texts hold none of them, and
then every one of those rules is skipped in that one pass. When some anchors occur, a
rule runs only if one of its own does. Case-sensitive anchors and character runs are
tested per rule (they are few).

On the 72 anchors ``customer-support`` had then and 1.7 KB AlpacaEval responses the
automaton took 3 µs per text (with today's 196 anchors, 3.6 µs as a DFA and 14 µs as
the library's default contiguous NFA), ``pyahocorasick`` (which it replaced) 11 µs, the
trie-shaped regular expression before that (``i(?:'m |a(?:m |...)|can(?:not|...))``)
24 µs, and one substring test per anchor over 40 µs. With one or two anchors,
substring tests are as fast and are used instead. A text the automaton cannot take
(a lone surrogate, from a JSON ``\\ud800`` escape, is not UTF-8) gets substring tests. The index
never skips a rule that could match (see :mod:`guidelint.text.prefilter`); a rule without a
prefilter is never skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import ahocorasick_rs

from guidelint.text import TextAnalysis
from guidelint.text.prefilter import Prefilter, has_runs
from guidelint.text.wordchars import URL_ANCHORS

if TYPE_CHECKING:
    from guidelint.checks.base import Check

#: With more anchors than this, one automaton search beats one substring test each.
MERGE_ABOVE = 2
#: Up to this many anchors the automaton is a DFA (faster to search, larger to hold).
DFA_UP_TO = 2_000


class PhraseIndex:
    """Which of a list of prefilters may match a text, decided in one pass."""

    def __init__(self, prefilters: Sequence[Prefilter | None]):
        self.prefilters = list(prefilters)
        gated = [(i, p) for i, p in enumerate(self.prefilters) if p is not None]
        self.gated = [i for i, _ in gated]
        anchors = sorted({a for _, p in gated for a in p.lower})
        self._automaton: ahocorasick_rs.AhoCorasick | None = None
        if len(anchors) > MERGE_ABOVE:
            # The automaton also says whether a text may hold a web address, for its
            # words (TextAnalysis.url_marks): two more anchors cost it nothing, where two
            # substring tests of a 2 KB text cost 3 µs.
            anchors = sorted({*anchors, *URL_ANCHORS})
        self.anchors = anchors
        self._searched = frozenset(anchors)
        if len(anchors) > MERGE_ABOVE:
            # A DFA: 3.6 µs per AlpacaEval response for the 196 anchors of
            # customer-support, where the library's default (a contiguous NFA) took 14;
            # it finds the same anchors. Its size grows with the anchors: above
            # DFA_UP_TO the default.
            dfa = ahocorasick_rs.Implementation.DFA if len(anchors) <= DFA_UP_TO else None
            self._automaton = ahocorasick_rs.AhoCorasick(
                anchors, matchkind=ahocorasick_rs.MatchKind.Standard, implementation=dfa
            )
        # For deciding what to skip: the rules each anchor lets run, the rules with a
        # lower-cased anchor, those decided by lower-cased anchors alone, and the rest.
        self._rules_of: dict[str, list[int]] = {a: [] for a in anchors}  # (URL_ANCHORS: none)
        for i, prefilter in gated:
            for anchor in prefilter.lower:
                self._rules_of[anchor].append(i)
        self._with_lower = frozenset(i for i, p in gated if p.lower)
        self._lower_only = frozenset(i for i, p in gated if not _more_to_test(p))
        self._more = [(i, p) for i, p in gated if _more_to_test(p)]

    def __bool__(self) -> bool:
        return bool(self.gated)

    def present(self, lower: str) -> set[str]:
        """The anchors that occur in ``lower`` (the lower-cased plain text)."""
        automaton = self._automaton
        if automaton is not None:
            try:
                return set(automaton.find_matches_as_strings(lower, overlapping=True))
            except UnicodeEncodeError:  # a lone surrogate: not UTF-8, as Rust needs
                pass
        return {a for a in self.anchors if a in lower}

    def skipped(self, analysis: TextAnalysis) -> frozenset[int]:
        """Positions (in the list given) of the prefilters that cannot match the text."""
        if not self.gated:
            return frozenset()
        if analysis.fold_safe and self.anchors:
            present = self.present(analysis.lower_plain)
            analysis.note_anchors(self._searched, present)  # checks reuse what was found
            possible: frozenset[int] | set[int] = (
                {i for anchor in present for i in self._rules_of[anchor]}
                if present
                else frozenset()
            )
        else:  # no search: every rule with a lower-cased anchor may match
            possible = self._with_lower
        skipped = self._lower_only - possible if possible else self._lower_only
        if not self._more:
            return skipped
        more = {
            i
            for i, prefilter in self._more
            if i not in possible and not _more_possible(prefilter, analysis)
        }
        return skipped | more


def _more_to_test(prefilter: Prefilter) -> bool:
    return bool(prefilter.cased or prefilter.runs)


def _more_possible(prefilter: Prefilter, analysis: TextAnalysis) -> bool:
    """Whether a case-sensitive anchor or a character run of the prefilter occurs."""
    if prefilter.cased:
        plain = analysis.plain
        if any(anchor in plain for anchor in prefilter.cased):
            return True
    return any(has_runs(analysis, *run) for run in prefilter.runs)


class HasCheck(Protocol):
    """A compiled rule, as far as the index cares: it has a check."""

    @property
    def check(self) -> Check: ...


CompiledT = TypeVar("CompiledT", bound=HasCheck)


class TextRules(Generic[CompiledT]):
    """The text rules that apply to one role of text, with the index of their prefilters.

    ``rules`` are the engine's compiled rules (anything with a ``check``); ``gated``
    holds the positions of those the index can skip.
    """

    def __init__(self, rules: Sequence[CompiledT], *, deferred: Iterable[int] = ()):
        self.rules = list(rules)
        self.index = PhraseIndex([rule.check.prefilter() for rule in self.rules])
        self.gated = frozenset(self.index.gated)
        #: Positions of the rules whose ``when`` the engine judges after their check
        #: (a cheap check and a costly, infallible ``when``; see ``Check.cheap``).
        self.deferred = frozenset(deferred)
