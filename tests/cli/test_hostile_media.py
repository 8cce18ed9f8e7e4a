"""The hostile path across the command line's files (session 8, edges): a full disk, a
write-protected stick or data directory, and file names in GBK bytes. Each case is one sentence
and exit 2 (or the right result), never a traceback — and a refusal changes nothing.

A full disk is a small tmpfs filled to the last page (root mounts it; the machine's own disks
are never filled); read-only media are a read-only bind mount (tests/cli/test_hostile_input)."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from cli.main import main as cli_main
from storage.store import open_raw
from tests.cli.test_hostile_input import read_only
from tests.prepared import HOUSEHOLD_ID, build_world, copy_world, sync_environment

ROOT = Path(__file__).resolve().parents[2]
SHORT = HOUSEHOLD_ID[-8:]
GBK_NAME = os.fsdecode("张三".encode("gbk"))  # what Python hands over for a GBK-named file

# An "Exception ignored" traceback (openpyxl's half-closed writers) printed after the sentence
# is a failure too.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(tmp_path_factory.mktemp("world") / "w")


@pytest.fixture
def here(world: Path, tmp_path: Path) -> Path:
    return copy_world(world, tmp_path / "w")


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with sync_environment():
        code = cli_main(["--db", str(db), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def refused(db: Path, *args: str) -> str:
    """The one sentence of a refusal (exit 2, one line, no traceback)."""
    code, _out, err = cli(db, *args)
    assert code == 2, (args, code, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes. Aside: logs/ (a bug report would be there),
    SQLite's -shm index and an empty -wal, which hold no data (a failed open may leave them)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and "logs" not in p.parts
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and p.stat().st_size == 0)
    }


def ops_count(db: Path) -> int:
    with closing(open_raw(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM ops").fetchone()[0])


# --- a full disk ------------------------------------------------------------------------------


@contextmanager
def small_disk(tmp_path: Path, size: str = "4m") -> Iterator[Path]:
    """A file system of `size` bytes of its own."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def fill(disk: Path, leave: int = 0) -> None:
    """Fill `disk` to its last byte, then give `leave` bytes back."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    os.truncate(filler, max(0, filler.stat().st_size - leave))


@pytest.mark.parametrize("leave", [0, 8 * 1024])
def test_a_database_on_a_full_disk_is_refused_in_one_sentence(
    here: Path, tmp_path: Path, leave: int
) -> None:
    """Before: opening failed on the -shm file SQLite could not create ("disk I/O error"): a
    bug report, exit 1."""
    with small_disk(tmp_path) as disk:
        shutil.copytree(here / "laptop", disk / "laptop", ignore=shutil.ignore_patterns("logs"))
        db = disk / "laptop" / "doorstep.db"
        fill(disk, leave)
        before = snapshot(disk / "laptop")
        assert "磁盘" in refused(db, "stats")
        assert "磁盘" in refused(db, "household", "set", SHORT, "态度=同意")
        assert "disk" in refused(db, "--lang", "en", "household", "find", "章")
        assert snapshot(disk / "laptop") == before


@pytest.mark.parametrize("leave", [0, 16 * 1024, 48 * 1024, 160 * 1024, 400 * 1024])
def test_init_on_a_full_disk_is_one_sentence_and_leaves_nothing(tmp_path: Path, leave: int) -> None:
    """Before: "cannot rollback - no transaction is active" (exit 1) with some room left."""
    with small_disk(tmp_path) as disk:
        fill(disk, leave)
        db = disk / "new" / "doorstep.db"
        code, _out, err = cli(
            db, "init", "--name", "李明", "--district", "新吴区", "--sub-district", "旺庄街道",
            "--device-name", "旺庄-笔记本1",
        )  # fmt: skip
        if code == 0:  # enough room after all: a whole, working database
            assert cli(db, "stats")[0] == 0
            return
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert "磁盘" in err
        assert not db.exists() and not (db.parent / "doorstep-db.key").exists()
        assert sorted(p.name for p in db.parent.iterdir()) == [] if db.parent.exists() else True


def a_policy(here: Path) -> str:
    code, out, err = cli(here / "laptop" / "doorstep.db", "--json", "policy", "list")
    assert code == 0, err
    return str(json.loads(out)["policies"][0]["short_id"])


@pytest.mark.parametrize("kind", ["households", "policy"])
def test_an_excel_file_onto_a_full_disk_prints_one_sentence(
    here: Path, tmp_path: Path, kind: str
) -> None:
    """In its own process, where openpyxl's half-closed writers printed "Exception ignored"
    tracebacks and the bare OSError after the sentence (the household list, a policy)."""
    policy = a_policy(here)
    with small_disk(tmp_path, "64k") as disk:
        fill(disk)
        out = str(disk / "h.xlsx")
        args = ["export-xlsx", "households", "--out", out]
        if kind == "policy":
            args = ["policy", "export", policy, "--out", out]
        env = dict(os.environ, DOORSTEP_DATA_DIR=str(here / "laptop"))
        proc = subprocess.run(
            [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip().splitlines() == [proc.stderr.strip()], proc.stderr
        assert "磁盘已满" in proc.stderr
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_a_policy_as_json_onto_a_full_disk_says_the_disk_is_full(
    here: Path, tmp_path: Path
) -> None:
    """Before: "check the folder exists and the file is not open in another program"."""
    policy = a_policy(here)
    with small_disk(tmp_path, "64k") as disk:
        fill(disk)
        line = refused(
            here / "laptop" / "doorstep.db",
            "policy",
            "export",
            policy,
            "--out",
            str(disk / "p.json"),
        )
        assert "磁盘已满" in line and "p.json" in line, line
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_a_document_onto_a_full_disk_names_the_file_asked_for(here: Path, tmp_path: Path) -> None:
    """Before: the sentence named the hidden temporary file (".h.1d4144f2.part.pdf")."""
    db = here / "laptop" / "doorstep.db"
    with small_disk(tmp_path, "64k") as disk:
        fill(disk)
        line = refused(db, "report", "household", SHORT, "--out", str(disk / "h.pdf"))
        assert "h.pdf" in line and ".part" not in line, line
        line = refused(db, "report", "visit", "--blank", "--out", str(disk / "空白.pdf"))
        assert "空白.pdf" in line and ".part" not in line, line
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_a_bundle_with_no_room_to_unpack_says_so_and_changes_nothing(
    here: Path, tmp_path: Path
) -> None:
    """Before: "the bundle was not finished" — a sentence about writing one."""
    (bundle,) = (here / "work" / "U盘").iterdir()
    with small_disk(tmp_path) as disk:
        shutil.copytree(here / "hub", disk / "hub")
        db = disk / "hub" / "doorstep.db"
        count = ops_count(db)
        fill(disk, 64 * 1024)  # room to open the database, none to unpack the bundle
        line = refused(db, "import-bundle", str(bundle))
        assert "导入" in line and "没有写完" not in line, line
        english = refused(db, "--lang", "en", "import-bundle", str(bundle))
        assert "not imported" in english, english
        assert ops_count(db) == count


# --- write-protected media --------------------------------------------------------------------


def test_files_onto_a_write_protected_stick_are_one_sentence(here: Path, tmp_path: Path) -> None:
    """Before: a bug report (exit 1) for documents, Excel, enrolment and registry files — the
    clean-up of the temporary file raised EROFS itself."""
    laptop, hub = here / "laptop" / "doorstep.db", here / "hub" / "doorstep.db"
    policy = a_policy(here)
    stick = tmp_path / "stick"
    stick.mkdir()
    with read_only(stick) as mounted:
        for db, args in [
            (laptop, ["export-xlsx", "households", "--out", str(mounted / "h.xlsx")]),
            (laptop, ["report", "household", SHORT, "--out", str(mounted / "h.pdf")]),
            (laptop, ["report", "household", SHORT, "--out", str(mounted)]),
            (laptop, ["report", "visit", "--blank", "--out", str(mounted / "b.pdf")]),
            (laptop, ["enrol", "export", "--out", str(mounted)]),
            (hub, ["registry", "export", "--out", str(mounted / "r.json")]),
            (laptop, ["export-bundle", "--out", str(mounted)]),
            (laptop, ["policy", "export", policy, "--out", str(mounted / "p.json")]),
            (laptop, ["policy", "export", policy, "--out", str(mounted / "p.xlsx")]),
            (laptop, ["report", "estimate", SHORT, "--out", str(mounted / "e.pdf")]),
            (laptop, ["report", "weekly", "--out", str(mounted / "w.pdf")]),
            (laptop, ["report", "requests", "--out", str(mounted / "r.pdf")]),
            (laptop, ["export-xlsx", "weekly", "--out", str(mounted / "w.xlsx")]),
        ]:
            line = refused(db, *args)
            assert "写保护" in line or "只读" in line, (args, line)
        assert list(mounted.iterdir()) == []


def test_a_read_only_data_directory_refuses_writes_in_one_sentence(
    here: Path, tmp_path: Path
) -> None:
    """Before: import-bundle and attach were bug reports, export-bundle blamed the stick."""
    (bundle,) = (here / "work" / "U盘").iterdir()
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(here)
    with read_only(here / "hub") as hub, read_only(here / "laptop") as laptop:
        line = refused(hub / "doorstep.db", "import-bundle", str(bundle))
        assert "只读" in line, line
        line = refused(laptop / "doorstep.db", "attach", SHORT, str(here / "work" / "房屋外景.jpg"))
        assert "只读" in line, line
        line = refused(laptop / "doorstep.db", "export-bundle", "--out", str(out))
        assert "只读" in line and line.startswith("数据库"), line  # the database, not the stick
        new = out / "new.txt"
        new.write_text("旺庄 笔记本 2027\n", encoding="utf-8")
        line = refused(
            laptop / "doorstep.db", "password", "change", "--new-password-file", str(new)
        )
        assert "只读" in line and line.startswith("数据库"), line  # not "doorstep-device.key.new"
        new.unlink()
    assert snapshot(here) == before
    assert list(out.iterdir()) == []


def test_init_on_write_protected_media_is_one_sentence(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    with read_only(stick) as mounted:
        line = refused(
            mounted / "doorstep.db", "init", "--name", "李明", "--district", "新吴区",
            "--sub-district", "旺庄街道", "--device-name", "旺庄-笔记本1",
        )  # fmt: skip
        assert "只读" in line or "写保护" in line, line
        assert list(mounted.iterdir()) == []


# --- file names in GBK bytes ------------------------------------------------------------------


def gbk_copy(source: Path, suffix: str) -> Path:
    target = source.with_name(GBK_NAME + suffix)
    shutil.copy(source, target)
    return target


def test_a_bundle_named_in_gbk_bytes_imports(here: Path) -> None:
    """Before: the import record could not hold the name (UnicodeEncodeError, exit 1)."""
    (bundle,) = (here / "work" / "U盘").iterdir()
    hub = here / "hub" / "doorstep.db"
    count = ops_count(hub)
    code, _out, err = cli(hub, "--json", "import-bundle", str(gbk_copy(bundle, ".dsbundle")))
    assert code == 0, err
    assert ops_count(hub) > count
    with closing(open_raw(hub)) as conn:
        names = [r[0] for r in conn.execute("SELECT file_name FROM sync_imported")]
    assert "张三.dsbundle" in names, names


def test_a_document_saved_under_a_gbk_name(here: Path) -> None:
    """Before: the export event could not hold the file's name (exit 1, and no document)."""
    laptop = here / "laptop" / "doorstep.db"
    target = here / "work" / (GBK_NAME + ".pdf")
    code, _out, err = cli(laptop, "report", "household", SHORT, "--out", str(target))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")
    code, _out, err = cli(
        laptop, "export-xlsx", "households", "--out", str(target.with_suffix(".xlsx"))
    )
    assert code == 0, err
    with closing(open_raw(laptop)) as conn:
        values = [r[0] for r in conn.execute("SELECT value_json FROM ops WHERE kind = 'event'")]
    assert any("张三.pdf" in v for v in values) and any("张三.xlsx" in v for v in values)


