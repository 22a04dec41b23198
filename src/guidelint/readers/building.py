"""Building records: the parts every schema shares.

Reading a text field (with a clear error when it is missing or not text), the record's
own id, its annotator, its review metadata, and :func:`make_record`, which fills in
the item id and the stable record key the same way for every schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guidelint.fields import (
    FieldMapping,
    canonical_json,
    derived_item_id,
    first_present,
    get_path,
    has_path,
    is_plain_key,
    stable_hash,
)
from guidelint.model import Record, Text, Turn
from guidelint.readers.base import RawRecord

#: FieldMapping (by identity, kept alive so its id is not reused) → the plain keys of
#: its optional fields, for :func:`_lacks_optional_fields`; small, it is rarely > 1.
#: Not a cached_property of FieldMapping: ``model_copy(update=...)`` (the agreement
#: command's field overrides) would carry the cached keys over to the changed copy.
_OPTIONAL_KEYS: dict[int, tuple[FieldMapping, frozenset[str] | None]] = {}

_JSON_TYPES = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "true/false",
    type(None): "null",
}


def json_type(value: Any) -> str:
    """How a value is called in JSON terms (``an object``, ``a number``, ...)."""
    for kind, name in _JSON_TYPES.items():
        if type(value) is kind:
            return name
    return "a list" if isinstance(value, list | tuple) else type(value).__name__


def as_text(raw: RawRecord, value: Any, field: str) -> str:
    """``value`` when it is a string, else a RecordError located at ``field``."""
    if not isinstance(value, str):
        what = "is null" if value is None else f"holds {json_type(value)}"
        raise raw.error(f"'{field}' {what}, expected text", field=field)
    return value


def text_field(raw: RawRecord, data: Any, path: str, *, required: bool) -> str | None:
    """The string at ``path``; a clear RecordError when it is missing or not text.

    An optional field that is null counts as absent; a required one is an error that
    says it is null (not that it is missing).
    """
    value = get_path(data, path)
    if value is None:
        if not required:
            return None
        if has_path(data, path):
            raise raw.error(f"'{path}' is null, expected text", field=path)
        keys = ", ".join(f"'{k}'" for k in list(data)[:8]) if isinstance(data, Mapping) else ""
        raise raw.error(
            f"record has no '{path}' field" + (f" (it has {keys})" if keys else ""),
            field=path,
            hint="name the field with --response-field/--instruction-field, "
            "the guideline's `fields:`, or pick a schema with --schema",
        )
    return as_text(raw, value, path)


def scalar_id(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list | bool):
        return None
    return str(value)


def record_id(data: Any, fields: FieldMapping) -> str | None:
    found = first_present(data, fields.id)
    return None if found is None else scalar_id(found[1])


def _item_field(data: Any, fields: FieldMapping) -> str | None:
    """An ``item_id`` field beside the record's own id (``{"id": "x/1#alice", "item_id":
    "x/1"}``, one row per annotation): the item, though ``id`` comes first as the
    record's own id. Only when ``item_id`` is one of the id fields."""
    if type(data) is not dict or "item_id" not in data or "item_id" not in fields.id:
        return None
    return scalar_id(data["item_id"])


def person(value: Any) -> str | None:
    """An annotator given as an id, a name, or a user object (``{"id": 3, "email": ...}``,
    as Label Studio writes ``completed_by``): a user object is named by its id, as the
    bare id names the same user (``3``), so one user is one annotator whichever a file
    holds; by its e-mail, else its username, when it has no id."""
    if isinstance(value, Mapping):
        value = next(
            (value[k] for k in ("id", "email", "username") if scalar_id(value.get(k))), None
        )
    return scalar_id(value)


def person_email(value: Any) -> str | None:
    """The e-mail of a user object that has an id (shown beside the id it is named by)."""
    if not isinstance(value, Mapping) or scalar_id(value.get("id")) is None:
        return None
    email = value.get("email")
    return email if isinstance(email, str) and email.strip() else None


