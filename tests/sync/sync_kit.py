"""A district in a temporary folder: a hub and laptops, each its own database, keys and key file,
enrolled through real enrolment files; helpers to carry bundles between them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from domain.ops import Op
from services.sync import Sync
from services.workspace import Profile, Workspace
from storage.statehash import state_hash
from storage.store import open_raw
from sync.device import FAST_KDF_ENV
from tests.exchange_kit import all_ops

PASSWORD = "街道 2026 密码"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAST_KDF_ENV, "1")


@dataclass
class Site:
    name: str
    root: Path
    ws: Workspace
    sync: Sync

    @property
    def db(self) -> Path:
        return self.ws.store.path

    @property
    def inbox(self) -> Path:
        path = self.root / "stick"
        path.mkdir(exist_ok=True)
        return path

    def export(self, **kwargs: object) -> list[Path]:
        results = self.sync.export(PASSWORD, self.inbox, **kwargs)  # type: ignore[arg-type]
        return [r.path for r in results]

    def export_one(self, **kwargs: object) -> Path:
        (path,) = self.export(**kwargs)
        return path

    def state(self) -> str:
        return self.ws.read(lambda db: state_hash(db.conn))

    def op_ids(self) -> set[str]:
        return set(
            self.ws.read(lambda db: [r[0] for r in db.conn.execute("SELECT op_id FROM ops")])
        )

    def ops(self) -> list[Op]:
        return all_ops(self.ws)

    def close(self) -> None:
        self.ws.close()


def open_site(tmp_path: Path, name: str, role: str = "laptop") -> Site:
    root = tmp_path / name
    root.mkdir(parents=True)
    ws = Workspace.open(root / "doorstep.db")
    ws.init_profile(Profile(f"{name}的用户", "新吴区", "旺庄街道", name, role))
    sync = Sync(ws)
    sync.init_device(PASSWORD)
    return Site(name, root, ws, sync)


def enrol(hub: Site, laptop: Site) -> None:
    """Both directions, through files on a 'stick'."""
    request, _ = laptop.sync.export_enrolment(PASSWORD, laptop.inbox)
    hub.sync.import_enrolment(PASSWORD, request)
    reply, _ = hub.sync.export_enrolment(PASSWORD, hub.inbox)
    laptop.sync.import_enrolment(PASSWORD, reply)


@dataclass
class District:
    hub: Site
    laptops: list[Site] = field(default_factory=list)

    def all(self) -> list[Site]:
        return [self.hub, *self.laptops]

    def close(self) -> None:
        for site in self.all():
            site.close()

    def refresh_registries(self) -> None:
        """Every laptop takes the hub's newest registry (as after a round of enrolments)."""
        reply, _ = self.hub.sync.export_enrolment(PASSWORD, self.hub.inbox)
        for laptop in self.laptops:
            laptop.sync.import_enrolment(PASSWORD, reply)


def make_district(tmp_path: Path, laptops: int = 2) -> District:
    hub = open_site(tmp_path, "区征收办", "hub")
    district = District(hub)
    for i in range(laptops):
        laptop = open_site(tmp_path, f"笔记本{i + 1}")
        enrol(hub, laptop)
        district.laptops.append(laptop)
    district.refresh_registries()
    return district


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    made = make_district(tmp_path)
    yield made
    made.close()


def file_set_digest(db: Path) -> str:
    """SHA-256 over the database file and its -wal after a checkpoint (the bytes on disk)."""
    conn = open_raw(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = db.with_name(db.name + suffix)
        if path.exists():
            digest.update(suffix.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def sync_all(district: District) -> None:
    """A full round: every laptop to the hub, the hub back to every laptop."""
    for laptop in district.laptops:
        bundle = laptop.export_one()
        outcome = district.hub.sync.import_files(PASSWORD, [bundle])[0]
        assert outcome.status != "refused", outcome.error
    by_name = {laptop.name: laptop for laptop in district.laptops}
    for result in district.hub.sync.export(PASSWORD, district.hub.inbox):
        (name,) = result.recipients
        outcome = by_name[name].sync.import_files(PASSWORD, [result.path])[0]
        assert outcome.status != "refused", outcome.error
