"""Closing a store closes every thread's reader, waits for reads in flight, and refuses any read
or write after it with one sentence (a GUI page's pool thread may read late)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from domain.errors import UserError
from services.workspace import Workspace

COUNT = "SELECT count(*) FROM sqlite_master"


def count_tables(ws: Workspace) -> int:
    return int(ws.read(lambda db: db.execute(COUNT).fetchone()[0]))


def test_close_closes_the_readers_of_other_threads(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "doorstep.db")
    with ThreadPoolExecutor(2) as pool:
        assert pool.submit(count_tables, ws).result() > 0
        assert count_tables(ws) > 0
        ws.close()
        # SQLite removes the WAL when its last connection closes: none is left open
        assert not (tmp_path / "doorstep.db-wal").exists()
        assert not (tmp_path / "doorstep.db-shm").exists()
        with pytest.raises(UserError) as late:
            pool.submit(count_tables, ws).result()
    assert late.value.code == "db_closed"
    assert str(late.value) == UserError("db_closed", path=str(tmp_path / "doorstep.db")).message(
        "zh"
    )


def test_reads_and_writes_after_close_are_refused_in_one_sentence(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "doorstep.db")
    ws.close()
    for late in (
        lambda: count_tables(ws),
        lambda: ws.write(lambda db: None),
        lambda: ws.store.compact(),
    ):
        with pytest.raises(UserError) as refused:
            late()
        assert refused.value.code == "db_closed"
        assert "\n" not in refused.value.message("en") and refused.value.message("en").endswith(".")
    ws.close()  # closing twice is harmless


def test_a_late_pool_thread_is_not_mistaken_for_the_closed_writer(tmp_path: Path) -> None:
    """The writer thread's id is free once it ends; a new thread may get it and must be told the
    store is closed, not that it is reading inside a write."""
    ws = Workspace.open(tmp_path / "doorstep.db")
    writer_id = ws.store._writer_thread
    ws.close()
    reused: list[BaseException] = []
    for _ in range(50):
        thread_id: list[int] = []

        def read(thread_id: list[int] = thread_id) -> None:
            thread_id.append(threading.get_ident())
            try:
                count_tables(ws)
            except BaseException as exc:
                reused.append(exc)

        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
        if thread_id[0] == writer_id:
            break
    assert reused and all(isinstance(e, UserError) for e in reused)


def test_close_waits_for_a_read_in_flight(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "doorstep.db")
    inside, release = threading.Event(), threading.Event()

    def slow(db: object) -> int:
        inside.set()
        release.wait(10)
        return int(db.execute(COUNT).fetchone()[0])  # type: ignore[attr-defined]

    with ThreadPoolExecutor(1) as pool:
        reading = pool.submit(ws.read, slow)
        assert inside.wait(10)
        closer = threading.Thread(target=ws.close)
        closer.start()
        closer.join(0.3)
        assert closer.is_alive()  # waiting for the read, not pulling its connection away
        release.set()
        assert reading.result(10) > 0
        closer.join(10)
        assert not closer.is_alive()
    assert not (tmp_path / "doorstep.db-wal").exists()
