"""Scoped sync by example: a hub and two laptops of different sub-districts (docs/sync.md,
"Scoped sync"). The stateful test (test_convergence.py) checks the same promises at random."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.sync_commands import outcome_sentence
from domain.errors import UserError
from domain.scope import Scope
from services import visits
from tests.sync.scope_kit import (
    SHUOFANG,
    WANGZHUANG,
    household_named,
    leaks,
    out_of_scope_markers,
    restricted_state,
    scoped_household,
    scoped_project,
)
from tests.sync.sync_kit import PASSWORD, District, Site, sync_all


def _names(site: Site) -> set[str]:
    return set(
        site.ws.read(lambda db: [r[0] for r in db.conn.execute("SELECT head_name FROM households")])
    )


@pytest.fixture
def scoped(district: District) -> tuple[District, str, str]:
    hub = district.hub
    a = scoped_project(hub, "WZ-1", "旺庄街道")
    b = scoped_project(hub, "SF-1", "硕放街道")
    for name in ("王大", "王二"):
        visits.add_visit(
            hub.ws, scoped_household(hub, a, name), {"explained": "方案", "attitude": "观望"}
        )
    scoped_household(hub, b, "硕一")
    hub.sync.set_scope(PASSWORD, district.laptops[0].name, WANGZHUANG)
    hub.sync.set_scope(PASSWORD, district.laptops[1].name, SHUOFANG)
    return district, a, b


def _check(district: District) -> None:
    for laptop, scope in zip(district.laptops, (WANGZHUANG, SHUOFANG), strict=True):
        assert laptop.state() == restricted_state(district.hub, scope), laptop.name
        assert not leaks(laptop, out_of_scope_markers(district.hub, scope)), laptop.name


def test_each_laptop_holds_only_its_sub_district(scoped: tuple[District, str, str]) -> None:
    district, _, _ = scoped
    sync_all(district)
    one, two = district.laptops
    assert _names(one) == {"王大", "王二"}
    assert _names(two) == {"硕一"}
    _check(district)


def test_a_household_moved_across_leaves_one_laptop_and_reaches_the_other(
    scoped: tuple[District, str, str],
) -> None:
    district, _a, b = scoped
    hub, (one, two) = district.hub, district.laptops
    sync_all(district)
    moved = household_named(hub, "王二")
    hub.ws.update("household", moved, {"project_id": b})
    outcome = None
    for result in hub.sync.export(PASSWORD, hub.inbox):
        target = one if result.recipients[0] == one.name else two
        (got,) = target.sync.import_files(PASSWORD, [result.path])
        assert got.status == "imported", got.error
        if target is one:
            outcome = got
    assert outcome is not None and outcome.summary is not None
    assert outcome.summary.records_left >= 3  # the household, its member and its visit
    assert _names(one) == {"王大"}
    assert _names(two) == {"硕一", "王二"}
    assert two.ws.read(lambda db: db.conn.execute("SELECT count(*) FROM visits").fetchone()[0]) == 1
    sync_all(district)
    _check(district)


def test_an_edit_made_before_the_record_left_reaches_the_hub_and_is_listed(
    scoped: tuple[District, str, str],
) -> None:
    district, _a, b = scoped
    hub, (one, _) = district.hub, district.laptops
    sync_all(district)
    moved = household_named(one, "王二")
    hub.ws.update("household", moved, {"project_id": b})
    one.ws.update("household", moved, {"notes": "搬走前最后一次走访：同意签约"})
    (got,) = hub.sync.import_files(PASSWORD, [one.export_one()])
    assert got.summary is not None and got.summary.late_edits == 1
    assert hub.ws.get("household", moved)["notes"] == "搬走前最后一次走访：同意签约"
    (late,) = hub.sync.late_edits()
    assert (late["device"], late["record_id"], late["field"]) == (one.name, moved, "notes")
    sync_all(district)
    _check(district)


def test_an_unsent_edit_survives_the_purge_until_the_hub_has_it(
    scoped: tuple[District, str, str],
) -> None:
    district, _a, b = scoped
    hub, (one, _) = district.hub, district.laptops
    sync_all(district)
    moved = household_named(one, "王二")
    hub.ws.update("household", moved, {"project_id": b})
    one.ws.update("household", moved, {"notes": "还没送到中心的修改"})
    (back,) = hub.sync.export(PASSWORD, hub.inbox, to=[one.name])
    (got,) = one.sync.import_files(PASSWORD, [back.path])
    assert got.summary is not None and got.summary.records_left >= 1
    assert "王二" not in _names(one)  # purged from view at once …
    (late,) = hub.sync.import_files(PASSWORD, [one.export_one()])  # … but the edit still travels
    assert late.summary is not None and late.summary.new_ops >= 1
    assert hub.ws.get("household", moved)["notes"] == "还没送到中心的修改"
    sync_all(district)
    _check(district)


def test_narrowing_and_widening_a_scope(scoped: tuple[District, str, str]) -> None:
    district, _a, _b = scoped
    hub, (one, _) = district.hub, district.laptops
    sync_all(district)
    hub.sync.set_scope(PASSWORD, one.name, SHUOFANG)
    sync_all(district)
    assert _names(one) == {"硕一"}
    assert not leaks(one, out_of_scope_markers(hub, SHUOFANG))
    hub.sync.set_scope(PASSWORD, one.name, Scope.area("新吴区"))  # the whole district
    sync_all(district)
    assert _names(one) == {"王大", "王二", "硕一"}
    assert one.state() == restricted_state(hub, Scope.area("新吴区"))
    hub.sync.set_scope(PASSWORD, one.name, None)
    sync_all(district)
    assert one.state() == hub.state()


def test_a_flat_is_visible_everywhere_its_holder_only_inside(
    scoped: tuple[District, str, str], tmp_path: Path
) -> None:
    from services import flats

    district, _a, _b = scoped
    hub, (one, two) = district.hub, district.laptops
    holder = household_named(hub, "王大")
    flat = flats.add_flat(hub.ws, {"estate": "安置小区", "building": "1", "number": "101"})
    flats.allocate(hub.ws, flat, holder)
    sync_all(district)
    assert one.ws.get("flat", flat)["household_id"] == holder
    assert two.ws.get("flat", flat)["household_id"] is None
    assert two.ws.get("flat", flat)["state"] == "chosen"
    _check(district)


def test_creating_outside_the_scope_is_refused(scoped: tuple[District, str, str]) -> None:
    district, _, _ = scoped
    one = district.laptops[0]
    sync_all(district)
    before = one.state()
    with pytest.raises(UserError) as refused:
        scoped_project(one, "SF-9", "硕放街道")
    assert refused.value.code == "scope_outside"
    assert "旺庄街道" in str(refused.value)
    assert one.state() == before
    scoped_project(one, "WZ-9", "旺庄街道")  # inside: fine


def test_the_purge_reaches_backups_drafts_and_attachments(
    scoped: tuple[District, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from sync import exchange

    district, _, b = scoped
    hub, (one, _) = district.hub, district.laptops
    sync_all(district)
    moved = household_named(one, "王二")
    photo = one.root / "门牌照片.jpg"
    photo.write_bytes(b"only this household's photo")
    one.ws.attach(moved, photo)
    sync_all(district)
    sha = one.ws.read(lambda db: db.conn.execute("SELECT sha256 FROM attachments").fetchone()[0])
    drafts = one.db.parent / "drafts"
    drafts.mkdir()
    (drafts / f"visit-new-{moved[-8:]}.json").write_text(
        json.dumps({"kind": "visit", "record_id": "", "values": {"household_id": moved}}),
        encoding="utf-8",
    )
    (drafts / "visit-other.json").write_text(json.dumps({"kind": "visit", "values": {}}))
    migration_copy = one.db.with_name(one.db.name + ".v4-20261201-120000.bak")
    migration_copy.write_bytes(one.db.read_bytes())
    monkeypatch.setattr(exchange, "LARGE_IMPORT_OPS", 1)  # a backup before every import
    # The search decrypts what this laptop's keys open: before the purge it finds the household
    # in the database pages and the draft (so finding nothing afterwards means something).
    before = {path.split("/")[0] for path, _ in leaks(one, {moved: "王二"})}
    assert "drafts" in before and before & {"doorstep.db", "doorstep.db-wal"}, before
    hub.ws.update("household", moved, {"project_id": b})
    (back,) = hub.sync.export(PASSWORD, hub.inbox, to=[one.name])
    (got,) = one.sync.import_files(PASSWORD, [back.path])
    assert (
        got.summary is not None and got.summary.records_left == 4
    )  # household, wife, visit, photo
    assert not one.ws.store.files.has(sha)
    assert [p.name for p in drafts.iterdir()] == ["visit-other.json"]
    assert not migration_copy.exists()
    assert not list((one.db.parent / "backups").glob("*.db"))
    assert not leaks(one, {moved: "王二"})


def test_project_policies_follow_their_project_district_policies_reach_everyone(
    scoped: tuple[District, str, str],
) -> None:
    district, _, b = scoped
    hub, (one, two) = district.hub, district.laptops
    shuofang_only = hub.ws.create("policy", {"name": "硕放地块补偿方案", "project_id": b})
    everyone = hub.ws.create("policy", {"name": "新吴区补偿标准", "district": "新吴区"})
    sync_all(district)

    def names(site: Site) -> set[str]:
        return set(
            site.ws.read(lambda db: [r[0] for r in db.conn.execute("SELECT id FROM policies")])
        )

    assert names(one) == {everyone}
    assert names(two) == {everyone, shuofang_only}
    _check(district)


def test_a_project_this_laptop_moved_out_and_got_back_shows_its_own_move(
    scoped: tuple[District, str, str],
) -> None:
    """The laptop moves its project to the other sub-district; a hub bundle purges the project
    while the move has not reached the hub (the move op is kept for it); then its scope grows
    to the whole district and the project comes back with its whole history. The project must
    show the laptop's own move (its field head), as the hub does."""
    district, a, _b = scoped
    hub, (one, _) = district.hub, district.laptops
    sync_all(district)
    one.ws.update("project", a, {"sub_district": "硕放街道"})
    (back,) = hub.sync.export(PASSWORD, hub.inbox, to=[one.name])
    (got,) = one.sync.import_files(PASSWORD, [back.path])
    assert got.summary is not None and got.summary.records_left >= 1
    hub.sync.set_scope(PASSWORD, one.name, Scope.area("新吴区"))
    sync_all(district)
    assert one.ws.get("project", a)["sub_district"] == "硕放街道"
    assert one.state() == restricted_state(hub, Scope.area("新吴区"))


