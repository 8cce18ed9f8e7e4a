"""A payload taken apart while it is decrypted (sync.payload.PayloadSplitter): the photos go
straight into the attachment store and never through the temporary payload file; everything the
splitter accepts or refuses, the two-pass reader accepts or refuses the same way."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from domain.ops import Op
from storage.migrations import SCHEMA_VERSION
from sync import exchange
from sync.bundle import write_bundle
from sync.keys import DeviceKeys
from sync.payload import PayloadSplitter, encode_payload, read_payload
from tests.services.test_workspace import make_project
from tests.sync.bundle_kit import Registry, open_as, sample_ops
from tests.sync.sync_kit import PASSWORD, District


class _Memory:
    """An attachment sink that checks the hash as the store does."""

    def __init__(self, sha: str, kept: dict[str, bytes]) -> None:
        self.sha, self.kept, self.data = sha, kept, bytearray()

    def write(self, piece: bytes | memoryview) -> None:
        self.data += piece

    def finish(self) -> None:
        if hashlib.sha256(self.data).hexdigest() != self.sha:
            raise ValueError("hash")
        self.kept[self.sha] = bytes(self.data)

    def abort(self) -> None:
        self.data.clear()


def _two_pass(path: Path) -> tuple[object, ...]:
    """What the reader without the splitter makes of a payload: stored files and ops, or the
    refusal."""
    kept: dict[str, bytes] = {}

    def store(sha: str, size: int, pieces: object) -> None:
        sink = _Memory(sha, kept)
        for piece in pieces:  # type: ignore[attr-defined]
            sink.write(piece)
        sink.finish()

    try:
        payload = read_payload(path, store)
        return ("read", kept, payload.manifest, list(payload.iter_ops()))
    except UserError as exc:
        return ("refused", exc.code, exc.params.get("reason"))


def _split(data: bytes, pieces: list[int], folder: Path) -> tuple[object, ...]:
    kept: dict[str, bytes] = {}
    rest = io.BytesIO()
    splitter = PayloadSplitter(rest, lambda sha, size: _Memory(sha, kept))  # type: ignore[arg-type]
    try:
        at = 0
        for size in [*pieces, len(data)]:
            splitter.write(data[at : at + size])
            at += size
        splitter.finish()
        path = folder / "rest"
        path.write_bytes(rest.getvalue())
        payload = read_payload(path, attachments_taken=splitter.took_attachments)
        if not splitter.took_attachments:  # format 1 or no payload: the two-pass reader's
            return _two_pass(path)
        return ("read", kept, payload.manifest, list(payload.iter_ops()))
    except UserError as exc:
        splitter.abort()
        return ("refused", exc.code, exc.params.get("reason"))


def _payload(blobs: list[bytes], ops: list[Op]) -> bytes:
    shas = [hashlib.sha256(b).hexdigest() for b in blobs]
    manifest = {
        "op_count": len(ops),
        "attachments": [{"sha256": s, "size": len(b)} for s, b in zip(shas, blobs, strict=True)],
    }
    by_sha = dict(zip(shas, blobs, strict=True))
    return b"".join(encode_payload(manifest, ops, lambda sha: io.BytesIO(by_sha[sha])))


_BLOBS = [b"scan of a contract", b"", b"\xff\xd8 photo " * 300]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    blobs=st.sampled_from([[], _BLOBS[:1], _BLOBS]),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=3),
    cut=st.one_of(st.integers(-60, 4), st.integers(-100_000, -1)),
    pieces=st.lists(st.integers(0, 700), max_size=12),
)
def test_split_reads_like_the_two_passes(
    tmp_path: Path, blobs: list[bytes], edits: list[tuple[int, int]], cut: int, pieces: list[int]
) -> None:
    """Any payload, intact, edited or cut, written in pieces of any size: the splitter keeps the
    same files and the reader gives the same ops — or both refuse it for the same reason."""
    data = bytearray(_payload(blobs, sample_ops(3)))
    for offset, value in edits:
        data[offset % len(data)] = value
    data = data[: len(data) + cut] if cut < 0 else data + bytes(cut)
    whole = tmp_path / "whole"
    whole.write_bytes(bytes(data))
    expected = _two_pass(whole)
    assert _split(bytes(data), pieces, tmp_path) == expected
    if not edits and cut == 0:
        assert expected[0] == "read"


def test_photos_never_reach_the_temp_file(tmp_path: Path) -> None:
    laptop = DeviceKeys.generate("王芳的笔记本", "laptop")
    hub = DeviceKeys.generate("区征收办", "hub")
    photo = os.urandom(3 * 1024 * 1024 + 5)
    ops = sample_ops(40)
    path = tmp_path / "b.dsbundle"
    write_bundle(path, laptop, [hub.public], iter([_payload([photo], ops)]), schema_version=1)
    kept: dict[str, bytes] = {}
    opened = open_as(
        path,
        hub,
        Registry().add(laptop),
        temp_dir=tmp_path,
        open_attachment=lambda sha, size: _Memory(sha, kept),
    )
    with opened:
        assert opened.attachments_taken
        assert opened.payload_path.stat().st_size < 100_000  # the ops, sealed; not the photo
        payload = read_payload(opened.open_payload, attachments_taken=True)
        assert list(payload.iter_ops()) == ops
    assert kept == {hashlib.sha256(photo).hexdigest(): photo}


def test_a_bundle_refused_after_its_photo_leaves_no_file(district: District) -> None:
    """The photos are stored while the bundle is decrypted; a second one whose bytes are not
    those its hash names refuses the bundle, and the first (named by nothing) is removed."""
    hub, a = district.hub, district.laptops[0]
    make_project(a.ws)
    good, claimed = os.urandom(300_000), os.urandom(200_000)
    shas = [hashlib.sha256(good).hexdigest(), hashlib.sha256(claimed).hexdigest()]
    keys = a.sync.unlock(PASSWORD)
    ops = [op.to_dict() for op in a.ops()]
    held = a.ws.read(lambda db: exchange.held(db.conn))
    manifest = {
        "op_count": len(ops),
        "attachments": [{"sha256": shas[0], "size": 300_000}, {"sha256": shas[1], "size": 200_000}],
        "sender": keys.device_id,
        "ranges": exchange.rs.to_json(held),
        "have": exchange.rs.to_json(held),
        "counts": {},
        "registry": None,
    }
    sent = {shas[0]: good, shas[1]: os.urandom(200_000)}  # not the bytes of shas[1]
    hub_public = exchange.known_device(a.ws.store, hub.ws.device_id())
    assert hub_public is not None
    path = a.inbox / "lie.dsbundle"
    payload = encode_payload(
        manifest, ops, lambda sha: io.BytesIO(sent[sha]), authenticated_store=True
    )
    write_bundle(
        path,
        keys,
        [hub_public],
        payload,
        {"content": exchange.CONTENT},
        schema_version=SCHEMA_VERSION,
    )
    before = sorted(p.name for p in hub.ws.store.files.root.rglob("*") if p.is_file())
    stored: list[str] = []
    incoming = hub.ws.store.files.incoming
    hub.ws.store.files.incoming = lambda sha, **kw: stored.append(sha) or incoming(sha, **kw)  # type: ignore[method-assign]
    (outcome,) = hub.sync.import_files(PASSWORD, [path])
    assert outcome.status == "refused" and outcome.error is not None
    assert outcome.error.code == "bundle_damaged"
    assert stored == shas  # the first was stored (then removed), the second refused
    assert not hub.ws.store.files.has(shas[0]) and not hub.ws.store.files.has(shas[1])
    assert sorted(p.name for p in hub.ws.store.files.root.rglob("*") if p.is_file()) == before
