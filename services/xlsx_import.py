"""Importing a household list from the district's Excel sheet (.xlsx).

1. `read_sheet(path)` opens the workbook and finds its header row (district sheets often start
   with a title line). A file that is not a readable .xlsx — an old .xls, a password-protected
   workbook, a damaged or truncated file, something else renamed — is refused with one
   sentence (UserError) and nothing else happens.
2. The person maps columns to household fields. `suggest_mapping` proposes one from the
   headers (field labels and the usual synonyms); a mapping is remembered in the data
   directory per header signature (`save_mapping` / `saved_mapping`), so the same sheet layout
   maps itself next time. A mapping file written by hand (`read_mapping_file`) names columns by
   header text (or column letter) and fields by code or label.
3. `dry_run` checks every row with the same rules as typed input (domain.validation: the ID
   check digit, dates, numbers, choices) plus the import's own: an address (or building/unit/
   room to make one from), a head of household, and no duplicate — of an existing household
   by ID number, credit code or address in the project, or of an earlier row of the sheet.
   Problems are listed by the row number Excel shows. Nothing is written.
4. `import_households` re-checks and writes the rows without problems — the households, their
   heads as members, and the audit event — as ONE commit through the op log: all or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sqlite_utils
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from domain.errors import Label, UserError
from domain.ids import uuid7
from domain.messages import MESSAGES
from domain.privacy import STAR, mask_id_number
from domain.records import HOUSEHOLD, FieldSpec
from domain.states import INITIAL_STATE
from domain.validation import coerce
from services import paths
from services.households import compose_address
from services.workspace import Workspace
from storage.oplog import Draft

# progress(done, total) while checking rows; returning False stops before anything is written.
ProgressFn = Callable[[int, int], bool | None]

MAPPINGS_DIR = "xlsx-mappings"
HEADER_SCAN_ROWS = 20
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

# Fields a sheet may fill: the project comes from the import itself, the state is moved only
# through services.households.change_state.
IMPORTABLE: tuple[FieldSpec, ...] = tuple(
    f for f in HOUSEHOLD.fields if f.name != "project_id" and not f.managed
)
_BY_NAME = {f.name: f for f in IMPORTABLE}

# Header words seen in district sheets, beside the fields' own labels.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "head_name": ("户主", "姓名", "被征收人", "被征收人姓名", "产权人", "权利人", "户名"),
    "head_id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "证件号码",
        "被征收人身份证号",
        "户主身份证号码",
    ),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系方式", "联系电话号码"),
    "address": ("房屋地址", "房屋坐落", "坐落", "住址", "门牌号", "房屋座落", "座落"),
    "building": ("栋", "幢", "楼号", "栋号", "幢号"),
    "unit": ("单元号",),
    "room": ("室", "室号", "房间号", "户号"),
    "registered_area": ("证载面积", "产权面积", "建筑面积", "权证面积", "登记面积"),
    "measured_area": ("测绘面积", "实测面积"),
    "enterprise_name": ("单位名称", "企业"),
    "uscc": ("信用代码", "社会信用代码"),
    "approved_use": ("证载用途", "规划用途", "用途"),
    "actual_use": ("实际用途",),
    "attitude": ("意向", "签约意向"),
    "caseworker": ("经办人", "包户人员", "包户干部"),
    "notes": ("备注", "说明"),
}


def _norm(text: str) -> str:
    """Compare headers the way a person reads them: full-width folded, no spaces, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _bare(text: str) -> str:
    return re.sub(r"\(.*?\)", "", _norm(text))


_LABELS: dict[str, str] = {}
for _f in IMPORTABLE:
    for _text in (_f.zh, _f.en, _bare(_f.zh), _bare(_f.en), _f.name):
        _LABELS.setdefault(_norm(_text), _f.name)
for _name, _words in SYNONYMS.items():
    for _word in _words:
        _LABELS.setdefault(_norm(_word), _name)


