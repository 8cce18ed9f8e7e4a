"""The program's version, read from pyproject.toml — its one source, shipped beside the code in
the packaged build too — so the About box, `--version`, PDFs and bundles all name the same build."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@cache
def version() -> str:
    with PYPROJECT.open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])
