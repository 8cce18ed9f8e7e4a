"""A bundle that is altered, cut short, reshuffled or hostile is refused with the right sentence,
and no plaintext is ever handed out for it."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import zstandard
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import sync.bundle as bundle_mod
from domain.errors import UserError
from domain.ops import Op
from sync import op_records
from sync.bundle import (
    FIXED_LEN,
    FORMAT_VERSION,
    MAGIC,
    _chunk_layout,
    _nonce,
    _payload_aad,
    _unwrap_file_key,
    peek_header,
    write_bundle,
)
from sync.canonical import canonical_json
from sync.keys import DeviceKeys, Passphrase
from sync.limits import MAX_BUNDLE_BYTES, MAX_HEADER_BYTES, MAX_RECIPIENTS, READER_VERSION
from sync.payload import PAYLOAD_MAGIC, PAYLOAD_MAGIC_V1, encode_payload, read_payload
from tests.sync.bundle_kit import (
    Parts,
    Registry,
    open_as,
    raw_fixed,
    read_plaintext,
    refusal,
    reheader,
    sample_ops,
    seal,
    split,
)

PLAINTEXT = "第一条操作记录 op log line\n".encode() * 3

LAPTOP = DeviceKeys.generate("王芳的笔记本", "laptop")
HUB = DeviceKeys.generate("区征收办", "hub")
OTHER = DeviceKeys.generate("另一台笔记本", "laptop")


def registry() -> Registry:
    return Registry().add(LAPTOP, HUB, OTHER)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A bundle of a few hundred bytes with two chunks."""
    path = tmp_path_factory.mktemp("small") / "small.dsbundle"
    write_bundle(path, LAPTOP, [HUB.public], [PLAINTEXT], schema_version=1, chunk_size=64)
    data = path.read_bytes()
    assert len(data) < 1000
    return data


