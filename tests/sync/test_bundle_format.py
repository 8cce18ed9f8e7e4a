"""Bundle format 2: compressed before encryption, ops parsed once, the program version in the
header — and format 1 still read, proven with a bundle that format-1 code made
(tests/sync/fixtures/format-v1)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sync.bundle as bundle_mod
from cli.sync_commands import outcome_sentence
from domain import i18n
from domain.errors import UserError
from domain.messages import MESSAGES
from domain.version import version
from services.demo import load_demo
from services.sync import Sync
from services.workspace import Workspace
from storage.statehash import state_hash
from sync import exchange, op_records
from sync.bundle import open_bundle, peek_header, write_bundle
from sync.keys import DeviceKeys
from sync.limits import FORMAT_VERSION, MAX_UNPACKED_BYTES
from sync.payload import encode_payload, read_payload
from tests.sync.bundle_kit import Registry, open_as, refusal, reheader, sample_ops, split
from tests.sync.sync_kit import PASSWORD, District, file_set_digest

FIXTURE = Path(__file__).parent / "fixtures" / "format-v1"
EXPECTED = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))


def _hub_copy(tmp_path: Path) -> Path:
    target = tmp_path / "hub"
    shutil.copytree(FIXTURE / "hub", target)
    db = target / "doorstep.db"
    # Brought to this version's schema first (the fixture is older): a refused bundle must then
    # change nothing, and the migrations' own writes are not the bundle's.
    with Workspace.open(db):
        pass
    return db


# --- format 1, made by format-1 code ------------------------------------------------------------


def test_a_bundle_of_format_1_made_before_format_2_still_imports(tmp_path: Path) -> None:
    bundle = FIXTURE / "laptop-to-hub.dsbundle"
    header = peek_header(bundle)
    assert (header.format_version, header.app_version) == (1, None)
    assert FORMAT_VERSION == 2
    with Workspace.open(_hub_copy(tmp_path)) as ws:
        (outcome,) = Sync(ws).import_files(PASSWORD, [bundle])
        assert outcome.status == "imported", outcome.error
        summary = outcome.summary
        assert summary is not None
        assert summary.new_ops == EXPECTED["new_ops"]
        assert summary.attachments_received == EXPECTED["attachments"]
        assert summary.sender_version is None  # format 1 did not say
        # The same database the format-1 reader made of it, to the last value.
        assert ws.read(lambda db: state_hash(db.conn)) == EXPECTED["state_hash"]
        (again,) = Sync(ws).import_files(PASSWORD, [bundle])
        assert again.status == "already_imported"


@pytest.fixture(scope="module")
def v1_reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DeviceKeys, object]]:
    """The fixture hub's keys and the laptop's public record, for reading without a database."""
    db = _hub_copy(tmp_path_factory.mktemp("v1"))
    with Workspace.open(db) as ws:
        keys = Sync(ws).unlock(PASSWORD)
        sender = peek_header(FIXTURE / "laptop-to-hub.dsbundle").sender_device_id
        public = exchange.known_device(ws.store, sender)
    yield keys, public


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(offset=st.integers(0, 10**9), bit=st.integers(0, 7))
def test_a_damaged_format_1_bundle_is_refused_with_one_sentence(
    tmp_path: Path, v1_reader: tuple[DeviceKeys, object], offset: int, bit: int
) -> None:
    keys, public = v1_reader
    data = bytearray((FIXTURE / "laptop-to-hub.dsbundle").read_bytes())
    data[offset % len(data)] ^= 1 << bit
    path = tmp_path / "damaged.dsbundle"
    path.write_bytes(bytes(data))
    temp = tmp_path / "plain"
    temp.mkdir(exist_ok=True)
    with pytest.raises(UserError) as caught:
        open_bundle(path, keys, lambda d: public, lambda d: False, temp_dir=temp)  # type: ignore[arg-type,return-value]
    assert caught.value.code == "bundle_damaged"
    assert list(temp.iterdir()) == []


def test_a_cut_format_1_bundle_is_incomplete(tmp_path: Path) -> None:
    data = (FIXTURE / "laptop-to-hub.dsbundle").read_bytes()
    db = _hub_copy(tmp_path)
    with Workspace.open(db) as ws:  # (opening migrates the fixture's older schema first)
        before = file_set_digest(db)
        cut = tmp_path / "cut.dsbundle"
        cut.write_bytes(data[: len(data) // 2])
        (outcome,) = Sync(ws).import_files(PASSWORD, [cut])
        assert outcome.status == "refused"
        assert outcome.error is not None and outcome.error.code == "bundle_incomplete"
        assert file_set_digest(db) == before


# --- format 2 -----------------------------------------------------------------------------------


def test_a_new_bundle_is_format_2_compressed_and_names_the_program_version(
    district: District,
) -> None:
    laptop, hub = district.laptops[0], district.hub
    load_demo(laptop.ws, 5, seed=3, today=dt.date(2026, 12, 6))
    bundle = laptop.export_one()
    header = peek_header(bundle)
    assert header.format_version == FORMAT_VERSION == 2
    assert header.app_version == version()
    # Demo data: ops shrink several-fold (bench/results/sync.md measures 100 000 of them).
    assert header.unpacked_size is not None and header.unpacked_size > 4 * header.packed_size
    (outcome,) = hub.sync.import_files(PASSWORD, [bundle])
    assert outcome.summary is not None and outcome.summary.sender_version == version()
    assert outcome.to_json()["sender_version"] == version()
    assert outcome_sentence(outcome).endswith(f"对方程序版本：{version()}。")
    assert hub.state() == laptop.state()


def _laptop_keys(district: District) -> DeviceKeys:
    return district.laptops[0].sync.unlock(PASSWORD)


def _refused_and_unchanged(district: District, crafted: bytes, tmp_path: Path) -> UserError:
    hub = district.hub
    path = tmp_path / "crafted.dsbundle"
    path.write_bytes(crafted)
    before = file_set_digest(hub.db)
    (outcome,) = hub.sync.import_files(PASSWORD, [path])
    assert outcome.status == "refused"
    assert outcome.error is not None
    assert file_set_digest(hub.db) == before
    assert list(hub.sync.temp_dir.glob("doorstep-payload-*")) == []
    return outcome.error


def test_a_bundle_that_would_unpack_beyond_the_limit_is_refused_before_decrypting(
    district: District, tmp_path: Path
) -> None:
    """The enrolled sender's own signature on a header that states an unpacked size past the
    limit: refused with its own sentence, nothing decrypted, nothing changed."""
    good = split(district.laptops[0].export_one().read_bytes())
    crafted = reheader(
        good,
        lambda d: d["payload"].update(unpacked_size=MAX_UNPACKED_BYTES + 1),
        signer=_laptop_keys(district),
    )
    error = _refused_and_unchanged(district, crafted, tmp_path)
    assert error.code == "bundle_unpacks_too_large"
    for language in ("zh", "en"):
        i18n.set_language(language)
        try:
            sentence = str(error)
        finally:
            i18n.set_language("zh")
        assert sentence.count("。" if language == "zh" else ". ") <= 1
        assert str(MAX_UNPACKED_BYTES // (1024 * 1024)) in sentence


def test_a_zip_bomb_stops_at_the_stated_size(district: District, tmp_path: Path) -> None:
    """A few kilobytes that unpack to 256 MiB of zeros, under a signed header that states
    1 000 bytes: the reader stops at byte 1 001, in bounded memory."""
    keys = _laptop_keys(district)
    bomb = tmp_path / "bomb.dsbundle"

    def zeros() -> Iterator[bytes]:
        for _ in range(256):
            yield bytes(1024 * 1024)

    write_bundle(bomb, keys, [district.hub.sync.keys.public()], zeros(), {"content": "doorstep-ops"},
                 schema_version=1)  # fmt: skip
    parts = split(bomb.read_bytes())
    assert len(parts.ciphertext) < 64 * 1024
    crafted = reheader(parts, lambda d: d["payload"].update(unpacked_size=1000), signer=keys)
    error = _refused_and_unchanged(district, crafted, tmp_path)
    assert error.code == "bundle_damaged"
    assert error.params["reason"] == "unpacks to more than the header says"


def test_a_frame_that_asks_for_a_large_window_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The decompressor's memory is capped (MAX_ZSTD_WINDOW): a stream compressed with a 16 MiB
    window — which no Doorstep writer uses — is damaged, not a reason to allocate."""
    laptop = DeviceKeys.generate("王芳的笔记本", "laptop")
    hub = DeviceKeys.generate("区征收办", "hub")

    def wide_window(**_: object) -> zstandard.ZstdCompressor:
        params = zstandard.ZstdCompressionParameters.from_level(
            1, window_log=24, write_checksum=1, write_content_size=0
        )
        return zstandard.ZstdCompressor(compression_params=params)

    path = tmp_path / "wide.dsbundle"
    with monkeypatch.context() as patch:
        patch.setattr(
            bundle_mod,
            "zstandard",
            SimpleNamespace(ZstdCompressor=wide_window, ZstdError=zstandard.ZstdError),
        )
        write_bundle(path, laptop, [hub.public], [b"x" * 1000], schema_version=1)
    temp = tmp_path / "plain"
    temp.mkdir()
    registry = Registry().add(laptop)
    error = refusal(lambda: open_as(path, hub, registry, temp_dir=temp))
    assert error.code == "bundle_damaged"
    assert str(error.params["reason"]).startswith("compressed stream:")
    assert list(temp.iterdir()) == []


