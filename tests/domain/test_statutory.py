"""Statutory warnings of order 590 with fixed dates."""

from __future__ import annotations

from datetime import date

from domain.statutory import StageDates, StatutoryWarning, check

TODAY = date(2026, 11, 26)


def codes(found: list[StatutoryWarning]) -> list[str]:
    return [w.code for w in found]


def test_a_clean_project_has_no_warnings() -> None:
    dates = StageDates(
        scope_fixed_on=date(2026, 1, 5),
        permits_suspended_on=date(2026, 1, 6),
        comment_start=date(2026, 3, 1),
        comment_end=date(2026, 3, 31),  # 30 days, the starting day not counted
        risk_assessed_on=date(2026, 4, 10),
        decision_on=date(2026, 5, 18),
        valuation_on=date(2026, 5, 18),
        signing_start=date(2026, 6, 1),
        signing_end=date(2027, 3, 31),
        moving_deadline=date(2027, 6, 30),
    )
    assert check(dates, today=TODAY, unsigned=5, not_vacated=8) == []


def test_comment_period_shorter_than_30_days() -> None:
    found = check(
        StageDates(comment_start=date(2026, 3, 1), comment_end=date(2026, 3, 30)), today=TODAY
    )
    assert codes(found) == ["comment_short"]
    assert found[0].severity == "error" and found[0].article == 10
    assert found[0].message("zh") == (
        "补偿方案征求意见期（2026-03-01 至 2026-03-30）只有 29 天，少于条例第十条规定的 30 日。"
    )
    assert "Article 10" in found[0].message("en")


def test_comment_period_ending_soon_is_a_step_due() -> None:
    dates = StageDates(comment_start=date(2026, 11, 1), comment_end=date(2026, 12, 1))
    found = check(dates, today=TODAY)
    assert codes(found) == ["comment_ending"]
    assert found[0].params["days"] == 5
    assert check(dates, today=date(2026, 11, 20)) == []  # 11 days ahead: not yet


def test_signing_period_ending_with_unsigned_households() -> None:
    dates = StageDates(signing_start=date(2026, 6, 1), signing_end=date(2026, 12, 20))
    found = check(dates, today=TODAY, unsigned=3)
    assert codes(found) == ["signing_ending"]
    assert found[0].message("zh") == "签约期将于 2026-12-20 结束（还有 24 天），仍有 3 户未签约。"
    assert check(dates, today=TODAY, unsigned=0) == []
    assert check(dates, today=TODAY, unsigned=3, signing_days=20) == []
    ended = check(dates, today=date(2026, 12, 21), unsigned=3)
    assert codes(ended) == ["signing_ended"] and ended[0].article == 26


def test_permits_suspended_for_almost_a_year() -> None:
    dates = StageDates(permits_suspended_on=date(2025, 12, 26))
    assert check(dates, today=date(2026, 11, 25)) == []  # 10 months 30 days
    almost = check(dates, today=date(2026, 11, 26))  # 11 months
    assert codes(almost) == ["permits_almost_year"]
    assert almost[0].params == {"since": "2025-12-26", "until": "2026-12-26", "days": 30}
    assert almost[0].article == 16
    over = check(dates, today=date(2026, 12, 26))
    assert codes(over) == ["permits_over_year"] and over[0].severity == "error"
    decided = StageDates(
        permits_suspended_on=date(2025, 12, 26),
        risk_assessed_on=date(2026, 5, 1),
        decision_on=date(2026, 6, 1),
    )
    assert check(decided, today=date(2026, 12, 30)) == []


def test_decision_without_risk_assessment() -> None:
    found = check(StageDates(decision_on=date(2026, 5, 18)), today=TODAY)
    assert codes(found) == ["decision_without_risk"] and found[0].article == 12
    late = check(
        StageDates(decision_on=date(2026, 5, 18), risk_assessed_on=date(2026, 5, 20)), today=TODAY
    )
    assert codes(late) == ["risk_after_decision"]


def test_stage_dates_out_of_order() -> None:
    dates = StageDates(
        comment_start=date(2026, 3, 1),
        comment_end=date(2026, 4, 15),
        risk_assessed_on=date(2026, 3, 1),
        decision_on=date(2026, 4, 1),  # before the comment period ended
        signing_start=date(2026, 6, 1),
        signing_end=date(2026, 5, 1),  # before it started
    )
    found = check(dates, today=TODAY)
    assert codes(found) == ["dates_out_of_order", "dates_out_of_order"]
    messages = [w.message("zh") for w in found]
    assert (
        "“征收决定公告日期”（2026-04-01）早于“征求意见结束”（2026-04-15），请核对日期。" in messages
    )
    assert "“签约期结束”（2026-05-01）早于“签约期开始”（2026-06-01），请核对日期。" in messages
    assert all("check the dates" in w.message("en") for w in found)


def test_moving_deadline() -> None:
    dates = StageDates(moving_deadline=date(2026, 12, 10))
    assert codes(check(dates, today=TODAY, not_vacated=4)) == ["moving_deadline_near"]
    assert codes(check(dates, today=date(2026, 12, 11), not_vacated=4)) == [
        "moving_deadline_passed"
    ]
    assert check(dates, today=TODAY, not_vacated=0) == []


def test_archived_projects_are_quiet_about_deadlines() -> None:
    dates = StageDates(
        permits_suspended_on=date(2024, 1, 1),
        signing_end=date(2025, 1, 1),
        archived_on=date(2025, 6, 1),
    )
    assert check(dates, today=TODAY, unsigned=2) == []


def test_from_row_reads_iso_text_and_ignores_garbage() -> None:
    dates = StageDates.from_row({"decision_on": "2026-05-18", "signing_end": "soon", "x": 1})
    assert dates.decision_on == date(2026, 5, 18)
    assert dates.signing_end is None


def test_errors_come_first() -> None:
    dates = StageDates(
        comment_start=date(2026, 11, 10),
        comment_end=date(2026, 11, 30),
        signing_end=date(2026, 12, 1),
    )
    found = check(dates, today=TODAY, unsigned=1)
    assert [w.severity for w in found] == ["error", "warning", "due"]
