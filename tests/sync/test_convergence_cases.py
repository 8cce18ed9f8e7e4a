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
        if callable(answer):  # looked up when drawn (record ids are made at run time)
            answer = answer()
        if elements is None or answer in elements:  # the value itself (e.g. a record id)
            return answer
        return elements[answer]


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


def by_name(
    state: DistrictMachine, table: str, column: str, *names: str
) -> list[Callable[[], str]]:
    """Lookups of records the set-up made, by name (their ids are made at run time)."""

    def lookup(name: str) -> Callable[[], str]:
        return lambda: state.d.hub.ws.read(
            lambda db: db.conn.execute(
                f"SELECT id FROM {table} WHERE {column} = ?", (name,)
            ).fetchone()[0]
        )

    return [lookup(name) for name in names]


def test_a_household_leaves_a_project_that_leaves_then_the_scope_follows_the_project() -> None:
    """Found by Hypothesis (HYPOTHESIS_PROFILE=long), shrunk by hand: a laptop scoped to 旺庄街道
    holds project P-00 and its household 王五00号. The hub moves 王五00号 to P-01 (硕放街道), then P-00
    to 硕放街道 and P-01 to 旺庄街道, and narrows the laptop to 硕放街道. P-00 enters the laptop's new
    scope, 王五00号 (now under P-01, in 旺庄街道) is outside both — but the laptop still holds it
    under P-00, so the household's move must reach it. The hub judged "was the household ever in
    the scope the laptop confirmed?" by P-00's sub-district *now* (硕放街道), not by every value it
    ever had, and never told the laptop: it ended with 王五00号."""

    def steps(state: DistrictMachine) -> None:
        project, other_project = by_name(state, "projects", "code", "P-00", "P-01")
        (household,) = by_name(state, "households", "head_name", "王五00号")
        state.setup(laptops=2, skews=[-DAY] * 7, scopes=[1, 0, 0, 0, 0, 0])
        state.move_household(data=Scripted(household, other_project), where=0)
        state.move_project(data=Scripted(project), sub="硕放街道", where=0)
        state.move_project(data=Scripted(other_project), sub="旺庄街道", where=0)
        state.change_scope(choice=2, which=0)

    replay(steps)


def test_the_long_run_that_found_it() -> None:
    """The step list HYPOTHESIS_PROFILE=long printed (before shrinking by hand, above): five
    laptops, the project moved 硕放→旺庄 more than once, a scope changed from 旺庄 to 硕放, a
    household deleted, flats reallocated; the narrowed laptop ended with 王五00号."""

    def steps(state: DistrictMachine) -> None:
        project, other_project = by_name(state, "projects", "code", "P-00", "P-01")
        household, household_02, household_10, household_11 = by_name(
            state, "households", "head_name", "王五00号", "王五02号", "王五10号", "王五11号"
        )
        flat = 0  # the hub's one flat (allocated to 王五00号 below)
        state.setup(laptops=5, skews=[-DAY] * 7, scopes=[1, 1, 0, 0, 0, 0])
        state.edit_household(data=Scripted(household), field="notes", value="13900000001", where=0)
        state.lose_a_stick(data=Scripted())
        state.change_scope(choice=0, which=0)
        state.move_household(data=Scripted(household, other_project), where=0)
        state.hub_exports(which=0)
        state.attach(content=b"\x8c", data=Scripted(household), to_flat=False, where=0)
        for _ in range(9):
            state.hub_exports(which=0)
        state.lose_a_stick(data=Scripted(0))
        state.move_project(data=Scripted(project), sub="硕放街道", where=4)
        for _ in range(3):
            state.hub_exports(which=0)
        state.move_project(data=Scripted(project), sub="旺庄街道", where=1)
        for _ in range(2):
            state.hub_exports(which=0)
        state.allocate_flat(data=Scripted(household), where=0)
        state.attach(content=b"\xad{\xe7", data=Scripted(flat), to_flat=True, where=0)
        state.hub_exports(which=0)
        state.move_household(data=Scripted(household_10, other_project), where=5)
        state.allocate_flat(data=Scripted(household_10), where=5)
        state.rename_project(data=Scripted(project), where=1)
        state.create_project(sub="旺庄街道", where=5)
        state.move_household(data=Scripted(household_11, project), where=0)
        state.move_project(data=Scripted(other_project), sub="旺庄街道", where=3)
        state.attach(
            content=b"\x16y\xde\x0c",
            data=Scripted(household_02),
            to_flat=False,
            where=1,
        )
        state.change_scope(choice=2, which=1)
        state.reallocate_flat(data=Scripted(), release=False, where=4)
        state.reallocate_flat(data=Scripted(), release=True, where=3)
        state.delete_household(data=Scripted(household), where=1)
        state.visit_the_office(back=False, which=0)
        state.attach(content=b' \x9e"\x1b~\xf0', data=Scripted(flat), to_flat=True, where=0)
        state.delete_household(data=Scripted(household_11), where=5)
        state.move_project(data=Scripted(project), sub="旺庄街道", where=6)

    replay(steps)


@pytest.mark.parametrize("read_whole", [False, True])  # the hub's plan: asking, or reading
@pytest.mark.parametrize("late_first", [False, True])
def test_a_project_moves_out_after_a_bundle_of_the_new_scope_the_laptop_has_not_confirmed(
    late_first: bool, read_whole: bool
) -> None:
    """Found by Hypothesis (HYPOTHESIS_PROFILE=long, amid concurrent renames that played no
    part), shrunk by hand: a laptop scoped to 旺庄街道 is narrowed to 硕放街道, and the hub's next
    bundle brings it project P-01 (硕放街道) and its two households. Before the laptop confirms
    the new scope, the hub moves P-01 to 旺庄街道 and writes another bundle.

    In order: the hub judged "may the laptop hold P-01?" only by the scope the laptop last
    confirmed (旺庄街道, where P-01 never was), left the move out, and the bundle's `covers` made
    the laptop acknowledge it: it kept P-01 in 硕放街道 for good. Late first (the newer bundle,
    with the move, arrives first): the laptop holds no P-01 yet and drops the notice; the older
    bundle then brought P-01 back as it was, and nothing would ever tell the laptop again."""

    def steps(state: DistrictMachine) -> None:
        (project,) = by_name(state, "projects", "code", "P-01")
        state.setup(laptops=2, skews=[-DAY] * 7, scopes=[1, 0, 0, 0, 0, 0], read_whole=read_whole)
        state.change_scope(choice=2, which=0)
        state.hub_exports(which=0)  # brings P-01 and its households
        state.move_project(data=Scripted(project), sub="旺庄街道", where=0)  # on the hub
        state.hub_exports(which=0)
        state.deliver(data=Scripted(1 if late_first else 0), keep=False)
        state.deliver(data=Scripted(0), keep=False)

    replay(steps)
