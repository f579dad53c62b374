"""Values built once per process and kept by key, up to a bound: SQL expressions and
statements that are the same for every request of a kind of caller. Building them is pure
Python work (hundreds of SQLAlchemy objects) that each request would otherwise repeat; the
objects are immutable, so sharing them between requests is safe.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """A dict that starts again when it holds ``bound`` keys (a bound, not a policy: the keys
    are kinds of callers, and a process meets few)."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self._values: dict[Hashable, V] = {}

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        value = self._values.get(key)
        if value is None:
            if len(self._values) >= self.bound:
                self._values.clear()
            value = self._values[key] = build()
        return value