def test_a_project_this_laptop_moved_out_comes_back_whole_when_the_scope_is_lifted(
    scoped: tuple[District, str, str],
) -> None:
    district, a, _b = scoped
    hub, (one, _) = district.hub, district.laptops
    sync_all(district)
    one.ws.update("project", a, {"sub_district": "硕放街道"})
    (back,) = hub.sync.export(PASSWORD, hub.inbox, to=[one.name])
    one.sync.import_files(PASSWORD, [back.path])
    hub.sync.set_scope(PASSWORD, one.name, None)
    sync_all(district)
    assert one.state() == hub.state()


def test_pool_holders_and_personal_attachments_only_inside_the_scope(
    scoped: tuple[District, str, str],
) -> None:
    """Flats and house tickets are the district's pool: every laptop sees them. A ticket's
    holder and a flat's allocated household, and the attachments of a ticket or flat that names
    a household (the ticket's scan, the allocation agreement), only go where that household is in
    scope; a free flat's floor plan goes everywhere. When the household moves across, they move
    with it and leave nothing behind."""
    from services import flats, tickets

    district, _a, b = scoped
    hub, (one, two) = district.hub, district.laptops
    wang = household_named(hub, "王大")
    free = flats.add_flat(hub.ws, {"estate": "安置小区", "building": "1", "number": "101"})
    given = flats.add_flat(hub.ws, {"estate": "安置小区", "building": "1", "number": "102"})
    flats.allocate(hub.ws, given, wang)
    ticket = tickets.issue_ticket(hub.ws, wang, number="FP-2026-001", face_amount=500000)
    files = {}
    for record, name, content in (
        (free, "户型图.png", b"floor plan of 101"),
        (given, "安置协议.pdf", b"agreement signed by wang da"),
        (ticket, "房票扫描.pdf", b"ticket scan of wang da"),
    ):
        source = hub.root / name
        source.write_bytes(content)
        hub.ws.attach(record, source)
        files[record] = hub.ws.attachments(record)[0]["sha256"]
    sync_all(district)

    def seen(site: Site) -> dict[str, object]:
        return {
            "flat holder": site.ws.get("flat", given)["household_id"],
            "ticket holder": site.ws.get("house_ticket", ticket)["household_id"],
            "ticket number": site.ws.get("house_ticket", ticket)["number"],
            "attachments": {r for r in (free, given, ticket) if site.ws.attachments(r)},
            "files": {r for r, sha in files.items() if site.ws.store.files.has(sha)},
        }

    everything = {free, given, ticket}
    assert seen(one) == {"flat holder": wang, "ticket holder": wang,
                         "ticket number": "FP-2026-001", "attachments": everything,
                         "files": everything}  # fmt: skip
    assert seen(two) == {"flat holder": None, "ticket holder": None,
                         "ticket number": "FP-2026-001", "attachments": {free},
                         "files": {free}}  # fmt: skip
    assert not leaks(two, {wang: "王大"})
    _check(district)

    hub.ws.update("household", wang, {"project_id": b})  # 王大 moves to 硕放街道
    sync_all(district)
    assert seen(two) == {"flat holder": wang, "ticket holder": wang,
                         "ticket number": "FP-2026-001", "attachments": everything,
                         "files": everything}  # fmt: skip
    assert seen(one) == {"flat holder": None, "ticket holder": None,
                         "ticket number": "FP-2026-001", "attachments": {free},
                         "files": {free}}  # fmt: skip
    assert not leaks(one, {wang: "王大"})
    _check(district)
    note = one.root / "备注.txt"
    note.write_bytes(b"a note")
    with pytest.raises(UserError) as refused:  # its holder is outside: nothing to attach here
        one.ws.attach(given, note)
    assert refused.value.code == "scope_outside"

    flats.release(hub.ws, given)  # the flat is free again: its attachment goes everywhere
    sync_all(district)
    assert given in seen(one)["attachments"] and given in seen(one)["files"]  # type: ignore[operator]
    _check(district)


