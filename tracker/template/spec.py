"""What a goal template declares: the period, the registers of items and the goals.

These classes are the validated, immutable form of a template; ``file`` builds
them from TOML. Everything downstream (progress, the workbook layout, the reader) takes
its facts from here, so a template is described once.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date
from typing import ClassVar, Literal, assert_never

from tracker.excel import clean_round
from tracker.i18n import Lang

PERCENT_UNITS = ("%", "％", "百分比", "percent")  # units that are the percent itself

ColumnType = Literal["text", "number", "date", "choice"]
Comparator = Literal[">=", ">", "<=", "<"]
Kind = Literal["count", "sum", "value", "milestone"]

COLUMN_TYPES: tuple[ColumnType, ...] = ("text", "number", "date", "choice")
COMPARATORS: tuple[Comparator, ...] = (">=", ">", "<=", "<")
LOWER: tuple[Comparator, ...] = ("<=", "<")  # lower is better: 以下, 低于
SIGNS: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}  # as people write them
KINDS: tuple[Kind, ...] = ("count", "sum", "value", "milestone")


@dataclass(frozen=True)
class Label:
    """A name in Chinese with an optional English form; English falls back to Chinese."""

    zh: str
    en: str | None = None

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Column:
    """One typed column of a register. Choice values are kept in their order."""

    id: str
    name: Label
    type: ColumnType
    required: bool = False
    unique: bool = False
    choices: tuple[Label, ...] = ()
    minimum: float | None = None
    width: float | None = None
    check: str | None = None  # "uscc": a 统一社会信用代码, checked by its check character

    def choice_rank(self, value: str) -> int:
        """Position of a canonical (Chinese) choice value; raises KeyError if absent."""
        for rank, choice in enumerate(self.choices):
            if choice.zh == value:
                return rank
        raise KeyError(value)


@dataclass(frozen=True)
class Register:
    """A list of items (labs, sites, firms…) people keep on one input sheet."""

    id: str
    name: Label
    sheet: Label
    prefix: str
    columns: tuple[Column, ...]

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)

    @property
    def key(self) -> Column:
        """The first required column: a row counts as an item only when it is filled."""
        return next(column for column in self.columns if column.required)


@dataclass(frozen=True)
class AtLeast:
    """A choice column at or beyond a value in the column's order (建成 counts 投用 too)."""

    column: str
    value: str


@dataclass(frozen=True)
class Equals:
    """A choice column equal to one value (a category, a type)."""

    column: str
    value: str


@dataclass(frozen=True)
class DateRange:
    """A date column within a range, both ends included; either end may be open."""

    column: str
    start: date | None
    end: date | None


Condition = AtLeast | Equals | DateRange


@dataclass(frozen=True)
class Stage:
    """One stage of a milestone and the share of the work it stands for."""

    name: Label
    weight: float


@dataclass(frozen=True)
class RegisterCount:
    """The items of a register that meet every condition, counted (实验室 at 已揭牌 or
    beyond)."""

    register: str
    where: tuple[Condition, ...] = ()
    kind: ClassVar[Kind] = "count"


@dataclass(frozen=True)
class RegisterSum:
    """A number column summed over the items of a register that meet every condition
    (企业 营收)."""

    register: str
    column: str
    where: tuple[Condition, ...] = ()
    kind: ClassVar[Kind] = "sum"


@dataclass(frozen=True)
class Reported:
    """A figure people report month by month (产值, 算力): the latest one counts."""

    kind: ClassVar[Kind] = "value"


@dataclass(frozen=True)
class Milestone:
    """A piece of work in stages, each standing for a share of it (建成区计算中心)."""

    stages: tuple[Stage, ...]
    kind: ClassVar[Kind] = "milestone"


# How a goal is measured. Code that depends on it matches on the type and ends with
# assert_never, so that mypy names every place a new kind must be handled.
Measure = RegisterCount | RegisterSum | Reported | Milestone
InRegister = RegisterCount | RegisterSum  # the kinds measured on a register's items


@dataclass(frozen=True)
class Category:
    id: str
    name: Label


