"""The layer rules of shared/design/architecture.md, checked on every import statement: arrows
point down only, Qt lives only in ui/, the database never appears in ui/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# package -> packages it may import (besides itself and the standard library / third parties)
ALLOWED = {
    "domain": set(),
    "storage": {"domain"},
    "sync": {"domain", "storage"},
    "reports": {"domain"},
    "services": {"domain", "storage", "sync", "reports"},
    "cli": {"domain", "services"},
    "ui": {"domain", "services"},
}
PROJECT_PACKAGES = set(ALLOWED) | {"tests", "bench", "main"}
QT = ("PySide6", "shiboken6")
DATABASE = ("sqlite3", "sqlite_utils")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations() -> list[str]:
    found = []
    for package, allowed in ALLOWED.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for name in _imports(path):
                top = name.split(".")[0]
                where = f"{path.relative_to(ROOT)} imports {name}"
                if top in QT and package != "ui":
                    found.append(f"{where}: Qt only in ui/")
                if top in DATABASE and package in ("ui", "cli", "reports", "domain"):
                    found.append(f"{where}: no database access in {package}/")
                if top in PROJECT_PACKAGES and top != package and top not in allowed:
                    found.append(f"{where}: {package}/ may not import {top}/")
    return found


def test_layers_point_down_only() -> None:
    assert _violations() == []


def test_the_checker_sees_a_wrong_arrow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6 import QtCore\nimport storage.db\n", encoding="utf-8")
    assert _imports(bad) == ["PySide6", "storage.db"]
