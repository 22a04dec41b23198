"""A readability score outside the range the guideline wants.

What it does
------------
Computes one textstat_ readability formula on the response and reports it when it
falls below ``min`` or above ``max``. Formulas mean little on a few words, so texts
shorter than ``min_words`` are skipped. Fenced code blocks are left out of the text
measured unless ``include_code`` is set. Markdown list items without a final full
stop read as one long sentence to the formulas, so prefer this check on prose.

Why
---
Responses written well above the readers' level are hard to use; a score bound keeps the
training data at the reading level the guideline sets.

Options
-------
* ``metric``: one of ``flesch_reading_ease``
  (0-100, higher is easier), ``flesch_kincaid_grade``, ``gunning_fog``,
  ``smog_index`` (0 under 3 sentences), ``coleman_liau_index``,
  ``automated_readability_index``, ``dale_chall_readability_score``,
  ``linsear_write_formula``, ``spache_readability`` or ``text_standard`` (the
  consensus US school grade of the others, as a number).
* ``min``: lowest score allowed.
* ``max``: highest score allowed.
* ``min_words``: texts with fewer words are not scored.
* ``include_code``: also score fenced code blocks.

At least one of ``min`` and ``max`` is required. The score is rounded to one decimal
before it is compared.

Message params: ``metric``, ``label`` (the metric's readable name), ``value`` (rounded
to one decimal), ``min``, ``max``, ``bound`` (the limit crossed), ``kind``
(``too_low`` or ``too_high``) and ``expected`` ("at least 50"). The span is the
whole text.

Runs offline: textstat counts syllables with the CMU Pronouncing Dictionary, which
it would download through NLTK on first use. guidelint gives it a table of syllable
counts derived from that dictionary and shipped inside the guidelint package (BSD
licence kept in ``guidelint/data/CMUDICT-LICENSE``; loaded once per process), so the
check never touches the network. textstat is imported only when the check runs.

Example
-------
The rule (plain language: at most a 12th-grade text)::

    - id: response-readability
      check: readability
      severity: info
      metric: flesch_kincaid_grade
      max: 12

Passing (grade 2.0)::

    response: You can change your password at any time. Open the app and tap
      Settings. Choose Security, then Change password. Type your old password once
      and the new one twice. Tap Save, and you are done.

Failing ("Flesch-Kincaid grade is 36.3; at most 12 expected")::

    response: Notwithstanding the aforementioned considerations, subsequent
      reconfiguration of authentication credentials necessitates comprehensive
      verification of organizational identity documentation, alongside corroborating
      institutional authorization, prior to administrative acknowledgement of the
      modification request submitted by the account holder.

.. _textstat: https://github.com/textstat/textstat

Fix safety
----------
No fix: what to write instead needs a person. ``--fix`` leaves these violations as they
are.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import sys
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from types import ModuleType
from typing import Literal

from pydantic import NonNegativeInt, model_validator

from guidelint.checks.base import Check, CheckOptions, Finding, Target

Metric = Literal[
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "coleman_liau_index",
    "automated_readability_index",
    "dale_chall_readability_score",
    "linsear_write_formula",
    "spache_readability",
    "text_standard",
]

LABELS: dict[str, str] = {
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch-Kincaid grade",
    "gunning_fog": "Gunning fog index",
    "smog_index": "SMOG index",
    "coleman_liau_index": "Coleman-Liau index",
    "automated_readability_index": "automated readability index",
    "dale_chall_readability_score": "Dale-Chall score",
    "linsear_write_formula": "Linsear Write score",
    "spache_readability": "Spache score",
    "text_standard": "consensus grade",
}

#: Where textstat 0.7 counts syllables; its ``get_cmudict`` global is what we replace.
_SYLLABLE_MODULE = "textstat.backend.counts._count_syllables"


class SyllableTable(Mapping[str, list[list[str]]]):
    """CMU syllable counts in the shape textstat reads from a pronouncing dictionary.

    textstat counts the phones ending in a stress digit in ``entry[0]``; each entry
    here is one "pronunciation" of that many stressed phones, so textstat sees exactly
    the counts of the CMU Pronouncing Dictionary (BSD-licensed; guidelint ships only
    the derived ``word → syllables`` table, see ``data/CMUDICT-LICENSE``).
    """

    def __init__(self, counts: Mapping[str, int | str]):
        #: word → its syllable count (as read: the digits are turned into a number when
        #: a word is looked up, not for all 126,000 words when the table loads)
        self._counts = counts

    def __getitem__(self, word: str) -> list[list[str]]:
        return [["1"] * int(self._counts[word])]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)


@functools.cache
def pronunciations() -> SyllableTable:
    """The syllable table shipped inside guidelint, loaded once per process."""
    raw = resources.files("guidelint").joinpath("data/cmu_syllables.txt.gz").read_bytes()
    # One "word<TAB>count" per line, no white space inside a word: split once, pair up
    # (a third of the time of a loop over the lines, on every run with the check).
    parts = gzip.decompress(raw).decode("utf-8").split()
    if len(parts) % 2:
        raise RuntimeError("guidelint's syllable table is damaged: reinstall guidelint")
    return SyllableTable(dict(zip(parts[0::2], parts[1::2], strict=True)))


def offline_cmudict(lang: str) -> SyllableTable | None:
    """Stand-in for textstat's ``get_cmudict``: the packaged dictionary, for English."""
    return pronunciations() if lang.split("_")[0].lower() == "en" else None