@pytest.fixture(scope="module")
def chunky(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Twelve 16-byte chunks, for dropping, duplicating and reordering them."""
    path = tmp_path_factory.mktemp("chunky") / "chunky.dsbundle"
    payload = bytes(range(16 * 11 + 5))
    write_bundle(path, LAPTOP, [HUB.public], [payload], schema_version=1, chunk_size=16)
    return path.read_bytes()


class Reader:
    """Opens crafted bytes as the hub would and checks that nothing leaks on refusal."""

    def __init__(self, tmp_path: Path) -> None:
        self.path = tmp_path / "crafted.dsbundle"
        self.temp = tmp_path / "plain"
        self.temp.mkdir(exist_ok=True)

    def code(self, data: bytes, keys: DeviceKeys | None = HUB, **kwargs: Any) -> str:
        self.path.write_bytes(data)
        with pytest.raises(UserError) as info:
            opened = open_as(self.path, keys, registry(), temp_dir=self.temp, **kwargs)
            opened.close()
            pytest.fail("a crafted bundle was accepted")
        assert list(self.temp.iterdir()) == [], "plaintext left behind after a refusal"
        return info.value.code

    def reason(self, data: bytes, **kwargs: Any) -> str:
        self.path.write_bytes(data)
        err = refusal(lambda: open_as(self.path, HUB, registry(), temp_dir=self.temp, **kwargs))
        assert err.code == "bundle_damaged", err.code
        return str(err.params.get("reason"))

    def plaintext(self, data: bytes) -> bytes:
        self.path.write_bytes(data)
        return read_plaintext(self.path, HUB, registry())


@pytest.fixture
def reader(tmp_path: Path) -> Reader:
    return Reader(tmp_path)


def test_the_fixtures_open(reader: Reader, small: bytes, chunky: bytes) -> None:
    assert reader.plaintext(small) == PLAINTEXT
    assert reader.plaintext(chunky) == bytes(range(16 * 11 + 5))
    assert len(split(chunky).chunks()) >= 12  # compressed, and these bytes barely shrink


# --- every offset ----------------------------------------------------------------------------


def test_one_flipped_bit_at_every_offset(reader: Reader, small: bytes) -> None:
    for offset in range(len(small)):
        corrupt = bytearray(small)
        corrupt[offset] ^= 1 << (offset % 8)
        # In the magic too: the rest of the fixed part (its checksum) says it was a bundle.
        assert reader.code(bytes(corrupt)) == "bundle_damaged", offset


def test_a_wrong_magic_with_a_matching_fixed_part_is_damaged(reader: Reader, small: bytes) -> None:
    for offset in range(len(MAGIC)):
        corrupt = bytearray(small)
        corrupt[offset] = 0
        assert reader.code(bytes(corrupt)) == "bundle_damaged", offset
    # A file whose fixed part does not check out after the magic is simply not a bundle.
    assert reader.code(b"X" + small[1:40]) == "bundle_not_a_bundle"


def test_truncation_at_every_offset(reader: Reader, small: bytes) -> None:
    for length in range(len(small)):
        assert reader.code(small[:length]) == "bundle_incomplete", length


def test_appended_bytes(reader: Reader, small: bytes) -> None:
    assert reader.code(small + b"\0") == "bundle_damaged"
    assert reader.code(small + small) == "bundle_damaged"


def test_not_a_bundle(reader: Reader) -> None:
    assert reader.code(b"PK\x03\x04 a zip file, not a bundle") == "bundle_not_a_bundle"
    assert reader.code(b"D") == "bundle_incomplete"  # the start of the magic: a cut copy
    assert reader.code(b"X") == "bundle_not_a_bundle"
    assert reader.code(MAGIC.replace(b"\r\n", b"\n") + bytes(100)) == "bundle_not_a_bundle"


def test_larger_than_any_stick_allows(tmp_path: Path) -> None:
    path = tmp_path / "huge.dsbundle"
    with path.open("wb") as handle:
        handle.truncate(MAX_BUNDLE_BYTES + 1)  # sparse: costs no disk space
    err = refusal(lambda: open_as(path, HUB, registry()))
    assert err.code == "bundle_too_large"


# --- chunks ----------------------------------------------------------------------------------


def _rechunk(parts: Parts, edit: Callable[[list[bytes]], None]) -> bytes:
    chunks = parts.chunks()
    edit(chunks)
    return b"".join(chunks)


def test_dropped_duplicated_reordered_chunks_with_the_header_untouched(
    reader: Reader, chunky: bytes
) -> None:
    parts = split(chunky)

    def with_body(body: bytes) -> bytes:
        # Keep fixed part and header as they were: the file length now disagrees with them.
        return chunky[: FIXED_LEN + len(parts.header)] + body + parts.signature

    dropped = _rechunk(parts, lambda c: c.pop(5))
    assert reader.code(with_body(dropped)) == "bundle_incomplete"
    dropped_last = _rechunk(parts, lambda c: c.pop())
    assert reader.code(with_body(dropped_last)) == "bundle_incomplete"
    duplicated = _rechunk(parts, lambda c: c.insert(5, c[5]))
    assert reader.code(with_body(duplicated)) == "bundle_damaged"

    def swap(c: list[bytes]) -> None:
        c[3], c[4] = c[4], c[3]

    assert reader.reason(with_body(_rechunk(parts, swap))) == "chunk 3 does not decrypt"


def test_chunk_edits_signed_by_the_sender_itself(reader: Reader, chunky: bytes) -> None:
    """Even with a valid signature over an edited stream (a buggy or hostile enrolled sender),
    STREAM's counter nonces and last-chunk flag refuse it."""
    parts = split(chunky)

    def resigned(edit: Callable[[list[bytes]], None]) -> bytes:
        return reheader(parts, lambda d: None, ciphertext=_rechunk(parts, edit), signer=LAPTOP)

    assert reader.plaintext(resigned(lambda c: None)) == bytes(range(16 * 11 + 5))

    def swap(c: list[bytes]) -> None:
        c[3], c[4] = c[4], c[3]

    assert reader.reason(resigned(lambda c: c.pop(5))) == "chunk 5 does not decrypt"
    assert reader.reason(resigned(lambda c: c.insert(5, c[5]))) == "chunk 6 does not decrypt"
    assert reader.reason(resigned(swap)) == "chunk 3 does not decrypt"
    # The last chunk gone: the new last chunk carries the "more follows" flag.
    assert reader.code(resigned(lambda c: c.pop())) == "bundle_incomplete"
    # A full last chunk moved into the middle ends the stream too early.
    assert reader.reason(resigned(lambda c: c.insert(0, c.pop()))) == "chunk 0 does not decrypt"


def test_chunks_forged_by_another_recipient_are_refused(tmp_path: Path, reader: Reader) -> None:
    """A second recipient knows the file key and can make chunks that pass GCM; the signed
    ciphertext hash is what stops it."""
    path = tmp_path / "two.dsbundle"
    write_bundle(
        path, LAPTOP, [HUB.public, OTHER.public], [b"pay the family 100"], schema_version=1
    )
    data = path.read_bytes()
    parts = split(data)
    header = peek_header(path)
    file_key = _unwrap_file_key(header, OTHER, None)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    # Packed as the writer packs, so sizes and the unpacked length all agree with the header.
    packed = zstandard.ZstdCompressor(level=3, write_checksum=True, write_content_size=False)
    forged_plain = packed.compress(b"pay the family 999")
    assert len(forged_plain) == header.packed_size
    forged = AESGCM(file_key).encrypt(_nonce(0, True), forged_plain, _payload_aad(parts.document))
    crafted = seal(parts.header, forged, signature=parts.signature)
    assert reader.reason(crafted) == "ciphertext hash"


# --- header ----------------------------------------------------------------------------------


HEADER_EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "schema_version": lambda d: d.update(schema_version=0),
    "min_reader_version": lambda d: d.update(min_reader_version=99),
    # Flip the last hex digit, so the edit always changes the id.
    "bundle_id": lambda d: d.update(
        bundle_id=d["bundle_id"][:-1] + ("1" if d["bundle_id"][-1] == "0" else "0")
    ),
    "created_at": lambda d: d.update(created_at="2020-01-01T00:00:00.000Z"),
    "extra": lambda d: d["extra"].update(kind="forged"),
    "sender_fingerprint": lambda d: d["sender"].update(fingerprint="0" * 16),
    "sender_device_id": lambda d: d["sender"].update(device_id=OTHER.device_id),
    "recipient": lambda d: d["recipients"][0].update(device_id=OTHER.device_id),
    "wrapped_key": lambda d: d["recipients"][0].update(wrapped_key="00" * 48),
    "chunk_size": lambda d: d["payload"].update(chunk_size=32),
}


