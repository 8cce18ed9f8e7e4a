"""Opening a database that needs long work first says so before doing it, rather than
hanging silently: the indexes a killed bulk load left dropped (6–10 s at 100 000
households) and a schema upgrade. The storage layer names the step by its catalogue code; the
command line prints the sentence on stderr, the window shows it in its opening progress."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import closing
from pathlib import Path

from cli.main import main
from domain.messages import MESSAGES
from services import demo
from services.workspace import Workspace
from storage import bulkload
from storage.store import open_raw
from tests.conftest import PROFILE

TODAY = dt.date(2026, 11, 26)


def _killed_load(path: Path) -> None:
    """A database as a bulk load killed between its first and its last batch leaves it."""
    with Workspace.open(path) as ws:
        ws.init_profile(PROFILE)
        demo.load_demo(ws, 20, seed=5, today=TODAY, helper=False)
        assert ws.write(lambda db: bulkload.defer_indexes(db.conn)) > 5


def _deferred(ws: Workspace) -> bool:
    return ws.read(lambda db: bulkload.indexes_deferred(db.conn))


def test_opening_after_a_killed_bulk_load_says_it_builds_the_indexes(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    _killed_load(path)
    steps: list[str] = []

    def step(code: str) -> None:
        # said before the work: the indexes are still to build when the person reads it (a
        # second connection sees the last committed state)
        with closing(open_raw(path)) as probe:
            steps.append(code)
            assert bulkload.indexes_deferred(probe)

    with Workspace.open(path, on_step=step) as ws:
        assert steps == ["db_finishing_bulk_load"]
        assert not _deferred(ws)
    with Workspace.open(path, on_step=steps.append):
        pass
    assert steps == ["db_finishing_bulk_load"]  # nothing to say the second time


def test_the_command_line_prints_the_sentence_before_it_builds_them(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    _killed_load(path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(path), "--lang", "en", "stats"], out=out, err=err) == 0
    sentence = MESSAGES["db_finishing_bulk_load"]["en"]
    assert sentence in err.getvalue()
    assert sentence not in out.getvalue()  # stdout stays clean for pipes
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(path), "--lang", "zh", "stats"], out=out, err=err) == 0
    assert err.getvalue() == ""


def test_a_step_that_cannot_be_said_does_not_stop_the_opening(tmp_path: Path) -> None:
    """Saying it is a courtesy: a closed stderr (or any failing listener) leaves the opening to
    do its work."""
    path = tmp_path / "killed.db"
    _killed_load(path)

    def closed(code: str) -> None:
        raise BrokenPipeError("stderr closed")

    with Workspace.open(path, on_step=closed) as ws:
        assert not _deferred(ws)
