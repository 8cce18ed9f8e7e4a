"""The bundle file round trip, its refusals for the wrong reader, and the payload container."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sync.bundle as bundle_mod
from domain.errors import UserError
from sync.bundle import (
    BUNDLE_SUFFIX,
    PassphraseStanza,
    X25519Stanza,
    peek_header,
    verify_bundle,
    write_bundle,
)
from sync.keys import DeviceKeys, Passphrase
from sync.limits import MAX_RECIPIENTS, READER_VERSION
from sync.payload import encode_payload, read_payload
from tests.sync.bundle_kit import Registry, open_as, read_plaintext, refusal, sample_ops

PASS = "长江后浪推前浪 2026"
FAST = 10  # scrypt cost for tests; the default is 17


@pytest.fixture(scope="module")
def laptop() -> DeviceKeys:
    return DeviceKeys.generate("王芳的笔记本", "laptop")


@pytest.fixture(scope="module")
def hub() -> DeviceKeys:
    return DeviceKeys.generate("区征收办", "hub")


@pytest.fixture(scope="module")
def others() -> list[DeviceKeys]:
    return [DeviceKeys.generate(f"笔记本 {i}", "laptop") for i in range(MAX_RECIPIENTS + 1)]


@pytest.fixture
def registry(laptop: DeviceKeys, hub: DeviceKeys, others: list[DeviceKeys]) -> Registry:
    return Registry().add(laptop, hub, *others)


def out(tmp_path: Path, name: str = "b") -> Path:
    return tmp_path / f"{name}{BUNDLE_SUFFIX}"


# --- round trips ------------------------------------------------------------------------------


def test_round_trip_one_recipient(tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys) -> None:
    payload = os.urandom(200_000)
    path = write_bundle(
        out(tmp_path), laptop, [hub.public], [payload], {"kind": "laptop_to_hub"}, schema_version=4
    )
    assert path == out(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temp files left
    registry = Registry().add(laptop)
    with open_as(path, hub, registry, temp_dir=tmp_path) as opened:
        assert opened.read_payload_bytes() == payload
        assert payload[:64] not in opened.payload_path.read_bytes()  # sealed on disk
        header = opened.header
        assert opened.sender == laptop.public
    assert not opened.payload_path.exists()
    assert header.sender_device_id == laptop.device_id
    assert header.sender_fingerprint == laptop.public.fingerprint
    assert header.schema_version == 4
    assert header.min_reader_version == READER_VERSION
    assert header.extra == {"kind": "laptop_to_hub"}
    assert header.recipient_device_ids == (hub.device_id,)
    assert header.chunk_count == 4  # 200 000 bytes in 64 KiB chunks
    assert peek_header(path) == header
    assert verify_bundle(path, laptop.public) == header


def test_round_trip_three_recipients_and_a_stranger(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys, others: list[DeviceKeys]
) -> None:
    recipients = [hub, others[0], others[1]]
    path = write_bundle(
        out(tmp_path), laptop, [r.public for r in recipients], [b"ops"], schema_version=1
    )
    registry = Registry().add(laptop)
    for reader in recipients:
        assert read_plaintext(path, reader, registry) == b"ops"
    err = refusal(lambda: open_as(path, others[2], registry))
    assert err.code == "bundle_not_for_this_computer"
    assert refusal(lambda: open_as(path, None, registry)).code == "bundle_not_for_this_computer"


def test_a_device_with_new_keys_is_not_the_old_recipient(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys
) -> None:
    path = write_bundle(out(tmp_path), laptop, [hub.public], [b"x"], schema_version=1)
    rekeyed = DeviceKeys.generate("区征收办", "hub", device_id=hub.device_id)
    err = refusal(lambda: open_as(path, rekeyed, Registry().add(laptop)))
    assert err.code == "bundle_not_for_this_computer"


def test_duplicate_recipients_are_wrapped_once(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys
) -> None:
    path = write_bundle(out(tmp_path), laptop, [hub.public] * 3, [b"x"], schema_version=1)
    assert len(peek_header(path).recipients) == 1


def test_passphrase_round_trip_and_refusals(tmp_path: Path, laptop: DeviceKeys) -> None:
    path = write_bundle(
        out(tmp_path), laptop, Passphrase(PASS, log_n=FAST), [b"emergency"], schema_version=1
    )
    header = peek_header(path)
    assert header.is_passphrase
    (stanza,) = header.recipients
    assert isinstance(stanza, PassphraseStanza) and stanza.log_n == FAST
    registry = Registry().add(laptop)
    # Any computer with the passphrase opens it; its own keys do not matter.
    assert read_plaintext(path, None, registry, passphrase=PASS) == b"emergency"
    # Having device keys as well changes nothing.
    assert read_plaintext(path, laptop, registry, passphrase=PASS) == b"emergency"
    assert refusal(lambda: open_as(path, laptop, registry)).code == "bundle_needs_passphrase"
    err = refusal(lambda: open_as(path, None, registry, passphrase=PASS + "!"))
    assert err.code == "bundle_wrong_passphrase"


def test_passphrase_is_normalised(tmp_path: Path, laptop: DeviceKeys) -> None:
    composed, decomposed = "café résumé 2026", "cafe\u0301 re\u0301sume\u0301 2026"
    path = write_bundle(
        out(tmp_path), laptop, Passphrase(composed, log_n=FAST), [b"x"], schema_version=1
    )
    assert read_plaintext(path, None, Registry().add(laptop), passphrase=decomposed) == b"x"


def test_short_passphrase_refused_before_writing(tmp_path: Path, laptop: DeviceKeys) -> None:
    err = refusal(
        lambda: write_bundle(
            out(tmp_path), laptop, Passphrase("short", log_n=FAST), [b"x"], schema_version=1
        )
    )
    assert err.code == "bundle_passphrase_too_short"
    assert err.params["limit"] == 10
    assert list(tmp_path.iterdir()) == []


def test_too_many_recipients_refused_before_any_work(
    tmp_path: Path, laptop: DeviceKeys, others: list[DeviceKeys], monkeypatch: Any
) -> None:
    def no_key_material(*_: object) -> bytes:
        raise AssertionError("a key was made before the recipient count was checked")

    monkeypatch.setattr(bundle_mod.AESGCM, "generate_key", no_key_material)
    err = refusal(
        lambda: write_bundle(
            out(tmp_path), laptop, [o.public for o in others], [b"x"], schema_version=1
        )
    )
    assert err.code == "bundle_too_many_recipients"
    assert list(tmp_path.iterdir()) == []


def test_sixteen_recipients_is_fine(
    tmp_path: Path, laptop: DeviceKeys, others: list[DeviceKeys]
) -> None:
    readers = others[:MAX_RECIPIENTS]
    path = write_bundle(
        out(tmp_path), laptop, [o.public for o in readers], [b"x"], schema_version=1
    )
    stanzas = peek_header(path).recipients
    assert len(stanzas) == MAX_RECIPIENTS
    assert all(isinstance(s, X25519Stanza) for s in stanzas)
    assert read_plaintext(path, readers[-1], Registry().add(laptop)) == b"x"


# --- the sender -------------------------------------------------------------------------------


def test_unknown_and_revoked_senders(tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys) -> None:
    path = write_bundle(out(tmp_path), laptop, [hub.public], [b"x"], schema_version=1)
    assert refusal(lambda: open_as(path, hub, Registry())).code == "bundle_sender_unknown"
    revoked = Registry().add(laptop)
    revoked.revoked.add(laptop.device_id)
    assert refusal(lambda: open_as(path, hub, revoked)).code == "bundle_sender_revoked"
    # The registry knows that device id by other keys: whoever signed is not that device.
    impostor = Registry().add(DeviceKeys.generate("x", "laptop", device_id=laptop.device_id))
    assert refusal(lambda: open_as(path, hub, impostor)).code == "bundle_sender_unknown"


# --- versions and re-import -------------------------------------------------------------------


def test_newer_reader_or_schema_refused(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys
) -> None:
    registry = Registry().add(laptop)
    newer = write_bundle(
        out(tmp_path, "r"),
        laptop,
        [hub.public],
        [b"x"],
        schema_version=1,
        min_reader_version=READER_VERSION + 1,
    )
    assert refusal(lambda: open_as(newer, hub, registry)).code == "bundle_newer_version"
    schema = write_bundle(out(tmp_path, "s"), laptop, [hub.public], [b"x"], schema_version=9)
    err = refusal(lambda: open_as(schema, hub, registry, max_schema_version=8))
    assert err.code == "bundle_newer_version"
    assert read_plaintext(schema, hub, registry, max_schema_version=9) == b"x"


def test_already_imported_is_refused_before_decrypting(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys, monkeypatch: Any
) -> None:
    path = write_bundle(out(tmp_path), laptop, [hub.public], [b"x"], schema_version=1)
    bundle_id = peek_header(path).bundle_id
    monkeypatch.setattr(bundle_mod, "_decrypt_stream", None)  # must not be reached
    err = refusal(
        lambda: open_as(
            path, hub, Registry().add(laptop), already_imported={bundle_id}.__contains__
        )
    )
    assert err.code == "bundle_already_imported"


# --- payload shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 32, 33, 100])
def test_chunk_boundaries(tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys, size: int) -> None:
    payload = bytes(range(256))[:size] if size <= 256 else os.urandom(size)
    path = write_bundle(
        out(tmp_path), laptop, [hub.public], [payload], schema_version=1, chunk_size=16
    )
    header = peek_header(path)
    # The chunks carry the compressed payload; the header states both sizes.
    assert header.unpacked_size == size
    assert header.chunk_count == max(1, -(-header.packed_size // 16))
    assert read_plaintext(path, hub, Registry().add(laptop)) == payload


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.binary(max_size=80), max_size=8),
    chunk_size=st.integers(min_value=16, max_value=64),
)
def test_any_split_into_pieces_round_trips(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys, pieces: list[bytes], chunk_size: int
) -> None:
    path = write_bundle(
        out(tmp_path), laptop, [hub.public], iter(pieces), schema_version=1, chunk_size=chunk_size
    )
    assert read_plaintext(path, hub, Registry().add(laptop)) == b"".join(pieces)


def test_file_like_payload(tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys) -> None:
    data = os.urandom(150_000)
    path = write_bundle(out(tmp_path), laptop, [hub.public], io.BytesIO(data), schema_version=1)
    assert read_plaintext(path, hub, Registry().add(laptop)) == data


def test_progress_and_cancel(tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys) -> None:
    seen: list[int] = []
    data = os.urandom(3 * 65536 + 5)
    path = write_bundle(
        out(tmp_path), laptop, [hub.public], [data], schema_version=1, progress=seen.append
    )
    assert seen[-1] == len(data)

    class Cancelled(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        if done > 65536:
            raise Cancelled

    temp = tmp_path / "plain"
    temp.mkdir()
    with pytest.raises(Cancelled):
        open_as(path, hub, Registry().add(laptop), temp_dir=temp, progress=cancel)
    assert list(temp.iterdir()) == []  # no half-written plaintext left behind


def test_failed_read_back_removes_the_file(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys, monkeypatch: Any
) -> None:
    def stick_lies(*_: object) -> None:
        raise UserError("bundle_damaged", reason="simulated bad stick")

    monkeypatch.setattr(bundle_mod, "verify_bundle", stick_lies)
    err = refusal(
        lambda: write_bundle(out(tmp_path), laptop, [hub.public], [b"x"], schema_version=1)
    )
    assert err.code == "bundle_verify_failed"
    assert list(tmp_path.iterdir()) == []


def test_unwritable_destination(tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys) -> None:
    target = tmp_path / "no such stick" / f"b{BUNDLE_SUFFIX}"
    err = refusal(lambda: write_bundle(target, laptop, [hub.public], [b"x"], schema_version=1))
    assert err.code == "bundle_write_failed"


def test_missing_file(tmp_path: Path, hub: DeviceKeys) -> None:
    err = refusal(lambda: open_as(tmp_path / "nothing.dsbundle", hub, Registry()))
    assert err.code == "file_not_found"


# --- memory -----------------------------------------------------------------------------------


def test_multi_megabyte_payload_in_bounded_memory(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys
) -> None:
    total = 12 * 1024 * 1024
    piece = os.urandom(65536)
    expected = hashlib.sha256()
    for _ in range(total // len(piece)):
        expected.update(piece)

    def pieces() -> Iterator[bytes]:
        for _ in range(total // len(piece)):
            yield piece

    tracemalloc.start()
    try:
        path = write_bundle(out(tmp_path), laptop, [hub.public], pieces(), schema_version=1)
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        with open_as(path, hub, Registry().add(laptop), temp_dir=tmp_path) as opened:
            _, read_peak = tracemalloc.get_traced_memory()
            got = hashlib.sha256()
            with opened.open_payload() as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    got.update(block)
    finally:
        tracemalloc.stop()
    assert got.hexdigest() == expected.hexdigest()
    # A few 64 KiB chunks and 256 KiB copy buffers, not the 12 MiB payload.
    assert write_peak < 1024 * 1024, write_peak
    assert read_peak < 1024 * 1024, read_peak


# --- the payload container --------------------------------------------------------------------


def _manifest(ops: int, attachments: dict[str, bytes]) -> dict[str, Any]:
    return {
        "op_count": ops,
        "attachments": [{"sha256": s, "size": len(b)} for s, b in attachments.items()],
        "ranges": {"dev": [[1, ops]]},
    }


def test_payload_round_trip_through_a_bundle(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys
) -> None:
    blobs = [os.urandom(n) for n in (0, 10, 3 * 1024 * 1024 + 7)]
    attachments = {hashlib.sha256(b).hexdigest(): b for b in blobs}
    ops = sample_ops(50)
    manifest = _manifest(len(ops), attachments)
    payload = encode_payload(manifest, ops, lambda sha: io.BytesIO(attachments[sha]))
    path = write_bundle(out(tmp_path), laptop, [hub.public], payload, schema_version=1)
    stored: dict[str, bytes] = {}

    def store(sha: str, size: int, chunks: Iterator[bytes]) -> None:
        data = b"".join(chunks)
        assert len(data) == size
        stored[sha] = data

    with open_as(path, hub, Registry().add(laptop)) as opened:
        result = read_payload(opened.open_payload, store)
        assert result.manifest == manifest
        assert list(result.iter_ops()) == ops
        assert list(result.iter_ops()) == ops  # ops can be read again (a retried transaction)
    assert stored == attachments


def test_payload_store_may_skip_known_attachments(tmp_path: Path) -> None:
    blob = b"photo bytes"
    sha = hashlib.sha256(blob).hexdigest()
    path = tmp_path / "payload"
    path.write_bytes(
        b"".join(encode_payload(_manifest(0, {sha: blob}), [], lambda s: io.BytesIO(blob)))
    )
    calls: list[str] = []
    read_payload(path, lambda s, n, chunks: calls.append(s))
    assert calls == [sha]


def test_ops_are_checked_in_the_one_pass_that_parses_them(tmp_path: Path) -> None:
    """read_payload leaves the ops alone; iter_ops parses each once and refuses any record or
    op a Doorstep writer never makes — raising inside the caller's transaction, which rolls
    back."""
    ops = sample_ops(3)
    path = tmp_path / "payload"
    path.write_bytes(b"".join(encode_payload(_manifest(len(ops), {}), ops)))
    data = path.read_bytes()
    payload = read_payload(path)
    assert list(payload.iter_ops()) == ops

    def refused(edited: bytes) -> str:
        assert edited != data
        path.write_bytes(edited)
        with pytest.raises(UserError) as caught:
            list(read_payload(path).iter_ops())
        assert caught.value.code == "bundle_damaged"
        return str(caught.value.params["reason"])

    same_length = data.replace(b'"op-000002"', b'"op-00002"1', 1)  # not JSON any more
    assert refused(same_length).startswith("payload: op record")
    assert refused(data.replace('"王芳"'.encode(), b"12345678", 1)) == (
        "payload: op: author or value"
    )
    assert refused(data.replace(b'"set"]', b'"sot"]', 1)) == "payload: op: kind"
    assert refused(data.replace(b'"set"]', b'["s"]]', 1)) == "payload: op: kind"
    assert refused(data.replace(b",2,", b",0,", 1)) == "payload: op: origin_seq"
    assert refused(data[:-9] + b"X" + data[-8:]).startswith("payload: expected record b'E'")
    assert refused(data + b"E") == "payload: bytes after the end record"
    assert refused(data[:-20]) == "payload: ends early"


def test_payload_writer_checks_its_inputs() -> None:
    with pytest.raises(ValueError):
        list(encode_payload(_manifest(2, {}), sample_ops(1)))
    blob = b"abc"
    sha = hashlib.sha256(blob).hexdigest()
    err = refusal(
        lambda: list(encode_payload(_manifest(0, {sha: blob}), [], lambda s: io.BytesIO(b"abd")))
    )
    assert err.code == "sync_attachment_damaged"
    err = refusal(
        lambda: list(encode_payload(_manifest(0, {sha: blob}), [], lambda s: io.BytesIO(b"ab")))
    )
    assert err.code == "sync_attachment_damaged"

    def missing(_: str) -> io.BytesIO:
        raise FileNotFoundError

    err = refusal(lambda: list(encode_payload(_manifest(0, {sha: blob}), [], missing)))
    assert err.code == "sync_attachment_damaged"


def test_payload_error_aborts_the_bundle(
    tmp_path: Path, laptop: DeviceKeys, hub: DeviceKeys
) -> None:
    with pytest.raises(ValueError):
        write_bundle(
            out(tmp_path),
            laptop,
            [hub.public],
            encode_payload(_manifest(3, {}), []),
            schema_version=1,
        )
    assert list(tmp_path.iterdir()) == []


def test_attachment_streams_in_bounded_memory(tmp_path: Path) -> None:
    size = 8 * 1024 * 1024
    blob = os.urandom(size)
    sha = hashlib.sha256(blob).hexdigest()
    source = tmp_path / "blob"
    source.write_bytes(blob)
    del blob
    path = tmp_path / "payload"
    tracemalloc.start()
    try:
        with path.open("wb") as handle:
            manifest = {"op_count": 0, "attachments": [{"sha256": sha, "size": size}]}
            for piece in encode_payload(manifest, [], lambda s: source.open("rb")):
                handle.write(piece)
        digest = hashlib.sha256()
        read_payload(path, lambda s, n, chunks: [digest.update(c) for c in chunks])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert digest.hexdigest() == sha
    assert peak < 3 * 1024 * 1024, peak
