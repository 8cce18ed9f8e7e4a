"""Household states and the steps between them (shared/design/domain.md).

The main line runs survey → agreement → moving → handover → settlement. Exceptions branch off
(no agreement → compensation decision → court enforcement; temporary housing; waiting for a swap
flat) and rejoin. A step back one state is allowed to correct a mistake; a jump is refused.
"""

from __future__ import annotations

from domain.choices import Choice, ChoiceList

MAIN_LINE = [
    Choice("surveying", "调查中", "surveying"),
    Choice("surveyed", "已调查", "surveyed"),
    Choice("confirming", "确权中", "confirming title"),
    Choice("confirmed", "已确权", "title confirmed"),
    Choice("valuing", "评估中", "valuing"),
    Choice("valued", "已评估", "valued"),
    Choice("negotiating", "协商中", "negotiating"),
    Choice("signed", "已签约", "signed"),
    Choice("moving", "搬迁中", "moving"),
    Choice("vacated", "已搬迁(腾空)", "vacated"),
    Choice("handed_over", "已交房", "handed over"),
    Choice("settling", "结算中", "settling"),
    Choice("completed", "补偿完成", "compensation completed"),
]
EXCEPTIONS = [
    Choice("no_agreement", "达不成协议", "no agreement"),
    Choice("compensation_decision", "补偿决定", "compensation decision"),
    Choice("court_enforcement", "申请法院强制执行", "court enforcement applied for"),
    Choice("temporary_housing", "临时周转中", "in temporary housing"),
    Choice("awaiting_swap_flat", "产权调换安置中", "awaiting swap flat"),
]

HOUSEHOLD_STATES = ChoiceList(*MAIN_LINE, *EXCEPTIONS)
INITIAL_STATE = "surveying"

_main = [c.code for c in MAIN_LINE]
_RANK = {code: i for i, code in enumerate(_main)}  # position on the main line


def _transitions() -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {code: set() for code in HOUSEHOLD_STATES.codes()}
    for i, code in enumerate(_main):
        if i + 1 < len(_main):
            allowed[code].add(_main[i + 1])
        if i > 0:
            allowed[code].add(_main[i - 1])  # correcting a mistake
    # Negotiation can fail; a compensation decision follows, then signing or the court.
    allowed["negotiating"].add("no_agreement")
    allowed["no_agreement"] |= {"negotiating", "compensation_decision"}
    allowed["compensation_decision"] |= {"negotiating", "signed", "court_enforcement"}
    allowed["court_enforcement"] |= {"compensation_decision", "vacated"}
    # After signing: temporary housing or waiting for a swap flat while moving out.
    for state in ("signed", "moving", "vacated"):
        allowed[state] |= {"temporary_housing", "awaiting_swap_flat"}
    allowed["temporary_housing"] |= {"moving", "vacated", "handed_over", "awaiting_swap_flat"}
    allowed["awaiting_swap_flat"] |= {"moving", "vacated", "handed_over", "temporary_housing"}
    return allowed


TRANSITIONS = _transitions()


def can_move(old: str, new: str) -> bool:
    return new in TRANSITIONS.get(old, set())


# Moves back off the main line's exceptions (a compensation decision withdrawn, say).
_EXCEPTION_STEPS_BACK = {
    ("no_agreement", "negotiating"),
    ("compensation_decision", "negotiating"),
    ("court_enforcement", "compensation_decision"),
}


def is_step_back(old: str, new: str) -> bool:
    """A move that undoes progress (退回): it needs a reason, kept in the history."""
    if old in _main and new in _main:
        return _main.index(new) < _main.index(old)
    return (old, new) in _EXCEPTION_STEPS_BACK


def next_states(old: str) -> list[str]:
    order = HOUSEHOLD_STATES.codes()
    return sorted(TRANSITIONS.get(old, set()), key=order.index)


# How far along the main line a state counts for the dispatch figures.
def reached(state: str | None, milestone: str) -> bool:
    """True when a household in `state` has passed `milestone` (a main-line code)."""
    if state is None:
        return False
    rank = _RANK
    if state in rank:
        return rank[state] >= rank[milestone]
    if state in ("temporary_housing", "awaiting_swap_flat"):
        return rank[milestone] <= rank["signed"]
    return rank[milestone] <= rank["negotiating"]  # no agreement and what follows it
