"""Agreement weight matrices over a declared category scale.

Weights are *agreement* weights ``w[k, l]`` in ``[0, 1]`` with ``w[k, k] = 1``
(Gwet 2014, ch. 3).  ``linear`` and ``quadratic`` use the numeric distance
between the category *values* normalised by the scale's range (as in Gwet's
irrCAC); for an equally spaced scale such as 1..5 this equals the rank-based
weights used by scikit-learn.  ``ordinal`` uses ranks only:
``1 - C(|k - l| + 1, 2) / C(q, 2)``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._core import FloatArray

__all__ = ["WeightKind", "weight_matrix"]

WeightKind = Literal["identity", "linear", "quadratic", "ordinal"]

_IDENTITY_NAMES = (None, "identity", "unweighted", "nominal")


def weight_matrix(
    categories: ArrayLike, weights: str | ArrayLike | None = None
) -> tuple[FloatArray, str]:
    """Agreement weights for a category scale, and the scheme's name.

    Args:
        categories: the category values (sorted internally).
        weights: ``None``/``"identity"`` (unweighted), ``"linear"``,
            ``"quadratic"``, ``"ordinal"``, or an explicit ``(q, q)`` matrix of
            agreement weights in ``[0, 1]`` with ones on the diagonal.
    """
    cats = np.unique(np.asarray(categories, dtype=np.float64).ravel())
    q = cats.size
    if isinstance(weights, str) or weights is None:
        if weights in _IDENTITY_NAMES:
            return np.eye(q), "identity"
        if weights not in ("linear", "quadratic", "ordinal"):
            raise ValueError(
                f"unknown weights {weights!r}; use None, 'linear', 'quadratic' or 'ordinal'"
            )
        if q < 2:
            return np.eye(q), weights
        if weights == "ordinal":
            idx = np.arange(q, dtype=np.float64)
            steps = np.abs(idx[:, None] - idx[None, :]) + 1.0
            m = steps * (steps - 1.0) / 2.0
            return 1.0 - m / m.max(), weights
        dist = np.abs(cats[:, None] - cats[None, :]) / (cats[-1] - cats[0])
        return (1.0 - dist if weights == "linear" else 1.0 - dist**2), weights
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (q, q):
        raise ValueError(f"weights matrix must be {q}x{q} for {q} categories; got {w.shape}")
    if not np.isfinite(w).all() or (w < 0).any() or (w > 1).any():
        raise ValueError("weights must lie in [0, 1]")
    if not np.allclose(np.diag(w), 1.0):
        raise ValueError("weights must have ones on the diagonal")
    return w, "custom"
