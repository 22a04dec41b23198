"""The results of one Label Studio annotation: texts to check and labels.

Each item of an annotation's ``result`` is read by its ``type`` and named by its
``from_name`` (the control tag's ``name``):

============  ==================================================================
``textarea``  a response to check (or the role given in ``fields.labelstudio.roles``;
              a label when named in ``labels`` or left out of ``response``)
``rating``    a number label; ``number`` too
``choices``   a categorical label: the choice, or the list when several are chosen
``taxonomy``  a label: the list of chosen paths
``ranker``    a ranking label (ids, best first; buckets as a dict), and the ranked
              items of the task data as ``candidate`` texts with their ``rank``
``pairwise``  a preference label (``left``/``right``), and the two compared task
              texts as ``chosen`` and ``rejected``
============  ==================================================================

Any other type is a ``RecordError`` located at ``annotations[i].result[j]``; the rest
of the annotation is still read.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guidelint.errors import RecordError
from guidelint.fields import LabelStudioMapping
from guidelint.model import Text
from guidelint.readers.base import RawRecord
from guidelint.readers.building import as_text, json_type

KNOWN_TYPES = ("textarea", "rating", "number", "choices", "taxonomy", "ranker", "pairwise")
_VALUE_KEYS = {"rating": "rating", "number": "number", "taxonomy": "taxonomy"}


@dataclass(slots=True)
class AnnotationContent:
    texts: list[Text] = field(default_factory=list)
    labels: dict[str, Any] = field(default_factory=dict)
    errors: list[RecordError] = field(default_factory=list)
    #: Labels left out for a value that cannot be one (each with one of ``errors``).
    unread: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ResultContext:
    """What reading one annotation's results needs to know about its task."""

    raw: RawRecord
    task_data: Mapping[str, Any]
    mapping: LabelStudioMapping
    prompt: str | None


def read_results(context: ResultContext, results: Any, where: str) -> AnnotationContent:
    """Texts and labels of the ``result`` list of the annotation at ``where``."""
    content = AnnotationContent()
    raw = context.raw
    if results is None:
        return content
    if not isinstance(results, list):
        content.errors.append(
            raw.error(f"'{where}.result' holds {json_type(results)}, expected a list", field=where)
        )
        return content
    for number, item in enumerate(results):
        at = f"{where}.result[{number}]"
        try:
            _read_item(context, item, at, content)
        except RecordError as exc:
            content.errors.append(exc)
    return content


def _read_item(context: ResultContext, item: Any, at: str, content: AnnotationContent) -> None:
    raw = context.raw
    kind = item.get("type") if isinstance(item, Mapping) else None
    if kind not in KNOWN_TYPES:
        raise raw.error(
            f"Label Studio result of unknown type {kind!r} not read",
            field=at,
            hint=f"guidelint reads results of type {', '.join(KNOWN_TYPES)}",
        )
    assert isinstance(item, Mapping)
    name, value = item.get("from_name"), item.get("value")
    if not isinstance(name, str) or not isinstance(value, Mapping):
        raise raw.error("Label Studio result without a from_name and a value", field=at)
    mapping = context.mapping
    label = dict(mapping.labels).get(name, name)
    if kind == "textarea":
        _textarea(context, name, label, value, at, content)
    elif kind == "choices":
        choices = value.get("choices")
        if isinstance(choices, list) and len(choices) == 1:
            choices = choices[0]
        content.labels[label] = choices
    elif kind == "ranker":
        _ranker(context, item, label, value, at, content)
    elif kind == "pairwise":
        _pairwise(context, item, label, value, content)
    else:
        number = value.get(_VALUE_KEYS[kind])
        if kind != "taxonomy" and not isinstance(number, int | float):
            number = _not_a_number(context, kind, label, number, f"{at}.value", content)
            if number is None:
                return
        content.labels[label] = number


def _not_a_number(
    context: ResultContext, kind: str, label: str, value: Any, at: str, content: AnnotationContent
) -> int | float | None:
    """The number a ``rating``/``number`` result that holds no number means: text that
    reads as one (Label Studio writes numbers, so the export was written or edited by
    something else) is read as that number; anything else leaves the label out. Either
    way the result is an error of the record, saying which."""
    number = _text_number(value)
    shown = f"the text {json.dumps(value)}" if isinstance(value, str) else json_type(value)
    if number is not None:
        done = f"read as the number {number}"
        hint = "Label Studio writes a number here: was the export written or edited by a script?"
    else:
        done = f"no number, so '{label}' is left out of agreement for this annotation"
        hint = "correct the export, or label the task again in Label Studio"
        content.unread.append(label)
    content.errors.append(
        context.raw.error(f"{kind} result holds {shown}: {done}", field=at, hint=hint)
    )
    return number


def _text_number(value: Any) -> int | float | None:
    """A text that reads as a finite number, as that number (whole ones as int)."""
    if not isinstance(value, str):
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def _textarea(
    context: ResultContext,
    name: str,
    label: str,
    value: Mapping[str, Any],
    at: str,
    content: AnnotationContent,
) -> None:
    mapping = context.mapping
    lines = value.get("text")
    if isinstance(lines, str):
        lines = [lines]
    if not isinstance(lines, list):
        raise context.raw.error(
            f"textarea result holds {json_type(lines)}", field=f"{at}.value.text"
        )
    role = textarea_role(mapping, name)
    if role is None:
        content.labels[label] = lines[0] if len(lines) == 1 else lines
        return
    for number, line in enumerate(lines):
        where = f"{at}.value.text[{number}]"
        text = as_text(context.raw, line, where)
        content.texts.append(Text(role=role, text=text, field=where, prompt=context.prompt))


