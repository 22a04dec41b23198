"""From collected label values to a coded ratings matrix: kind, level, scale, weights.

A label is one of:

* ``rating`` — numbers on a scale (``quality: 4``, a judge's preference ``1``/``1.5``/
  ``2``); compared at the ``ordinal`` level by default, with quadratic weights for
  Cohen's kappa and Gwet's AC2.
* ``continuous`` — numbers with many distinct non-integer values (a weighted judge's
  ``1.0000004``); compared at the ``interval`` level with Krippendorff's alpha only.
* ``choice`` — text, booleans, or several choices (compared as a set); ``nominal``.
* ``ranking`` — lists of candidate ids, best first, that rank the same candidates;
  compared with Kendall's W.

The guideline's ``agreement.labels.<name>`` (:class:`LabelSettings`) and the command
line (which wins) can set the kind, level, scale (``categories``), weights, and values
that mean "missing". Values off a declared scale are a usage error that names them.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from guidelint.agreement.sources.collect import LabelValues, as_number, lookalikes
from guidelint.agreement.sources.label_values import LabelColumns
from guidelint.agreement.statistics._core import FloatArray
from guidelint.agreement.statistics.alpha import Level
from guidelint.agreement.statistics.data import RatingsTable, label_order
from guidelint.agreement.statistics.weights import WeightKind
from guidelint.errors import UsageError
from guidelint.wording import counted

__all__ = ["CodedLabel", "Kind", "LabelSettings", "RankingData", "code_label", "parse_scale"]

Kind = Literal["rating", "continuous", "choice", "ranking"]
#: Numeric labels with more distinct non-integer values than this are continuous.
CONTINUOUS_DISTINCT = 10


class LabelSettings(BaseModel):
    """How to compare one label (``agreement.labels.<name>`` in a guideline)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    kind: Literal["rating", "choice", "ranking"] | None = None
    level: Literal["nominal", "ordinal", "interval", "ratio"] | None = None
    #: The declared scale, e.g. ``[1, 2, 3, 4, 5]`` (its order is the order of choices).
    categories: list[Any] | None = None
    #: Weights of Cohen's kappa and Gwet's AC2 (``none`` = unweighted).
    weights: Literal["none", "linear", "quadratic", "ordinal"] | None = None
    #: Values that mean "no label", e.g. ``[0]`` for a judge that writes 0 on failure.
    missing: list[Any] = Field(default_factory=list)

    def overridden_by(self, other: LabelSettings) -> LabelSettings:
        """These settings with every key ``other`` sets replaced."""
        return self.model_copy(update={k: getattr(other, k) for k in other.model_fields_set})


@dataclass(frozen=True)
class RankingData:
    """Rankings per item: ``ranks[item]`` is ``(n_annotators, n_candidates)`` (1 = best)."""

    candidates: dict[str, tuple[str, ...]]
    ranks: dict[str, FloatArray]


