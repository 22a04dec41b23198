"""The :class:`Statistic` result type and the interpretation bands."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

__all__ = [
    "BAND_ADVICE",
    "DEFAULT_BANDS",
    "Statistic",
    "interpret",
]

#: Lower bounds of the interpretation bands, ascending.  A value gets the label
#: of the last band whose lower bound it reaches; anything below the first
#: bound is ``"low"``.  So: ``< 0.4`` low, ``[0.4, 0.6)`` moderate,
#: ``[0.6, 0.8)`` good, ``>= 0.8`` excellent.
DEFAULT_BANDS: tuple[tuple[float, str], ...] = (
    (0.4, "moderate"),
    (0.6, "good"),
    (0.8, "excellent"),
)

#: Short advice per default band label, for reports.
BAND_ADVICE: Mapping[str, str] = {
    "low": "agreement is low: review the annotation guidelines",
    "moderate": "agreement is moderate: clarify ambiguous guideline cases",
    "good": "agreement is good",
    "excellent": "agreement is excellent",
    "undefined": "agreement could not be computed (see the note)",
}


def interpret(
    value: float | None,
    bands: Sequence[tuple[float, str]] = DEFAULT_BANDS,
    *,
    below: str = "low",
) -> str:
    """Label an agreement value with the band it falls in.

    ``bands`` are ``(lower_bound, label)`` pairs in ascending order; values
    under the first bound get ``below``.  ``None`` (an undefined statistic)
    and NaN give ``"undefined"``.
    """
    if value is None or math.isnan(value):
        return "undefined"
    label = below
    for bound, name in bands:
        if value >= bound:
            label = name
    return label


@dataclass(frozen=True, slots=True)
class Statistic:
    """One agreement statistic.

    Attributes:
        name: statistic name, e.g. ``"krippendorff_alpha[ordinal]"``.
        value: the estimate, or ``None`` when undefined (``note`` says why).
            Never NaN.
        note: why the value is undefined, or caveats (e.g. items skipped).
        n_items: number of items (units) that entered the computation.
        n_raters: number of raters with at least one rating on those items.
        se: analytic standard error, when the statistic has one.
        ci: confidence interval ``(low, high)``, when computed.
        details: named components, e.g. ``p_o``/``p_e`` (observed and chance
            agreement) or ``D_o``/``D_e`` (observed and expected disagreement).
    """

    name: str
    value: float | None
    note: str | None = None
    n_items: int = 0
    n_raters: int = 0
    se: float | None = None
    ci: tuple[float, float] | None = None
    details: Mapping[str, float] = field(default_factory=dict)

    @property
    def defined(self) -> bool:
        """Whether :attr:`value` is a number."""
        return self.value is not None

    @property
    def interpretation(self) -> str:
        """Band label of :attr:`value` with :data:`DEFAULT_BANDS`."""
        return interpret(self.value)

    def with_ci(self, ci: tuple[float, float] | None, note: str | None = None) -> Statistic:
        """Copy with ``ci`` set and ``note`` appended to the existing note."""
        notes = [n for n in (self.note, note) if n]
        return replace(self, ci=ci, note="; ".join(notes) if notes else None)

    def to_dict(self) -> dict[str, object]:
        """Plain-Python dictionary (JSON-serialisable)."""
        return {
            "name": self.name,
            "value": self.value,
            "interpretation": self.interpretation,
            "note": self.note,
            "n_items": self.n_items,
            "n_raters": self.n_raters,
            "se": self.se,
            "ci": list(self.ci) if self.ci is not None else None,
            "details": dict(self.details),
        }
