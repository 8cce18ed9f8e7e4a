"""Record and operation ids: UUIDv7 (RFC 9562), time-ordered so ids sort by creation time.

Python 3.11 has no uuid.uuid7; this is the ~15 lines the design allows.
"""

from __future__ import annotations

import os
import time
import uuid


def uuid7(now_ms: int | None = None) -> str:
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a, 12 bits
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    digits = f"{value:032x}"  # what str(uuid.UUID(int=value)) gives, without the object
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def uuid7_time_ms(value: str) -> int:
    return uuid.UUID(value).int >> 80


def short_id(value: str) -> str:
    """The form shown to people and accepted as a prefix: the last 8 hex digits (the random part)."""
    return value.replace("-", "")[-8:]
