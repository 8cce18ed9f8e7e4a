"""Every file of the application's Python is in what `mypy` (as ./run-tests runs it) checks:
a new package or script folder that nobody added to pyproject's [tool.mypy] files fails here
rather than going unchecked. The folders left out are named with the reason."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NOT_CHECKED = {
    "tests": "the tests are not annotated throughout yet (115 mypy errors in December 2026)",
    "bench": "benchmarks, run by hand; 17 mypy errors left in December 2026",
}


def _mypy_files() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["mypy"]["files"])


def _python_sources() -> set[str]:
    """The top-level .py files and the top-level folders holding .py files, of the files git
    tracks (a build's dist/ or a virtual environment is not the project's code)."""
    tracked = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return {path.split("/")[0] for path in tracked}


def test_mypy_checks_all_application_code() -> None:
    assert _python_sources() - set(NOT_CHECKED) == _mypy_files()


def test_mypy_is_strict_everywhere() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    # mypy applies a `strict` set in an override to every module, so one there would mislead
    assert not [o for o in config.get("overrides", []) if "strict" in o]


def test_the_finder_sees_every_package() -> None:
    assert {"ui", "scripts", "main.py", "tests", "bench", "domain"} <= _python_sources()
