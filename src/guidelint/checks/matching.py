"""Shared matching helpers for the ``phrase``, ``substitution`` and ``pattern`` checks.

* User regexes are compiled with the ``regex`` module (:func:`compile_user_regex`) and
  run with a time limit per text (:func:`iter_matches`); past it, :class:`RegexTimeout`
  names the rule and the pattern, and the engine reports it and goes on.
* Literal phrases are matched by a :class:`LiteralMatcher`: one alternation of escaped
  literals (longest first) behind a substring prefilter, plus fuzzy matching
  (``{e<=N}``) of the longer literals, run only in windows around an intact piece.
  Its :attr:`~LiteralMatcher.pieces` give each literal's regex source, so phrase rules
  can later be merged into one matcher.

Case-insensitive matching runs on :attr:`TextAnalysis.lower_plain` (typographic quotes
mapped to plain ones, lower-cased, same length as the text) so spans index the original
text. In the rare case where lower-casing changes the length (``"İ"``), it runs on
:attr:`TextAnalysis.plain` with ``IGNORECASE`` instead.
"""

from __future__ import annotations

import functools
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import regex

from guidelint.checks.fuzzy import FuzzyLiteral, pigeonhole, trim
from guidelint.errors import GuidelintError
from guidelint.text import TextAnalysis, to_plain
from guidelint.text.prefilter import Prefilter, literal_prefilter, minimal

#: Seconds a user regex may run on one text before :class:`RegexTimeout` (per rule).
DEFAULT_TIMEOUT = 1.0
#: Above this many distinct anchors the substring prefilter costs more than it saves.
MAX_PREFILTER_ANCHORS = 24

#: A compiled ``regex`` pattern (the module ships no type stubs).
CompiledRegex: TypeAlias = Any
PieceKind = Literal["literal", "fuzzy", "regex"]


class RegexTimeout(GuidelintError):
    """A user regex ran longer than its rule's time limit on one text."""

    def __init__(self, rule_id: str, pattern: str, timeout: float, *, failed: str = ""):
        what = f"failed ({failed})" if failed else f"ran longer than {timeout:g}s"
        super().__init__(
            f"rule '{rule_id}': pattern {pattern!r} {what} on one text",
            hint="simplify the pattern (nested quantifiers such as (a|aa)+ backtrack "
            "exponentially) or raise the rule's 'timeout' option",
        )
        self.rule_id = rule_id
        self.pattern = pattern
        self.timeout = timeout


@dataclass(frozen=True, slots=True)
class Piece:
    """One alternative of a rule's matcher: a self-contained regex source.

    ``source`` includes word-boundary lookarounds and fuzziness and expects the
    haystack the matcher uses (lower-cased when ``case_sensitive`` is false).
    ``phrase`` is what the user wrote.
    """

    kind: PieceKind
    source: str
    phrase: str


#: Short texts every user regex is tried on when the guideline loads (see
#: :func:`compile_user_regex`): runs of one character class end with another, which is
#: what makes nested quantifiers backtrack.
_PROBES = ("", "a" * 30 + "!", "x" * 30, "word " * 8 + "!", "1" * 30 + "a", " " * 30 + "a")
#: How many of a pattern's own characters get a probe of their own.
_OWN_PROBES = 16


def _probes(source: str) -> list[str]:
    """:data:`_PROBES`, and a run of each letter or digit the pattern names (``(b|bb)+$``
    backtracks on ``bbb…!``)."""
    own = dict.fromkeys(c for c in source if c.isalnum() and c not in "ax1")
    return [*_PROBES, *(c * 30 + "!" for c in list(own)[:_OWN_PROBES])]


#: Seconds one probe may take: far more than any sound pattern needs on 30 characters.
PROBE_TIMEOUT = 0.25
#: Errors compiling or running a pattern may raise besides ``regex.error``
#: (``a{99999999999}``: OverflowError; a recursion without end: MemoryError).
_PATTERN_ERRORS = (OverflowError, MemoryError, RecursionError, ValueError, TypeError)


