"""Record and op ids: UUIDv7 text exactly as the uuid module writes it, unique, time-ordered by
millisecond, and never repeated in a forked child (random bytes are read a block at a time)."""

from __future__ import annotations

import os
import uuid

from domain.ids import uuid7, uuid7_many, uuid7_time_ms


def test_ids_are_version_7_in_canonical_text_and_unique() -> None:
    ids = [uuid7() for _ in range(3000)] + uuid7_many(3000)
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(value)
        assert str(parsed) == value
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122


def test_the_time_is_the_millisecond_given() -> None:
    assert uuid7_time_ms(uuid7(1_796_556_498_199)) == 1_796_556_498_199
    assert {uuid7_time_ms(v) for v in uuid7_many(50, 42)} == {42}


def test_a_forked_child_draws_its_own_random_bytes() -> None:
    uuid7()  # the parent has a block of random bytes in hand
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.write(write, ",".join(uuid7_many(20, 7)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    child = os.read(read, 100_000).decode().split(",")
    os.close(read)
    assert not set(child) & set(uuid7_many(20, 7))  # same millisecond, different bytes