def textarea_role(mapping: LabelStudioMapping, name: str) -> str | None:
    """The role of the texts of the text area ``name``, or None when they are a label:
    the role the mapping gives, else ``response``; with no ``response`` names in the
    mapping, a text area named as a note (``comment``, ``notes``, ``feedback``,
    ``reviewer_comment``, …) is a ``comment``, not a response to check."""
    role = dict(mapping.roles).get(name)
    if name in dict(mapping.labels) or (
        role is None and bool(mapping.response) and name not in mapping.response
    ):
        return None
    if role is None and not mapping.response and _COMMENT_NAME.search(name):
        return "comment"
    return role or "response"


#: The name of a text area for notes beside the work, not for the response.
_COMMENT_NAME = re.compile(
    r"(?i:(?:^|[_\-\s])(?:comments?|notes?|feedback|remarks?)(?:$|[_\-\s]))"
    r"|(?<=[a-z])(?:Comments?|Notes?|Feedback|Remarks?)$"  # (camelCase: reviewerComment)
)


def _ranking(ranker: Any) -> tuple[list[str] | None, Any]:
    """The ranked ids (best first) and the label value of a ranker result."""
    if isinstance(ranker, list):
        return [str(i) for i in ranker], ranker
    if isinstance(ranker, Mapping):
        buckets = {k: v for k, v in ranker.items() if k != "_" or len(ranker) == 1}
        if len(buckets) == 1:
            ids = next(iter(buckets.values()))
            if isinstance(ids, list):
                return [str(i) for i in ids], ids
        return None, dict(ranker)
    return None, ranker


def _candidates(context: ResultContext, to_name: Any) -> tuple[str, list[Any]] | None:
    """The task data field holding the ranked items, and its items."""
    data = context.task_data
    names: list[Any] = [context.mapping.candidates, to_name, *data]
    for name in names:
        items = data.get(name) if isinstance(name, str) else None
        if (
            isinstance(items, list)
            and items
            and all(isinstance(i, Mapping) and "id" in i for i in items)
        ):
            return name, items
    return None


def _ranker(
    context: ResultContext,
    item: Mapping[str, Any],
    label: str,
    value: Mapping[str, Any],
    at: str,
    content: AnnotationContent,
) -> None:
    ranked, label_value = _ranking(value.get("ranker"))
    found = _candidates(context, item.get("to_name"))
    if found is None:
        content.labels[label] = label_value
        return
    key, items = found
    ids = [str(candidate.get("id")) for candidate in items]
    problem = _ranking_problem(ranked, ids) if ranked is not None else None
    if problem is None:
        content.labels[label] = label_value
    else:
        content.unread.append(label)
        # (ranked as far as the ranking tells: each candidate it names, at its first
        # mention among the names of candidates; the label is left out of agreement)
        ranked = list(dict.fromkeys(i for i in ranked or () if i in ids))
        content.errors.append(
            context.raw.error(
                f"the ranking '{label}' {problem}, so it is no ranking of the "
                f"{len(ids)} candidates in data.{key} ({_shown_ids(ids)})",
                field=f"{at}.value.ranker",
                hint="the candidates are checked with the places of their first mention, "
                "and the ranking is left out of agreement; rank the task again in Label "
                "Studio, or correct the export",
            )
        )
    for number, candidate in enumerate(items):
        for text_key in ("body", "text", "html"):
            text = candidate.get(text_key)
            if isinstance(text, str):
                ident = ids[number]
                rank = ranked.index(ident) + 1 if ranked and ident in ranked else None
                where = f"data.{key}[{number}].{text_key}"
                content.texts.append(
                    Text(role="candidate", text=text, field=where, prompt=context.prompt, rank=rank)
                )
                break


def _ranking_problem(ranked: list[str], ids: list[str]) -> str | None:
    """What makes ``ranked`` no ranking of the candidates ``ids``: a candidate named
    twice, or a name that is no candidate's (None when neither)."""
    twice = [i for i, n in Counter(ranked).items() if n > 1]
    unknown = [i for i in dict.fromkeys(ranked) if i not in ids]
    problems = []
    if twice:
        problems.append(f"names {_shown_ids(twice)} twice")
    if unknown:
        which = "is no candidate" if len(unknown) == 1 else "are no candidates"
        problems.append(f"names {_shown_ids(unknown)}, which {which}")
    return " and ".join(problems) or None


def _shown_ids(ids: list[str]) -> str:
    shown = ", ".join(f"'{i}'" for i in ids[:6])
    return shown + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")


def _pairwise(
    context: ResultContext,
    item: Mapping[str, Any],
    label: str,
    value: Mapping[str, Any],
    content: AnnotationContent,
) -> None:
    selected = value.get("selected")
    content.labels[label] = selected
    to_name = item.get("to_name")
    sides = [s.strip() for s in to_name.split(",")] if isinstance(to_name, str) else []
    data = context.task_data
    if selected not in ("left", "right") or len(sides) != 2:
        return
    if not all(isinstance(data.get(side), str) for side in sides):
        return
    chosen, rejected = sides if selected == "left" else sides[::-1]
    for role, side in (("chosen", chosen), ("rejected", rejected)):
        content.texts.append(
            Text(role=role, text=data[side], field=f"data.{side}", prompt=context.prompt)
        )
