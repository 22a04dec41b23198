"""Forbid sequences of tokens described by spaCy Matcher patterns.

What it does
------------
Each pattern is a list of token descriptions, written in YAML exactly as for spaCy's
``Matcher``. The text is split by the tokenizer of ``spacy.blank("en")`` — no model is
downloaded and nothing but the tokenizer runs — so only attributes that a tokenizer
can compute are available; the rule is rejected when a pattern uses others (``POS``,
``TAG``, ``DEP``, ``LEMMA``, ``ENT_TYPE``, ``MORPH`` need a trained pipeline).
spaCy is imported only when a guideline has a ``tokens`` rule.

Typographic apostrophes and quotes are made plain before tokenising, so
``{LOWER: "'m"}`` matches the ``’m`` of ``I’m``. Case matters as in spaCy: use
``LOWER`` for case-insensitive words, ``ORTH``/``TEXT`` for exact ones.

Token attributes:

* ``LOWER``, ``ORTH``, ``TEXT``, ``NORM``: the token text (lower-cased, exact, exact,
  normalised).
* ``LENGTH``: the number of characters (``{LENGTH: {">=": 12}}``).
* ``IS_PUNCT``, ``IS_UPPER``, ``IS_TITLE``, ``IS_LOWER``, ``IS_ALPHA``, ``IS_DIGIT``,
  ``IS_STOP``, ``LIKE_NUM``, ``LIKE_URL``, ``LIKE_EMAIL``: ``true`` or ``false``.
* ``SHAPE``, ``PREFIX``, ``SUFFIX``: spaCy's word shape (``Xxxx``) and affixes.
* ``{TEXT: {REGEX: "^colou?r$"}}`` (also with ``LOWER``…), ``IN``, ``NOT_IN``, and
  the comparisons ``==``, ``>=``… as in spaCy.
* ``OP``: ``"?"``, ``"*"``, ``"+"``, ``"!"``, ``"{2}"``, ``"{1,3}"``.

Regular expressions in patterns (``REGEX``) run with the ``regex`` module under the
time limit of every user regex (``timeout``, one second per text, shared by the rule's patterns;
past it, the rule reports a ``rule-timeout`` for that text), and are compiled and tried
on short probe texts when the guideline loads, as ``pattern`` and ``phrase`` do. (spaCy
would run them with Python's ``re``, which has no time limit: guidelint gives the
Matcher a token extension that runs the regex instead.) Overlapping matches are reduced
to the longest.

Why
---
Some rules are about words rather than characters (a word in any inflection, a word
followed by another); spaCy's token patterns say that more precisely than a regular
expression.

Options
-------
* ``patterns``: a list of patterns; each a list of token descriptions.
* ``timeout``: seconds the patterns' ``REGEX`` tests may run on one
  text; beyond that the rule reports a ``rule-timeout`` for that text.

Message parameters: ``{match}`` (the matched text), ``{pattern}`` (the 0-based index
of the pattern that matched), ``{count}`` (matches in this text).

Example
-------
.. code-block:: yaml

    - id: no-ai-self-reference
      check: tokens
      patterns:
        - [{LOWER: "as"}, {LOWER: {IN: ["an", "a"]}}, {LOWER: "ai"}]
        - [{LOWER: "i"}, {LOWER: "'m"}, {LOWER: "just", OP: "?"}, {LOWER: "a"},
           {LOWER: "language"}, {LOWER: "model"}]

passes ``Our AI assistant answers in seconds.`` and fails ``As an AI, I can't do
that.`` and ``I’m just a language model.``

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

import difflib
import itertools
import re
import time
from collections.abc import Iterable
from typing import Any

from pydantic import Field, field_validator

from guidelint.checks.base import Check, CheckOptions, Finding, Target
from guidelint.checks.matching import (
    DEFAULT_TIMEOUT,
    CompiledRegex,
    RegexTimeout,
    compile_user_regex,
    deadline_after,
)
from guidelint.errors import GuidelineError
from guidelint.text import TextAnalysis

_BLANK_NAMES = (
    "ORTH TEXT LOWER NORM LENGTH SHAPE PREFIX SUFFIX IS_ALPHA IS_ASCII IS_DIGIT IS_LOWER "
    "IS_UPPER IS_TITLE IS_PUNCT IS_SPACE IS_STOP IS_BRACKET IS_QUOTE IS_LEFT_PUNCT "
    "IS_RIGHT_PUNCT IS_CURRENCY LIKE_NUM LIKE_URL LIKE_EMAIL OP"
)
_TRAINED_NAMES = (
    "POS TAG DEP LEMMA MORPH ENT_TYPE ENT_IOB ENT_ID ENT_KB_ID SENT_START IS_SENT_START"
)
#: Token attributes a blank (tokenizer-only) English pipeline fills in.
BLANK_ATTRIBUTES = frozenset(_BLANK_NAMES.split())
#: Attributes that only a trained pipeline sets: rejected with an explanation.
TRAINED_ATTRIBUTES = frozenset(_TRAINED_NAMES.split())

#: Token attributes a REGEX may test, and the Token attribute holding their text.
_REGEX_ATTRIBUTES = {
    "ORTH": "text",
    "TEXT": "text",
    "LOWER": "lower_",
    "NORM": "norm_",
    "SHAPE": "shape_",
    "PREFIX": "prefix_",
    "SUFFIX": "suffix_",
}
#: Token extensions made so far (their names must be unique in the process).
_extensions = itertools.count()

#: (compare with the lower-cased text?, the texts one required token may have), per token.
_Needs = list[tuple[bool, tuple[str, ...]]]
#: spaCy's Matcher quantifiers.
_OP_RE = re.compile(r"[!?+*]|\{\d+\}|\{\d+,\d*\}|\{,\d+\}")

_nlp: Any = None


def blank_nlp() -> Any:
    """The process-wide ``spacy.blank("en")`` pipeline, created on first use."""
    global _nlp
    if _nlp is None:
        import spacy

        _nlp = spacy.blank("en")
    return _nlp


class TokensOptions(CheckOptions):
    patterns: list[list[dict[str, Any]]]
    timeout: float = Field(DEFAULT_TIMEOUT, gt=0)

    @field_validator("patterns", mode="before")
    @classmethod
    def _shape(cls, value: object) -> object:
        if not isinstance(value, list) or not value:
            raise ValueError(
                'give a list of patterns, each a list of tokens: [[{LOWER: "as"}, {LOWER: "an"}]]'
            )
        if all(isinstance(item, dict) for item in value):
            raise ValueError(
                "patterns is a list of patterns, and this looks like a single pattern: "
                "wrap it in another list (patterns: [[{LOWER: ...}, ...]])"
            )
        for i, pattern in enumerate(value):
            if not isinstance(pattern, list) or not pattern:
                raise ValueError(
                    f"pattern {i} must be a non-empty list of token descriptions, got {pattern!r}"
                )
            for j, token in enumerate(pattern):
                _check_token(i, j, token)
        return value


def _check_token(i: int, j: int, token: object) -> None:
    where = f"pattern {i}, token {j}"
    if not isinstance(token, dict) or not token:
        raise ValueError(f'{where} must be a mapping such as {{LOWER: "ai"}}, got {token!r}')
    for key, spec in token.items():
        name = str(key).upper()
        if name in TRAINED_ATTRIBUTES:
            raise ValueError(
                f"{where}: {key} needs a trained spaCy pipeline; the tokens check "
                "runs only the tokenizer (use LOWER, ORTH, TEXT, IS_… or LENGTH)"
            )
        if name not in BLANK_ATTRIBUTES:
            close = difflib.get_close_matches(name, sorted(BLANK_ATTRIBUTES), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ValueError(f"{where}: unknown token attribute {key!r}{hint}")
        if name == "OP" and not (isinstance(spec, str) and _OP_RE.fullmatch(spec)):
            raise ValueError(
                f"{where}: OP is one of !, ?, +, * or a count {{n}}, {{n,m}}, {{n,}}, {{,m}}; "
                f"not {spec!r}"
            )
        if name.startswith(("IS_", "LIKE_")) and not isinstance(spec, bool):
            raise ValueError(f"{where}: {key} is true or false, not {spec!r}")
        if isinstance(spec, dict):
            for op, operand in spec.items():
                if str(op).upper() == "REGEX":
                    if name not in _REGEX_ATTRIBUTES:
                        known = ", ".join(sorted(_REGEX_ATTRIBUTES))
                        raise ValueError(f"{where}: REGEX applies to {known}, not {key}")
                    compile_user_regex(str(operand), what=f"{where}: REGEX")


class TokensCheck(Check):
    """Report every sequence of tokens that one of the patterns matches."""

    Options = TokensOptions
    analysis = frozenset({"lower_plain", "plain"})
    default_message = "forbidden token sequence '{match}'"
    requires = frozenset({"spacy"})

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        if not isinstance(options, TokensOptions):
            raise TypeError(f"{type(self).__name__} needs TokensOptions")
        from spacy.matcher import Matcher

        self.nlp = blank_nlp()
        self.matcher = Matcher(self.nlp.vocab, validate=True)
        self._keys: dict[int, int] = {}
        #: when matching the text being checked must stop, and whether it did
        self._deadline = 0.0
        self._timed_out: str | None = None
        self._failed = ""
        self._timeout = options.timeout
        for index, pattern in enumerate(options.patterns):
            key = f"{rule_id or 'tokens'}#{index}"
            try:
                self.matcher.add(key, [self._with_regexes(_canonical(pattern))])
            except (ValueError, re.error) as err:
                detail = str(err).replace(f"rule '{key}'", "").strip()
                raise GuidelineError(
                    f"rule '{rule_id}': tokens pattern {index} is invalid: {detail}",
                    hint="see the token attributes and operators in docs/checks/tokens.md",
                ) from None
            self._keys[self.nlp.vocab.strings[key]] = index
        needs = [_required_strings(_canonical(p)) for p in options.patterns]
        #: Per pattern, strings the text must contain; None when a pattern has no such test.
        self._needs: list[_Needs] | None = [n for n in needs if n]
        if len(self._needs) < len(needs):
            self._needs = None

    def _with_regexes(self, pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``pattern`` with each ``{ATTR: {REGEX: p}}`` made a test of a token extension
        that runs ``p`` with the ``regex`` module, under the rule's time limit."""
        tokens: list[dict[str, Any]] = []
        for token in pattern:
            token = dict(token)
            for attr, spec in list(token.items()):
                if not isinstance(spec, dict) or "REGEX" not in spec:
                    continue
                spec = dict(spec)
                source = str(spec.pop("REGEX"))
                if spec:
                    token[attr] = spec
                else:
                    del token[attr]
                name = f"guidelint_regex_{next(_extensions)}"
                getter = self._regex_test(compile_user_regex(source), source, attr)
                Token = _token_class()
                Token.set_extension(name, getter=getter)
                token.setdefault("_", {})[name] = True
            tokens.append(token)
        return tokens

    def _regex_test(self, compiled: CompiledRegex, source: str, attr: str) -> Any:
        field = _REGEX_ATTRIBUTES[attr]

        def test(token: Any) -> bool:
            if self._timed_out is not None:
                return False
            left = self._deadline - time.monotonic()
            try:
                if left > 0:
                    return compiled.search(getattr(token, field), timeout=left) is not None
            except TimeoutError:
                pass
            except (MemoryError, RecursionError) as err:
                self._timed_out, self._failed = source, type(err).__name__
                return False
            self._timed_out, self._failed = source, ""
            return False

        return test

    def check(self, target: Target) -> Iterable[Finding]:
        text = target.value
        if not text.strip() or not self._may_match(target.analysis):
            return []
        doc = self.nlp.make_doc(target.analysis.plain)
        timeout = self._timeout
        self._deadline, self._timed_out = deadline_after(timeout), None
        found = self.matcher(doc)
        if self._timed_out is not None:
            raise RegexTimeout(self.rule_id, self._timed_out, timeout, failed=self._failed)
        matches = [(start, end, self._keys[key]) for key, start, end in found]
        kept = [
            (doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), index)
            for start, end, index in _longest_first(matches)
        ]
        return [
            Finding(
                start,
                end,
                params={"match": text[start:end], "pattern": index, "count": len(kept)},
            )
            for start, end, index in kept
        ]

    def _may_match(self, analysis: TextAnalysis) -> bool:
        """Whether some pattern can match, judged by substrings (before tokenising)."""
        if self._needs is None or len(analysis.lower_plain) != len(analysis.text):
            return True
        texts = {False: analysis.plain, True: analysis.lower_plain}
        return any(
            all(any(s in texts[lower] for s in options) for lower, options in need)
            for need in self._needs
        )