@dataclass(frozen=True)
class Goal:
    """One goal and how it is measured.

    ``plan`` holds the cumulative plan fraction after each number of completed months:
    ``plan[0]`` is 0 and ``plan[k]`` the fraction expected once k months are complete.
    ``plan_points`` are the (month, fraction) pairs a month-by-month plan gives; without
    them the plan is linear up to ``deadline_month``.
    """

    id: str
    name: Label
    category: str
    unit: Label
    target: float
    comparator: Comparator
    measure: Measure
    deadline: date
    source: str
    precision: int
    plan: tuple[float, ...]
    deadline_month: int
    lead: str = ""
    partners: tuple[str, ...] = ()
    plan_points: tuple[tuple[int, float], ...] = ()
    unit_en_one: str = ""  # the English unit after exactly 1 (site); empty: never changes
    baseline: float = 0.0  # where the figure starts; above the target for a lower goal

    @property
    def kind(self) -> Kind:
        """The kind's name, as templates write it and message keys use it."""
        return self.measure.kind

    # What the code asks of a goal's kind, each answered in one place below: a kind added
    # to ``Measure`` is named by mypy here, and at the places that work each kind out.

    @property
    def in_register(self) -> InRegister | None:
        """The register measure of a count or a sum; None for the other kinds."""
        match self.measure:
            case RegisterCount() | RegisterSum():
                return self.measure
            case Reported() | Milestone():
                return None
            case unknown:
                assert_never(unknown)

    @property
    def by_stage(self) -> bool:
        """Whether the goal is followed by the stage it has reached, on the milestones
        sheet, rather than by a figure."""
        match self.measure:
            case Milestone():
                return True
            case RegisterCount() | RegisterSum() | Reported():
                return False
            case unknown:
                assert_never(unknown)

    @property
    def reported(self) -> bool:
        """Whether people type the goal's figure month by month, on the monthly sheet."""
        match self.measure:
            case Reported():
                return True
            case RegisterCount() | RegisterSum() | Milestone():
                return False
            case unknown:
                assert_never(unknown)

    @property
    def in_percent(self) -> bool:
        """Whether the goal's unit is the percent (覆盖率 ≥ 90, unit %): a figure typed as
        a percentage (92%, which a spreadsheet keeps as 0.92) is 92 of it."""
        return self.unit.zh.strip().casefold() in PERCENT_UNITS

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The conditions an item must meet to count (none outside a register)."""
        register = self.in_register
        return register.where if register is not None else ()

    @property
    def stages(self) -> tuple[Stage, ...]:
        """A milestone's stages (none for the other kinds)."""
        return self.measure.stages if isinstance(self.measure, Milestone) else ()

    def unit_after(self, number: str, lang: Lang) -> str:
        """The unit to write after a shown number: 1 site, 2 sites; Chinese never changes."""
        if lang == "en" and number == "1" and self.unit_en_one:
            return self.unit_en_one
        return self.unit.get(lang)

    @property
    def target_precision(self) -> int:
        """Decimals to show the target with: none when it is whole (≥3, not ≥3.00)."""
        return 0 if self.target.is_integer() else self.precision

    @property
    def strict(self) -> bool:
        """True for 超 and 低于 (the target itself does not meet it), False for 以上 and
        以下 (it does)."""
        return self.comparator in (">", "<")

    @property
    def lower(self) -> bool:
        """True when lower is better (以下, 低于): the figure should come down from its
        baseline to the target."""
        return self.comparator in LOWER

    def met_by(self, figure: float) -> bool:
        """Whether ``figure`` meets the target, by the comparator."""
        if self.lower:
            return figure < self.target or (figure == self.target and not self.strict)
        return figure > self.target or (figure == self.target and not self.strict)


@dataclass(frozen=True)
class Period:
    """The months a template covers, from the first day of ``start``'s month to ``end``."""

    start: date
    end: date

    @property
    def months(self) -> tuple[date, ...]:
        """The first day of every month of the period."""
        count = month_number(self.start, self.end)
        return tuple(add_months(self.start, offset) for offset in range(count))

    def month_number(self, day: date) -> int:
        """The 1-based number of the month holding ``day`` (may fall outside 1..len)."""
        return month_number(self.start, day)


@dataclass(frozen=True)
class Thresholds:
    """Gaps (plan fraction minus completion rate) that separate the statuses."""

    on_track_gap: float = 0.05
    behind_gap: float = 0.20


@dataclass(frozen=True)
class Template:
    id: str
    version: str
    title: Label
    source: Label
    period: Period
    thresholds: Thresholds
    categories: tuple[Category, ...]
    registers: tuple[Register, ...]
    goals: tuple[Goal, ...]
    text: str = field(default="", compare=False, repr=False)

    def register(self, register_id: str) -> Register:
        for register in self.registers:
            if register.id == register_id:
                return register
        raise KeyError(register_id)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def goal(self, goal_id: str) -> Goal:
        for goal in self.goals:
            if goal.id == goal_id:
                return goal
        raise KeyError(goal_id)

    def part(self, goal_ids: Collection[str]) -> Template:
        """The template with only the goals ``goal_ids`` names, the registers they count
        and the categories they are in, each in this template's order: a lead unit's
        part (its form). Its ``text`` stays the whole template's; a workbook of a part
        says which goals it keeps beside it."""
        goals = tuple(goal for goal in self.goals if goal.id in goal_ids)
        counted = {goal.in_register.register for goal in goals if goal.in_register is not None}
        categories = {goal.category for goal in goals}
        return replace(
            self,
            goals=goals,
            registers=tuple(r for r in self.registers if r.id in counted),
            categories=tuple(c for c in self.categories if c.id in categories),
        )


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_number(start: date, day: date) -> int:
    """Months from ``start``'s month to ``day``'s month, counting both: same month → 1."""
    return (day.year - start.year) * 12 + day.month - start.month + 1


PLAN_DIGITS = 6  # plan fractions are kept to six decimals (7/12 → 0.583333)


def linear_plan(months: int, deadline_month: int) -> tuple[float, ...]:
    """序时进度: after k months, k / (months up to the deadline), never above 1."""
    return tuple(clean_round(min(1.0, k / deadline_month), PLAN_DIGITS) for k in range(months + 1))


def stepped_plan(months: int, points: dict[int, float]) -> tuple[float, ...]:
    """A cumulative plan given at some months, linear between them from 0 at the start.

    After the last given month the plan holds its last value.
    """
    known = {0: 0.0, **points}
    marks = sorted(known)
    plan = []
    for k in range(months + 1):
        before = max(m for m in marks if m <= k)
        after = [m for m in marks if m > k]
        if k in known or not after:
            plan.append(known[before])
            continue
        nxt = after[0]
        share = (k - before) / (nxt - before)
        value = known[before] + share * (known[nxt] - known[before])
        plan.append(clean_round(value, PLAN_DIGITS))
    return tuple(plan)
