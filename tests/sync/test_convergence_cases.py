"""Cases the random convergence test (test_convergence.py) found, replayed step by step as
ordinary tests so that they run every time, whatever Hypothesis draws.

Each replay calls the state machine's own rules; `Scripted` stands in for `st.data()` and answers
each draw from a list (an index into a `sampled_from`'s elements, or the value itself)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

from tests.sync.test_convergence import DAY, DistrictMachine


class Scripted:
    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)

    def draw(self, strategy: Any) -> Any:
        answer = self.answers.pop(0)
        elements = getattr(strategy, "elements", None)
        return elements[answer] if elements is not None else answer


def replay(steps: Callable[[DistrictMachine], None]) -> None:
    """Run `steps` on a fresh machine inside a Hypothesis test (its `event` calls need one),
    then the machine's teardown: the final exchange and every promise."""

    @settings(
        max_examples=1,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.just(None))
    def run(_: None) -> None:
        state = DistrictMachine()
        try:
            steps(state)
        finally:
            state.teardown()

    run()


@pytest.mark.parametrize("choice", [3, 0])  # the whole district; no scope
def test_a_laptop_moves_its_project_out_then_its_scope_grows(choice: int) -> None:
    """Found by Hypothesis: 笔记本1 ended without its own move's field head (the project kept
    旺庄街道 from its create while the hub had 硕放街道)."""

    def steps(state: DistrictMachine) -> None:
        state.setup(laptops=2, skews=[-DAY] * 7, scopes=[1, 0, 0, 0, 0, 0])
        state.move_project(data=Scripted(0), sub="硕放街道", where=1)
        state.change_scope(choice=choice, which=0)
        state.deliver(data=Scripted(0), keep=False)

    replay(steps)


@pytest.mark.parametrize("choice", [3, 0])
def test_a_laptop_moves_its_project_out_is_purged_then_its_scope_grows(choice: int) -> None:
    """The same with the hub's bundle delivered between the move and the scope change: the
    purge removes the project but keeps the laptop's unsent move op (without its head); the
    wider scope brings the project's history back, and the kept op must count again."""

    def steps(state: DistrictMachine) -> None:
        state.setup(laptops=2, skews=[-DAY] * 7, scopes=[1, 0, 0, 0, 0, 0])
        state.move_project(data=Scripted(0), sub="硕放街道", where=1)
        state.hub_exports(which=0)
        state.deliver(data=Scripted(0), keep=False)
        state.change_scope(choice=choice, which=0)
        state.deliver(data=Scripted(0), keep=False)

    replay(steps)
