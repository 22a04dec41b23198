"""Field paths: get_path, first_present, and the plain-dict fast path agreeing with the rest."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidelint.fields import FieldMapping, first_present, get_path, has_path, is_plain_key

MISSING = object()


class View(Mapping[Any, Any]):
    """A Mapping that is not a dict, so get_path takes its general (non-fast) path."""

    def __init__(self, data: dict[Any, Any]) -> None:
        self._data = data

    def __getitem__(self, key: Any) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def as_views(value: Any) -> Any:
    """``value`` with every dict in it (nested too) replaced by a :class:`View`."""
    if isinstance(value, dict):
        return View({k: as_views(v) for k, v in value.items()})
    if isinstance(value, list):
        return [as_views(v) for v in value]
    return value


def as_dicts(value: Any) -> Any:
    """The inverse of :func:`as_views`, to compare what the two lookups found."""
    if isinstance(value, View):
        return {k: as_dicts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_dicts(v) for v in value]
    return value


RECORD = {
    "instruction": "Say hi.",
    "summary.responses[1]": "a flat key with dots and an index",
    "summary": {"responses": ["first", "second"]},
    "meta": {"prompt": "nested", "tags": ["a", "b"]},
    "messages": [{"content": "hello"}, {"content": "bye"}],
    "a]b": "a key with a bracket",
    "a": {"b": "followed"},
    "": "the empty key",
    "none": None,
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("instruction", "Say hi."),
        ("summary.responses[1]", "a flat key with dots and an index"),
        ("summary.responses[0]", "first"),
        ("summary.responses[-1]", MISSING),  # no negative indexes
        ("summary.responses[2]", MISSING),
        ("meta.prompt", "nested"),
        ("meta.tags[1]", "b"),
        ("messages[1].content", "bye"),
        ("messages[2].content", MISSING),
        ("a]b", "a key with a bracket"),
        ("a]c", MISSING),
        ("", "the empty key"),
        ("none", None),
        ("missing", MISSING),
        ("instruction.more", MISSING),
    ],
)
@pytest.mark.parametrize("wrap", [dict, as_views, MappingProxyType], ids=["dict", "view", "proxy"])
def test_get_path(path: str, expected: Any, wrap: Any) -> None:
    found = get_path(wrap(dict(RECORD)), path, MISSING)
    assert as_dicts(found) == expected if expected is not MISSING else found is MISSING


def test_plain_keys_of_a_dict_are_looked_up_directly() -> None:
    data = {"id": 3, "a]": "x", "a": {"b": 1}}
    assert get_path(data, "id") == 3
    assert get_path(data, "uid") is None
    assert get_path(data, "uid", MISSING) is MISSING
    assert get_path(data, "a]") == "x"  # a bracket: not a plain key, the flat key wins
    assert get_path({"a": 5}, "a]") == 5  # ... and without the flat key, the path's part "a"
    assert get_path({"a": 5}, "") == {"a": 5}  # the empty path is the record itself


def test_a_path_into_something_that_is_not_a_mapping_is_missing() -> None:
    assert get_path("text", "a", MISSING) is MISSING
    assert get_path(["x"], "[0]") == "x"
    assert get_path(None, "id") is None
    assert get_path({"id": "7"}, "id.x", MISSING) is MISSING


@pytest.mark.parametrize(
    ("path", "plain"),
    [("id", True), ("", False), ("a.b", False), ("a[0]", False), ("a]", False), ("ünï cödé", True)],
)
def test_is_plain_key(path: str, plain: bool) -> None:
    assert is_plain_key(path) is plain


@pytest.mark.parametrize("wrap", [dict, as_views], ids=["dict", "view"])
def test_first_present_skips_missing_and_none(wrap: Any) -> None:
    data = wrap({"annotator": None, "meta": {"worker": "w1"}, "uid": 0})
    assert first_present(data, ("annotator", "meta.worker", "uid")) == ("meta.worker", "w1")
    assert first_present(data, ("id", "uid")) == ("uid", 0)
    assert first_present(data, "uid") == ("uid", 0)
    assert first_present(data, ("id", "annotator")) is None
    assert first_present(data, None) is None
    assert has_path(data, "annotator") and not has_path(data, "id")


KEY_CHARS = st.sampled_from(["a", "b", "1", ".", "[", "]", "0"])
KEYS = st.text(KEY_CHARS, max_size=5)
VALUES = st.recursive(
    st.none() | st.integers(-2, 2) | st.text("xy", max_size=2),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(data=st.dictionaries(KEYS, VALUES, max_size=6), path=st.text(KEY_CHARS, max_size=8))
def test_dicts_and_other_mappings_find_the_same(data: dict[str, Any], path: str) -> None:
    """The fast paths for plain dicts agree with the general code for other Mappings."""
    in_dicts = get_path(data, path, MISSING)
    in_views = get_path(as_views(data), path, MISSING)
    assert (in_dicts is MISSING) == (in_views is MISSING)
    assert as_dicts(in_views) == in_dicts or in_dicts is MISSING
    paths = (path, *list(data)[:3])
    assert first_present(data, paths) == (
        None
        if (found := first_present(as_views(data), paths)) is None
        else (found[0], as_dicts(found[1]))
    )


def test_a_list_of_field_names_may_be_one_name_written_alone() -> None:
    fields = FieldMapping.model_validate(
        {
            "id": "sample_id",
            "annotator": "who",
            "draft": ["a", "b"],
            "labelstudio": {"instruction": "q"},
        }
    )
    assert fields.id == ("sample_id",) and fields.annotator == ("who",)
    assert fields.draft == ("a", "b") and fields.labelstudio.instruction == ("q",)