def field_for_header(header: str) -> str | None:
    """The field a header names (by label, code or a common synonym), or None."""
    key = _norm(header)
    return _LABELS.get(key) or _LABELS.get(_bare(header))


def importable_field(text: str) -> FieldSpec | None:
    """A field named by its code, label or a synonym (what a mapping file may say)."""
    name = field_for_header(text)
    return _BY_NAME.get(name) if name else None


# ---------------------------------------------------------------------------------------------
# Reading the workbook


@dataclass(frozen=True)
class Sheet:
    """The data of one worksheet: its header row and the rows under it (Excel row numbers)."""

    path: Path
    sheet_name: str
    sheet_names: tuple[str, ...]
    header_row: int  # 1-based, as Excel shows it
    headers: tuple[str, ...]  # unique, never empty ("F列" for a blank header cell)
    rows: tuple[tuple[int, tuple[Any, ...]], ...]  # (Excel row number, cell values)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def signature(self) -> str:
        """Same header texts in the same order → same signature (the remembered mapping)."""
        text = "\x1f".join(_norm(h) for h in self.headers)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def column(self, key: str) -> int:
        """A column by header text, or by letter (A, B, … AA)."""
        wanted = key.strip()
        for i, header in enumerate(self.headers):
            if header == wanted:
                return i
        for i, header in enumerate(self.headers):
            if _norm(header) == _norm(wanted):
                return i
        if re.fullmatch(r"[A-Za-z]{1,3}", wanted):
            index = int(column_index_from_string(wanted.upper())) - 1
            if index < len(self.headers):
                return index
        raise UserError("xlsx_mapping_unknown_column", column=key)