def test_a_household_moved_out_and_back_by_concurrent_moves_comes_back(
    scoped: tuple[District, str, str],
) -> None:
    """Found by the random test: the hub moves a household out of laptop one's scope and one
    purges it; meanwhile another laptop, not yet told, moves it to another project of the same
    sub-district, and that later move wins. The household is in one's scope again, but the
    winning move replaced only the household's *create* (inside): judged by the value it
    replaced, it had never left, and its history was never sent back."""
    district, _a, b = scoped
    hub, (one, two) = district.hub, district.laptops
    hub.sync.set_scope(PASSWORD, two.name, None)  # two holds the whole district
    other = scoped_project(hub, "WZ-2", "旺庄街道")
    sync_all(district)
    moved = household_named(hub, "王二")
    hub.ws.update("household", moved, {"project_id": b})  # out of one's scope
    (back,) = hub.sync.export(PASSWORD, hub.inbox, to=[one.name])
    (got,) = one.sync.import_files(PASSWORD, [back.path])
    assert got.summary is not None and got.summary.records_left >= 1
    two.ws.update("household", moved, {"project_id": other})  # concurrent, later: it wins
    (late,) = hub.sync.import_files(PASSWORD, [two.export_one()])
    assert late.status == "imported"
    assert hub.ws.get("household", moved)["project_id"] == other
    sync_all(district)
    assert "王二" in _names(one)
    assert one.state() == restricted_state(hub, WANGZHUANG)


