"""Run a small script in a fresh interpreter and read the module names it prints (the start-up
import tests of the command line and the window)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def printed_names(script: str, *args: str, **env: str) -> set[str]:
    """The space-separated names `script` prints, run with ARGS from the project root."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=dict(os.environ, **env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(result.stdout.split())
