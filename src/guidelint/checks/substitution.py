"""Replace outdated or wrong terms by the preferred ones.

What it does
------------
Each occurrence of a term is reported with a fix that replaces it by the preferred
term, so ``guidelint --fix`` can rewrite the dataset. Terms match whole words only,
case-insensitively by default, and typographic apostrophes and quotes count as plain
ones (``Nimbus’s`` is found by ``Nimbus's``). An accented letter matches whether it
is written as one character or as a letter and a combining accent (Unicode NFC or NFD).
A web or e-mail address is left as it is spelt (``https://e-mail.example.com``,
``help@e-mail.org``): a fix there would break the link.

The replacement keeps the capitalisation of what was written where that is sensible:

* the match is all capitals and the term is not (``NIMBUS BASIC``): the suggestion is
  upper-cased (``NIMBUS STARTER``);
* the match starts with a capital, the term does not, and the suggestion starts with a
  lower-case letter (``Utilize`` at the start of a sentence, term ``utilize``,
  suggestion ``use``): the suggestion's first letter is capitalised (``Use``);
* otherwise the suggestion is used as written (``nimbus basic`` → ``Nimbus Starter``).

An occurrence that is already part of its suggestion is skipped (term ``Starter``,
suggestion ``Nimbus Starter``, text ``Nimbus Starter``), and so is one that its
replacement would leave as it is. A term that differs from its suggestion only in case
(``github: GitHub``) corrects the case: ``github`` and ``Github`` are reported,
``GitHub`` is not (nor ``GITHUB``, which keeps its capitals as above).

Why
---
Outdated product names, misspelt terms and house-style variants in responses become what
a fine-tuned model writes; one consistent term per concept is what the guideline asks
for.

Options
-------
* ``terms``: a mapping of term → preferred term. Terms that are the same
  once case and typographic quotes are ignored are an error (unless ``case_sensitive``).
* ``case_sensitive``: match terms with their exact case.
* ``safe``: whether the fixes are safe; mark a list ``false`` when a
  replacement may change the meaning, so that ``--fix`` applies it only together with
  ``--unsafe-fixes``.

Message parameters: ``{match}`` (the text as written), ``{suggestion}`` (the
replacement, capitalised as above), ``{term}`` (the term as written in the rule).

Example
-------
.. code-block:: yaml

    - id: current-plan-names
      check: substitution
      terms:
        Nimbus Basic: Nimbus Starter
        e-mail: email

passes ``Upgrade to Nimbus Starter by email.`` and fails ``Upgrade to nimbus basic by
e-mail.`` (two violations, fixed to ``Upgrade to Nimbus Starter by email.``).

Fix safety
----------
Each finding carries a fix that replaces the term with the preferred one. The fixes are
safe (applied by ``--fix``) unless the rule sets ``safe: false``; then only ``--fix
--unsafe-fixes`` applies them, and ``--diff`` shows them first.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import field_validator, model_validator

from guidelint.checks.base import Check, CheckOptions, Description, Finding, Target
from guidelint.checks.matching import DEFAULT_TIMEOUT, LiteralMatcher, deadline_after
from guidelint.model import Fix
from guidelint.text import to_plain
from guidelint.text.prefilter import Prefilter


class SubstitutionOptions(CheckOptions):
    terms: dict[str, str]
    case_sensitive: bool = False
    safe: bool = True

    @field_validator("terms")
    @classmethod
    def _valid_terms(cls, value: dict[str, str]) -> dict[str, str]:
        if not value:
            raise ValueError("give at least one 'term: preferred term' pair")
        for term, suggestion in value.items():
            if not term.strip():
                raise ValueError("a term is empty; remove it")
            if not suggestion.strip():
                raise ValueError(
                    f"the replacement of {term!r} is empty; "
                    "to ban a term without a replacement, use the phrase check"
                )
            if to_plain(term) == to_plain(suggestion):
                raise ValueError(f"term {term!r} is replaced by itself")
        return value

    @model_validator(mode="after")
    def _distinct(self) -> SubstitutionOptions:
        seen: dict[str, str] = {}
        for term in self.terms:
            key = to_plain(term) if self.case_sensitive else to_plain(term).lower()
            if key in seen:
                raise ValueError(
                    f"terms {seen[key]!r} and {term!r} are the same term "
                    "(case and typographic quotes are ignored); keep one"
                )
            seen[key] = term
        return self


def match_case(match: str, term: str, suggestion: str) -> str:
    """The suggestion capitalised like ``match`` where sensible (see the module doc)."""
    if match.isupper() and not term.isupper() and sum(c.isalpha() for c in match) > 1:
        return suggestion.upper()
    if match[:1].isupper() and not term[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


class SubstitutionCheck(Check):
    """Report each outdated term with a fix to the preferred one."""

    Options = SubstitutionOptions
    analysis = frozenset({"lower_plain", "plain"})
    default_message = "use '{suggestion}' instead of '{match}'"

    @classmethod
    def describe(cls, options: CheckOptions) -> Description:
        """Each outdated term and its replacement."""
        assert isinstance(options, SubstitutionOptions)
        return Description(terms=tuple(options.terms.items()))

    def __init__(self, options: CheckOptions, rule_id: str = ""):
        super().__init__(options, rule_id)
        if not isinstance(options, SubstitutionOptions):
            raise TypeError(f"{type(self).__name__} needs SubstitutionOptions")
        self.opts = options
        self.terms = list(options.terms)
        self.suggestions = [options.terms[t] for t in self.terms]
        self.matcher = LiteralMatcher(self.terms, case_sensitive=options.case_sensitive)
        # Where each term occurs inside its own suggestion (to skip "already fixed"); a
        # term that differs from its suggestion only in case (github: GitHub) is not
        # inside it: what is written is compared with the suggestion as written.
        self._inside: list[list[int]] = [
            _occurrences(self.matcher.normalise(t), self.matcher.normalise(s))
            if self.matcher.normalise(t) != self.matcher.normalise(s)
            else []
            for t, s in zip(self.terms, self.suggestions, strict=True)
        ]

    def prefilter(self) -> Prefilter | None:
        """What a text must contain for a term to match (see :mod:`guidelint.text.prefilter`)."""
        return self.matcher.prefilter()

    def check(self, target: Target) -> Iterable[Finding]:
        text = target.value
        if not text:
            return []
        analysis = target.analysis
        found = self.matcher.finditer(
            analysis,
            deadline=deadline_after(DEFAULT_TIMEOUT),
            timeout=DEFAULT_TIMEOUT,
            rule_id=self.rule_id,
        )
        findings = []
        for start, end, index in sorted(found):
            if self._already_suggested(analysis.plain, start, index):
                continue
            if analysis.in_address(start, end):
                continue  # a web or e-mail address is spelt as it is, not as house style
            written = text[start:end]
            term = self.terms[index]
            suggestion = match_case(written, term, self.suggestions[index])
            if to_plain(suggestion) == to_plain(written):
                continue  # already as the rule wants it (GitHub; STRASSE for Straße)
            findings.append(
                Finding(
                    start,
                    end,
                    params={"match": written, "suggestion": suggestion, "term": term},
                    fix=Fix(start, end, suggestion, safe=self.opts.safe),
                )
            )
        return findings

    def _already_suggested(self, plain: str, start: int, index: int) -> bool:
        suggestion = self.matcher.normalise(self.suggestions[index])
        for offset in self._inside[index]:
            begin = start - offset
            if begin >= 0 and self.matcher.normalise(plain[begin : begin + len(suggestion)]) == (
                suggestion
            ):
                return True
        return False


def _occurrences(needle: str, haystack: str) -> list[int]:
    """Every offset of ``needle`` in ``haystack`` (overlapping)."""
    offsets, pos = [], haystack.find(needle)
    while pos >= 0:
        offsets.append(pos)
        pos = haystack.find(needle, pos + 1)
    return offsets
