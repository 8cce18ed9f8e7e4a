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
    high = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | 0b10 << 62  # time, version, variant
    pool = _random_bytes(10 * count)
    ids = []
    for start in range(0, 10 * count, 10):
        rand = int.from_bytes(pool[start : start + 10], "big")
        value = high | ((rand >> 62) & 0xFFF) << 64 | rand & ((1 << 62) - 1)  # rand_a, rand_b
        digits = f"{value:032x}"  # what str(uuid.UUID(int=value)) gives, without the object
        ids.append(f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}")
    return ids


def uuid7_time_ms(value: str) -> int:
    return uuid.UUID(value).int >> 80


def short_id(value: str) -> str:
    """The form shown to people and accepted as a prefix: the last 8 hex digits (the random part)."""
    return value.replace("-", "")[-8:]
