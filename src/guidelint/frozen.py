"""``frozen``: a frozen dataclass to the type checker, a plain slotted one at run time.

A ``@dataclass(frozen=True)`` sets each field in ``__init__`` through
``object.__setattr__`` (its own ``__setattr__`` refuses): 1.7 µs to make a
:class:`~guidelint.model.Violation` of 17 fields where a plain slotted dataclass takes
0.3. guidelint makes several such objects per record and per violation (the raw
record, its texts, each check's findings and their violations, again when the
violations of a ``--jobs`` worker are unpickled), so the classes made that often are
declared with :func:`frozen` instead:

* mypy sees a frozen dataclass (``dataclass_transform(frozen_default=True)``): an
  assignment to a field is a type error, as before;
* at run time the class is ``dataclass(slots=True, unsafe_hash=True)``: the same
  fields, defaults, ``__eq__``, ``__hash__`` (of the fields, as a frozen dataclass
  hashes), ``__repr__``, ``dataclasses.replace`` and pickling, and an ``__init__`` of
  plain slot assignments. Nothing stops an assignment at run time; nothing in
  guidelint makes one (mypy checks), and code using the library must not either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def frozen(cls: type[_T]) -> type[_T]:
    """Declare an immutable value class (see the module docs)."""
    return dataclass(slots=True, unsafe_hash=True)(cls)