def compile_user_regex(source: str, flags: int = 0, *, what: str = "pattern") -> CompiledRegex:
    """Compile a user regex with ``regex``; a ``ValueError`` saying which and why if it
    is invalid, or if it runs without end on a short probe text (``(?R)``, ``(a|aa)+$``:
    such a pattern would hit its time limit on most texts)."""
    try:
        return _compile_checked(source, flags)
    except ValueError as err:
        # (as written in the guideline: a repr would double every backslash)
        shown = source if source.isprintable() else repr(source)[1:-1]
        raise ValueError(f"{what} '{shown}' {err}") from None


@functools.lru_cache(maxsize=512)
def _compile_checked(source: str, flags: int) -> CompiledRegex:
    try:
        compiled = regex.compile(source, flags)
    except (regex.error, *_PATTERN_ERRORS) as err:
        raise ValueError(f"is not a valid regular expression: {err}") from None
    for probe in _probes(source):
        try:
            compiled.search(probe, timeout=PROBE_TIMEOUT)
        except TimeoutError:
            raise ValueError(
                f"ran longer than {PROBE_TIMEOUT:g}s on the {len(probe)}-character text "
                f"{probe!r}: it recurses without end (such as (?R)) or backtracks "
                "exponentially (nested quantifiers such as (a|aa)+); simplify it"
            ) from None
        except _PATTERN_ERRORS as err:
            raise ValueError(f"cannot run: {type(err).__name__}: {err}") from None
    return compiled


def deadline_after(timeout: float) -> float:
    """The ``time.monotonic()`` value after which matching on this text must stop."""
    return time.monotonic() + timeout


