"""Progress against the plan (序时进度), computed from what people entered.

This is the one definition of every figure the completion sheet shows; the workbook's
formulas (``tracker.workbook.formulas``) spell out the same steps cell by cell, and the
recalculation tests prove LibreOffice and gnumeric reach the same numbers.

For a goal at an as-of date:

* ``months_done``: whole months of the period completed by the as-of date (a date in
  mid-month counts up to the month before), between 0 and the period's length;
* ``plan``: the goal's cumulative plan fraction after ``months_done`` months;
* ``actual``: the measured figure rounded to the goal's precision;
* ``expected`` = target × plan rounded to the precision, in the goal's unit;
* ``completion`` = actual / target;
* ``gap`` = (expected − actual) / target rounded to 4 decimals: the figures shown, so a
  goal whose actual equals its expected figure is never behind;

Every rounding is ``clean_round``: ROUND(ROUND(x, 9), digits) on both sides;
* ``status``: done when the comparator meets the target; otherwise far behind when the
  deadline has passed; otherwise on track when gap ≤ on_track_gap, behind when
  gap ≤ behind_gap, far behind beyond that.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import assert_never

from tracker.excel import CellValue, clean_round, is_blank, number, same_text, serial
from tracker.i18n import Lang, t
from tracker.model import Book, RegisterRow
from tracker.template.spec import (
    AtLeast,
    DateRange,
    Equals,
    Goal,
    InRegister,
    Milestone,
    Period,
    Register,
    RegisterCount,
    RegisterSum,
    Reported,
    Template,
    add_months,
)

GAP_DIGITS = 4  # the gap is compared in hundredths of a percentage point


class Status(Enum):
    """A goal's status; ``code`` is the number the workbook's formulas compute."""

    DONE = "done"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    CRITICAL = "critical"

    @property
    def code(self) -> int:
        return list(Status).index(self) + 1

    @classmethod
    def from_code(cls, code: int) -> Status:
        return list(Status)[code - 1]

    def label(self, lang: Lang) -> str:
        return t(lang, "status." + self.value)


@dataclass(frozen=True)
class GoalProgress:
    """Every intermediate figure of one goal, in the order the calculation sheet shows them."""

    goal: Goal
    raw_actual: float
    actual: float
    completion: float
    plan: float
    expected: float
    gap: float
    met: bool
    overdue: bool
    level: int
    status: Status


@dataclass(frozen=True)
class Progress:
    as_of: date
    months: int
    months_done: int
    count_month: date
    goals: tuple[GoalProgress, ...]

    def goal(self, goal_id: str) -> GoalProgress:
        return next(p for p in self.goals if p.goal.id == goal_id)

    def tally(self) -> dict[Status, int]:
        """How many goals stand at each status."""
        return {status: sum(p.status is status for p in self.goals) for status in Status}


def months_done(period: Period, as_of: date) -> int:
    """Whole months of ``period`` completed by ``as_of``: a month counts once its last day
    is reached."""
    month_end = as_of.day == calendar.monthrange(as_of.year, as_of.month)[1]
    completed = period.month_number(as_of) - 1 + int(month_end)
    return max(0, min(len(period.months), completed))


def compute(book: Book, as_of: date | None = None) -> Progress:
    """Progress of every goal in ``book`` at ``as_of`` (the book's own date by default)."""
    template = book.template
    when = as_of or book.as_of
    done = months_done(template.period, when)
    count_month = add_months(template.period.start, done - 1)
    index = Index(book)
    goals = tuple(
        _goal_progress(goal, template, measure(goal, book, done, index), done, when)
        for goal in template.goals
    )
    return Progress(when, len(template.period.months), done, count_month, goals)


def _goal_progress(
    goal: Goal, template: Template, raw: float, done: int, as_of: date
) -> GoalProgress:
    actual = clean_round(raw, goal.precision)
    plan = goal.plan[done]
    completion = completion_of(goal, actual)
    if goal.lower:  # from the baseline down to the target: the span is negative
        expected = clean_round(goal.baseline + (goal.target - goal.baseline) * plan, goal.precision)
    else:
        # Judged by the figures shown: 0 labs done of 0 expected is on track, though the
        # plan (0.25 of a lab) is not quite 0.
        expected = clean_round(goal.target * plan, goal.precision)
    judged = judge(goal, template, actual, expected, as_of)
    return GoalProgress(
        goal=goal,
        raw_actual=raw,
        actual=actual,
        completion=completion,
        plan=plan,
        expected=expected,
        gap=judged.gap,
        met=judged.met,
        overdue=judged.overdue,
        level=judged.level,
        status=judged.status,
    )


def completion_of(goal: Goal, actual: float) -> float:
    """Actual ÷ target; for a goal to bring down, the share of the way from the baseline
    to the target (the span is negative)."""
    if goal.lower:
        return (actual - goal.baseline) / (goal.target - goal.baseline) + 0.0  # never "-0%"
    return actual / goal.target


@dataclass(frozen=True)
class Judgement:
    gap: float
    met: bool
    overdue: bool
    level: int
    status: Status


def judge(goal: Goal, template: Template, actual: float, expected: float, as_of: date) -> Judgement:
    """Where ``actual`` stands against ``goal``'s target and the ``expected`` figure of the
    plan: the gap (a fraction of the span from the baseline to the target), whether the
    target is met, whether the deadline has passed, and the status they make."""
    if goal.lower:
        gap = clean_round((expected - actual) / (goal.target - goal.baseline), GAP_DIGITS) + 0.0
    else:
        gap = clean_round((expected - actual) / goal.target, GAP_DIGITS)
    met = goal.met_by(actual)
    overdue = as_of > goal.deadline
    thresholds = template.thresholds
    level = max(
        int(gap > thresholds.on_track_gap) + int(gap > thresholds.behind_gap), 2 * int(overdue)
    )
    return Judgement(gap, met, overdue, level, Status.from_code(1 if met else 2 + level))


def measure(goal: Goal, book: Book, done: int, index: Index | None = None) -> float:
    """The goal's figure before rounding, as its formula on the calculation sheet finds it."""
    match goal.measure:
        case Milestone():
            return milestone_weight(goal, book)
        case Reported():
            return reported_value(goal, book, done)
        case RegisterCount() | RegisterSum() as counted:
            return _in_register(goal, counted, book, index or Index(book))
        case unknown:
            assert_never(unknown)


def _in_register(goal: Goal, counted: InRegister, book: Book, index: Index) -> float:
    registers = index.register(counted.register)
    stage_column, stage_labels = stage_alternatives(goal, registers.register, book.lang)
    wanted = equal_choices(goal, registers.register, book.lang)
    total = 0.0
    # One COUNTIFS/SUMIFS per accepted stage, added up in order, as the formula does.
    alternatives: list[str | None] = [*stage_labels] if stage_labels else [None]
    for label in alternatives:
        if label is not None and stage_column is not None:
            wanted[stage_column] = {label.casefold()}
        matching = [
            row for row in registers.select(wanted) if in_dates(row, goal, blank_passes=False)
        ]
        match counted:
            case RegisterCount():
                total += len(matching)
            case RegisterSum(column=column):
                total += sum(_numbers(row.values.get(column) for row in matching))
            case unknown:
                assert_never(unknown)
    return total


class Index:
    """The book's registers, each indexed once for counting many goals (see ``Grouped``)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self._registers: dict[str, Grouped] = {}

    def register(self, register_id: str) -> Grouped:
        if register_id not in self._registers:
            self._registers[register_id] = Grouped(self.book, register_id)
        return self._registers[register_id]


class Grouped:
    """A register's items (those with their key filled), grouped by the values of the choice
    columns the template's goals count by, compared as COUNTIFS compares text: ignoring
    case. Counting a goal then visits only the groups it accepts."""

    def __init__(self, book: Book, register_id: str) -> None:
        template = book.template
        self.register = template.register(register_id)
        columns = {
            condition.column
            for goal in template.goals
            if goal.in_register is not None and goal.in_register.register == register_id
            for condition in goal.conditions
            if isinstance(condition, Equals | AtLeast)
        }
        self.columns = sorted(columns)
        self.groups: dict[tuple[str | None, ...], list[RegisterRow]] = {}
        key = self.register.key.id
        for row in book.rows(register_id):
            if is_blank(row.values.get(key)):
                continue
            group = tuple(_folded(row.values.get(column)) for column in self.columns)
            self.groups.setdefault(group, []).append(row)

    def select(self, wanted: dict[str, set[str]]) -> list[RegisterRow]:
        """Items whose folded choice is in ``wanted[column]`` for every column given."""
        checks = [(i, wanted[c]) for i, c in enumerate(self.columns) if c in wanted]
        rows: list[RegisterRow] = []
        for group, members in self.groups.items():
            if all(group[i] in accepted for i, accepted in checks):
                rows.extend(members)
        return rows


def _folded(value: CellValue) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def stage_alternatives(goal: Goal, register: Register, lang: Lang) -> tuple[str | None, list[str]]:
    """The column of the goal's ``at_least`` condition and the labels it accepts, in order
    (``建成`` accepts 建成 and 投用); ``(None, [])`` when there is no such condition."""
    for condition in goal.conditions:
        if isinstance(condition, AtLeast):
            column = register.column(condition.column)
            rank = column.choice_rank(condition.value)
            return condition.column, [choice.get(lang) for choice in column.choices[rank:]]
    return None, []


def equal_choices(goal: Goal, register: Register, lang: Lang) -> dict[str, set[str]]:
    """The goal's equality conditions as the folded labels each column must hold."""
    wanted = {}
    for condition in goal.conditions:
        if isinstance(condition, Equals):
            column = register.column(condition.column)
            label = column.choices[column.choice_rank(condition.value)].get(lang)
            wanted[condition.column] = {label.casefold()}
    return wanted


def in_dates(row: RegisterRow, goal: Goal, blank_passes: bool) -> bool:
    """Whether the row's date is within the goal's date range, both ends included (a blank
    date passes only when ``blank_passes``: an item still waiting for its date)."""
    for condition in goal.conditions:
        if isinstance(condition, DateRange):
            value = row.values.get(condition.column)
            if blank_passes and is_blank(value):
                continue
            day = number(value)
            if day is None:
                return False
            if condition.start and day < serial(condition.start):
                return False
            if condition.end and day > serial(condition.end):
                return False
    return True


def dated_past(goal: Goal, book: Book) -> Iterator[tuple[int, DateRange]]:
    """The items ``goal`` would count but for a date after the end of its range and of the
    period (a year mistyped, most often: 6/28 typed in January is taken as this year's),
    each by its index in the register, with the range it is past. A date within the
    period is a day that may well have come: a goal counting part of it (the first half)
    rightly leaves out an item dated after."""
    counted = goal.in_register
    ranges = [c for c in goal.conditions if isinstance(c, DateRange)]
    if counted is None or not any(r.end for r in ranges):
        return
    register = book.template.register(counted.register)
    stage_column, stage_labels = stage_alternatives(goal, register, book.lang)
    wanted = equal_choices(goal, register, book.lang)
    if stage_column is not None:
        wanted[stage_column] = {label.casefold() for label in stage_labels}
    key, last = register.key.id, serial(book.template.period.end)
    for index, row in enumerate(book.rows(register.id)):
        if is_blank(row.values.get(key)) or any(
            _folded(row.values.get(column)) not in accepted for column, accepted in wanted.items()
        ):
            continue
        days = [(condition, number(row.values.get(condition.column))) for condition in ranges]
        if any(day is None or (c.start and day < serial(c.start)) for c, day in days):
            continue  # not counted for another reason
        past = [
            c for c, day in days if c.end and day is not None and day > max(serial(c.end), last)
        ]
        if past:
            yield index, past[0]


def _numbers(values: Iterable[CellValue]) -> list[float]:
    return [n for n in map(number, values) if n is not None]


def cumulative_weights(goal: Goal) -> list[float]:
    """The weight reached at each stage of a milestone: stage weights added up in order."""
    return list(itertools.accumulate(stage.weight for stage in goal.stages))


def shown_weights(goal: Goal) -> list[float]:
    """The figure a milestone shows at each stage: its cumulative weight rounded to the
    goal's precision, as its actual figure is (a first stage weighing 12.5% reads 0.13).
    Code that tells the stage reached from a milestone's figure compares with these."""
    return [clean_round(weight, goal.precision) for weight in cumulative_weights(goal)]


def milestone_weight(goal: Goal, book: Book) -> float:
    """The summed weight of the stages reached: the cumulative weight of the current stage,
    0 when none (or an unknown one) is picked."""
    current = book.milestone(goal.id).stage
    for stage, reached in zip(goal.stages, cumulative_weights(goal), strict=True):
        if same_text(current, stage.name.get(book.lang)):
            return reached
    return 0.0


def carried_values(goal: Goal, book: Book) -> list[CellValue]:
    """The value each month uses (采用值): the month's own figure, or the one before it when
    the month is left empty, 0 before any figure. A lower-is-better goal starts at its
    baseline and carries only numbers: text there would otherwise count as 0, the target
    met at once."""
    result: list[CellValue] = []
    carried: CellValue = goal.baseline if goal.lower else 0.0
    for month in book.template.period.months:
        value = book.entry(goal.id, month).value
        if goal.lower:
            carried = carried if number(value) is None else value
        else:
            carried = carried if is_blank(value) else value
        result.append(carried)
    return result


def reported_value(goal: Goal, book: Book, done: int) -> float:
    """The cumulative figure of the last completed month, or of the latest month before it
    that has one; text counts as 0, as SUMIFS skips it. Before the first month is done, a
    lower-is-better goal stands at its baseline."""
    if done == 0:
        return goal.baseline if goal.lower else 0.0
    return number(carried_values(goal, book)[done - 1]) or 0.0
