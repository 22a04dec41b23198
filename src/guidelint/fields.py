"""Where to find things in a plain record: field paths like ``meta.prompt``.

The guideline's ``fields:`` section (overridable from the command line) is a
:class:`FieldMapping`; readers use :func:`get_path` to follow it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

if TYPE_CHECKING:
    from guidelint.model import Record, Text

_MISSING = object()
_PART_RE = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _pairs(value: Any) -> Any:
    """A YAML mapping ``{name: value}`` as a hashable tuple of ``(name, value)`` pairs."""
    if isinstance(value, Mapping):
        return tuple((str(k), v) for k, v in value.items())
    return value


#: ``{name: name}`` written in YAML, kept as pairs so the mapping stays hashable.
NamePairs = Annotated[tuple[tuple[str, str], ...], BeforeValidator(_pairs)]


def _names(value: Any) -> Any:
    """One field name written alone (``id: sample_id``) as a list of one."""
    return (value,) if isinstance(value, str) else value


#: Field names tried in order: a list, or one name written alone.
Names = Annotated[tuple[str, ...], BeforeValidator(_names)]


class LabelStudioMapping(BaseModel):
    """How a Label Studio export maps onto records (the ``fields.labelstudio`` section).

    Control tags are named by their ``name`` (``from_name`` in the export). By default
    every TextArea is a response to check, every other control a label named after it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: Task data fields holding the instruction; the first present one is used.
    instruction: Names = ("instruction", "prompt", "question", "query")
    #: Task data field appended to the instruction (after a blank line) when non-empty.
    input: str | None = "input"
    #: TextArea names checked as responses; empty means every TextArea not named in
    #: ``roles`` or ``labels``.
    response: Names = ()
    #: Control name → text role (``draft``, ``chosen``, ``rejected``, ``system``, ...).
    roles: NamePairs = ()
    #: Control name → label name (default: the control's own name). A TextArea named
    #: here is kept as a label, not checked.
    labels: NamePairs = ()
    #: Task data field holding the items a Ranker ranks (``[{id, body}, ...]``); found
    #: automatically when None.
    candidates: str | None = None


