"""`demo` pauses the cyclic garbage collector in the loading process while it loads: every
batch is hundreds of thousands of acyclic tuples that reference counting frees, and the
collector walked them again and again (~1 200 collections, 0.5–1 s wall of a 20 000-household
load on shared cores). It runs again once the load ends, however it ends."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from domain.errors import UserError
from services import demo
from services.workspace import Workspace

TODAY = dt.date(2026, 11, 26)


def test_the_collector_is_paused_while_loading_and_runs_again_after(ws: Workspace) -> None:
    assert gc.isenabled()
    seen: list[bool] = []

    def progress(done: int, total: int) -> None:
        seen.append(gc.isenabled())

    summary = demo.load_demo(
        ws, 60, seed=5, today=TODAY, batch_ops=150, progress=progress, helper=False
    )
    assert summary.households == 60
    assert len(seen) > 2 and not any(seen[1:])  # every batch's progress: paused
    assert gc.isenabled()


def test_a_load_that_fails_lets_the_collector_run_again(ws: Workspace) -> None:
    def progress(done: int, total: int) -> None:
        if done:
            raise UserError("db_disk_full")

    with pytest.raises(UserError):
        demo.load_demo(ws, 60, seed=5, today=TODAY, batch_ops=150, progress=progress, helper=False)
    assert gc.isenabled()