@pytest.mark.parametrize("field", sorted(HEADER_EDITS))
def test_edited_header_field(reader: Reader, small: bytes, field: str) -> None:
    """Edited, re-serialised canonically, with every checksum fixed up: only the signature
    (or, for a changed sender, the registry) can tell, and each does."""
    crafted = reheader(split(small), HEADER_EDITS[field], fix_payload=False)
    # A changed sender no longer matches the keys the registry holds for that id.
    expected = "bundle_sender_unknown" if field.startswith("sender") else "bundle_damaged"
    assert reader.code(crafted) == expected


def test_sender_changed_to_a_stranger(reader: Reader, small: bytes) -> None:
    stranger = DeviceKeys.generate("陌生设备", "laptop")
    crafted = reheader(split(small), lambda d: d["sender"].update(device_id=stranger.device_id))
    assert reader.code(crafted) == "bundle_sender_unknown"


def test_header_with_a_second_spelling(reader: Reader, small: bytes) -> None:
    parts = split(small)
    spaced = json.dumps(parts.document, sort_keys=True, ensure_ascii=False).encode()
    assert reader.reason(seal(spaced, parts.ciphertext, signer=LAPTOP)).startswith("header:")
    duplicate = parts.header[:-1] + b',"extra":{}}'
    assert reader.reason(seal(duplicate, parts.ciphertext, signer=LAPTOP)).startswith("header:")
    escaped = parts.header.replace(b'"extra"', b'"\\u0065xtra"')
    assert reader.reason(seal(escaped, parts.ciphertext, signer=LAPTOP)).startswith("header:")


def test_oversized_header_refused_before_parsing(
    reader: Reader, small: bytes, monkeypatch: Any
) -> None:
    parts = split(small)

    def not_parsed(*_: object, **__: object) -> None:
        raise AssertionError("an oversized header reached the JSON parser")

    monkeypatch.setattr(bundle_mod, "parse_canonical", not_parsed)
    # The length field claims more than the cap, with a consistent checksum.
    body = small[FIXED_LEN:]
    big = MAX_HEADER_BYTES + 1
    fixed = raw_fixed(FORMAT_VERSION, big, FIXED_LEN + len(body), hashlib.sha256(b"").digest())
    assert reader.reason(fixed + body) == "header length"
    # A real header over the cap, correctly sealed and signed.
    document = parts.document
    document["extra"] = {"padding": "x" * MAX_HEADER_BYTES}
    huge = canonical_json(document)
    assert reader.reason(seal(huge, parts.ciphertext, signer=LAPTOP)) == "header length"


def test_deeply_nested_header(reader: Reader, small: bytes) -> None:
    parts = split(small)
    nested = parts.header[:-1] + b',"zz":' + b"[" * 5000 + b"]" * 5000 + b"}"
    assert reader.reason(seal(nested, parts.ciphertext, signer=LAPTOP)).startswith("header:")