def _optional_keys(fields: FieldMapping) -> frozenset[str] | None:
    """The annotator, reviewer, approved and draft paths of ``fields`` when every one is
    a plain key (not nested), else None; worked out once per FieldMapping."""
    known = _OPTIONAL_KEYS.get(id(fields))
    if known is not None and known[0] is fields:
        return known[1]
    paths = (*fields.annotator, fields.reviewer, fields.approved, *fields.draft)
    keys = frozenset(paths) if all(is_plain_key(p) for p in paths) else None
    if len(_OPTIONAL_KEYS) >= 16:
        _OPTIONAL_KEYS.clear()
    _OPTIONAL_KEYS[id(fields)] = (fields, keys)
    return keys


def _lacks_optional_fields(data: Any, fields: FieldMapping) -> bool:
    """Whether ``data`` surely has no annotator, reviewer, approved or draft field.

    A fast path: most records have none of them, and for a plain dict with plain-key
    paths one set check tells, instead of nine lookups that each find nothing.
    """
    if type(data) is not dict:
        return False
    keys = _optional_keys(fields)
    return keys is not None and keys.isdisjoint(data)


def annotator_of(data: Any, fields: FieldMapping) -> str | None:
    found = first_present(data, fields.annotator)
    return None if found is None else person(found[1])


def review_meta(data: Any, fields: FieldMapping) -> dict[str, Any]:
    """Reviewer and approved flag of AI-assisted annotation, when the record has them."""
    meta: dict[str, Any] = {}
    reviewer = get_path(data, fields.reviewer)
    if reviewer is not None:
        shown = reviewer  # (by e-mail first: a reviewer is shown, not told apart)
        if isinstance(reviewer, Mapping):
            shown = reviewer.get("email") or reviewer.get("id") or reviewer.get("username")
        meta["reviewer"] = scalar_id(shown) or reviewer
    approved = get_path(data, fields.approved)
    if approved is not None:
        meta["approved"] = approved
    return meta


def content_key(data: Any) -> str:
    return stable_hash(canonical_json(data))


def draft_text(
    data: Any, fields: FieldMapping, prompt: str | None, prefix: str = ""
) -> Text | None:
    """The model draft annotators edited (``draft``, ``model_response``, ``original``)."""
    if _lacks_optional_fields(data, fields):
        return None
    for path in fields.draft:
        value = get_path(data, path)
        if isinstance(value, str):
            return Text(role="draft", text=value, field=prefix + path, prompt=prompt)
    return None


def make_record(
    raw: RawRecord,
    schema: str,
    fields: FieldMapping,
    texts: list[Text],
    *,
    turns: list[Turn] | None = None,
    item_id: str | None = None,
    annotator: str | None = None,
    labels: dict[str, Any] | None = None,
    line: int | None = None,
    key: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Record:
    """A record with the item id, annotator and key filled in the same way for all schemas.

    The item id is the record's own id, else a hash of its first instruction, else of
    its content. ``meta["key"]`` is the own id, else a hash of the content: stable
    across runs, used by baselines.
    """
    data = raw.data
    own_id = record_id(data, fields)
    if item_id is None:
        item_id = _item_field(data, fields) or own_id or derived_item_id(texts, data)
    all_meta: dict[str, Any] = {"key": key or own_id or content_key(data)}
    bare = _lacks_optional_fields(data, fields)  # then no annotator and no review
    if not bare:
        all_meta.update(review_meta(data, fields))
    if meta:
        all_meta.update(meta)
    if annotator is None and not bare:
        annotator = annotator_of(data, fields)
    return Record(
        path=raw.path,
        line=raw.line if line is None else line,
        index=raw.index,
        data=data,
        texts=texts,
        item_id=item_id,
        annotator=annotator,
        schema=schema,
        turns=turns or [],
        labels=labels or {},
        meta=all_meta,
    )
