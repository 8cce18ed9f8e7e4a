"""Screenshots of scoped sync (docs/img/screen-scope-*.png): the hub's device registry with each
laptop's scope and its list of late edits, and a scoped laptop's main window with its scope in
the status bar.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_scope.py --site hub --lang en
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots_scope.py --site laptop

Builds a district in a temporary folder (the hub with demo data, laptops for 旺庄街道 and 硕放街道,
scopes set, one round of bundles), then opens the chosen computer's window at 1366×768.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import shots

os.environ.setdefault("DOORSTEP_INSECURE_FAST_KDF", "1")


def build(base: Path, password: str) -> None:
    from domain.scope import Scope
    from services import demo
    from services.sync import Sync
    from services.workspace import Profile, Workspace

    stick = base / "KINGSTON"
    stick.mkdir()
    sites: dict[str, tuple[Workspace, Sync]] = {}
    for name, role, who, sub in (
        ("区征收办", "hub", "周主任", "区征收办"),
        ("旺庄-笔记本1", "laptop", "李明", "旺庄街道"),
        ("硕放-笔记本1", "laptop", "张磊", "硕放街道"),
    ):
        folder = base / name
        folder.mkdir()
        ws = Workspace.open(folder / shots.DB_NAME)
        ws.init_profile(Profile(who, "新吴区", sub, name, role))
        sync = Sync(ws)
        sync.init_device(password)
        sites[name] = (ws, sync)
    hub_ws, hub = sites["区征收办"]
    demo.load_demo(hub_ws, 60)
    for name in ("旺庄-笔记本1", "硕放-笔记本1"):
        request, _ = sites[name][1].export_enrolment(password, stick)
        hub.import_enrolment(password, request)
    hub.set_scope(password, "旺庄-笔记本1", Scope.area("新吴区", "旺庄街道"))
    hub.set_scope(password, "硕放-笔记本1", Scope.area("新吴区", "硕放街道"))
    reply, _ = hub.export_enrolment(password, stick)
    for name in ("旺庄-笔记本1", "硕放-笔记本1"):
        sites[name][1].import_enrolment(password, reply)
    for result in hub.export(password, stick):
        sites[result.recipients[0]][1].import_files(password, [result.path])
    for name in ("旺庄-笔记本1", "硕放-笔记本1"):
        (back,) = sites[name][1].export(password, stick)
        hub.import_files(password, [back.path])
    # A late edit: the hub moves a 旺庄 household to a 硕放 project while the 旺庄 laptop,
    # not yet told, records the head's new phone number; the hub keeps it and lists it.
    laptop_ws = sites["旺庄-笔记本1"][0]
    moved, target = hub_ws.read(
        lambda db: (
            db.conn.execute(
                "SELECT h.id FROM households h JOIN projects p ON p.id = h.project_id"
                " WHERE p.sub_district = '旺庄街道' AND h._deleted = 0 ORDER BY h.id LIMIT 1"
            ).fetchone()[0],
            db.conn.execute(
                "SELECT id FROM projects WHERE sub_district = '硕放街道' ORDER BY id LIMIT 1"
            ).fetchone()[0],
        )
    )
    hub_ws.update("household", moved, {"project_id": target})
    laptop_ws.update("household", moved, {"phone": "13912345678"})
    (back,) = sites["旺庄-笔记本1"][1].export(password, stick)
    hub.import_files(password, [back.path])
    for ws, _ in sites.values():
        ws.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=shots.OUT)
    parser.add_argument("--site", choices=("hub", "laptop"), default="hub")
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args()
    from ui import sync_page

    password = "screenshots 2026"
    base = Path(tempfile.mkdtemp(prefix="doorstep-scope-shots-"))
    build(base, password)
    folder = "区征收办" if args.site == "hub" else "旺庄-笔记本1"
    suffix = "" if args.lang == "zh" else f"-{args.lang}"
    screens = shots.Screens(base / folder, out=args.out, language=args.lang, suffix=suffix)
    sync_page.ask_password = lambda parent, *, new=False: password
    window = screens.main_window(1366, 768)
    screens.settle()
    if args.site == "hub":
        page = shots.show_page(window, "sync", sync_page.SyncPage)
        screens.settle(800)
        page.devices.scrollTo(page.devices.model().index(0, 0))
        screens.grab(window, "scope-hub")
        page.lower_tabs.setCurrentIndex(1)
        screens.settle(300)
        screens.grab(window, "scope-hub-late")
    else:
        window.show_page("households")
        screens.settle(800)
        screens.grab(window, "scope-laptop")
    screens.close(window)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
