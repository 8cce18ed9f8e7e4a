"""Screenshots of the sync and conflicts pages (docs/img/screen-sync.png, screen-conflicts.png).

    xvfb-run -a -s "-screen 0 1440x960x24" .venv/bin/python scripts/screenshots_sync.py

Builds a district in a temporary folder — the hub with demo data, two enrolled laptops — makes
edits on both sides (two fields changed on two computers, a household deleted on one and edited
on the other), carries the bundles, then opens the hub's main window, imports the laptops'
bundles through the sync page and grabs the sync page and the conflicts page.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import shots

os.environ.setdefault("DOORSTEP_INSECURE_FAST_KDF", "1")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=shots.OUT)
    args = parser.parse_args()

    from services import demo
    from services.sync import Sync
    from services.workspace import Profile, Workspace
    from ui import sync_page

    password = "screenshots 2026"
    base = Path(tempfile.mkdtemp(prefix="doorstep-sync-shots-"))
    stick = base / "KINGSTON"
    stick.mkdir()

    def site(name: str, role: str, who: str) -> tuple[Workspace, Sync]:
        folder = base / name
        folder.mkdir()
        ws = Workspace.open(folder / shots.DB_NAME)
        ws.init_profile(Profile(who, "新吴区", "旺庄街道", name, role))
        sync = Sync(ws)
        sync.init_device(password)
        return ws, sync

    hub_ws, hub = site("区征收办", "hub", "周主任")
    demo.load_demo(hub_ws, 40)
    laptops = [site("旺庄-笔记本1", "laptop", "李明"), site("旺庄-笔记本2", "laptop", "赵丽")]
    for _, laptop in laptops:
        request, _ = laptop.export_enrolment(password, stick)
        hub.import_enrolment(password, request)
    reply, _ = hub.export_enrolment(password, stick)
    for _, laptop in laptops:
        laptop.import_enrolment(password, reply)
    for result in hub.export(password, stick):
        target = next(
            s for w, s in laptops if w.require_profile().device_name == result.recipients[0]
        )
        target.import_files(password, [result.path])

    ids = hub_ws.read(
        lambda db: [r[0] for r in db.conn.execute("SELECT id FROM households ORDER BY id LIMIT 3")]
    )
    (a_ws, _), (b_ws, _) = laptops
    hub_ws.update("household", ids[0], {"phone": "13905101234"})
    a_ws.update("household", ids[0], {"phone": "13812348888"})
    a_ws.update("household", ids[1], {"notes": "户主要求先看安置房源再谈"})
    b_ws.update("household", ids[1], {"notes": "户主同意按评估价签约"})
    b_ws.delete("household", ids[2])
    a_ws.update("household", ids[2], {"notes": "户主已同意下周签约，请勿删除"})
    bundles = [s.export(password, stick)[0].path for _, s in laptops]
    for p in stick.glob("*.dsbundle"):
        if p not in bundles:
            p.unlink()
    for ws, _ in laptops:
        ws.close()
    hub_ws.close()

    screens = shots.Screens(base / "区征收办", out=args.out)
    settle, grab = screens.settle, screens.grab
    sync_page.ask_password = lambda parent, *, new=False: password
    sync_page.removable_drives = lambda: [("KINGSTON (/media/usb0)", stick)]

    window = screens.main_window(1360, 860)
    settle()
    page = shots.show_page(window, "sync", sync_page.SyncPage)
    settle()
    page.import_files([*sorted(bundles), bundles[0]])
    settle(800)
    page.refresh_drives()
    grab(window, "sync")
    window.show_page("conflicts")
    settle(800)
    grab(window, "conflicts")
    screens.close(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
