"""Properties that count their examples, for tests/test_hypothesis_profiles.py (which runs this
file in a child pytest under each profile; the name keeps it out of the suite's own run). Each
example appends one byte to a file named after its test in $COUNTED_DIR."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from tests.conftest import examples


def _count(name: str) -> None:
    with (Path(os.environ["COUNTED_DIR"]) / name).open("ab") as out:
        out.write(b".")


@settings(max_examples=4, deadline=None)
@given(st.integers())
def test_hard_coded(n: int) -> None:
    _count("hard_coded")


@settings(max_examples=examples(3), deadline=None)
@given(st.integers())
def test_through_examples(n: int) -> None:
    _count("through_examples")


@given(st.integers())
def test_profile_default(n: int) -> None:
    _count("profile_default")


class Counted(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        _count("stateful")

    @rule()
    def step(self) -> None:
        pass


Counted.TestCase.settings = settings(max_examples=2, stateful_step_count=2, deadline=None)
TestCounted = Counted.TestCase
