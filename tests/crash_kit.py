"""kill -9 at a random moment, as a power cut or a killed process would: the crash tests start a
helper module that says "ready" once its set-up is done, let it work for a while, and kill it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kill_when_ready(module: str, *args: str, after: float) -> None:
    """Run `python -m module args…` from the repository, wait for its "ready" line, let it work
    `after` seconds, then kill -9 it and reap it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"ready"
    time.sleep(after)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
