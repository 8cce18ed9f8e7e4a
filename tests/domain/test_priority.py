"""The priority formula: hand-computed scores, the formula text, weights and bounds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from domain.priority import (
    DEFAULT_WEIGHTS,
    PriorityInputs,
    Weights,
    definitions_text,
    formula_text,
    score,
)

FULL = PriorityInputs(
    urgency=5, benefit=3, funding_needed=100.0, funding_secured=50.0, households=250, area_mu=100.0
)


def test_default_formula_text() -> None:
    assert formula_text() == (
        "优先级 = 100 × (0.35×紧迫 + 0.25×资金匹配 + 0.25×效益 + 0.1×户数 + 0.05×面积)"
    )
    assert formula_text(language="en") == (
        "priority = 100 × (0.35×urgency + 0.25×funding match + 0.25×benefit + 0.1×households"
        " + 0.05×area)"
    )


def test_formula_text_leaves_out_zero_weights_and_normalises() -> None:
    three = Weights(urgency=0.4, funding=0.3, benefit=0.3, households=0, area=0)
    assert formula_text(three) == "优先级 = 100 × (0.4×紧迫 + 0.3×资金匹配 + 0.3×效益)"
    doubled = Weights(urgency=4, funding=3, benefit=3, households=0, area=0)
    assert formula_text(doubled) == formula_text(three)
    assert score(FULL, doubled).score == score(FULL, three).score
    lines = definitions_text(three)
    assert lines[0] == "紧迫 = (紧迫程度 − 1) ÷ 4"
    assert not any("户数" in line for line in lines)


def test_hand_computed_score() -> None:
    # components: urgency (5-1)/4 = 1, funding 50/100 = .5, benefit (3-1)/4 = .5,
    # households 250/500 = .5, area 100/500 = .2
    # 100 × (.35×1 + .25×.5 + .25×.5 + .10×.5 + .05×.2) = 100 × .66 = 66.0
    found = score(FULL)
    assert found.score == 66.0
    assert found.components == {
        "urgency": 1.0,
        "funding": 0.5,
        "benefit": 0.5,
        "households": 0.5,
        "area": 0.2,
    }
    assert found.contributions["urgency"] == 35.0
    assert found.missing == ()


def test_funding_is_capped_and_nothing_needed_counts_as_matched() -> None:
    over = PriorityInputs(funding_needed=100.0, funding_secured=300.0)
    assert score(over).components["funding"] == 1.0
    nothing = PriorityInputs(funding_needed=0.0, funding_secured=None)
    assert score(nothing).components["funding"] == 1.0


def test_missing_inputs_count_as_zero_and_are_listed() -> None:
    found = score(PriorityInputs(urgency=3))
    assert found.score == 17.5  # 100 × .35 × .5
    assert found.missing == ("funding", "benefit", "households", "area")


def test_bad_weights_refused() -> None:
    with pytest.raises(UserError):
        Weights(urgency=-1)
    with pytest.raises(UserError):
        Weights(urgency=0, funding=0, benefit=0, households=0, area=0)
    with pytest.raises(UserError):
        Weights.from_dict({"urgency": "lots"})
    assert Weights.from_dict(None) == DEFAULT_WEIGHTS
    assert Weights.from_dict(DEFAULT_WEIGHTS.as_dict()) == DEFAULT_WEIGHTS


scores_1_5 = st.none() | st.integers(1, 5)
money = st.none() | st.floats(0, 1e10)


@settings(max_examples=300, deadline=None)
@given(
    urgency=scores_1_5,
    benefit=scores_1_5,
    needed=money,
    secured=money,
    households=st.none() | st.integers(0, 100_000),
    area=st.none() | st.floats(0, 10_000),
    weights=st.tuples(*[st.floats(0, 10)] * 5).filter(lambda w: sum(w) > 0.01),
)
def test_score_stays_within_0_and_100_and_rises_with_urgency(
    urgency: int | None,
    benefit: int | None,
    needed: float | None,
    secured: float | None,
    households: int | None,
    area: float | None,
    weights: tuple[float, ...],
) -> None:
    w = Weights(*weights)
    inputs = PriorityInputs(urgency, benefit, needed, secured, households, area)
    found = score(inputs, w)
    assert 0 <= found.score <= 100
    if urgency is not None and urgency < 5:
        higher = PriorityInputs(urgency + 1, benefit, needed, secured, households, area)
        assert score(higher, w).score >= found.score
