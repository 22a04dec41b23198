"""Cheap tests that prove a rule cannot match a text, so its regexes need not run.

A :class:`Prefilter` lists *anchors*: strings one of which every match of the rule
contains. ``lower`` anchors are compared with :attr:`TextAnalysis.lower_plain` (for
case-insensitive matching), ``cased`` anchors with :attr:`TextAnalysis.plain`, and a
*run* asks for so many consecutive characters of one ASCII class (``[A-Z]{2,}`` needs
two capitals in a row), several of them within one stretch of the characters the
regex can match when it matches nothing else (:class:`Runs`). A text that has none
of them cannot match, so the rule is skipped; a text that has one is matched as
usual. The tests only ever say "maybe" too often, never "no" wrongly:

* anchors are ASCII, and :func:`~guidelint.text.to_plain` changes only non-ASCII
  characters, so an anchor in the text is an anchor in the plain text;
* a case-insensitive ``re``/``regex`` search agrees with a substring test on the
  lower-cased text unless the text holds one of the few characters
  :attr:`TextAnalysis.fold_safe` looks for; then every rule runs.

:func:`regex_prefilter` derives anchors from a user regex: literal runs, small sets of
alternatives (``I(?:'m| am) `` gives ``i'm `` and ``i am ``) and required repeats
(``!{2,}`` gives ``!!``). Patterns that use syntax of the ``regex`` module that Python's
``re`` parser reads differently (fuzzy ``{e<=1}``, POSIX classes) get no prefilter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from guidelint.text import TextAnalysis

try:  # the parser behind ``re.compile``; private, so its absence only costs speed
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    _sre_parse = None

#: At most this many strings in a set of alternatives.
MAX_ALTERNATIVES = 64
# Flags with the same value in ``re`` and ``regex`` that matter to parsing.
_PARSE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE
# Syntax Python's parser would read as literal text where ``regex`` sees an operator.
_REGEX_ONLY = re.compile(r"\{(?!\d*,?\d*\})|\[:|\(\?[^:=!<>P#()aiLmsux-]")


class Runs(NamedTuple):
    """``number`` separate runs of ``length`` characters of a class, in the plain text.

    ``table`` maps the class to ``A``. With ``within``, every character the regex can
    match at all maps to a space and the rest to ``.``, and the runs must lie in one
    stretch of ``A`` and spaces: ``\b[A-Z]{2,}(?:[ \t]+[A-Z]{2,}){2,}`` needs three
    capitalised words in a row, not any three in the text ("An API, a CSV and a URL").
    """

    table: bytes
    length: int
    number: int
    within: bool = False


@dataclass(frozen=True, slots=True)
class Prefilter:
    """What a text must contain for a rule to possibly match it (any one suffices)."""

    lower: tuple[str, ...] = ()
    cased: tuple[str, ...] = ()
    runs: tuple[Runs, ...] = ()

    def __reduce__(self) -> tuple[type[Prefilter], tuple[Any, ...]]:
        # Pickled as a call of the class (for the cache of compiled guidelines): the
        # compiled (mypyc) class refuses the field assignments of the default
        # unpickling of a frozen dataclass.
        return (Prefilter, (self.lower, self.cased, self.runs))

    def may_match(self, analysis: TextAnalysis) -> bool:
        if self.lower:
            if not analysis.fold_safe:
                return True
            if analysis.has_any_lower(self.lower):
                return True
        if self.cased:
            plain = analysis.plain
            if any(anchor in plain for anchor in self.cased):
                return True
        return any(has_runs(analysis, *run) for run in self.runs)


class PrefilterSet:
    """Which of several prefilters (one per pattern of a rule) may match a text.

    As :meth:`Prefilter.may_match` of each, in their order. A prefilter with
    lower-cased anchors alone is answered from what the phrase index found in the text
    (:meth:`TextAnalysis.noted_anchors`) when it searched for all of them: one pass over
    the anchors found, in place of a set test per prefilter. ``None`` (no prefilter)
    may always match.
    """

    def __init__(self, prefilters: Sequence[Prefilter | None]):
        self.prefilters: tuple[Prefilter | None, ...] = tuple(prefilters)
        owners: dict[str, list[int]] = {}
        lower_only: list[int] = []
        for i, prefilter in enumerate(self.prefilters):
            if (
                prefilter is not None
                and prefilter.lower
                and not (prefilter.cased or prefilter.runs)
            ):
                lower_only.append(i)
                for anchor in prefilter.lower:
                    owners.setdefault(anchor, []).append(i)
        self._owners = {anchor: tuple(found) for anchor, found in owners.items()}
        self._lower_only = frozenset(lower_only)
        self._anchors = frozenset(owners)
        #: The last set of searched anchors seen to hold all of ``_anchors``.
        self._covered: frozenset[str] | None = None

    def __reduce__(self) -> tuple[type[PrefilterSet], tuple[Any, ...]]:
        return (PrefilterSet, (self.prefilters,))

    def possible(self, analysis: TextAnalysis) -> list[int]:
        """Positions of the prefilters that may match, ascending."""
        found = self._found(analysis)
        possible: list[int] = []
        lower_only = self._lower_only
        for i, prefilter in enumerate(self.prefilters):
            if prefilter is None:
                possible.append(i)
            elif found is not None and i in lower_only:
                if i in found:
                    possible.append(i)
            elif prefilter.may_match(analysis):
                possible.append(i)
        return possible

    def _found(self, analysis: TextAnalysis) -> set[int] | None:
        """The lower-only prefilters whose anchors the phrase index found, or None when
        it did not search for all of them (then each is tested on its own)."""
        if not self._lower_only:
            return None
        noted = analysis.noted_anchors()
        if noted is None or not analysis.fold_safe:
            return None
        searched, present = noted
        if searched is not self._covered:
            if not searched.issuperset(self._anchors):
                return None
            self._covered = searched
        owners = self._owners
        found: set[int] = set()
        for anchor in present:
            owned = owners.get(anchor)
            if owned is not None:
                found.update(owned)
        return found


def has_runs(
    analysis: TextAnalysis, table: bytes, length: int, count: int, within: bool = False
) -> bool:
    """Whether the plain text has ``count`` separate runs of ``length`` class characters
    (with ``within``, in one stretch of characters the regex can match; see :class:`Runs`).

    Non-ASCII characters become ``?``: never in a class (classes are ASCII), at worst
    joining two stretches, which only makes the answer "maybe" more often.
    """
    data = analysis.plain.encode("ascii", "replace").translate(table)  # a byte a character
    if within:
        return _stretch(length, count).search(data) is not None
    return data.count(b"A" * length) >= count


@functools.lru_cache(maxsize=64)
def _stretch(length: int, count: int) -> re.Pattern[bytes]:
    """``count`` separate runs of ``length`` ``A`` with only ``A`` and spaces between."""
    run = b"A" * length
    return re.compile(run + (b"(?:[A ]*?" + run + b")") * (count - 1))


def union(prefilters: Iterable[Prefilter | None]) -> Prefilter | None:
    """A text may match any of several parts: None when one part has no prefilter.

    Every part's lower-cased anchors are kept, even those that contain another: the
    phrase index then searches, and notes, each anchor a part's own prefilter asks
    about later (a substring test of 2 KB each otherwise), at no cost to its one pass.
    """
    lower: list[str] = []
    cased: list[str] = []
    runs: list[Runs] = []
    for part in prefilters:
        if part is None:
            return None
        lower += part.lower
        cased += part.cased
        runs += part.runs
    if not (lower or cased or runs):
        return None
    return Prefilter(tuple(dict.fromkeys(lower)), minimal(cased), tuple(dict.fromkeys(runs)))


def minimal(anchors: Iterable[str]) -> tuple[str, ...]:
    """Distinct anchors, without those that contain another (they imply it).

    Each anchor's substrings of the lengths kept so far are looked up in a set, rather
    than each kept anchor looked for in it: a list of 20,000 phrases took minutes.
    """
    kept: list[str] = []
    kept_set: set[str] = set()
    lengths: list[int] = []  # (the lengths of the kept anchors, ascending)
    for anchor in sorted(set(anchors), key=len):
        size = len(anchor)
        if not any(
            anchor[i : i + n] in kept_set for n in lengths if n <= size for i in range(size - n + 1)
        ):
            kept.append(anchor)
            kept_set.add(anchor)
            if not lengths or lengths[-1] != size:
                lengths.append(size)
    return tuple(kept)


def literal_prefilter(literals: Iterable[str], *, lower: bool) -> Prefilter | None:
    """Anchors for literal strings (already normalised); None if one is not ASCII."""
    found = tuple(literals)
    if not found or not all(s and s.isascii() for s in found):
        return None
    anchors = minimal(found)
    return Prefilter(lower=anchors) if lower else Prefilter(cased=anchors)


def _parsed(source: str, flags: int) -> Any:
    """``source`` parsed as Python's ``re`` reads it, or None when it cannot be (no
    parser, syntax only the ``regex`` module reads alike, an error)."""
    if _sre_parse is None or _REGEX_ONLY.search(source):
        return None
    try:
        return _sre_parse.parse(source, flags & _PARSE_FLAGS)
    except (re.error, OverflowError, RecursionError, ValueError):
        return None


def regex_prefilter(source: str, flags: int = 0) -> Prefilter | None:
    """Anchors every match of ``source`` contains, or None when none can be derived."""
    parsed = _parsed(source, flags)
    if parsed is None:
        return None
    fold = bool(parsed.state.flags & re.IGNORECASE)
    try:
        info = _Walk(fold).sequence(list(parsed))
    except RecursionError:
        return None
    best = _best(info.required)
    if best is not None:
        return Prefilter(lower=best) if fold else Prefilter(cased=best)
    runs = [run for run in info.runs if run[1] >= 2]
    if fold or not runs:  # (case-insensitive classes also match a few non-ASCII letters)
        return None
    chars, length, count = max(runs, key=lambda run: (run[1] * run[2], run[1]))
    within = count > 1 and info.alphabet is not None and all(c.isascii() for c in info.alphabet)
    table = _class_table(chars, info.alphabet if within else None)
    return Prefilter(runs=(Runs(table, length, count, within),))


#: A leading string this long is selective enough: the walk stops growing it.
_LEAD_ENOUGH = 8
#: At most this many leading strings (each one more ``str.find`` per text).
MAX_LEADS = 16


def leading_literals(source: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings one of which every match of ``source`` starts with, or None.

    Lower-cased when ``flags`` make the pattern case-insensitive (then they are looked
    for in :attr:`TextAnalysis.lower_plain`, as the prefilter's anchors are); None when
    the pattern changes that itself (an inline ``(?i)``), so the caller's choice of text
    to look in stays right. A match can then
    start only where one of them occurs, so the regex need only be tried there
    (:func:`guidelint.checks.matching.iter_led_matches`) instead of scanned over the
    text. ``\\bI(?:'m| am) `` leads with ``i'm `` and ``i am ``; zero-width parts (``\\b``,
    lookbehinds) lead with nothing and are passed over; None when a match may start
    with anything (a class, a repeat) or the strings would be too many or shorter than 2.
    """
    parsed = _parsed(source, flags)
    if parsed is None:
        return None
    fold = bool(parsed.state.flags & re.IGNORECASE)
    if fold != bool(flags & re.IGNORECASE):
        return None  # an inline (?i): the caller would look for them in the wrong case
    walk = _Walk(fold)
    lead: frozenset[str] = _EMPTY
    try:
        for op, av in parsed:
            exact = walk.node(op, av).exact
            grown = None if exact is None else _product(lead, exact)
            if grown is None:
                break
            lead = grown
            if min(map(len, lead)) >= _LEAD_ENOUGH:
                break
    except RecursionError:
        return None
    kept = _first_strings(lead)
    if not kept or len(kept) > MAX_LEADS or min(map(len, kept)) < 2:
        return None
    return kept if all(s.isascii() for s in kept) else None


