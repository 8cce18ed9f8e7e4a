"""Run by test_password_crash in a subprocess: changes the password back and forth (A, B, A, …)
until killed, printing "ready" after the first change."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from services import security
from storage import keyring
from storage.kdf import Argon2Params

os.environ["DOORSTEP_INSECURE_FAST_KDF"] = "1"  # the device key file: cheap, like the test's
keyring.use_kdf_for_new_keys(Argon2Params(memory_kib=64, iterations=1, lanes=1))
PASSWORDS = ("第一个密码 aaaa", "第二个密码 bbbb")


def main(db: str) -> None:
    path = Path(db)
    turn = 0
    while True:
        old, new = PASSWORDS[turn % 2], PASSWORDS[(turn + 1) % 2]
        security.change_password(path, old, new)
        if turn == 0:
            print("ready", flush=True)
        turn += 1


if __name__ == "__main__":
    main(sys.argv[1])
