"""The year-end assessment (年度目标完成情况): every goal's final figure against its target
at its own deadline, from the months the history recorded.

A goal is judged on the month its deadline falls in (a goal due in June on June's record,
not December's), with the target then in force; when that month was not recorded, on the
latest month recorded before it. Beside the outcome: how far it fell short in its own unit,
the first month the target was met (a figure that fell again is met once and missed at
the end), and the forecast the run-rate gave at mid-year, so the office sees how good its
forecasts were.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.excel import clean_round
from tracker.history.forecast import run_rate_at
from tracker.history.records import GoalRecord, History, month_key, month_of
from tracker.template.spec import LOWER, Goal, Template


@dataclass(frozen=True)
class Outcome:
    """One goal at the end of its period.

    ``judged`` is the month its figures come from ("" when nothing was recorded by the
    close), ``due`` the month of its deadline; ``open`` is True when the deadline is after
    the month the workbook was closed (judged on the last month there is). ``shortfall``
    is how far the figure is from meeting the target, in the goal's unit (0 when met, and
    0 for a goal that must exceed its target and stands exactly at it)."""

    goal: Goal
    due: str
    judged: str
    open: bool
    record: GoalRecord | None
    met: bool
    shortfall: float
    first_met: str  # the first month recorded meeting the target then in force
    forecast_month: str  # the mid-year month the forecast was made in ("" none)
    forecast: float | None  # the run-rate forecast for the deadline, made then

    @property
    def result(self) -> str:
        """``met``, ``missed``, ``open`` (not met, due after the close) or ``none`` (no
        month recorded by its deadline: missed, and said why)."""
        if self.record is None:
            return "none"
        if self.met:
            return "met"
        return "open" if self.open else "missed"

    @property
    def actual(self) -> float | None:
        return self.record.actual if self.record is not None else None

    @property
    def met_then_missed(self) -> bool:
        """Met in an earlier month, missed when judged (a figure that fell again)."""
        return bool(self.first_met) and not self.met

    @property
    def forecast_met(self) -> bool | None:
        """Whether the mid-year forecast said the target would be met."""
        if self.forecast is None or self.record is None:
            return None
        return meets(self.record.comparator, self.record.target, self.forecast)

    @property
    def forecast_right(self) -> bool | None:
        """Whether the mid-year forecast called the outcome right (met or missed); None
        without a forecast, or while the goal is not yet due (its outcome is not known)."""
        said = self.forecast_met
        return None if said is None or self.open else said == self.met


@dataclass(frozen=True)
class Assessment:
    """The assessment of a workbook closed at ``closed`` (a month key, 2025-12)."""

    closed: str
    outcomes: tuple[Outcome, ...]

    def counts(self) -> dict[str, int]:
        """How many goals were ``met``, ``missed`` (with those not recorded) and ``open``."""
        results = [outcome.result for outcome in self.outcomes]
        missed = results.count("missed") + results.count("none")
        return {"met": results.count("met"), "missed": missed, "open": results.count("open")}

    @property
    def forecasts(self) -> tuple[Outcome, ...]:
        """The outcomes a mid-year forecast can be judged against (made, and due)."""
        return tuple(o for o in self.outcomes if o.forecast_right is not None)


def meets(comparator: str, target: float, figure: float) -> bool:
    """Whether ``figure`` meets ``target`` by ``comparator`` (以上 includes it, 超 not)."""
    if comparator in LOWER:
        return figure < target or (figure == target and comparator == "<=")
    return figure > target or (figure == target and comparator == ">=")


def mid_year(template: Template) -> str:
    """The month key at the middle of the period: June for a calendar year."""
    months = template.period.months
    return month_key(months[max(len(months) // 2 - 1, 0)])


def assess(template: Template, history: History, closed: str) -> Assessment:
    """Every goal of ``template`` judged on the ``history`` recorded up to ``closed``."""
    series = history.all_series()
    recorded = [m for m in history.months if m <= closed]
    outcomes = tuple(
        _outcome(
            goal, [r for r in series.get(goal.id, []) if r.month <= closed], recorded, template
        )
        for goal in template.goals
    )
    return Assessment(closed, outcomes)


def _outcome(
    goal: Goal, series: list[GoalRecord], recorded: list[str], template: Template
) -> Outcome:
    due = month_key(goal.deadline)
    closed = recorded[-1] if recorded else ""
    by_deadline = [r for r in series if r.month <= due]
    record = by_deadline[-1] if by_deadline else None
    met = record is not None and meets(record.comparator, record.target, record.actual)
    first_met = ""
    if record is not None:  # against the target in force at the deadline: one raised later
        comparator, target = record.comparator, record.target  # is not a figure that fell
        met_in = (r.month for r in by_deadline if meets(comparator, target, r.actual))
        first_met = next(met_in, "")
    middle = mid_year(template)
    forecast, made = None, ""
    before = [r for r in series if r.month <= middle]
    # made in the mid-year month's update, as its brief gave it; none if it was not run
    if not goal.by_stage and due > middle and before and before[-1].month == middle:
        made = middle
        remaining = goal.deadline_month - template.period.month_number(month_of(made))
        forecast = run_rate_at(goal, before, before[-1].actual, remaining)
    return Outcome(
        goal=goal,
        due=due,
        judged=record.month if record is not None else "",
        open=bool(closed) and due > closed,
        record=record,
        met=met,
        shortfall=_shortfall(goal, record) if record is not None and not met else 0.0,
        first_met=first_met,
        forecast_month=made if forecast is not None else "",
        forecast=forecast,
    )


def _shortfall(goal: Goal, record: GoalRecord) -> float:
    """How far the record's figure is from its target, in the goal's unit."""
    if record.comparator in LOWER:
        gap = record.actual - record.target
    else:
        gap = record.target - record.actual
    return clean_round(max(gap, 0.0), goal.precision)