def _first_strings(strings: frozenset[str]) -> tuple[str, ...]:
    """The strings, without those another one is a prefix of (where one starts, the
    other is looked for too), shortest first."""
    kept: list[str] = []
    for string in sorted(strings, key=lambda s: (len(s), s)):
        if not any(string.startswith(k) for k in kept):
            kept.append(string)
    return tuple(kept)


def _class_table(chars: frozenset[str], alphabet: frozenset[str] | None) -> bytes:
    """``A`` for the class; a space for the rest of ``alphabet`` (all else without one)
    and ``.`` for what is not in it."""
    other = ord(" ") if alphabet is None else ord(".")
    return bytes(
        ord("A") if chr(i) in chars else ord(" ") if alphabet and chr(i) in alphabet else other
        for i in range(256)
    )


def _best(candidates: Sequence[frozenset[str]]) -> tuple[str, ...] | None:
    """The most selective set: its shortest string longest (up to 8), then fewest strings,
    then the longest.

    None shorter than 3 if possible (2 at least). The phrase index searches all anchors
    in one automaton pass, so more strings cost little, and longer ones rule out more
    texts: ``(?:being|since I'm) (?:an? )?(?:AI|language model)`` is anchored on its
    12 spelled-out forms, not on "being", which one AlpacaEval response in ten holds.
    """
    found = _first_best(candidates)
    return None if found is None else found[1]


