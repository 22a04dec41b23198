"""``cached``: :func:`functools.cached_property` under a name mypyc keeps, without its lock.

mypy treats ``functools.cached_property`` as a plain property, and mypyc compiles it
into one: in a compiled module (see :mod:`guidelint.compiled`) the value would be
computed again on every access. The subclass here is not recognised, so the decorator
stays what it is at run time in both modes, and mypy still types the attribute from
the method's return type. This module itself is never compiled.

Python 3.11's ``cached_property`` takes one lock, shared by every instance, each time
it computes a value (3.12 dropped it); the per-text analyses compute a dozen values
per text, so ``cached`` computes without it, as 3.12 does: two threads asking at once
may both compute the value, and one of the equal results is kept.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, TypeVar, overload

_T = TypeVar("_T")
_MISSING: Any = object()


class cached(cached_property[_T]):
    """Computes the attribute once per instance, then reads it from ``__dict__``."""

    @overload
    def __get__(self, instance: None, owner: type[Any] | None = None) -> cached[_T]: ...

    @overload
    def __get__(self, instance: object, owner: type[Any] | None = None) -> _T: ...

    def __get__(self, instance: object, owner: type[Any] | None = None) -> Any:
        if instance is None:
            return self
        # (a non-data descriptor: once stored, __dict__ answers without calling this)
        name: str = self.attrname  # type: ignore[assignment]  # (set by __set_name__)
        cache = instance.__dict__
        value = cache.get(name, _MISSING)
        if value is _MISSING:
            value = cache[name] = self.func(instance)
        return value
