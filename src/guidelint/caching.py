"""``cached``: :func:`functools.cached_property` under a name mypyc keeps.

mypy treats ``functools.cached_property`` as a plain property, and mypyc compiles it
into one: in a compiled module (see :mod:`guidelint.compiled`) the value would be
computed again on every access. The subclass here is not recognised, so the decorator
stays what it is at run time in both modes, and mypy still types the attribute from
the method's return type. This module itself is never compiled.
"""

from __future__ import annotations

from functools import cached_property
from typing import TypeVar

_T = TypeVar("_T")


class cached(cached_property[_T]):
    """Computes the attribute once per instance, then reads it from ``__dict__``."""
