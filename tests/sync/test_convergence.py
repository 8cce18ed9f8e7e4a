"""Convergence, the property the whole design is for: a hub and 2-6 laptops with clocks a day
apart make random creates, edits, deletes, attachments and conflict resolutions through the
services; bundles (real files, real crypto) are duplicated, reordered, dropped and delivered
late. After one final full exchange every copy has the same state hash and the same conflicts,
and every op ever made is in every copy.

Scoped sync (docs/sync.md): each laptop draws a scope (none, one of two sub-districts, the whole
district); the hub moves households between sub-districts, narrows and widens scopes and lifts
them, and allocates pool flats. After the final exchange a laptop without a scope equals the hub
as before; a laptop with one equals the hub restricted to its scope (tests/sync/scope_kit.py
computes that without the code under test), the hub holds every op ever made, and no laptop file
(database, WAL, attachments, backups, drafts) holds the id or name of a household outside its
scope — nor, right after any purge, of a household that purge removed."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import time as real_time
from collections.abc import Callable
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, event, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

import domain.hlc
from domain.errors import UserError
from domain.scope import Scope
from services import flats, households
from sync import scoped
from tests.conftest import examples
from tests.sync.scope_kit import (
    leaks,
    out_of_scope_markers,
    pool_values_differ,
    restricted_state,
    same_membership,
    same_scoped_bundle,
    state_diff,
)
from tests.sync.sync_kit import PASSWORD, District, Site, make_district, sync_all

DAY = 24 * 3600.0
SUB_DISTRICTS = ("旺庄街道", "硕放街道")
SCOPES: tuple[Scope | None, ...] = (
    None,
    Scope.area("新吴区", "旺庄街道"),
    Scope.area("新吴区", "硕放街道"),
    Scope.area("新吴区"),
)


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
        self.saved_whole = scoped.WHOLE
        domain.hlc.time = self.clock  # type: ignore[assignment]
        self.counter = 0
        self.scopes: dict[str, Scope | None] = {}

    # --- set-up ------------------------------------------------------------------------------
    @initialize(
        laptops=st.integers(2, 6),
        skews=st.lists(st.sampled_from([-DAY, -3600.0, 0.0, 3600.0, DAY]), min_size=7, max_size=7),
        scopes=st.lists(st.integers(0, len(SCOPES) - 1), min_size=6, max_size=6),
        read_whole=st.booleans(),
    )
    def setup(
        self, laptops: int, skews: list[float], scopes: list[int], read_whole: bool = False
    ) -> None:
        # The hub's plan asks about records one by one, or reads the scope at once past
        # `scoped.WHOLE` ops to look at (a first bundle): both ways, at random.
        scoped.WHOLE = 0 if read_whole else self.saved_whole
        self.district = make_district(self.tmp, laptops)
        for site, skew in zip(self.district.all(), skews, strict=False):
            writer = site.ws.write(lambda db: threading.get_ident())
            self.clock.offsets[writer] = skew
        # A project per sub-district with a few households, so that edits meet and conflict
        # (on the laptops that share a scope) and households can move across.
        hub = self.district.hub
        for index, sub in enumerate(SUB_DISTRICTS):
            project = hub.ws.create(
                "project",
                {"code": f"P-0{index}", "name": f"地块0{index}", "district": "新吴区",
                 "sub_district": sub},
            )  # fmt: skip
            for n in range(3 - index):
                households.create_household(
                    hub.ws,
                    {"project_id": project, "address": f"{n}号", "head_name": f"王五{index}{n}号"},
                )
        for laptop, choice in zip(self.district.laptops, scopes, strict=False):
            self._set_scope(laptop, SCOPES[choice])
        sync_all(self.district)

    def _set_scope(self, laptop: Site, scope: Scope | None) -> None:
        self.d.hub.sync.set_scope(PASSWORD, laptop.name, scope)
        self.scopes[laptop.name] = scope

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
    def _inside_or_refused(self, site: Site, make: Callable[[], object]) -> None:
        """A scoped laptop may still show a record that its own edit moved out of its scope
        (purged at its next import): nothing can be created under it meanwhile."""
        try:
            make()
        except UserError as refused:
            assert refused.code == "scope_outside" and self._own_scope(site) is not None
            event("creation under a record outside the scope refused")

    def _own_scope(self, site: Site) -> Scope | None:
        return site.sync.own_scope()

    @rule(where=st.integers(0, 6), sub=st.sampled_from(SUB_DISTRICTS))
    def create_project(self, where: int, sub: str) -> None:
        self.counter += 1
        site = self.site(where)
        scope = self._own_scope(site)
        inside = scope is None or not scope.sub_district or scope.sub_district == sub
        try:
            site.ws.create(
                "project",
                {
                    "code": f"P-{self.counter}",
                    "name": f"地块{self.counter}",
                    "district": "新吴区",
                    "sub_district": sub,
                },
            )
        except UserError as refused:  # outside this laptop's scope: one sentence, nothing made
            assert refused.code == "scope_outside" and not inside, refused
            event("creation outside the scope refused")
            return
        assert inside

    @rule(where=st.integers(0, 6), data=st.data(), members=st.integers(0, 2))
    def create_household(self, where: int, data: st.DataObject, members: int) -> None:
        site = self.site(where)
        project = self._pick(site, "projects WHERE _deleted = 0", data)
        if project is None:
            return
        self.counter += 1
        self._inside_or_refused(
            site,
            lambda: households.create_household(
                site.ws,
                {
                    "project_id": project,
                    "address": f"旺庄路{self.counter}号",
                    "head_name": f"张三{self.counter}号",  # unique: the leak check looks for it
                },
                members=[{"name": f"成员{i}"} for i in range(members)],
            ),
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

    @rule(
        where=st.integers(0, 6),
        data=st.data(),
        content=st.binary(min_size=1, max_size=64),
        to_flat=st.booleans(),
    )
    def attach(self, where: int, data: st.DataObject, content: bytes, to_flat: bool) -> None:
        """A photo of a household, or a document of a pool flat (its floor plan, or the
        allocation agreement once a household holds it: only inside that household's scope)."""
        site = self.site(where)
        table = "flats WHERE _deleted = 0" if to_flat else "households WHERE _deleted = 0"
        household = self._pick(site, table, data)
        if household is None:
            return
        photo = self.tmp / f"照片{self.counter}.jpg"
        self.counter += 1
        photo.write_bytes(content)
        self._inside_or_refused(site, lambda: site.ws.attach(household, photo))

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

    @rule(where=st.integers(0, 6), data=st.data())
    def move_household(self, where: int, data: st.DataObject) -> None:
        """A household changes project: across sub-districts on the hub, inside its scope on a
        laptop (a laptop holds no other projects)."""
        site = self.site(where)
        household = self._pick(site, "households WHERE _deleted = 0", data)
        project = self._pick(site, "projects WHERE _deleted = 0", data)
        if household is None or project is None:
            return
        site.ws.update("household", household, {"project_id": project})
        event("a household moved")

    @rule(where=st.integers(0, 6), data=st.data(), sub=st.sampled_from(SUB_DISTRICTS))
    def move_project(self, where: int, data: st.DataObject, sub: str) -> None:
        """A project is reassigned to the other sub-district: all its households go with it."""
        site = self.site(where)
        project = self._pick(site, "projects WHERE _deleted = 0", data)
        if project is not None:
            site.ws.update("project", project, {"sub_district": sub})
            event("a project moved")

    @rule(which=st.integers(0, 5), choice=st.integers(0, len(SCOPES) - 1))
    def change_scope(self, which: int, choice: int) -> None:
        """The hub narrows, widens, moves or lifts a laptop's scope."""
        laptop = self.laptop(which)
        self._set_scope(laptop, SCOPES[choice])
        event("a scope changed")

    @rule(where=st.integers(0, 6), data=st.data())
    def allocate_flat(self, where: int, data: st.DataObject) -> None:
        """A pool flat for a household: every laptop sees the flat, its holder only inside."""
        site = self.site(where)
        household = self._pick(site, "households WHERE _deleted = 0", data)
        if household is None:
            return
        self.counter += 1
        flat = flats.add_flat(
            site.ws, {"estate": "安置小区", "building": "1", "number": str(self.counter)}
        )
        with contextlib.suppress(UserError):
            flats.allocate(site.ws, flat, household)

    @rule(where=st.integers(0, 6), data=st.data(), release=st.booleans())
    def reallocate_flat(self, where: int, data: st.DataObject, release: bool) -> None:
        """A flat is taken back, or given to a(nother) household: its holder and its documents
        follow the new holder's scope."""
        site = self.site(where)
        flat = self._pick(site, "flats WHERE _deleted = 0", data)
        if flat is None:
            return
        with contextlib.suppress(UserError):  # not allocated, in conflict, not available, …
            if release:
                flats.release(site.ws, flat)
            else:
                household = self._pick(site, "households WHERE _deleted = 0", data)
                if household is not None:
                    flats.allocate(site.ws, flat, household)
            event("a flat reallocated")

    # --- moving bundles ---------------------------------------------------------------------------
    @rule(which=st.integers(0, 5))
    def laptop_exports(self, which: int) -> None:
        laptop = self.laptop(which)
        self.sticks.append((laptop.export_one(), self.d.hub))

    @rule(which=st.integers(0, 5))
    def hub_exports(self, which: int) -> None:
        laptop = self.laptop(which)
        scope = self.scopes.get(laptop.name)
        if scope is not None:
            same_membership(self.d.hub, scope, each_record=False)
            same_scoped_bundle(self.d.hub, laptop.name)
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
        self._purged_leaves_nothing(target, outcome)
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
            self._purged_leaves_nothing(laptop, home)

    def _purged_leaves_nothing(self, site: Site, outcome: object) -> None:
        """Right after a purge, the households it removed are nowhere in the laptop's files
        (unless the laptop still holds its own edits of them for the hub)."""
        summary = getattr(outcome, "summary", None)
        purge = summary.purge if summary is not None else None
        if purge is None or purge.kept_ops or not purge.records.get("household"):
            return
        event("a purge removed households")
        homes = set(self._live(self.d.hub, "households"))  # a project's id is not personal
        gone = {rid: "" for rid in purge.ids if rid in homes}
        assert not leaks(site, gone), leaks(site, gone)

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
            scoped.WHOLE = self.saved_whole
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
        whole = [d.hub, *(lt for lt in d.laptops if self.scopes.get(lt.name) is None)]
        states = {site.name: site.state() for site in whole}
        assert len(set(states.values())) == 1, [
            state_diff(site, d.hub, Scope.area("新吴区"))
            for site in whole
            if states[site.name] != states[d.hub.name]
        ]
        conflicts = {
            site.name: sorted(
                (v.record_id, v.field, tuple(sorted(x.op_id for x in v.values)))
                for v in site.sync.conflicts()
            )
            for site in whole
        }
        assert len({repr(c) for c in conflicts.values()}) == 1, conflicts
        event(f"open conflicts at the end: {min(len(next(iter(conflicts.values()))), 3)}+")
        for site in whole:
            missing = made - site.op_ids()
            assert not missing, (site.name, len(missing))
        for site in d.all():
            for row in site.ws.read(lambda db: list(db.query("SELECT sha256 FROM attachments"))):
                assert site.ws.store.files.has(row["sha256"])
        for laptop in d.laptops:
            scope = self.scopes.get(laptop.name)
            if scope is None:
                continue
            event(f"a laptop scoped to {scope.label()}")
            same_membership(laptop, scope)
            assert laptop.state() == restricted_state(d.hub, scope), state_diff(
                laptop, d.hub, scope
            )
            assert laptop.sync.conflict_count() == len(laptop.sync.conflicts())
            differ = pool_values_differ(laptop, d.hub, scope)
            assert not differ, differ
            found = leaks(laptop, out_of_scope_markers(d.hub, scope))
            assert not found, (laptop.name, found)


DistrictMachine.TestCase.settings = settings(
    max_examples=examples(25),  # 1 250 under HYPOTHESIS_PROFILE=long
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TestConvergence = DistrictMachine.TestCase
