"""Record and operation ids: UUIDv7 (RFC 9562), time-ordered so ids sort by creation time.

Python 3.11 has no uuid.uuid7; this is the ~15 lines the design allows.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

# The system's random source costs a system call per read, which on a loaded virtual machine was
# measured at ~90 µs: bytes are read 4 KiB at a time, per thread, and a forked child never reuses
# its parent's (the pid is checked).
_RANDOM_BLOCK = 4096
_pool = threading.local()


def _random_bytes(count: int) -> bytes:
    pid = os.getpid()
    buffer: bytes = getattr(_pool, "buffer", b"")
    position: int = getattr(_pool, "position", 0)
    if getattr(_pool, "pid", None) != pid or position + count > len(buffer):
        buffer, position = os.urandom(max(_RANDOM_BLOCK, count)), 0
        _pool.buffer, _pool.pid = buffer, pid
    _pool.position = position + count
    return buffer[position : position + count]


def uuid7(now_ms: int | None = None) -> str:
    return uuid7_many(1, now_ms)[0]


def uuid7_many(count: int, now_ms: int | None = None) -> list[str]:
    """`count` ids of this millisecond (a bulk load makes thousands at once)."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    stamp = f"{ms & ((1 << 48) - 1):012x}"
    head = f"{stamp[:8]}-{stamp[8:]}-7"  # 48-bit time, then the version
    digits = _random_bytes(10 * count).hex()
    # Of each id's 20 random hex digits: 3 are rand_a, then the variant's nibble (binary 10xx)
    # with 2 random bits, then 15 more of rand_b — exactly str(uuid.UUID(...)) of such an id.
    return [
        f"{head}{digits[i : i + 3]}-{_VARIANT[digits[i + 3]]}{digits[i + 4 : i + 7]}"
        f"-{digits[i + 7 : i + 19]}"
        for i in range(0, 20 * count, 20)
    ]


_VARIANT = {f"{n:x}": f"{8 | (n & 3):x}" for n in range(16)}


def uuid7_time_ms(value: str) -> int:
    return uuid.UUID(value).int >> 80


def short_id(value: str) -> str:
    """The form shown to people and accepted as a prefix: the last 8 hex digits (the random part)."""
    return value.replace("-", "")[-8:]