def _first_best(
    candidates: Iterable[frozenset[str]],
) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """The first of the most selective usable candidates (see :func:`_best`), and its
    anchors. A list may be cut to this one candidate: the best of a longer list that
    holds it is the same (the first best), which keeps the windows of a long literal
    from being weighed again at every level of the walk."""
    best: tuple[frozenset[str], tuple[str, ...]] | None = None
    best_key = (True, 0, 0, 0)
    for candidate in candidates:
        if not candidate or not all(len(s) > 1 and s.isascii() for s in candidate):
            continue
        anchors = minimal(candidate) if len(candidate) > 1 else tuple(candidate)
        shortest = min(map(len, anchors))
        key = (shortest < 3, -min(shortest, 8), len(anchors), -shortest)
        if best is None or key < best_key:
            best, best_key = (candidate, anchors), key
    return best


@dataclass
class _Info:
    """What one part of a regex matches: its exact strings if few, what it requires."""

    exact: frozenset[str] | None = None
    required: tuple[frozenset[str], ...] = ()
    #: (class, length, count): that many separate runs of that many class characters
    runs: tuple[tuple[frozenset[str], int, int], ...] = ()
    chars: frozenset[str] | None = None  # one ASCII character of this class
    #: every character a match of this part can consume (None: unknown or too many)
    alphabet: frozenset[str] | None = None


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    if len(left) == 1 == len(right):  # (most often: one literal character after another)
        (a,), (b,) = left, right
        return frozenset((a + b,))
    if len(left) * len(right) > MAX_ALTERNATIVES:
        return None
    return frozenset(a + b for a in left for b in right)


