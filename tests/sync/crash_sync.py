"""Run by test_sync_crash in a subprocess: one import or one export, to be killed with SIGKILL.

    python -m tests.sync.crash_sync import DB BUNDLE
    python -m tests.sync.crash_sync export DB FOLDER

Prints "ready" once the workspace is open and the keys unlocked, a line per progress report
("decrypt 65552", "apply 500", "write 131072"), and "done" when finished, so the test can kill it
at a chosen step. Ops are applied in batches of 500 here, so there are many steps inside the
import transaction to be killed at.
"""

from __future__ import annotations

import sys
from pathlib import Path

from services.sync import Sync
from services.workspace import Workspace
from sync import exchange
from tests.sync.sync_kit import PASSWORD


def report(stage: str, done: int, total: int) -> None:
    print(stage, done, flush=True)


def main(action: str, db: str, target: str) -> None:
    exchange.APPLY_BATCH = 500
    ws = Workspace.open(Path(db))
    sync = Sync(ws)
    sync.unlock(PASSWORD)
    print("ready", flush=True)
    if action == "import":
        (outcome,) = sync.import_files(
            PASSWORD,
            [Path(target)],
            progress=lambda i, n, stage, done, total: report(stage, done, total),
        )
        print(outcome.status, flush=True)
    else:
        sync.export(PASSWORD, Path(target), progress=report)
    print("done", flush=True)
    ws.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