def _required_strings(pattern: list[dict[str, Any]]) -> _Needs:
    """For each token that must occur: (compare lower-cased?, its possible texts).

    Only ``ORTH``/``TEXT``/``LOWER`` given as a string or ``IN`` list count; empty
    when no token of the pattern gives such a test.
    """
    needs: _Needs = []
    for token in pattern:
        op = str(token.get("OP", ""))
        if op in ("?", "*", "!") or re.fullmatch(r"\{0?,.*\}|\{0\}", op):
            continue
        for attr, lower in (("ORTH", False), ("TEXT", False), ("LOWER", True)):
            spec = token.get(attr)
            if isinstance(spec, dict) and list(spec) == ["IN"]:
                spec = spec["IN"]
            options = (spec,) if isinstance(spec, str) else spec
            if isinstance(options, (list, tuple)) and all(isinstance(o, str) for o in options):
                needs.append((lower, tuple(options)))
                break
    return needs


def _token_class() -> Any:
    from spacy.tokens import Token

    return Token


def _canonical(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Upper-case attribute and predicate names (YAML authors may write ``lower:``)."""
    return [{str(k).upper(): _upper_keys(v) for k, v in token.items()} for token in pattern]


def _upper_keys(spec: Any) -> Any:
    if isinstance(spec, dict):
        return {str(k).upper(): v for k, v in spec.items()}
    return spec


def _longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Keep the longest of overlapping token matches (ties: earliest), in text order."""
    kept: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for match in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        tokens = range(match[0], match[1])
        if not taken.intersection(tokens):
            kept.append(match)
            taken.update(tokens)
    return sorted(kept)
