"""A prepared world for running documented commands and fuzzing the CLI: a caseworker's laptop
with the demo data set, enrolled with the district hub, and the records the README's examples
name (household 1a2b3c4d, visits 5e6f7a8b and 9f8e7d6c, flat f1a7c0de, ticket FP-0001); the hub with a second
laptop (旺庄-笔记本3) enrolled; a working folder holding the files the examples open (房屋外景.jpg,
区里下发的清单.xlsx, pass.txt holding the key password) and a stick folder (U盘/) with the
laptop's bundle for the hub.

Records the examples name are written through the one write path (Workspace.commit) with ids
chosen so that their last 8 hex digits — what people type — are the README's.

Layout of a world (copy the folder to get a fresh one):
    laptop/doorstep.db, laptop/doorstep-device.key   the caseworker's data directory
    hub/doorstep.db, hub/doorstep-device.key         the district office's
    blank/doorstep.db                                a profile, nothing else (for demo, device init)
    work/                                            the current directory of a documented command
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

from cli.main import main as cli_main
from services import overview, tickets
from services.workspace import Workspace
from storage.oplog import Draft
from sync.device import FAST_KDF_ENV

PASSWORD = "街道 2026 密码"
HOUSEHOLD_ID = "01a24a69-0000-7000-8000-00001a2b3c4d"
VISIT_ID = "01a24a69-0000-7000-8000-00005e6f7a8b"
OTHER_VISIT_ID = "01a24a69-0000-7000-8000-00009f8e7d6c"  # the one the README corrects and voids
FLAT_ID = "01a24a69-0000-7000-8000-0000f1a7c0de"
TICKET_NUMBER = "FP-0001"
PROJECT_CODE = "XW-2024-003"
VALID_ID = "320214194501010074"

LAPTOP_INIT = ["init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道",
               "--device-name", "旺庄-笔记本1"]  # fmt: skip
OTHER_INIT = [*LAPTOP_INIT[:-1], "旺庄-笔记本3"]
HUB_INIT = ["init", "--name", "周主任", "--district", "新吴区", "--sub-district", "区征收办",
            "--device-name", "区征收办", "--role", "hub"]  # fmt: skip


def cli(data_dir: Path, *args: str) -> tuple[int, str, str]:
    """The command line on the database of a data directory (as `./doorstep` finds it)."""
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(["--db", str(data_dir / "doorstep.db"), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def ok(data_dir: Path, *args: str) -> str:
    code, out, err = cli(data_dir, *args)
    assert code == 0, (args, err)
    return out


@contextmanager
def sync_environment() -> Iterator[None]:
    """The key password from the environment (as the README says) and the fast test KDF."""
    saved = {k: os.environ.get(k) for k in (FAST_KDF_ENV, "DOORSTEP_PASSWORD")}
    os.environ[FAST_KDF_ENV] = "1"
    os.environ["DOORSTEP_PASSWORD"] = PASSWORD
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_world(root: Path, *, households: int = 20) -> Path:
    """Build a world under `root` (about 4 s); bug logs, if any, stay inside it."""
    saved = os.environ.get("DOORSTEP_DATA_DIR")
    os.environ["DOORSTEP_DATA_DIR"] = str(root / "logs-home")
    try:
        return _build(root, households)
    finally:
        if saved is None:
            os.environ.pop("DOORSTEP_DATA_DIR", None)
        else:
            os.environ["DOORSTEP_DATA_DIR"] = saved


def _build(root: Path, households: int) -> Path:
    laptop, hub, other, blank = root / "laptop", root / "hub", root / "other", root / "blank"
    work = root / "work"
    for folder in (laptop, hub, other, blank, work, work / "U盘"):
        folder.mkdir(parents=True)
    ok(blank, *LAPTOP_INIT)
    ok(laptop, *LAPTOP_INIT)
    ok(laptop, "demo", "--households", str(households), "--seed", "7")
    with Workspace.open(laptop / "doorstep.db") as ws:
        _named_records(ws)
    ok(laptop, "export-xlsx", "households", "--out", str(work / "区里下发的清单.xlsx"))
    Image.new("RGB", (64, 48), (180, 120, 60)).save(work / "房屋外景.jpg", "JPEG")
    (work / "pass.txt").write_text(PASSWORD + "\n", encoding="utf-8")  # --password-file pass.txt
    # docs/security.md: this computer's password, and the new one `password change` sets
    (work / "密码.txt").write_text(PASSWORD + "\n", encoding="utf-8")
    (work / "新密码.txt").write_text("旺庄 笔记本 2027\n", encoding="utf-8")

    with sync_environment():
        ok(hub, *HUB_INIT)
        ok(other, *OTHER_INIT)
        for folder in (hub, laptop, other):
            ok(folder, "device", "init")
        for folder in (laptop, other):
            _enrol(folder, hub, root / "enrol")
        ok(laptop, "export-bundle", "--out", str(work / "U盘"))
    shutil.rmtree(other)
    shutil.rmtree(root / "enrol")
    return root


def _enrol(laptop: Path, hub: Path, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    request = json.loads(ok(laptop, "--json", "enrol", "export", "--out", str(folder)))
    ok(hub, "enrol", "import", request["file"], "--fingerprint", request["fingerprint"])
    reply = json.loads(ok(hub, "--json", "enrol", "export", "--out", str(folder)))
    ok(laptop, "enrol", "import", reply["file"], "--fingerprint", reply["fingerprint"])


def _named_records(ws: Workspace) -> None:
    """The household, visit, flat and ticket the README's examples name."""
    project_id = ws.resolve_id("project", _project_id(ws))
    household = ws.validate(
        "household",
        {
            "project_id": project_id, "head_name": "章金伟", "head_id_number": VALID_ID,
            "phone": "13812345678", "district": "新吴区", "sub_district": "旺庄街道",
            "address": "旺庄街道春潮新村3栋2单元501室", "building": "3", "unit": "2",
            "room": "501", "state": "surveying", "caseworker": "李明",
            "registered_area": 80, "measured_area": 87.03, "assessed_price": 12500,
            "decoration_grade": "medium", "approved_use": "住宅",
        },
        partial=False,
    )  # fmt: skip
    ws.commit([_create("household", HOUSEHOLD_ID, household)])
    visit = ws.validate(
        "visit",
        {"household_id": HOUSEHOLD_ID, "visited_on": dt.date.today().isoformat(),
         "caseworkers": "李明", "explained": "补偿方案", "attitude": "观望"},
        partial=False,
    )  # fmt: skip
    flat = ws.validate(
        "flat",
        {"estate": "华庄佳苑", "building": "8", "number": "602", "area": 96.2,
         "layout": "三室一厅", "district": "新吴区", "state": "free"},
        partial=False,
    )  # fmt: skip
    ws.commit(
        [
            _create("visit", VISIT_ID, visit),
            _create("visit", OTHER_VISIT_ID, visit | {"explained": "房票政策"}),
            _create("flat", FLAT_ID, flat),
        ]
    )
    tickets.issue_ticket(ws, HOUSEHOLD_ID, number=TICKET_NUMBER, face_amount=1_500_000)


def _create(entity: str, record_id: str, values: dict[str, object]) -> Draft:
    return Draft(
        "create", entity, record_id, None, {k: v for k, v in values.items() if v is not None}
    )


def _project_id(ws: Workspace) -> str:
    (found,) = overview.project_ids_by_code(ws, PROJECT_CODE)
    return found


def copy_world(world: Path, target: Path) -> Path:
    shutil.copytree(world, target)
    return target