@dataclass(frozen=True)
class CodedLabel:
    """One label ready for the statistics.

    ``table.ratings`` is ``(n_items, n_annotators)`` (NaN = no value): numbers for
    ratings, codes ``0..q-1`` of ``table.labels`` for choices, ``0`` where an
    annotator ranked the item for rankings. ``categories`` is the scale passed on to
    the statistics. ``source`` keeps the values as collected, for display.
    """

    name: str
    kind: Kind
    level: Level
    weights: WeightKind | None
    table: RatingsTable
    categories: FloatArray | None
    declared: bool
    source: LabelValues
    notes: tuple[str, ...] = ()
    rankings: RankingData | None = None
    #: Why the statistics that depend on the order of the categories (alpha above the
    #: nominal level, weighted kappa, AC2, the median of the others) are not computed:
    #: text categories whose order was not declared. None when the order is known.
    order_unknown: str | None = None
    #: Per cell of ``table.ratings``, the code of the collected value in
    #: ``source.distinct`` (-1: no rating); None when not known.
    cells: NDArray[np.int32] | None = None
    #: Per row of the table, where its item first occurs among the collected ratings
    #: (reading order); None when not known.
    first_seen: NDArray[np.intp] | None = None

    def shown(self, row: int) -> tuple[tuple[str, Any], ...]:
        """``(annotator, value as shown)`` for every rating of one row of the table, in
        the order of the table's annotators (the values as collected)."""
        names = self.table.annotators.tolist()
        if self.cells is None:
            item = str(self.table.items[row])
            source = self.source.values
            return tuple(
                (str(a), self.show(source[(item, str(a))]))
                for a in names
                if (item, str(a)) in source
            )
        distinct = self.source.distinct
        return tuple(
            (str(a), self.show(distinct[code]))
            for a, code in zip(names, self.cells[row].tolist(), strict=True)
            if code >= 0
        )

    def ordered(self, weighted: bool = False) -> bool:
        """Whether statistics at the label's level (``weighted``: with its weights)
        can be computed: False when they need an order that is not known."""
        if self.order_unknown is None:
            return True
        return self.weights is None if weighted else self.level == "nominal"

    @property
    def numeric(self) -> bool:
        """Whether values are numbers (means and biases make sense)."""
        return self.kind in ("rating", "continuous") and self.table.labels is None

    def show(self, value: Any) -> Any:
        """A collected value as reports show it: a ranking as ``a > b > c``, a set of
        choices as on the scale (``a + b``, sorted), whole numbers as ints."""
        if isinstance(value, tuple):
            if self.kind == "ranking":
                return " > ".join(str(v) for v in value)
            return _choice_text(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def decode(self, code: float) -> Any:
        """The label value a code stands for (an int when a number is whole)."""
        if self.table.labels is not None:
            return self.table.labels[int(code)]
        whole = float(code).is_integer() and abs(code) < 1e15
        return int(code) if whole else float(code)

    def scale_text(self) -> str:
        if self.kind == "ranking":
            return "rankings"
        if self.categories is None:
            return "continuous values"
        shown = [str(self.decode(c)) for c in self.categories]
        scale = ", ".join(shown) if len(shown) <= 12 else f"{shown[0]} … {shown[-1]}"
        if self.order_unknown is not None:
            return scale + " (observed, in no declared order; declare it with --categories)"
        return scale + ("" if self.declared else " (observed; declare the scale with --categories)")


def parse_scale(text: str) -> list[Any]:
    """``"1,2,3"`` → ``[1, 2, 3]``; ``"bad,ok,good"`` → strings (in that order)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    numbers = [as_number(p) for p in parts]
    if parts and all(n is not None for n in numbers):
        return [int(n) if n is not None and n.is_integer() else n for n in numbers]
    return parts


def _is_ranking(name: str, values: dict[tuple[str, str], Any]) -> bool:
    """Lists are rankings when every item's lists order the same candidates, and some
    item's lists order them differently (else they may as well be sets of choices).

    When some items' lists order the same three or more candidates differently and
    others' hold different candidates (a partial ranking, or sets of choices written in
    any order), the values cannot tell: a UsageError asks for ``--kind``, as read as
    sets, opposite orders would agree."""
    per_item: dict[str, list[tuple[Any, ...]]] = {}
    for (item, _), value in values.items():
        per_item.setdefault(item, []).append(value)
    shared = {item: lists for item, lists in per_item.items() if len(lists) >= 2}
    differing = [
        item
        for item, lists in shared.items()
        if not (
            len(set(lists[0])) == len(lists[0]) >= 2 and all(set(x) == set(lists[0]) for x in lists)
        )
    ]
    reordered = [
        item for item, lists in shared.items() if item not in differing and len(set(lists)) > 1
    ]
    # (two choices written in either order are as likely a set as a ranking of two)
    ranked = [item for item in reordered if len(shared[item][0]) >= 3]
    if ranked and differing:
        first = shared[differing[0]]
        raise UsageError(
            f"label '{name}': its lists may be rankings or sets of choices: item "
            f"'{ranked[0]}' has the same candidates in other orders, item "
            f"'{differing[0]}' has different ones ({_shown_value(first[0])} and "
            f"{_shown_value(next(x for x in first if set(x) != set(first[0])))})",
            hint="rankings, some partial: --kind ranking (Kendall's W compares the items two "
            "or more annotators ranked completely); sets of choices: --kind choice",
        )
    return bool(shared) and not differing and bool(reordered)


def _rankings(label: LabelValues, annotators: list[str]) -> RankingData:
    column = {a: k for k, a in enumerate(annotators)}
    candidates: dict[str, tuple[str, ...]] = {}
    ranks: dict[str, FloatArray] = {}
    for (item, _), value in label.values.items():
        known = candidates.get(item, ())
        candidates[item] = known + tuple(str(v) for v in value if str(v) not in known)
    for item, names in candidates.items():
        ranks[item] = np.full((len(annotators), len(names)), np.nan)
    for (item, annotator), value in label.values.items():
        order = [str(v) for v in value]
        row = ranks[item][column[annotator]]
        for position, candidate in enumerate(order):
            row[candidates[item].index(candidate)] = position + 1
    return RankingData(candidates, ranks)


def _declared(settings: LabelSettings, name: str, numeric: bool) -> list[Any] | None:
    cats = settings.categories
    if cats is None:
        return None
    if not numeric:
        return list(dict.fromkeys(_choice_text(c) for c in cats))
    numbers = [as_number(c) for c in cats]
    if any(n is None for n in numbers):
        raise UsageError(
            f"label '{name}' holds numbers, but its scale {cats} has text categories",
            hint="declare numbers, e.g. --categories 1,2,3,4,5",
        )
    return [n for n in numbers if n is not None]


def _show(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _off_scale(name: str, off: list[Any], scale: list[Any]) -> UsageError:
    shown = ", ".join(_show(v) for v in off[:6]) + (" …" if len(off) > 6 else "")
    return UsageError(
        f"label '{name}': {len(off)} value(s) are not on the declared scale "
        f"{', '.join(_show(s) for s in scale)}: {shown}",
        hint="add them to the scale, treat them as missing with --missing, "
        "or leave out --categories to use the values that occur",
    )


#: Text that means "no value" in a column of numbers (compared without case).
MISSING_MARKERS = frozenset({"n/a", "na", "nan", "null", "none", "-", "#n/a"})


def _is_marker(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() in MISSING_MARKERS


def _numbers_with_text(
    label: LabelValues, present: _Present, settings: LabelSettings
) -> tuple[LabelValues, str]:
    """A label of numbers with some text values: markers such as ``N/A`` are left out
    (counted as dropped, with the reason); other text keeps the label a choice, with a
    note naming it and ``--missing``. Returns the label to code and the note ("" for
    none)."""
    values = present.values
    if settings.kind not in (None, "rating") or any(isinstance(v, tuple) for v in values):
        return label, ""
    text = [k for k, v in enumerate(values) if _is_marker(v) or as_number(v) is None]
    count = sum(present.counts[k] for k in text)
    if not text or count == present.total:
        return label, ""
    if all(_is_marker(values[k]) for k in text):
        shown = ", ".join(dict.fromkeys(str(values[k]).strip() for k in text))
        kept = label.without({present.codes[k] for k in text})
        reason = (
            f"values {shown} read as missing, as the other values are numbers "
            "(--kind choice compares them as a category)"
        )
        kept.dropped[reason] += count
        return kept, ""
    distinct = list(dict.fromkeys(str(values[k]).strip() for k in text))
    shown = ", ".join(f"'{v}'" for v in distinct[:6]) + (" …" if len(distinct) > 6 else "")
    return label, (
        f"compared as choices because {count} of {present.total} values are not numbers: "
        f"{shown}; {_missing_hint(distinct)} to compare the numbers as ratings"
    )


_DECIMAL_COMMA_RE = re.compile(r"[-+]?\d+,\d+")
#: "1,000", "12,500,000": a comma between groups of three digits.
_THOUSANDS_RE = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+")


def _missing_hint(distinct: list[str]) -> str:
    """What to do about text among numbers: numbers written with a decimal comma
    ("4,5") or thousands separators ("1,000") are said to be numbers; for the other
    values, ``--missing`` with them (those it can express: no commas)."""
    numbers = [v for v in distinct if _DECIMAL_COMMA_RE.fullmatch(v)]
    hints = []
    if numbers:
        first = numbers[0]
        if _THOUSANDS_RE.fullmatch(first):
            hints.append(
                f"values such as '{first}' look like numbers with thousands separators: "
                f"write them without ({first.replace(',', '')})"
            )
        else:
            hints.append(
                f"values such as '{first}' look like numbers with a decimal comma: write "
                f"them with a decimal point ({first.replace(',', '.')})"
            )
    others = [v for v in distinct if v not in numbers]
    listed = [v for v in others[:6] if "," not in v]
    if listed:
        who = ", ".join(f"'{v}'" for v in listed) if numbers else "they"
        verb = "means" if numbers and len(listed) == 1 else "mean"
        hints.append(f"if {who} {verb} 'no label', pass --missing {','.join(listed)}")
    elif others:
        hints.append("if they mean 'no label', leave them out or write them as null")
    return "; ".join(hints)


def _kind(
    label: LabelValues, present: _Present, numbers: list[float | None], settings: LabelSettings
) -> Kind:
    """The kind of a label's values, as declared (UsageError when the values cannot
    be that kind) or as told from them."""
    values = present.values
    is_list = [isinstance(v, tuple) for v in values]
    if settings.kind == "ranking" and not all(is_list):
        raise UsageError(
            f"label '{label.name}' is declared a ranking, but not all its values are lists",
            hint="a ranking is a list of candidate ids, best first",
        )
    if settings.kind == "rating":
        text = [k for k, n in enumerate(numbers) if n is None]
        if text:
            count = sum(present.counts[k] for k in text)
            raise _not_numbers(label.name, [values[k] for k in text], count, present.total)
    if values and all(is_list) and settings.kind != "choice":
        ranking = settings.kind == "ranking" or _is_ranking(label.name, label.values)
        return "ranking" if ranking else "choice"
    if settings.kind == "choice" or not values or any(n is None for n in numbers):
        return "choice"
    return "rating"


def _not_numbers(name: str, text: list[Any], count: int, total: int) -> UsageError:
    """``text``: the distinct values that are not numbers (first seen first), ``count``
    of the ``total`` values."""
    distinct = list(dict.fromkeys(_shown_value(v) for v in text))
    shown = ", ".join(f"'{v}'" for v in distinct[:6]) + (" …" if len(distinct) > 6 else "")
    if any(isinstance(v, tuple) for v in text):
        hint = (
            "lists are rankings or sets of choices: leave out --kind, or pick labels with --label"
        )
    elif count == total:
        hint = "for text categories use --kind choice (and --categories to give their order)"
    else:
        hint = f"{_missing_hint(distinct)}; for text categories use --kind choice"
    verb = "is not a number" if count == 1 else "are not numbers"
    return UsageError(
        f"label '{name}' is declared a rating (--kind rating or the guideline), but "
        f"{count} of its {total} values {verb}: {shown}",
        hint=hint,
    )


def _shown_value(value: Any) -> str:
    return f"[{', '.join(map(str, value))}]" if isinstance(value, tuple) else str(value)


@dataclass(frozen=True)
class _Present:
    """The distinct values of a label that occur, first seen first, with their codes
    (into :attr:`LabelColumns.distinct`) and how many ratings have each."""

    values: list[Any]
    codes: list[int]
    counts: list[int]
    total: int

    @classmethod
    def of(cls, columns: LabelColumns) -> _Present:
        counts = np.bincount(columns.values, minlength=len(columns.distinct))
        order = _first_seen(columns.values, len(columns.distinct))
        codes = order.tolist()
        return cls(
            [columns.distinct[c] for c in codes],
            codes,
            counts[order].tolist(),
            int(columns.values.size),
        )


def _first_seen(codes: NDArray[Any], size: int) -> NDArray[np.intp]:
    """The distinct codes (in ``range(size)``) in the order they first occur."""
    found, first = _first_index(codes, size)
    order: NDArray[np.intp] = found[np.argsort(first, kind="stable")].astype(np.intp)
    return order


def _distinct(codes: NDArray[Any], size: int) -> NDArray[np.intp]:
    """``np.unique(codes)`` of codes in ``range(size)``, counted instead of sorted."""
    return np.flatnonzero(np.bincount(codes, minlength=size))


def _first_index(codes: NDArray[Any], size: int) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """``np.unique(codes, return_index=True)`` of codes in ``range(size)``: the
    distinct codes, sorted, and where each first occurs; without sorting the codes."""
    first = np.full(size, codes.size, dtype=np.intp)
    np.minimum.at(first, codes, np.arange(codes.size, dtype=np.intp))
    found = np.flatnonzero(first < codes.size)
    return found, first[found]


def _sorted_names(names: list[str], used: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """The names whose codes are ``used``, sorted (as numpy sorts text), and each
    code's position among them (-1 for codes not used)."""
    codes = _distinct(used, len(names))
    shown = np.asarray([names[c] for c in codes.tolist()], dtype=object).astype(str)
    ids, inverse = np.unique(shown, return_inverse=True)
    position = np.full(len(names), -1, dtype=np.intp)
    position[codes] = inverse.ravel()
    return ids, position