class ArgillaMapping(BaseModel):
    """How an Argilla 2.x export maps onto records (the ``fields.argilla`` section)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: Record fields holding the instruction; the first present one is used.
    instruction: Names = ("instruction", "prompt", "question", "query", "input", "text")
    #: Text questions checked as responses; empty means every question answered with
    #: prose (a string with a space or a line break) not named in ``roles``/``labels``.
    response: Names = ()
    #: Field or question name → text role (``response``, ``draft``, ``chosen``, ...).
    roles: NamePairs = ()
    #: Question name → label name (default: the question's own name).
    labels: NamePairs = ()
    #: Response statuses that are read; others are skipped and counted.
    statuses: Names = ("submitted",)


class FieldMapping(BaseModel):
    """Field paths in a plain record. Every path may be nested (``meta.prompt``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    instruction: str = "instruction"
    response: str = "response"
    #: Extra context appended to the instruction (Alpaca's ``input``).
    input: str | None = None
    #: Model drafts that annotators edited; the first present one is used.
    draft: Names = ("draft", "model_response", "original")
    #: The record's own id.
    id: Names = ("id", "item_id", "uid")
    #: Who annotated the record.
    annotator: Names = ("annotator", "annotator_id", "completed_by", "worker_id")
    #: Review metadata (AI-assisted annotation): reviewer and approved flag.
    reviewer: str = "reviewer"
    approved: str = "approved"
    #: Per-record suppressions: ``{"guidelint": {"ignore": [...]}}``.
    suppressions: str = "guidelint"
    #: The dataset schema (``plain``, ``alpaca``, ``sharegpt``, ...); None detects it.
    schema_name: str | None = Field(default=None, alias="schema")
    #: Label Studio exports: instruction field, roles of controls, label names.
    labelstudio: LabelStudioMapping = Field(default_factory=LabelStudioMapping)
    #: Argilla 2.x exports: instruction field, roles of questions, statuses read.
    argilla: ArgillaMapping = Field(default_factory=ArgillaMapping)


def split_path(path: str) -> list[str | int]:
    """``"messages[3].content"`` → ``["messages", 3, "content"]``."""
    parts: list[str | int] = []
    for name, index in _PART_RE.findall(path):
        parts.append(int(index) if index else name)
    return parts


def is_plain_key(path: str) -> bool:
    """Whether ``path`` names one key: not empty, no ``.``, ``[`` or ``]`` in it."""
    return bool(path) and "." not in path and "[" not in path and "]" not in path


def get_path(data: Any, path: str, default: Any = None) -> Any:
    """Follow a dotted/indexed path into nested mappings and lists."""
    if type(data) is dict and is_plain_key(path):
        # Fast path (most lookups: a decoded JSON object and a field name): the general
        # code below gives exactly the value of the key or ``default`` here.
        return data.get(path, default)
    current = data
    if isinstance(current, Mapping):
        if path in current:
            return current[path]  # a flat key that contains dots
        if "." in path:
            # Flattened exports (Argilla: "summary.responses[1]") keep dotted keys:
            # try the longest dotted prefix that is a key, then follow the rest.
            head = path
            while "." in head:
                head = head.rsplit(".", 1)[0]
                key = head.split("[", 1)[0]
                if key in current and key != path:
                    rest = path[len(key) :].lstrip(".")
                    return get_path(current[key], rest, default) if rest else current[key]
            name = path.split("[", 1)[0]
            if name in current and "[" in path:
                return _follow(current[name], split_path(path[len(name) :]), default)
    return _follow(current, split_path(path), default)


def _follow(current: Any, parts: list[str | int], default: Any) -> Any:
    for part in parts:
        if isinstance(part, int):
            if isinstance(current, list) and -len(current) <= part < len(current):
                current = current[part]
                continue
            return default
        # ``type(...) is dict`` first: decoded JSON is plain dicts, and the ABC check is slow.
        if (type(current) is dict or isinstance(current, Mapping)) and part in current:
            current = current[part]
            continue
        return default
    return current


def has_path(data: Any, path: str) -> bool:
    return get_path(data, path, _MISSING) is not _MISSING


def first_present(data: Any, paths: tuple[str, ...] | str | None) -> tuple[str, Any] | None:
    """The first ``(path, value)`` among ``paths`` whose value is present and not None."""
    if paths is None:
        return None
    for path in (paths,) if isinstance(paths, str) else paths:
        value = get_path(data, path)
        if value is not None:
            return path, value
    return None


def stable_hash(text: str) -> str:
    """A short stable id for content that has none (16 hex digits of SHA-1)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def record_key(record: Record) -> str:
    """A stable key for a record: its own id, else a hash of its content."""
    key = record.meta.get("key")
    if isinstance(key, str):
        return key
    own = None
    if isinstance(record.data, dict):
        own = next((record.data[k] for k in ("id", "item_id", "uid") if k in record.data), None)
    if own is not None and not isinstance(own, (dict, list)):
        key = str(own)
    else:
        key = stable_hash(json.dumps(record.data, sort_keys=True, ensure_ascii=False, default=str))
    record.meta["key"] = key
    return key


def canonical_json(data: Any) -> str:
    """The record as JSON with sorted keys: the same content gives the same text."""
    try:
        return json.dumps(
            data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        )
    except (TypeError, ValueError, RecursionError):
        return repr(data)


def derived_item_id(texts: list[Text], data: Any) -> str:
    """The item id of a record that names none: a hash of its first instruction, else
    of its content."""
    for text in texts:
        if text.role == "instruction":
            return stable_hash(text.text)
    return stable_hash(canonical_json(data))


def item_is_derived(record: Record) -> bool:
    """Whether the record's item id was made from its content (:func:`derived_item_id`)
    because it names no item of its own: records with the same instruction are then
    the same item only in name."""
    return record.item_id == derived_item_id(record.texts, record.data)