def test_long_ops_are_split_into_records_the_reader_accepts(tmp_path: Path) -> None:
    """Values near the 1 MiB op limit (4 000-character fields are ~12 KB; a create may carry
    many): batches are split under the reader's record cap, and a larger op is the writer's
    error, never a bundle the reader would refuse."""
    ops = sample_ops(6)
    big = '"' + "长" * 300_000 + '"'  # ~900 KB of UTF-8
    ops = [ops[0], *(replace(op, value_json=big) for op in ops[1:])]
    manifest = {"op_count": len(ops), "attachments": []}
    path = tmp_path / "payload"
    path.write_bytes(b"".join(encode_payload(manifest, ops)))
    assert list(read_payload(path).iter_ops()) == ops
    too_big = replace(ops[1], value_json='"' + "长" * 400_000 + '"')
    with pytest.raises(ValueError, match="op larger than"):
        list(encode_payload({"op_count": 1, "attachments": []}, [too_big]))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=70),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    fields=st.lists(json_values, min_size=11, max_size=11),
    good=st.lists(st.booleans(), min_size=11, max_size=11),
)
def test_any_op_record_is_an_op_or_a_value_error(fields: list[object], good: list[bool]) -> None:
    """Whatever JSON a (hostile but enrolled) sender puts in an op's place, the checks answer
    with a checked Op or ValueError (which the reader turns into "damaged") — nothing else."""
    (sample,) = sample_ops(1)
    real = op_records.to_record(sample)
    record = [real[i] if keep else fields[i] for i, keep in enumerate(good)]
    for attempt in (record, dict(zip(op_records.FIELDS, record, strict=True))):
        try:
            op = (op_records.from_record if attempt is record else op_records.from_object)(attempt)
        except ValueError:
            continue
        assert op_records.to_record(op) == record


def test_messages_of_the_format_exist_in_both_languages() -> None:
    for code in ("bundle_unpacks_too_large", "sync_sender_version"):
        assert set(MESSAGES[code]) == {"zh", "en"}