def test_seventeen_recipients_refused_before_any_crypto(
    reader: Reader, small: bytes, monkeypatch: Any
) -> None:
    parts = split(small)
    stanza = parts.document["recipients"][0]
    crafted = reheader(
        parts, lambda d: d.update(recipients=[stanza] * (MAX_RECIPIENTS + 1)), signer=LAPTOP
    )

    def no_crypto(*_: object, **__: object) -> None:
        raise AssertionError("crypto before the recipient count was checked")

    monkeypatch.setattr(bundle_mod, "_check_signature", no_crypto)
    monkeypatch.setattr(bundle_mod, "_unwrap_file_key", no_crypto)
    monkeypatch.setattr(bundle_mod, "scrypt_key", no_crypto)
    monkeypatch.setattr(bundle_mod.X25519PublicKey, "from_public_bytes", no_crypto)
    reader.path.write_bytes(crafted)
    looked_up: list[str] = []
    err = refusal(
        lambda: bundle_mod.open_bundle(
            reader.path, HUB, lambda d: looked_up.append(d) or None, lambda d: False
        )
    )
    assert err.code == "bundle_damaged"
    assert err.params["reason"] == "header: recipient count"
    assert looked_up == []  # not even the registry was asked


def test_passphrase_mixed_with_devices_refused(tmp_path: Path, reader: Reader) -> None:
    path = tmp_path / "p.dsbundle"
    write_bundle(
        path, LAPTOP, Passphrase("a long enough phrase", log_n=10), [b"x"], schema_version=1
    )
    passphrase_stanza = split(path.read_bytes()).document["recipients"][0]
    assert passphrase_stanza["kind"] == "passphrase"
    other = tmp_path / "d.dsbundle"
    write_bundle(other, LAPTOP, [HUB.public], [b"x"], schema_version=1)
    parts = split(other.read_bytes())
    crafted = reheader(parts, lambda d: d["recipients"].append(passphrase_stanza), signer=LAPTOP)
    assert reader.reason(crafted).startswith("header: a passphrase must be the only")


def test_passphrase_cost_is_bounded_before_deriving(
    tmp_path: Path, reader: Reader, monkeypatch: Any
) -> None:
    path = tmp_path / "p.dsbundle"
    write_bundle(
        path, LAPTOP, Passphrase("a long enough phrase", log_n=10), [b"x"], schema_version=1
    )
    parts = split(path.read_bytes())
    crafted = reheader(parts, lambda d: d["recipients"][0].update(log_n=40), signer=LAPTOP)
    monkeypatch.setattr(bundle_mod, "scrypt_key", None)  # would blow up if called
    assert reader.reason(crafted, passphrase="a long enough phrase").startswith("header:")


def test_newer_format_version(reader: Reader, small: bytes) -> None:
    parts = split(small)
    crafted = seal(
        parts.header, parts.ciphertext, signature=parts.signature, version=FORMAT_VERSION + 1
    )
    assert reader.code(crafted) == "bundle_newer_version"
    # Header claims believed only once signed: the sender's own newer bundle says "upgrade".
    newer = READER_VERSION + 1
    signed = reheader(parts, lambda d: d.update(min_reader_version=newer), signer=LAPTOP)
    assert reader.code(signed) == "bundle_newer_version"


def test_signature_of_another_device(reader: Reader, small: bytes) -> None:
    parts = split(small)
    assert reader.reason(seal(parts.header, parts.ciphertext, signer=OTHER)) == "signature"


def test_inconsistent_payload_description(reader: Reader, chunky: bytes) -> None:
    parts = split(chunky)
    crafted = reheader(parts, lambda d: d["payload"].update(chunk_count=3), signer=LAPTOP)
    assert reader.reason(crafted).startswith("header: chunk count")
    # A zero-length last chunk after full ones is never written; it would hide a cut.
    assert _chunk_layout(2 * 32, 16) == (2, 32)
    with pytest.raises(ValueError):
        _chunk_layout(2 * 32 + 16, 16)


# --- fuzzing ---------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _only_user_errors(path: Path, data: bytes, temp: Path) -> None:
    path.write_bytes(data)
    try:
        opened = open_as(path, HUB, registry(), temp_dir=temp, passphrase="x" * 10)
    except UserError:
        assert list(temp.iterdir()) == []
        return
    opened.close()
    raise AssertionError("arbitrary bytes were accepted")


@FUZZ
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes(reader: Reader, data: bytes) -> None:
    _only_user_errors(reader.path, data, reader.temp)