def test_an_older_hub_bundle_arriving_after_a_newer_one_is_taken_as_lost(
    scoped: tuple[District, str, str],
) -> None:
    """The hub narrows 旺庄's laptop to 硕放街道 (bundle 1 brings project SF-1, 硕一 and a photo of
    him), then moves SF-1 to 旺庄街道 (bundle 2 tells the laptop it left). Bundle 2 arrives first:
    the laptop holds no SF-1 and drops the notice. Bundle 1, arriving late, would bring SF-1 back
    as it was, in 硕放街道, and nothing would ever tell the laptop again. It is taken as lost
    (bundle 2 carried everything of it that still matters): nothing applied, no file kept."""
    district, _, b = scoped
    hub, (one, _) = district.hub, district.laptops
    sync_all(district)
    shuoyi = household_named(hub, "硕一")
    photo = hub.root / "门牌照片.jpg"
    photo.write_bytes("硕一家的门牌".encode())
    hub.ws.attach(shuoyi, photo)
    hub.sync.set_scope(PASSWORD, one.name, SHUOFANG)
    (first,) = hub.sync.export(PASSWORD, hub.inbox, to=[one.name])
    hub.ws.update("project", b, {"sub_district": "旺庄街道"})
    (second,) = hub.sync.export(PASSWORD, hub.inbox, to=[one.name])
    (newer,) = one.sync.import_files(PASSWORD, [second.path])
    (older,) = one.sync.import_files(PASSWORD, [first.path])
    assert newer.status == older.status == "imported", (newer.error, older.error)
    assert _names(one) == set()
    assert one.state() == restricted_state(hub, SHUOFANG)
    assert not leaks(one, {shuoyi: "硕一"})
    assert older.summary is not None and older.summary.superseded
    assert older.summary.new_ops == 0 and older.summary.attachments_received == 0
    assert "中心较早的同步包" in outcome_sentence(older)
    (again,) = one.sync.import_files(PASSWORD, [first.path])
    assert again.status == "already_imported"
    sync_all(district)
    assert one.state() == restricted_state(hub, SHUOFANG)