def test_a_photo_named_in_gbk_bytes_is_attached_under_its_chinese_name(here: Path) -> None:
    """Before: refused as text that is not UTF-8, though the file is there to be read."""
    laptop = here / "laptop" / "doorstep.db"
    photo = gbk_copy(here / "work" / "房屋外景.jpg", ".jpg")
    code, out, err = cli(laptop, "--json", "attach", SHORT, str(photo))
    assert code == 0, err
    assert '"name": "张三.jpg"' in out


def test_an_excel_list_named_in_gbk_bytes_imports(here: Path) -> None:
    """Before: the dry run was fine, the import itself a bug report (its event could not hold
    the file's name)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["户主姓名", "地址"])
    sheet.append(["张三", "旺庄街道春潮新村9栋1单元101室"])
    target = here / "work" / (GBK_NAME + ".xlsx")
    book.save(target)
    laptop = here / "laptop" / "doorstep.db"
    code, _out, err = cli(laptop, "import-xlsx", "--project", "XW-2024-003", str(target))
    assert code == 0, err
    with closing(open_raw(laptop)) as conn:
        values = [r[0] for r in conn.execute("SELECT value_json FROM ops WHERE kind = 'event'")]
    assert any("张三.xlsx" in v for v in values)


# --- --out naming something that is not a place for our file --------------------------------


def test_an_export_never_replaces_a_device_or_another_kind_of_file(
    here: Path, tmp_path: Path
) -> None:
    """Before: `export-bundle --out /dev/null` renamed the bundle over the device node (as root:
    the machine's /dev/null became a regular file) and said "verified, safe to unplug";
    `--out 区里下发的清单.xlsx` replaced the Excel list with a bundle. A device node made in a
    temporary folder stands in for /dev/null here."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    laptop, hub = here / "laptop" / "doorstep.db", here / "hub" / "doorstep.db"
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    sheet = here / "work" / "区里下发的清单.xlsx"
    before = sheet.read_bytes()
    for db, args in [
        (laptop, ["export-bundle", "--out", str(device)]),
        (laptop, ["export-bundle", "--out", str(sheet)]),
        (laptop, ["enrol", "export", "--out", str(device)]),
        (hub, ["registry", "export", "--out", str(device)]),
    ]:
        line = refused(db, *args)
        assert "null" in line or "清单" in line, (args, line)
        assert stat.S_ISCHR(device.stat().st_mode), args  # still the device
    assert sheet.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["--password-file", "/dev/zero", "stats"],
        ["policy", "import", "/dev/zero"],
        ["import-bundle", "PIPE"],
        ["registry", "import", "/dev/zero"],
        ["import-xlsx", "--project", "XW-2024-003", "--mapping", "/dev/zero", "LIST"],
    ],
)
def test_an_endless_file_is_refused_not_read_forever(
    here: Path, tmp_path: Path, args: list[str]
) -> None:
    """Before: a password file, a policy, a registry and a column mapping of /dev/zero were read until
    memory ran out (its size says 0), and a named pipe as a bundle waited forever for a writer. In a process of its own, with a time
    limit, so a regression fails instead of hanging the suite."""
    if "PIPE" in args:
        os.mkfifo(tmp_path / "pipe.dsbundle")
        args = [str(tmp_path / "pipe.dsbundle") if a == "PIPE" else a for a in args]
    args = [str(here / "work" / "区里下发的清单.xlsx") if a == "LIST" else a for a in args]
    env = dict(os.environ, DOORSTEP_DATA_DIR=str(here / "laptop"))
    proc = subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_a_draft_on_a_full_disk_is_one_sentence_and_keeps_the_last_one(
    here: Path, tmp_path: Path
) -> None:
    """The visit form's autosave (services.drafts) on a full data disk: before, a bare OSError
    reached the window (a bug box). Now one sentence; the draft saved before stays whole."""
    from domain.errors import UserError
    from services.drafts import Drafts

    with small_disk(tmp_path, "256k") as disk:
        drafts = Drafts(disk / "drafts", b"k" * 32)
        drafts.save("visit", HOUSEHOLD_ID, "章金伟", {"explained": "第一次"})
        fill(disk)
        with pytest.raises(UserError) as caught:
            drafts.save("visit", HOUSEHOLD_ID, "章金伟", {"explained": "补" * 4000})
        assert "草稿" in caught.value.message("zh") and "draft" in caught.value.message("en")
        kept = drafts.load("visit", HOUSEHOLD_ID)
        assert kept is not None and kept.values == {"explained": "第一次"}
        assert [p.name for p in (disk / "drafts").iterdir()] == [f"visit-{HOUSEHOLD_ID}.draft"]


