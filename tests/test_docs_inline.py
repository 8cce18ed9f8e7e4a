"""Every command written inline in the prose of README.md and docs/*.md — a `code span` naming a
program, as in "the bench is `python -m bench.bench_grid`" — works exactly as written.
(tests/test_docs_commands.py runs the commands of code blocks.)

How each is checked, by its program:
- `./doorstep …` and `python main.py …` (the same program inside the environment) run through
  the real entry in the prepared world, as test_docs_commands runs them.
- `python -c "…"` runs.
- benchmarks (`python -m bench.…`) and scripts (`python scripts/….py`, also behind `xvfb-run`,
  `uv run` or `.venv/bin/python`) take minutes or open windows: their own argument parser must
  accept the words exactly as written (in a separate process that stops once it has parsed),
  so a renamed option, a module that moved or a placeholder fails here.
- NOT_RUN: programs that are this check itself or the packaged build, with the test that runs
  them.
A placeholder (`DIR`, `PATH`, `<command>`, `[--update]`) fails in every case: write a runnable
example instead.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.prepared import build_world, copy_world
from tests.test_docs_commands import DOCS, ROOT, Command, run_one

PROGRAMS = {"./doorstep", "python", "python3", ".venv/bin/python", "uv", "xvfb-run", "pytest",
            "./run-tests", "./package", "Doorstep"}  # fmt: skip
ALONE = {"./doorstep", "./run-tests", "./package"}  # a program named alone is still a command
NOT_RUN = {
    "./run-tests": "the whole check; this test is part of it",
    "./package": "builds the one-folder app; tests/test_package.py builds and runs it",
    "pytest": "the test suite; this test is part of it",
    "Doorstep": "the packaged program; tests/test_package.py runs it (window and command line)",
    "./doorstep (window)": "opens the window for a person; tests/ui and tests/test_package.py do",
}
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]+$|[<>\[\]]")


@dataclass(frozen=True)
class Inline:
    doc: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}: {self.text}"


def inline_commands() -> list[Inline]:
    found = []
    for doc in DOCS:
        prose, fenced = [], False
        for raw in doc.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(`{3,}|~{3,})", raw):
                fenced = not fenced
                prose.append("")
            else:
                prose.append("" if fenced else raw)
        text = "\n".join(prose)
        for match in re.finditer(r"(?<!`)`([^`]+)`(?!`)", text):
            span = " ".join(match.group(1).split())  # a span may wrap onto the next line
            try:
                words = shlex.split(span)
            except ValueError:
                continue
            program = strip_wrappers(words)
            if not program or program[0] not in PROGRAMS:
                continue
            if len(program) == 1 and program[0] not in ALONE:
                continue  # a program named in a sentence ("with `python3`"), not a command
            found.append(Inline(doc, text.count("\n", 0, match.start()) + 1, span))
    return found


def strip_wrappers(words: list[str]) -> list[str]:
    """The command inside environment assignments, `xvfb-run [-a] [-s ARGS]` and `uv run`."""
    rest = list(words)
    while rest:
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", rest[0]):
            rest = rest[1:]
        elif rest[0] == "xvfb-run":
            rest = rest[1:]
            while rest and rest[0].startswith("-"):
                rest = rest[2:] if rest[0] == "-s" else rest[1:]
        elif rest[:2] == ["uv", "run"]:
            rest = rest[2:]
        else:
            break
    return rest


INLINE = inline_commands()


def test_the_prose_shows_inline_commands() -> None:
    """The extraction works: the benchmarks' and the command line's inline commands are found."""
    texts = [c.text for c in INLINE]
    assert any(t.startswith("python -m bench.bench_sync") for t in texts), texts
    assert any(t.startswith("./doorstep --version") for t in texts), texts
    assert len(texts) >= 20


@pytest.mark.parametrize("command", INLINE, ids=str)
def test_no_placeholders(command: Inline) -> None:
    words = strip_wrappers(shlex.split(command.text))
    held = [w for w in words[1:] if PLACEHOLDER.search(w) and not w.startswith("-screen")]
    assert not held, f"{command}\n  write a runnable example instead of {held}"


def kind_of(words: list[str]) -> str:
    program = words[0]
    if program in ("./doorstep", "python", "python3", ".venv/bin/python") and (
        program == "./doorstep" or words[1:2] == ["main.py"]
    ):
        args = words[1:] if program == "./doorstep" else words[2:]
        return "window" if not args or args == ["--screenshot"] else "doorstep"
    if program in ("python", "python3", ".venv/bin/python"):
        if words[1:2] == ["-c"]:
            return "python-c"
        if words[1:2] == ["-m"] or (len(words) > 1 and words[1].endswith(".py")):
            return "parse"
    if program in NOT_RUN:
        return "not-run"
    return "unknown"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(tmp_path_factory.mktemp("world") / "w")


DOORSTEP = [c for c in INLINE if kind_of(strip_wrappers(shlex.split(c.text))) == "doorstep"]
WINDOW_ALONE = [c for c in INLINE if c.text == "./doorstep"]  # no display here: one sentence


@pytest.mark.parametrize("command", DOORSTEP + WINDOW_ALONE, ids=str)
def test_inline_doorstep_commands_run(
    command: Inline, world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = copy_world(world, tmp_path / "run")
    monkeypatch.chdir(run / "work")
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(variable, raising=False)
    text = re.sub(r"^(python3?|\.venv/bin/python) main\.py", "./doorstep", command.text)
    run_one(Command(command.doc, command.line, text), run, run / "work", monkeypatch)


def test_inline_python_snippets_run() -> None:
    snippets = [c for c in INLINE if kind_of(shlex.split(c.text)) == "python-c"]
    assert snippets
    for command in snippets:
        words = shlex.split(command.text)
        proc = subprocess.run([sys.executable, *words[1:]], cwd=ROOT, capture_output=True)
        assert proc.returncode == 0, f"{command}\n{proc.stderr.decode()}"


# Run in a fresh process for each listed command: the program's module is run as `__main__`
# with argparse stopping it once the arguments are parsed (its exit 2 if they are not).
PARSE_ONLY = r"""
import argparse, json, os, runpy, sys

