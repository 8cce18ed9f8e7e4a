"""The command line end to end through cli.main.main(): exit codes (0 ok, 2 refused, 1 bug), the
one-sentence refusals in both languages, masking, search, history, attachments, JSON output."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest

from cli import main as cli_main
from domain.validation import generate_resident_id
from tests.cli.conftest import INIT, Result, Runner

VALID_ID = "320214194501010074"  # an elderly 新吴区 resident: the 2015 area code must pass
BAD_CHECK_ID = VALID_ID[:-1] + "5"


def one_line(result: Result) -> str:
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    return lines[0]


def first_household(run: Runner, query: str) -> dict:
    found = run.json("household", "find", query)["households"]
    assert found, query
    return found[0]


def add_household(run: Runner, *extra: str) -> str:
    run("project", "add", "--code", "XW-2026-009", "--name", "测试地块")
    result = run.json(
        "household", "add", "--project", "XW-2026-009", "--head", "章金伟",
        "--id-number", VALID_ID, "--phone", "13812345678", "楼栋=3", "单元=2", "房号=301",
        *extra,
    )  # fmt: skip
    return str(result["short_id"])


# --- setup ---------------------------------------------------------------------------------


def test_init_then_refuses_a_second_profile(tmp_path: Path) -> None:
    run = Runner(tmp_path / "new.db")
    first = run(*INIT)
    assert first.code == 0, first.err
    assert "李明" in first.out and "旺庄街道" in first.out
    again = run(*INIT)
    assert again.code == 2
    assert one_line(again) == "本机档案已经存在，不能重复创建。"


def test_a_missing_database_is_named_not_created(tmp_path: Path) -> None:
    run = Runner(tmp_path / "nowhere.db")
    result = run("stats")
    assert result.code == 2
    assert "nowhere.db" in one_line(result)
    assert not (tmp_path / "nowhere.db").exists()


def test_demo_reports_what_it_loaded(run: Runner) -> None:
    data = run.json("demo", "--households", "12", "--seed", "3", "--today", "2026-11-26")
    assert data["households"] == 12 and data["projects"] == 6
    assert data["visits"] >= 12 and data["requests"] >= 7
    stats = run.json("stats")
    assert stats["records"]["household"] == 12
    assert stats["records"]["project"] == 6
    again = run("demo", "--households", "5")
    assert again.code == 2
    assert "空数据库" in one_line(again)


def test_stats_and_lists_print_tables(demo: Runner) -> None:
    for args in (
        ("stats",),
        ("project", "list"),
        ("household", "list", "--limit", "5"),
        ("request", "list", "--limit", "5"),
    ):
        result = demo(*args)
        assert result.code == 0, (args, result.err)
        assert "----" in result.out


# --- household add / set -----------------------------------------------------------------


def test_bad_check_digit_is_one_chinese_sentence(run: Runner) -> None:
    run("project", "add", "--code", "XW-2026-009", "--name", "测试地块")
    result = run(
        "household", "add", "--project", "XW-2026-009", "--head", "张三",
        "--id-number", BAD_CHECK_ID, "地址=旺庄街道春潮新村1栋101室",
    )  # fmt: skip
    assert result.code == 2
    assert result.out == ""
    assert one_line(result) == "“户主身份证号”的校验位不对，请逐位核对，尤其是最后一位。"
    assert run.json("stats")["records"]["household"] == 0


def test_english_messages_with_lang_en(run: Runner) -> None:
    run("project", "add", "--code", "XW-2026-009", "--name", "测试地块")
    result = run(
        "--lang", "en", "household", "add", "--project", "XW-2026-009", "--head", "张三",
        "--id-number", BAD_CHECK_ID, "地址=1栋101室",
    )  # fmt: skip
    assert result.code == 2
    assert one_line(result).startswith("The check digit of “head's ID number” does not match")


def test_add_with_members_and_labels(run: Runner) -> None:
    spouse = generate_resident_id("320211", dt.date(1950, 3, 4), 22)
    short = add_household(
        run, f"--member=姓名=单丽;与户主关系=配偶;身份证号={spouse};特殊群体=低保、残疾"
    )
    shown = run.json("household", "show", short)
    assert shown["household"]["address"] == "3栋2单元301室"
    names = [m["name"] for m in shown["members"]]
    assert names == ["单丽"]
    assert shown["members"][0]["special_groups"] == ["dibao", "disability"]


def test_set_unknown_field_is_refused(run: Runner) -> None:
    short = add_household(run)
    result = run("household", "set", short, "颜色=红")
    assert result.code == 2
    assert one_line(result) == "“被征收户”没有名为“颜色”的字段。"
    english = run("--lang", "en", "household", "set", short, "colour=red")
    assert one_line(english) == "“household” has no field named “colour”."


def test_set_by_code_and_label_and_state(run: Runner) -> None:
    short = add_household(run)
    result = run("household", "set", short, "态度=反对", "registered_area=70.5", "状态=已调查")
    assert result.code == 0, result.err
    data = run.json("household", "show", short)["household"]
    assert data["attitude"] == "oppose"
    assert data["registered_area"] == 70.5
    assert data["state"] == "surveyed"


def test_state_jump_is_refused_and_changes_nothing(run: Runner) -> None:
    short = add_household(run)
    result = run("household", "set", short, "态度=同意", "状态=已交房")
    assert result.code == 2
    assert one_line(result).startswith("住户状态不能从“调查中”直接变为“已交房”")
    data = run.json("household", "show", short)["household"]
    assert data["state"] == "surveying" and data["attitude"] is None


def test_a_bad_value_in_set_changes_nothing(run: Runner) -> None:
    short = add_household(run)
    result = run("household", "set", short, "态度=同意", "联系电话=12345")
    assert result.code == 2
    assert "联系电话" in one_line(result)
    assert run.json("household", "show", short)["household"]["attitude"] is None


def test_unknown_household_and_bad_arguments(run: Runner) -> None:
    missing = run("household", "show", "deadbeef")
    assert missing.code == 2
    assert one_line(missing) == "找不到住户“deadbeef”。"
    usage = run("household", "frobnicate")
    assert usage.code == 2
    assert one_line(usage).startswith("命令参数有误")


# --- show / find / history / attach ---------------------------------------------------------


def test_show_masks_numbers_and_reveal_is_logged(run: Runner) -> None:
    short = add_household(run)
    shown = run("household", "show", short)
    assert shown.code == 0, shown.err
    assert VALID_ID not in shown.out and "13812345678" not in shown.out
    assert "320214********0074" in shown.out and "138****5678" in shown.out
    assert run.json("household", "show", short)["household"]["head_id_number"] == (
        "320214********0074"
    )
    revealed = run("household", "show", short, "--reveal")
    assert VALID_ID in revealed.out
    events = [e for e in run.json("history", short)["entries"] if e["kind"] == "event"]
    assert {e["new"]["field"] for e in events} == {"head_id_number", "phone"}


def test_find_by_pinyin_initials_and_two_characters(demo: Runner) -> None:
    assert first_household(demo, "zjw")["head_name"] == "章金伟"
    assert first_household(demo, "单丽")["head_name"] == "单丽"
    assert first_household(demo, "shanli")["head_name"] == "单丽"  # surname reading shan
    found = [h["head_name"] for h in demo.json("household", "find", "zw")["households"]]
    assert "曾伟" in found  # 曾 read as the surname zeng, not ceng
    text = demo("household", "find", "zjw")
    assert "章金伟" in text.out
    nothing = demo("household", "find", "qqqqxx")
    assert nothing.code == 0 and "没有找到" in nothing.out


def test_find_by_last_four_digits(demo: Runner) -> None:
    shown = demo.json("household", "show", first_household(demo, "zjw")["short_id"], "--reveal")
    tail = shown["household"]["head_id_number"][-4:]
    ids = [h["id"] for h in demo.json("household", "find", tail)["households"]]
    assert shown["household"]["id"] in ids


def test_history_shows_old_and_new(run: Runner) -> None:
    short = add_household(run)
    run("household", "set", short, "态度=观望")
    run("household", "set", short, "态度=同意")
    text = run("history", short)
    assert text.code == 0
    assert "观望 → 同意" in text.out
    assert "李明" in text.out
    entries = run.json("history", short)["entries"]
    changes = [(e["old"], e["new"]) for e in entries if e["field"] == "attitude"]
    assert changes == [([], "undecided"), (["undecided"], "agree")]


def test_attach_a_file(run: Runner, tmp_path: Path) -> None:
    short = add_household(run)
    photo = tmp_path / "房屋照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    data = run.json("attach", short, str(photo))
    assert data["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert data["size"] == photo.stat().st_size
    shown = run.json("household", "show", short)
    assert [a["name"] for a in shown["attachments"]] == ["房屋照片.jpg"]
    missing = run("attach", short, str(tmp_path / "nope.jpg"))
    assert missing.code == 2
    assert "nope.jpg" in one_line(missing)


# --- visits and requests --------------------------------------------------------------------


def test_visit_add_sets_household_attitude(run: Runner) -> None:
    short = add_household(run)
    visit = run.json(
        "visit", "add", short, "走访日期=2026-11-20", "态度=同意", "宣传解释内容=讲解房票政策"
    )
    assert visit["attitude"] == "agree" and visit["caseworkers"] == "李明"
    assert run.json("household", "show", short)["household"]["attitude"] == "agree"


def test_request_lifecycle(run: Runner) -> None:
    short = add_household(run)
    added = run.json(
        "request", "add", "--household", short, "--category", "面积认定",
        "--summary", "要求重新测量", "受理日期=2026-11-01",
    )  # fmt: skip
    assert added["status"] == "open" and added["deadline"] == "2026-11-16"
    rid = added["short_id"]
    assert run.json("request", "list", "--overdue")["requests"][0]["short_id"] == rid
    closing = run("request", "set", rid, "办理状态=已办结")
    assert closing.code == 2 and "答复意见" in one_line(closing)
    run.json("request", "set", rid, "--progress", "已转测绘单位复测")
    done = run.json("request", "set", rid, "办理状态=已办结", "答复意见=已复测", "回访满意度=满意")
    assert done["request"]["status"] == "closed" and done["request"]["satisfaction"] == "satisfied"
    detail = run.json("household", "show", short)["requests"][0]
    assert [p["text"] for p in detail["progress"]] == ["已转测绘单位复测"]


def test_request_needs_a_household_or_project(run: Runner) -> None:
    result = run("request", "add", "--category", "其他", "--summary", "噪音")
    assert result.code == 2
    assert "--household" in one_line(result)


# --- output and plumbing ----------------------------------------------------------------------


def test_json_output_parses(demo: Runner) -> None:
    stats = demo.json("stats")
    assert stats["records"]["household"] == 30
    assert set(stats["requests_by_status"]) == {"open", "in_progress", "escalated", "closed"}
    assert stats["requests_overdue"] > 0
    listed = demo.json("household", "list", "--sort", "head_name", "--limit", "10")
    assert listed["total"] == 30 and len(listed["households"]) == 10
    names = [h["head_name"] for h in listed["households"]]
    assert names == sorted(names)
    projects = demo.json("project", "list")["projects"]
    assert len(projects) == 6 and projects[0]["rank"] == 1
    requests = demo.json("request", "list")["requests"]
    assert any(r["overdue"] for r in requests)


def test_json_errors_carry_the_code(run: Runner) -> None:
    result = run("--json", "household", "show", "deadbeef")
    assert result.code == 2
    assert result.json() == {
        "error": {"code": "household_not_found", "message": "找不到住户“deadbeef”。"}
    }


def test_a_bug_exits_1_with_a_log(
    run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services import overview

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(overview, "stats", broken)
    result = run("stats")
    assert result.code == 1
    line = one_line(result)
    assert "程序内部出错" in line
    logs = list((data_dir / "logs").glob("*.log"))
    assert len(logs) == 1 and "simulated bug" in logs[0].read_text(encoding="utf-8")


def test_every_command_module_registers() -> None:
    names = [m.__name__ for m in cli_main.command_modules()]
    for core in (
        "cli.setup",
        "cli.projects",
        "cli.households",
        "cli.visits",
        "cli.requests",
        "cli.records",
    ):
        assert core in names
    parser = cli_main.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    wanted = {"init", "demo", "stats", "project", "household", "visit", "request", "history"}
    assert wanted | {"attach"} <= set(commands.choices)


def test_help_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli_main.main(["--help"], out=io.StringIO(), err=io.StringIO())
    assert stop.value.code == 0
    assert "household" in capsys.readouterr().out
