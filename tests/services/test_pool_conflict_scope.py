"""A flat allocated to two households of different sub-districts while apart, seen on a laptop
whose scope holds only one of them (docs/sync.md, "A double allocation across scopes"): the other
claim reads as one sentence, never as a blank, and nothing on the laptop can settle the conflict
— the district office decides at the hub, where both households are visible."""

from __future__ import annotations

import pytest

from domain import i18n
from domain.errors import UserError
from services import flats
from tests.services.pool_conflict_kit import crossed as crossed  # a fixture
from tests.sync.sync_kit import District, Site, sync_all


def _frozen(site: Site) -> tuple[str, int]:
    count = site.ws.read(lambda db: db.conn.execute("SELECT count(*) FROM ops").fetchone()[0])
    return site.state(), count


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_claim_outside_the_scope_is_one_sentence_not_a_blank(
    crossed: tuple[District, str, str, str], lang: str
) -> None:
    district, flat, wang, _shuo = crossed
    one = district.laptops[0]
    i18n.set_language(lang)
    try:
        (double,) = flats.double_allocations(one.ws)
        views = [v for v in one.sync.conflicts() if v.record_id == flat]
    finally:
        i18n.set_language("zh")
    assert double.flat_id == flat and double.decided_at_hub
    inside = [c for c in double.claims if not c.outside_scope]
    outside = [c for c in double.claims if c.outside_scope]
    assert [c.household_id for c in inside] == [wang] and inside[0].head_name == "王大"
    (other,) = outside
    assert other.household_id is None
    sentence = "本机范围外的住户" if lang == "zh" else "a household outside this laptop's scope"
    assert other.head_name == sentence and other.address == ""
    (view,) = [v for v in views if v.field == "household_id"]
    assert view.decided_at_hub
    assert sorted(v.text for v in view.values if v.outside_scope) == [sentence]
    assert all(v.text.strip() for v in view.values)


def test_nothing_on_the_laptop_releases_or_reassigns_the_flat(
    crossed: tuple[District, str, str, str],
) -> None:
    district, flat, wang, _shuo = crossed
    one = district.laptops[0]
    before = _frozen(one)
    attempts = [
        lambda: flats.resolve_double_allocation(one.ws, flat, None),  # "nobody"
        lambda: flats.resolve_double_allocation(one.ws, flat, wang),  # keep our own
        lambda: flats.release(one.ws, flat),
        lambda: one.sync.resolve(flat, "household_id", "#1"),
        lambda: one.sync.resolve(flat, "household_id", "#2"),
    ]
    view = next(v for v in one.sync.conflicts() if v.record_id == flat)
    attempts += [lambda value=v.value: one.sync.resolve_with(view, value) for v in view.values]
    for attempt in attempts:
        with pytest.raises(UserError) as refused:
            attempt()
        assert refused.value.code == "flat_conflict_outside_scope"
        assert "区征收办" in str(refused.value) or "district office" in str(refused.value)
    assert _frozen(one) == before


def test_the_hub_decides_and_every_laptop_follows(
    crossed: tuple[District, str, str, str],
) -> None:
    district, flat, _wang, shuo = crossed
    hub, (one, two) = district.hub, district.laptops
    (double,) = flats.double_allocations(hub.ws)
    assert not double.decided_at_hub  # the hub sees both households
    assert {c.head_name for c in double.claims} == {"王大", "硕一"}
    flats.resolve_double_allocation(hub.ws, flat, shuo)
    sync_all(district)
    assert flats.double_allocations(one.ws) == [] and flats.double_allocations(two.ws) == []
    assert one.ws.get("flat", flat)["household_id"] is None  # 硕一 is not one's to see
    assert two.ws.get("flat", flat)["household_id"] == shuo
    assert hub.ws.get("flat", flat)["household_id"] == shuo
    # the flat stays taken on laptop one, by someone it cannot see: never listed as free
    (row,) = flats.list_flats(one.ws)
    assert row["held_outside_scope"] and row["state"] == "chosen"
    assert not flats.list_flats(two.ws)[0]["held_outside_scope"]
    assert not flats.list_flats(hub.ws)[0]["held_outside_scope"]
    assert flats.list_flats(one.ws, available_only=True) == []
