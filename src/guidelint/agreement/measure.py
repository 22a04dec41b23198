"""One reported statistic: its value, bootstrap interval, and interpretation band.

:class:`ReportOptions` holds what every report shares (bootstrap resamples and seed,
bands, overlap target, headline metric); :func:`compute` runs one statistic of
:mod:`guidelint.agreement` with its interval and never raises: invalid input becomes
an undefined value with a note.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from guidelint.agreement.keys import HEADLINE, STATISTICS
from guidelint.agreement.statistics._core import FloatArray
from guidelint.agreement.statistics._result import BAND_ADVICE, DEFAULT_BANDS, Statistic, interpret
from guidelint.agreement.statistics.resampling import bootstrap

__all__ = [
    "HEADLINE",
    "NOT_APPLICABLE",
    "STATISTICS",
    "Bands",
    "Measure",
    "ReportOptions",
    "compute",
    "compute_mean",
    "not_applicable",
    "not_computed",
]


@dataclass(frozen=True)
class Bands:
    """Interpretation bands: ``bounds`` are ``(lower bound, label)`` ascending; values
    under the first bound get ``below``."""

    bounds: tuple[tuple[float, str], ...] = DEFAULT_BANDS
    below: str = "low"

    @classmethod
    def from_settings(cls, bands: Mapping[str, float]) -> Bands:
        """From a guideline's ``agreement.bands`` (label → lower bound); the lowest
        band also takes every value under its bound."""
        ordered = sorted(bands.items(), key=lambda kv: kv[1])
        if not ordered:
            return cls()
        return cls(tuple((bound, name) for name, bound in ordered[1:]), ordered[0][0])

    def label(self, value: float | None) -> str:
        return interpret(value, self.bounds, below=self.below)

    def advice(self, label: str) -> str | None:
        """What to do about agreement in the band ``label`` (the standard bands' names,
        whatever their bounds)."""
        return BAND_ADVICE.get(label)

    def as_dict(self) -> dict[str, float | None]:
        """Label → lower bound (``None`` for the lowest band: no lower bound)."""
        return {self.below: None, **{name: bound for bound, name in self.bounds}}


@dataclass(frozen=True)
class ReportOptions:
    """Settings shared by every statistic of a report."""

    bootstrap: int = 1000
    seed: int = 0
    confidence: float = 0.95
    bands: Bands = field(default_factory=Bands)
    overlap_target: tuple[float, float] = (0.10, 0.20)
    #: The headline statistic; None: Krippendorff's alpha (Kendall's W for rankings).
    metric: str | None = None


@dataclass(frozen=True)
class Measure:
    """A statistic as reported: ``params`` such as ``level`` or ``weights``; ``band``
    is the interpretation of its value with the report's bands."""

    key: str
    stat: Statistic
    band: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        return self.stat.value

    def to_dict(self) -> dict[str, Any]:
        stat = self.stat
        data: dict[str, Any] = {
            "value": _round(stat.value),
            "ci": [_round(v) for v in stat.ci] if stat.ci is not None else None,
            "interpretation": self.band,
            "n_items": stat.n_items,
            "n_raters": stat.n_raters,
        }
        data.update(self.params)
        if stat.note:
            data["note"] = stat.note
        return data


def _round(value: float | None) -> float | None:
    """6 decimals; ``-0.0`` (a tiny negative rounded) is ``0.0``; None for None and
    for values that are not finite (JSON has no infinity)."""
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 6) + 0.0


def compute(
    key: str,
    function: Callable[..., Statistic],
    options: ReportOptions,
    *data: Any,
    params: Mapping[str, str] | None = None,
    interval: bool = True,
    **kwargs: Any,
) -> Measure:
    """``function(*data, **kwargs)`` with a bootstrap interval over items (seeded),
    as a :class:`Measure`. A ``ValueError`` (invalid input) becomes an undefined
    value whose note says why."""
    try:
        if interval and options.bootstrap > 0:
            stat = bootstrap(
                function,
                *data,
                n_resamples=options.bootstrap,
                seed=options.seed,
                confidence=options.confidence,
                **kwargs,
            )
        else:
            stat = function(*data, **kwargs)
    except ValueError as exc:
        stat = Statistic(key, None, note=f"not computed: {exc}")
    band = options.bands.label(stat.value)
    if key in UNBANDED and band != "undefined":
        band = RAW
    return Measure(key, stat, band, dict(params or {}))


#: Statistics the bands do not apply to: they are not corrected for chance (two
#: annotators who pick at random from two labels agree half the time).
UNBANDED = frozenset({"percent_agreement"})
#: The band of such a statistic.
RAW = "raw"


#: How the note of a statistic that does not apply to a label starts.
NOT_APPLICABLE = "not applicable: "


def not_computed(key: str, why: str, **params: str) -> Measure:
    """A statistic that could not be computed (the note says why)."""
    return Measure(key, Statistic(key, None, note=f"undefined: {why}"), "undefined", params)


def not_applicable(key: str, why: str, **params: str) -> Measure:
    """A statistic that does not apply to this label (e.g. kappa on continuous values)."""
    return Measure(key, Statistic(key, None, note=NOT_APPLICABLE + why), "undefined", params)


def mean_statistic(
    key: str, values: FloatArray, note: str | None = None, raters: int = 0
) -> Statistic:
    """The mean of per-item values (NaN = undefined item) as a Statistic; ``raters``:
    how many raters the values come from."""
    ok = values[~np.isnan(values)]
    if ok.size == 0:
        return Statistic(key, None, note=note or "undefined: no item has a value")
    return Statistic(key, float(ok.mean()), note=note, n_items=int(ok.size), n_raters=raters)


def compute_mean(
    key: str,
    values: FloatArray,
    options: ReportOptions,
    note: str | None = None,
    raters: int = 0,
) -> Measure:
    """The mean of per-item values with a bootstrap interval over items."""

    def mean(x: FloatArray) -> Statistic:
        return mean_statistic(key, x, note, raters)

    return compute(key, mean, options, values)
