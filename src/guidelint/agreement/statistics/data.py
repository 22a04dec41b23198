"""Build ratings matrices from long-format ``(item, annotator, value)`` triples."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._core import FloatArray, count_matrix

__all__ = ["RatingsTable", "count_matrix", "label_order", "ratings_from_long"]


@dataclass(frozen=True, slots=True)
class RatingsTable:
    """A ratings matrix with its row/column identities.

    Attributes:
        ratings: ``(n_items, n_annotators)`` floats, NaN = missing.
        items: item ids, one per row (sorted).
        annotators: annotator ids, one per column (sorted).
        labels: for label (non-numeric) values, ``labels[k]`` is the label
            coded as ``k`` in ``ratings``; ``None`` for numeric values.
        categories: the category scale to pass on to the statistics: the
            codes ``0..q-1`` for labels, the declared numeric scale, or
            ``None`` (numeric values, no declared scale).
    """

    ratings: FloatArray
    items: NDArray[np.generic]
    annotators: NDArray[np.generic]
    labels: tuple[object, ...] | None
    categories: FloatArray | None


def _is_missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and v == "")


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def label_order(label: object) -> tuple[int, float, str]:
    """Sort key of a label: text that reads as a finite number by its value (``"2"``
    before ``"10"``), before other labels in text order."""
    text = str(label)
    try:
        number = float(text)
    except ValueError:
        return 1, 0.0, text
    return (0, number, text) if np.isfinite(number) else (1, 0.0, text)


def _code_values(
    values: NDArray[np.generic], categories: Sequence[object] | ArrayLike | None
) -> tuple[FloatArray, tuple[object, ...] | None, FloatArray | None]:
    """Numeric ratings (NaN = missing), labels (if coded) and category scale."""
    if values.dtype.kind in "biuf":
        cats = None if categories is None else np.unique(np.asarray(categories, dtype=np.float64))
        return values.astype(np.float64), None, cats
    missing = np.array([_is_missing(v) for v in values.tolist()], dtype=bool)
    present = values[~missing]
    coded = np.full(values.shape, np.nan)
    if all(_is_number(v) for v in present.tolist()) and present.size:
        coded[~missing] = present.astype(np.float64)
        cats = None if categories is None else np.unique(np.asarray(categories, dtype=np.float64))
        return coded, None, cats
    try:
        uniq, inverse = np.unique(present, return_inverse=True)
    except TypeError as exc:
        raise ValueError("label values must be mutually comparable (e.g. all strings)") from exc
    if categories is None:
        labels: tuple[object, ...] = tuple(sorted(uniq.tolist(), key=label_order))
    else:
        labels = tuple(np.asarray(categories, dtype=object).ravel().tolist())
        if len(set(labels)) != len(labels):
            raise ValueError("categories contain duplicates")
    index = {label: k for k, label in enumerate(labels)}
    unknown = [u for u in uniq.tolist() if u not in index]
    if unknown:
        raise ValueError(
            f"values {unknown[:5]} are not among the declared categories {list(labels)}"
        )
    codes = np.array([index[u] for u in uniq.tolist()], dtype=np.float64)
    coded[~missing] = codes[inverse.ravel()]
    return coded, labels, np.arange(len(labels), dtype=np.float64)


def ratings_from_long(
    items: ArrayLike,
    annotators: ArrayLike,
    values: ArrayLike,
    *,
    categories: Sequence[object] | ArrayLike | None = None,
    duplicates: Literal["error", "first", "last"] = "error",
) -> RatingsTable:
    """Pivot ``(item, annotator, value)`` triples into a ratings matrix.

    Args:
        items, annotators: ids per rating (anything :func:`numpy.unique` can
            sort: ints or strings).
        values: numeric ratings, or labels (strings/objects).  Missing values
            (NaN, ``None``, ``""``) are dropped before pivoting.
        categories: the declared scale.  For labels, their order defines the
            codes ``0..q-1`` (so ordinal statistics follow it); without it,
            labels are sorted, numbers written as text by their value
            (``"2"`` before ``"10"``).  For numbers, it is passed through as
            :attr:`RatingsTable.categories`.
        duplicates: what to do when an annotator rated an item twice:
            ``"error"`` (raise ``ValueError``), or keep the ``"first"`` or
            ``"last"`` rating in input order.
    """
    it = np.asarray(items)
    an = np.asarray(annotators)
    va = np.asarray(values)
    if not (it.ndim == an.ndim == va.ndim == 1) or not (it.size == an.size == va.size):
        raise ValueError("items, annotators and values must be 1-D and of equal length")
    if duplicates not in ("error", "first", "last"):
        raise ValueError("duplicates must be 'error', 'first' or 'last'")
    coded, labels, cats = _code_values(va, categories)
    keep = ~np.isnan(coded)
    it, an, coded = it[keep], an[keep], coded[keep]
    item_ids, item_idx = np.unique(it, return_inverse=True)
    ann_ids, ann_idx = np.unique(an, return_inverse=True)
    flat = item_idx.ravel() * ann_ids.size + ann_idx.ravel()
    if duplicates == "last":
        rev_unique, rev_first = np.unique(flat[::-1], return_index=True)
        chosen = flat.size - 1 - rev_first
    else:
        rev_unique, chosen = np.unique(flat, return_index=True)
    if duplicates == "error" and rev_unique.size != flat.size:
        dup = np.bincount(flat)
        k = int(np.flatnonzero(dup > 1)[0])
        raise ValueError(
            f"annotator {ann_ids[k % ann_ids.size]!r} rated item "
            f"{item_ids[k // ann_ids.size]!r} more than once "
            f"({int((dup > 1).sum())} duplicate pair(s)); pass duplicates='first' or 'last'"
        )
    ratings = np.full(item_ids.size * ann_ids.size, np.nan)
    ratings[flat[chosen]] = coded[chosen]
    return RatingsTable(
        ratings=ratings.reshape(item_ids.size, ann_ids.size),
        items=item_ids,
        annotators=ann_ids,
        labels=labels,
        categories=cats,
    )