def iter_matches(
    pattern: CompiledRegex,
    text: str,
    *,
    deadline: float,
    timeout: float,
    rule_id: str,
    source: str,
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[Any]:
    """``pattern.finditer(text, pos, endpos)`` raising :class:`RegexTimeout` after ``deadline``.

    Each search step gets the time left; the deadline is also checked between steps,
    so all the regexes one rule runs on one text share one budget.
    """
    left = deadline - time.monotonic()
    if left <= 0:
        raise RegexTimeout(rule_id, source, timeout)
    try:
        end = len(text) if endpos is None else endpos
        # concurrent=False: with a timeout, regex otherwise lets go of the interpreter
        # lock at each time check, and with other threads about (the --jobs pool's)
        # getting it back took milliseconds: 4x the time per record in --jobs 2's
        # main process. The arguments go by position, (string, pos, endpos, overlapped,
        # concurrent, partial, timeout) as regex's C signature has them (its docstring
        # leaves out partial): keywords cost its parser about 0.35 µs a call, a third of
        # a short match (tests/checks/test_matching.py checks the order).
        for match in pattern.finditer(text, pos, end, False, False, False, left):
            yield match
            if time.monotonic() > deadline:
                raise TimeoutError
    except TimeoutError:
        raise RegexTimeout(rule_id, source, timeout) from None
    except (MemoryError, RecursionError) as err:  # (a recursion that ran out of memory)
        raise RegexTimeout(rule_id, source, timeout, failed=type(err).__name__) from None


def iter_led_matches(
    pattern: CompiledRegex,
    text: str,
    haystack: str,
    leads: Sequence[str],
    *,
    deadline: float,
    timeout: float,
    rule_id: str,
    source: str,
) -> Iterator[Any]:
    """What ``pattern.finditer(text)`` yields, trying the pattern only where a match can
    start: where one of ``leads`` occurs in ``haystack`` (``text`` itself, or its
    lower-cased form of the same length when the pattern ignores case), the strings
    every match starts with (:func:`~guidelint.text.prefilter.leading_literals`).

    A scan tries every position from where the last match ended; a match can start
    only at a lead, so trying the leads in order, each from where the last match ended,
    finds the same matches. The rule's time limit holds as in :func:`iter_matches`.
    """
    starts: set[int] = set()
    for lead in leads:
        at = haystack.find(lead)
        while at >= 0:
            starts.add(at)
            at = haystack.find(lead, at + 1)
    reached = 0
    try:  # (the same limits and errors as iter_matches)
        for start in sorted(starts):
            if start < reached:
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            # (string, pos, endpos, concurrent, partial, timeout): see iter_matches
            match = pattern.match(text, start, None, False, False, left)
            if match is not None and match.end() > start:
                yield match
                reached = match.end()
    except TimeoutError:
        raise RegexTimeout(rule_id, source, timeout) from None
    except (MemoryError, RecursionError) as err:
        raise RegexTimeout(rule_id, source, timeout, failed=type(err).__name__) from None


def literal_source(literal: str, *, word_boundary: bool, fuzzy: int = 0) -> str:
    """The regex source of one (already normalised) literal.

    With ``word_boundary`` the literal must not touch a word character on a side
    where it starts or ends with one (so ``cannot`` does not match ``cannoted``, and
    ``e.g.`` still matches before a space).
    """
    body: str = regex.escape(literal)
    if fuzzy:
        body = f"(?:{body}){{e<={fuzzy}}}"
    if word_boundary and _is_word_char(literal[:1]):
        body = r"(?<!\w)" + body
    if word_boundary and _is_word_char(literal[-1:]):
        body += r"(?!\w)"
    return body


def bounded_source(source: str, *, word_boundary: bool) -> str:
    """A user regex that, like a literal, does not run on into a word at a word edge.

    A boundary is added at a side where the source starts or ends with a letter,
    digit or underscore (not an escape such as ``\\d``).
    """
    before = word_boundary and _is_word_char(source[:1])
    after = word_boundary and _is_word_char(source[-1:]) and source[-2:-1] != "\\"
    if not (before or after):
        return source
    return (r"(?<!\w)" if before else "") + f"(?:{source})" + (r"(?!\w)" if after else "")


def _has_any(text: str) -> Callable[[tuple[str, ...]], bool]:
    """Whether any of some strings occurs in ``text`` (case-sensitive literals)."""

    def has_any(anchors: tuple[str, ...]) -> bool:
        return any(anchor in text for anchor in anchors)

    return has_any


#: Whether the character at a position is a word character as ``regex`` sees ``\\w``
#: (the literals' boundaries are ``(?<!\\w)`` and ``(?!\\w)``).
_WORD_AT: Callable[[str, int], Any] = regex.compile(r"\w").match


def spellings(phrase: str) -> tuple[str, ...]:
    """The ways ``phrase`` may be written in Unicode: as given, composed (NFC) and
    decomposed (NFD), so ``naïve`` matches a text that writes the ``ï`` as ``i`` and a
    combining diaeresis, and the other way round. Plain ASCII has one spelling."""
    if phrase.isascii():
        return (phrase,)
    forms = (phrase, unicodedata.normalize("NFC", phrase), unicodedata.normalize("NFD", phrase))
    return tuple(dict.fromkeys(forms))


def _is_word_char(char: str) -> bool:
    """Whether ``char`` is a word character as ``\\w`` has it: a combining accent is
    one (a literal that ends with one, the decomposed ``café``, is bounded after it)."""
    return bool(char) and (char.isalnum() or char == "_" or _WORD_AT(char, 0) is not None)


class LiteralMatcher:
    """Find any of several literal phrases in a text; yields ``(start, end, index)``.

    ``index`` is the position in ``literals`` of the phrase that matched. Literals
    are normalised like the text (plain quotes; lower-cased unless ``case_sensitive``);
    duplicates after normalisation keep their first index. With ``fuzzy`` > 0, a
    literal also matches with edits (insertions, deletions, substitutions): one per
    ``fuzzy_min_length`` characters, at most ``fuzzy``; shorter ones match exactly.
    """

    def __init__(
        self,
        literals: Sequence[str],
        *,
        case_sensitive: bool = False,
        word_boundary: bool = True,
        fuzzy: int = 0,
        fuzzy_min_length: int = 8,
    ):
        self.case_sensitive = case_sensitive
        #: What it was made from: it is pickled as a call of the class with them.
        self._made_from: tuple[tuple[str, ...], bool, bool, int, int] = (
            tuple(literals),
            case_sensitive,
            word_boundary,
            fuzzy,
            fuzzy_min_length,
        )
        self.pieces: list[Piece] = []
        exact: list[tuple[str, int, str]] = []  # (normalised, literal index, source)
        self._fuzzy: list[FuzzyLiteral] = []
        seen: set[str] = set()
        for index, phrase in enumerate(literals):
            for norm in spellings(self.normalise(phrase)):
                if not norm or norm in seen:
                    continue
                seen.add(norm)
                edits = min(fuzzy, len(norm) // fuzzy_min_length)
                if edits:
                    source = literal_source(norm, word_boundary=word_boundary, fuzzy=edits)
                    self.pieces.append(Piece("fuzzy", source, phrase))
                    compiled = regex.compile(source, regex.ENHANCEMATCH)
                    pieces = pigeonhole(norm, edits)
                    self._fuzzy.append(
                        FuzzyLiteral(compiled, index, source, len(norm), edits, pieces)
                    )
                else:
                    source = literal_source(norm, word_boundary=word_boundary)
                    self.pieces.append(Piece("literal", source, phrase))
                    exact.append((norm, index, source))
        #: Strings one of which every match contains: exact literals and fuzzy pieces.
        self.anchors = [norm for norm, _, _ in exact] + [
            piece for literal in self._fuzzy for piece, _ in literal.anchors
        ]
        exact.sort(key=lambda item: -len(item[0]))  # longest first: prefer the longer phrase
        self._exact_index = [index for _, index, _ in exact]
        #: (literal, index, bounded before, bounded after), in the alternation's order:
        #: what :meth:`_exact_spans` finds with ``str.find`` instead of the alternation.
        self._exact_literals = [
            (
                norm,
                index,
                word_boundary and _is_word_char(norm[:1]),
                word_boundary and _is_word_char(norm[-1:]),
            )
            for norm, index, _ in exact
        ]
        #: The combined alternation of the exact literals, one capture group each.
        self.alternation = "|".join(f"({source})" for _, _, source in exact)
        #: Compiled on first use: most texts never pass the anchor test, and a cached
        #: guideline is unpickled on every start-up (see :meth:`__reduce__`).
        self._has_exact = bool(exact)
        self._exact_folded: CompiledRegex | None = None
        anchors = minimal(norm for norm, _, _ in exact)
        self._anchors = anchors if len(anchors) <= MAX_PREFILTER_ANCHORS else None
        #: The intact pieces of each fuzzy literal (one of them occurs in every match).
        self._fuzzy_pieces = [tuple(piece for piece, _ in lit.anchors) for lit in self._fuzzy]

    def __reduce__(self) -> tuple[Callable[..., LiteralMatcher], tuple[Any, ...]]:
        # Pickled as a call of the class (for the cache of compiled guidelines): the
        # compiled (mypyc) class is unpickled by calling it without arguments otherwise.
        return (_literal_matcher, self._made_from)

    def prefilter(self) -> Prefilter | None:
        """What a text must contain for any literal to match.

        (See :mod:`guidelint.text.prefilter`.) Lower-cased, it lists every anchor
        :meth:`finditer` asks about, also those that contain another (the fuzzy pieces
        ``as an ai lan`` and ``as an ai ``): the phrase index searches them all in its one
        pass and notes them, so :meth:`finditer` needs no substring test of its own. A
        text holds one of them exactly when it holds one of the minimal ones.
        """
        prefilter = literal_prefilter(self.anchors, lower=not self.case_sensitive)
        if prefilter is None or self.case_sensitive:
            return prefilter
        return Prefilter(lower=tuple(dict.fromkeys([*prefilter.lower, *self.anchors])))

    def normalise(self, phrase: str) -> str:
        plain = to_plain(phrase)
        return plain if self.case_sensitive else plain.lower()

    def __bool__(self) -> bool:
        return bool(self.pieces)

    def finditer(
        self, analysis: TextAnalysis, *, deadline: float, timeout: float, rule_id: str
    ) -> Iterator[tuple[int, int, int]]:
        """Every match, exact literals first then fuzzy ones (callers sort and merge)."""
        text, folded = self._haystack(analysis)
        lower = not (folded or self.case_sensitive)  # text is analysis.lower_plain
        has_any = analysis.has_any_lower if lower else _has_any(text)
        if self._has_exact and (folded or self._anchors is None or has_any(self._anchors)):
            if folded:
                if self._exact_folded is None:
                    self._exact_folded = regex.compile(self.alternation, regex.IGNORECASE)
                for match in self._exact_folded.finditer(text):
                    yield match.start(), match.end(), self._exact_index[match.lastindex - 1]
            else:
                yield from self._exact_spans(text)
        for literal, pieces in zip(self._fuzzy, self._fuzzy_pieces, strict=True):
            if not folded and not has_any(pieces):
                continue  # no piece intact: no match with this few edits
            for start, end in self._fuzzy_spans(literal, text, folded, deadline, timeout, rule_id):
                yield start, end, literal.index

    def _exact_spans(self, text: str) -> list[tuple[int, int, int]]:
        """What the alternation of the exact literals finds in ``text``, found with
        ``str.find``: the leftmost match, the longest literal there (the alternation's
        order), then on from its end, each within its word boundaries as the regex
        (``regex``'s ``\\w``) tests them. Five to ten times faster than scanning
        ``text`` with the alternation (docs/benchmarks.md)."""
        found: list[tuple[int, int, int, int]] = []  # (start, order, end, index)
        size = len(text)
        word_at = _WORD_AT
        for order, (literal, index, before, after) in enumerate(self._exact_literals):
            start = text.find(literal)
            while start >= 0:
                end = start + len(literal)
                if not (
                    (before and start and word_at(text, start - 1))
                    or (after and end < size and word_at(text, end))
                ):
                    found.append((start, order, end, index))
                start = text.find(literal, start + 1)
        if len(found) > 1:
            found.sort()
        spans: list[tuple[int, int, int]] = []
        reached = 0
        for start, _, end, index in found:
            if start >= reached:
                spans.append((start, end, index))
                reached = end
        return spans

    def _fuzzy_spans(
        self,
        literal: FuzzyLiteral,
        text: str,
        folded: bool,
        deadline: float,
        timeout: float,
        rule_id: str,
    ) -> list[tuple[int, int]]:
        """Search only the windows around intact pieces."""
        compiled = literal.compiled
        if folded:
            compiled = regex.compile(literal.source, regex.ENHANCEMATCH | regex.IGNORECASE)
        run = functools.partial(
            iter_matches,
            compiled,
            text,
            deadline=deadline,
            timeout=timeout,
            rule_id=rule_id,
            source=literal.source,
        )
        windows = [(0, len(text))] if folded else literal.windows(text)
        return [
            trim(compiled, text, *match.span())
            for pos, endpos in windows
            for match in run(pos=pos, endpos=endpos)
        ]

    def _haystack(self, analysis: TextAnalysis) -> tuple[str, bool]:
        """The text to search and whether it needs ``IGNORECASE`` (length-changing case)."""
        if self.case_sensitive:
            return analysis.plain, False
        lower = analysis.lower_plain
        if len(lower) == len(analysis.text):
            return lower, False
        return analysis.plain, True


def _literal_matcher(
    literals: tuple[str, ...],
    case_sensitive: bool,
    word_boundary: bool,
    fuzzy: int,
    fuzzy_min_length: int,
) -> LiteralMatcher:
    """A :class:`LiteralMatcher` made again from what it was made from (unpickling)."""
    return LiteralMatcher(
        literals,
        case_sensitive=case_sensitive,
        word_boundary=word_boundary,
        fuzzy=fuzzy,
        fuzzy_min_length=fuzzy_min_length,
    )
