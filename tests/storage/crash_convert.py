"""Run by test_conversion_crash in a subprocess: opens (and so converts) a plaintext database;
prints "ready" just before."""

from __future__ import annotations

import sys
from pathlib import Path

from services.workspace import Workspace
from storage import keyring
from storage.kdf import Argon2Params

keyring.use_kdf_for_new_keys(Argon2Params(memory_kib=64, iterations=1, lanes=1))


def main(path: str) -> None:
    print("ready", flush=True)
    with Workspace.open(Path(path)):
        pass
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
