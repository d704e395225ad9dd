"""Where each goal is heading by its deadline, made two ways and said how.

* **Run-rate**: the pace of the months recorded so far (the change from the first recorded
  month to this one, per month) carried on to the deadline. Needs two recorded months.
* **Pipeline**: this month's figure plus the items already registered at an earlier stage
  (for a goal that counts or sums items at or beyond a stage), as if all of them got there.

Milestones get no forecast: their stages are not a pace. A goal past its deadline gets none
either: its figure is final.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from tracker.excel import clean_round, number
from tracker.history.records import GoalRecord
from tracker.model import Book, RegisterRow
from tracker.progress import GoalProgress, Index, equal_choices, in_dates, stage_alternatives
from tracker.template.spec import (
    AtLeast,
    Goal,
    InRegister,
    Milestone,
    RegisterCount,
    RegisterSum,
    Reported,
)

MIN_MONTHS = 2  # recorded months a run-rate needs


@dataclass(frozen=True)
class Forecast:
    """A goal's figures at its deadline by the two methods; None where there is none, with
    the reason (``milestone``, ``overdue``, ``too_few_months``) or the items waiting."""

    run_rate: float | None = None
    pipeline: float | None = None
    why_no_run_rate: str = ""
    waiting: int = 0

    @staticmethod
    def meets(goal: Goal, value: float | None) -> bool | None:
        if value is None:
            return None
        return goal.met_by(value)


def forecast(
    result: GoalProgress,
    series: list[GoalRecord],
    month_number: int,
    book: Book,
    index: Index,
) -> Forecast:
    """The forecasts of one goal after ``month_number`` months of its period, from its
    recorded ``series``; ``index`` is the book's registers indexed for counting."""
    goal = result.goal
    remaining = goal.deadline_month - month_number
    match goal.measure:
        case Milestone():
            return Forecast(why_no_run_rate="milestone")
        case RegisterCount() | RegisterSum() | Reported():
            pass
        case unknown:
            assert_never(unknown)
    if remaining <= 0:
        return Forecast(why_no_run_rate="overdue")
    run_rate = run_rate_at(goal, series, result.actual, remaining)
    counted = goal.in_register
    waiting = _waiting(goal, counted, book, index) if counted is not None else None
    pipeline = None
    if waiting and counted is not None:  # nothing on its way: no forecast beyond the actual
        pipeline = clean_round(result.actual + _extra(counted, waiting), goal.precision)
    return Forecast(
        run_rate=run_rate,
        pipeline=pipeline,
        why_no_run_rate="" if run_rate is not None else "too_few_months",
        waiting=len(waiting or []),
    )


def run_rate_at(
    goal: Goal, series: list[GoalRecord], actual: float, remaining: int
) -> float | None:
    """Where the pace of ``series`` (first recorded month to last) takes ``actual`` in
    ``remaining`` more months; None with fewer than two months recorded."""
    if len(series) < MIN_MONTHS:
        return None
    first, last = series[0], series[-1]
    elapsed = _months_between(first.month, last.month)
    if elapsed <= 0:
        return None
    pace = (actual - first.actual) / elapsed
    heading = actual + pace * remaining
    if goal.lower:  # a figure coming down stops at 0 (reported figures are never below)
        heading = max(heading, 0.0)
    return clean_round(heading, goal.precision)


def _months_between(first: str, last: str) -> int:
    y1, m1 = (int(part) for part in first.split("-"))
    y2, m2 = (int(part) for part in last.split("-"))
    return (y2 - y1) * 12 + m2 - m1


def _waiting(goal: Goal, counted: InRegister, book: Book, index: Index) -> list[RegisterRow] | None:
    """The items registered at a stage before the one the goal counts, that it would count
    once they get there (items waiting for the date the goal counts by included); None for
    a goal that does not count by stage."""
    stage = next((c for c in counted.where if isinstance(c, AtLeast)), None)
    if stage is None:
        return None
    grouped = index.register(counted.register)
    _, accepted = stage_alternatives(goal, grouped.register, book.lang)
    choices = grouped.register.column(stage.column).choices
    wanted = equal_choices(goal, grouped.register, book.lang)
    wanted[stage.column] = {
        c.get(book.lang).casefold() for c in choices if c.get(book.lang) not in accepted
    }
    return [row for row in grouped.select(wanted) if in_dates(row, goal, blank_passes=True)]


def _extra(counted: InRegister, waiting: list[RegisterRow]) -> float:
    match counted:
        case RegisterCount():
            return float(len(waiting))
        case RegisterSum(column=column):
            return sum(n for row in waiting if (n := number(row.values.get(column))) is not None)
        case unknown:
            assert_never(unknown)
