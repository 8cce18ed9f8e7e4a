"""Autosaved drafts: services/drafts.py (sealed files). This name stays for the forms that
import it; `Drafts(folder)` uses the key of the workspace the app has open."""

from __future__ import annotations

from pathlib import Path

from services import drafts as sealed_drafts
from services.drafts import Draft
from services.workspace import Workspace

__all__ = ["Draft", "Drafts", "use_workspace"]

_key: bytes | None = None


def use_workspace(ws: Workspace) -> None:
    """Called by AppContext: drafts are sealed under this workspace's key."""
    global _key
    _key = sealed_drafts.drafts_key(ws)


class Drafts(sealed_drafts.Drafts):
    def __init__(self, folder: Path, key: bytes | None = None) -> None:
        key = key if key is not None else _key
        if key is None:
            raise RuntimeError("no workspace is open: drafts have no key")
        super().__init__(folder, key)