class Parsed(BaseException):
    pass

def parsed(method):
    def parse(self, *args, **kwargs):
        method(self, *args, **kwargs)
        raise Parsed
    return parse

argparse.ArgumentParser.parse_args = parsed(argparse.ArgumentParser.parse_args)
argparse.ArgumentParser.parse_known_args = parsed(argparse.ArgumentParser.parse_known_args)
results = []
for words in json.loads(sys.argv[1]):
    module = words[1] == "-m"
    target, argv = (words[2], words[3:]) if module else (words[1], words[2:])
    sys.argv = [target, *argv]
    try:
        if module:
            runpy.run_module(target, run_name="__main__", alter_sys=True)
        else:
            sys.path.insert(0, os.path.dirname(os.path.abspath(target)))  # as `python script`
            runpy.run_path(target, run_name="__main__")
        results.append("ran without parsing its arguments")
    except Parsed:
        results.append("ok")
    except SystemExit as exc:
        results.append(f"its parser refused the arguments (exit {exc.code})")
    except BaseException as exc:
        results.append(f"{type(exc).__name__}: {exc}")
print(json.dumps(results))
"""


def test_inline_benchmark_and_script_commands_parse_as_written() -> None:
    commands = [c for c in INLINE if kind_of(strip_wrappers(shlex.split(c.text))) == "parse"]
    assert len(commands) >= 15
    argvs = [strip_wrappers(shlex.split(c.text)) for c in commands]
    proc = subprocess.run(
        [sys.executable, "-c", PARSE_ONLY, json.dumps(argvs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**_env(), "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout.strip().splitlines()[-1])
    failures = [f"{c}\n  {r}" for c, r in zip(commands, results, strict=True) if r != "ok"]
    assert not failures, "\n".join(failures)


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_every_inline_command_is_checked() -> None:
    """No inline command falls through: each is run, parsed, or named in NOT_RUN with why."""
    for command in INLINE:
        words = strip_wrappers(shlex.split(command.text))
        kind = kind_of(words)
        if kind == "window":
            assert command.text == "./doorstep" or "./doorstep (window)" in NOT_RUN, command
            continue
        assert kind != "unknown", f"{command}\n  unknown program: add how to check it"
