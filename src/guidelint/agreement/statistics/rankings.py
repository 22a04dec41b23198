"""Agreement on rankings: Kendall's W and pairwise-preference agreement.

Input is a rankings array of shape ``(n_raters, n_candidates)`` for one item
or ``(n_items, n_raters, n_candidates)`` for several.  Entries are ranks or
scores (only their order within a rater's row matters; equal values are
ties); NaN = missing.  Cost is ``O(n_candidates**2)`` per ranking.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from ._core import (
    NO_RATINGS,
    BoolArray,
    FloatArray,
    Plan,
    Prepared,
    linear_plan,
    resolve,
    safe_div,
    undefined,
)
from ._result import Statistic

__all__ = ["average_ranks", "kendall_w", "pairwise_preference_agreement"]


def as_rankings(rankings: ArrayLike) -> FloatArray:
    """Validate rankings into ``(n_items, n_raters, n_candidates)``."""
    try:
        x = np.asarray(rankings, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError("rankings must be numeric ranks or scores, NaN = missing") from exc
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3:
        raise ValueError(
            "rankings must have shape (n_raters, n_candidates) or "
            f"(n_items, n_raters, n_candidates); got {x.shape}"
        )
    if np.isinf(x).any():
        raise ValueError("rankings contain infinite values")
    return x


def average_ranks(scores: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Mid-ranks along the last axis and the tie term ``sum(t**3 - t)`` per row.

    Rank 1 is the smallest value; tied values share their average rank.
    """
    x = np.asarray(scores, dtype=np.float64)
    less = (x[..., None, :] < x[..., :, None]).sum(axis=-1)
    equal = (x[..., None, :] == x[..., :, None]).sum(axis=-1)
    ranks = less + (equal + 1.0) / 2.0
    # each member of a tie group of size t contributes t**2 - 1 -> t**3 - t per group
    ties = (equal.astype(np.float64) ** 2 - 1.0).sum(axis=-1)
    return ranks, ties


