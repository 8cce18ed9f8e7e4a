"""The sync commands end to end: device keys, enrolment both ways, bundles out and in with the
summary, re-import, refusals as one sentence with exit 2, conflicts and resolve, JSON output."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.device import FAST_KDF_ENV
from tests.cli.conftest import HUB_INIT, INIT, Runner


@pytest.fixture(autouse=True)
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FAST_KDF_ENV, "1")
    monkeypatch.delenv("DOORSTEP_PASSWORD", raising=False)


@pytest.fixture
def password(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text("街道 2026 密码\n", encoding="utf-8")
    return path


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def setup_pair(tmp_path: Path, password: Path) -> tuple[Runner, Runner, Path]:
    hub, laptop = Runner(tmp_path / "hub.db"), Runner(tmp_path / "laptop.db")
    stick = tmp_path / "U盘"
    stick.mkdir()
    pw = ["--password-file", str(password)]
    assert hub(*HUB_INIT).code == 0
    assert laptop(*INIT).code == 0
    made = hub("--json", "device", "init", *pw)
    assert made.code == 0, made.err
    assert made.json()["role"] == "hub"
    result = laptop("device", "init", *pw)
    assert result.code == 0 and "指纹" in result.out
    request = laptop.json("enrol", "export", "--out", str(stick), *pw)
    fingerprint = request["fingerprint"]
    enrolled = hub("enrol", "import", request["file"], "--fingerprint", fingerprint, *pw)
    assert enrolled.code == 0, enrolled.err
    assert "已登记“旺庄-笔记本1”" in enrolled.out
    reply = hub.json("enrol", "export", "--out", str(stick), *pw)
    back = laptop("enrol", "import", reply["file"], "--fingerprint", reply["fingerprint"], *pw)
    assert back.code == 0, back.err
    assert "本机已登记到中心“区征收办”" in back.out
    return hub, laptop, stick


def test_enrol_export_import_and_conflicts(
    tmp_path: Path, password: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub, laptop, stick = setup_pair(tmp_path, password)
    monkeypatch.setenv("DOORSTEP_PASSWORD", password.read_text(encoding="utf-8").strip())
    assert laptop("project", "add", "--code", "XW-01", "--name", "旺庄路北侧地块").code == 0
    added = laptop.json("household", "add", "--project", "XW-01", "--head", "章金伟",
                        "--phone", "13812345678", "楼栋=3", "单元=2", "房号=301")  # fmt: skip
    short = str(added["short_id"])
    status = laptop.json("device", "show")
    assert status["enrolled"] is True and status["unsent_ops"] > 0

    out = laptop("export-bundle", "--out", str(stick))
    assert out.code == 0, out.err
    assert "可以安全拔出" in out.out
    (bundle,) = stick.glob("旺庄-笔记本1_to_区征收办_*.dsbundle")

    first = hub("import-bundle", str(bundle))
    assert first.code == 0, first.err
    assert "来自 旺庄-笔记本1" in first.out and "新增" in first.out and "被征收户 1" in first.out
    again = hub("import-bundle", str(bundle))
    assert again.code == 0 and "已经导入过（0 条变更）" in again.out

    # The hub writes one bundle per laptop; the laptop takes it.
    sent = hub.json("export-bundle", "--out", str(stick))["bundles"]
    assert [b["recipients"] for b in sent] == [["旺庄-笔记本1"]]
    taken = laptop.json("import-bundle", sent[0]["path"])["bundles"]
    assert taken[0]["status"] == "imported"

    # concurrent edits: both laptops of the story are this laptop and the hub
    assert laptop("household", "set", short, "联系电话=13900000001").code == 0
    assert hub("household", "set", short, "联系电话=13900000002").code == 0
    for f in (laptop("export-bundle", "--out", str(stick)),):
        assert f.code == 0, f.err
    newest = max(stick.glob("旺庄-笔记本1_to_*.dsbundle"), key=lambda p: p.stat().st_mtime_ns)
    assert hub("import-bundle", str(newest)).code == 0
    listed = hub("conflicts")
    assert listed.code == 0 and "联系电话" in listed.out and "#2" in listed.out
    assert "139****0001" in listed.out  # masked, as everywhere
    data = hub.json("conflicts")["conflicts"]
    assert len(data) == 1 and data[0]["field"] == "phone" and len(data[0]["values"]) == 2
    resolved = hub("resolve", short, "联系电话", "13900000003")
    assert resolved.code == 0, resolved.err
    assert hub.json("conflicts")["conflicts"] == []
    nothing = hub("resolve", short, "联系电话", "#1")
    assert nothing.code == 2 and "没有待处理的冲突" in one_line(nothing.err)


def test_refusals_are_one_sentence_exit_2(tmp_path: Path, password: Path) -> None:
    hub, laptop, stick = setup_pair(tmp_path, password)
    pw = ["--password-file", str(password)]
    other = Runner(tmp_path / "other.db")
    assert other(*INIT[:-1], "旺庄-笔记本2").code == 0
    assert other("device", "init", *pw).code == 0
    assert laptop("project", "add", "--code", "XW-01", "--name", "地块").code == 0
    assert laptop("export-bundle", "--out", str(stick), *pw).code == 0
    (bundle,) = stick.glob("*.dsbundle")
    refused = other("import-bundle", str(bundle), *pw)
    assert refused.code == 2
    # not enrolled, it knows no sender at all: the first check says so
    assert one_line(refused.err).endswith("这个同步包来自一台未登记的设备，不能导入。")
    junk = tmp_path / "照片.dsbundle"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + bytes(500))
    mixed = hub("--json", "import-bundle", str(bundle), str(junk), *pw)
    assert mixed.code == 2
    statuses = [b["status"] for b in mixed.json()["bundles"]]
    assert statuses == ["imported", "refused"]
    assert mixed.json()["bundles"][1]["code"] == "bundle_not_a_bundle"
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("不是这个", encoding="utf-8")
    bad = laptop("export-bundle", "--out", str(stick), "--password-file", str(wrong))
    assert bad.code == 2 and one_line(bad.err) == "密码不对，无法打开本机的数据。"
    no_password = laptop("export-bundle", "--out", str(stick))
    assert no_password.code == 2 and "--password-file" in one_line(no_password.err)
    english = laptop("--lang", "en", "revoke", "区征收办", *pw)
    assert english.code == 2 and one_line(english.err).startswith("Only the district office")


def test_revoke_and_registry_commands(tmp_path: Path, password: Path) -> None:
    hub, laptop, stick = setup_pair(tmp_path, password)
    pw = ["--password-file", str(password)]
    listed = hub.json("registry", "list")["devices"]
    assert {d["name"] for d in listed} == {"区征收办", "旺庄-笔记本1"}
    revoked = hub("revoke", "旺庄-笔记本1", *pw)
    assert revoked.code == 0 and "已停用“旺庄-笔记本1”" in revoked.out
    written = hub.json("registry", "export", "--out", str(stick))
    taken = laptop("registry", "import", written["file"])
    assert taken.code == 0 and f"第 {written['version']} 版" in taken.out
    same = laptop("registry", "import", written["file"])
    assert same.code == 0 and "无需导入" in same.out
    assert laptop("export-bundle", "--out", str(stick), *pw).code == 0
    (bundle,) = stick.glob("*.dsbundle")
    refused = hub("import-bundle", str(bundle), *pw)
    assert refused.code == 2 and "已被停用" in one_line(refused.err)
