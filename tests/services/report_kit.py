"""The demo data set with resettlement and attachments added, and poppler helpers, shared by
the tests of documents, report data and Excel."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from services import demo, flats, tickets
from services.workspace import Profile, Workspace
from storage.statehash import state_hash

TODAY = dt.date(2026, 11, 26)
TICKET = "TEST-FP-0001"  # beside the demo's own tickets and flats
ESTATE = "测试安置小区"
WEEK = "2026-W48"
FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
PROFILE = Profile(
    caseworker="李明", district="新吴区", sub_district="旺庄街道", device_name="旺庄-笔记本1"
)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils not installed",
)


@dataclass
class DemoSet:
    ws: Workspace
    path: Path
    ticket_household: str
    flat_household: str
    attached_household: str

    def one(self, sql: str, *args: Any) -> Any:
        return self.ws.read(lambda db: db.conn.execute(sql, args).fetchone())

    def all(self, sql: str, *args: Any) -> list[Any]:
        return self.ws.read(lambda db: db.conn.execute(sql, args).fetchall())

    def project_id(self, code: str) -> str:
        return str(self.one("SELECT id FROM projects WHERE code = ?", code)[0])

    def state(self) -> str:
        return self.ws.read(lambda db: state_hash(db.conn))


def build_demo(folder: Path, households: int = 60, seed: int = 11) -> DemoSet:
    ws = Workspace.open(folder / "demo.db")
    ws.init_profile(PROFILE)
    demo.load_demo(ws, households, seed=seed, today=TODAY)
    signed = ws.read(
        lambda db: [
            row[0]
            for row in db.conn.execute(
                "SELECT h.id FROM households h WHERE h.signed_on IS NOT NULL AND h._deleted = 0"
                " AND NOT EXISTS (SELECT 1 FROM house_tickets t WHERE t.household_id = h.id)"
                " AND NOT EXISTS (SELECT 1 FROM flats f WHERE f.household_id = h.id)"
                " ORDER BY h.address LIMIT 2"
            )
        ]
    )
    ticket_household, flat_household = signed[0], signed[1]
    ticket = tickets.issue_ticket(
        ws,
        ticket_household,
        number=TICKET,
        face_amount="1234567.89",
        issued_on=TODAY - dt.timedelta(days=30),
    )
    tickets.redeem(
        ws,
        ticket,
        "500000",
        used_on=TODAY - dt.timedelta(days=3),
        development="招商·太湖璀璨",
        contract_number="XS2026-8801",
    )
    district = ws.get("household", flat_household)["district"]
    flat = flats.add_flat(
        ws,
        {
            "district": district,
            "estate": ESTATE,
            "building": "99",
            "unit": "2",
            "floor": 3,
            "number": "9901",
            "area": 89.6,
            "layout": "三室两厅",
            "ready": True,
            "state": "free",
        },
    )
    flats.allocate(ws, flat, flat_household)
    photo = folder / "房屋正面照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    ws.attach(ticket_household, photo)
    return DemoSet(ws, folder / "demo.db", ticket_household, flat_household, ticket_household)


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8", "-layout"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(
        [*args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def flat_text(path: Path) -> str:
    """The text without white space (pdftotext spaces CJK runs unevenly)."""
    return re.sub(r"\s+", "", pdftotext(path))


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    match = re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE)
    assert match, out.stdout
    return int(match.group(1))


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return rows
