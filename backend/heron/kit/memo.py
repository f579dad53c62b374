"""Values built once per process and kept by key, up to a bound: SQL expressions and
statements that are the same for every request of a kind of caller. Building them is pure
Python work (hundreds of SQLAlchemy objects) that each request would otherwise repeat; the
objects are immutable, so sharing them between requests is safe.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """A dict that starts again when it holds ``bound`` keys (a bound, not a policy: the keys
    are kinds of callers, and a process meets few)."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self._values: dict[Hashable, V] = {}

    def peek(self, key: Hashable) -> V | None:
        """The value kept under ``key``, if any (for values whose build must be awaited)."""
        return self._values.get(key)

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        value = self._values.get(key)
        if value is None:
            if len(self._values) >= self.bound:
                self._values.clear()
            value = self._values[key] = build()
        return value


class Expiring(Generic[V]):
    """Values kept for ``seconds`` after they were put, up to ``bound`` keys (then it starts
    again): figures that may lag a little behind the data (the planner's estimates)."""

    def __init__(self, bound: int, seconds: float) -> None:
        self.bound = bound
        self.seconds = seconds
        self._values: dict[Hashable, tuple[V, float]] = {}

    def get(self, key: Hashable) -> V | None:
        found = self._values.get(key)
        if found is None:
            return None
        value, until = found
        if time.monotonic() >= until:
            del self._values[key]
            return None
        return value

    def put(self, key: Hashable, value: V) -> None:
        if len(self._values) >= self.bound:
            self._values.clear()
        self._values[key] = (value, time.monotonic() + self.seconds)
