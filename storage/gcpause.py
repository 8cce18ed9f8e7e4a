"""The cyclic garbage collector paused during a bulk write.

An import or a bulk load allocates hundreds of thousands of acyclic objects (ops, their decoded
values, row tuples) that reference counting frees on its own. Each allocation burst makes the
collector walk every live object again — about a tenth of an import's CPU at 100 000 ops
(bench/results/sync-profile.md). Pausing it for the write changes no result; it runs again
when the write ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0  # writes inside a pause, on any thread; the collector runs again after the last
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
    global _holders, _was_enabled
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
