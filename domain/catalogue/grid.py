"""Sentences and labels of the building grid (楼盘表): the printed grid, its CLI and the page's
sentences raised below ui/."""

MESSAGES: dict[str, dict[str, str]] = {
    "grid_title": {"zh": "楼盘表", "en": "Building grid"},
    "grid_doc_title": {"zh": "楼盘表 {project}", "en": "Building grid {project}"},
    "grid_signed": {"zh": "签约 {signed} / {total}", "en": "signed {signed} / {total}"},
    "grid_signed_rate": {
        "zh": "签约 {signed} / {total}（{rate}）",
        "en": "signed {signed} / {total} ({rate})",
    },
    "grid_as_of": {"zh": "截至 {date}", "en": "as of {date}"},
    "grid_summary": {
        "zh": "共 {buildings} 栋楼、{streets} 条街巷，{total} 户；{groups}。",
        "en": "{buildings} buildings, {streets} streets, {total} households; {groups}.",
    },
    "grid_unit": {"zh": "{unit}单元", "en": "unit {unit}"},
    "grid_floor": {"zh": "{floor}层", "en": "floor {floor}"},
    "grid_no_floor": {"zh": "层不详", "en": "floor ?"},
    "grid_unplaced": {"zh": "地址未能识别", "en": "Address not recognised"},
    "grid_continued": {"zh": "（续）", "en": " (continued)"},
    "grid_legend_state": {"zh": "颜色：", "en": "Colour:"},
    "grid_legend_attitude": {
        "zh": "态度：同=同意　观=观望　反=反对",
        "en": "Attitude: 同 agrees, 观 undecided, 反 opposes",
    },
    "grid_legend_overdue": {"zh": "走访逾期", "en": "visit overdue"},
    "grid_footer": {"zh": "入户通 · 楼盘表", "en": "Doorstep · building grid"},
    "grid_empty": {"zh": "该项目还没有住户。", "en": "This project has no households yet."},
    "grid_cli_help": {
        "zh": "楼盘表（按楼栋、单元、楼层、房号排列，横向 A4/A3）",
        "en": "building grid (buildings, units, floors, rooms; landscape A4/A3)",
    },
    "grid_weekly_section": {"zh": "附：楼盘表", "en": "Appendix: building grid"},
}
