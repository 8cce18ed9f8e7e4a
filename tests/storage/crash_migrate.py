"""Run by test_opstore in a subprocess: opens a schema-v6 database (which runs migration 7) and
is killed somewhere along the way."""

from __future__ import annotations

import sys
from pathlib import Path

from storage.store import Store


def main(path: str) -> None:
    print("ready", flush=True)
    with Store(Path(path)):
        pass
    print("migrated", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