_EMPTY = frozenset({""})


def _one_character(exact: frozenset[str] | None) -> bool:
    """Whether ``exact`` is one non-empty ASCII string (a literal character)."""
    if exact is None or len(exact) != 1:
        return False
    (text,) = exact
    return bool(text) and text.isascii()


class _Walk:
    def __init__(self, fold: bool):
        self.fold = fold

    def sequence(self, items: list[tuple[Any, Any]]) -> _Info:
        infos = [self.node(op, av) for op, av in items]
        required = [r for info in infos for r in info.required]
        counts: dict[tuple[frozenset[str], int], int] = {}
        for info in infos:  # runs of separate parts are separate runs
            for chars, length, count in info.runs:
                counts[chars, length] = counts.get((chars, length), 0) + count
        runs = [(chars, length, count) for (chars, length), count in counts.items()]
        # Every window of exact parts is required. A window of one string with one more
        # ASCII character beside it is left out: the longer string, also a window, is
        # more selective (see _best), so it could never be the one chosen.
        single = [_one_character(info.exact) for info in infos] + [False]
        for i in range(len(infos)):
            window: frozenset[str] | None = _EMPTY
            for j in range(i, len(infos)):
                part = infos[j].exact
                if part is None or window is None:
                    break
                window = _product(window, part)
                if window is None or "" in window:
                    continue
                if len(window) == 1 and ((i and single[i - 1]) or single[j + 1]):
                    continue
                required.append(window)
        exact: frozenset[str] | None = _EMPTY
        for info in infos:
            exact = None if exact is None or info.exact is None else _product(exact, info.exact)
        one_class = infos[0].chars if len(infos) == 1 else None
        best = _first_best(required)
        kept = (best[0],) if best is not None else ()
        return _Info(exact, kept, tuple(runs), one_class, _alphabet(infos))

    def node(self, op: Any, av: Any) -> _Info:
        name = str(op)
        if name == "LITERAL":
            char = chr(av)
            return self._chars({char.lower(), char.upper()} if self.fold else {char})
        if name in ("AT", "ASSERT", "ASSERT_NOT"):  # they consume nothing
            return _Info(exact=_EMPTY, alphabet=frozenset())
        if name == "SUBPATTERN":
            _group, add_flags, del_flags, items = av
            if (add_flags | del_flags) & re.IGNORECASE:
                return _Info()
            return self.sequence(list(items))
        if name == "ATOMIC_GROUP":
            return self.sequence(list(av))
        if name == "BRANCH":
            return self._branch([self.sequence(list(alt)) for alt in av[1]])
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, items = av
            return self._repeat(low, high, self.sequence(list(items)))
        if name == "IN":
            return self._charset(av)
        return _Info()

    def _chars(self, chars: set[str]) -> _Info:
        ascii_chars = frozenset(chars) if all(c.isascii() for c in chars) else None
        exact = frozenset(c.lower() for c in chars) if self.fold else frozenset(chars)
        return _Info(exact=exact, chars=ascii_chars, alphabet=ascii_chars)

    def _charset(self, items: list[tuple[Any, Any]]) -> _Info:
        chars: set[str] = set()
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                chars.add(chr(av))
            elif name == "RANGE" and av[1] < 128:
                chars.update(chr(c) for c in range(av[0], av[1] + 1))
            else:  # NEGATE, CATEGORY, wide ranges
                return _Info()
        if self.fold:
            chars |= {c.lower() for c in chars} | {c.upper() for c in chars}
        info = self._chars(chars)
        return info if len(chars) <= 8 else _Info(chars=info.chars, alphabet=info.alphabet)

    def _branch(self, alternatives: list[_Info]) -> _Info:
        exact: frozenset[str] | None = frozenset()
        for alt in alternatives:
            if exact is None or alt.exact is None or len(exact | alt.exact) > MAX_ALTERNATIVES:
                exact = None
            else:
                exact = exact | alt.exact
        required: frozenset[str] | None = frozenset()
        for alt in alternatives:
            best = _best(alt.required)
            if required is None or best is None or len(required) + len(best) > MAX_ALTERNATIVES:
                required = None
            else:
                required = required | frozenset(best)
        return _Info(
            exact=exact, required=(required,) if required else (), alphabet=_alphabet(alternatives)
        )

    def _repeat(self, low: int, high: int, inner: _Info) -> _Info:
        if low == 0:
            exact = _EMPTY | inner.exact if high == 1 and inner.exact is not None else None
            return _Info(exact=exact, alphabet=inner.alphabet)
        power: frozenset[str] | None = _EMPTY if inner.exact is not None else None
        for _ in range(min(low, 8)):
            power = None if power is None or inner.exact is None else _product(power, inner.exact)
        required = list(inner.required)
        if power is not None and "" not in power and low <= 8:
            required.append(power)
        runs = [(chars, length, count * low) for chars, length, count in inner.runs]
        if inner.chars is not None:
            runs.append((inner.chars, low, 1))
        exact = power if low == high and low <= 8 else None
        return _Info(
            exact=exact, required=tuple(required), runs=tuple(runs), alphabet=inner.alphabet
        )


def _alphabet(parts: Sequence[_Info]) -> frozenset[str] | None:
    """What a sequence or a choice of parts can consume: all their alphabets."""
    found: set[str] = set()
    for part in parts:
        if part.alphabet is None:
            return None
        found |= part.alphabet
    return frozenset(found)