def _table(
    columns: LabelColumns,
    cell_values: FloatArray,
    labels: tuple[object, ...] | None,
    categories: FloatArray | None,
) -> tuple[RatingsTable, NDArray[np.int32], NDArray[np.intp]]:
    """The ratings matrix (items x annotators, both sorted) of the ratings whose value
    code has a number in ``cell_values`` (NaN: left out), the value code of each cell
    (-1: none), and where each row's item first occurs among the ratings."""
    keep = ~np.isnan(cell_values[columns.values])
    items, annotators, values = columns.items, columns.annotators, columns.values
    if not keep.all():
        items, annotators, values = items[keep], annotators[keep], values[keep]
    item_ids, rows = _sorted_names(columns.item_names, items)
    annotator_ids, cols = _sorted_names(columns.annotator_names, annotators)
    row, col = rows[items], cols[annotators]
    ratings = np.full((item_ids.size, annotator_ids.size), np.nan)
    ratings[row, col] = cell_values[values]
    cells = np.full(ratings.shape, -1, dtype=np.int32)
    cells[row, col] = values
    codes, first = _first_index(columns.items, len(columns.item_names))
    first_seen = np.zeros(item_ids.size, dtype=np.intp)
    placed = rows[codes]
    first_seen[placed[placed >= 0]] = first[placed >= 0]
    table = RatingsTable(ratings, item_ids, annotator_ids, labels, categories)
    return table, cells, first_seen


