"""A small in-process cache whose entries expire, with a bound on its size.

Per process only: with several Rasa instances behind a load balancer each has its own (see
docs/channels.md for what that means for WeChat's retries and numbered buttons).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class TTLCache(Generic[V]):
    """Key -> value for `ttl` seconds after it was set; the oldest go first past `max_entries`."""

    def __init__(self, ttl: float, max_entries: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, V]] = OrderedDict()

    def _prune(self) -> None:
        now = self._clock()
        # Every entry lives `ttl` from its (re)insertion at the end: the oldest are first.
        while self._entries:
            key, (expires, _) = next(iter(self._entries.items()))
            if expires > now and len(self._entries) <= self.max_entries:
                break
            del self._entries[key]

    def get(self, key: str) -> V | None:
        self._prune()
        entry = self._entries.get(key)
        return entry[1] if entry else None

    def set(self, key: str, value: V) -> None:
        self._entries.pop(key, None)
        self._entries[key] = (self._clock() + self.ttl, value)
        self._prune()

    def pop(self, key: str) -> V | None:
        entry = self._entries.pop(key, None)
        return entry[1] if entry else None

    def __len__(self) -> int:
        self._prune()
        return len(self._entries)