def _prepare_w(rankings: ArrayLike) -> Prepared | Statistic:
    name = "kendall_w"
    x = as_rankings(rankings)
    if x.size == 0 or np.isnan(x).all():
        return undefined(name, NO_RATINGS)
    n_items, _, n = x.shape
    complete: BoolArray = np.asarray(~np.isnan(x).any(axis=2))  # (items, raters)
    raters = int(np.count_nonzero(complete.any(axis=0)))
    if n < 2:
        return undefined(name, "undefined: fewer than two candidates to rank", 0, raters)
    ranks, ties = average_ranks(np.where(complete[..., None], x, 0.0))
    ranks = np.where(complete[..., None], ranks, 0.0)
    m = complete.sum(axis=1).astype(np.float64)
    col = ranks.sum(axis=1)  # (items, n) rank sums
    s = ((col - (m * (n + 1) / 2.0)[:, None]) ** 2).sum(axis=1)
    denom = m**2 * (n**3 - n) - m * np.where(complete, ties, 0.0).sum(axis=1)
    valid = (m >= 2) & (denom > 1e-9)
    w_item = np.where(valid, 12.0 * s / np.where(valid, denom, 1.0), 0.0)
    if not valid.any():
        why = (
            "undefined: no item has two or more complete rankings"
            if not (m >= 2).any()
            else "undefined: every ranking ties all candidates"
        )
        return undefined(name, why, 0, raters)
    summaries = np.column_stack([w_item[valid], np.ones(int(valid.sum()))])

    def parts(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        return 1.0 - safe_div(t[:, 0], t[:, 1]), np.ones(t.shape[0])

    skipped = n_items - int(valid.sum())
    note = None
    if skipped:
        note = (
            f"{skipped} item(s) skipped (fewer than two complete rankings, or all candidates tied)"
        )
    if (np.isnan(x).any(axis=2) & ~np.isnan(x).all(axis=2)).any():
        partial = "rankings with missing candidates were excluded"
        note = f"{note}; {partial}" if note else partial
    return Prepared(
        name,
        linear_plan(summaries, parts),
        n_items=int(valid.sum()),
        n_raters=raters,
        kind="none",
        undefined_note="undefined",
        note=note,
    )


def kendall_w(rankings: ArrayLike) -> Statistic:
    """Kendall's coefficient of concordance W with tie correction.

    Per item with ``m >= 2`` complete rankings of ``n`` candidates:
    ``W = 12 S / (m**2 (n**3 - n) - m sum_j T_j)`` with ``S`` the sum of
    squared deviations of the candidates' rank sums from their mean and
    ``T_j = sum(t**3 - t)`` over rater ``j``'s tie groups.  A rater's ranking
    of an item is used only if complete (no NaN).  With several items the
    result is the mean W over items where it is defined.
    """
    return resolve(_prepare_w(rankings))


def _pair_signs(x: FloatArray) -> FloatArray:
    """Sign of ``x_i - x_j`` for every candidate pair ``i < j``; NaN if missing."""
    i, j = np.triu_indices(x.shape[-1], k=1)
    return np.sign(x[..., i] - x[..., j])


def _prepare_pairwise(
    rankings: ArrayLike, ties: Literal["match", "skip"] = "match"
) -> Prepared | Statistic:
    name = "pairwise_preference_agreement"
    if ties not in ("match", "skip"):
        raise ValueError("ties must be 'match' or 'skip'")
    x = as_rankings(rankings)
    if x.size == 0 or np.isnan(x).all():
        return undefined(name, NO_RATINGS)
    n_raters = x.shape[1]
    present = ~np.isnan(x).all(axis=2)
    raters = int(np.count_nonzero(present.any(axis=0)))
    if x.shape[2] < 2:
        return undefined(name, "undefined: fewer than two candidates to compare", 0, raters)
    signs = _pair_signs(x)  # (items, raters, pairs)
    usable = ~np.isnan(signs)
    if ties == "skip":
        usable &= signs != 0
    cols: list[FloatArray] = []
    for a in range(n_raters):
        for b in range(a + 1, n_raters):
            both = usable[:, a] & usable[:, b]
            agree = both & (signs[:, a] == signs[:, b])
            cols.append(agree.sum(axis=1).astype(np.float64))
            cols.append(both.sum(axis=1).astype(np.float64))
    if not cols:
        return undefined(name, "undefined: fewer than two raters", 0, raters)
    summaries = np.column_stack(cols)
    compared = summaries[:, 1::2].sum(axis=1) > 0
    if not compared.any():
        why = "undefined: no two raters compared the same candidate pair"
        return undefined(name, why, 0, raters)
    summaries = summaries[compared]

    def parts(t: FloatArray) -> tuple[FloatArray, FloatArray]:
        share = safe_div(t[:, 0::2], t[:, 1::2])  # (B, rater pairs)
        has = ~np.isnan(share)
        mean = safe_div(np.where(has, share, 0.0).sum(axis=1), has.sum(axis=1).astype(np.float64))
        return 1.0 - mean, np.ones(t.shape[0])

    plan: Plan = linear_plan(summaries, parts)
    return Prepared(
        name,
        plan,
        n_items=int(compared.sum()),
        n_raters=raters,
        kind="none",
        undefined_note="undefined",
    )


def pairwise_preference_agreement(
    rankings: ArrayLike, ties: Literal["match", "skip"] = "match"
) -> Statistic:
    """Share of candidate pairs two raters order the same way, averaged over rater pairs.

    For each pair of raters, over all items both ranked, count the candidate
    pairs ``(i, j)`` both placed in the same order; the share is pooled over
    items, then averaged (unweighted) over rater pairs that compared at least
    one candidate pair.  ``ties="match"`` treats "tied" as a third outcome (a
    tie agrees only with a tie); ``ties="skip"`` ignores candidate pairs
    either rater tied.  Missing candidates (NaN) skip their pairs.
    """
    return resolve(_prepare_pairwise(rankings, ties))