def _choice_codes(
    texts: list[str], declared: list[Any] | None
) -> tuple[FloatArray, tuple[object, ...]]:
    """Per distinct value, the code of its text among the labels (NaN for empty text,
    which is no rating), and the labels: the declared order, else sorted (numbers
    written as text by value)."""
    used = sorted({t for t in texts if t != ""})
    if declared is None:
        labels: tuple[object, ...] = tuple(sorted(used, key=label_order))
    else:
        labels = tuple(declared)
    index = {label: k for k, label in enumerate(labels)}
    codes = np.array([index[t] if t != "" else np.nan for t in texts], dtype=np.float64)
    return codes, labels


def code_label(label: LabelValues, settings: LabelSettings) -> CodedLabel:
    """Decide kind, level and scale of ``label`` and build its ratings matrix."""
    label, text_note = _numbers_with_text(label, _Present.of(label.columns()), settings)
    columns = label.columns()
    present = _Present.of(columns)
    values = present.values
    notes: list[str] = [text_note] if text_note else []
    numbers = [as_number(v) for v in values]
    kind = _kind(label, present, numbers, settings)
    if kind == "rating" and any(isinstance(v, str) for v in values):
        notes.append("text values were read as numbers")
    declared = _declared(settings, label.name, kind == "rating")
    cell_values = np.full(len(columns.distinct), np.nan)
    labels: tuple[object, ...] | None = None
    scale: FloatArray | None = None
    if kind == "rating":
        floats = np.asarray(numbers, dtype=np.float64)
        cell_values[present.codes] = floats
        distinct = np.unique(floats)
        if declared is not None:
            off = sorted(set(distinct.tolist()) - set(declared))
            if off:
                raise _off_scale(label.name, off, declared)
            scale = np.unique(np.asarray(declared, dtype=np.float64))
        elif distinct.size > CONTINUOUS_DISTINCT and not np.all(distinct == np.round(distinct)):
            kind = "continuous"
            if settings.kind == "rating":
                notes.append(
                    f"compared as continuous values although declared a rating (--kind "
                    f"rating): {distinct.size} distinct values, some not whole, are no "
                    "categories; declare the scale with --categories to compare categories"
                )
        positive = distinct[distinct != 0]
        if declared is None and 0.0 in distinct and positive.size and positive.min() >= 1:
            zeros = sum(n for n, x in zip(present.counts, numbers, strict=True) if x == 0)
            notes.append(
                f"the value 0 occurs {zeros} time(s) but every other value "
                "is ≥ 1: if 0 means 'no label' (e.g. a judge that failed), pass --missing 0"
            )
    else:
        texts = [_choice_text(v) for v in values]
        if kind == "choice":
            if any(isinstance(v, tuple) for v in values):
                notes.append("several choices are compared as a set")
            merged = _merged_note(values, texts)
            if merged:
                notes.append(merged)
            cased = _case_note(texts)
            if cased:
                notes.append(cased)
            if declared is not None:
                off = sorted(set(texts) - set(declared))
                if off:
                    raise _off_scale(label.name, off, declared)
        codes, labels = _choice_codes(texts, declared if kind != "ranking" else None)
        cell_values[present.codes] = codes
        scale = np.arange(len(labels), dtype=np.float64)
    table, cells, first_seen = _table(columns, cell_values, labels, scale)
    rankings = None
    if kind == "ranking":
        rankings = _rankings(label, [str(a) for a in table.annotators.tolist()])
        table = RatingsTable(
            np.where(np.isnan(table.ratings), np.nan, 0.0),
            table.items,
            table.annotators,
            None,
            None,
        )
    level = settings.level or _default_level(kind)
    if level == "ratio" and kind in ("rating", "continuous") and np.nanmin(table.ratings) < 0:
        raise UsageError(f"label '{label.name}': the ratio level needs values ≥ 0")
    weights: WeightKind | None = None
    if kind in ("continuous", "ranking"):
        weights = None
    elif settings.weights is None:
        weights = None if level == "nominal" else "quadratic"
    elif settings.weights != "none":
        weights = settings.weights
    categories = None if kind in ("continuous", "ranking") else table.categories
    if kind == "rating" and categories is None:
        categories = np.unique(table.ratings[~np.isnan(table.ratings)])
    order_unknown = None
    if kind == "choice" and declared is None and (level != "nominal" or weights is not None):
        order_unknown = _order_unknown(label.name, table.labels or (), level, weights)
        if order_unknown is not None:
            notes.append(order_unknown)
    return CodedLabel(
        name=label.name,
        kind=kind,
        level=level,
        weights=weights,
        table=table,
        categories=categories,
        declared=declared is not None,
        source=label,
        notes=tuple(notes),
        rankings=rankings,
        order_unknown=order_unknown,
        cells=cells,
        first_seen=first_seen,
    )