@functools.cache
def load_textstat() -> ModuleType:
    """Import textstat with its syllable counter reading :func:`offline_cmudict`.

    textstat 0.7 looks its dictionary up through ``get_cmudict``, which downloads
    NLTK's copy when none is installed. Every textstat module that imported that
    function gets :func:`offline_cmudict` in its place; if the syllable counter no
    longer uses it, this fails loudly instead of letting textstat go online.
    """
    textstat, counter = _import_without_nltk()
    count_syllables = getattr(counter, "count_syllables", None)
    code_owner = getattr(count_syllables, "__wrapped__", count_syllables)
    original = getattr(counter, "get_cmudict", None)
    names = getattr(getattr(code_owner, "__code__", None), "co_names", ())
    if original is None or "get_cmudict" not in names:
        version = ".".join(map(str, getattr(textstat, "__version__", ("unknown",))))
        raise RuntimeError(
            f"textstat {version} no longer counts syllables through "
            f"{_SYLLABLE_MODULE}.get_cmudict; guidelint cannot give it the offline "
            "CMU dictionary (update guidelint.checks.readability.load_textstat)"
        )
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat") and getattr(module, "get_cmudict", None) is original:
            module.get_cmudict = offline_cmudict  # type: ignore[attr-defined]
    return textstat


def _import_without_nltk() -> tuple[ModuleType, ModuleType]:
    """textstat and its syllable counter, imported without importing NLTK.

    textstat imports ``nltk`` (with scikit-learn and SciPy: about 2 s) only for the
    ``get_cmudict`` that :func:`load_textstat` replaces; an empty stand-in module under
    that name while textstat is imported avoids the cost. An NLTK already imported is
    used as it is; the stand-in is removed afterwards, so a later ``import nltk`` gets
    the real one.
    """
    stand_in = None
    if "nltk" not in sys.modules:
        stand_in = sys.modules["nltk"] = ModuleType("nltk", "stand-in: guidelint never uses nltk")
    try:
        return importlib.import_module("textstat"), importlib.import_module(_SYLLABLE_MODULE)
    finally:
        if stand_in is not None and sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]


def score(metric: str, text: str) -> float:
    """The value of ``metric`` for ``text``, computed offline."""
    textstat = load_textstat()
    if metric == "text_standard":
        return float(textstat.text_standard(text, float_output=True))
    formula: Callable[[str], float] = getattr(textstat, metric)
    return float(formula(text))


class ReadabilityOptions(CheckOptions):
    metric: Metric = "flesch_reading_ease"
    min: float | None = None
    max: float | None = None
    min_words: NonNegativeInt = 30
    include_code: bool = False

    @model_validator(mode="after")
    def _check_bounds(self) -> ReadabilityOptions:
        if self.min is None and self.max is None:
            raise ValueError("set min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


def measured_text(target: Target, include_code: bool) -> tuple[str, int]:
    """The plain text to score and its word count (code blocks left out unless asked)."""
    analysis = target.analysis
    plain = analysis.plain
    if include_code or not analysis.code_blocks:
        return plain, analysis.word_count
    parts, words, position = [], analysis.word_count, 0
    for start, end in analysis.code_blocks:
        parts.append(plain[position:start])
        words -= analysis.words_in(start, end)
        position = end
    parts.append(plain[position:])
    return "".join(parts), words


class ReadabilityCheck(Check):
    """Report responses whose readability score is outside ``min``..``max``."""

    Options = ReadabilityOptions
    analysis = frozenset({"code_blocks", "plain", "words"})
    default_message = "{label} is {value}; {expected}"
    requires = frozenset({"textstat"})

    def check(self, target: Target) -> Iterator[Finding]:
        options = self.options
        assert isinstance(options, ReadabilityOptions)
        text, words = measured_text(target, options.include_code)
        if words == 0 or words < options.min_words:
            return
        value = round(score(options.metric, text), 1)
        if options.min is not None and value < options.min:
            kind, bound, expected = "too_low", options.min, f"at least {options.min:g} expected"
        elif options.max is not None and value > options.max:
            kind, bound, expected = "too_high", options.max, f"at most {options.max:g} expected"
        else:
            return
        raw = target.value
        start = len(raw) - len(raw.lstrip())
        params = {
            "metric": options.metric,
            "label": LABELS[options.metric],
            "value": value,
            "min": options.min,
            "max": options.max,
            "bound": bound,
            "kind": kind,
            "expected": expected,
        }
        yield Finding(start, len(raw.rstrip()), params=params)
