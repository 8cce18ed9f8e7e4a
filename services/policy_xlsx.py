"""A compensation policy as an Excel workbook, for people who keep their rates in a spreadsheet:
three sheets — 方案信息 (name, district, flat settlement price, default months, note), 补偿项目
(one row per line item: its key, name, kind and the parameters of its kind) and 分档 (one row per
date tier: the item's key, the date, the value). Reading builds the same JSON form as the JSON
file and checks it with domain.compensation.parse_policy: a wrong cell is one sentence and
nothing is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from domain import compensation as comp
from domain.compensation import Policy
from domain.errors import UserError
from services.xlsx_files import save_workbook

INFO = "方案信息"
ITEMS = "补偿项目"
TIERS = "分档"
INFO_ROWS = (
    ("name", "方案名称"),
    ("district", "区"),
    ("exchange_flat_price", "安置房结算单价(元/㎡)"),
    ("default_months", "未选定安置房时的过渡月数"),
    ("note", "说明"),
)
COLUMNS = (
    ("key", "代码"),
    ("name", "名称"),
    ("kind", "类型"),
    ("options", "适用方式"),
    ("uses", "适用用途"),
    ("source", "单价来源"),
    ("price", "单价(元/㎡或元/㎡·月)"),
    ("minimum", "最低额(元/次)"),
    ("times", "次数(货币补偿/房票/产权调换)"),
    ("months", "月数"),
    ("amount", "金额(元)"),
    ("percent", "比例(%)"),
    ("of", "依据项目(代码)"),
    ("unit", "分档单位"),
    ("grades", "装修档次单价(简易/普通/中档/精装)"),
)
MAX_ROWS = comp.MAX_ITEMS + comp.MAX_ITEMS * comp.MAX_TIERS
_NAMES = {
    **{zh: code for code, (zh, _en) in comp.OPTION_NAMES.items()},
    **{zh: code for code, (zh, _en) in comp.USE_NAMES.items()},
}


def _list(value: Any) -> list[str] | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    parts = [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",")]
    return [_NAMES.get(p, p) for p in parts if p]


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return value.strip() if isinstance(value, str) else value


def _slashes(value: Any, keys: tuple[str, ...]) -> dict[str, str]:
    text = "" if value is None else str(value).strip()
    if not text:
        return {}
    parts = [p.strip() for p in text.split("/")]
    return {k: p for k, p in zip(keys, parts, strict=False) if p}


def _bad(detail: str, detail_en: str) -> UserError:
    from domain.errors import Label

    return UserError("policy_invalid", detail=Label(detail, detail_en))


def read_policy_xlsx(path: Path) -> Policy:
    from openpyxl import load_workbook

    from services.xlsx_files import check_package, unsafe_xml

    path = Path(path)
    if not path.is_file():
        raise UserError("xlsx_missing", path=str(path))
    check_package(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a malformed package
        code = "xlsx_unsafe_xml" if unsafe_xml(exc) else "xlsx_broken"
        raise UserError(code, name=path.name) from None
    try:
        for sheet in (INFO, ITEMS):
            if sheet not in book.sheetnames:
                raise UserError("xlsx_no_sheet", name=path.name, sheet=sheet)
        info_rows = list(book[INFO].iter_rows(values_only=True, max_row=20))
        item_rows = list(book[ITEMS].iter_rows(values_only=True, max_row=MAX_ROWS + 1))
        tier_rows = (
            list(book[TIERS].iter_rows(values_only=True, max_row=MAX_ROWS + 1))
            if TIERS in book.sheetnames
            else []
        )
    except UserError:
        raise
    except Exception:
        raise UserError("xlsx_broken", name=path.name) from None
    finally:
        book.close()
    labels = {label: key for key, label in INFO_ROWS}
    raw: dict[str, Any] = {}
    for row in info_rows:
        if row and row[0] in labels and len(row) > 1 and row[1] is not None:
            raw[labels[row[0]]] = _cell(row[1])
    if "default_months" in raw:
        raw["default_months"] = str(raw["default_months"])
    tiers: dict[str, list[dict[str, Any]]] = {}
    for row in tier_rows[1:]:
        if not row or row[0] in (None, ""):
            continue
        until = _cell(row[1]) if len(row) > 1 else None
        value = _cell(row[2]) if len(row) > 2 else None
        tiers.setdefault(str(row[0]).strip(), []).append({"until": until or None, "value": value})
    items = []
    for number, row in enumerate(item_rows[1:], start=2):
        values = {
            key: _cell(row[i]) if i < len(row) else None for i, (key, _) in enumerate(COLUMNS)
        }
        if not any(v not in (None, "") for v in values.values()):
            continue
        item: dict[str, Any] = {k: values[k] for k in ("key", "name", "kind")}
        for key in ("options", "uses", "of"):
            found = _list(values[key])
            if found is not None:
                item[key] = found
        for key in ("source", "price", "minimum", "amount", "percent", "unit"):
            if values[key] not in (None, ""):
                item[key] = values[key]
        if values["months"] not in (None, ""):
            item["months"] = str(values["months"])
        if values["times"] not in (None, ""):
            item["times"] = _slashes(values["times"], comp.OPTIONS)
        if values["grades"] not in (None, ""):
            item["grades"] = _slashes(values["grades"], comp.GRADES)
        if item.get("kind") == "date_tiers":
            item["tiers"] = tiers.get(str(item.get("key") or ""), [])
        elif item.get("kind") is None:
            raise _bad(f"第 {number} 行没有类型", f"row {number} has no kind")
        items.append(item)
    raw["items"] = items
    return comp.parse_policy(raw)


def write_policy_xlsx(policy: Policy, out: Path, *, version: int | None = None) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    out = Path(out)
    if not out.parent.is_dir():
        raise UserError("xlsx_cannot_write", path=str(out))
    body = comp.policy_to_json(policy)
    book = Workbook()
    info = book.active
    info.title = INFO
    for key, label in INFO_ROWS:
        info.append([label, body.get(key, "")])
    if version is not None:
        info.append(["版本", version])
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 60
    items = book.create_sheet(ITEMS)
    items.append([label for _, label in COLUMNS])
    for cell in items[1]:
        cell.font = Font(bold=True)
    tiers = book.create_sheet(TIERS)
    tiers.append(["项目代码", "截止日期(空为此后任意日期)", "数值"])
    for item in body["items"]:
        row: list[Any] = []
        for key, _label in COLUMNS:
            value = item.get(key)
            if key in ("options", "uses"):
                names = comp.OPTION_NAMES if key == "options" else comp.USE_NAMES
                value = "、".join(names[code][0] for code in value or [])
            elif key == "of":
                value = "、".join(value or [])
            elif key == "times":
                value = (
                    "/".join(str((value or {}).get(o, 1)) for o in comp.OPTIONS) if value else ""
                )
            elif key == "grades":
                value = (
                    "/".join(str((value or {}).get(g, "")) for g in comp.GRADES) if value else ""
                )
            row.append("" if value is None else value)
        items.append(row)
        for tier in item.get("tiers", []):
            tiers.append([item["key"], tier["until"] or "", tier["value"]])
    for sheet in (items, tiers):
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = 16
        for line in sheet.iter_rows():
            for cell in line:
                cell.number_format = "@"  # text: amounts and dates stay exactly as written
    for sheet in (info, items, tiers):
        for line in sheet.iter_rows():
            for cell in line:
                if isinstance(cell.value, str):
                    _keep_text(cell)
    save_workbook(book, out)
    return out


def _keep_text(cell: Any) -> None:
    """A policy name or note starting with "=" stays text, never a live formula (OWASP)."""
    from services.xlsx_export import FORMULA_TRIGGERS

    cell.data_type = "s"
    if cell.value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
