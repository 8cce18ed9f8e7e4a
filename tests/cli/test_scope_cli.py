"""Scoped sync on the command line: a hub and two laptops of different sub-districts. Each
laptop's `stats` counts only its own households; moving one across makes it appear on one and
vanish from the other; `registry list` shows the scopes; creating outside a scope is refused with
one sentence, exit 2; `late-edits` lists an edit that arrived after its record left."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import HUB_INIT, INIT, Runner
from tests.cli.test_sync_cli import fast, one_line, password

__all__ = ["fast", "password"]


def _households(runner: Runner) -> int:
    stats = runner.json("stats")
    return int(stats["records"].get("household", 0))


def _enrol(hub: Runner, laptop: Runner, stick: Path, pw: list[str], *scope: str) -> None:
    assert laptop("device", "init", *pw).code == 0
    request = laptop.json("enrol", "export", "--out", str(stick), *pw)
    done = hub("enrol", "import", request["file"], "--fingerprint", request["fingerprint"],
               *scope, *pw)  # fmt: skip
    assert done.code == 0, done.err
    reply = hub.json("enrol", "export", "--out", str(stick), *pw)
    back = laptop("enrol", "import", reply["file"], "--fingerprint", reply["fingerprint"], *pw)
    assert back.code == 0, back.err


def _round(hub: Runner, laptops: list[Runner], stick: Path) -> None:
    for laptop in laptops:
        made = laptop.json("export-bundle", "--out", str(stick))["bundles"][0]["path"]
        taken = hub("import-bundle", made)
        assert taken.code == 0, taken.err
    for bundle in hub.json("export-bundle", "--out", str(stick))["bundles"]:
        (name,) = bundle["recipients"]
        target = laptops[0] if name == "旺庄-笔记本1" else laptops[1]
        taken = target("import-bundle", bundle["path"])
        assert taken.code == 0, taken.err


def test_two_laptops_two_sub_districts(
    tmp_path: Path, password: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = Runner(tmp_path / "hub.db")
    one, two = Runner(tmp_path / "one.db"), Runner(tmp_path / "two.db")
    stick = tmp_path / "U盘"
    stick.mkdir()
    pw = ["--password-file", str(password)]
    assert hub(*HUB_INIT).code == 0
    assert one(*INIT).code == 0
    two_init = [*INIT[:6], "硕放街道", INIT[7], "硕放-笔记本1"]
    assert two(*two_init).code == 0
    assert hub("device", "init", *pw).code == 0
    # one's scope set at enrolment; two's afterwards, as the docs show it
    _enrol(hub, one, stick, pw, "--district", "新吴区", "--sub-district", "旺庄街道")
    _enrol(hub, two, stick, pw)
    scoped = hub("scope", "set", "硕放-笔记本1", "--district", "新吴区", "--sub-district", "硕放街道",
                 *pw)  # fmt: skip
    assert scoped.code == 0, scoped.err
    assert "新吴区/硕放街道" in scoped.out
    docs_command = (
        "scope set 旺庄-笔记本1 --district 新吴区 --sub-district 旺庄街道"  # docs/sync.md
    )
    again = hub(*docs_command.split(), *pw)  # copied from the docs as written
    assert again.code == 0, again.err
    listed = hub("registry", "list")
    assert listed.code == 0
    assert "新吴区/旺庄街道" in listed.out and "新吴区/硕放街道" in listed.out
    monkeypatch.setenv("DOORSTEP_PASSWORD", password.read_text(encoding="utf-8").strip())

    for code, sub in (("WZ-01", "旺庄街道"), ("SF-01", "硕放街道")):
        made = hub("project", "add", "--code", code, "--name", f"{sub}地块", "--district", "新吴区",
                   "--sub-district", sub)  # fmt: skip
        assert made.code == 0, made.err
    for n, head in enumerate(("章金伟", "单晓红")):
        added = hub("household", "add", "--project", "WZ-01", "--head", head, f"房号={n}01")
        assert added.code == 0, added.err
    moving = hub.json("household", "add", "--project", "WZ-01", "--head", "曾小军", "房号=301")
    assert hub("household", "add", "--project", "SF-01", "--head", "解大为", "房号=1").code == 0
    _round(hub, [one, two], stick)
    assert (_households(hub), _households(one), _households(two)) == (4, 3, 1)
    assert one.json("scope", "show")["scope_label"] == "新吴区/旺庄街道"

    # A household moves across: it appears on two and vanishes from one (nothing of it stays).
    (shuofang,) = [p["id"] for p in hub.json("project", "list")["projects"] if p["code"] == "SF-01"]
    assert hub("household", "set", str(moving["short_id"]), f"所属项目={shuofang}").code == 0
    # … while the caseworker of one, not knowing yet, records something about it: kept, listed.
    assert one("household", "set", str(moving["short_id"]), "备注=搬走前的最后一次走访").code == 0
    made = one.json("export-bundle", "--out", str(stick))["bundles"][0]["path"]
    assert hub("import-bundle", made).code == 0
    for bundle in hub.json("export-bundle", "--out", str(stick))["bundles"]:
        target = one if bundle["recipients"] == ["旺庄-笔记本1"] else two
        taken = target("import-bundle", bundle["path"])
        assert taken.code == 0, taken.err
        if target is one:
            assert "已离开本机的工作范围" in taken.out
    assert (_households(hub), _households(one), _households(two)) == (4, 2, 2)
    assert "曾小军".encode() not in (tmp_path / "one.db").read_bytes()

    # Creating outside the scope: one sentence, exit 2, nothing written.
    refused = one(
        "project", "add", "--code", "SF-09", "--name", "别的街道", "--sub-district", "硕放街道"
    )
    assert refused.code == 2
    assert "不在本机的工作范围（新吴区/旺庄街道）内" in one_line(refused.err)
    english = one("--lang", "en", "project", "add", "--code", "SF-09", "--name", "x",
                  "--sub-district", "硕放街道")  # fmt: skip
    assert english.code == 2 and "outside this laptop's scope" in one_line(english.err)

    late = hub("late-edits")
    assert late.code == 0 and "旺庄-笔记本1" in late.out and "曾小军" in late.out
    (edit,) = hub.json("late-edits")["late_edits"]
    assert edit["field"] == "notes" and edit["record_id"] == moving["id"]
    assert "搬走前的最后一次走访" in str(hub.json("household", "show", str(moving["short_id"])))

    # The other forms of `scope set` in the docs; a scope naming nothing is one sentence.
    assert hub("scope", "set", "硕放-笔记本1", "--project", "SF-01", *pw).code == 0
    assert "SF-01" not in hub("registry", "list").out  # shown by name
    assert "硕放街道地块" in hub("registry", "list").out
    assert hub("scope", "set", "硕放-笔记本1", "--all", *pw).code == 0
    nothing = hub("scope", "set", "硕放-笔记本1", *pw)
    assert nothing.code == 2 and "请写明区" in one_line(nothing.err)
    unknown = hub("scope", "set", "硕放-笔记本1", "--project", "NO-SUCH", *pw)
    assert unknown.code == 2 and "没有找到项目“NO-SUCH”" in one_line(unknown.err)
