"""Ctrl-C (a real SIGINT to a real process) at moments spread over a command's run: one sentence
or the finished result, never a traceback, and an import is whole or absent (session 8, edges).

The moments are fractions of the same command's own uninterrupted run on this machine, so a slow
machine moves them with it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from storage.store import open_raw
from sync.device import FAST_KDF_ENV
from tests.prepared import PASSWORD, build_world

ROOT = Path(__file__).resolve().parents[2]
FRACTIONS = (0.1, 0.3, 0.5, 0.7, 0.9)
IMPORT_FRACTIONS = (0.3, 0.6, 0.9)  # each one an import and a second import: kept few
EARLY = "已中断，还没有开始做任何事。"
IMPORT = "已中断。每个同步包要么已完整导入、要么完全没有导入"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 400 households: a bundle of ~4 000 ops whose import takes long enough to be interrupted
    return build_world(tmp_path_factory.mktemp("world") / "w", households=400)


def environment(data_dir: Path) -> dict[str, str]:
    return dict(
        os.environ,
        DOORSTEP_DATA_DIR=str(data_dir),
        DOORSTEP_PASSWORD=PASSWORD,
        **{FAST_KDF_ENV: "1"},
    )


def start(args: list[str], data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def timed(args: list[str], data_dir: Path) -> float:
    began = time.monotonic()
    proc = start(args, data_dir)
    _out, err = proc.communicate()
    assert proc.returncode == 0, err
    return time.monotonic() - began


def interrupted(args: list[str], data_dir: Path, after: float) -> tuple[int, str]:
    proc = start(args, data_dir)
    time.sleep(after)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate()
    return proc.returncode, err


def households(db: Path) -> int:
    with closing(open_raw(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM households").fetchone()[0])


def test_ctrl_c_while_the_command_line_starts_is_one_sentence(world: Path, tmp_path: Path) -> None:
    """Before: a KeyboardInterrupt traceback from inside the imports (main.py had nothing to
    catch it with yet)."""
    laptop = tmp_path / "laptop"
    shutil.copytree(world / "laptop", laptop)
    whole = timed(["stats"], laptop)
    outcomes = []
    for fraction in FRACTIONS:
        code, err = interrupted(["stats"], laptop, whole * fraction)
        assert "Traceback" not in err, err
        assert code in (0, 130, -signal.SIGINT), (code, err)
        if code == 130:  # the sentence in both languages (no --lang read yet), or the CLI's own
            assert EARLY in err or "已中断；已完成的部分已保存。" in err, err
        outcomes.append(code)
    assert 130 in outcomes, outcomes  # some interrupt landed while the program ran


def test_ctrl_c_mid_import_leaves_the_bundle_whole_or_absent(world: Path, tmp_path: Path) -> None:
    (bundle,) = (world / "work" / "U盘").iterdir()
    first = tmp_path / "first"
    shutil.copytree(world / "hub", first)
    before = households(first / "doorstep.db")
    whole = timed(["import-bundle", str(bundle)], first)
    after = households(first / "doorstep.db")
    assert after > before
    outcomes = []
    for index, fraction in enumerate(IMPORT_FRACTIONS):
        hub = tmp_path / f"hub{index}"
        shutil.copytree(world / "hub", hub)
        code, err = interrupted(["import-bundle", str(bundle)], hub, whole * fraction)
        assert "Traceback" not in err, err
        assert code in (0, 130, -signal.SIGINT), (code, err)
        count = households(hub / "doorstep.db")
        assert count in (before, after), (fraction, count)
        if code == 130 and count == after:
            assert err.strip().splitlines()[-1].startswith(IMPORT), err
        leftovers = list((hub / "tmp").iterdir()) if (hub / "tmp").exists() else []
        assert leftovers == [], leftovers  # no decrypted payload left behind
        # Imported again: finished now, or recognised as already imported.
        proc = start(["--json", "import-bundle", str(bundle)], hub)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        assert json.loads(out)["bundles"][0]["status"] in ("imported", "already_imported")
        assert households(hub / "doorstep.db") == after
        outcomes.append((code, count))
    assert any(code == 130 for code, _count in outcomes), outcomes


def test_a_bundle_cut_at_every_4_kib_boundary_is_refused_whole(world: Path, tmp_path: Path) -> None:
    """A copy cut short where a USB stick's blocks end (every 4 KiB, and one byte short): one
    sentence ("incomplete"), and the hub's database stays byte-identical."""
    from services.sync import Sync
    from services.workspace import Workspace
    from tests.sync.sync_kit import file_set_digest

    (bundle,) = (world / "work" / "U盘").iterdir()
    data = bundle.read_bytes()
    assert len(data) > 16 * 4096  # several chunks
    hub = tmp_path / "hub"
    shutil.copytree(world / "hub", hub)
    db = hub / "doorstep.db"
    before = file_set_digest(db)
    cut = tmp_path / "cut.dsbundle"
    lengths = [*range(0, len(data), 4096), len(data) - 1]
    with Workspace.open(db, password=PASSWORD) as ws:
        sync = Sync(ws)
        for length in lengths:
            cut.write_bytes(data[:length])
            (outcome,) = sync.import_files(PASSWORD, [cut])
            assert outcome.status == "refused", (length, outcome)
            assert outcome.error is not None and outcome.error.code == "bundle_incomplete", length
    assert file_set_digest(db) == before
    assert households(db) == households(world / "hub" / "doorstep.db")


def test_ctrl_c_wrapped_by_python_on_its_way_out_is_still_ctrl_c() -> None:
    """Found by the test above (a 1-in-many moment): a SIGINT landing while an import makes a
    dataclass surfaces as "RuntimeError: Error calling __set_name__", which was logged as a bug
    (exit 1). Here Python wraps a KeyboardInterrupt raised in a real __set_name__."""
    from cli.main import _caused_by_interrupt

    class Interrupting:
        def __set_name__(self, owner: type, name: str) -> None:
            raise KeyboardInterrupt

    with pytest.raises(RuntimeError) as caught:

        class Holder:  # the class statement itself raises
            field = Interrupting()

    assert _caused_by_interrupt(caught.value)
    assert not _caused_by_interrupt(RuntimeError("a bug"))