def _refuse_by_content(path: Path) -> None:
    """Refuse what is not an .xlsx before openpyxl sees it (its errors are not sentences)."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise UserError("xlsx_missing", path=str(path)) from None
    except OSError:
        raise UserError("xlsx_broken", name=name) from None
    if head.startswith(OLE_MAGIC):
        # An OLE container is either an old .xls or an encrypted .xlsx (its package inside).
        data = path.read_bytes()
        if ENCRYPTED_STREAM in data:
            raise UserError("xlsx_encrypted", name=name)
        raise UserError("xlsx_old_format", name=name)
    if not head.startswith(ZIP_MAGIC):
        if path.suffix.lower() == ".xlsx" and head:
            raise UserError("xlsx_broken", name=name)
        raise UserError("xlsx_not_excel", name=name)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            broken = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        # RuntimeError: an entry that needs a password or an unsupported compression method.
        raise UserError("xlsx_broken", name=name) from None
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        raise UserError("xlsx_not_excel", name=name)
    if broken is not None:
        raise UserError("xlsx_broken", name=name)


def read_sheet(path: Path, *, sheet: str | None = None) -> Sheet:
    """The first worksheet with data (or the one named), with its header row found."""
    path = Path(path)
    if not path.is_file():
        raise UserError("xlsx_missing", path=str(path))
    _refuse_by_content(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a malformed package
        raise UserError("xlsx_broken", name=path.name) from None
    try:
        names = tuple(book.sheetnames)
        if sheet is not None and sheet not in names:
            raise UserError("xlsx_no_sheet", name=path.name, sheet=sheet)
        candidates = [sheet] if sheet is not None else list(names)
        for candidate in candidates:
            try:
                raw = [tuple(row) for row in book[candidate].iter_rows(values_only=True)]
            except UserError:
                raise
            except Exception:
                raise UserError("xlsx_broken", name=path.name) from None
            found = _with_header(path, candidate, names, raw)
            if found is not None:
                return found
    finally:
        book.close()
    raise UserError("xlsx_empty", name=path.name)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _with_header(
    path: Path, sheet_name: str, names: tuple[str, ...], raw: list[tuple[Any, ...]]
) -> Sheet | None:
    header_index = _header_index(raw)
    if header_index is None:
        return None
    header = raw[header_index]
    width = max(
        (i + 1 for row in raw[header_index:] for i, v in enumerate(row) if not _blank(v)),
        default=0,
    )
    headers: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        value = header[i] if i < len(header) else None
        text = "" if _blank(value) else re.sub(r"\s+", " ", str(value)).strip()
        text = text or f"{get_column_letter(i + 1)}列"
        seen[text] = seen.get(text, 0) + 1
        headers.append(text if seen[text] == 1 else f"{text}({seen[text]})")
    rows = tuple(
        (number, tuple((row[i] if i < len(row) else None) for i in range(width)))
        for number, row in enumerate(raw[header_index + 1 :], start=header_index + 2)
        if any(not _blank(v) for v in row[:width])
    )
    return Sheet(path, sheet_name, names, header_index + 1, tuple(headers), rows)


def _header_index(raw: list[tuple[Any, ...]]) -> int | None:
    """The row naming the most known fields among the first rows; else the first row with the
    most text cells (a title line above the header has one)."""
    scan = raw[:HEADER_SCAN_ROWS]
    best, best_score = None, 0
    for i, row in enumerate(scan):
        score = sum(1 for v in row if isinstance(v, str) and field_for_header(v))
        if score > best_score:
            best, best_score = i, score
    if best is not None and best_score >= 2:
        return best
    best, best_texts = None, 0
    for i, row in enumerate(scan):
        texts = sum(1 for v in row if isinstance(v, str) and v.strip())
        if texts > best_texts:
            best, best_texts = i, texts
    return best if best_texts >= 2 else None


# ---------------------------------------------------------------------------------------------
# The column mapping: column index -> field name


ColumnMap = dict[int, str]


def suggest_mapping(sheet: Sheet) -> ColumnMap:
    """Columns whose header names a field; each field from its first such column."""
    mapping: ColumnMap = {}
    taken: set[str] = set()
    for i, header in enumerate(sheet.headers):
        name = field_for_header(header)
        if name and name not in taken:
            mapping[i] = name
            taken.add(name)
    return mapping


def check_mapping(sheet: Sheet, mapping: Mapping[int, str]) -> ColumnMap:
    """A mapping with known columns and importable fields, each field from one column."""
    checked: ColumnMap = {}
    by_field: dict[str, int] = {}
    for index, name in sorted(mapping.items()):
        if not 0 <= index < len(sheet.headers):
            raise UserError("xlsx_mapping_unknown_column", column=str(index + 1))
        if name not in _BY_NAME:
            raise UserError(
                "xlsx_mapping_unknown_field", column=sheet.headers[index], field=str(name)
            )
        if name in by_field:
            spec = _BY_NAME[name]
            raise UserError(
                "xlsx_mapping_twice",
                field=Label(spec.zh, spec.en),
                first=sheet.headers[by_field[name]],
                second=sheet.headers[index],
            )
        by_field[name] = index
        checked[index] = name
    return checked


def require_complete(mapping: Mapping[int, str]) -> None:
    """An import needs a head of household and an address (or building/room to make one)."""
    names = set(mapping.values())
    missing = []
    if not names & {"head_name", "enterprise_name"}:
        missing.append(Label("“户主姓名”", "“head of household”"))
    if not names & {"address", "building", "room"}:
        missing.append(Label("“地址”", "“address”"))
    if missing:
        joined = Label("和".join(m.zh for m in missing), " and ".join(m.en for m in missing))
        raise UserError("xlsx_mapping_incomplete", fields=joined)


def mapping_from_names(sheet: Sheet, columns: Mapping[str, Any]) -> ColumnMap:
    """{header text or column letter: field code, label or synonym (empty: skip)}."""
    mapping: ColumnMap = {}
    for key, value in columns.items():
        index = sheet.column(str(key))
        if value in (None, ""):
            continue
        spec = importable_field(str(value))
        if spec is None:
            raise UserError("xlsx_mapping_unknown_field", column=str(key), field=str(value))
        if index in mapping:
            continue
        mapping[index] = spec.name
    return check_mapping(sheet, mapping)


def mapping_as_names(sheet: Sheet, mapping: Mapping[int, str]) -> dict[str, str]:
    return {sheet.headers[i]: name for i, name in sorted(mapping.items())}


def mapping_path(sheet: Sheet, data_dir: Path | None = None) -> Path:
    return (data_dir or paths.data_dir()) / MAPPINGS_DIR / f"{sheet.signature}.json"


def read_mapping_file(path: Path, sheet: Sheet) -> ColumnMap:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError("xlsx_missing", path=str(path)) from None
    except (OSError, ValueError):
        raise UserError("xlsx_mapping_unreadable", path=str(path)) from None
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise UserError("xlsx_mapping_unreadable", path=str(path))
    return mapping_from_names(sheet, columns)


def saved_mapping(sheet: Sheet, data_dir: Path | None = None) -> ColumnMap | None:
    """The mapping remembered for this header layout, if any (and still valid)."""
    path = mapping_path(sheet, data_dir)
    if not path.is_file():
        return None
    try:
        return read_mapping_file(path, sheet)
    except UserError:
        return None  # a stale or damaged remembered mapping: start again from a suggestion


def save_mapping(sheet: Sheet, mapping: Mapping[int, str], data_dir: Path | None = None) -> Path:
    """Remember the mapping for sheets with this header (JSON a person can read and edit)."""
    path = mapping_path(sheet, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "signature": sheet.signature,
        "example_file": sheet.name,
        "sheet": sheet.sheet_name,
        "headers": list(sheet.headers),
        "columns": mapping_as_names(sheet, mapping),
        "saved": dt.datetime.now().isoformat(timespec="seconds"),
    }
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def mapping_for(
    sheet: Sheet, *, mapping_file: Path | None = None, data_dir: Path | None = None
) -> tuple[ColumnMap, str]:
    """The mapping to use and where it came from: "file", "saved" or "suggested"."""
    if mapping_file is not None:
        return read_mapping_file(mapping_file, sheet), "file"
    remembered = saved_mapping(sheet, data_dir)
    if remembered is not None:
        return remembered, "saved"
    return suggest_mapping(sheet), "suggested"


# ---------------------------------------------------------------------------------------------
# Checking rows


@dataclass(frozen=True)
class RowResult:
    row: int  # Excel row number
    values: dict[str, Any]  # checked values (fields whose cell failed are left out)
    problems: tuple[str, ...] = ()  # sentences in the current language
    duplicate: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def label(self) -> str:
        return " ".join(str(self.values[k]) for k in ("head_name", "address") if self.values.get(k))


@dataclass(frozen=True)
class ImportPlan:
    sheet: Sheet
    project_id: str
    mapping: ColumnMap
    rows: tuple[RowResult, ...]
    cancelled: bool = False

    @property
    def ok_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def problem_rows(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    @property
    def duplicates(self) -> int:
        return sum(1 for r in self.rows if r.duplicate)


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    household_ids: tuple[str, ...] = field(default_factory=tuple)

    @property
    def imported(self) -> int:
        return len(self.household_ids)

    @property
    def skipped(self) -> int:
        return len(self.plan.problem_rows)


@dataclass
class _Existing:
    by_id_number: dict[str, tuple[str, str]]  # number -> (household label, project name)
    by_uscc: dict[str, tuple[str, str]]
    by_address: dict[str, tuple[str, str]]  # normalised address in the target project
    by_masked_id: dict[str, tuple[str, str]]  # "320214********1234|name" (lists exported masked)


def _address_key(text: str) -> str:
    return re.sub(r"[\s\-－—]+", "", unicodedata.normalize("NFKC", text))


def _existing(ws: Workspace, project_id: str) -> _Existing:
    def read(db: sqlite_utils.Database) -> _Existing:
        found = _Existing({}, {}, {}, {})
        homes = db.conn.execute(
            "SELECT h.id, h.head_name, h.address, h.head_id_number, h.uscc, h.project_id,"
            " p.name FROM households h LEFT JOIN projects p ON p.id = h.project_id"
            " WHERE h._deleted = 0"
        )
        labels: dict[str, tuple[str, str]] = {}
        for hid, head, address, number, uscc, pid, project in homes:
            where = (f"{head or ''} {address or ''}".strip(), str(project or ""))
            labels[hid] = where
            if number:
                found.by_id_number.setdefault(str(number), where)
                found.by_masked_id.setdefault(f"{mask_id_number(str(number))}|{head}", where)
            if uscc:
                found.by_uscc.setdefault(str(uscc), where)
            if pid == project_id and address:
                found.by_address.setdefault(_address_key(str(address)), where)
        for hid, number, name in db.conn.execute(
            "SELECT household_id, id_number, name FROM members WHERE _deleted = 0"
            " AND id_number IS NOT NULL"
        ):
            if hid in labels:
                found.by_id_number.setdefault(str(number), labels[hid])
                key = f"{mask_id_number(str(number))}|{name}"
                found.by_masked_id.setdefault(key, labels[hid])
        return found

    return ws.read(read)


def _row_problem(code: str, **params: Any) -> str:
    return UserError(code, **params).message()


def dry_run(
    ws: Workspace,
    sheet: Sheet,
    mapping: Mapping[int, str],
    project_id: str,
    *,
    progress: ProgressFn | None = None,
) -> ImportPlan:
    """Check every row; write nothing."""
    project = ws.get("project", project_id)
    checked_map = check_mapping(sheet, mapping)
    require_complete(checked_map)
    existing = _existing(ws, project["id"])
    first_seen: dict[tuple[str, str], int] = {}
    results: list[RowResult] = []
    total = len(sheet.rows)
    for done, (number, cells) in enumerate(sheet.rows, start=1):
        results.append(_check_row(number, cells, checked_map, existing, first_seen))
        if progress is not None and done % 200 == 0 and progress(done, total) is False:
            return ImportPlan(sheet, project["id"], checked_map, tuple(results), cancelled=True)
    if progress is not None:
        progress(total, total)
    return ImportPlan(sheet, project["id"], checked_map, tuple(results))


def _check_row(
    number: int,
    cells: tuple[Any, ...],
    mapping: ColumnMap,
    existing: _Existing,
    first_seen: dict[tuple[str, str], int],
) -> RowResult:
    values: dict[str, Any] = {}
    problems: list[str] = []
    failed: set[str] = set()
    masked_id: str | None = None
    for index, name in mapping.items():
        raw = cells[index] if index < len(cells) else None
        spec = _BY_NAME[name]
        if spec.sensitive and isinstance(raw, str) and STAR in raw:
            # A list exported masked: never stored, but still good for finding duplicates.
            problems.append(_row_problem("xlsx_masked_value", field=Label(spec.zh, spec.en)))
            failed.add(name)
            if spec.kind == "resident_id":
                masked_id = raw.strip().upper()
            continue
        try:
            value = coerce(_optional(spec), raw)
        except UserError as exc:
            problems.append(exc.message())
            failed.add(name)
            continue
        if value is not None:
            values[name] = value
    if not values.get("head_name") and values.get("enterprise_name"):
        values["head_name"] = values["enterprise_name"]
    if not values.get("address"):
        composed = compose_address(values)
        if composed:
            values["address"] = composed
    if not values.get("head_name") and not failed & {"head_name", "enterprise_name"}:
        problems.append(_row_problem("xlsx_missing_head"))
    if not values.get("address") and "address" not in failed:
        problems.append(_row_problem("xlsx_missing_address"))

    duplicate = False
    masked_key = f"{masked_id}|{values.get('head_name') or ''}" if masked_id else None
    checks = (
        ("masked", masked_key, existing.by_masked_id, "xlsx_by_id_number"),
        ("id", values.get("head_id_number"), existing.by_id_number, "xlsx_by_id_number"),
        ("uscc", values.get("uscc"), existing.by_uscc, "xlsx_by_uscc"),
        (
            "address",
            _address_key(values["address"]) if values.get("address") else None,
            existing.by_address,
            "xlsx_by_address",
        ),
    )
    for kind, key, known, what in checks:
        if not key:
            continue
        label = Label(*_both(what))
        if key in known:
            household, project = known[key]
            problems.insert(
                0,
                _row_problem(
                    "xlsx_duplicate_existing", what=label, household=household, project=project
                ),
            )
            duplicate = True
            break
        earlier = first_seen.get((kind, key))
        if earlier is not None:
            problems.insert(0, _row_problem("xlsx_duplicate_in_file", row=earlier, what=label))
            duplicate = True
            break
    for kind, key, _known, _what in checks:
        if key:
            first_seen.setdefault((kind, key), number)
    return RowResult(number, values, tuple(problems), duplicate)


def _both(code: str) -> tuple[str, str]:
    return MESSAGES[code]["zh"], MESSAGES[code]["en"]


def _optional(spec: FieldSpec) -> FieldSpec:
    """The field without its `required` flag: a missing value is reported by the import's own
    sentence (which knows about composed addresses and enterprise names)."""
    return replace(spec, required=False) if spec.required else spec


# ---------------------------------------------------------------------------------------------
# Writing


def import_households(
    ws: Workspace,
    sheet: Sheet,
    mapping: Mapping[int, str],
    project_id: str,
    *,
    progress: ProgressFn | None = None,
) -> ImportResult:
    """Write every row without problems, with its head as a member, in one commit."""
    plan = dry_run(ws, sheet, mapping, project_id, progress=progress)
    if plan.cancelled:
        return ImportResult(plan)
    ok = plan.ok_rows
    if not ok:
        raise UserError("xlsx_nothing_to_import", name=sheet.name, rows=len(plan.rows))
    project = ws.get("project", plan.project_id)
    profile = ws.profile()
    drafts: list[Draft] = []
    ids: list[str] = []
    for row in ok:
        values = dict(row.values, project_id=project["id"])
        values.setdefault("district", project["district"])
        values.setdefault("sub_district", project["sub_district"])
        values["state"] = INITIAL_STATE
        if profile is not None:
            values.setdefault("caseworker", profile.caseworker)
        household_id, created = ws.create_drafts("household", values)
        drafts += created
        drafts += _head_member(ws, household_id, values)
        ids.append(household_id)
    drafts.append(
        Draft(
            "event",
            "project",
            project["id"],
            "import",
            {
                "document": "xlsx_households",
                "file": sheet.name,
                "sheet": sheet.sheet_name,
                "rows": len(plan.rows),
                "imported": len(ok),
                "skipped": len(plan.problem_rows),
            },
        )
    )
    ws.commit(drafts)
    return ImportResult(plan, tuple(ids))


def _head_member(ws: Workspace, household_id: str, values: dict[str, Any]) -> list[Draft]:
    if not values.get("head_name"):
        return []
    relation = "法定代表人" if values.get("enterprise_name") else "户主"
    member: dict[str, Any] = {"name": values["head_name"], "relation": relation}
    if values.get("head_id_number"):
        member["id_number"] = values["head_id_number"]
    if values.get("phone"):
        member["phone"] = values["phone"]
    if not values.get("enterprise_name"):
        member["ownership_role"] = "owner"
    checked = ws.validate("member", member, partial=True)
    checked["household_id"] = household_id
    return [
        Draft(
            "create",
            "member",
            uuid7(),
            None,
            {k: v for k, v in checked.items() if v is not None},
        )
    ]