#: The note of a statistic left out because the order of text categories is unknown.
ORDER_UNKNOWN = "the order of the text categories is not declared (--categories)"


def _order_unknown(
    name: str, labels: tuple[object, ...], level: Level, weights: WeightKind | None
) -> str | None:
    """Why order-dependent statistics of a text label are not computed; None when
    the categories are numbers written as text (their order is their value)."""
    if all(as_number(v) is not None for v in labels):
        return None
    asked = [f"the {level} level"] if level != "nominal" else []
    asked += [f"{weights} weights"] if weights is not None else []
    shown = ", ".join(str(v) for v in labels[:8]) + (" …" if len(labels) > 8 else "")
    return (
        f"order of text categories unknown: {' and '.join(asked)} need the order of "
        f"{shown}, so the statistics that depend on it are not computed (nominal ones are); "
        f"declare the order, lowest first, with --categories or the guideline's "
        f"agreement.labels.{name}.categories"
    )


def _default_level(kind: Kind) -> Level:
    if kind == "choice":
        return "nominal"
    return "interval" if kind == "continuous" else "ordinal"


def _choice_text(value: Any) -> str:
    """A value as a choice: the same text for values :func:`same_value` takes for the
    same (``4``, ``4.0``, ``"4.0"`` and ``" 4"`` are the choice ``4``), text without
    the white space around it, booleans as ``true``/``false``, a set of choices as its
    sorted members joined by ``+``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return " + ".join(sorted(_choice_text(v) for v in value))
    if isinstance(value, int):  # (exact: an id beyond 2**53 is no float)
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER_RE.fullmatch(text):
            return str(int(text))
        if "_" in text:  # ("1_0" is text, though float() reads it as 10)
            return value
    number = as_number(value)
    if number is not None and math.isfinite(number):
        return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
    return value.strip() if isinstance(value, str) else str(value)  # ("good " is "good")


def _case_note(texts: list[str]) -> str:
    """A note naming choices that differ only in case ("Good", "good"): compared as
    different choices, which a typing slip makes look like disagreement."""
    shown = lookalikes(texts, str.casefold)
    if not shown:
        return ""
    return (
        f"choices that differ only in case are different choices: {shown} (write them one "
        "way if they mean the same)"
    )


_INTEGER_RE = re.compile(r"[+-]?[0-9]+")


def _merged_note(values: list[Any], texts: list[str]) -> str:
    """A note naming values written differently that are the same choice (``'4.0'``
    and ``4``), or "" when every choice is written one way."""
    spellings: dict[str, dict[str, None]] = {}
    for value, text in zip(values, texts, strict=True):
        spellings.setdefault(text, {})[_written(value)] = None
    merged = [" = ".join(written) for written in spellings.values() if len(written) > 1]
    if not merged:
        return ""
    shown = "; ".join(merged[:4]) + (" …" if len(merged) > 4 else "")
    return f"values written differently are the same choice: {shown}"


def _written(value: Any) -> str:
    """A value as written in JSON (text in double quotes, ``true``, ``4.0``)."""
    if isinstance(value, tuple):
        return "[" + ", ".join(_written(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False, default=str)


def dropped_notes(label: LabelValues) -> list[str]:
    """``"24 values 0 declared missing"`` lines, most frequent first."""
    return [counted(count, reason) for reason, count in label.dropped.most_common()]
