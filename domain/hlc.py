"""Hybrid logical clock: (wall milliseconds << 16) | counter.

Keeps causality (a received clock is never overtaken by a later local one) while staying close to
wall time, so the deterministic winner of a conflict is usually the later edit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
FAR_AHEAD_MS = 10 * 60 * 1000  # a received clock this far past our wall clock is flagged


def pack(ms: int, counter: int) -> int:
    return (ms << COUNTER_BITS) | counter


def wall_ms(hlc: int) -> int:
    return hlc >> COUNTER_BITS


class Clock:
    """Issues strictly increasing HLC values; `observe` folds in clocks seen in received ops."""

    def __init__(self, last: int = 0, now_ms: Callable[[], int] | None = None) -> None:
        self.last = last
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))

    def tick(self) -> int:
        candidate = pack(self._now_ms(), 0)
        self.last = candidate if candidate > self.last else self.last + 1
        return self.last

    def tick_many(self, count: int) -> int:
        """`count` values at once (a batch of ops): the first is returned, the rest follow it one
        by one — what `count` ticks within one millisecond give."""
        first = self.tick()
        self.last = first + max(0, count - 1)
        return first

    def observe(self, remote: int) -> bool:
        """Fold in a received clock; return True when it is far ahead of local wall time."""
        if remote > self.last:
            self.last = remote
        return wall_ms(remote) - self._now_ms() > FAR_AHEAD_MS
