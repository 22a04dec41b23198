"""Text analysis shared by the checks: :class:`TextAnalysis` and the word scanning.

:mod:`guidelint.text.analysis` holds :class:`TextAnalysis` (a module of its own so that
a wheel compiles it with mypyc: a package's ``__init__`` is not compiled, see
:mod:`guidelint.compiled`), :mod:`guidelint.text.wordchars` the word scanning,
:mod:`guidelint.text.prefilter` and :mod:`guidelint.text.phrase_index` the anchors
that let the engine skip rules.
"""

from __future__ import annotations

from guidelint.text.analysis import TextAnalysis
from guidelint.text.wordchars import WORD_RE, to_plain, word_start_bits

__all__ = ["WORD_RE", "TextAnalysis", "to_plain", "word_start_bits"]
