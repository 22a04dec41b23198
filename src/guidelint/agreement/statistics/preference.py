"""A/B preference judgments as ratings on a declared scale.

A choice between two responses is coded ``-1`` (first/A preferred), ``0``
(tie) and ``+1`` (second/B preferred).  On this scale nominal statistics
treat the three outcomes as unordered, and ordinal/interval alpha treat a tie
as lying between the two preferences.  Always pass
:data:`PREFERENCE_CATEGORIES` (or :data:`FORCED_CHOICE_CATEGORIES` when ties
are not allowed) as ``categories`` so that an unused outcome still counts.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._core import FloatArray, as_matrix
from ._result import Statistic
from .alpha import krippendorff_alpha
from .data import RatingsTable, ratings_from_long
from .gwet import gwet_ac1
from .kappa import fleiss_kappa, percent_agreement

__all__ = [
    "FORCED_CHOICE_CATEGORIES",
    "PREFERENCE_CATEGORIES",
    "encode_preferences",
    "preference_agreement",
    "preference_ratings",
]

#: Codes for "A preferred", "tie", "B preferred".
PREFERENCE_CATEGORIES: tuple[float, float, float] = (-1.0, 0.0, 1.0)
#: Codes when ties are not allowed.
FORCED_CHOICE_CATEGORIES: tuple[float, float] = (-1.0, 1.0)


def encode_preferences(
    choices: ArrayLike,
    *,
    a: Hashable = "A",
    b: Hashable = "B",
    tie: Hashable | None = "tie",
    swapped: ArrayLike | None = None,
) -> FloatArray:
    """Code preference labels as ``-1`` (a), ``0`` (tie), ``+1`` (b); NaN = missing.

    Args:
        choices: labels of any shape (e.g. a ratings-shaped matrix).  ``None``,
            NaN and ``""`` are missing; any other unknown label is an error.
        a, b, tie: the labels used for each outcome (``tie=None`` when ties are
            not allowed).
        swapped: optional booleans of the same shape; ``True`` means the pair
            was shown in the other order, so the choice is flipped.
    """
    arr = np.asarray(choices, dtype=object)
    mapping: dict[Hashable, float] = {a: -1.0, b: 1.0}
    if tie is not None:
        mapping[tie] = 0.0
    flat = arr.ravel().tolist()
    out = np.full(len(flat), np.nan)
    for pos, v in enumerate(flat):
        if v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and v == ""):
            continue
        try:
            out[pos] = mapping[v]
        except (KeyError, TypeError):
            raise ValueError(
                f"unknown preference label {v!r}; expected one of {list(mapping)}"
            ) from None
    coded = out.reshape(arr.shape)
    if swapped is not None:
        flip = np.asarray(swapped, dtype=bool)
        if flip.shape != coded.shape:
            raise ValueError(f"swapped must have shape {coded.shape}; got {flip.shape}")
        coded = np.where(flip, -coded, coded)
    return coded


def preference_ratings(
    items: ArrayLike,
    annotators: ArrayLike,
    choices: ArrayLike,
    *,
    a: Hashable = "A",
    b: Hashable = "B",
    tie: Hashable | None = "tie",
    swapped: ArrayLike | None = None,
    duplicates: Literal["error", "first", "last"] = "error",
) -> RatingsTable:
    """Long-format A/B choices to a :class:`RatingsTable` on the preference scale."""
    coded = encode_preferences(choices, a=a, b=b, tie=tie, swapped=swapped)
    cats = PREFERENCE_CATEGORIES if tie is not None else FORCED_CHOICE_CATEGORIES
    return ratings_from_long(items, annotators, coded, categories=cats, duplicates=duplicates)


def preference_agreement(ratings: ArrayLike, *, allow_ties: bool = True) -> dict[str, Statistic]:
    """Standard agreement statistics for coded preferences ``(n_items, n_raters)``.

    Returns percent agreement, Fleiss' kappa, Gwet's AC1 and nominal and
    ordinal Krippendorff's alpha, all on the declared preference scale.
    """
    x = as_matrix(ratings)
    cats = PREFERENCE_CATEGORIES if allow_ties else FORCED_CHOICE_CATEGORIES
    return {
        "percent_agreement": percent_agreement(x),
        "fleiss_kappa": fleiss_kappa(x, cats),
        "gwet_ac1": gwet_ac1(x, cats),
        "krippendorff_alpha_nominal": krippendorff_alpha(x, "nominal", cats),
        "krippendorff_alpha_ordinal": krippendorff_alpha(x, "ordinal", cats),
    }