def test_the_plan_reads_only_the_scope_and_answers_as_the_whole_rule(
    scoped: tuple[District, str, str],
) -> None:
    """The hub's plan evaluates the rule with `scoping.scoped_membership`, which reads the
    projects and the pool and then only the records whose owner is in the scope. On a district
    with every kind of record (requests of a household and of a project, progress, a ticket and
    its use, flats free and allocated, attachments of households and of pool records, project
    and district policies, settings), before and after a move, on the hub and on the laptops
    (where withheld holders hide a pool record's attachments), it answers exactly as the rule
    evaluated over every record."""
    from services import flats, requests, tickets
    from tests.sync.scope_kit import same_membership

    district, a, b = scoped
    hub = district.hub
    wang = household_named(hub, "王大")
    asked = requests.add_request(
        hub.ws, {"household_id": wang, "category": "amount", "summary": "过渡费何时发放"}
    )
    requests.add_progress(hub.ws, asked, "已转财务")
    requests.add_request(hub.ws, {"project_id": b, "category": "area", "summary": "围挡噪音"})
    given = flats.add_flat(hub.ws, {"estate": "安置小区", "building": "2", "number": "201"})
    flats.add_flat(hub.ws, {"estate": "安置小区", "building": "2", "number": "202"})
    flats.allocate(hub.ws, given, wang)
    ticket = tickets.issue_ticket(hub.ws, wang, number="FP-2026-009", face_amount=300000)
    tickets.redeem(hub.ws, ticket, 1000)
    for record in (given, ticket, wang):
        source = hub.root / f"{record[-6:]}.pdf"
        source.write_bytes(record.encode())
        hub.ws.attach(record, source)
    hub.ws.create("policy", {"name": "硕放地块补偿方案", "project_id": b})
    hub.ws.create("policy", {"name": "新吴区补偿标准", "district": "新吴区"})
    scopes = (WANGZHUANG, SHUOFANG, Scope.area("新吴区"), Scope(projects=(b,)))
    for scope in scopes:
        same_membership(hub, scope)
    sync_all(district)
    hub.ws.update("household", wang, {"project_id": b})
    hub.ws.update("project", a, {"sub_district": "硕放街道"})
    for scope in scopes:
        same_membership(hub, scope)
    sync_all(district)
    for laptop, scope in zip(district.laptops, (WANGZHUANG, SHUOFANG), strict=True):
        same_membership(laptop, scope)
    _check(district)
