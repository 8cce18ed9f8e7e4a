"""Convergence, the property the whole design is for: a hub and 2-6 laptops with clocks a day
apart make random creates, edits, deletes, attachments and conflict resolutions through the
services; bundles (real files, real crypto) are duplicated, reordered, dropped and delivered
late. After one final full exchange every copy has the same state hash and the same conflicts,
and every op ever made is in every copy."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time as real_time
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, event, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import domain.hlc
from domain.errors import UserError
from services import households
from tests.sync.sync_kit import PASSWORD, District, Site, make_district, sync_all

DAY = 24 * 3600.0


class SkewedClock:
    """Stands in for the `time` module in domain.hlc: each writer thread its own wall clock."""

    def __init__(self) -> None:
        self.offsets: dict[int, float] = {}

    def time(self) -> float:
        return real_time.time() + self.offsets.get(threading.get_ident(), 0.0)


class DistrictMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="converge-"))
        self.district: District | None = None
        self.sticks: list[tuple[Path, Site]] = []  # bundles in flight: (file, where it goes)
        self.clock = SkewedClock()
        self.saved_time = domain.hlc.time
        domain.hlc.time = self.clock  # type: ignore[assignment]
        self.counter = 0

    # --- set-up ------------------------------------------------------------------------------
    @initialize(
        laptops=st.integers(2, 6),
        skews=st.lists(st.sampled_from([-DAY, -3600.0, 0.0, 3600.0, DAY]), min_size=7, max_size=7),
    )
    def setup(self, laptops: int, skews: list[float]) -> None:
        self.district = make_district(self.tmp, laptops)
        for site, skew in zip(self.district.all(), skews, strict=False):
            writer = site.ws.write(lambda db: threading.get_ident())
            self.clock.offsets[writer] = skew
        # A project with a few households everyone has, so that edits meet and conflict.
        hub = self.district.hub
        project = hub.ws.create(
            "project",
            {"code": "P-0", "name": "地块0", "district": "新吴区", "sub_district": "旺庄街道"},
        )
        for n in range(3):
            households.create_household(
                hub.ws, {"project_id": project, "address": f"{n}号", "head_name": "王五"}
            )
        sync_all(self.district)

    @property
    def d(self) -> District:
        assert self.district is not None
        return self.district

    def site(self, index: int) -> Site:
        sites = self.d.all()
        return sites[index % len(sites)]

    def laptop(self, index: int) -> Site:
        return self.d.laptops[index % len(self.d.laptops)]

    def _live(self, site: Site, table: str) -> list[str]:
        return site.ws.read(
            lambda db: [r[0] for r in db.conn.execute(f"SELECT id FROM {table} ORDER BY id")]
        )

    def _pick(self, site: Site, table: str, data: st.DataObject) -> str | None:
        ids = self._live(site, table)
        return data.draw(st.sampled_from(ids)) if ids else None

    # --- local work -----------------------------------------------------------------------------
    @rule(where=st.integers(0, 6))
    def create_project(self, where: int) -> None:
        self.counter += 1
        self.site(where).ws.create(
            "project",
            {
                "code": f"P-{self.counter}",
                "name": f"地块{self.counter}",
                "district": "新吴区",
                "sub_district": "旺庄街道",
            },
        )

    @rule(where=st.integers(0, 6), data=st.data(), members=st.integers(0, 2))
    def create_household(self, where: int, data: st.DataObject, members: int) -> None:
        site = self.site(where)
        project = self._pick(site, "projects WHERE _deleted = 0", data)
        if project is None:
            return
        self.counter += 1
        households.create_household(
            site.ws,
            {"project_id": project, "address": f"旺庄路{self.counter}号", "head_name": "张三"},
            members=[{"name": f"成员{i}"} for i in range(members)],
        )

    @rule(
        where=st.integers(0, 6),
        data=st.data(),
        field=st.sampled_from(["notes", "phone", "attitude", "room", "measured_area"]),
        value=st.sampled_from(["13900000001", "13900000002", "同意", "观望", "501", "88.5"]),
    )
    def edit_household(self, where: int, data: st.DataObject, field: str, value: str) -> None:
        site = self.site(where)
        household = self._pick(site, "households WHERE _deleted = 0", data)
        if household is None:
            return
        good = {
            "notes": f"备注{value}",
            "phone": value if value.startswith("139") else "13800000000",
            "attitude": value if value in ("同意", "观望") else "反对",
            "room": value[:3],
            "measured_area": "88.5" if value == "88.5" else "120",
        }
        with contextlib.suppress(UserError):  # e.g. a value the field refuses
            site.ws.update("household", household, {field: good[field]})

    @rule(where=st.integers(0, 6), data=st.data())
    def rename_project(self, where: int, data: st.DataObject) -> None:
        site = self.site(where)
        project = self._pick(site, "projects WHERE _deleted = 0", data)
        if project is not None:
            self.counter += 1
            site.ws.update("project", project, {"name": f"改名{self.counter}"})

    @rule(where=st.integers(0, 6), data=st.data())
    def delete_household(self, where: int, data: st.DataObject) -> None:
        site = self.site(where)
        household = self._pick(site, "households WHERE _deleted = 0", data)
        if household is not None:
            site.ws.delete("household", household)

    @rule(where=st.integers(0, 6), data=st.data(), content=st.binary(min_size=1, max_size=64))
    def attach(self, where: int, data: st.DataObject, content: bytes) -> None:
        site = self.site(where)
        household = self._pick(site, "households WHERE _deleted = 0", data)
        if household is None:
            return
        photo = self.tmp / f"照片{self.counter}.jpg"
        self.counter += 1
        photo.write_bytes(content)
        site.ws.attach(household, photo)

    @rule(where=st.integers(0, 6), data=st.data(), typed=st.booleans())
    def resolve(self, where: int, data: st.DataObject, typed: bool) -> None:
        site = self.site(where)
        views = site.sync.conflicts()
        if not views:
            return
        view = data.draw(st.sampled_from(views))
        event(f"resolved a {view.kind} conflict")
        if view.kind == "delete":
            choice = data.draw(st.sampled_from(["keep", "delete"]))
            site.sync.resolve(view.record_id, "_deleted", choice)
        elif typed and view.field == "notes":
            site.sync.resolve(view.record_id, view.field, "商量后的备注")
        else:
            pick = data.draw(st.integers(1, len(view.values)))
            site.sync.resolve(view.record_id, view.field, f"#{pick}")

    # --- moving bundles ---------------------------------------------------------------------------
    @rule(which=st.integers(0, 5))
    def laptop_exports(self, which: int) -> None:
        laptop = self.laptop(which)
        self.sticks.append((laptop.export_one(), self.d.hub))

    @rule(which=st.integers(0, 5))
    def hub_exports(self, which: int) -> None:
        laptop = self.laptop(which)
        result = self.d.hub.sync.export(PASSWORD, self.d.hub.inbox, to=[laptop.name])[0]
        self.sticks.append((result.path, laptop))

    @rule(data=st.data(), keep=st.booleans())
    def deliver(self, data: st.DataObject, keep: bool) -> None:
        """Any bundle in flight, in any order; kept on the stick it can arrive again later."""
        if not self.sticks:
            return
        index = data.draw(st.integers(0, len(self.sticks) - 1))
        path, target = self.sticks[index]
        if not keep:
            del self.sticks[index]
        (outcome,) = target.sync.import_files(PASSWORD, [path])
        assert outcome.status in ("imported", "already_imported"), outcome.error
        event(f"delivered: {outcome.status}")
        if outcome.summary is not None and outcome.summary.conflicts_created:
            event("an import created conflicts")

    @rule(which=st.integers(0, 5), back=st.booleans())
    def visit_the_office(self, which: int, back: bool) -> None:
        """A caseworker at the district office: export, import at once, maybe take one home."""
        laptop = self.laptop(which)
        (outcome,) = self.d.hub.sync.import_files(PASSWORD, [laptop.export_one()])
        assert outcome.status == "imported", outcome.error
        if outcome.summary is not None and outcome.summary.conflicts_created:
            event("an import created conflicts")
        if back:
            result = self.d.hub.sync.export(PASSWORD, self.d.hub.inbox, to=[laptop.name])[0]
            (home,) = laptop.sync.import_files(PASSWORD, [result.path])
            assert home.status == "imported", home.error

    @rule(data=st.data())
    def lose_a_stick(self, data: st.DataObject) -> None:
        if self.sticks:
            del self.sticks[data.draw(st.integers(0, len(self.sticks) - 1))]

    @invariant()
    def conflicts_are_listed(self) -> None:
        if self.district is None:
            return
        for site in self.d.all():
            counted = site.sync.conflict_count()
            assert counted == len(site.sync.conflicts())

    # --- the final exchange and the promise ---------------------------------------------------------
    def teardown(self) -> None:
        try:
            if self.district is not None:
                self._final_exchange()
        finally:
            domain.hlc.time = self.saved_time  # type: ignore[assignment]
            if self.district is not None:
                self.district.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    def _final_exchange(self) -> None:
        d = self.d
        made = set().union(*(site.op_ids() for site in d.all()))
        for laptop in d.laptops:
            (outcome,) = d.hub.sync.import_files(PASSWORD, [laptop.export_one()])
            assert outcome.status == "imported", outcome.error
        by_name = {laptop.name: laptop for laptop in d.laptops}
        for result in d.hub.sync.export(PASSWORD, d.hub.inbox):
            (outcome,) = by_name[result.recipients[0]].sync.import_files(PASSWORD, [result.path])
            assert outcome.status == "imported", outcome.error
        states = {site.name: site.state() for site in d.all()}
        assert len(set(states.values())) == 1, states
        conflicts = {
            site.name: sorted(
                (v.record_id, v.field, tuple(sorted(x.op_id for x in v.values)))
                for v in site.sync.conflicts()
            )
            for site in d.all()
        }
        assert len({repr(c) for c in conflicts.values()}) == 1, conflicts
        event(f"open conflicts at the end: {min(len(next(iter(conflicts.values()))), 3)}+")
        for site in d.all():
            missing = made - site.op_ids()
            assert not missing, (site.name, len(missing))
            for row in site.ws.read(lambda db: list(db.query("SELECT sha256 FROM attachments"))):
                assert site.ws.store.files.has(row["sha256"])


DistrictMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TestConvergence = DistrictMachine.TestCase
