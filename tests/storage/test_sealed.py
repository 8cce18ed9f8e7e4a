"""Sealed files (attachments, drafts, temp files): what is written reads back exactly, for every
size around the chunk boundaries; a cut, a flipped byte, another key or another name is refused;
the bytes on disk are not the plaintext."""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.attachments import AttachmentStore
from storage.sealed import CHUNK, HEADER_LEN, TAG, SealedDamaged, open_sealed, write_sealed

KEY = bytes(range(32))
SIZES = st.one_of(
    st.integers(0, 300),
    st.integers(CHUNK - 2, CHUNK + 2),
    st.integers(2 * CHUNK - 2, 2 * CHUNK + 2),
)


@settings(max_examples=40, deadline=None)
@given(size=SIZES, seek=st.integers(0, 3 * CHUNK), data=st.data())
def test_round_trip_and_seek(
    tmp_path_factory: pytest.TempPathFactory, size: int, seek: int, data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("sealed")
    plain = random.Random(size).randbytes(size)  # the same bytes when Hypothesis replays
    path = folder / "f"
    write_sealed(path, KEY, plain, b"name")
    assert size < 16 or plain[:64] not in path.read_bytes()
    with open_sealed(path, KEY, b"name") as reader:
        assert reader.size == size
        assert reader.read() == plain
        reader.seek(seek)
        n = data.draw(st.integers(0, 2 * CHUNK))
        assert reader.read(n) == plain[seek : seek + n]


@pytest.mark.parametrize("size", [0, 10, CHUNK, CHUNK + 10, 2 * CHUNK])
def test_damage_of_any_kind_is_refused(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f"
    write_sealed(path, KEY, os.urandom(size), b"name")
    good = path.read_bytes()

    def refused(blob: bytes, key: bytes = KEY, aad: bytes = b"name") -> bool:
        path.write_bytes(blob)
        try:
            with open_sealed(path, key, aad) as reader:
                reader.read()
        except SealedDamaged:
            return True
        return False

    assert not refused(good)
    assert refused(good, key=bytes(32))
    assert refused(good, aad=b"other name")
    assert refused(good[:-1])
    if size > CHUNK:  # cut exactly at a chunk boundary: the last chunk is missing
        assert refused(good[: HEADER_LEN + CHUNK + TAG])
    flipped = bytearray(good)
    flipped[-5] ^= 1
    assert refused(bytes(flipped))
    assert refused(b"SQLite format 3\x00" + good[16:])


def test_attachments_are_sealed_and_can_be_deleted(tmp_path: Path) -> None:
    files = AttachmentStore(tmp_path / "files", KEY)
    photo = b"\xff\xd8\xff\xe0 room photo " * 5000
    sha, size = files.put_stream(io.BytesIO(photo))
    assert size == len(photo) and files.size(sha) == len(photo)
    assert files.read(sha) == photo
    assert photo[:100] not in files.path_for(sha).read_bytes()
    # a sealed file copied under another hash does not open
    other = "0" * 64
    files.path_for(other).parent.mkdir(parents=True, exist_ok=True)
    files.path_for(other).write_bytes(files.path_for(sha).read_bytes())
    with pytest.raises(OSError):
        files.read(other)
    assert files.delete(sha) and not files.has(sha) and not files.delete(sha)
    assert list((tmp_path / "files").rglob(".incoming-*")) == []