@FUZZ
@given(tail=st.binary(max_size=512), version=st.integers(0, 3), header_len=st.integers(0, 600))
def test_arbitrary_bytes_behind_a_valid_fixed_part(
    reader: Reader, tail: bytes, version: int, header_len: int
) -> None:
    total = FIXED_LEN + len(tail)
    fixed = raw_fixed(version, header_len, total, hashlib.sha256(tail[:header_len]).digest())
    _only_user_errors(reader.path, fixed + tail, reader.temp)


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=4),
    cut=st.integers(-64, 64),
)
def test_mutated_bundles(
    reader: Reader, small: bytes, edits: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(small)
    for offset, value in edits:
        data[offset % len(data)] = value
    data = data[: len(data) + cut] if cut < 0 else data + bytes(cut)
    assume(bytes(data) != small)
    _only_user_errors(reader.path, bytes(data), reader.temp)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(
    edits=st.dictionaries(
        st.sampled_from(
            [
                "bundle_id",
                "created_at",
                "sender",
                "schema_version",
                "min_reader_version",
                "recipients",
                "payload",
                "extra",
                "unexpected",
            ]
        ),
        json_values,
        max_size=3,
    )
)
def test_signed_headers_with_arbitrary_fields(
    reader: Reader, small: bytes, edits: dict[str, Any]
) -> None:
    """A known device signing nonsense still only gets a UserError."""
    parts = split(small)
    crafted = reheader(parts, lambda d: d.update(edits), signer=LAPTOP, fix_payload=False)
    assume(crafted != small)
    _only_user_errors(reader.path, crafted, reader.temp)


def _read_all(path: Path) -> None:
    """Both passes of an import: attachments before the transaction, ops inside it."""
    payload = read_payload(path, lambda sha, size, chunks: b"".join(chunks))
    for _ in payload.iter_ops():
        pass


@FUZZ
@given(magic=st.sampled_from([PAYLOAD_MAGIC, PAYLOAD_MAGIC_V1]), data=st.binary(max_size=600))
def test_arbitrary_payload_container(tmp_path: Path, magic: bytes, data: bytes) -> None:
    path = tmp_path / "payload"
    path.write_bytes(magic + data)
    with pytest.raises(UserError) as info:
        _read_all(path)
    assert info.value.code == "bundle_damaged"


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=3),
    cut=st.integers(-40, 8),
)
def test_mutated_payloads(tmp_path: Path, edits: list[tuple[int, int]], cut: int) -> None:
    """A real format-2 payload with bytes changed or cut: read in full, or refused as damaged
    (never another exception); what it yields is always a list of checked Ops."""
    blob = b"scan of a contract"
    sha = hashlib.sha256(blob).hexdigest()
    ops = sample_ops(4)
    manifest = {"op_count": len(ops), "attachments": [{"sha256": sha, "size": len(blob)}]}
    data = bytearray(b"".join(encode_payload(manifest, ops, lambda s: io.BytesIO(blob))))
    for offset, value in edits:
        data[offset % len(data)] = value
    data = data[: len(data) + cut] if cut < 0 else data + bytes(cut)
    path = tmp_path / "payload"
    path.write_bytes(bytes(data))
    try:
        payload = read_payload(path, lambda s, n, chunks: b"".join(chunks))
        got = list(payload.iter_ops())
    except UserError as exc:
        assert exc.code == "bundle_damaged"
        return
    assert len(got) == len(ops) and all(isinstance(op, Op) for op in got)


def test_payload_container_refusals(tmp_path: Path) -> None:
    blob = b"scan of a contract"
    sha = hashlib.sha256(blob).hexdigest()
    manifest = {"op_count": 1, "attachments": [{"sha256": sha, "size": len(blob)}]}
    (op,) = sample_ops(1)
    good = b"".join(encode_payload(manifest, [op], lambda s: io.BytesIO(blob)))
    path = tmp_path / "payload"

    def reason(data: bytes) -> str:
        path.write_bytes(data)
        err = refusal(lambda: _read_all(path))
        assert err.code == "bundle_damaged"
        return str(err.params["reason"])

    path.write_bytes(good)
    assert read_payload(path).op_count == 1
    assert reason(good.replace(b"contract", b"CONTRACT")) == "payload: attachment hash"
    assert reason(good + b"E") == "payload: bytes after the end record"
    assert reason(good[:-9]) == "payload: ends early"
    record = canonical_json(op_records.to_record(op))
    not_an_op = b"[" + b"1" * (len(record) - 2) + b"]"
    assert (
        reason(good.replace(record, not_an_op)) == "payload: op: op is not an array of its fields"
    )
    assert reason(b"DSPAYLX\n" + good[8:]).startswith("payload: magic")
    # A format-1 container with a format-2 op record: each magic has its own records.
    assert reason(PAYLOAD_MAGIC_V1 + good[8:]).startswith("payload: expected record b'O'")
