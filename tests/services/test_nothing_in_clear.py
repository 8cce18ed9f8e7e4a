"""The proof of encryption at rest: after demo data, an attachment, a draft, temp files, a logged
bug and a sync round (laptop -> hub -> laptop), no file the app wrote - databases, WAL and SHM,
key files, attachments, backups, drafts, temp files, logs, bundles on the stick - contains a known
head's name, ID number or phone, in UTF-8 or GBK, nor a plaintext PDF showing one (a PDF's text
is compressed and set in subset fonts, so each PDF found is read with pdftotext). The previews of
the documents page and the estimate tab are checked in tests/ui/test_previews_private.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cli.main import _log_bug
from services import demo, documents
from services.drafts import Drafts
from services.private_files import PrivateFiles
from tests.sync.sync_kit import PASSWORD, District, make_district


def needles(ws_site: District) -> tuple[str, list[bytes]]:
    laptop = ws_site.laptops[0]
    row = laptop.ws.read(
        lambda db: db.conn.execute(
            "SELECT id, head_name, head_id_number, phone FROM households"
            " WHERE head_id_number IS NOT NULL AND phone IS NOT NULL"
            " AND length(head_name) >= 2 ORDER BY id LIMIT 1"
        ).fetchone()
    )
    household_id, name, id_number, phone = row
    found = [name.encode("utf-8"), name.encode("gbk"), id_number.encode(), phone.encode()]
    return household_id, found


def pdf_text(data: bytes) -> bytes:
    """The text a PDF shows, white space removed (poppler spaces CJK runs unevenly)."""
    assert shutil.which("pdftotext"), "poppler-utils (./run-tests installs it)"
    shown = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=False
    ).stdout
    return re.sub(rb"\s+", b"", shown)


def scan(root: Path, found: list[bytes], skip: Path | None = None) -> list[str]:
    """Every file under `root` (but `skip`, the person's own files) holding a needle, as bytes
    or, for a PDF, in the text it shows."""
    hits = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or (skip is not None and skip in path.parents):
            continue
        data = path.read_bytes()
        hits += [f"{path.relative_to(root)}: {n!r}" for n in found if n in data]
        if b"%PDF-" in data[:1024]:
            shown = pdf_text(data)
            hits += [f"{path.relative_to(root)} (PDF text): {n!r}" for n in found if n in shown]
    return hits


def test_no_file_the_app_writes_holds_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOORSTEP_DATA_DIR", str(tmp_path / "区征收办"))  # where logs go
    (tmp_path / "temp").mkdir()  # the system's temp folder, scanned too
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "temp"))
    district = make_district(tmp_path / "sites", laptops=1)
    try:
        hub, laptop = district.hub, district.laptops[0]
        demo.load_demo(laptop.ws, 30, seed=3)
        household_id, found = needles(district)
        outside = tmp_path / "用户的文件"
        outside.mkdir()
        note = outside / "入户笔录.txt"
        note.write_bytes(b"\n".join(found) * 50)
        laptop.ws.attach(household_id, note)
        drafts = Drafts.of(laptop.ws, laptop.root / "drafts")
        drafts.save("visit", household_id, found[0].decode(), {"concerns": found[2].decode()})
        temp = PrivateFiles.of(laptop.ws)
        preview = temp.write(b"%PDF " + b" ".join(found), suffix=".pdf")
        assert temp.read(preview).startswith(b"%PDF")
        # a document previewed with numbers in full: in memory only
        spec = documents.DocumentSpec("household", household_id=household_id, full_ids=True)
        shown = documents.preview(laptop.ws, spec)
        assert shown.content is not None and found[2] in pdf_text(shown.content)
        with note.open("rb") as source:
            opened = temp.open_copy("笔录.txt", source)  # for another program: plaintext
        try:  # a bug while handling a command that carried personal data
            raise ValueError(f"bad id {found[2].decode()} of {found[0].decode()}")
        except ValueError:
            _log_bug(
                ["household", "add", "--id-number", found[2].decode(), "户主=" + found[0].decode()]
            )
        # a sync round: the laptop's bundle to the hub, the hub's back
        (bundle,) = laptop.export()
        (outcome,) = hub.sync.import_files(PASSWORD, [bundle])
        assert outcome.status == "imported", outcome
        for result in hub.sync.export(PASSWORD, hub.inbox):
            laptop.sync.import_files(PASSWORD, [result.path])
        assert hub.ws.attachments(household_id)  # the attachment travelled
        # while everything is open (WAL and SHM present), only the open copy holds plaintext
        hits = scan(tmp_path, found, skip=outside)
        assert hits and all(opened.name in h for h in hits), hits
        temp.clean()  # as at close, lock and start
    finally:
        district.close()
    assert scan(tmp_path, found, skip=outside) == []
    assert (tmp_path / "区征收办" / "logs").is_dir()  # the bug was logged, without the data
