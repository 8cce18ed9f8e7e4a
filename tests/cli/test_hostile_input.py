"""Hostile input found by hand (issue 10): each case is one sentence and exit 2, or the right
result, never a traceback — and a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest

from cli import main as cli_main
from domain.errors import UserError
from domain.records import HOUSEHOLD
from domain.validation import coerce
from services import demo
from services.workspace import Workspace
from storage.store import open_raw
from sync.device import FAST_KDF_ENV
from tests.cli.conftest import HUB_INIT, INIT, TODAY, Result, Runner

VALID_ID = "320214194501010074"
ROOT = Path(__file__).resolve().parents[2]


def sentence(result: Result) -> str:
    """The refusal's one line (exit 2, no traceback)."""
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err, result.err
    return lines[0]


def add_household(run: Runner, *extra: str) -> str:
    run("project", "add", "--code", "XW-2026-009", "--name", "测试地块")
    data = run.json(
        "household", "add", "--project", "XW-2026-009", "--head", "章金伟",
        "--id-number", VALID_ID, "楼栋=3", "单元=2", "房号=301", *extra,
    )  # fmt: skip
    return str(data["short_id"])


def ops_count(db: Path) -> int:
    with closing(open_raw(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM ops").fetchone()[0])


# --- 1. names of punctuation or emoji only ---------------------------------------------------


@pytest.mark.parametrize("name", ["-", "？", "?", "/", "*", "—", "・", "😀", "!!!", "（）"])
def test_a_name_of_punctuation_or_emoji_is_saved_and_found(run: Runner, name: str) -> None:
    short = add_household(run)
    result = run("household", "set", short, f"户主姓名={name}")
    assert result.code == 0, result.err
    assert run.json("household", "show", short)["household"]["head_name"] == name
    found = run.json("household", "find", "--", name)["households"]
    assert [h["short_id"] for h in found] == [short]


def test_add_with_a_dash_head_and_a_question_mark_member(run: Runner) -> None:
    run("project", "add", "--code", "XW-2026-009", "--name", "测试地块")
    added = run("--json", "household", "add", "--project", "XW-2026-009", "--head", "-",
                "--member", "姓名=？;与户主关系=配偶", "楼栋=1")  # fmt: skip
    assert added.code == 0, added.err
    short = added.json()["short_id"]
    shown = run.json("household", "show", short)
    assert shown["household"]["head_name"] == "-"
    assert [m["name"] for m in shown["members"]] == ["？"]


def test_an_excel_list_with_punctuation_names_imports_as_the_dry_run_said(
    run: Runner, tmp_path: Path
) -> None:
    import openpyxl

    run("project", "add", "--code", "XW-2026-009", "--name", "测试地块")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["户主姓名", "地址"])
    for i, name in enumerate(["-", "😀", "？", "章金伟"], start=1):
        sheet.append([name, f"旺庄街道{i}号"])
    path = tmp_path / "区里下发的清单.xlsx"
    book.save(path)
    dry = run.json("import-xlsx", str(path), "--project", "XW-2026-009", "--dry-run")
    real = run("--json", "import-xlsx", str(path), "--project", "XW-2026-009")
    assert real.code == 0, real.err
    assert len(run.json("household", "list")["households"]) == 4
    assert dry["ok"] == 4 and dry["problems"] == []


# --- 2. bytes that are not UTF-8 -------------------------------------------------------------

NOT_UTF8 = b"\xff\xfe\xb2\xe2".decode("utf-8", "surrogateescape")  # what Python makes of GBK


def test_non_utf8_bytes_in_a_field_are_one_sentence_and_change_nothing(
    run: Runner, tmp_path: Path
) -> None:
    short = add_household(run)
    before = ops_count(run.db)
    result = run("household", "set", short, f"备注={NOT_UTF8}")
    assert "UTF-8" in sentence(result)
    assert ops_count(run.db) == before
    add = run("household", "add", "--project", "XW-2026-009", "--head", f"张{NOT_UTF8}")
    assert "UTF-8" in sentence(add)
    assert ops_count(run.db) == before


def test_non_utf8_bytes_in_a_query_or_an_id(run: Runner) -> None:
    add_household(run)
    assert "UTF-8" in sentence(run("household", "find", NOT_UTF8))
    assert "UTF-8" in sentence(run("household", "show", NOT_UTF8))
    assert "UTF-8" in sentence(run("--lang", "en", "history", NOT_UTF8))


def test_a_refusal_that_quotes_bad_bytes_still_prints(run: Runner) -> None:
    # The sentence quotes what was typed: the stray bytes are shown escaped, not a crash.
    short = add_household(run)
    result = run("household", "set", short, f"{NOT_UTF8}=1")
    line = sentence(result)
    assert "\\xff" in line


@pytest.mark.parametrize("query", ["\x00" * 200, "章\x00金伟", "a\x00b"])
def test_a_query_holding_nul_characters(run: Runner, query: str) -> None:
    # found by the fuzzing: SQLite's FTS5 took the NUL for the end of the query (exit 1)
    add_household(run)
    result = run("household", "find", query)
    assert result.code == 0, result.err
    assert "\x00" not in result.out


# --- 3. --db naming a folder ---------------------------------------------------------------


def test_db_naming_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "a folder"
    folder.mkdir()
    for args in (["stats"], INIT, ["household", "find", "张"]):
        result = Runner(folder)(*args)
        assert "文件夹" in sentence(result)
    assert list(folder.iterdir()) == []


# --- 4. read-only media ------------------------------------------------------------------


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """`folder` as a write-protected stick shows it: a read-only mount (root ignores file
    modes), or the modes themselves for an ordinary user."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for path in modes:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield folder
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    mount = folder.with_name(folder.name + "-ro")
    mount.mkdir()
    subprocess.run(["mount", "--bind", str(folder), str(mount)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)
        mount.rmdir()


def test_read_only_media_reads_and_refuses_writes_in_one_sentence(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    writable = Runner(stick / "doorstep.db")
    assert writable(*INIT).code == 0
    short = add_household(writable)
    image = (stick / "doorstep.db").read_bytes()
    files = sorted(p.name for p in stick.iterdir())
    with read_only(stick) as mounted:
        run = Runner(mounted / "doorstep.db")
        stats = run("stats")
        assert stats.code == 0, stats.err
        assert run.json("household", "show", short)["household"]["head_name"] == "章金伟"
        assert run.json("household", "find", "zjw")["households"][0]["short_id"] == short
        assert run("history", short).code == 0
        refused = run("household", "set", short, "态度=同意")
        assert "只读" in sentence(refused)
        english = run("--lang", "en", "household", "set", short, "态度=同意")
        assert "read-only" in sentence(english)
        assert "只读" in sentence(run("household", "show", short, "--reveal"))
        assert sorted(p.name for p in mounted.iterdir()) == files  # no -wal, -shm or logs
    assert (stick / "doorstep.db").read_bytes() == image


def test_the_window_opens_a_database_on_read_only_media(tmp_path: Path) -> None:
    """`./doorstep --db E:/doorstep.db` from a write-protected stick: settings and logs go to
    the user's own data directory, and the window stays open (it exited 1 before)."""
    stick = tmp_path / "stick"
    stick.mkdir()
    writable = Runner(stick / "doorstep.db")
    assert writable(*INIT).code == 0
    add_household(writable)
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DOORSTEP_DATA_DIR=str(home))
    with read_only(stick) as mounted:
        proc = subprocess.Popen(
            [sys.executable, "main.py", "--db", str(mounted / "doorstep.db")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 60
            while not (home / "logs" / "doorstep.log").exists() and time.monotonic() < deadline:
                assert proc.poll() is None, proc.communicate()[1].decode()
                time.sleep(0.05)
            time.sleep(2)  # the window and its first reads
            assert proc.poll() is None, proc.communicate()[1].decode()
        finally:
            proc.kill()
            proc.wait()
        assert "Traceback" not in (home / "logs" / "doorstep.log").read_text(encoding="utf-8")


def test_an_old_database_on_read_only_media_asks_to_be_copied_first(tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    old = ROOT / "tests" / "storage" / "fixtures" / "schema-v3.db"
    shutil.copy(old, stick / "doorstep.db")
    with read_only(stick) as mounted:
        line = sentence(Runner(mounted / "doorstep.db")("stats"))
        assert "升级" in line and "只读" in line
    assert (stick / "doorstep.db").read_bytes() == old.read_bytes()


# --- 8. terminal escapes --------------------------------------------------------------------

HOSTILE = "\x1b[31mred\x07 \u202etxt.exe\u202c \x00end"


def test_control_and_bidi_characters_are_printed_visibly(run: Runner) -> None:
    short = add_household(run)
    assert run("household", "set", short, f"备注={HOSTILE}", f"户主姓名=章{HOSTILE}").code == 0
    for args in (("household", "show", short), ("history", short), ("household", "find", "章")):
        result = run(*args)
        assert result.code == 0, result.err
        for raw in ("\x1b", "\x07", "\u202e", "\u202c", "\x00"):
            assert raw not in result.out, (args, raw)
        assert "\\x1b[31mred" in result.out, args
    # --json keeps the exact text (JSON escapes it)
    assert run.json("household", "show", short)["household"]["notes"] == HOSTILE.strip()


def test_a_refusal_quoting_an_escape_prints_it_visibly(run: Runner) -> None:
    short = add_household(run)
    result = run("household", "set", short, "\x1b]0;title\x07=1")
    line = sentence(result)
    assert "\x1b" not in result.err and "\\x1b" in line


# --- 12. a read command never creates a database --------------------------------------------


def test_stats_on_an_empty_file_leaves_it_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for args in (("stats",), ("household", "list"), ("conflicts",)):
        sentence(Runner(empty)(*args))
        assert empty.stat().st_size == 0
    assert not (tmp_path / "empty.db-wal").exists()
    assert Runner(empty)(*INIT).code == 0  # init may take an empty file


# --- 13. an interrupted demo load can be finished -------------------------------------------


def _content(db: Path) -> list[tuple[object, ...]]:
    """What the demo made, without the fresh ids and clocks."""
    with closing(open_raw(db)) as conn:
        rows = conn.execute(
            "SELECT head_name, address, phone, state, attitude FROM households ORDER BY address,"
            " head_name"
        ).fetchall()
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            for table in (
                "projects",
                "members",
                "visits",
                "requests",
                "house_tickets",
                "ticket_uses",
                "flats",
            )
        ]
    return [*rows, *counts]


def test_a_cancelled_demo_load_resumes_to_the_same_data(tmp_path: Path) -> None:
    whole = Runner(tmp_path / "whole.db")
    assert whole(*INIT).code == 0
    assert whole("demo", "--households", "40", "--seed", "5", "--today", TODAY).code == 0

    cut = tmp_path / "cut.db"
    assert Runner(cut)(*INIT).code == 0
    with Workspace.open(cut) as ws:
        # The GUI's cancel button, after the first batch
        summary = demo.load_demo(
            ws,
            40,
            seed=5,
            today=dt.date.fromisoformat(TODAY),
            batch_ops=100,
            progress=lambda done, total: done == 0,
        )
        assert summary.cancelled and 0 < summary.households < 40
    resumed = Runner(cut)("demo", "--households", "40", "--seed", "5", "--today", TODAY)
    assert resumed.code == 0, resumed.err
    assert "继续" in resumed.out
    assert _content(cut) == _content(tmp_path / "whole.db")
    again = Runner(cut)("demo")
    assert "空数据库" in sentence(again)


def test_a_demo_load_killed_midway_resumes(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    assert Runner(db)(*INIT).code == 0
    # 600 households in batches of 300 ops: ~20 commits, so the kill lands between two of them
    # even on a loaded machine (with 120, four commits, the load sometimes finished first)
    args = ["demo", "--households", "600", "--seed", "9", "--today", TODAY]
    proc = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(db), *args, "--batch-ops", "300"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_households(db, proc)
    finally:
        proc.kill()
        proc.wait()
    with closing(open_raw(db)) as conn:
        half = conn.execute("SELECT count(*) FROM households").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert 0 < half < 600, half  # killed between two batches, not before or after the load
    resumed = Runner(db)(*args)
    assert resumed.code == 0, resumed.err
    whole = tmp_path / "whole.db"
    assert Runner(whole)(*INIT).code == 0
    assert Runner(whole)(*args).code == 0
    assert _content(db) == _content(whole)


def _wait_for_households(db: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with closing(open_raw(db)) as conn:
                if conn.execute("SELECT count(*) FROM households").fetchone()[0] > 0:
                    return
        except Exception:  # no key file yet, or the database is not made yet
            pass
        time.sleep(0.005)


# --- 14. global options on either side of the command ---------------------------------------


def test_global_options_after_the_command(demo: Runner) -> None:
    db = str(demo.db)

    def call(*argv: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        code = cli_main.main(list(argv), out=out, err=err)
        return Result(code, out.getvalue(), err.getvalue())

    for argv in (
        ["stats", "--json", "--db", db],
        ["--db", db, "stats", "--json"],
        ["stats", "--db", db, "--json"],
        ["conflicts", "--json", f"--db={db}"],
        ["household", "list", "--limit", "1", "--json", "--db", db],
    ):
        result = call(*argv)
        assert result.code == 0, (argv, result.err)
        json.loads(result.out)
    english = call("household", "show", "nothing1", "--db", db, "--lang", "en")
    assert english.code == 2 and english.err.startswith("No household"), english.err


def test_import_bundle_json_after_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAST_KDF_ENV, "1")
    run = Runner(tmp_path / "x.db")
    assert run(*INIT).code == 0
    not_a_bundle = tmp_path / "a.dsbundle"
    not_a_bundle.write_bytes(b"PK\x03\x04 not a bundle")
    result = run("import-bundle", str(not_a_bundle), "--json")
    assert result.code == 2
    assert "unrecognized" not in result.err and "参数" not in result.err
    assert result.json()  # the summary as JSON


# --- numbers and dates at the edges of what a computer holds --------------------------------

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "args",
    [
        ("household", "list", "--offset", HUGE),
        ("household", "find", "zjw", "--limit", HUGE),
        ("request", "list", "--limit", HUGE),
        ("stats", "--week", "9999-W52"),
        ("stats", "--week", "0001-W02"),
        ("report", "weekly", "--week", "9999-W52"),
        ("today", "--date", "9999-12-31"),
        ("ticket", "expiring", "--date", "0001-01-01"),
    ],
)
def test_numbers_and_days_beyond_range_are_one_sentence(
    demo: Runner, args: tuple[str, ...]
) -> None:
    sentence(demo(*args))


@pytest.mark.parametrize("amount", ["1" * 200, "1e400", "1e27"])
def test_a_ticket_amount_with_more_digits_than_a_decimal_holds(demo: Runner, amount: str) -> None:
    # found by the fuzzing: Decimal.quantize raised InvalidOperation (exit 1)
    listed = demo.json("ticket", "list")["tickets"]
    assert "有效的金额" in sentence(demo("ticket", "redeem", listed[0]["number"], amount))


@pytest.mark.parametrize("days", ["999999999", "-999999999", "9223372036854775807"])
def test_ticket_expiring_within_any_number_of_days(demo: Runner, days: str) -> None:
    result = demo("ticket", "expiring", "--days", days)
    assert result.code == 0, result.err


# --- 15. smaller ones ---------------------------------------------------------------------------


def test_the_bug_log_names_the_command_not_the_db_path(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "王芳的住户.db"
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        log = cli_main._log_bug(["--db", str(secret), "--lang", "en", "household", "show", "x"])
    head = log.read_text(encoding="utf-8").splitlines()[0]
    assert head.endswith(" household show"), head
    assert "王芳" not in log.read_text(encoding="utf-8")


@pytest.mark.parametrize("text", ["1e-300", "0.000001", "5e-3"])
def test_an_area_too_small_to_measure_is_refused(text: str) -> None:
    with pytest.raises(UserError) as info:
        coerce(HOUSEHOLD.field("measured_area"), text)
    assert info.value.code == "area_too_small"
    assert coerce(HOUSEHOLD.field("measured_area"), "0") == 0.0
    assert coerce(HOUSEHOLD.field("measured_area"), "0.01") == 0.01


def _hub_and_a_laptop_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Runner, dict[str, Any]]:
    """A hub and a laptop with their device keys (password from the environment), and the
    laptop's enrolment request as `enrol export --json` describes it."""
    monkeypatch.setenv(FAST_KDF_ENV, "1")
    monkeypatch.setenv("DOORSTEP_PASSWORD", "街道 2026 密码")
    hub, laptop = Runner(tmp_path / "hub.db"), Runner(tmp_path / "laptop.db")
    assert hub(*HUB_INIT).code == 0 and laptop(*INIT).code == 0
    assert hub("device", "init").code == 0 and laptop("device", "init").code == 0
    return hub, laptop.json("enrol", "export", "--out", str(tmp_path))


def test_enrol_import_without_fingerprint_or_terminal_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub, request = _hub_and_a_laptop_request(tmp_path, monkeypatch)
    before = ops_count(hub.db)
    refused = hub("enrol", "import", request["file"])
    line = sentence(refused)
    assert "--fingerprint" in line and request["fingerprint"] in line
    assert hub.json("registry", "list")["devices"][-1]["name"] != "旺庄-笔记本1"
    assert ops_count(hub.db) == before
    ok = hub("enrol", "import", request["file"], "--fingerprint", request["fingerprint"])
    assert ok.code == 0, ok.err


def test_enrol_import_at_a_terminal_asks_to_compare_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub, request = _hub_and_a_laptop_request(tmp_path, monkeypatch)
    primary, secondary = os.openpty()  # a real terminal on stdin
    try:
        proc = subprocess.Popen(
            [sys.executable, "main.py", "--db", str(hub.db), "enrol", "import", request["file"]],
            cwd=ROOT,
            stdin=secondary,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        os.write(primary, "是\n".encode())
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 0, err.decode()
    assert request["fingerprint"] in err.decode()  # the question shows what to compare
    assert "已登记“旺庄-笔记本1”" in out.decode()


def test_a_database_copied_as_a_folder_tree_is_not_touched(tmp_path: Path) -> None:
    # A folder named like a database (a copy tool made a directory): nothing created inside.
    folder = tmp_path / "doorstep.db"
    folder.mkdir()
    shutil.copy(__file__, folder / "keep.txt")
    sentence(Runner(folder)("stats"))
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
