"""``guidelint.frozen``: value classes that are frozen dataclasses to mypy and plain
slotted dataclasses at run time, with the same equality, hash, replace and pickling."""

from __future__ import annotations

import dataclasses
import pickle

from guidelint.checks.base import Finding, Place, Target
from guidelint.frozen import frozen
from guidelint.model import Fix, Severity, Text, Turn, Violation
from guidelint.readers.base import ElementRecord, RawRecord


@frozen
class Pair:
    left: int
    right: tuple[int, int] = (0, 0)


def _violation(**changes: object) -> Violation:
    base = Violation("d.jsonl", 3, 5, "response", (4, 9), "r", "phrase", Severity.ERROR, "m")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_a_frozen_class_is_a_slotted_dataclass_with_value_equality_and_hash() -> None:
    assert dataclasses.is_dataclass(Pair)
    assert not hasattr(Pair(1), "__dict__")
    assert Pair(1, (2, 3)) == Pair(1, (2, 3)) and Pair(1) != Pair(2)
    assert hash(Pair(1, (2, 3))) == hash(Pair(1, (2, 3)))
    assert len({Pair(1), Pair(1), Pair(2)}) == 2
    assert dataclasses.replace(Pair(1), right=(5, 6)) == Pair(1, (5, 6))
    assert pickle.loads(pickle.dumps(Pair(7, (8, 9)))) == Pair(7, (8, 9))


def test_the_type_checker_is_told_the_classes_are_frozen() -> None:
    # (what mypy reads: dataclass_transform with frozen_default; an assignment to a
    # field of a Violation is then a type error, see the module docs)
    transform = frozen.__dataclass_transform__  # type: ignore[attr-defined]
    assert transform["kwargs"] == {"frozen_default": True}


def test_the_classes_made_per_record_and_violation_hash_as_frozen_dataclasses_did() -> None:
    # A frozen dataclass hashes the tuple of its fields; so do these.
    violation = _violation(fix=Fix(4, 9, "x"), excerpt=("a", "b", "c"))
    fields = tuple(getattr(violation, f.name) for f in dataclasses.fields(Violation))
    assert hash(violation) == hash(fields)
    assert violation == _violation(fix=Fix(4, 9, "x"), excerpt=("a", "b", "c"))
    assert violation != _violation(fix=Fix(4, 9, "y"), excerpt=("a", "b", "c"))
    assert pickle.loads(pickle.dumps(violation)) == violation
    text = Text("response", "Hi.", "response", prompt="Hello?")
    for value in (
        text,
        Turn("user", "Hello?", "instruction"),
        Finding(0, 2, params={"match": "Hi"}),
        Place("d.jsonl", 3),
        RawRecord("d.jsonl", 1, 0, {"a": 1}),
        ElementRecord("d.json", 2, 0, {"a": 1}, element="element 1"),
    ):
        assert dataclasses.is_dataclass(value) and not hasattr(value, "__dict__")
        assert dataclasses.replace(value) == value
    assert hash(Place("d.jsonl", 3)) == hash(Place("d.jsonl", 3))
    assert Target.__dataclass_params__.unsafe_hash  # type: ignore[attr-defined]
