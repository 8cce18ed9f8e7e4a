"""Run by test_crash_safety in a subprocess: edits records as fast as it can until killed."""

from __future__ import annotations

import sys
from pathlib import Path

from services import households, visits
from services.workspace import Profile, Workspace


def main(path: str) -> None:
    ws = Workspace.open(Path(path))
    if ws.profile() is None:
        ws.init_profile(Profile("李明", "新吴区", "旺庄街道", "笔记本1"))
    project_id = ws.create(
        "project", {"code": "P", "name": "项目", "district": "新吴区", "sub_district": "旺庄街道"}
    )
    n = 0
    while True:
        n += 1
        if n == 2:
            # After one whole round: the first write pays for imports and the finder's setup,
            # which on a busy machine can outlast the test's kill delay.
            print("ready", flush=True)
        household_id = households.create_household(
            ws,
            {"project_id": project_id, "address": f"{n}号", "head_name": "张三"},
            members=[{"name": "李四"}, {"name": "王五"}],
        )
        ws.update("household", household_id, {"notes": f"第{n}次"})
        visits.add_visit(ws, household_id, {"explained": "补偿方案", "attitude": "观望"})


if __name__ == "__main__":
    main(sys.argv[1])
