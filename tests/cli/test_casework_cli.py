"""Issue 9 items 2 and 3 on the command line: `visit add` refuses an empty visit, `visit set`
corrects one, `visit void` voids one with a reason, `visit list` shows both, `household delete`
deletes a household with a reason."""

from __future__ import annotations

from tests.cli.conftest import Runner
from tests.cli.test_cli import add_household


def test_an_empty_visit_is_refused_in_one_sentence(run: Runner) -> None:
    short = add_household(run)
    refused = run("visit", "add", short)
    assert refused.code == 2
    assert refused.err.strip().count("\n") == 0 and "走访记录是空的" in refused.err
    assert run.json("visit", "list", short)["visits"] == []


def test_correct_void_and_list_visits(run: Runner) -> None:
    short = add_household(run)
    first = run.json("visit", "add", short, "走访日期=2026-11-01", "宣传解释内容=讲解房票")
    wrong = run.json(
        "visit", "add", short, "走访日期=2026-11-20", "态度=反对", "下次走访日期=2026-12-04"
    )
    changed = run.json("visit", "set", first["short_id"], "宣传解释内容=讲解货币补偿")
    assert changed["changed"] == ["explained"]
    human = run("visit", "set", first["short_id"], "下次走访日期=2026-11-15")
    assert human.code == 0 and "下次走访日期" in human.out
    assert run("visit", "void", wrong["short_id"], "--reason", "").code == 2
    voided = run("visit", "void", wrong["short_id"], "--reason", "记到了隔壁户")
    assert voided.code == 0 and "记到了隔壁户" in voided.out
    listed = run.json("visit", "list", short)["visits"]
    assert [(v["visited_on"], v["voided"], v["void_reason"]) for v in listed] == [
        ("2026-11-20", True, "记到了隔壁户"),
        ("2026-11-01", False, None),
    ]
    text = run("visit", "list", short).out
    assert "已作废：记到了隔壁户" in text
    row = run.json("household", "list")["households"][0]
    assert (row["last_visit_on"], row["next_visit_due"]) == ("2026-11-01", "2026-11-15")
    again = run("visit", "set", wrong["short_id"], "宣传解释内容=改")
    assert again.code == 2 and "已作废" in again.err


def test_household_delete_with_reason(run: Runner) -> None:
    short = add_household(run)
    assert run("household", "delete", short).code == 2  # --reason is required
    assert run("household", "delete", short, "--reason", " ").code == 2
    done = run("household", "delete", short, "--reason", "重复登记")
    assert done.code == 0 and "重复登记" in done.out
    assert run.json("household", "list")["total"] == 0
    assert run("household", "show", short).code == 2
    history = run("history", short)
    assert history.code == 0


def test_the_readme_lines_run_with_real_ids(run: Runner) -> None:
    """The README's `visit set|void|list` and `household delete` lines, as written, with the
    placeholder ids (1a2b3c4d a household, 9f8e7d6c one of its visits) made real."""
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    lines = [
        line.split("#")[0].strip()
        for line in readme.splitlines()
        if line.startswith(("./doorstep visit set ", "./doorstep household delete "))
    ]
    assert len(lines) == 2
    household = add_household(run)
    visit = run.json("visit", "add", household, "宣传解释内容=讲解房票")["short_id"]
    for line in lines:
        for command in line.removeprefix("./doorstep ").split(" | "):
            command = command.replace("1a2b3c4d", household).replace("9f8e7d6c", visit)
            result = run(*shlex.split(command.replace("…", "讲解货币补偿")))
            assert result.code == 0, (command, result.err)
    assert run.json("household", "list")["total"] == 0
