"""What the benchmark ran on: cores, CPU model, memory, Python and SQLite versions."""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    return "unknown"


def describe() -> dict[str, str]:
    return {
        "nproc": str(os.cpu_count() or "?"),
        "cpu": _cpu_model(),
        "ram": _memory_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
