"""Every command shown in README.md and docs/**/*.md runs exactly as written.

The commands are read from the Markdown itself: each line of a ```sh (bash, shell, console) block
and every line starting with ./doorstep in any block. A command added to the docs later — by
anyone — is picked up and run without touching this file; when the docs drift from the command
line (an option renamed, an example id that names nothing), this fails and names the line.

Each block of commands is a person following the docs: its commands run in order, through the
real entry (main.main, which picks the window or the command line), in one fresh copy of a
prepared world (tests/prepared.py). The current directory holds the files the examples open (and
what earlier commands of the block wrote there), and the default database is the one the command
is meant for — a laptop with the demo data and the records the examples name, unless the table
below says otherwise.
"""

from __future__ import annotations

import contextlib
import glob
import io
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

import main as entry
from cli.main import command_words
from tests.prepared import build_world, copy_world, sync_environment

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
SHELL_FENCES = {"sh", "bash", "shell", "console"}
SHELL_OPERATORS = {"|", "||", "&&", ";", ">", ">>", "<", "&", "2>", "2>&1"}

# Programs in the docs that are not ./doorstep, and why they are not run here.
NOT_RUN = {
    "./run-tests": "the whole check; this test is part of it",
    "./package": "builds the one-folder app; tests/test_package.py builds and runs it",
}
# Which database a command expects (by its leading command words); the default is the laptop.
#   new: no database yet; blank: a profile and nothing else; hub: the district office's.
DATABASE_FOR = {
    ("init",): "new",
    ("demo",): "blank",
    ("device", "init"): "blank",
    ("import-bundle",): "hub",  # the stick holds the laptop's bundle for the hub
    ("revoke",): "hub",
    ("registry", "export"): "hub",
    ("scope", "set"): "hub",  # the hub sets a laptop's scope
    ("late-edits",): "hub",
}
# Documented outcomes other than success, by command words. `./doorstep` alone opens the
# window; there is no display here, and the README promises one sentence instead of a crash.
EXPECTED_EXIT = {(): 2}


@dataclass(frozen=True)
class Command:
    doc: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}: {self.text}"


@dataclass(frozen=True)
class Block:
    """The commands of one code block (or one ./doorstep line outside any block)."""

    commands: tuple[Command, ...]

    def __str__(self) -> str:
        first = self.commands[0]
        return f"{first.doc.relative_to(ROOT)}:{first.line}"


def documented_blocks() -> list[Block]:
    blocks: list[Block] = []
    for doc in DOCS:
        fence: str | None = None
        current: list[Command] = []
        for number, raw in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip()
            opening = re.match(r"^(`{3,}|~{3,})\s*([\w-]*)", line)
            if opening:
                if current:
                    blocks.append(Block(tuple(current)))
                    current = []
                fence = None if fence is not None else opening.group(2).lower()
                continue
            if line.startswith("$ "):
                line = line[2:]
            if not line or line.startswith("#"):
                continue
            if line.startswith("./doorstep") or (fence in SHELL_FENCES):
                current.append(Command(doc, number, line))
                if fence is None:  # a lone line in the text
                    blocks.append(Block(tuple(current)))
                    current = []
        if current:
            blocks.append(Block(tuple(current)))
    return blocks


BLOCKS = documented_blocks()


def test_the_docs_show_commands() -> None:
    """The extraction itself works: the README's command-line section is found."""
    texts = [c.text for block in BLOCKS for c in block.commands]
    assert any(t.startswith("./doorstep household show") for t in texts), texts
    assert len(texts) >= 30


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_world(tmp_path_factory.mktemp("world") / "w")


def words_of(argv: list[str]) -> tuple[str, ...]:
    """The command words (`household show`), global options and values skipped."""
    return tuple(command_words(argv))


def database_for(argv: list[str]) -> str:
    words = words_of(argv)
    for length in range(len(words), 0, -1):
        if words[:length] in DATABASE_FOR:
            return DATABASE_FOR[words[:length]]
    return "laptop"


def split(command: Command, cwd: Path) -> list[str]:
    lexer = shlex.shlex(command.text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    tokens = list(lexer)
    operators = [t for t in tokens if t in SHELL_OPERATORS]
    assert not operators, f"{command}\n  write one command per line (found {operators})"
    expanded: list[str] = []
    for token in tokens:
        matches = sorted(glob.glob(token, root_dir=cwd)) if any(c in token for c in "*?[") else []
        expanded += matches or [token]  # sh keeps a pattern that matches nothing
    return expanded


@pytest.mark.parametrize("block", BLOCKS, ids=str)
def test_documented_commands_run_as_written(
    block: Block, world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = copy_world(world, tmp_path / "run")
    cwd = run / "work"
    monkeypatch.chdir(cwd)
    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(variable, raising=False)
    for command in block.commands:
        run_one(command, run, cwd, monkeypatch)


def run_one(command: Command, run: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    argv = split(command, cwd)
    program, args = argv[0], argv[1:]
    if program in NOT_RUN:
        return  # see NOT_RUN for why
    assert program == "./doorstep", f"{command}\n  unknown program {program!r}: add it to NOT_RUN"
    data_dir = run / database_for(args)
    data_dir.mkdir(exist_ok=True)
    monkeypatch.setenv("DOORSTEP_DATA_DIR", str(data_dir))
    out, err = io.StringIO(), io.StringIO()
    with sync_environment(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = entry.main(args)
        except SystemExit as exc:  # --help
            code = int(exc.code or 0)
    # () is the window (`./doorstep` alone), not a command whose words were not found
    # (`./doorstep --version`, `./doorstep --password-file 密码.txt stats`)
    words = words_of(args)
    expected = (
        EXPECTED_EXIT[()] if entry.wants_gui(args) else EXPECTED_EXIT.get(words, 0) if words else 0
    )
    assert code == expected, f"{command}\n  exit {code}, expected {expected}\n{err.getvalue()}"
    if code != 0:
        lines = err.getvalue().strip().splitlines()
        assert lines and "Traceback" not in err.getvalue(), err.getvalue()
