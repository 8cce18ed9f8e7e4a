"""How ui.short_address and domain.address_parse read building, unit and room on the same
addresses. The list's short form ("华庄新村1-1-201") and the building grid's placement must
agree on what the numbers of an address are, so both readings are pinned side by side here."""

from __future__ import annotations

import pytest

from domain.address_parse import parse_placement
from ui.short_address import numbered

# address, its short form in a narrow column, and (building, unit, room) as the grid reads it
READINGS = (
    ("华庄新村1栋1单元201室", "华庄新村1-1-201", ("1", "1", "201")),
    ("3幢2单元502", "3-2-502", ("3", "2", "502")),
    ("旺庄苑5号楼1201室", "旺庄苑5-1201", ("5", "", "1201")),
    ("华庄新村1栋1单元201", "华庄新村1-1-201", ("1", "1", "201")),
    ("旺庄街道华庄新村1栋1单元201室", "旺庄街道华庄新村1-1-201", ("1", "1", "201")),
    ("华庄新村1栋1单元0201室", "华庄新村1-1-0201", ("1", "1", "201")),
    ("华庄新村１栋１单元２０１室", "华庄新村１-１-２０１", ("1", "1", "201")),
    ("华庄新村 1 栋 1 单元 201 室", "华庄新村 1-1-201", ("1", "1", "201")),
    ("春潮新村三栋二单元五零一室", "春潮新村三栋二单元五零一室", ("3", "2", "501")),
    ("长江一村A座1203室", "长江一村A座1203室", ("A", "", "1203")),
    ("长江一村3#2单元501室", "长江一村3#2单元501室", ("3", "2", "501")),
    ("长江一村3-2-501", "长江一村3-2-501", ("3", "2", "501")),
    ("华庄新村12号1单元501室", "华庄新村12号1单元501室", ("12", "1", "501")),
    ("华庄新村1栋5层501室", "华庄新村1栋5层501室", ("1", "", "501")),
    ("华庄新村1栋", "华庄新村1栋", ("1", "", "")),
    ("长江路3号", "长江路3号", ("", "", "")),
    ("梅村老街12-1号", "梅村老街12-1号", ("", "", "")),
    ("安置小区", "安置小区", ("", "", "")),
)


@pytest.mark.parametrize(("address", "short", "placement"), READINGS)
def test_both_readings_of_an_address(
    address: str, short: str, placement: tuple[str, str, str]
) -> None:
    assert numbered(address) == short
    found = parse_placement(None, None, None, address)
    assert (found.building, found.unit, found.room) == placement