def test_names_longer_than_the_file_system_takes(here: Path, tmp_path: Path) -> None:
    """A name over 255 bytes (85 Chinese characters): before, export-xlsx was a bug report and a
    document named after a long project "could not be written, check the folder exists"."""
    laptop = here / "laptop" / "doorstep.db"
    long_name = "征" * 100
    code, _out, err = cli(laptop, "project", "add", "--code", "XW-2026-777", "--name", long_name)
    assert code == 0, err
    out = tmp_path / "out"
    out.mkdir()
    for args in (
        ["export-xlsx", "households", "--out", str(out / (long_name + ".xlsx"))],
        ["report", "household", SHORT, "--out", str(out / (long_name + ".pdf"))],
        ["policy", "export", a_policy(here), "--out", str(out / (long_name + ".json"))],
        ["export-bundle", "--out", str(out / (long_name + ".dsbundle"))],
        ["--db", str(out / (long_name + ".db")), "stats"],
    ):
        line = refused(laptop, *args)
        assert "太长" in line, (args, line)
    # Named after the document: shortened to what the file system takes.
    for args in (
        ["report", "grid", "--project", "XW-2026-777", "--out", str(out)],
        ["report", "weekly", "--project", "XW-2026-777", "--out", str(out)],
    ):
        code, _out, err = cli(laptop, *args)
        assert code == 0, (args, err)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and all(len(n.encode()) <= 255 for n in names), names
    assert all("征征征" in n and n.endswith(".pdf") for n in names), names
