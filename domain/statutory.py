"""Rules of State Council order 590 that a project's dates can break, checked for a given day.

Pure: the caller passes `today` and the counts it knows (households not yet signed / not yet
vacated). Each finding is a `StatutoryWarning` whose sentence comes from the catalogue.

Rules and how they are counted:
- Comment period (Art.10): at least 30 days. Periods are counted the legal way (Civil Code
  Art.201: the starting day is not counted), so days = comment_end − comment_start; 30 days
  from 1 November end on 1 December. Shorter → "comment_short" (error).
  While the period runs and ends within `comment_days` → "comment_ending" (due: publish the
  comments and changes, Art.11).
- Signing period: ends within `signing_days` (default 30) with unsigned households →
  "signing_ending"; already ended with unsigned households → "signing_ended" (a compensation
  decision is due, Art.26).
- Permit suspension (Art.16, at most one year): from 11 calendar months after
  permits_suspended_on → "permits_almost_year"; from 12 months → "permits_over_year" (error).
  Not raised once the decision is published within the year (the suspension has done its job)
  nor for an archived project.
- Decision without risk assessment (Art.12): decision_on set and risk_assessed_on missing →
  error; risk_assessed_on after decision_on → error.
- Moving deadline within `moving_days` with households not vacated → "moving_deadline_near";
  passed → "moving_deadline_passed".
- Stage dates out of order: each pair in ORDER whose later step is dated before the earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.errors import Label
from domain.messages import MESSAGES
from domain.records import PROJECT
from domain.tickets import add_months

ERROR = "error"  # a rule is broken
WARNING = "warning"  # a rule is about to be broken
DUE = "due"  # a statutory step is due soon

DATE_FIELDS = (
    "scope_fixed_on",
    "permits_suspended_on",
    "comment_start",
    "comment_end",
    "risk_assessed_on",
    "decision_on",
    "valuation_on",
    "signing_start",
    "signing_end",
    "moving_deadline",
    "archived_on",
)

# (earlier step, later step): the later one must not be dated before the earlier one.
ORDER = (
    ("scope_fixed_on", "permits_suspended_on"),
    ("scope_fixed_on", "comment_start"),
    ("comment_start", "comment_end"),
    ("comment_end", "decision_on"),
    ("decision_on", "valuation_on"),
    ("decision_on", "signing_start"),
    ("signing_start", "signing_end"),
    ("signing_start", "moving_deadline"),
    ("decision_on", "archived_on"),
    ("signing_end", "archived_on"),
)

MIN_COMMENT_DAYS = 30
PERMIT_WARN_MONTHS = 11
PERMIT_MAX_MONTHS = 12


@dataclass(frozen=True)
class StageDates:
    scope_fixed_on: date | None = None
    permits_suspended_on: date | None = None
    comment_start: date | None = None
    comment_end: date | None = None
    risk_assessed_on: date | None = None
    decision_on: date | None = None
    valuation_on: date | None = None
    signing_start: date | None = None
    signing_end: date | None = None
    moving_deadline: date | None = None
    archived_on: date | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StageDates:
        """From a project row (ISO text dates); an unreadable date counts as missing."""
        values: dict[str, date | None] = {}
        for name in DATE_FIELDS:
            raw = row.get(name)
            try:
                values[name] = date.fromisoformat(str(raw)) if raw else None
            except ValueError:
                values[name] = None
        return cls(**values)


@dataclass(frozen=True)
class StatutoryWarning:
    code: str  # message code without the "stat_" prefix
    severity: str  # error | warning | due
    article: int | None  # article of order 590, when one applies
    params: dict[str, Any] = field(default_factory=dict)
    due: date | None = None  # the date the step falls due (for sorting the today list)

    def message(self, language: str = "zh") -> str:
        template = MESSAGES["stat_" + self.code][language]
        return template.format(
            **{
                k: (_label(v, language) if isinstance(v, Label) else v)
                for k, v in self.params.items()
            }
        )


def _label(value: Label, language: str) -> str:
    return value.zh if language == "zh" else value.en


def _field_label(name: str) -> Label:
    spec = PROJECT.field(name)
    return Label(spec.zh, spec.en)


def check(
    dates: StageDates,
    *,
    today: date,
    unsigned: int = 0,
    not_vacated: int = 0,
    signing_days: int = 30,
    comment_days: int = 7,
    moving_days: int = 30,
) -> list[StatutoryWarning]:
    """Every warning for one project on `today`, errors first."""
    found: list[StatutoryWarning] = []
    found += _comment(dates, today, comment_days)
    found += _signing(dates, today, unsigned, signing_days)
    found += _permits(dates, today)
    found += _risk(dates)
    found += _moving(dates, today, not_vacated, moving_days)
    found += _order(dates)
    rank = {ERROR: 0, WARNING: 1, DUE: 2}
    return sorted(found, key=lambda w: (rank[w.severity], w.due or date.max, w.code))


def _comment(dates: StageDates, today: date, ahead: int) -> list[StatutoryWarning]:
    start, end = dates.comment_start, dates.comment_end
    if start is None or end is None or end < start:
        return []  # a reversed period is reported as out of order
    found = []
    days = (end - start).days
    if days < MIN_COMMENT_DAYS:
        found.append(
            StatutoryWarning(
                "comment_short",
                ERROR,
                10,
                {"start": start.isoformat(), "end": end.isoformat(), "days": days},
                end,
            )
        )
    left = (end - today).days
    if 0 <= left <= ahead and dates.decision_on is None and dates.archived_on is None:
        found.append(
            StatutoryWarning("comment_ending", DUE, 11, {"end": end.isoformat(), "days": left}, end)
        )
    return found


def _signing(dates: StageDates, today: date, unsigned: int, ahead: int) -> list[StatutoryWarning]:
    end = dates.signing_end
    if end is None or unsigned <= 0 or dates.archived_on is not None:
        return []
    left = (end - today).days
    if left < 0:
        return [
            StatutoryWarning(
                "signing_ended", ERROR, 26, {"end": end.isoformat(), "unsigned": unsigned}, end
            )
        ]
    if left <= ahead:
        return [
            StatutoryWarning(
                "signing_ending",
                WARNING,
                None,
                {"end": end.isoformat(), "days": left, "unsigned": unsigned},
                end,
            )
        ]
    return []


def _permits(dates: StageDates, today: date) -> list[StatutoryWarning]:
    since = dates.permits_suspended_on
    if since is None or dates.archived_on is not None:
        return []
    until = add_months(since, PERMIT_MAX_MONTHS)
    if dates.decision_on is not None and dates.decision_on < until:
        return []
    params = {"since": since.isoformat(), "until": until.isoformat()}
    if today >= until:
        return [StatutoryWarning("permits_over_year", ERROR, 16, params, until)]
    if today >= add_months(since, PERMIT_WARN_MONTHS):
        return [
            StatutoryWarning(
                "permits_almost_year", WARNING, 16, params | {"days": (until - today).days}, until
            )
        ]
    return []


def _risk(dates: StageDates) -> list[StatutoryWarning]:
    decision, risk = dates.decision_on, dates.risk_assessed_on
    if decision is None:
        return []
    if risk is None:
        return [
            StatutoryWarning(
                "decision_without_risk", ERROR, 12, {"decision": decision.isoformat()}, decision
            )
        ]
    if risk > decision:
        return [
            StatutoryWarning(
                "risk_after_decision",
                ERROR,
                12,
                {"risk": risk.isoformat(), "decision": decision.isoformat()},
                decision,
            )
        ]
    return []


def _moving(dates: StageDates, today: date, not_vacated: int, ahead: int) -> list[StatutoryWarning]:
    deadline = dates.moving_deadline
    if deadline is None or not_vacated <= 0 or dates.archived_on is not None:
        return []
    left = (deadline - today).days
    if left < 0:
        return [
            StatutoryWarning(
                "moving_deadline_passed",
                ERROR,
                None,
                {"deadline": deadline.isoformat(), "remaining": not_vacated},
                deadline,
            )
        ]
    if left <= ahead:
        return [
            StatutoryWarning(
                "moving_deadline_near",
                WARNING,
                None,
                {"deadline": deadline.isoformat(), "days": left, "remaining": not_vacated},
                deadline,
            )
        ]
    return []


def _order(dates: StageDates) -> list[StatutoryWarning]:
    found = []
    for earlier, later in ORDER:
        first, second = getattr(dates, earlier), getattr(dates, later)
        if first is not None and second is not None and second < first:
            found.append(
                StatutoryWarning(
                    "dates_out_of_order",
                    ERROR,
                    None,
                    {
                        "earlier": _field_label(earlier),
                        "earlier_on": first.isoformat(),
                        "later": _field_label(later),
                        "later_on": second.isoformat(),
                    },
                    second,
                )
            )
    return found
