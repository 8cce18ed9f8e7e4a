"""The command line's password: --password-file, $DOORSTEP_PASSWORD or a prompt; the first
`init` sets it; a wrong one, a damaged key file or another laptop's database is one sentence,
exit 2, and changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storage import keyring
from tests.cli.conftest import INIT, Runner


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "pw.txt"
    path.write_text("笔记本 密码 2026\n", encoding="utf-8")
    return path


def test_password_file_sets_and_opens(tmp_path: Path, secret: Path) -> None:
    folder = tmp_path / "laptop"
    run = Runner(folder / "doorstep.db")
    assert run("--password-file", str(secret), *INIT).code == 0
    keyring.forget_all()  # as a new process would start
    assert run("--password-file", str(secret), "stats").code == 0
    before = files(folder)
    keyring.forget_all()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("不是这个密码", encoding="utf-8")
    refused = run("--password-file", str(wrong), "stats")
    assert refused.code == 2
    assert one_line(refused.err) == "密码不对，无法打开本机的数据。"
    english = run("--lang", "en", "--password-file", str(wrong), "stats")
    assert (
        one_line(english.err) == "The password is wrong, so this computer's data cannot be opened."
    )
    assert files(folder) == before


def test_the_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = Runner(tmp_path / "env.db")
    monkeypatch.setenv("DOORSTEP_PASSWORD", "环境变量里的密码")
    assert run(*INIT).code == 0
    keyring.forget_all()
    monkeypatch.setenv("DOORSTEP_PASSWORD", "另一个密码啊啊啊")
    assert run("stats").code == 2


def test_first_init_refuses_a_short_password(tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("1234567", encoding="utf-8")
    run = Runner(tmp_path / "data" / "doorstep.db")
    result = run("--password-file", str(short), *INIT)
    assert result.code == 2 and "至少需要 8 个字符" in one_line(result.err)
    assert not (tmp_path / "data" / "doorstep.db").exists()
    assert not keyring.key_file_path(tmp_path / "data" / "doorstep.db").exists()


def test_damaged_key_file_and_foreign_database(tmp_path: Path, secret: Path) -> None:
    pw = ["--password-file", str(secret)]
    mine, theirs = tmp_path / "a" / "doorstep.db", tmp_path / "b" / "doorstep.db"
    assert Runner(mine)(*pw, *INIT).code == 0
    assert Runner(theirs)(*pw, *INIT[:-1], "别的笔记本").code == 0
    shutil.copy(theirs, mine)
    before = files(mine.parent)
    foreign = Runner(mine)(*pw, "stats")
    assert foreign.code == 2 and "不是用本机的密钥加密的" in one_line(foreign.err)
    key_file = keyring.key_file_path(theirs)
    key_file.write_bytes(key_file.read_bytes()[:40])
    damaged = Runner(theirs)(*pw, "stats")
    assert damaged.code == 2 and "已损坏" in one_line(damaged.err)
    assert files(mine.parent) == before


def test_password_change_rewraps_database_and_device_keys(
    tmp_path: Path, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOORSTEP_INSECURE_FAST_KDF", "1")
    monkeypatch.delenv("DOORSTEP_PASSWORD")
    db = tmp_path / "laptop" / "doorstep.db"
    run = Runner(db)
    pw = ["--password-file", str(secret)]
    assert run(*pw, *INIT).code == 0
    assert run(*pw, "device", "init").code == 0
    database = db.read_bytes()
    new = tmp_path / "new.txt"
    new.write_text("换一个新密码 2027", encoding="utf-8")
    short = tmp_path / "short.txt"
    short.write_text("短", encoding="utf-8")
    refused = run(*pw, "password", "change", "--new-password-file", str(short))
    assert refused.code == 2 and "至少需要 8 个字符" in one_line(refused.err)
    changed = run(*pw, "password", "change", "--new-password-file", str(new))
    assert changed.code == 0, changed.err
    assert "密码已更改" in changed.out
    assert db.read_bytes() == database  # not rewritten
    keyring.forget_all()
    assert run(*pw, "stats").code == 2
    stick = tmp_path / "stick"
    stick.mkdir()
    enrol = run("--password-file", str(new), "enrol", "export", "--out", str(stick))
    assert enrol.code == 0, enrol.err  # the device keys open with the new password too


def test_a_plaintext_database_is_converted_and_the_cli_says_so(tmp_path: Path) -> None:
    db = tmp_path / "old" / "doorstep.db"
    db.parent.mkdir()
    shutil.copy(Path(__file__).parents[1] / "storage" / "fixtures" / "schema-v3.db", db)
    first = Runner(db)("stats")
    assert first.code == 0, first.err
    assert "加密前的未加密文件已删除" in first.err
    assert not db.read_bytes().startswith(b"SQLite format 3")
    again = Runner(db)("stats")
    assert again.code == 0 and again.err == ""
