"""Writes the hostile .xlsx corpus beside this file (the files are committed; run this again only
to change them): `uv run python tests/services/hostile_xlsx/make_corpus.py`.

- zip-bomb.xlsx: a workbook whose sheet inflates to 300 MB of blanks (a ~300 KB file).
- entity-expansion.xlsx: "billion laughs" entities in the sheet and shared strings.
- million-empty-rows.xlsx: a header, then 1 048 000 empty <row> elements, then one row.
- renamed-png.xlsx: a PNG image given an .xlsx name.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).parent

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>户主姓名</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>地址</t></is></c></row>'
)
SHEET_TAIL = "</sheetData></worksheet>"
SHARED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0"'
    ' uniqueCount="0"></sst>'
)


def _package(path: Path, sheet: bytes | str, shared: str = SHARED) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/sharedStrings.xml", shared)
        z.writestr("xl/worksheets/sheet1.xml", sheet)


def zip_bomb(path: Path) -> None:
    blanks = b" " * (300 * 1024 * 1024)
    _package(path, SHEET_HEAD.encode() + blanks + SHEET_TAIL.encode())


def entity_expansion(path: Path) -> None:
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE worksheet [" + "".join(lol) + "]>"
    sheet = SHEET_HEAD.replace("?>", "?>" + doctype, 1).replace("户主姓名", "&lol9;")
    shared = SHARED.replace("?>", "?>" + doctype.replace("worksheet", "sst"), 1)
    _package(path, sheet + SHEET_TAIL, shared)


def million_empty_rows(path: Path) -> None:
    rows = "".join(f'<row r="{n}"/>' for n in range(2, 1_048_002))
    last = '<row r="1048002"><c r="A1048002" t="inlineStr"><is><t>张三</t></is></c></row>'
    _package(path, SHEET_HEAD + rows + last + SHEET_TAIL)


def renamed_png(path: Path) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    path.write_bytes(png + chunk(b"IEND", b""))


CORPUS = {
    "zip-bomb.xlsx": zip_bomb,
    "entity-expansion.xlsx": entity_expansion,
    "million-empty-rows.xlsx": million_empty_rows,
    "renamed-png.xlsx": renamed_png,
}

if __name__ == "__main__":
    for name, make in CORPUS.items():
        make(HERE / name)
        print(name, (HERE / name).stat().st_size)
