"""Where Doorstep keeps its files on this computer: the data directory, the default database and
the log directory.

The data directory comes from platformdirs (for example ~/.local/share/Doorstep on Linux,
%LOCALAPPDATA%\\Doorstep on Windows). DOORSTEP_DATA_DIR overrides it, so tests, a portable USB
install or a second profile on one machine never touch the real one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
from platformdirs.api import PlatformDirsABC
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

APP_NAME = "Doorstep"
DATA_DIR_ENV = "DOORSTEP_DATA_DIR"
DATABASE_NAME = "doorstep.db"


def data_dir(platform: str = sys.platform) -> Path:
    override = os.environ.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(_platform_dirs(platform).user_data_dir)


def _platform_dirs(platform: str) -> PlatformDirsABC:
    """platformdirs' rules for `platform` (a sys.platform value), so each OS's answer can be
    checked on any machine. appauthor=False: no vendor folder above Doorstep on Windows."""
    if platform == sys.platform:
        return platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    kind = Windows if platform == "win32" else MacOS if platform == "darwin" else Unix
    return kind(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / DATABASE_NAME


def log_dir() -> Path:
    """Tracebacks of bugs go here; the directory is made on first use."""
    return data_dir() / "logs"


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
